// Planning vacancy alerts: the daily digest (every active subscription gets
// the vacancies published since its last digest that match it) and
// immediate alerts (each newly published vacancy to the subscriptions that
// asked for them). Planning only writes outbox rows; workers send them.
//
// A subscription's window and its outbox row change in one transaction, and
// the row's key names the window, so a planner that dies half-way, or two
// planners at once, never plan a vacancy twice for the same person.

import { kecamatanColumn, matchSubscriptions, parseKecamatanColumn, subscriptionFilters, type SubscriptionRow } from '../domain/alerts.ts';
import { quietUntil } from '../domain/time.ts';
import { VacancyIndex } from '../domain/vacancy-index.ts';
import { NO_FILTERS } from '../domain/vacancy.ts';
import { enqueue, type OutboxInsert } from '../db/outbox.ts';
import type { RawDb } from '../db/raw.ts';
import type { Runtime } from './runtime.ts';

export interface PlanResult {
  subscriptions: number;
  digests: number;
  /** Outbox rows newly created (fewer than digests when a run is repeated). */
  queued: number;
  ms: number;
}

interface StreamRow {
  id: number;
  contactId: number;
  kecamatan: string;
  educationRank: number;
  keyword: string | null;
  lastDigestAt: string | Date;
  channel: string;
  externalId: string;
}

const toMs = (v: string | Date) => (v instanceof Date ? v.getTime() : Date.parse(v));

/** Active daily-digest subscriptions in id order, `batch` at a time, without loading them all. */
export async function* streamSubscriptions(raw: RawDb, batch: number, immediate = false): AsyncGenerator<StreamRow[]> {
  let after = 0;
  for (;;) {
    const rows = await raw.all<StreamRow>(
      `SELECT s.id, s."contactId", s.kecamatan, s."educationRank", s.keyword, s."lastDigestAt", c.channel, c."externalId"
       FROM "Subscription" s JOIN "Contact" c ON c.id = s."contactId"
       WHERE s.status = 'active' AND s.immediate = ${immediate ? 'true' : 'false'} AND c."optedOutAt" IS NULL AND c."goneAt" IS NULL
         AND c.channel IN ('telegram', 'whatsapp') AND s.id > ?
       ORDER BY s.id LIMIT ?`,
      [after, batch],
    );
    if (!rows.length) return;
    yield rows;
    after = rows.at(-1)!.id;
  }
}

function toSubscription(r: StreamRow): SubscriptionRow {
  return { id: r.id, contactId: r.contactId, kecamatan: parseKecamatanColumn(r.kecamatan), educationRank: Number(r.educationRank), keyword: r.keyword, sinceMs: toMs(r.lastDigestAt) };
}

/**
 * Plans one daily digest for every active subscription. With `dryRun`, only
 * matches (for measuring) and writes nothing.
 */
export async function planDigests(runtime: Runtime, raw: RawDb, now: Date, options: { dryRun?: boolean; batch?: number } = {}): Promise<PlanResult> {
  const started = performance.now();
  const index = await runtime.catalog.current();
  const cutoff = now.getTime();
  const notBefore = quietUntil(now, runtime.config.QUIET_HOURS, runtime.config.TIMEZONE);
  const result: PlanResult = { subscriptions: 0, digests: 0, queued: 0, ms: 0 };
  for await (const batch of streamSubscriptions(raw, options.batch ?? 5000)) {
    result.subscriptions += batch.length;
    const byId = new Map(batch.map((r) => [r.id, r]));
    const rows: OutboxInsert[] = [];
    for (const plan of matchSubscriptions(batch.map(toSubscription), index, now, cutoff)) {
      result.digests++;
      if (options.dryRun) continue;
      const r = byId.get(plan.subscription.id)!;
      rows.push({
        key: `digest:${r.id}:${plan.subscription.sinceMs}`,
        contactId: r.contactId,
        channel: r.channel,
        recipient: r.externalId,
        kind: 'digest',
        payload: JSON.stringify({ digest: { ids: plan.ids, total: plan.total, filters: subscriptionFilters(plan.subscription) } }),
        notBefore,
      });
    }
    if (options.dryRun) continue;
    result.queued += await raw.transaction(async (tx) => {
      const n = await enqueue(tx, rows, now);
      const ids = batch.map((r) => r.id);
      for (let i = 0; i < ids.length; i += 500) {
        const part = ids.slice(i, i + 500);
        await tx.run(`UPDATE "Subscription" SET "lastDigestAt" = ? WHERE id IN (${part.map(() => '?').join(', ')}) AND "lastDigestAt" < ?`, [now, ...part, now]);
      }
      return n;
    });
  }
  result.ms = Math.round(performance.now() - started);
  return result;
}

/** Immediate alerts for vacancies just published (by source id), to the subscriptions that asked for them. */
export async function planImmediateAlerts(runtime: Runtime, raw: RawDb, sourceIds: string[], now: Date): Promise<number> {
  if (!sourceIds.length) return 0;
  runtime.catalog.invalidate();
  const catalog = await runtime.catalog.current();
  const vacancies = (await runtime.db.vacancy.findMany({ where: { sourceId: { in: sourceIds }, status: 'published' }, select: { id: true } })).map((r) => catalog.get(r.id)).filter((v) => v !== undefined);
  const notBefore = quietUntil(now, runtime.config.QUIET_HOURS, runtime.config.TIMEZONE);
  let queued = 0;
  for (const vacancy of vacancies) {
    const single = new VacancyIndex([vacancy], runtime.content.jobs, runtime.config.TIMEZONE);
    if (!single.search(NO_FILTERS, now).total) continue; // closed already
    const candidates = await raw.all<StreamRow>(
      `SELECT s.id, s."contactId", s.kecamatan, s."educationRank", s.keyword, s."lastDigestAt", c.channel, c."externalId"
       FROM "Subscription" s JOIN "Contact" c ON c.id = s."contactId"
       WHERE s.status = 'active' AND s.immediate = true AND c."optedOutAt" IS NULL AND c."goneAt" IS NULL
         AND c.channel IN ('telegram', 'whatsapp') AND (s.kecamatan = '' OR s.kecamatan LIKE ?)`,
      [`%${kecamatanColumn([vacancy.kecamatan])}%`],
    );
    const rows: OutboxInsert[] = [];
    for (const c of candidates) {
      const sub = toSubscription(c);
      if (!single.search(subscriptionFilters(sub), now).total) continue;
      rows.push({ key: `alert:${c.id}:${vacancy.id}`, contactId: c.contactId, channel: c.channel, recipient: c.externalId, kind: 'alert', payload: JSON.stringify({ alert: { vacancyId: vacancy.id, filters: subscriptionFilters(sub) } }), notBefore });
    }
    queued += await enqueue(raw, rows, now);
  }
  return queued;
}
