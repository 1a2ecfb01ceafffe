// The database going away or being slow while people write: PostgreSQL cut
// off for 10 s behind a TCP proxy, a burst of 2,000 messages, and a SQLite
// file locked by another process. Each message must be answered exactly
// once, whenever the database lets it, and the bot must keep serving.
// The loopback fakes stand in for Meta and Telegram; Meta's side delivers a
// webhook again until it is answered 200, as Meta does.

import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import type { Service } from '../src/app/service.ts';
import { sqlitePath } from '../src/db/client.ts';
import { FakeGraph, inboundText, postWebhook } from './fakes/graph-api.ts';
import { FakeTelegram } from './fakes/telegram-bot-api.ts';
import { TcpProxy } from './fakes/tcp-proxy.ts';
import { POSTGRES_URL, postgresDatabase, sqliteDatabase } from './support/databases.ts';
import { startTestService } from './support/service.ts';

const SECRET = 'faults-app-secret';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

function cloudSettings(graph: FakeGraph): Record<string, string> {
  return { WHATSAPP_CLOUD_TOKEN: graph.token, WHATSAPP_PHONE_NUMBER_ID: graph.phoneNumberId, WHATSAPP_APP_SECRET: SECRET, WHATSAPP_VERIFY_TOKEN: 'v', WHATSAPP_CLOUD_API_ROOT: graph.apiRoot };
}

/** Meta's side: posts one message until the bot answers 200 (Meta keeps trying for days); counts what it was told. */
function metaSender(service: Service, graph: FakeGraph) {
  const stats = { posts: 0, refused: 0 };
  const send = async (from: string, text: string): Promise<void> => {
    const body = inboundText(graph.phoneNumberId, from, text);
    for (;;) {
      stats.posts++;
      const res = await postWebhook(`${service.url}/webhooks/whatsapp`, body, SECRET).catch(() => null);
      if (res?.status === 200) return;
      stats.refused++;
      await sleep(300);
    }
  };
  return { send, stats };
}

// What the person reads in a WhatsApp Cloud message, whatever its type.
const cloudText = (m: { type: string; body: Record<string, unknown> }) => (m.type === 'text' ? (m.body.text as { body: string }).body : JSON.stringify(m.body.interactive));

/** How often each "pilihan N" answer reached each person: every message a person sends is a number the menu lacks. */
function answersPerNumber(texts: string[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const t of texts) for (const [, n] of t.matchAll(/pilihan (\d+) tidak ada/g)) counts.set(Number(n), (counts.get(Number(n)) ?? 0) + 1);
  return counts;
}

describe.runIf(POSTGRES_URL)('PostgreSQL cut off for 10 s', () => {
  const pg = postgresDatabase();
  afterAll(() => pg.dropAll());

  it('loses no message that was acknowledged: every message sent before, during and after the cut is answered exactly once', async () => {
    const admin = new URL(POSTGRES_URL);
    const proxy = await new TcpProxy(admin.hostname, Number(admin.port || 5432)).start();
    const graph = await new FakeGraph().start();
    const telegram = await new FakeTelegram().start();
    const url = proxy.urlFor(await pg.create());
    const service = await startTestService(url, { ...cloudSettings(graph), TELEGRAM_BOT_TOKEN: telegram.token, TELEGRAM_API_ROOT: telegram.apiRoot, QUIET_HOURS: 'off' });
    const meta = metaSender(service, graph);
    const phones = Array.from({ length: 8 }, (_, i) => `62813100000${String(i).padStart(2, '0')}`);
    const chats = Array.from({ length: 4 }, (_, i) => 810_000 + i);
    const numbers = Array.from({ length: 30 }, (_, i) => 10 + i);
    try {
      await Promise.all(phones.map((p) => meta.send(p, 'halo')));
      for (const c of chats) telegram.userSends(c, 'halo');
      await until(() => phones.every((p) => graph.messagesTo(p).length >= 2) && chats.every((c) => telegram.messagesTo(c).length >= 2), 30_000, 'the first answers');

      // Everyone keeps writing, one message every 400 ms; the database disappears 2 s in, for 10 s.
      const writing = (async () => {
        const pending: Promise<void>[] = [];
        for (const n of numbers) {
          for (const p of phones) pending.push(meta.send(p, String(n)));
          for (const c of chats) telegram.userSends(c, String(n));
          await sleep(400);
        }
        await Promise.all(pending);
      })();
      await sleep(2_000);
      await proxy.cut();
      await sleep(10_000);
      await proxy.restore();
      await writing;

      const answered = () => phones.every((p) => answersPerNumber(graph.messagesTo(p).map(cloudText)).size === numbers.length) && chats.every((c) => answersPerNumber(telegram.messagesTo(c).map((m) => m.text)).size === numbers.length);
      await until(answered, 120_000, 'an answer to every message');
      await sleep(1_000);
      for (const p of phones) expect([...answersPerNumber(graph.messagesTo(p).map(cloudText)).values()], p).toEqual(numbers.map(() => 1));
      for (const c of chats) expect([...answersPerNumber(telegram.messagesTo(c).map((m) => m.text)).values()], String(c)).toEqual(numbers.map(() => 1));
      // Some webhooks were answered "try again" while the database was away; the bot itself kept running.
      expect(meta.stats.refused).toBeGreaterThan(0);
      expect((await fetch(`${service.url}/healthz`)).status).toBe(200);
    } finally {
      await service.stop();
      await proxy.stop();
      await graph.stop();
      await telegram.stop();
    }
  });
});

describe.runIf(POSTGRES_URL)('a burst of 2,000 messages on PostgreSQL', () => {
  const pg = postgresDatabase();
  afterAll(() => pg.dropAll());

  it('loses none: 200 people sending 10 messages at once are each answered exactly once per message', async () => {
    const graph = await new FakeGraph().start();
    const service = await startTestService(await pg.create(), cloudSettings(graph));
    const meta = metaSender(service, graph);
    const phones = Array.from({ length: 200 }, (_, i) => `6281320000${String(i).padStart(3, '0')}`);
    const numbers = Array.from({ length: 9 }, (_, i) => 10 + i);
    try {
      // Each person's first message, then nine more, all posted at once.
      await Promise.all(phones.map(async (p) => {
        await meta.send(p, 'halo');
      }));
      await Promise.all(phones.flatMap((p) => numbers.map((n) => meta.send(p, String(n)))));
      await until(() => phones.every((p) => answersPerNumber(graph.messagesTo(p).map(cloudText)).size === numbers.length), 120_000, 'an answer to every message');
      await sleep(500);
      for (const p of phones) expect([...answersPerNumber(graph.messagesTo(p).map(cloudText)).values()], p).toEqual(numbers.map(() => 1));
      expect(graph.sent.length).toBe(phones.length * (2 + numbers.length));
    } finally {
      await service.stop();
      await graph.stop();
    }
  });
});

describe('a SQLite file locked by another process', () => {
  const db = sqliteDatabase();
  afterAll(() => db.dropAll());

  it('answers the message once the lock is gone, and keeps serving others meanwhile instead of freezing', async () => {
    const graph = await new FakeGraph().start();
    const url = await db.create();
    const service = await startTestService(url, cloudSettings(graph));
    const meta = metaSender(service, graph);
    try {
      await meta.send('6281330000001', 'halo');
      await until(() => graph.messagesTo('6281330000001').length === 2, 10_000, 'the welcome');
      // Another process takes the write lock and holds it for 3 s (an import, a backup, a second bot).
      const holder = spawn(process.execPath, ['-e', `
        const D = require('better-sqlite3'); const d = new D(${JSON.stringify(sqlitePath(url))});
        d.pragma('journal_mode = WAL'); d.exec('BEGIN IMMEDIATE'); d.prepare('UPDATE "Contact" SET name = name').run();
        process.stdout.write('locked\\n'); setTimeout(() => { d.exec('COMMIT'); d.close(); }, 3000);`], { stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise<void>((r) => holder.stdout!.once('data', () => r()));
      // The event loop's pulse while the lock is held: the longest gap between 20-ms ticks.
      let last = Date.now();
      let longest = 0;
      const pulse = setInterval(() => {
        longest = Math.max(longest, Date.now() - last);
        last = Date.now();
      }, 20);
      const answer = meta.send('6281330000001', '42');
      const health = await fetch(`${service.url}/healthz`);
      await answer;
      clearInterval(pulse);
      await new Promise<void>((r) => (holder.exitCode !== null ? r() : holder.once('exit', () => r())));
      await until(() => graph.messagesTo('6281330000001').length === 3, 10_000, 'the answer');
      expect(cloudText(graph.messagesTo('6281330000001')[2]!)).toContain('pilihan 42 tidak ada');
      expect(health.status).toBe(200);
      // A generous bound: before, one statement waited the whole lock out on the event loop's thread.
      expect(longest).toBeLessThan(1_000);
    } finally {
      await service.stop();
      await graph.stop();
    }
  });
});
