// `npm run bench -- load`: the whole bot as a separate process (`pasker
// start`) behind the signed WhatsApp Cloud webhook, the loopback Meta in this
// one, on SQLite and (with TEST_DATABASE_URL) PostgreSQL:
//   burst   200 people send 10 messages each at once: lost, duplicated and
//           crossed replies, throughput, and webhook-to-reply latency
//   steady  100 messages a second offered for 30 s: webhook-to-reply latency
// `npm run bench -- crash`: a 1,000-recipient broadcast while a worker is
// killed with -9, and while Redis is killed and restarted empty: messages
// lost and sent twice. Figures are printed, never asserted.
//
// Every message but the first is a number the menu lacks, so each reply
// ("pilihan 123 tidak ada") names the message it answers: a reply that never
// comes is lost, one that comes twice is duplicated, one that reaches a
// person who did not send that number is crossed.

import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { draftBroadcast, startBroadcast } from '../src/app/broadcast.ts';
import { createRuntime } from '../src/app/runtime.ts';
import { loadConfig } from '../src/config.ts';
import { openRaw } from '../src/db/raw.ts';
import { silentLogger } from '../src/log.ts';
import { FakeGraph, inboundText, postWebhook } from '../test/fakes/graph-api.ts';
import { TestRedis } from '../test/fakes/redis-server.ts';
import { FakeTelegram } from '../test/fakes/telegram-bot-api.ts';

const SECRET = 'bench-app-secret';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

interface Database {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** The kinds of database measured: SQLite, and PostgreSQL when TEST_DATABASE_URL is set. */
const KINDS = process.env.TEST_DATABASE_URL ? (['SQLite', 'PostgreSQL'] as const) : (['SQLite'] as const);

/** A fresh, empty database of this kind. */
async function fresh(kind: 'SQLite' | 'PostgreSQL'): Promise<Database> {
  if (kind === 'PostgreSQL') return postgres(process.env.TEST_DATABASE_URL!);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pasker-load-'));
  return { name: 'SQLite', url: `file:${path.join(dir, 'load.db')}`, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
}

async function withDatabase(kind: 'SQLite' | 'PostgreSQL', fn: (db: Database) => Promise<void>): Promise<void> {
  const db = await fresh(kind);
  try {
    await fn(db);
  } finally {
    await db.drop();
  }
}

async function postgres(admin: string): Promise<Database> {
  const name = `pasker_load_${crypto.randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const run = async (sql: string) => {
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await run(`CREATE DATABASE ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return { name: 'PostgreSQL', url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** `pasker start` in its own process, answering on the WhatsApp Cloud webhook. */
async function startBot(databaseUrl: string, graph: FakeGraph): Promise<{ url: string; process: ChildProcess }> {
  const port = await freePort();
  // BENCH_BOT_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the bot.
  const child = spawn(process.execPath, [...(process.env.BENCH_BOT_NODE_ARGS?.split(' ').filter(Boolean) ?? []), 'bin/pasker.js', 'start'], {
    env: {
      ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), LOG_LEVEL: 'error', DATA_DIR: 'data', LOAD_SAMPLE_DATA: '1', QUIET_HOURS: 'off',
      WHATSAPP_CLOUD_TOKEN: graph.token, WHATSAPP_PHONE_NUMBER_ID: graph.phoneNumberId, WHATSAPP_APP_SECRET: SECRET, WHATSAPP_VERIFY_TOKEN: 'v', WHATSAPP_CLOUD_API_ROOT: graph.apiRoot,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if ((await fetch(`${url}/healthz`).catch(() => null))?.status === 200) return { url, process: child };
    if (Date.now() > deadline || child.exitCode !== null) throw new Error('the bot did not start');
    await sleep(100);
  }
}

/** CPU time the process has used so far, in ms (Linux; 0 elsewhere): a figure the machine's other load does not change much. */
function cpuMs(child: ChildProcess): number {
  try {
    const fields = fs.readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return 0;
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  await exited;
}

/** Who was sent which number, when, and what came back. */
class Ledger {
  private readonly sentAt = new Map<string, number>();
  private readonly owner = new Map<number, string[]>();
  constructor(private readonly graph: FakeGraph) {}

  expect(phone: string, n: number, at: number): void {
    this.sentAt.set(`${phone}:${n}`, at);
    this.owner.set(n, [...(this.owner.get(n) ?? []), phone]);
  }

  get expected(): number {
    return this.sentAt.size;
  }

  /** Replies naming a number, by person; arrival times from the fake's own clock. */
  private answers(): Array<{ phone: string; n: number; at: number }> {
    return this.graph.sent.flatMap((m) => {
      const text = m.type === 'text' ? (m.body.text as { body: string }).body : JSON.stringify(m.body.interactive);
      return [...text.matchAll(/pilihan (\d+) tidak ada/g)].map((x) => ({ phone: m.to, n: Number(x[1]), at: m.at }));
    });
  }

  answered(): number {
    return new Set(this.answers().map((a) => `${a.phone}:${a.n}`)).size;
  }

  report(): { lost: number; duplicated: number; crossed: number; latencies: number[]; lastAt: number } {
    const seen = new Map<string, number>();
    let crossed = 0;
    let lastAt = 0;
    const latencies: number[] = [];
    for (const a of this.answers()) {
      lastAt = Math.max(lastAt, a.at);
      const key = `${a.phone}:${a.n}`;
      if (!this.sentAt.has(key)) {
        if (this.owner.has(a.n)) crossed++;
        continue;
      }
      seen.set(key, (seen.get(key) ?? 0) + 1);
      if (seen.get(key) === 1) latencies.push(a.at - this.sentAt.get(key)!);
    }
    const lost = [...this.sentAt.keys()].filter((k) => !seen.has(k)).length;
    const duplicated = [...seen.values()].reduce((s, c) => s + c - 1, 0);
    return { lost, duplicated, crossed, latencies: latencies.sort((x, y) => x - y), lastAt };
  }
}

/** Meta's side: posts a message until it is answered 200. */
async function deliver(botUrl: string, graph: FakeGraph, phone: string, text: string): Promise<void> {
  const body = inboundText(graph.phoneNumberId, phone, text);
  for (;;) {
    const res = await postWebhook(`${botUrl}/webhooks/whatsapp`, body, SECRET).catch(() => null);
    if (res?.status === 200) return;
    await sleep(500);
  }
}

async function waitFor(ledger: Ledger, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  let last = -1;
  while (Date.now() < deadline) {
    const n = ledger.answered();
    if (n >= ledger.expected) break;
    if (n === last) await sleep(500);
    last = n;
    await sleep(100);
  }
  await sleep(1_000);
}

const line = (name: string, r: ReturnType<Ledger['report']>, extra = '') =>
  `  ${name}: lost ${r.lost}, duplicated ${r.duplicated}, crossed ${r.crossed}; webhook-to-reply p50 ${Math.round(percentile(r.latencies, 50))} ms, p99 ${Math.round(percentile(r.latencies, 99))} ms${extra}`;

async function burst(db: Database): Promise<void> {
  const graph = await new FakeGraph().start();
  const bot = await startBot(db.url, graph);
  try {
    const people = Array.from({ length: 200 }, (_, i) => `628137${String(i).padStart(6, '0')}`);
    await Promise.all(people.map((p) => deliver(bot.url, graph, p, 'halo')));
    await sleep(2_000);
    const ledger = new Ledger(graph);
    const started = Date.now();
    const cpu = cpuMs(bot.process);
    // Nine numbers each, unique to the person where 900 three-digit numbers allow.
    await Promise.all(
      people.map(async (p, i) => {
        for (let k = 0; k < 9; k++) {
          const n = 100 + ((i * 9 + k) % 900);
          ledger.expect(p, n, Date.now());
          await deliver(bot.url, graph, p, String(n));
        }
      }),
    );
    await waitFor(ledger, 120_000);
    const r = ledger.report();
    const seconds = (r.lastAt - started) / 1000;
    const perMessage = (cpuMs(bot.process) - cpu) / ledger.expected;
    console.log(line(`${db.name}, 200 people x 10 messages at once`, r, `; ${Math.round(ledger.expected / seconds)} messages/s; the bot used ${perMessage.toFixed(2)} ms CPU per message`));
  } finally {
    await stop(bot.process);
    await graph.stop();
  }
}

async function steady(db: Database, rate = 100): Promise<void> {
  const graph = await new FakeGraph().start();
  const bot = await startBot(db.url, graph);
  try {
    const people = Array.from({ length: 100 }, (_, i) => `628138${String(i).padStart(6, '0')}`);
    await Promise.all(people.map((p) => deliver(bot.url, graph, p, 'halo')));
    await sleep(2_000);
    const ledger = new Ledger(graph);
    const seconds = 30;
    const pending: Promise<void>[] = [];
    const started = Date.now();
    // Message m goes at started + m * 10 ms, from person m % 100: each person once a second.
    for (let m = 0; m < rate * seconds; m++) {
      const due = started + (m * 1000) / rate;
      if (due > Date.now()) await sleep(due - Date.now());
      const p = people[m % people.length]!;
      const n = 100 + (Math.floor(m / people.length) * 7 + (m % people.length)) % 900;
      ledger.expect(p, n, Date.now());
      pending.push(deliver(bot.url, graph, p, String(n)));
    }
    await Promise.all(pending);
    await waitFor(ledger, 60_000);
    console.log(line(`${db.name}, ${rate} messages/s offered for ${seconds} s`, ledger.report()));
  } finally {
    await stop(bot.process);
    await graph.stop();
  }
}

/** `args`: optionally "sqlite" or "postgresql", "burst" or "steady", and a rate for "steady", to run only those. */
export async function benchLoad(args: string[] = []): Promise<void> {
  console.log('whole bot as its own process, signed WhatsApp Cloud webhooks, loopback Meta:');
  const kinds = KINDS.filter((k) => !args.some((a) => ['sqlite', 'postgresql'].includes(a)) || args.includes(k.toLowerCase()));
  const rate = Number(args.find((a) => /^\d+$/.test(a)) ?? 100);
  const runs = [burst, (db: Database) => steady(db, rate)].filter((_, i) => !args.some((a) => ['burst', 'steady'].includes(a)) || args.includes(['burst', 'steady'][i]!));
  for (const kind of kinds) for (const run of runs) await withDatabase(kind, run);
}

// --- crash: kill -9 of a worker and of Redis in the middle of a broadcast ----

function worker(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['bin/pasker.js', 'worker'], { env: { ...process.env, DATA_DIR: 'data', LOG_LEVEL: 'error', QUIET_HOURS: 'off', ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
}

async function broadcastTo(url: string, count: number): Promise<void> {
  const runtime = await createRuntime(loadConfig({ ...process.env, DATABASE_URL: url, LOAD_SAMPLE_DATA: '0', DATA_DIR: 'data', QUIET_HOURS: 'off' }), silentLogger);
  const raw = openRaw(url);
  try {
    await runtime.db.contact.createMany({ data: Array.from({ length: count }, (_, i) => ({ channel: 'telegram', externalId: String(800_000 + i), lastSeenAt: new Date() })) });
    const ids = await runtime.db.contact.findMany({ select: { id: true } });
    await runtime.db.subscription.createMany({ data: ids.map((c) => ({ contactId: c.id, kecamatan: '', educationRank: 8, lastDigestAt: new Date() })) });
    const draft = await draftBroadcast(runtime.db, { text: 'Bench: job fair Sabtu.', segment: {}, createdBy: 'bench' });
    await startBroadcast(runtime.db, raw, draft.id, new Date());
  } finally {
    await raw.close();
    await runtime.close();
  }
}

async function crashOnce(db: Database, what: 'worker' | 'redis'): Promise<void> {
  const count = 1000;
  const fake = await new FakeTelegram().start();
  const redis = what === 'redis' ? await new TestRedis().start() : null;
  const env = { DATABASE_URL: db.url, TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, TELEGRAM_RATE_PER_SECOND: '100', DELIVERY_LOCK_SECONDS: '5', ...(redis ? { REDIS_URL: redis.url, REDIS_PREFIX: 'bench' } : {}) };
  const workers: ChildProcess[] = [];
  try {
    await broadcastTo(db.url, count);
    workers.push(worker(env));
    while (fake.sent.length < 300) await sleep(20);
    if (what === 'worker') {
      workers[0]!.kill('SIGKILL');
      await sleep(500);
      workers.push(worker(env));
    } else {
      await redis!.kill();
      await sleep(2_000);
      await redis!.start();
    }
    const deadline = Date.now() + 120_000;
    let last = -1;
    while (Date.now() < deadline && fake.sent.length < count) {
      if (fake.sent.length === last) await sleep(1_000);
      last = fake.sent.length;
      await sleep(200);
    }
    await sleep(2_000);
    const perChat = new Map<number, number>();
    for (const m of fake.sent) perChat.set(m.chatId, (perChat.get(m.chatId) ?? 0) + 1);
    const duplicated = [...perChat.values()].reduce((s, c) => s + c - 1, 0);
    console.log(`  ${db.name}${redis ? ' + Redis' : ''}, kill -9 of ${what === 'worker' ? 'the worker' : 'Redis (restarted empty)'} after 300 of ${count}: lost ${count - perChat.size}, sent twice ${duplicated}`);
  } finally {
    for (const w of workers) await stop(w);
    await redis?.stop();
    await fake.stop();
  }
}

export async function benchCrash(): Promise<void> {
  console.log('a 1,000-recipient broadcast, real worker processes, loopback Telegram:');
  for (const what of ['worker', 'redis'] as const) for (const kind of KINDS) await withDatabase(kind, (db) => crashOnce(db, what));
}
