// The console and the staff Telegram chat work one queue: /balas and
// /selesai update the hand-over rows the console shows. And a broadcast
// scheduled in the console waits in the outbox until its time.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Service } from '../src/app/service.ts';
import { localDateTime } from '../src/web/routes/broadcasts.ts';
import { FakeTelegram } from './fakes/telegram-bot-api.ts';
import { ConsoleClient, staffWithPassword } from './support/console.ts';
import { sqliteDatabase } from './support/databases.ts';
import { startTestService } from './support/service.ts';
import { kecamatanColumn } from '../src/domain/alerts.ts';

const db = sqliteDatabase();
let fake: FakeTelegram;
let service: Service;
let client: ConsoleClient;

async function until(check: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  fake = await new FakeTelegram().start();
  service = await startTestService(await db.create(), { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, STAFF_TELEGRAM_IDS: '777', QUIET_HOURS: 'off' });
  const s = await staffWithPassword(service.runtime.db, 'yuni', 'admin');
  client = new ConsoleClient(service.url!);
  await client.login(s.username, s.password);
});
afterAll(async () => {
  await service.stop();
  await fake.stop();
  await db.dropAll();
});

describe('one queue for the console and the staff Telegram chat', () => {
  it('/balas takes the chat and counts as its first answer, /selesai closes it, and the console shows both, with who did it', async () => {
    const { db: prisma } = service.runtime;
    fake.userSends(612, 'halo');
    await until(() => fake.messagesTo(612).length >= 1);
    fake.userSends(612, 'saya mau bicara dengan petugas');
    await until(() => fake.messagesTo(777).length >= 1);
    fake.userSends(777, '/balas telegram:612 Halo Kak, ada yang bisa dibantu?');
    await until(() => fake.messagesTo(612).some((m) => m.text.includes('Halo Kak, ada yang bisa dibantu?')));
    const contact = await prisma.contact.findUniqueOrThrow({ where: { channel_externalId: { channel: 'telegram', externalId: '612' } } });
    await until(async () => (await prisma.handoff.count({ where: { contactId: contact.id, status: 'open' } })) === 1);
    const open = await prisma.handoff.findFirstOrThrow({ where: { contactId: contact.id, status: 'open' } });
    expect([open.takenBy, Boolean(open.takenAt), Boolean(open.firstReplyAt)]).toEqual(['telegram:777', true, true]);
    const inbox = await client.get('/admin/inbox');
    expect(inbox.html).toContain('data-who="Telegram …612"');
    expect(inbox.html).toContain('oleh Petugas');

    fake.userSends(777, '/selesai telegram:612');
    await until(async () => (await prisma.handoff.findUniqueOrThrow({ where: { id: open.id } })).status === 'closed');
    expect((await prisma.conversation.findUniqueOrThrow({ where: { contactId: contact.id } })).status).toBe('bot');
    expect((await client.get('/admin/inbox')).html).toContain('Baru selesai (1)');
    expect((await prisma.auditLog.findMany({ where: { actor: 'telegram:777' } })).map((a) => a.action)).toEqual(['handoff.reply', 'handoff.close']);
  });
});

describe('a scheduled broadcast', () => {
  it("reads the time as the office's local time", () => {
    expect(localDateTime('2026-12-05T08:30', 'Asia/Jakarta')!.toISOString()).toBe('2026-12-05T01:30:00.000Z');
    expect(localDateTime('5 Des', 'Asia/Jakarta')).toBeNull();
  });

  it('waits in the outbox until its time, says when on its page, and a cancel stops it', async () => {
    const { db: prisma } = service.runtime;
    for (const chat of [8101, 8102]) {
      const c = await prisma.contact.create({ data: { channel: 'telegram', externalId: String(chat) } });
      await prisma.subscription.create({ data: { contactId: c.id, kecamatan: kecamatanColumn([]), lastDigestAt: new Date() } });
    }
    const tomorrow = new Date(Date.now() + 86_400_000).toLocaleDateString('en-CA', { timeZone: 'Asia/Jakarta' });
    await client.get('/admin/broadcasts');
    const draft = await client.form('/admin/broadcasts', { text: 'Besok ada job fair di Cikarang Pusat.', kanal: 'telegram', kecamatan: '', pendidikan: '', jadwal: `${tomorrow}T08:00` });
    const id = Number(/(\d+)$/.exec(draft.location!)![1]);
    const page = await client.get(`/admin/broadcasts/${id}`);
    expect(page.html).toContain('Jadwalkan ke 2 orang');
    await client.form(`/admin/broadcasts/${id}/send`, {});
    const rows = await prisma.outbox.findMany({ where: { broadcastId: id } });
    expect(rows.map((r) => [r.status, r.notBefore?.toISOString()])).toEqual([
      ['pending', `${tomorrow}T01:00:00.000Z`],
      ['pending', `${tomorrow}T01:00:00.000Z`],
    ]);
    expect((await client.get(`/admin/broadcasts/${id}`)).html).toContain('Terjadwal');
    // The worker polls every second; give it three chances to send too early.
    await new Promise((r) => setTimeout(r, 3000));
    expect(fake.sent.filter((m) => m.text.includes('job fair di Cikarang Pusat'))).toHaveLength(0);
    await client.form(`/admin/broadcasts/${id}/cancel`, {});
    expect((await prisma.outbox.findMany({ where: { broadcastId: id } })).map((r) => r.status)).toEqual(['cancelled', 'cancelled']);
    expect((await prisma.broadcast.findUniqueOrThrow({ where: { id } })).status).toBe('cancelled');
  });
});

describe('hand-overs with only the console (no staff Telegram chat)', () => {
  it('tells the person a petugas will answer once an account exists, keeps the bot quiet once the chat is taken, and shows their words', async () => {
    const tg = await new FakeTelegram().start();
    const alone = await startTestService(await db.create(), { TELEGRAM_BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.apiRoot, QUIET_HOURS: 'off' });
    try {
      const { db: prisma } = alone.runtime;
      const said = (chat: number) => tg.messagesTo(chat).map((m) => m.text).join('\n---\n');
      // No account yet: nobody would read it, and the person is told so.
      tg.userSends(701, 'saya mau bicara dengan petugas');
      await until(() => said(701).includes('belum ada petugas'));
      const s = await staffWithPassword(prisma, 'rina', 'petugas');
      // The count of accounts is looked up once a minute; a new service sees it at once.
      const withStaff = await startTestService(alone.runtime.config.DATABASE_URL, { TELEGRAM_BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.apiRoot, QUIET_HOURS: 'off' });
      await alone.stop();
      try {
        tg.userSends(702, 'saya mau bicara dengan petugas');
        await until(() => said(702).includes('Petugas akan membalas di chat ini'));
        expect(said(702)).not.toContain('belum ada petugas');
        const console = new ConsoleClient(withStaff.url!);
        await console.login(s.username, s.password);
        const contact = await withStaff.runtime.db.contact.findUniqueOrThrow({ where: { channel_externalId: { channel: 'telegram', externalId: '702' } } });
        const waiting = await withStaff.runtime.db.handoff.findFirstOrThrow({ where: { contactId: contact.id } });
        await console.get(`/admin/inbox/${waiting.id}`);
        await console.form(`/admin/inbox/${waiting.id}/take`, {});
        const seen = tg.messagesTo(702).length;
        tg.userSends(702, 'pak saya sudah coba tapi kodenya tidak masuk');
        await until(async () => (await withStaff.runtime.db.messageLog.count({ where: { contactId: contact.id, text: { contains: 'kodenya tidak masuk' } } })) === 1);
        expect((await withStaff.runtime.db.conversation.findUniqueOrThrow({ where: { contactId: contact.id } })).status).toBe('open');
        expect((await console.get(`/admin/inbox/${waiting.id}`)).html).toContain('kodenya tidak masuk');
        // The bot kept quiet.
        await new Promise((r) => setTimeout(r, 300));
        expect(tg.messagesTo(702)).toHaveLength(seen);
      } finally {
        await withStaff.stop();
      }
    } finally {
      await alone.stop().catch(() => undefined);
      await tg.stop();
    }
  });
});
