// Daily vacancy alerts and staff broadcasts that arrive exactly once.

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planDigests, refreshStatistics } from '../src/app/alerts.ts';
import { countSegment, draftBroadcast, parseSegment, startBroadcast } from '../src/app/broadcast.ts';
import { buildChannels } from '../src/app/channels.ts';
import { Delivery } from '../src/app/delivery.ts';
import { workerOptions } from '../src/app/delivery-runner.ts';
import { OutboxWorker } from '../src/app/outbox-worker.ts';
import { createRateLimiter } from '../src/app/rate-limit.ts';
import type { Runtime } from '../src/app/runtime.ts';
import { importVacancyFile } from '../src/app/vacancy-files.ts';
import { openRaw, type RawDb } from '../src/db/raw.ts';
import { dateAfter } from '../src/domain/time.ts';
import { silentLogger } from '../src/log.ts';
import { FakeGraph } from './fakes/graph-api.ts';
import { FakeTelegram } from './fakes/telegram-bot-api.ts';
import { runPasker } from './support/cli.ts';
import { sqliteDatabase, tempDir, testDatabases } from './support/databases.ts';
import { person, startRuntime } from './support/runtime.ts';

const day = (n: number) => dateAfter(new Date(), n, 'Asia/Jakarta').toISOString().slice(0, 10);
const HEADER = 'source_id,title,company,district,min_education,keywords,employment_type,how_to_apply,closing_date';
const QUIET_OFF = { QUIET_HOURS: 'off' };

function vacancyFile(lines: string[]): string {
  const file = path.join(tempDir(), 'v.csv');
  fs.writeFileSync(file, [HEADER, ...lines].join('\n'));
  return file;
}

async function subscribe(runtime: Runtime, chatId: number, lines: string[]): Promise<string> {
  const p = person(runtime, String(chatId), 'telegram');
  let last = '';
  for (const line of lines) last = await p.say(line);
  return last;
}

async function worker(runtime: Runtime, raw: RawDb, fakeRoot: string, token: string, batchSize = 20): Promise<OutboxWorker> {
  const config = { ...runtime.config, TELEGRAM_BOT_TOKEN: token, TELEGRAM_API_ROOT: fakeRoot };
  const delivery = new Delivery(runtime.db, silentLogger);
  const channels = await buildChannels(config, runtime, delivery, silentLogger);
  return new OutboxWorker(runtime, raw, channels, delivery, createRateLimiter({ telegram: 1000, whatsapp: 1000 }, null), { ...workerOptions(config), quietHours: 'off', batchSize }, silentLogger);
}

for (const database of testDatabases()) {
  describe(`alerts (${database.name})`, () => {
    let fake: FakeTelegram;
    beforeAll(async () => {
      fake = await new FakeTelegram().start();
    });
    afterAll(async () => {
      await fake.stop();
      await database.dropAll();
    });

    // SQLite's plans do not depend on statistics.
    if (database.name === 'postgresql') it('a database that never had statistics (new, restored or copied) gets them before a plan, and only once', async () => {
      const url = await database.create();
      const runtime = await startRuntime(url, QUIET_OFF);
      const raw = openRaw(url);
      try {
        expect((await refreshStatistics(raw)).sort()).toEqual(['Contact', 'Subscription']);
        expect(await refreshStatistics(raw)).toEqual([]);
      } finally {
        await raw.close();
        await runtime.close();
      }
    });

    it('three subscribers get exactly their matching new vacancies, one message each; a second run sends nothing', async () => {
      const url = await database.create();
      const runtime = await startRuntime(url, QUIET_OFF);
      try {
        // Three people subscribe in chat, each in plain steps.
        expect(await subscribe(runtime, 11, ['kabarin kalau ada loker di cikarang barat', '3', '1', '1', '1'])).toContain('Beres, Kak!');
        expect(await subscribe(runtime, 12, ['mau langganan info loker', 'setu, tambun selatan', '2', 'operator', '1', '1'])).toContain('Beres, Kak!');
        expect(await subscribe(runtime, 13, ['langganan', 'semua', '5', '1', '1', '1'])).toContain('Beres, Kak!');
        // Then the office imports today's vacancies.
        const report = await importVacancyFile(runtime.db, vacancyFile([
          `n1,Operator Produksi,PT Satu,Cikarang Barat,SMA,operator,kontrak,Datang,${day(20)}`,
          `n2,Staff Accounting,PT Dua,Cikarang Barat,S1,accounting,tetap,Kirim CV,${day(20)}`,
          `n3,Operator Packing,PT Tiga,Setu,SMP,operator;packing,harian,Datang,${day(20)}`,
          `n4,Operator Gudang,PT Empat,Tambun Selatan,SMA,operator;gudang,kontrak,Datang,${day(20)}`,
          `n5,Kasir,Toko Lima,Setu,SMP,kasir,kontrak,Datang,${day(20)}`,
          `n6,Guru SD,Yayasan Enam,Babelan,S1,guru,tetap,Datang,${day(20)}`,
        ]), { region: runtime.content.region, timeZone: 'Asia/Jakarta' });
        expect(report.errors).toEqual([]);
      } finally {
        await runtime.close();
      }
      const before = fake.sent.length;
      const env = { DATABASE_URL: url, TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, ...QUIET_OFF };
      const first = await runPasker(['alerts', 'run'], { env });
      expect(first.stdout).toContain('3 active subscriptions, 3 with new vacancies, 3 messages queued');
      const got = (chat: number) => fake.messagesTo(chat).slice(-1)[0]!.text;
      expect(fake.sent.length).toBe(before + 3);
      // Cikarang Barat, SMA or less: the operator job, never the S1 one.
      expect(got(11)).toContain('Ada 1 lowongan baru di Cikarang Barat untuk lulusan SMA/SMK');
      expect(got(11)).toContain('Operator Produksi');
      expect(got(11)).not.toContain('Staff Accounting');
      // Setu or Tambun Selatan, SMP, operator: only the packing job (the other asks SMA).
      expect(got(12)).toContain('Ada 1 lowongan baru operator di Tambun Selatan dan Setu untuk lulusan SMP');
      expect(got(12)).toContain('Operator Packing');
      expect(got(12)).not.toContain('Operator Gudang');
      // Everywhere, S1: all six.
      expect(got(13)).toContain('Ada 6 lowongan baru');
      const second = await runPasker(['alerts', 'run'], { env });
      expect(second.stdout).toContain('0 with new vacancies, 0 messages queued');
      expect(fake.sent.length).toBe(before + 3);

      // The digest's numbers and "lagi" work in the chat afterwards.
      const again = await startRuntime(url, QUIET_OFF);
      try {
        const reader = person(again, '13', 'telegram');
        expect(await reader.say('1')).toContain('Cara melamar');
        expect(await reader.say('0')).toContain('Ini nomor 1–5');
        expect(await reader.say('lagi')).toContain('Ini nomor 6–6');
      } finally {
        await again.close();
      }

      // A vacancy imported now with last week's publication date is still new to subscribers.
      const later = await startRuntime(url, QUIET_OFF);
      try {
        const file = path.join(tempDir(), 'late.csv');
        fs.writeFileSync(file, `${HEADER},published_date\nn7,Operator Forklift,PT Tujuh,Babelan,SMA,operator;forklift,kontrak,Datang,${day(20)},${day(-7)}\n`);
        expect((await importVacancyFile(later.db, file, { region: later.content.region, timeZone: 'Asia/Jakarta' })).errors).toEqual([]);
      } finally {
        await later.close();
      }
      const third = await runPasker(['alerts', 'run'], { env });
      expect(third.stdout).toContain('1 with new vacancies, 1 messages queued');
      expect(got(13)).toContain('Operator Forklift');
    });

    it('"stop" between two batches stops the rest for that person, and says what was stopped', async () => {
      const url = await database.create();
      const runtime = await startRuntime(url, QUIET_OFF);
      const raw = openRaw(url);
      try {
        for (let i = 0; i < 6; i++) await subscribe(runtime, 100 + i, ['langganan', 'semua', '3', '1', '1', '1']);
        const draft = await draftBroadcast(runtime.db, { text: 'Job fair Sabtu ini di kantor kecamatan.', segment: {}, createdBy: 'test' });
        expect(draft.total).toBe(6);
        await startBroadcast(runtime.db, raw, draft.id, new Date());
        const w = await worker(runtime, raw, fake.apiRoot, fake.token, 3);
        const before = fake.sent.length;
        expect(await w.runOnce()).toBe(3);
        // Person 105 (in the second batch) says stop before it is sent.
        const answer = await person(runtime, '105', 'telegram').say('stop');
        expect(answer).toContain('Semua kabar lowongan sudah dihentikan');
        expect(answer).toContain('semua kecamatan · lulusan SMA/SMK ke bawah');
        await w.drain();
        const got = fake.sent.slice(before).map((m) => m.chatId).sort();
        expect(got).toEqual([100, 101, 102, 103, 104]);
        const row = await runtime.db.outbox.findFirst({ where: { broadcastId: draft.id, recipient: '105' } });
        expect(row?.status).toBe('cancelled');
        // Ending a chat is not stopping.
        expect(await person(runtime, '104', 'telegram').say('udah dulu ya makasih')).toContain('Sama-sama');
        expect((await runtime.db.subscription.findFirst({ where: { contact: { externalId: '104' } } }))?.status).toBe('active');
      } finally {
        await raw.close();
        await runtime.close();
      }
    });

    it('waits out a 429 with retry_after before sending a digest', async () => {
      const url = await database.create();
      const runtime = await startRuntime(url, QUIET_OFF);
      const raw = openRaw(url);
      try {
        await subscribe(runtime, 200, ['langganan', 'semua', '3', '1', '1', '1']);
        await importVacancyFile(runtime.db, vacancyFile([`r1,Operator,PT R,Setu,SMA,operator,kontrak,Datang,${day(9)}`]), { region: runtime.content.region, timeZone: 'Asia/Jakarta' });
        runtime.catalog.invalidate();
        await planDigests(runtime, raw, new Date());
        fake.failNext('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } }, { chatId: 200 });
        await (await worker(runtime, raw, fake.apiRoot, fake.token)).drain();
        expect(fake.messagesTo(200).at(-1)!.text).toContain('Kabar lowongan baru');
        // Both attempts as the fake received them: the retry came after retry_after (5 ms for timer rounding).
        const [refused, retried] = fake.attemptsTo(200);
        expect(retried! - refused!).toBeGreaterThanOrEqual(1000 - 5);
      } finally {
        await raw.close();
        await runtime.close();
      }
    });
  });
}

describe('quiet hours, the WhatsApp 24-hour window, and staff broadcasts', () => {
  const db = sqliteDatabase();
  afterAll(() => db.dropAll());

  it('a digest planned in quiet hours waits until they end', async () => {
    const url = await db.create();
    const runtime = await startRuntime(url, { QUIET_HOURS: '21:00-06:00' });
    const raw = openRaw(url);
    try {
      await subscribe(runtime, 300, ['langganan', 'semua', '3', '1', '1', '1']);
      await importVacancyFile(runtime.db, vacancyFile([`q1,Operator,PT Q,Setu,SMA,operator,kontrak,Datang,${day(9)}`]), { region: runtime.content.region, timeZone: 'Asia/Jakarta' });
      runtime.catalog.invalidate();
      // 22:30 in Bekasi is 15:30 UTC: the next one after the vacancy was published.
      let late = new Date(`${new Date().toISOString().slice(0, 10)}T15:30:00Z`);
      if (late.getTime() < Date.now()) late = new Date(late.getTime() + 86_400_000);
      await runtime.db.subscription.updateMany({ data: { lastDigestAt: new Date(late.getTime() - 86_400_000) } });
      const plan = await planDigests(runtime, raw, late);
      expect(plan.queued).toBe(1);
      const row = await runtime.db.outbox.findFirst({ where: { kind: 'digest' } });
      // 06:00 in Bekasi is 23:00 UTC of the same UTC day.
      expect(row!.notBefore!.toISOString()).toBe(`${late.toISOString().slice(0, 10)}T23:00:00.000Z`);
    } finally {
      await raw.close();
      await runtime.close();
    }
  });

  it('on the Cloud API, a digest to someone silent for over 24 hours uses the template, or is skipped and reported', async () => {
    const graph = await new FakeGraph().start();
    const url = await db.create();
    const cloud = { WHATSAPP_CLOUD_TOKEN: graph.token, WHATSAPP_PHONE_NUMBER_ID: graph.phoneNumberId, WHATSAPP_APP_SECRET: 's', WHATSAPP_VERIFY_TOKEN: 'v', WHATSAPP_CLOUD_API_ROOT: graph.apiRoot, QUIET_HOURS: 'off' };
    for (const [template, expected] of [[undefined, 'skipped'], ['pasker_lowongan', 'sent']] as const) {
      const runtime = await startRuntime(url, { ...cloud, ...(template ? { WHATSAPP_TEMPLATE: template } : {}) });
      const raw = openRaw(url);
      try {
        const who = template ? '6281500000002' : '6281500000001';
        for (const line of ['langganan', 'semua', '3', '1', '1', '1']) await runtime.conversations.handle({ channel: 'whatsapp', userId: who, text: line });
        await runtime.db.contact.updateMany({ where: { externalId: who }, data: { lastSeenAt: new Date(Date.now() - 30 * 3_600_000) } });
        await runtime.db.subscription.updateMany({ data: { lastDigestAt: new Date(Date.now() - 60_000) } });
        await importVacancyFile(runtime.db, vacancyFile([`w${who},Operator,PT W,Setu,SMA,operator,kontrak,Datang,${day(9)}`]), { region: runtime.content.region, timeZone: 'Asia/Jakarta' });
        runtime.catalog.invalidate();
        await planDigests(runtime, raw, new Date());
        const delivery = new Delivery(runtime.db, silentLogger);
        const channels = await buildChannels(runtime.config, runtime, delivery, silentLogger);
        await new OutboxWorker(runtime, raw, channels, delivery, createRateLimiter({ whatsapp: 100 }, null), { ...workerOptions(runtime.config), quietHours: 'off' }, silentLogger).drain();
        const row = await runtime.db.outbox.findFirst({ where: { kind: 'digest', recipient: who } });
        expect(row?.status).toBe(expected);
        if (!template) expect(row?.error).toContain('24-hour window');
        else expect(graph.messagesTo(who).at(-1)!.type).toBe('template');
      } finally {
        await raw.close();
        await runtime.close();
      }
    }
    await graph.stop();
  });

  it('two messages for one person are sent at least a second apart (Telegram\'s pace per chat)', async () => {
    const fake = await new FakeTelegram().start();
    const url = await db.create();
    const runtime = await startRuntime(url, QUIET_OFF);
    const raw = openRaw(url);
    try {
      await subscribe(runtime, 500, ['langganan', 'semua', '3', '1', '1', '1']);
      for (const text of ['Pengumuman pertama.', 'Pengumuman kedua.']) {
        const d = await draftBroadcast(runtime.db, { text, segment: {}, createdBy: 'test' });
        await startBroadcast(runtime.db, raw, d.id, new Date());
      }
      await (await worker(runtime, raw, fake.apiRoot, fake.token)).drain();
      const [a, b] = fake.messagesTo(500);
      expect([a!.text, b!.text].join()).toContain('Pengumuman kedua.');
      // Paced a second apart; measured where they arrive, so with a tolerance for a busy machine
      // delaying the first on its way (without the pace they arrive milliseconds apart).
      expect(b!.at - a!.at).toBeGreaterThanOrEqual(1000 - 250);
    } finally {
      await raw.close();
      await runtime.close();
      await fake.stop();
    }
  });

  it('staff broadcast from the command line: a count preview, progress, and a record of who sent it', async () => {
    const fake = await new FakeTelegram().start();
    const url = await db.create();
    const runtime = await startRuntime(url, QUIET_OFF);
    try {
      await subscribe(runtime, 400, ['langganan', 'setu', '3', '1', '1', '1']);
      await subscribe(runtime, 401, ['langganan', 'babelan', '3', '1', '1', '1']);
      const segment = parseSegment('Setu', runtime.content.region);
      expect(await countSegment(runtime.db, segment as object)).toEqual({ total: 1, telegram: 1, whatsapp: 0 });
    } finally {
      await runtime.close();
    }
    const env = { DATABASE_URL: url, TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, ...QUIET_OFF };
    const refused = await runPasker(['broadcast', 'send', '--text', 'Job fair di Setu hari Sabtu.', '--to', 'Setu'], { env, input: 'tidak\n' });
    expect(refused.stdout).toContain('This goes to 1 people (Telegram 1, WhatsApp 0)');
    expect(refused.stdout).toContain('not sent');
    const sent = await runPasker(['broadcast', 'send', '--text', 'Job fair di Setu hari Sabtu.', '--to', 'Setu', '--by', 'ani'], { env, input: 'ya\n' });
    expect(sent.stdout).toMatch(/broadcast #\d+: 1 messages queued/);
    expect(sent.stdout).toContain('sent 1/1');
    expect(fake.messagesTo(400).at(-1)!.text).toContain('Job fair di Setu hari Sabtu.');
    expect(fake.messagesTo(401)).toEqual([]);
    const check = await startRuntime(url, QUIET_OFF);
    try {
      const b = await check.db.broadcast.findFirst({ orderBy: { id: 'desc' } });
      expect(b).toMatchObject({ createdBy: 'cli:ani', status: 'done', total: 1 });
      expect(await check.db.outbox.count({ where: { broadcastId: b!.id, status: 'sent' } })).toBe(1);
    } finally {
      await check.close();
      await fake.stop();
    }
  });
});

describe('broadcasts from a staff Telegram chat, and one person on two channels', () => {
  const db = sqliteDatabase();
  afterAll(() => db.dropAll());

  it('staff preview a broadcast with its count, send it, follow it and see it recorded; others cannot', async () => {
    const { startTestService } = await import('./support/service.ts');
    const fake = await new FakeTelegram().start();
    const service = await startTestService(await db.create(), { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, STAFF_TELEGRAM_IDS: '777', QUIET_HOURS: 'off' });
    try {
      for (const chat of [601, 602]) await subscribe(service.runtime, chat, ['langganan', 'setu', '3', '1', '1', '1']);
      await subscribe(service.runtime, 603, ['langganan', 'babelan', '3', '1', '1', '1']);
      fake.userSends(777, '/broadcast Setu | Job fair di Setu hari Sabtu jam 08.00.');
      await until(() => fake.messagesTo(777).length >= 1);
      const preview = fake.messagesTo(777)[0]!.text;
      expect(preview).toMatch(/Pengumuman #(\d+) akan dikirim ke 2 orang/);
      const id = /#(\d+)/.exec(preview)![1];
      fake.userSends(777, `/kirim ${id}`);
      await until(() => fake.messagesTo(601).length > 0 && fake.messagesTo(602).length > 0);
      expect(fake.messagesTo(601).at(-1)!.text).toContain('Job fair di Setu hari Sabtu jam 08.00.');
      expect(fake.messagesTo(603)).toEqual([]);
      fake.userSends(777, `/status ${id}`);
      await until(() => fake.messagesTo(777).some((m) => m.text.includes('2 dari 2 terkirim')));
      expect((await service.runtime.db.broadcast.findUnique({ where: { id: Number(id) } }))?.createdBy).toBe('telegram:777');
      // Someone else typing the command is just a person chatting.
      fake.userSends(888, '/broadcast semua | halo semua');
      await until(() => fake.messagesTo(888).length >= 1);
      expect(await service.runtime.db.broadcast.count()).toBe(1);
    } finally {
      await service.stop();
      await fake.stop();
    }
  });

  it('with approval by a second person asked for, /kirim sends nothing and the broadcast waits for approval', async () => {
    const { startTestService } = await import('./support/service.ts');
    const { setSetting } = await import('../src/web/settings.ts');
    const fake = await new FakeTelegram().start();
    const service = await startTestService(await db.create(), { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, STAFF_TELEGRAM_IDS: '777', QUIET_HOURS: 'off' });
    try {
      await subscribe(service.runtime, 621, ['langganan', 'setu', '3', '1', '1', '1']);
      const before = fake.messagesTo(621).length;
      await setSetting(service.runtime.db, 'broadcast_approval', '1');
      fake.userSends(777, '/broadcast Setu | Job fair di Setu hari Sabtu.');
      await until(() => fake.messagesTo(777).length >= 1);
      const id = /#(\d+)/.exec(fake.messagesTo(777)[0]!.text)![1];
      fake.userSends(777, `/kirim ${id}`);
      await until(() => fake.messagesTo(777).length >= 2);
      expect(fake.messagesTo(777)[1]!.text).toContain('menunggu persetujuan');
      expect((await service.runtime.db.broadcast.findUnique({ where: { id: Number(id) } }))?.status).toBe('approval');
      expect(await service.runtime.db.outbox.count({ where: { kind: 'broadcast' } })).toBe(0);
      expect(fake.messagesTo(621)).toHaveLength(before);
    } finally {
      await service.stop();
      await fake.stop();
    }
  });

  it('a person asks for staff: staff are told, answer with /balas, get the person\'s next words, and /selesai gives the chat back', async () => {
    const { startTestService } = await import('./support/service.ts');
    const fake = await new FakeTelegram().start();
    const service = await startTestService(await db.create(), { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, STAFF_TELEGRAM_IDS: '777', QUIET_HOURS: 'off' });
    try {
      const to = (chat: number) => fake.messagesTo(chat).map((m) => m.text).join('\n---\n');
      fake.userSends(611, 'halo');
      await until(() => fake.messagesTo(611).length >= 1);
      fake.userSends(611, 'saya mau bicara dengan petugas');
      await until(() => to(611).includes('Petugas akan membalas di chat ini') && fake.messagesTo(777).length >= 1);
      expect(to(777)).toContain('telegram:611 minta bicara dengan petugas');
      fake.userSends(777, '/balas telegram:611 Halo Kak, lowongan di Setu masih dibuka sampai Jumat.');
      await until(() => to(611).includes('Petugas Disnaker: Halo Kak, lowongan di Setu masih dibuka sampai Jumat.') && to(777).includes('Terkirim ke telegram:611'));
      // While staff answer, the person's words go to staff and the bot keeps quiet.
      const seen = fake.messagesTo(611).length;
      fake.userSends(611, 'baik pak terima kasih, alamatnya di mana?');
      await until(() => to(777).includes('baik pak terima kasih, alamatnya di mana?'));
      fake.userSends(777, '/selesai telegram:611');
      await until(() => to(777).includes('Chat telegram:611 dikembalikan ke bot'));
      expect(fake.messagesTo(611)).toHaveLength(seen);
      const staffSeen = fake.messagesTo(777).length;
      fake.userSends(611, 'loker di setu');
      // The bot says it is back, then answers.
      await until(() => fake.messagesTo(611).slice(seen).some((m) => m.text.includes('Setu')));
      expect(fake.messagesTo(611).slice(seen).map((m) => m.text).join('\n')).toContain('sudah selesai membantu');
      expect(fake.messagesTo(777)).toHaveLength(staffSeen);
      // "stop" works even while staff are answering.
      fake.userSends(777, '/balas telegram:611 Ada lagi yang bisa dibantu?');
      await until(() => to(611).includes('Ada lagi yang bisa dibantu?'));
      fake.userSends(611, 'stop');
      await until(() => to(611).includes('tidak akan dapat kabar lowongan'));
    } finally {
      await service.stop();
      await fake.stop();
    }
  });

  it('without a staff chat, asking for staff says honestly that no one is connected, and how to reach the office', async () => {
    const runtime = await startRuntime(await db.create(), QUIET_OFF);
    try {
      const answer = await person(runtime).say('mau ngomong sama orang');
      expect(answer).toContain('belum ada petugas');
      expect(answer).not.toContain('akan membalas');
    } finally {
      await runtime.close();
    }
  });

  it('a person links WhatsApp and Telegram with a code, chooses where alerts go, and gets them there only', async () => {
    const url = await db.create();
    const runtime = await startRuntime(url, QUIET_OFF);
    try {
      const wa = (text: string) => runtime.conversations.handle({ channel: 'whatsapp', userId: '6281600000001', text }).then((r) => r.map((x) => [x.text, ...x.choices.map((c) => `${c.key}. ${c.label}`)].join('\n')).join('\n'));
      await wa('langganan');
      await wa('semua');
      await wa('3');
      await wa('1');
      await wa('1');
      expect(await wa('1')).toContain('Beres, Kak!');
      const codeText = await wa('hubungkan');
      const code = /\*(HUB[A-Z0-9]{5})\*/.exec(codeText)![1]!;
      const tg = person(runtime, '909', 'telegram');
      const choose = await tg.say(`ini kodenya ${code}`);
      expect(choose).toContain('Telegram dan WhatsApp Kakak sudah terhubung');
      expect(choose).toContain('mau dikirim lewat mana');
      expect(choose).toContain('1. Telegram');
      expect(choose).toContain('2. WhatsApp');
      const done = await tg.say('1');
      expect(done).toContain('Beres, Kak!');
      expect(done).toContain('lewat Telegram saja');
      const subs = await runtime.db.subscription.findMany({ include: { contact: true } });
      expect(subs.filter((s) => s.status === 'active').map((s) => s.contact.channel)).toEqual(['telegram']);
      expect(await tg.say('HUBZZZZ9')).toContain('Kode itu tidak dikenal');
      // Erasing from one channel erases the person everywhere, queued messages to them included.
      const contacts = await runtime.db.contact.findMany();
      for (const c of contacts) await runtime.db.outbox.create({ data: { key: `test:${c.id}`, channel: c.channel, recipient: c.externalId, kind: 'digest', payload: '{}' } });
      await tg.say('hapus data saya');
      expect(await tg.say('1')).toContain('Data Kakak sudah dihapus');
      expect(await runtime.db.contact.count()).toBe(0);
      expect(await runtime.db.subscription.count()).toBe(0);
      expect(await runtime.db.outbox.count()).toBe(0);
    } finally {
      await runtime.close();
    }
  });
});

async function until(check: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}
