// `npm run bench -- faults`: the figures issue 15 asks for, from the harness
// of test/faults-*.test.ts (the loopback Meta of test/fakes/graph-api.ts, a
// Redis of our own from test/fakes/redis-server.ts, the databases of
// test/support/databases.ts), with the bot as real `pasker start` processes
// behind the signed WhatsApp Cloud webhook. On SQLite always, and on
// PostgreSQL when TEST_DATABASE_URL is set (in databases named
// pasker_faultsbench_*, dropped afterwards):
//   burst   200 people send 10 messages each, all at once: replies lost,
//           duplicated, crossed; webhook-to-reply p50/p99
//   steady  100 messages a second offered for 20 s: webhook-to-reply p50/p99
//   worker  the burst again with two bot processes (each answers webhooks and
//           delivers the outbox) and a 1,000-recipient broadcast in the
//           outbox; one process is killed with -9 a third of the way in
//   redis   the same with REDIS_URL (BullMQ delivery, rate limits in Redis);
//           Redis is killed with -9 and restarted empty a third of the way in
// Figures are printed (a table, then one JSON line), never asserted.
// `npm run bench -- faults sqlite,burst` runs only those (any of the names, by commas).
//
// Every counted message is a number the menu lacks, so each reply ("pilihan
// 123 tidak ada") names the message it answers: one that never comes is lost
// (or "asked again" when the person was told instead to send it again, the
// `unavailable` text of flows/service.yaml), one that comes twice is duplicated, one that reaches a person who did not
// send that number is crossed. Meta's side posts each message (the same
// message id each time) until it is answered 200, moving to the other
// process when one refuses or is gone, as a load balancer would.

import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import pg from 'pg';
import YAML from 'yaml';
import { draftBroadcast, startBroadcast } from '../src/app/broadcast.ts';
import { openRaw } from '../src/db/raw.ts';
import { FakeGraph, inboundText, postWebhook, type GraphSent } from '../test/fakes/graph-api.ts';
import { TestRedis } from '../test/fakes/redis-server.ts';
import { POSTGRES_URL, sqliteDatabase } from '../test/support/databases.ts';
import { freePort } from '../test/support/redis.ts';
import { startRuntime } from '../test/support/runtime.ts';

const SECRET = 'faultsbench-app-secret';
const DATA_DIR = 'data/test-cache';
const PEOPLE = 200;
const PER_PERSON = 10;
const BROADCAST = 1000;
const STEADY_RATE = 100;
const STEADY_SECONDS = 20;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

type Kind = 'sqlite' | 'postgresql';
type Scenario = 'burst' | 'steady' | 'worker' | 'redis';
const SCENARIOS: Scenario[] = ['burst', 'steady', 'worker', 'redis'];

interface Row {
  database: Kind;
  scenario: Scenario;
  messages: number;
  /** Never answered, and the person not told either. */
  lost: number;
  /** Not answered, but the person was asked to send the message again (flows/service.yaml `unavailable`). */
  askedAgain: number;
  duplicated: number;
  crossed: number;
  p50Ms: number;
  p99Ms: number;
  messagesPerSecond: number;
  /** Webhook posts refused or failed (Meta's side tried again). */
  retried: number;
  broadcast?: { recipients: number; lost: number; sentTwice: number };
  note?: string;
}

// --- databases: a fresh SQLite file, or a PostgreSQL database of our own ---

async function withDatabase<T>(kind: Kind, scenario: Scenario, fn: (url: string) => Promise<T>): Promise<T> {
  if (kind === 'sqlite') {
    const db = sqliteDatabase();
    try {
      return await fn(await db.create());
    } finally {
      await db.dropAll();
    }
  }
  const name = `pasker_faultsbench_${scenario}`;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: POSTGRES_URL });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  // A run that was interrupted leaves its database behind.
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  try {
    return await fn(url.toString());
  } finally {
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

// --- the bot: `pasker start` processes answering the Cloud webhook ---------

interface Bot {
  url: string;
  process: ChildProcess;
}

/** What the bot processes logged at level error: counted by message, not printed as it comes. */
class BotLog {
  readonly counts = new Map<string, number>();
  private tail: string[] = [];

  watch(child: ChildProcess): void {
    let rest = '';
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop()!;
      for (const line of lines) {
        this.tail = [...this.tail.slice(-20), line];
        let msg = line.trim();
        try {
          const entry = JSON.parse(line) as { level?: string; msg?: string; error?: string };
          if (entry.level !== 'error') continue;
          msg = `${entry.msg ?? ''}${entry.error ? ` (${entry.error.slice(0, 60)})` : ''}`;
        } catch {
          if (!msg || msg.startsWith('pasker: checking')) continue;
        }
        this.counts.set(msg, (this.counts.get(msg) ?? 0) + 1);
      }
    });
  }

  get lastLines(): string {
    return this.tail.join('\n');
  }

  summary(): string | null {
    if (!this.counts.size) return null;
    const total = [...this.counts.values()].reduce((a, b) => a + b, 0);
    const top = [...this.counts].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([m, n]) => `${n}× ${m}`);
    return `the bot processes logged ${total} errors: ${top.join('; ')}`;
  }
}

async function startBot(databaseUrl: string, graph: FakeGraph, log: BotLog, extra: Record<string, string> = {}): Promise<Bot> {
  const port = await freePort();
  const child = spawn(process.execPath, ['bin/pasker.js', 'start'], {
    env: {
      ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), LOG_LEVEL: 'error', DATA_DIR, LOAD_SAMPLE_DATA: '1', QUIET_HOURS: 'off', WEB_CONSOLE: '0',
      WHATSAPP_CLOUD_TOKEN: graph.token, WHATSAPP_PHONE_NUMBER_ID: graph.phoneNumberId, WHATSAPP_APP_SECRET: SECRET, WHATSAPP_VERIFY_TOKEN: 'v', WHATSAPP_CLOUD_API_ROOT: graph.apiRoot,
      ...extra,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  log.watch(child);
  const url = `http://127.0.0.1:${port}`;
  // The first start trains the understanding model into DATA_DIR: minutes on a busy machine.
  const deadline = Date.now() + 300_000;
  for (;;) {
    if ((await fetch(`${url}/healthz`).catch(() => null))?.status === 200) return { url, process: child };
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the bot did not start:\n${log.lastLines}`);
    await sleep(200);
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(t);
}

function kill9(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGKILL');
  return exited;
}

// --- Meta's side, and the ledger of what was sent and answered -------------

// What a person is sent instead of an answer when a message could not be handled ("tolong kirim lagi").
const UNAVAILABLE = (YAML.parse(fs.readFileSync('flows/service.yaml', 'utf8')) as { unavailable: string }).unavailable;

const cloudText = (m: GraphSent) => (m.type === 'text' ? (m.body.text as { body: string }).body : JSON.stringify(m.body.interactive));

class Meta {
  retried = 0;
  private next = 0;
  constructor(
    private readonly graph: FakeGraph,
    private readonly bots: () => Bot[],
  ) {}

  /** Posts one message until a process answers 200; starts at the next process in turn, moves on when one fails. */
  async send(phone: string, text: string): Promise<void> {
    const body = inboundText(this.graph.phoneNumberId, phone, text);
    let i = this.next++;
    for (;;) {
      const bots = this.bots();
      const bot = bots[i % bots.length]!;
      const res = await postWebhook(`${bot.url}/webhooks/whatsapp`, body, SECRET).catch(() => null);
      if (res?.status === 200) return;
      this.retried++;
      i++;
      await sleep(i % bots.length === 0 ? 500 : 50);
    }
  }
}

class Ledger {
  private readonly sentAt = new Map<string, number>();
  private readonly owners = new Map<number, Set<string>>();
  constructor(private readonly graph: FakeGraph) {}

  expect(phone: string, n: number): void {
    this.sentAt.set(`${phone}:${n}`, Date.now());
    if (!this.owners.has(n)) this.owners.set(n, new Set());
    this.owners.get(n)!.add(phone);
  }

  get expected(): number {
    return this.sentAt.size;
  }

  private answers(): Array<{ key: string; phone: string; n: number; at: number }> {
    return this.graph.sent.flatMap((m) => [...cloudText(m).matchAll(/pilihan (\d+) tidak ada/g)].map((x) => ({ key: `${m.to}:${x[1]}`, phone: m.to, n: Number(x[1]), at: m.at })));
  }

  answered(): number {
    return new Set(this.answers().filter((a) => this.sentAt.has(a.key)).map((a) => a.key)).size;
  }

  report(): { lost: number; askedAgain: number; duplicated: number; crossed: number; latencies: number[]; firstAt: number; lastAt: number } {
    const seen = new Map<string, number>();
    let crossed = 0;
    let firstAt = Infinity;
    let lastAt = 0;
    const latencies: number[] = [];
    for (const a of this.answers()) {
      if (!this.sentAt.has(a.key)) {
        if (this.owners.has(a.n)) crossed++;
        continue;
      }
      firstAt = Math.min(firstAt, a.at);
      lastAt = Math.max(lastAt, a.at);
      seen.set(a.key, (seen.get(a.key) ?? 0) + 1);
      if (seen.get(a.key) === 1) latencies.push(a.at - this.sentAt.get(a.key)!);
    }
    // Per person: messages not answered, less the times the person was asked to send one again.
    const missing = new Map<string, number>();
    for (const k of this.sentAt.keys()) if (!seen.has(k)) missing.set(k.split(':')[0]!, (missing.get(k.split(':')[0]!) ?? 0) + 1);
    const askedTo = new Map<string, number>();
    for (const m of this.graph.sent) if (missing.has(m.to) && cloudText(m) === UNAVAILABLE) askedTo.set(m.to, (askedTo.get(m.to) ?? 0) + 1);
    let lost = 0;
    let askedAgain = 0;
    for (const [phone, n] of missing) {
      const asked = Math.min(n, askedTo.get(phone) ?? 0);
      askedAgain += asked;
      lost += n - asked;
    }
    const duplicated = [...seen.values()].reduce((s, c) => s + c - 1, 0);
    return { lost, askedAgain, duplicated, crossed, latencies: latencies.sort((x, y) => x - y), firstAt, lastAt };
  }
}

/** Until everything expected has come, or nothing new has for `quietMs`; then a little longer, for duplicates. */
async function settle(progress: () => number, expected: number, quietMs: number, maxMs = 180_000): Promise<void> {
  const deadline = Date.now() + maxMs;
  let last = -1;
  let since = Date.now();
  while (Date.now() < deadline) {
    const n = progress();
    if (n >= expected) break;
    if (n !== last) {
      last = n;
      since = Date.now();
    } else if (Date.now() - since > quietMs) break;
    await sleep(250);
  }
  await sleep(2_000);
}

const phones = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(6, '0')}`);

/** Person i's k-th number: 100 to 999, so that a reply names the message it answers. */
const numberOf = (i: number, k: number) => 100 + ((i * PER_PERSON + k) % 900);

/** Everyone says "halo" first (not counted): the burst then measures answers, not first greetings. */
async function greet(meta: Meta, people: string[], graph: FakeGraph): Promise<void> {
  await Promise.all(people.map((p) => meta.send(p, 'halo')));
  await settle(() => new Set(graph.sent.map((m) => m.to)).size, people.length, 10_000);
}

function row(kind: Kind, scenario: Scenario, ledger: Ledger, meta: Meta, startedAt: number, extra: Partial<Row> = {}): Row {
  const r = ledger.report();
  return {
    database: kind, scenario, messages: ledger.expected, lost: r.lost, askedAgain: r.askedAgain, duplicated: r.duplicated, crossed: r.crossed,
    p50Ms: Math.round(percentile(r.latencies, 50)), p99Ms: Math.round(percentile(r.latencies, 99)),
    messagesPerSecond: Math.round((ledger.expected - r.lost - r.askedAgain) / Math.max(0.001, (r.lastAt - startedAt) / 1000)),
    retried: meta.retried, ...extra,
  };
}

const notes = (log: BotLog): Partial<Row> => {
  const summary = log.summary();
  return summary ? { note: summary } : {};
};

// --- the scenarios ----------------------------------------------------------

async function burst(kind: Kind, url: string): Promise<Row> {
  const graph = await new FakeGraph().start();
  const log = new BotLog();
  const bot = await startBot(url, graph, log);
  try {
    const meta = new Meta(graph, () => [bot]);
    const people = phones('6281370', PEOPLE);
    await greet(meta, people, graph);
    meta.retried = 0;
    const ledger = new Ledger(graph);
    const started = Date.now();
    await Promise.all(people.flatMap((p, i) => Array.from({ length: PER_PERSON }, (_, k) => (ledger.expect(p, numberOf(i, k)), meta.send(p, String(numberOf(i, k)))))));
    await settle(() => ledger.answered(), ledger.expected, 15_000);
    return row(kind, 'burst', ledger, meta, started, notes(log));
  } finally {
    await stop(bot.process);
    await graph.stop();
  }
}

async function steady(kind: Kind, url: string): Promise<Row> {
  const graph = await new FakeGraph().start();
  const log = new BotLog();
  const bot = await startBot(url, graph, log);
  try {
    const meta = new Meta(graph, () => [bot]);
    const people = phones('6281380', STEADY_RATE);
    await greet(meta, people, graph);
    meta.retried = 0;
    const ledger = new Ledger(graph);
    const pending: Promise<void>[] = [];
    const started = Date.now();
    // Message m is due at started + m × 10 ms, from person m % 100: each person once a second.
    for (let m = 0; m < STEADY_RATE * STEADY_SECONDS; m++) {
      const due = started + (m * 1000) / STEADY_RATE;
      if (due > Date.now()) await sleep(due - Date.now());
      const i = m % people.length;
      const n = numberOf(i, Math.floor(m / people.length));
      ledger.expect(people[i]!, n);
      pending.push(meta.send(people[i]!, String(n)));
    }
    await Promise.all(pending);
    await settle(() => ledger.answered(), ledger.expected, 15_000);
    return row(kind, 'steady', ledger, meta, started, notes(log));
  } finally {
    await stop(bot.process);
    await graph.stop();
  }
}

/** A broadcast to `count` WhatsApp subscribers (seen within the 24-hour window), queued in the outbox. */
async function queueBroadcast(url: string, recipients: string[]): Promise<void> {
  const runtime = await startRuntime(url, { QUIET_HOURS: 'off' });
  const raw = openRaw(url);
  try {
    await runtime.db.contact.createMany({ data: recipients.map((p) => ({ channel: 'whatsapp', externalId: p, lastSeenAt: new Date() })) });
    const ids = await runtime.db.contact.findMany({ where: { externalId: { in: recipients } }, select: { id: true } });
    await runtime.db.subscription.createMany({ data: ids.map((c) => ({ contactId: c.id, kecamatan: '', educationRank: 8, lastDigestAt: new Date() })) });
    const draft = await draftBroadcast(runtime.db, { text: 'CONTOH: job fair Sabtu.', segment: {}, createdBy: 'faultsbench' });
    await startBroadcast(runtime.db, raw, draft.id, new Date());
  } finally {
    await raw.close();
    await runtime.close();
  }
}

/** The burst into two bot processes while a broadcast is delivered; `fault` strikes once a third of the replies have come. */
async function underFault(kind: Kind, url: string, what: 'worker' | 'redis'): Promise<Row> {
  const graph = await new FakeGraph().start();
  const redis = what === 'redis' ? await new TestRedis().start() : null;
  const env = { WHATSAPP_RATE_PER_SECOND: '100', DELIVERY_LOCK_SECONDS: '5', ...(redis ? { REDIS_URL: redis.url, REDIS_PREFIX: 'faultsbench' } : {}) };
  const bots: Bot[] = [];
  const log = new BotLog();
  try {
    // The first process migrates the database; the second starts on it.
    bots.push(await startBot(url, graph, log, env));
    bots.push(await startBot(url, graph, log, env));
    let alive = [...bots];
    const meta = new Meta(graph, () => alive);
    const people = phones('6281390', PEOPLE);
    await greet(meta, people, graph);
    meta.retried = 0;
    const recipients = phones('6281999', BROADCAST);
    await queueBroadcast(url, recipients);
    const ledger = new Ledger(graph);
    const started = Date.now();
    const sending = Promise.all(people.flatMap((p, i) => Array.from({ length: PER_PERSON }, (_, k) => (ledger.expect(p, numberOf(i, k)), meta.send(p, String(numberOf(i, k)))))));
    while (ledger.answered() < ledger.expected / 3) await sleep(20);
    let note: string;
    if (what === 'worker') {
      note = `kill -9 of one of two bot processes after ${ledger.answered()} of ${ledger.expected} replies and ${broadcastSent(graph, recipients).size} of ${BROADCAST} broadcast messages`;
      await kill9(bots[0]!.process);
      alive = [bots[1]!];
    } else {
      note = `kill -9 of Redis after ${ledger.answered()} of ${ledger.expected} replies and ${broadcastSent(graph, recipients).size} of ${BROADCAST} broadcast messages, restarted empty 2 s later`;
      await redis!.kill();
      await sleep(2_000);
      await redis!.start();
    }
    await sending;
    // Longer than a failed outbox row waits before it is tried again (10 s), so none is counted lost too early.
    await settle(() => ledger.answered() + broadcastSent(graph, recipients).size, ledger.expected + BROADCAST, 30_000);
    const perRecipient = broadcastSent(graph, recipients);
    const sentTwice = [...perRecipient.values()].reduce((s, c) => s + c - 1, 0);
    return row(kind, what, ledger, meta, started, { broadcast: { recipients: BROADCAST, lost: BROADCAST - perRecipient.size, sentTwice }, note: [note, log.summary()].filter(Boolean).join('; ') });
  } finally {
    for (const b of bots) await stop(b.process);
    await redis?.stop();
    await graph.stop();
  }
}

function broadcastSent(graph: FakeGraph, recipients: string[]): Map<string, number> {
  const wanted = new Set(recipients);
  const counts = new Map<string, number>();
  for (const m of graph.sent) if (wanted.has(m.to) && cloudText(m).includes('job fair Sabtu')) counts.set(m.to, (counts.get(m.to) ?? 0) + 1);
  return counts;
}

// --- the table and the JSON line --------------------------------------------

const TITLES: Record<Scenario, string> = {
  burst: `${PEOPLE} people × ${PER_PERSON} messages at once`,
  steady: `${STEADY_RATE} messages/s offered for ${STEADY_SECONDS} s`,
  worker: 'the burst, kill -9 of a bot process',
  redis: 'the burst, kill -9 of Redis (restarted empty)',
};

function printTable(rows: Row[]): void {
  const header = ['database', 'scenario', 'messages', 'lost', 'asked again', 'dup', 'crossed', 'p50 ms', 'p99 ms', 'msg/s', 'retried', 'broadcast lost/twice'];
  const cells = rows.map((r) => [r.database, TITLES[r.scenario], String(r.messages), String(r.lost), String(r.askedAgain), String(r.duplicated), String(r.crossed), String(r.p50Ms), String(r.p99Ms), String(r.messagesPerSecond), String(r.retried), r.broadcast ? `${r.broadcast.lost}/${r.broadcast.sentTwice} of ${r.broadcast.recipients}` : '']);
  const widths = header.map((h, c) => Math.max(h.length, ...cells.map((row) => row[c]!.length)));
  const fmt = (row: string[]) => row.map((v, c) => (c < 2 ? v.padEnd(widths[c]!) : v.padStart(widths[c]!))).join('  ');
  console.log(fmt(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const c of cells) console.log(fmt(c));
  for (const r of rows) if (r.note) console.log(`  ${r.database} ${r.scenario}: ${r.note}`);
}

/** `args`: optionally "sqlite" / "postgresql" and scenario names (separated by commas), to run only those. */
export async function benchFaults(words: string[] = []): Promise<void> {
  const args = words.flatMap((w) => w.split(',')).map((w) => w.trim().toLowerCase()).filter(Boolean);
  const unknown = args.filter((a) => a !== 'sqlite' && a !== 'postgresql' && !(SCENARIOS as string[]).includes(a));
  if (unknown.length) throw new Error(`pasker bench faults: unexpected ${unknown.join(', ')}; use sqlite, postgresql, ${SCENARIOS.join(', ')} (separated by commas)`);
  const kinds: Kind[] = POSTGRES_URL ? ['sqlite', 'postgresql'] : ['sqlite'];
  const onlyKinds = kinds.filter((k) => !args.some((a) => a === 'sqlite' || a === 'postgresql') || args.includes(k));
  const onlyScenarios = SCENARIOS.filter((s) => !args.some((a) => (SCENARIOS as string[]).includes(a)) || args.includes(s));
  console.log(`faults: the whole bot as its own process(es), signed WhatsApp Cloud webhooks, loopback Meta; ${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(1)} at the start`);
  if (!POSTGRES_URL) console.log('PostgreSQL: skipped (set TEST_DATABASE_URL to an admin URL)');
  const rows: Row[] = [];
  for (const kind of onlyKinds) {
    for (const scenario of onlyScenarios) {
      const run = scenario === 'burst' ? burst : scenario === 'steady' ? steady : (k: Kind, u: string) => underFault(k, u, scenario);
      const r = await withDatabase(kind, scenario, (url) => run(kind, url));
      rows.push(r);
      console.error(`  done: ${kind} ${scenario}`);
    }
  }
  console.log('');
  printTable(rows);
  console.log(JSON.stringify({ bench: 'faults', at: new Date().toISOString(), cores: os.cpus().length, loadAverage: os.loadavg().map((l) => Number(l.toFixed(1))), node: process.version, rows }));
}
