// The service's indicators for the dashboard and its CSV export: daily counts
// grouped by day, week or month, and what the other tables tell (empty
// searches with their words, where guides lose people, subscriptions,
// delivery of alerts, hand-over waiting times, complaints).

import type { Db } from '../db/client.ts';
import { parseKecamatanColumn, levelOfRank } from '../domain/alerts.ts';
import { DAILY_KEYS, type DailyKey } from '../domain/metrics.ts';
import type { Region } from '../domain/region.ts';
import { dateAfter, localDate } from '../domain/time.ts';

export const PERIODS = {
  '7h': { label: '7 hari', days: 7, by: 'day' },
  '30h': { label: '30 hari', days: 30, by: 'day' },
  '12m': { label: '12 minggu', days: 84, by: 'week' },
  '12b': { label: '12 bulan', days: 365, by: 'month' },
} as const;
export type PeriodKey = keyof typeof PERIODS;

export function isPeriod(value: unknown): value is PeriodKey {
  return typeof value === 'string' && value in PERIODS;
}

/** Indonesian names of the daily counts, in the order the dashboard shows them. */
export const DAILY_LABELS: Record<DailyKey, string> = {
  people: 'Orang dilayani',
  new_people: 'Orang baru',
  messages_in: 'Pesan masuk',
  messages_out: 'Pesan keluar',
  searches: 'Pencarian lowongan',
  searches_empty: 'Pencarian tanpa hasil',
  vacancy_views: 'Lowongan dibuka',
  apply_views: '"Cara melamar" dibuka',
  guide_starts: 'Panduan dimulai',
  guide_finishes: 'Panduan selesai',
  subscriptions_new: 'Langganan baru',
  subscriptions_stopped: 'Langganan berhenti',
  handoffs: 'Minta petugas',
  handoffs_unreachable: 'Minta petugas, tak ada petugas tersambung',
  complaints: 'Keluhan',
  scam_reports: 'Laporan penipuan',
  reports: 'Laporan lowongan dari pemberi kerja',
  unanswered: 'Pesan tak terjawab',
  erasures: 'Hapus data',
};

export interface Series {
  /** Bucket labels: 2026-12-01 (day or the Monday of a week) or 2026-12 (month). */
  buckets: string[];
  values: Record<DailyKey, number[]>;
  totals: Record<DailyKey, number>;
}

function bucketOf(day: string, by: 'day' | 'week' | 'month'): string {
  if (by === 'day') return day;
  if (by === 'month') return day.slice(0, 7);
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

/** First local day of the period ending today. */
export function periodStart(period: PeriodKey, now: Date, timeZone: string): string {
  return localDate(dateAfter(now, -(PERIODS[period].days - 1), timeZone), 'UTC');
}

/** Daily counts over the period, by day, week or month (every bucket present, zeros included). */
export async function dailySeries(db: Db, period: PeriodKey, now: Date, timeZone: string): Promise<Series> {
  const { by, days } = PERIODS[period];
  const from = periodStart(period, now, timeZone);
  const buckets: string[] = [];
  for (let i = days - 1; i >= 0; i--) {
    const b = bucketOf(localDate(dateAfter(now, -i, timeZone), 'UTC'), by);
    if (buckets.at(-1) !== b) buckets.push(b);
  }
  const rows = await db.dailyCount.findMany({ where: { day: { gte: from } } });
  const values = Object.fromEntries(DAILY_KEYS.map((k) => [k, buckets.map(() => 0)])) as Record<DailyKey, number[]>;
  const totals = Object.fromEntries(DAILY_KEYS.map((k) => [k, 0])) as Record<DailyKey, number>;
  for (const r of rows) {
    if (!(r.key in values)) continue;
    const i = buckets.indexOf(bucketOf(r.day, by));
    if (i < 0) continue;
    values[r.key as DailyKey][i]! += r.count;
    totals[r.key as DailyKey] += r.count;
  }
  return { buckets, values, totals };
}

/** Start of the period as an instant (local midnight of its first day). */
function periodSince(period: PeriodKey, now: Date, timeZone: string): Date {
  // Local midnight is at most 14 hours from UTC midnight; count from the earlier one to include the whole first day.
  const first = new Date(`${periodStart(period, now, timeZone)}T00:00:00Z`);
  return new Date(first.getTime() - 14 * 3_600_000);
}

export interface Indicators {
  period: PeriodKey;
  series: Series;
  emptySearches: Array<{ words: string; count: number }>;
  guides: Array<{ guide: string; starts: number; finishes: number; stuckStep: number | null; stuck: number }>;
  subscriptions: { active: number; byKecamatan: Array<{ name: string; count: number }>; byEducation: Array<{ level: string; count: number }> };
  delivery: Array<{ kind: string; sent: number; delivered: number; failed: number; skipped: number; cancelled: number; pending: number }>;
  optedOut: number;
  handoffs: { total: number; waiting: number; open: number; medianWaitMinutes: number | null; medianAnswerMinutes: number | null };
  complaints: Array<{ kind: string; detail: string; at: Date }>;
  unanswered: number;
}

function median(values: number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Everything the dashboard shows for one period. */
export async function indicators(db: Db, region: Region, period: PeriodKey, now: Date, timeZone: string): Promise<Indicators> {
  const since = periodSince(period, now, timeZone);
  const from = periodStart(period, now, timeZone);
  const [series, empty, funnel, subs, outbox, optedOut, handoffs, complaints, unanswered] = await Promise.all([
    dailySeries(db, period, now, timeZone),
    db.activity.groupBy({ by: ['detail'], where: { kind: 'search_empty', createdAt: { gte: since } }, _count: { _all: true } }),
    db.guideFunnel.groupBy({ by: ['guide', 'step', 'event'], where: { day: { gte: from } }, _sum: { count: true } }),
    db.subscription.findMany({ where: { status: 'active' }, select: { kecamatan: true, educationRank: true } }),
    db.outbox.groupBy({ by: ['kind', 'status'], where: { createdAt: { gte: since }, kind: { in: ['digest', 'alert', 'broadcast', 'staff'] } }, _count: { _all: true } }),
    db.contact.count({ where: { optedOutAt: { gte: since } } }),
    db.handoff.findMany({ where: { OR: [{ createdAt: { gte: since } }, { status: { not: 'closed' } }] }, select: { status: true, createdAt: true, takenAt: true, firstReplyAt: true } }),
    db.activity.findMany({ where: { kind: { in: ['complaint', 'scam'] }, createdAt: { gte: since } }, orderBy: { id: 'desc' }, take: 20 }),
    db.activity.count({ where: { kind: 'unanswered', resolved: false } }),
  ]);

  const guides = new Map<string, { starts: number; finishes: number; stuckBy: Map<number, number> }>();
  for (const f of funnel) {
    const g = guides.get(f.guide) ?? { starts: 0, finishes: 0, stuckBy: new Map<number, number>() };
    const n = f._sum.count ?? 0;
    if (f.event === 'start') g.starts += n;
    else if (f.event === 'finish') g.finishes += n;
    else if (f.event === 'stuck') g.stuckBy.set(f.step, (g.stuckBy.get(f.step) ?? 0) + n);
    guides.set(f.guide, g);
  }

  const byKecamatan = new Map<string, number>();
  const byEducation = new Map<string, number>();
  for (const s of subs) {
    const codes = parseKecamatanColumn(s.kecamatan);
    for (const name of codes.length ? codes.map((c) => region.nameOf(c)) : ['Seluruh kabupaten']) byKecamatan.set(name, (byKecamatan.get(name) ?? 0) + 1);
    const level = levelOfRank(s.educationRank) ?? 'Semua jenjang';
    byEducation.set(level, (byEducation.get(level) ?? 0) + 1);
  }

  const kinds = new Map<string, Indicators['delivery'][number]>();
  for (const o of outbox) {
    const k = kinds.get(o.kind) ?? { kind: o.kind, sent: 0, delivered: 0, failed: 0, skipped: 0, cancelled: 0, pending: 0 };
    const n = o._count._all;
    if (['sent', 'delivered', 'read'].includes(o.status)) k.sent += n;
    if (['delivered', 'read'].includes(o.status)) k.delivered += n;
    if (o.status === 'failed') k.failed += n;
    if (o.status === 'skipped') k.skipped += n;
    if (o.status === 'cancelled') k.cancelled += n;
    if (o.status === 'pending' || o.status === 'sending') k.pending += n;
    kinds.set(o.kind, k);
  }

  const recent = handoffs.filter((h) => h.createdAt >= since);
  const minutes = (a: Date, b: Date | null) => (b ? (b.getTime() - a.getTime()) / 60_000 : null);
  return {
    period,
    series,
    emptySearches: empty
      .map((e) => ({ words: e.detail ?? '', count: e._count._all }))
      .filter((e) => e.words)
      .sort((a, b) => b.count - a.count || a.words.localeCompare(b.words))
      .slice(0, 20),
    guides: [...guides].map(([guide, g]) => {
      const worst = [...g.stuckBy].sort((a, b) => b[1] - a[1])[0];
      return { guide, starts: g.starts, finishes: g.finishes, stuckStep: worst?.[0] ?? null, stuck: worst?.[1] ?? 0 };
    }).sort((a, b) => b.starts - a.starts),
    subscriptions: {
      active: subs.length,
      byKecamatan: [...byKecamatan].map(([name, count]) => ({ name, count })).sort((a, b) => b.count - a.count || a.name.localeCompare(b.name)),
      byEducation: [...byEducation].map(([level, count]) => ({ level, count })).sort((a, b) => b.count - a.count),
    },
    delivery: [...kinds.values()],
    optedOut,
    handoffs: {
      total: recent.length,
      waiting: handoffs.filter((h) => h.status === 'waiting').length,
      open: handoffs.filter((h) => h.status === 'open').length,
      medianWaitMinutes: median(recent.flatMap((h) => minutes(h.createdAt, h.takenAt) ?? [])),
      medianAnswerMinutes: median(recent.flatMap((h) => minutes(h.createdAt, h.firstReplyAt) ?? [])),
    },
    complaints: complaints.map((c) => ({ kind: c.kind, detail: c.detail ?? '', at: c.createdAt })),
    unanswered,
  };
}

/** The indicators as CSV rows (section, bucket, indicator, value), for a spreadsheet. */
export function indicatorsCsv(ind: Indicators): string {
  const rows: string[][] = [['bagian', 'periode', 'indikator', 'nilai']];
  for (const key of DAILY_KEYS) ind.series.buckets.forEach((b, i) => rows.push(['harian', b, DAILY_LABELS[key], String(ind.series.values[key][i])]));
  for (const e of ind.emptySearches) rows.push(['pencarian tanpa hasil', '', e.words, String(e.count)]);
  for (const g of ind.guides) {
    rows.push(['panduan', '', `${g.guide}: dimulai`, String(g.starts)], ['panduan', '', `${g.guide}: selesai`, String(g.finishes)]);
    if (g.stuckStep !== null) rows.push(['panduan', '', `${g.guide}: paling sering macet di langkah ${g.stuckStep}`, String(g.stuck)]);
  }
  for (const k of ind.subscriptions.byKecamatan) rows.push(['langganan per kecamatan', '', k.name, String(k.count)]);
  for (const e of ind.subscriptions.byEducation) rows.push(['langganan per jenjang', '', e.level, String(e.count)]);
  for (const d of ind.delivery) for (const s of ['sent', 'delivered', 'failed', 'skipped', 'cancelled', 'pending'] as const) rows.push(['pengiriman', '', `${d.kind} ${s}`, String(d[s])]);
  rows.push(['pengiriman', '', 'berhenti berlangganan (stop)', String(ind.optedOut)]);
  rows.push(['petugas', '', 'permintaan', String(ind.handoffs.total)], ['petugas', '', 'median menunggu (menit)', ind.handoffs.medianWaitMinutes === null ? '' : ind.handoffs.medianWaitMinutes.toFixed(1)], ['petugas', '', 'median sampai dibalas (menit)', ind.handoffs.medianAnswerMinutes === null ? '' : ind.handoffs.medianAnswerMinutes.toFixed(1)]);
  return `${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

// Quoted when needed; a leading = + - @ is neutralised so a spreadsheet does not run it as a formula.
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
