// `npm run bench`: measured speed, never asserted in tests.
//   core  messages through the whole pipeline (database, understanding,
//         dialogue core) on SQLite holding 10,000 vacancies
//   nlu   understanding alone
//   alerts  matching 1,000,000 subscriptions with 2,000 new vacancies (SQLite,
//           and PostgreSQL when TEST_DATABASE_URL is set)
//   delivery  the outbox worker against a fake Telegram, at a set rate
//   load, crash  the whole bot under load, and killed mid-broadcast (bench/load.ts; not in 'all')

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRuntime, type Runtime } from '../src/app/runtime.ts';
import { loadConfig } from '../src/config.ts';
import { upsertVacancies } from '../src/db/vacancies.ts';
import { readCsv, validateRows } from '../src/domain/vacancy-import.ts';
import { dateAfter } from '../src/domain/time.ts';
import { silentLogger } from '../src/log.ts';

import Database from 'better-sqlite3';
import { planDigests } from '../src/app/alerts.ts';
import { draftBroadcast, startBroadcast } from '../src/app/broadcast.ts';
import { buildChannels } from '../src/app/channels.ts';
import { Delivery } from '../src/app/delivery.ts';
import { workerOptions } from '../src/app/delivery-runner.ts';
import { OutboxWorker } from '../src/app/outbox-worker.ts';
import { createRateLimiter } from '../src/app/rate-limit.ts';
import { loadPg, sqlitePath } from '../src/db/client.ts';
import { openRaw } from '../src/db/raw.ts';
import { FakeTelegram } from '../test/fakes/telegram-bot-api.ts';
const CONVERSATION = ['halo', 'ada loker operator di cikbar lulusan smk?', '2', 'lagi', 'yang di tambun selatan aja', 'kalau lulusan SMP?', 'yang pertama', 'menu', 'loker admin gudang daerah cibitung', 'makasih min'];

export interface BenchOptions {
  users?: string;
  warmup?: string;
  runs?: string;
}

export async function bench(args: string[], options: BenchOptions = {}): Promise<number> {
  const which = args[0] ?? 'all';
  const whole = (v: string | undefined, fallback: number, flag: string) => {
    if (v === undefined) return fallback;
    if (!/^\d+$/.test(v)) throw new Error(`${flag} must be a whole number (got "${v}")`);
    return Number(v);
  };
  const peer = { users: whole(options.users, 1000, '--users'), warmup: whole(options.warmup, 100, '--warmup'), runs: whole(options.runs, 1, '--runs') };
  // The peer workload (bench/peer.ts); minutes with several runs, so not part of 'all'.
  if (which === 'peer') return (await import('./peer.ts')).benchPeer(peer);
  if (which === 'peer-only') return (await import('./peer.ts')).peerOnly(args[1]!, peer);
  if (which === 'all' || which === 'nlu') await benchNlu();
  if (which === 'all' || which === 'core') await benchCore();
  if (which === 'all' || which === 'alerts') await benchAlerts();
  if (which === 'match-only') await matchOnly(args[1]!);
  if (which === 'all' || which === 'delivery') await benchDelivery();
  if (which === 'all' || which === 'import') await benchImport();
  if (which === 'import-only') await importOnly(args[1]!);
  if (which === 'startup-only') await startupOnly();
  if (which === 'all' || which === 'startup') await benchStartup();
  // Minutes each, so not part of 'all': the whole bot under load, and crashes mid-broadcast (bench/load.ts).
  if (which === 'load') await (await import('./load.ts')).benchLoad(args.slice(1));
  if (which === 'crash') await (await import('./load.ts')).benchCrash();
  // Issue 15's figures: lost, duplicated, crossed, latency, and kill -9 during a burst (bench/faults.ts; not in 'all').
  if (which === 'faults') await (await import('./faults.ts')).benchFaults(args.slice(1));
  return 0;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function withRuntime<T>(fn: (rt: Runtime) => Promise<T>, vacancies = 0): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pasker-bench-'));
  const runtime = await createRuntime(loadConfig({ ...process.env, DATABASE_URL: `file:${path.join(dir, 'bench.db')}`, LOAD_SAMPLE_DATA: '0', DATA_DIR: 'data' }), silentLogger);
  try {
    if (vacancies) await seedVacancies(runtime, vacancies);
    return await fn(runtime);
  } finally {
    await runtime.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// Copies of the sample vacancies with other ids and dates, marked as samples.
async function seedVacancies(runtime: Runtime, count: number): Promise<void> {
  const now = new Date();
  const samples = readCsv(fs.readFileSync('flows/samples/vacancies.csv', 'utf8'));
  const raw = Array.from({ length: count }, (_, i) => {
    const { row } = samples[i % samples.length]!;
    return {
      line: i + 2,
      row: { ...row, source_id: `bench-${i}`, published_date: dateAfter(now, -(i % 30), 'Asia/Jakarta').toISOString().slice(0, 10), closing_date: dateAfter(now, 10 + (i % 50), 'Asia/Jakarta').toISOString().slice(0, 10) },
    };
  });
  const parsed = validateRows(raw, { region: runtime.content.region, now, timeZone: 'Asia/Jakarta', defaultSource: 'sample' });
  await upsertVacancies(runtime.db, parsed.rows.map((r) => r.vacancy), { now, isSample: true });
  runtime.catalog.invalidate();
}

async function benchCore(): Promise<void> {
  await withRuntime(async (runtime) => {
    const index = await runtime.catalog.current();
    const users = 200;
    const rounds = 3;
    // Warm-up: JIT and caches.
    for (const text of CONVERSATION) await runtime.conversations.handle({ channel: 'terminal', userId: 'warm', text });
    const latencies: number[] = [];
    const started = performance.now();
    for (let round = 0; round < rounds; round++) {
      await Promise.all(
        Array.from({ length: users }, async (_, u) => {
          for (const text of CONVERSATION) {
            const t0 = performance.now();
            await runtime.conversations.handle({ channel: 'terminal', userId: `bench-${round}-${u}`, text });
            latencies.push(performance.now() - t0);
          }
        }),
      );
    }
    const seconds = (performance.now() - started) / 1000;
    // Latency of one message when nothing else is queued.
    const alone: number[] = [];
    for (let i = 0; i < 500; i++) {
      const t0 = performance.now();
      await runtime.conversations.handle({ channel: 'terminal', userId: `alone-${i % 50}`, text: CONVERSATION[i % CONVERSATION.length]! });
      alone.push(performance.now() - t0);
    }
    alone.sort((a, b) => a - b);
    latencies.sort((a, b) => a - b);
    const total = latencies.length;
    console.log(`core on SQLite with ${index.size} published vacancies`);
    console.log(`  throughput: ${Math.round(total / seconds)} messages/s (${total} messages, ${users} people at once, ${seconds.toFixed(2)} s)`);
    console.log(`  latency, one message at a time: p50 ${percentile(alone, 50).toFixed(2)} ms, p99 ${percentile(alone, 99).toFixed(2)} ms`);
    console.log(`  latency under load (incl. queueing): p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms`);
  }, 10_000);
}

async function benchNlu(): Promise<void> {
  await withRuntime(async (runtime) => {
    const dev = '../shared/nlu-dev.jsonl';
    const texts = fs.existsSync(dev) ? fs.readFileSync(dev, 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { text: string }).text) : CONVERSATION;
    const u = runtime.understander;
    for (const t of texts) await u.readAfresh(t);
    const n = 20_000;
    // Each message read afresh: the texts repeat, and the readings `understand` keeps would make this a count of lookups.
    const measure = async (read: (text: string) => Promise<unknown>) => {
      const started = performance.now();
      const cpu0 = process.cpuUsage();
      for (let i = 0; i < n; i++) await read(texts[i % texts.length]!);
      const cpu = process.cpuUsage(cpu0);
      return { perS: Math.round(n / ((performance.now() - started) / 1000)), perCpuS: Math.round(n / ((cpu.user + cpu.system) / 1e6)) };
    };
    const fresh = await measure((t) => u.readAfresh(t));
    const kept = await measure((t) => u.understand(t));
    // On a shared machine the wall clock includes other processes' turns; the CPU time is this process's alone.
    console.log(`understanding alone: ${fresh.perS} messages/s, each read afresh (${n} messages from ${texts.length} different texts; ${fresh.perCpuS} per CPU second)`);
    console.log(`  with the readings kept for repeated messages: ${kept.perS} messages/s (${kept.perCpuS} per CPU second)`);
  });
}

// --- import: a 20,000-row file, each run in its own process (its peak memory is its own) ---

const IMPORT_ROWS = 20_000;

/** A vacancy file of `rows` copies of the samples (other ids, still marked CONTOH in their titles). */
function writeImportFile(file: string, rows: number): number {
  const now = new Date();
  const samples = readCsv(fs.readFileSync('flows/samples/vacancies.csv', 'utf8'));
  const columns = ['source_id', 'title', 'company', 'district', 'address', 'min_education', 'keywords', 'employment_type', 'how_to_apply', 'salary_min', 'salary_max', 'closing_date'];
  const quote = (v: unknown) => {
    const t = v === undefined || v === null ? '' : String(v);
    return /[",\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
  };
  const out = fs.openSync(file, 'w');
  fs.writeSync(out, `${columns.join(',')}\n`);
  for (let i = 0; i < rows; i++) {
    const row: Record<string, unknown> = { ...samples[i % samples.length]!.row, source_id: `import-bench-${i}`, closing_date: dateAfter(now, 10 + (i % 50), 'Asia/Jakarta').toISOString().slice(0, 10) };
    row.title = `${String(row.title)} (CONTOH)`;
    fs.writeSync(out, `${columns.map((c) => quote(row[c])).join(',')}\n`);
  }
  fs.closeSync(out);
  return fs.statSync(file).size;
}

async function benchImport(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pasker-bench-import-'));
  try {
    const file = path.join(dir, 'vacancies.csv');
    const bytes = writeImportFile(file, IMPORT_ROWS);
    const targets: Array<[string, string, (() => Promise<void>) | null]> = [['SQLite', `file:${path.join(dir, 'import.db')}`, null]];
    const admin = process.env.TEST_DATABASE_URL;
    if (admin) {
      const name = `pasker_bench_import_${Date.now()}`;
      const client = new (loadPg().Client)({ connectionString: admin });
      await client.connect();
      await client.query(`CREATE DATABASE ${name}`);
      await client.end();
      const url = new URL(admin);
      url.pathname = `/${name}`;
      targets.push(['PostgreSQL', url.toString(), async () => {
        const c = new (loadPg().Client)({ connectionString: admin });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      }]);
    }
    for (const [label, url, drop] of targets) {
      try {
        // The database is migrated first, so the figure is the import's own.
        (await createRuntime(loadConfig({ ...process.env, DATABASE_URL: url, LOAD_SAMPLE_DATA: '0', DATA_DIR: 'data' }), silentLogger).then((r) => r.close()));
        const child = spawnSync(process.execPath, ['bin/pasker.js', 'bench', 'import-only', file], { encoding: 'utf8', env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'error', LOAD_SAMPLE_DATA: '0' } });
        if (child.status !== 0) throw new Error(`import failed: ${child.stderr}`);
        const r = { ...(JSON.parse(child.stdout.trim().split('\n').at(-1)!) as { ms: number; maxRssMb: number }), created: Number(/(\d+) created/.exec(child.stdout)?.[1] ?? NaN) };
        console.log(`import on ${label}: ${r.created.toLocaleString('en')} of ${IMPORT_ROWS.toLocaleString('en')} rows (a ${(bytes / 1e6).toFixed(1)} MB file) in ${(r.ms / 1000).toFixed(2)} s (the whole command, its start included); peak memory of the importing process ${r.maxRssMb} MB`);
      } finally {
        await drop?.();
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** `pasker import vacancies FILE` as the command runs it, timed from the start of its process; prints JSON. */
async function importOnly(file: string): Promise<void> {
  const { importVacancies } = await import('../src/commands/import.ts');
  await importVacancies(loadConfig({ ...process.env, DATA_DIR: 'data' }), file);
  console.log(JSON.stringify({ ms: Math.round(performance.timeOrigin + performance.now() - processStart()), maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
}

// --- start-up: from a new process to answering, warm and on a new database ------

/** A runtime made from the settings, as `pasker start` makes it, and one message answered; prints the time since the process started. */
async function startupOnly(): Promise<void> {
  const runtime = await createRuntime(loadConfig({ ...process.env }), silentLogger);
  try {
    await runtime.conversations.handle({ channel: 'terminal', userId: 'startup', text: 'halo' });
    console.log(JSON.stringify({ ms: Math.round(performance.timeOrigin + performance.now() - processStart()) }));
  } finally {
    await runtime.close();
  }
}

// When this process was started (from /proc on Linux, else when Node began).
function processStart(): number {
  try {
    const since = Number(fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ')[19]) / 100;
    const uptime = Number(fs.readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
    return Date.now() - (uptime - since) * 1000;
  } catch {
    return performance.timeOrigin;
  }
}

async function benchStartup(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pasker-bench-startup-'));
  try {
    const url = `file:${path.join(dir, 'startup.db')}`;
    const times: Record<string, number[]> = { 'new database': [], warm: [] };
    for (let i = 0; i < 3; i++) {
      fs.rmSync(path.join(dir, 'startup.db'), { force: true });
      fs.rmSync(path.join(dir, 'startup.db-wal'), { force: true });
      fs.rmSync(path.join(dir, 'startup.db-shm'), { force: true });
      for (const kind of ['new database', 'warm', 'warm']) {
        const child = spawnSync(process.execPath, ['bin/pasker.js', 'bench', 'startup-only'], { encoding: 'utf8', env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'error', LOAD_SAMPLE_DATA: '1', DATA_DIR: 'data' } });
        if (child.status !== 0) throw new Error(`start-up failed: ${child.stderr}`);
        times[kind]!.push(JSON.parse(child.stdout.trim().split('\n').at(-1)!).ms as number);
      }
    }
    const f = (xs: number[]) => `${(Math.min(...xs) / 1000).toFixed(2)}–${(Math.max(...xs) / 1000).toFixed(2)} s`;
    console.log(`start-up to the first answer (SQLite, process start included): warm ${f(times.warm!)}, new database ${f(times['new database']!)}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// --- alerts: matching a million subscriptions, and delivery rate ---------------


const SUBSCRIPTIONS = Number(process.env.BENCH_SUBSCRIPTIONS ?? 1_000_000);
const NEW_VACANCIES = 2000;
const KEYWORDS = ['operator', 'admin', 'gudang', 'driver', 'security', 'kasir', 'helper', 'teknisi', 'qc', 'packing', 'welder', 'perawat', 'guru', 'marketing', 'accounting'];

// A deterministic mix: 10% whole regency, else one or two kecamatan; any of 8 ranks; 40% with a job word.
function subscriptionRow(i: number, codes: string[]): { kecamatan: string; rank: number; keyword: string | null } {
  const r = (n: number) => ((i * 2654435761) >>> 0) % n;
  const a = codes[r(codes.length)]!;
  const b = codes[(r(codes.length) + 7) % codes.length]!;
  const kecamatan = i % 10 === 0 ? '' : i % 3 === 0 ? `,${[a, b].sort().join(',')},` : `,${a},`;
  return { kecamatan, rank: 1 + (i % 8), keyword: i % 5 < 2 ? KEYWORDS[i % KEYWORDS.length]! : null };
}

export async function seedAlertData(runtime: Runtime, url: string): Promise<void> {
  const codes = runtime.content.region.kecamatan.map((k) => k.code);
  const since = new Date(Date.now() - 86_400_000);
  if (url.startsWith('file:')) {
    const db = new Database(sqlitePath(url));
    db.pragma('journal_mode = WAL');
    const contact = db.prepare(`INSERT INTO "Contact" (channel, "externalId", "firstSeenAt", "lastSeenAt") VALUES ('telegram', ?, ?, ?)`);
    const sub = db.prepare(`INSERT INTO "Subscription" ("contactId", kecamatan, "educationRank", keyword, immediate, status, "lastDigestAt", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, 0, 'active', ?, ?, ?)`);
    const t = since.toISOString().replace('Z', '+00:00');
    db.transaction(() => {
      for (let i = 1; i <= SUBSCRIPTIONS; i++) {
        const id = contact.run(String(10_000_000 + i), t, t).lastInsertRowid;
        const s = subscriptionRow(i, codes);
        sub.run(id, s.kecamatan, s.rank, s.keyword, t, t, t);
      }
    })();
    db.close();
  } else {
    const client = new (loadPg().Client)({ connectionString: url });
    await client.connect();
    await client.query(`INSERT INTO "Contact" (channel, "externalId", "firstSeenAt", "lastSeenAt") SELECT 'telegram', (10000000 + g)::text, $1, $1 FROM generate_series(1, ${SUBSCRIPTIONS}) g`, [since]);
    const { rows } = await client.query<{ id: number }>('SELECT id FROM "Contact" ORDER BY id');
    for (let i = 0; i < rows.length; i += 50_000) {
      const part = rows.slice(i, i + 50_000).map((r, k) => ({ id: r.id, ...subscriptionRow(i + k + 1, codes) }));
      await client.query(
        `INSERT INTO "Subscription" ("contactId", kecamatan, "educationRank", keyword, immediate, status, "lastDigestAt", "createdAt", "updatedAt")
         SELECT * , false, 'active', $5::timestamp, $5::timestamp, $5::timestamp FROM unnest($1::int[], $2::text[], $3::int[], $4::text[])`,
        [part.map((p) => p.id), part.map((p) => p.kecamatan), part.map((p) => p.rank), part.map((p) => p.keyword), since.toISOString().replace('Z', '')],
      );
    }
    // No ANALYZE here: matching starts from a fresh database, and asks for statistics itself when they are stale.
    await client.end();
  }
  // 2,000 vacancies published in the last hour, copied from the samples (marked as samples).
  const now = new Date();
  const samples = readCsv(fs.readFileSync('flows/samples/vacancies.csv', 'utf8'));
  const raw = Array.from({ length: NEW_VACANCIES }, (_, i) => ({ line: i + 2, row: { ...samples[i % samples.length]!.row, source_id: `alert-bench-${i}`, closing_date: dateAfter(now, 30, 'Asia/Jakarta').toISOString().slice(0, 10) } }));
  const parsed = validateRows(raw, { region: runtime.content.region, now, timeZone: 'Asia/Jakarta', defaultSource: 'sample' });
  await upsertVacancies(runtime.db, parsed.rows.map((r) => r.vacancy), { now: new Date(now.getTime() - 1800_000), isSample: true });
  runtime.catalog.invalidate();
}

async function benchMatching(label: string, url: string): Promise<void> {
  const runtime = await createRuntime(loadConfig({ ...process.env, DATABASE_URL: url, LOAD_SAMPLE_DATA: '0', DATA_DIR: 'data' }), silentLogger);
  const seedStart = performance.now();
  try {
    await seedAlertData(runtime, url);
  } finally {
    await runtime.close();
  }
  const seedSeconds = ((performance.now() - seedStart) / 1000).toFixed(1);
  // Matching runs in a fresh process, so its peak memory is its own.
  const child = spawnSync(process.execPath, ['bin/pasker.js', 'bench', 'match-only', url], { encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'error' } });
  if (child.status !== 0) throw new Error(`matching failed: ${child.stderr}`);
  const r = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as { subscriptions: number; digests: number; ms: number; cpuMs: number; maxRssMb: number; planMs: number; queued: number; planRssMb: number };
  console.log(`alerts matching on ${label}: ${r.subscriptions.toLocaleString('en')} subscriptions x ${NEW_VACANCIES} new vacancies in ${(r.ms / 1000).toFixed(2)} s (${(r.cpuMs / 1000).toFixed(2)} s of CPU in Pasker's process); ${r.digests.toLocaleString('en')} digests; peak memory of the matching process ${r.maxRssMb} MB (seeding took ${seedSeconds} s)`);
  console.log(`alerts planning on ${label}: the same ${r.digests.toLocaleString('en')} digests written to the outbox (${r.queued.toLocaleString('en')} rows) and every window moved in ${(r.planMs / 1000).toFixed(2)} s; peak memory ${r.planRssMb} MB`);
}

/** The matching step alone, in its own process (`pasker bench match-only URL`); prints JSON. */
async function matchOnly(url: string): Promise<void> {
  const runtime = await createRuntime(loadConfig({ ...process.env, DATABASE_URL: url, LOAD_SAMPLE_DATA: '0', DATA_DIR: 'data' }), silentLogger);
  const raw = openRaw(url);
  try {
    await runtime.catalog.current();
    const cpu = process.cpuUsage();
    const now = new Date();
    const result = await planDigests(runtime, raw, now, { dryRun: true });
    const used = process.cpuUsage(cpu);
    const maxRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
    // Then the real plan: every digest written to the outbox and every window moved.
    const written = await planDigests(runtime, raw, now);
    console.log(JSON.stringify({ ...result, cpuMs: Math.round((used.user + used.system) / 1000), maxRssMb, planMs: written.ms, queued: written.queued, planRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
  } finally {
    await raw.close();
    await runtime.close();
  }
}

async function benchAlerts(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pasker-bench-alerts-'));
  try {
    await benchMatching('SQLite', `file:${path.join(dir, 'alerts.db')}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const admin = process.env.TEST_DATABASE_URL ?? process.env.BENCH_POSTGRES_URL;
  if (!admin) {
    console.log('alerts matching on PostgreSQL: skipped (set TEST_DATABASE_URL to an admin URL)');
    return;
  }
  const name = `pasker_bench_${Date.now()}`;
  const client = new (loadPg().Client)({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  try {
    await benchMatching('PostgreSQL', url.toString());
  } finally {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.end();
  }
}

async function benchDelivery(): Promise<void> {
  const rate = 30;
  const count = 300;
  const fake = await new FakeTelegram().start();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pasker-bench-delivery-'));
  const url = `file:${path.join(dir, 'delivery.db')}`;
  const config = loadConfig({ ...process.env, DATABASE_URL: url, LOAD_SAMPLE_DATA: '0', DATA_DIR: 'data', TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, TELEGRAM_RATE_PER_SECOND: String(rate), QUIET_HOURS: 'off' });
  const runtime = await createRuntime(config, silentLogger);
  const raw = openRaw(url);
  try {
    await runtime.db.contact.createMany({ data: Array.from({ length: count }, (_, i) => ({ channel: 'telegram', externalId: String(50_000 + i) })) });
    const ids = await runtime.db.contact.findMany({ select: { id: true } });
    await runtime.db.subscription.createMany({ data: ids.map((c) => ({ contactId: c.id, lastDigestAt: new Date() })) });
    const draft = await draftBroadcast(runtime.db, { text: 'Bench', segment: {}, createdBy: 'bench' });
    await startBroadcast(runtime.db, raw, draft.id, new Date());
    const delivery = new Delivery(runtime.db, silentLogger);
    const channels = await buildChannels(config, runtime, delivery, silentLogger);
    const limiter = createRateLimiter({ telegram: rate }, null);
    await new OutboxWorker(runtime, raw, channels, delivery, limiter, { ...workerOptions(config), batchSize: 50 }, silentLogger).drain();
    await limiter.close();
    const times = fake.sent.map((m) => m.at).sort((a, b) => a - b);
    const achieved = (times.length - 1) / ((times.at(-1)! - times[0]!) / 1000);
    console.log(`delivery against the fake Telegram: ${times.length} messages at ${achieved.toFixed(1)} messages/s with the rate set to ${rate}/s (${((achieved / rate) * 100).toFixed(1)}% of it)`);
  } finally {
    await raw.close();
    await runtime.close();
    await fake.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
