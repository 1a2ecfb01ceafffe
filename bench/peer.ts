// `npm run bench -- peer`: the workload of the BuilderBot peer benchmark
// (../shared/peer-builderbot/README.md) through Pasker's own conversation
// service, and BuilderBot's harness in the same run when its dependencies are
// installed there (`npm ci` in that folder), so both are measured on the same
// machine at the same moment.
//
// Workload, as the peer's README defines it: 10,000 vacancies generated with
// mulberry32 (seed 42) over the 23 kecamatan; N people (6281000000000…), person
// u sends `halo` → `loker` → DISTRICTS[u % 23] → `2` → `menu`; closed loop, all
// start at t0, each sends the next message in a later macrotask (setImmediate)
// as soon as the reply batch to the previous one is recorded. A warm-up of 100
// other people runs first and is not counted.
//
// Pasker asks the education level after the kecamatan, so its `2` (SMP) gets
// the district's list where BuilderBot's `2` gets a detail: the same five
// messages, each with one reply batch. Every reply is checked as the peer
// harness checks its own: exactly one batch per message, none to a person not
// waiting, and the right content: the menu, the kecamatan prompt and the
// education question as a lone person gets them, and for the `2` the
// district's list, checked against the generated data (the count of
// vacancies in that kecamatan open to SMP, and every listed one among them).
//
// Each Pasker figure comes from its own process (`pasker bench peer-only URL`),
// so its peak RSS is its own, as the peer's is; the runs alternate
// BuilderBot / Pasker so the machine's other load falls on both.

import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { renderText } from '../src/channels/render-text.ts';
import { createRuntime } from '../src/app/runtime.ts';
import { loadConfig } from '../src/config.ts';
import { providerOf } from '../src/db/client.ts';
import { upsertVacancies } from '../src/db/vacancies.ts';
import { dateAfter } from '../src/domain/time.ts';
import { validateRows } from '../src/domain/vacancy-import.ts';
import { silentLogger } from '../src/log.ts';
import type { Reply } from '../src/core/types.ts';

export const PEER_DIR = path.resolve('..', 'shared', 'peer-builderbot');

// --- the peer's data, generated exactly as bench.mjs generates it ------------

const DISTRICTS = [
  'Tarumajaya', 'Babelan', 'Sukawangi', 'Tambelang', 'Tambun Utara', 'Tambun Selatan',
  'Cibitung', 'Cikarang Barat', 'Cikarang Utara', 'Karang Bahagia', 'Cikarang Timur',
  'Kedung Waringin', 'Pebayuran', 'Sukakarya', 'Sukatani', 'Cabangbungin', 'Muaragembong',
  'Setu', 'Cikarang Selatan', 'Cikarang Pusat', 'Serang Baru', 'Cibarusah', 'Bojongmangu',
];
const EDUCATION = ['SD', 'SMP', 'SMA/SMK', 'D3', 'S1'];
const TITLES = [
  'Operator Produksi', 'Admin Gudang', 'Staff QC', 'Driver', 'Teknisi Maintenance', 'Helper',
  'Security', 'Staff HRD', 'Kasir', 'Sales Lapangan', 'Staff Accounting', 'Welder',
  'Operator Forklift', 'Cleaning Service', 'Packing',
];
const CO_A = ['Sinar', 'Maju', 'Karya', 'Mitra', 'Indo', 'Surya', 'Cahaya', 'Prima', 'Mega', 'Jaya'];
const CO_B = ['Abadi', 'Sejahtera', 'Makmur', 'Perkasa', 'Mandiri', 'Utama', 'Sentosa', 'Lestari'];
const CO_C = ['Plastik', 'Logistik', 'Otomotif', 'Elektronik', 'Pangan', 'Tekstil', 'Kimia', 'Metal'];

function mulberry32(a: number): () => number {
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface PeerVacancy {
  id: string;
  title: string;
  company: string;
  district: string;
  education: string;
}

export function peerVacancies(n = 10_000, seed = 42): PeerVacancy[] {
  const rnd = mulberry32(seed);
  const pick = <T>(arr: T[]): T => arr[Math.floor(rnd() * arr.length)]!;
  const out: PeerVacancy[] = [];
  for (let i = 0; i < n; i++) {
    const district = pick(DISTRICTS);
    out.push({ id: `LK${String(i + 1).padStart(5, '0')}`, title: pick(TITLES), company: `PT ${pick(CO_A)} ${pick(CO_B)} ${pick(CO_C)}`, district, education: pick(EDUCATION) });
  }
  return out;
}

// --- one measured run of Pasker (its own process) ----------------------------

interface Person {
  id: string;
  inputs: string[];
  district: string;
  step: number;
  waiting: boolean;
  batches: number;
  t0: number;
}

interface PhaseResult {
  outcome: 'complete' | 'stalled';
  messages: number;
  expected: number;
  replies: number;
  unexpected: number;
  mismatched: number;
  missing: number;
  problems: unknown[];
  wallMs: number;
  latencies: number[];
}

const STEPS = 5;
const LIST_STEP = 3;

/** `pasker bench peer-only URL [--users N] [--warmup N]`: one run on the database at URL (empty), printing the peer's JSON line. */
export async function peerOnly(url: string, options: { users: number; warmup: number; stallS?: number }): Promise<number> {
  const runtime = await createRuntime(loadConfig({ ...process.env, DATABASE_URL: url, LOAD_SAMPLE_DATA: '0', DATA_DIR: 'data', LOG_LEVEL: 'error' }), silentLogger);
  try {
    const mem = (label: string) => process.env.BENCH_PEER_MEMORY && ((globalThis as { gc?: () => void }).gc?.(), true) && console.error(`${label}: rss ${Math.round(process.memoryUsage().rss / 1048576)} MB, heap ${Math.round(process.memoryUsage().heapUsed / 1048576)} MB, peak ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
    mem('started');
    // The vacancies were imported by another process (paskerRun), as staff import them.
    const data = peerVacancies();
    runtime.catalog.invalidate();
    const index = await runtime.catalog.current();
    if (index.size !== data.length) throw new Error(`the database holds ${index.size} published vacancies, not the peer's ${data.length}: run this through "npm run bench -- peer"`);
    mem('indexed');
    const expectedList = expectedLists(data);
    // What a lone person gets for the messages whose reply does not depend on the kecamatan.
    const reference: string[] = [];
    for (const [i, text] of ['halo', 'loker', DISTRICTS[0]!, '2', 'menu'].entries()) {
      const replies = await runtime.conversations.handle({ channel: 'whatsapp', userId: '6280000000000', text });
      reference[i] = batchText(replies);
    }
    const checks = { reference, expectedList };
    const warm = options.warmup > 0 ? await phase(runtime, options.warmup, '6289', checks, options.stallS ?? 60) : null;
    const profile = process.env.BENCH_PEER_PROFILE ? await startProfile() : null;
    mem('warmed up');
    const cpu = process.cpuUsage();
    const res = await phase(runtime, options.users, '6281', checks, options.stallS ?? 60);
    const used = process.cpuUsage(cpu);
    mem('measured');
    if (profile) await profile.stop(process.env.BENCH_PEER_PROFILE!);
    const sorted = Float64Array.from(res.latencies).sort();
    const r2 = (x: number) => Math.round(x * 100) / 100;
    console.log(JSON.stringify({
      framework: 'pasker', version: JSON.parse(fs.readFileSync('package.json', 'utf8')).version, database: providerOf(url),
      users: options.users, messages: res.messages, msgs_per_s: r2((res.messages / res.wallMs) * 1000), p50_ms: r2(pct(sorted, 50)), p99_ms: r2(pct(sorted, 99)), rss_mb: r2(process.resourceUsage().maxRSS / 1024),
    }));
    console.error(JSON.stringify({ details: { node: process.version, outcome: res.outcome, expected_messages: res.expected, replies: res.replies, unexpected: res.unexpected, mismatched: res.mismatched, missing: res.missing, wall_ms: r2(res.wallMs), cpu_ms_per_message: r2((used.user + used.system) / 1000 / res.messages), max_ms: r2(sorted[sorted.length - 1] ?? NaN), warmup_ok: warm ? ok(warm) : null } }));
    let bad = false;
    for (const [label, r] of [['warmup', warm], ['run', res]] as const) {
      if (!r || ok(r)) continue;
      bad = true;
      console.error(`WARNING (${label}): ${r.missing} inbound messages without a reply batch, ${r.unexpected} replies to a person who was not waiting, ${r.mismatched} replies with the wrong content (outcome: ${r.outcome}). First problems: ${JSON.stringify(r.problems)}`);
    }
    return bad ? 1 : 0;
  } finally {
    await runtime.close();
  }
}

// BENCH_PEER_PROFILE=FILE.cpuprofile: a CPU profile of the measured phase only (not start-up, seeding or warm-up).
async function startProfile(): Promise<{ stop(file: string): Promise<void> }> {
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  return {
    async stop(file: string) {
      const { profile } = await session.post('Profiler.stop');
      fs.writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

const ok = (r: PhaseResult) => !r.missing && !r.unexpected && !r.mismatched && r.outcome === 'complete';

function pct(sorted: Float64Array, p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

const batchText = (replies: Reply[]) => replies.map((r) => renderText(r)).join('\n\n');

// The generated vacancies as Pasker imports them: samples (each shown as CONTOH), open for 30 days.
async function seed(runtime: Awaited<ReturnType<typeof createRuntime>>, data: PeerVacancy[]): Promise<void> {
  const now = new Date();
  const closing = dateAfter(now, 30, runtime.config.TIMEZONE).toISOString().slice(0, 10);
  const raw = data.map((v, i) => ({
    line: i + 2,
    row: { source_id: v.id, title: v.title, company: v.company, district: v.district, min_education: v.education, keywords: v.title.toLowerCase(), employment_type: '', how_to_apply: 'CONTOH: data uji kecepatan, bukan lowongan asli.', closing_date: closing },
  }));
  const parsed = validateRows(raw, { region: runtime.content.region, now, timeZone: runtime.config.TIMEZONE, defaultSource: 'sample' });
  if (parsed.errors.length) throw new Error(`the peer's vacancies were refused: ${JSON.stringify(parsed.errors.slice(0, 3))}`);
  await upsertVacancies(runtime.db, parsed.rows.map((r) => r.vacancy), { now, isSample: true });
  runtime.catalog.invalidate();
}

// Per kecamatan: how many vacancies are open to someone with SMP (min. SD or SMP), and their "title · company" pairs.
function expectedLists(data: PeerVacancy[]): Map<string, { count: number; items: Set<string> }> {
  const out = new Map<string, { count: number; items: Set<string> }>();
  for (const d of DISTRICTS) out.set(d, { count: 0, items: new Set() });
  for (const v of data) {
    if (v.education !== 'SD' && v.education !== 'SMP') continue;
    const e = out.get(v.district)!;
    e.count++;
    e.items.add(`${v.title}|${v.company}`);
  }
  return out;
}

// The reply to the `2`: the list for this person's kecamatan, with the count the data gives and only vacancies of it.
function listProblem(replies: Reply[], district: string, expected: { count: number; items: Set<string> }): string | null {
  const text = batchText(replies);
  if (!text.includes(`Ada ${expected.count.toLocaleString('id-ID')} lowongan di ${district} `) && !text.includes(`Ada ${expected.count} lowongan di ${district} `)) return `not the list of ${district} (${expected.count} open to SMP)`;
  const choices = replies.flatMap((r) => r.choices);
  if (!choices.length) return 'a list without items';
  for (const c of choices) {
    const title = c.label.replace(/\s*\(CONTOH\)$/, '');
    const company = (c.detail ?? '').split(' · ')[0] ?? '';
    if (!expected.items.has(`${title}|${company}`) || !(c.detail ?? '').includes(` · ${district} · `)) return `"${c.label} ${c.detail ?? ''}" is not a vacancy of ${district} open to SMP`;
  }
  return null;
}

async function phase(runtime: Awaited<ReturnType<typeof createRuntime>>, n: number, prefix: string, checks: { reference: string[]; expectedList: Map<string, { count: number; items: Set<string> }> }, stallS: number): Promise<PhaseResult> {
  const people: Person[] = Array.from({ length: n }, (_, u) => {
    const district = DISTRICTS[u % DISTRICTS.length]!;
    return { id: `${prefix}${String(u).padStart(9, '0')}`, inputs: ['halo', 'loker', district, '2', 'menu'], district, step: 0, waiting: false, batches: 0, t0: 0 };
  });
  const latencies: number[] = [];
  let replies = 0;
  let unexpected = 0;
  let mismatched = 0;
  let done = 0;
  let tEnd = 0;
  let lastProgress = performance.now();
  const problems: unknown[] = [];
  let finish!: (o: 'complete' | 'stalled') => void;
  const finished = new Promise<'complete' | 'stalled'>((r) => (finish = r));

  const received = (p: Person, batch: Reply[]) => {
    const t = performance.now();
    replies += batch.length;
    if (!p.waiting) {
      unexpected++;
      if (problems.length < 5) problems.push({ kind: 'unexpected', to: p.id, step: p.step });
      return;
    }
    const problem = p.step === LIST_STEP ? listProblem(batch, p.district, checks.expectedList.get(p.district)!) : batchText(batch) === checks.reference[p.step] ? null : 'not what a lone person gets';
    if (problem) {
      mismatched++;
      if (problems.length < 5) problems.push({ kind: 'wrong content', to: p.id, step: p.step, problem, message: batchText(batch).slice(0, 120) });
    }
    latencies.push(t - p.t0);
    p.waiting = false;
    lastProgress = t;
    tEnd = t;
    if (++p.step < STEPS) setImmediate(() => inject(p));
    else if (++done === n) finish('complete');
  };

  // As a channel does: the replies of one message are sent (here: recorded) before that person's next message is looked at.
  const inject = (p: Person) => {
    p.waiting = true;
    p.t0 = performance.now();
    const batch: Reply[] = [];
    void runtime.conversations
      .handleAndSend({ channel: 'whatsapp', userId: p.id, text: p.inputs[p.step]! }, async (reply) => {
        batch.push(reply);
        return { ok: true };
      })
      .then(
        () => received(p, batch),
        (err: unknown) => {
          if (problems.length < 5) problems.push({ kind: 'error', to: p.id, step: p.step, error: String(err) });
        },
      );
  };

  const watchdog = setInterval(() => {
    if (performance.now() - lastProgress > stallS * 1000) finish('stalled');
  }, 250);
  const tStart = performance.now();
  for (const p of people) inject(p);
  const outcome = await finished;
  clearInterval(watchdog);
  // A grace period, as the peer's: a late or second batch shows up as unexpected.
  await new Promise((r) => setTimeout(r, 300));
  return {
    outcome, messages: latencies.length, expected: n * STEPS, replies, unexpected, mismatched,
    missing: people.reduce((s, p) => s + (STEPS - p.step), 0), problems, wallMs: (tEnd || performance.now()) - tStart, latencies,
  };
}

// --- the comparison -----------------------------------------------------------

interface Line {
  framework: string;
  msgs_per_s: number;
  p50_ms: number;
  p99_ms: number;
  rss_mb: number;
  messages: number;
  users: number;
  cpu_ms_per_message?: number;
}

function child(args: string[], cwd: string): { line: Line | null; ok: boolean; stderr: string } {
  const r = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'error' }, maxBuffer: 64 * 1024 * 1024 });
  if (process.env.BENCH_PEER_MEMORY) process.stderr.write(r.stderr);
  const last = r.stdout.trim().split('\n').filter((l) => l.startsWith('{')).at(-1);
  return { line: last ? (JSON.parse(last) as Line) : null, ok: r.status === 0, stderr: r.stderr };
}

async function freshPostgres(admin: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `pasker_peer_${crypto.randomUUID().replace(/-/g, '').slice(0, 12)}`;
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
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

async function paskerRun(kind: 'sqlite' | 'postgresql', users: number, warmup: number, nodeArgs: string[]): Promise<{ line: Line | null; ok: boolean; stderr: string }> {
  let url: string;
  let drop: () => Promise<void>;
  if (kind === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pasker-peer-'));
    url = `file:${path.join(dir, 'peer.db')}`;
    drop = async () => fs.rmSync(dir, { recursive: true, force: true });
  } else {
    ({ url, drop } = await freshPostgres(process.env.TEST_DATABASE_URL!));
  }
  try {
    // The 10,000 vacancies are imported first in this process, as staff import them; the measured process only reads them.
    const runtime = await createRuntime(loadConfig({ ...process.env, DATABASE_URL: url, LOAD_SAMPLE_DATA: '0', DATA_DIR: 'data', LOG_LEVEL: 'error' }), silentLogger);
    try {
      await seed(runtime, peerVacancies());
    } finally {
      await runtime.close();
    }
    return child([...nodeArgs, 'bin/pasker.js', 'bench', 'peer-only', url, '--users', String(users), '--warmup', String(warmup)], process.cwd());
  } finally {
    await drop();
  }
}

const range = (xs: number[], digits = 0) => {
  if (!xs.length) return '–';
  const f = (x: number) => x.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  return lo === hi ? f(lo) : `${f(lo)}–${f(hi)}`;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** `npm run bench -- peer [--users N] [--warmup N] [--runs N]`. */
export async function benchPeer(options: { users: number; warmup: number; runs: number }): Promise<number> {
  const withPeer = fs.existsSync(path.join(PEER_DIR, 'node_modules', '@builderbot', 'bot', 'package.json'));
  const withPg = Boolean(process.env.TEST_DATABASE_URL);
  // BENCH_PEER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles Pasker's runs.
  const nodeArgs = process.env.BENCH_PEER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const rows = new Map<string, Line[]>();
  const add = (label: string, r: { line: Line | null; ok: boolean; stderr: string }) => {
    if (!r.line || !r.ok) {
      process.stderr.write(`${label}: the run failed or a reply was wrong:\n${r.stderr.slice(0, 3000)}\n`);
      failed = true;
    }
    if (r.line) {
      const cpu = /"cpu_ms_per_message":([\d.]+)/.exec(r.stderr)?.[1];
      const line = cpu ? { ...r.line, cpu_ms_per_message: Number(cpu) } : r.line;
      console.log(JSON.stringify(line));
      rows.set(label, [...(rows.get(label) ?? []), line]);
    }
  };
  let failed = false;
  console.log(`peer workload (../shared/peer-builderbot): ${options.users} people x 5 messages, warm-up ${options.warmup}, ${options.runs} run(s); ${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'CPU'}, Node ${process.version}`);
  if (!withPeer) console.log('  BuilderBot: not measured (run "npm ci" in ../shared/peer-builderbot to compare in the same run)');
  const peerArgs = ['bench.mjs', '--users', String(options.users), '--warmup', String(options.warmup)];
  for (let run = 0; run < options.runs; run++) {
    if (withPeer) add('BuilderBot, MemoryDB', child([...peerArgs, '--db', 'stock'], PEER_DIR));
    add('Pasker on SQLite', await paskerRun('sqlite', options.users, options.warmup, nodeArgs));
    if (withPeer) add('BuilderBot, indexed store', child([...peerArgs, '--db', 'indexed'], PEER_DIR));
    if (withPg) add('Pasker on PostgreSQL', await paskerRun('postgresql', options.users, options.warmup, nodeArgs));
  }
  console.log('');
  console.log('| | msgs/s | p50 ms | p99 ms | peak RSS MB |');
  console.log('|---|---|---|---|---|');
  for (const [label, lines] of rows) {
    console.log(`| ${label} | ${range(lines.map((l) => l.msgs_per_s))} | ${range(lines.map((l) => l.p50_ms), 1)} | ${range(lines.map((l) => l.p99_ms))} | ${range(lines.map((l) => l.rss_mb))} |`);
  }
  for (const [label, lines] of rows) {
    const cpu = lines.flatMap((l) => (l.cpu_ms_per_message === undefined ? [] : [l.cpu_ms_per_message]));
    if (cpu.length) console.log(`${label}: ${range(cpu, 3)} ms of CPU per message in the measured phase (less sensitive than the rest to the machine's other load)`);
  }
  const med = (label: string, key: 'msgs_per_s' | 'p99_ms') => median((rows.get(label) ?? []).map((l) => l[key]));
  for (const pasker of ['Pasker on SQLite', 'Pasker on PostgreSQL']) {
    if (!rows.has(pasker)) continue;
    for (const peer of ['BuilderBot, MemoryDB', 'BuilderBot, indexed store']) {
      if (!rows.has(peer)) continue;
      console.log(`${pasker} / ${peer} (medians): ${(med(pasker, 'msgs_per_s') / med(peer, 'msgs_per_s')).toFixed(2)}× the messages/s, p99 ${(med(pasker, 'p99_ms') / med(peer, 'p99_ms')).toFixed(2)}× theirs`);
    }
  }
  return failed ? 1 : 0;
}
