// The dashboard's arithmetic: daily counts as the dialogue writes them,
// grouped by day, by week (from Monday) and by month, and a CSV a
// spreadsheet opens without running anything in it.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../src/app/runtime.ts';
import { dailySeries, indicators, indicatorsCsv } from '../src/web/indicators.ts';
import { sqliteDatabase } from './support/databases.ts';
import { startRuntime } from './support/runtime.ts';

const db = sqliteDatabase();
let runtime: Runtime;
// Wednesday 2 December 2026, 10:00 in Jakarta.
const now = new Date('2026-12-02T03:00:00Z');

beforeAll(async () => {
  runtime = await startRuntime(await db.create());
  const rows = [
    ['2026-12-02', 'messages_in', 5], ['2026-12-01', 'messages_in', 3], ['2026-11-30', 'messages_in', 2], ['2026-11-29', 'messages_in', 7],
    ['2026-11-26', 'messages_in', 1], ['2026-11-02', 'messages_in', 4], ['2026-10-15', 'messages_in', 6], ['2026-12-02', 'people', 2],
  ] as const;
  for (const [day, key, count] of rows) await runtime.db.dailyCount.create({ data: { day, key, count } });
});
afterAll(async () => {
  await runtime.close();
  await db.dropAll();
});

describe('dashboard numbers', () => {
  it('by day: the last seven local days, oldest first, zeros included', async () => {
    const s = await dailySeries(runtime.db, '7h', now, 'Asia/Jakarta');
    expect(s.buckets).toEqual(['2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29', '2026-11-30', '2026-12-01', '2026-12-02']);
    expect(s.values.messages_in).toEqual([1, 0, 0, 7, 2, 3, 5]);
    expect(s.totals.messages_in).toBe(18);
    expect(s.totals.people).toBe(2);
  });

  it('by week (starting Monday) and by month', async () => {
    const weeks = await dailySeries(runtime.db, '12m', now, 'Asia/Jakarta');
    expect(weeks.buckets.at(-1)).toBe('2026-11-30');
    expect(weeks.values.messages_in.slice(-2)).toEqual([8, 10]);
    const months = await dailySeries(runtime.db, '12b', now, 'Asia/Jakarta');
    expect(months.buckets.slice(-3)).toEqual(['2026-10', '2026-11', '2026-12']);
    expect(months.values.messages_in.slice(-3)).toEqual([6, 14, 8]);
  });

  it('the CSV has every bucket, and words that look like a formula are not run by a spreadsheet', async () => {
    await runtime.db.activity.create({ data: { kind: 'search_empty', detail: '=HYPERLINK("http://x","klik")', createdAt: now } });
    const csv = indicatorsCsv(await indicators(runtime.db, runtime.content.region, '7h', now, 'Asia/Jakarta'));
    expect(csv).toContain('harian,2026-11-29,Pesan masuk,7\r\n');
    expect(csv).toContain(`pencarian tanpa hasil,,"'=HYPERLINK(""http://x"",""klik"")",1`);
  });
});
