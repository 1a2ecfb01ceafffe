// `npm run bench`: measured speed, never asserted in tests.
//   core  messages through the whole pipeline (database, understanding,
//         dialogue core) on SQLite holding 10,000 vacancies
//   nlu   understanding alone

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRuntime, type Runtime } from '../src/app/runtime.ts';
import { loadConfig } from '../src/config.ts';
import { upsertVacancies } from '../src/db/vacancies.ts';
import { readCsv, validateRows } from '../src/domain/vacancy-import.ts';
import { dateAfter } from '../src/domain/time.ts';
import { silentLogger } from '../src/log.ts';

const CONVERSATION = ['halo', 'ada loker operator di cikbar lulusan smk?', '2', 'lagi', 'yang di tambun selatan aja', 'kalau lulusan SMP?', 'yang pertama', 'menu', 'loker admin gudang daerah cibitung', 'makasih min'];

export async function bench(args: string[]): Promise<number> {
  const which = args[0] ?? 'all';
  if (which === 'all' || which === 'nlu') await benchNlu();
  if (which === 'all' || which === 'core') await benchCore();
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
    for (const t of texts) await runtime.understander.understand(t);
    const n = 20_000;
    const started = performance.now();
    for (let i = 0; i < n; i++) await runtime.understander.understand(texts[i % texts.length]!);
    const seconds = (performance.now() - started) / 1000;
    console.log(`understanding alone: ${Math.round(n / seconds)} messages/s (${n} messages from ${texts.length} different texts)`);
  });
}
