// The staff console in a real browser (Debian's Chromium through
// playwright-core), against a whole Pasker process whose Telegram is the
// loopback fake: a staff member signs in, imports a file, corrects and closes
// a vacancy, sends a broadcast, answers a person, and reads the dashboard.
// Screenshots of the main pages (desktop and a 390-px phone) are saved in
// test-output/screenshots/.

import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Service } from '../src/app/service.ts';
import { kecamatanColumn } from '../src/domain/alerts.ts';
import { FakeTelegram } from './fakes/telegram-bot-api.ts';
import { runPasker } from './support/cli.ts';
import { launchBrowser, screenshot, signIn, staffWithPassword } from './support/console.ts';
import { sqliteDatabase, tempDir } from './support/databases.ts';
import { person } from './support/runtime.ts';
import { startTestService } from './support/service.ts';

const db = sqliteDatabase();
const dir = tempDir();
let fake: FakeTelegram;
let service: Service;
let browser: Browser;
let desktop: BrowserContext;
let page: Page;
let base: string;
let databaseUrl: string;

async function until(check: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The same page on a 390-px-wide phone, signed in with the same session. */
async function phoneShot(url: string, name: string): Promise<void> {
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true, storageState: await desktop.storageState() });
  const p = await phone.newPage();
  await p.goto(url);
  await p.waitForLoadState('networkidle');
  await screenshot(p, `${name}-phone`);
  // Nothing wider than the phone's screen, except inside the scrolling tables.
  // (A string, so it runs in the page, where document exists.)
  const overflow = (await p.evaluate<number>('document.documentElement.scrollWidth')) - 390;
  expect({ page: name, overflowPx: overflow }).toEqual({ page: name, overflowPx: 0 });
  await phone.close();
}

async function bothShots(name: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  await screenshot(page, `${name}-desktop`);
  await phoneShot(page.url(), name);
}

beforeAll(async () => {
  fs.rmSync(path.resolve('test-output/screenshots'), { recursive: true, force: true });
  fake = await new FakeTelegram().start();
  databaseUrl = await db.create();
  service = await startTestService(databaseUrl, { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, QUIET_HOURS: 'off' }, { learningFiles: { corpusDir: dir, answersFile: path.join(dir, 'answers.yaml') } });
  base = service.url!;
  browser = await launchBrowser();
  desktop = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await desktop.newPage();
});

afterAll(async () => {
  await browser?.close();
  await service?.stop();
  await fake?.stop();
  await db.dropAll();
});

describe('the staff console in a browser', () => {
  it('the first admin, made with `pasker staff add`, signs in with the one-time password and must choose a new one', async () => {
    const made = await runPasker(['staff', 'add', 'sari', '--role', 'admin', '--name', 'Bu Sari'], { env: { DATABASE_URL: databaseUrl } });
    expect(made.code).toBe(0);
    const oneTime = /One-time password: (\S+)/.exec(made.stdout)![1]!;

    await page.goto(`${base}/admin/vacancies`);
    expect(new URL(page.url()).pathname).toBe('/admin/login');
    await screenshot(page, 'login-desktop');
    await phoneShot(page.url(), 'login');
    await signIn(page, base, 'sari', 'salah-sekali');
    await expect(page.textContent('[role=alert]')).resolves.toContain('Nama pengguna atau kata sandi salah');

    await signIn(page, base, 'sari', oneTime);
    expect(new URL(page.url()).pathname).toBe('/admin/password');
    await screenshot(page, 'password-desktop');
    // Any other page sends her back here until the password is changed.
    await page.goto(`${base}/admin/vacancies`);
    expect(new URL(page.url()).pathname).toBe('/admin/password');
    await page.fill('input[name=current]', oneTime);
    await page.fill('input[name=next]', 'Bekasi-kerja-2026!');
    await page.fill('input[name=again]', 'Bekasi-kerja-2026!');
    await page.click('main button');
    expect(new URL(page.url()).pathname).toBe('/admin');
    await expect(page.textContent('.flash')).resolves.toContain('Kata sandi sudah diganti');
    // The one-time password no longer opens the account.
    const other = await browser.newContext();
    const p = await other.newPage();
    await signIn(p, base, 'sari', oneTime);
    expect(new URL(p.url()).pathname).toBe('/admin/login');
    await other.close();
  });

  it('an uploaded CSV is checked row by row: the bad line is refused with its reason, and only the good rows are stored', async () => {
    const file = path.join(dir, 'lowongan-desember.csv');
    fs.writeFileSync(
      file,
      [
        'source_id,title,company,district,min_education,keywords,employment_type,how_to_apply,closing_date',
        'des-1,Operator Gudang,PT Gudang Jaya,Setu,SMA,operator;gudang,kontrak,Datang langsung ke kantor PT Gudang Jaya.,',
        'des-2,Admin Gudang,PT Gudang Jaya,Kota Bandung,SMA,admin,kontrak,Kirim CV lewat email.,',
        'des-3,Helper Gudang,PT Gudang Jaya,Cibitung,SMP,helper;gudang,harian,Datang langsung.,',
      ].join('\n'),
    );
    await page.goto(`${base}/admin/vacancies/upload`);
    await page.setInputFiles('input[type=file]', file);
    await page.click('main button');
    expect(page.url()).toMatch(/\/admin\/vacancies\/upload\/\d+$/);
    await expect(page.textContent('main')).resolves.toContain('2 baris bisa disimpan');
    const refused = page.locator('tr.refused');
    await expect(refused.count()).resolves.toBe(1);
    await expect(refused.getAttribute('data-line')).resolves.toBe('3');
    await expect(refused.textContent()).resolves.toContain('des-2');
    // Nothing is stored before staff confirm.
    expect(await service.runtime.db.vacancy.count({ where: { sourceId: { startsWith: 'des-' } } })).toBe(0);
    await bothShots('upload-preview');
    await page.click('button:has-text("Simpan 2 lowongan")');
    await expect(page.textContent('.flash')).resolves.toContain('2 baru');
    expect((await service.runtime.db.vacancy.findMany({ where: { sourceId: { startsWith: 'des-' } }, orderBy: { sourceId: 'asc' } })).map((v) => v.sourceId)).toEqual(['des-1', 'des-3']);
  });

  it('editing a vacancy and closing it change what a person finds in chat', async () => {
    const seeker = person(service.runtime, 'pencari-1');
    expect(await seeker.say('ada loker security di setu?')).toContain('Security');
    const v = await service.runtime.db.vacancy.findUniqueOrThrow({ where: { sourceId: 'fx-13' } });

    await page.goto(`${base}/admin/vacancies?q=security`);
    await bothShots('vacancies');
    await page.click(`tr[data-vacancy="${v.id}"] a`);
    await page.fill('input[name=title]', 'Satpam Gudang Malam');
    await page.click('form.form-grid button:has-text("Simpan")');
    await expect(page.textContent('.flash')).resolves.toContain('Satpam Gudang Malam');
    const after = await seeker.say('ada loker security di setu?');
    expect(after).toContain('Satpam Gudang Malam');
    expect(after).not.toMatch(/\bSecurity\b/);

    await page.goto(`${base}/admin/vacancies?q=satpam`);
    await page.click(`tr[data-vacancy="${v.id}"] button:has-text("Tutup")`);
    await expect(page.textContent('.flash')).resolves.toContain('ditutup');
    expect(await seeker.say('ada loker satpam di setu?')).not.toContain('Satpam Gudang Malam');
    expect((await service.runtime.db.vacancy.findUniqueOrThrow({ where: { id: v.id } })).status).toBe('closed');
  });

  it('a broadcast to one kecamatan shows its live count, previews, and its progress reaches 100% as the fake Telegram receives it', async () => {
    const { db } = service.runtime;
    const setu = service.runtime.content.region.resolve('Setu');
    const cibitung = service.runtime.content.region.resolve('Cibitung');
    if (!setu.ok || !cibitung.ok) throw new Error('region');
    for (const [chat, code] of [[6001, setu.code], [6002, setu.code], [6003, setu.code], [6004, cibitung.code]] as const) {
      const c = await db.contact.create({ data: { channel: 'telegram', externalId: String(chat) } });
      await db.subscription.create({ data: { contactId: c.id, kecamatan: kecamatanColumn([code]), lastDigestAt: new Date() } });
    }
    await page.goto(`${base}/admin/broadcasts`);
    await page.fill('textarea[name=text]', 'Job fair Disnaker di Setu hari Sabtu pukul 09.00. Gratis, bawa CV.');
    await page.selectOption('select[name=kecamatan]', setu.code);
    // The count is fetched as the choice changes: the one for Setu, once it has arrived (the whole list's may show first).
    await until(async () => (await page.locator('#segment-count [data-total]').getAttribute('data-total')) === '3');
    await bothShots('broadcast-compose');
    await page.click('form.compose button:has-text("Pratinjau")');
    await expect(page.textContent('.previews .whatsapp')).resolves.toContain('Job fair Disnaker di Setu');
    await expect(page.textContent('.previews .telegram')).resolves.toContain('Job fair Disnaker di Setu');
    await bothShots('broadcast-preview');
    await page.click('button:has-text("Kirim sekarang ke 3 orang")');
    await expect(page.locator('[data-percent="100"]').textContent({ timeout: 30_000 })).resolves.toBe('100%');
    await expect(page.getAttribute('#progress', 'data-status')).resolves.toBe('done');
    await expect(page.textContent('#progress')).resolves.toContain('3 terkirim dari 3');
    await bothShots('broadcast-done');
    expect(fake.sent.filter((m) => m.text.includes('Job fair Disnaker di Setu')).map((m) => m.chatId).sort()).toEqual([6001, 6002, 6003]);
  });

  it('with approval turned on, a petugas asks and a second person (a reviewer) approves before it is sent', async () => {
    const petugas = await staffWithPassword(service.runtime.db, 'ani', 'petugas');
    await page.goto(`${base}/admin/staff`);
    await page.check('input[name=broadcast_approval]');
    await page.click('button:has-text("Simpan pengaturan")');
    await bothShots('staff');

    const ctx = await browser.newContext();
    const p = await ctx.newPage();
    await signIn(p, base, petugas.username, petugas.password);
    await p.goto(`${base}/admin/broadcasts`);
    await p.fill('textarea[name=text]', 'Pelatihan las gratis di BLK, daftar minggu ini.');
    await p.click('form.compose button:has-text("Pratinjau")');
    await expect(p.locator('button:has-text("Kirim sekarang")').count()).resolves.toBe(0);
    await p.click('button:has-text("Ajukan persetujuan")');
    await expect(p.textContent('h1')).resolves.toContain('menunggu persetujuan');
    const url = p.url();
    await ctx.close();

    const before = fake.sent.length;
    await page.goto(url);
    await page.click('button:has-text("Setujui dan kirim")');
    await expect(page.locator('[data-percent="100"]').textContent({ timeout: 30_000 })).resolves.toBe('100%');
    await until(() => fake.sent.length >= before + 4);
    expect(fake.sent.slice(before).every((m) => m.text.includes('Pelatihan las gratis'))).toBe(true);
    const b = await service.runtime.db.broadcast.findFirstOrThrow({ where: { text: { contains: 'Pelatihan las' } } });
    expect([b.createdBy, b.approvedBy]).toEqual(['web:ani', 'web:sari']);
  });

  it('a person who asks for staff is answered from the browser on their own Telegram, then given back to the bot', async () => {
    fake.userSends(5001, 'halo');
    await until(() => fake.messagesTo(5001).length >= 1);
    fake.userSends(5001, 'saya mau bicara dengan petugas');
    await until(async () => (await service.runtime.db.conversation.findFirst({ where: { contact: { externalId: '5001' } } }))?.status === 'pending');

    await page.goto(`${base}/admin/inbox`);
    await bothShots('inbox');
    const card = page.locator('article[data-who="Telegram …5001"]');
    await card.locator('button:has-text("Ambil")').click();
    expect(page.url()).toMatch(/\/admin\/inbox\/\d+$/);
    await expect(page.textContent('#history')).resolves.toContain('saya mau bicara dengan petugas');
    const sentBefore = fake.messagesTo(5001).length;
    await page.fill('textarea[name=text]', 'Halo Kak, saya Sari dari Disnaker. Ada yang bisa dibantu?');
    await page.click('button:has-text("Kirim balasan")');
    await until(() => fake.messagesTo(5001).length > sentBefore);
    expect(fake.messagesTo(5001).at(-1)!.text).toContain('Halo Kak, saya Sari dari Disnaker');
    await expect(page.textContent('#history')).resolves.toContain('saya Sari dari Disnaker');
    await page.reload();
    await expect(page.getAttribute('.replies li', 'data-status')).resolves.toBe('sent');
    await bothShots('conversation');
    const contact = await service.runtime.db.contact.findUniqueOrThrow({ where: { channel_externalId: { channel: 'telegram', externalId: '5001' } } });
    const taken = await service.runtime.db.handoff.findFirstOrThrow({ where: { contactId: contact.id } });
    expect([taken.status, taken.takenBy, taken.staffName, Boolean(taken.takenAt), Boolean(taken.firstReplyAt)]).toEqual(['open', 'web:sari', 'Bu Sari', true, true]);

    await page.click('button:has-text("kembalikan ke bot")');
    await expect(page.textContent('.flash')).resolves.toContain('dikembalikan ke bot');
    expect((await service.runtime.db.handoff.findUniqueOrThrow({ where: { id: taken.id } })).status).toBe('closed');
    expect((await service.runtime.db.conversation.findUniqueOrThrow({ where: { contactId: contact.id } })).status).toBe('bot');
  });

  it('an employer report approved in the browser is published, and a subscriber whose filters match gets it on Telegram at once', async () => {
    const prisma = service.runtime.db;
    const subscriber = await prisma.contact.create({ data: { channel: 'telegram', externalId: '979' } });
    await prisma.subscription.create({ data: { contactId: subscriber.id, kecamatan: kecamatanColumn(['32.16.19']), education: 'SMA', immediate: true, lastDigestAt: new Date() } });
    const employer = await prisma.contact.create({ data: { channel: 'telegram', externalId: '980' } });
    const fields = { company: 'PT Uji Browser', position: 'Operator Las Uji', quota: 2, education: 'SMA', kecamatan: '32.16.19', area: 'EJIP', howToApply: 'Kirim lamaran ke hrd@uji.example', closing: '2099-06-30', contactName: 'Bu Uji', contactPhone: '081200000000', gender: null, ageMax: 35 };
    await prisma.vacancyReport.create({ data: { reference: 'LP-2099-0101', contactId: employer.id, title: fields.position, company: fields.company, kecamatan: fields.kecamatan, data: JSON.stringify(fields) } });
    await page.goto(`${base}/admin/reports`);
    await page.click('a:has-text("LP-2099-0101")');
    await page.click('button:has-text("Setujui dan tayangkan")');
    await expect(page.textContent('.flash')).resolves.toContain('Disetujui');
    await until(() => fake.messagesTo(979).some((m) => m.text.includes('Operator Las Uji')) && fake.messagesTo(980).length > 0);
    expect(fake.messagesTo(979).filter((m) => m.text.includes('Operator Las Uji'))).toHaveLength(1);
    expect(fake.messagesTo(980).map((m) => m.text).join('\n')).toContain('LP-2099-0101');
  });

  it('the dashboard shows the broadcasts and subscriptions this test made, and its CSV says the same', async () => {
    // The broadcasts' last messages may still be on their way to the fake Telegram: read once all 7 are counted.
    await until(async () => {
      await page.goto(`${base}/admin?periode=7h`);
      return (await page.locator('td:has-text("Pengumuman") + td').textContent()) === '7';
    });
    await bothShots('dashboard');
    const setu = page.locator('table tr:has(td:text-is("Setu")) td.num');
    await expect(setu.textContent()).resolves.toBe('3');
    const csv = await page.evaluate<string>("fetch('/admin/dashboard.csv?periode=7h').then((r) => r.text())");
    expect(csv).toContain('langganan per kecamatan,,Setu,3');
    expect(csv).toContain('pengiriman,,broadcast sent,7');
  });

  it('the dashboard counts the messages a new person sends: three more in, one more person', async () => {
    const tile = async (key: string) => Number(await page.locator(`.tile[data-key="${key}"] .n`).textContent());
    await page.goto(`${base}/admin?periode=7h`);
    const before = { in: await tile('messages_in'), people: await tile('people'), fresh: await tile('new_people') };
    for (const [i, text] of ['halo', 'loker di setu', 'makasih'].entries()) {
      fake.userSends(977, text);
      await until(() => fake.messagesTo(977).length > i);
    }
    await page.goto(`${base}/admin?periode=7h`);
    expect({ in: await tile('messages_in'), people: await tile('people'), fresh: await tile('new_people') }).toEqual({ in: before.in + 3, people: before.people + 1, fresh: before.fresh + 1 });
  });

  it("removing the samples asks first, leaves the office's own vacancies, and the chat shows no CONTOH any more", async () => {
    const samples = await service.runtime.db.vacancy.count({ where: { isSample: true } });
    expect(samples).toBeGreaterThan(0);
    await page.goto(`${base}/admin/vacancies`);
    const asked: string[] = [];
    page.once('dialog', (d) => {
      asked.push(d.message());
      void d.accept();
    });
    await page.check('input[name=confirm]');
    await page.click('button:has-text("Hapus lowongan contoh")');
    expect(asked).toEqual(['Hapus lowongan contoh?']);
    await expect(page.textContent('.flash')).resolves.toContain(`${samples} lowongan contoh (CONTOH) dihapus`);
    expect(await service.runtime.db.vacancy.count({ where: { isSample: true } })).toBe(0);
    const answer = await person(service.runtime, 'pencari-2').say('ada loker gudang di setu?');
    expect(answer).toContain('Operator Gudang');
    expect(answer).not.toContain('CONTOH');
  });
});
