// Sending a broadcast while the services under it fail: a Redis of the
// test's own, killed and started again empty in the middle; and three
// workers without Redis, which must still share one sending rate. The
// workers are real `pasker worker` processes; Telegram is a loopback fake.

import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { draftBroadcast, startBroadcast } from '../src/app/broadcast.ts';
import type { Runtime } from '../src/app/runtime.ts';
import { openRaw } from '../src/db/raw.ts';
import { TestRedis } from './fakes/redis-server.ts';
import { FakeTelegram } from './fakes/telegram-bot-api.ts';
import { sqliteDatabase } from './support/databases.ts';
import { startRuntime } from './support/runtime.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

async function subscribers(runtime: Runtime, count: number, firstChat: number): Promise<void> {
  await runtime.db.contact.createMany({ data: Array.from({ length: count }, (_, k) => ({ channel: 'telegram', externalId: String(firstChat + k), lastSeenAt: new Date() })) });
  const contacts = await runtime.db.contact.findMany({ select: { id: true } });
  await runtime.db.subscription.createMany({ data: contacts.map((c) => ({ contactId: c.id, kecamatan: '', educationRank: 8, lastDigestAt: new Date() })) });
}

function worker(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['bin/pasker.js', 'worker'], { env: { ...process.env, DATA_DIR: 'data/test-cache', LOG_LEVEL: 'error', QUIET_HOURS: 'off', ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
}

async function stop(p: ChildProcess): Promise<void> {
  if (p.exitCode !== null || p.signalCode !== null) return;
  const exited = new Promise<void>((r) => p.once('exit', () => r()));
  p.kill('SIGTERM');
  await exited;
}

/** The most messages that arrived within any one second. */
function busiestSecond(times: number[]): number {
  const t = [...times].sort((a, b) => a - b);
  let busiest = 0;
  for (let i = 0, j = 0; i < t.length; i++) {
    while (t[i]! - t[j]! >= 1000) j++;
    busiest = Math.max(busiest, i - j + 1);
  }
  return busiest;
}

describe('Redis restarted empty in the middle of a broadcast', () => {
  const db = sqliteDatabase();
  afterAll(() => db.dropAll());

  it('resumes delivery within 30 s of Redis coming back, and nobody gets the message twice', async () => {
    const redis = await new TestRedis().start();
    const fake = await new FakeTelegram().start();
    const url = await db.create();
    const runtime = await startRuntime(url, { QUIET_HOURS: 'off' });
    const raw = openRaw(url);
    let w: ChildProcess | null = null;
    try {
      await subscribers(runtime, 300, 600_000);
      const draft = await draftBroadcast(runtime.db, { text: 'Job fair Sabtu di Cikarang Pusat.', segment: {}, createdBy: 'test' });
      expect(await startBroadcast(runtime.db, raw, draft.id, new Date())).toBe(300);
      w = worker({ DATABASE_URL: url, REDIS_URL: redis.url, REDIS_PREFIX: 'faults', TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, TELEGRAM_RATE_PER_SECOND: '25', DELIVERY_LOCK_SECONDS: '5' });
      await until(() => fake.sent.length >= 60, 60_000, 'the first 60 messages');
      await redis.kill();
      await sleep(2_000);
      await redis.start();
      const back = Date.now();
      const before = fake.sent.length;
      await until(() => fake.sent.length > before, 30_000, 'delivery to resume after Redis came back');
      expect(Date.now() - back).toBeLessThan(30_000);
      await until(() => fake.sent.length >= 300, 90_000, 'all 300 messages');
      await sleep(1_500);
      expect(fake.sent.length).toBe(300);
      expect(new Set(fake.sent.map((m) => m.chatId)).size).toBe(300);
      await until(async () => (await runtime.db.outbox.count({ where: { broadcastId: draft.id, status: 'sent' } })) === 300, 10_000, 'the outbox to record 300 sent');
    } finally {
      if (w) await stop(w);
      await raw.close();
      await runtime.close();
      await fake.stop();
      await redis.stop();
    }
  });
});

describe('three workers without Redis', () => {
  const db = sqliteDatabase();
  afterAll(() => db.dropAll());

  it('share one sending rate through the database: 30 messages a second in all, not 30 each', async () => {
    const fake = await new FakeTelegram().start();
    const url = await db.create();
    const runtime = await startRuntime(url, { QUIET_HOURS: 'off' });
    const raw = openRaw(url);
    const workers: ChildProcess[] = [];
    const rate = 30;
    try {
      await subscribers(runtime, 240, 620_000);
      const draft = await draftBroadcast(runtime.db, { text: 'Pelatihan BLK dibuka.', segment: {}, createdBy: 'test' });
      expect(await startBroadcast(runtime.db, raw, draft.id, new Date())).toBe(240);
      const env = { DATABASE_URL: url, TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, TELEGRAM_RATE_PER_SECOND: String(rate) };
      workers.push(worker(env), worker(env), worker(env));
      await until(() => fake.sent.length >= 240, 90_000, 'all 240 messages');
      await sleep(1_000);
      expect(fake.sent.length).toBe(240);
      expect(new Set(fake.sent.map((m) => m.chatId)).size).toBe(240);
      // Each worker alone would send 30 a second, 90 in all. Measured where the messages arrive, on a
      // shared machine: a process the scheduler holds back for a moment can bring one or two closer.
      const times = fake.sent.map((m) => m.at);
      expect(busiestSecond(times)).toBeLessThanOrEqual(Math.ceil(rate * 1.1));
      expect(Math.max(...times) - Math.min(...times)).toBeGreaterThanOrEqual(((240 - rate) / rate) * 1000);
    } finally {
      for (const w of workers) await stop(w);
      await raw.close();
      await runtime.close();
      await fake.stop();
    }
  });
});
