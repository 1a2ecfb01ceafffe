// Planning vacancy alerts: the daily digest (every active subscription gets
// the vacancies published since its last digest that match it) and
// immediate alerts (each newly published vacancy to the subscriptions that
// asked for them). Planning only writes outbox rows; workers send them.
//
// A subscription's window and its outbox row change in one transaction, and
// the row's key names the window, so a planner that dies half-way, or two
// planners at once, never plan a vacancy twice for the same person.

import { matchSubscriptions, parseKecamatanColumn, subscriptionFilters, type SubscriptionRow } from '../domain/alerts.ts';
import { quietUntil } from '../domain/time.ts';
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

/** The channels alerts are planned for; the terminal (a demo) only when `pasker alerts run` shows them. */
export const ALERT_CHANNELS = ['telegram', 'whatsapp'] as const;

/** Active daily-digest (or immediate) subscriptions in id order, `batch` at a time, without loading them all. */
export async function* streamSubscriptions(raw: RawDb, batch: number, immediate = false, channels: readonly string[] = ALERT_CHANNELS): AsyncGenerator<StreamRow[]> {
  let after = 0;
  const inChannels = channels.map((c) => `'${c.replace(/[^a-z-]/g, '')}'`).join(', ');
  for (;;) {
    const rows = await raw.all<StreamRow>(
      `SELECT s.id, s."contactId", s.kecamatan, s."educationRank", s.keyword, s."lastDigestAt", c.channel, c."externalId"
       FROM "Subscription" s JOIN "Contact" c ON c.id = s."contactId"
       WHERE s.status = 'active' AND s.immediate = ${immediate ? 'true' : 'false'} AND c."optedOutAt" IS NULL AND c."goneAt" IS NULL
         AND c.channel IN (${inChannels}) AND s.id > ?
       ORDER BY s.id LIMIT ?`,
      [after, batch],
    );
    if (!rows.length) return;
    yield rows;
    after = rows.at(-1)!.id;
  }
}

/**
 * PostgreSQL plans the subscription stream from its statistics; on a new
 * database, or after a large import of subscriptions, autovacuum may not
 * have gathered them yet, and a plan made without them can take many times
 * longer. So the tables read here are analysed first when a tenth of their
 * rows (and at least 10,000) changed since they last were. SQLite's plan
 * for this query does not depend on statistics.
 */
export async function refreshStatistics(raw: RawDb): Promise<string[]> {
  if (raw.provider !== 'postgresql') return [];
  const stale = await raw.all<{ relname: string }>(
    `SELECT relname FROM pg_stat_user_tables
     WHERE relname IN ('Subscription', 'Contact') AND n_mod_since_analyze >= GREATEST(10000, 0.1 * (n_live_tup + n_dead_tup))`,
  );
  for (const { relname } of stale) await raw.run(`ANALYZE "${relname}"`);
  return stale.map((r) => r.relname);
}

function toSubscription(r: StreamRow): SubscriptionRow {
  return { id: r.id, contactId: r.contactId, kecamatan: parseKecamatanColumn(r.kecamatan), educationRank: Number(r.educationRank), keyword: r.keyword, sinceMs: toMs(r.lastDigestAt) };
}

/**
 * Plans one daily digest for every active subscription. With `dryRun`, only
 * matches (for measuring) and writes nothing.
 */
export async function planDigests(runtime: Runtime, raw: RawDb, now: Date, options: { dryRun?: boolean; batch?: number; channels?: readonly string[] } = {}): Promise<PlanResult> {
  const started = performance.now();
  const index = await runtime.catalog.current();
  const cutoff = now.getTime();
  const notBefore = quietUntil(now, runtime.config.QUIET_HOURS, runtime.config.TIMEZONE);
  const result: PlanResult = { subscriptions: 0, digests: 0, queued: 0, ms: 0 };
  await refreshStatistics(raw);
  const cache = new Map<string, { ids: number[]; total: number }>();
  for await (const batch of streamSubscriptions(raw, options.batch ?? 5000, false, options.channels)) {
    result.subscriptions += batch.length;
    const byId = new Map(batch.map((r) => [r.id, r]));
    const rows: OutboxInsert[] = [];
    for (const plan of matchSubscriptions(batch.map(toSubscription), index, now, cutoff, 50, cache)) {
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

/** At most this many new vacancies go to an immediate subscriber one message each; more come as one list. */
export const IMMEDIATE_SINGLE_MAX = 3;

export interface ImmediatePlan {
  /** Active immediate subscriptions looked at. */
  subscriptions: number;
  /** Subscriptions that got something. */
  matched: number;
  /** Outbox rows newly created. */
  queued: number;
}

/**
 * Immediate alerts: every active "at once" subscription gets the vacancies
 * Pasker listed since its last alert that match it, one message per vacancy
 * (or, above IMMEDIATE_SINGLE_MAX, one list like a digest, so a large import
 * does not send a person hundreds of messages). Subscriptions are read in
 * batches, so any number of vacancies and subscribers fits both databases'
 * limits. Each subscription's window moves only together with its outbox
 * rows and only from the value read (compare-and-set), so a planner that
 * dies, or two at once, never lose or repeat an alert; what one planner
 * skipped is planned by the next (the next import, or the schedule).
 * `until` (default now) is the end of the window: vacancies listed later wait for the next run.
 */
export async function planImmediateAlerts(runtime: Runtime, raw: RawDb, now: Date, options: { until?: Date; batch?: number; channels?: readonly string[] } = {}): Promise<ImmediatePlan> {
  runtime.catalog.invalidate();
  const index = await runtime.catalog.current();
  const until = (options.until ?? now).getTime();
  const notBefore = quietUntil(now, runtime.config.QUIET_HOURS, runtime.config.TIMEZONE);
  const result: ImmediatePlan = { subscriptions: 0, matched: 0, queued: 0 };
  await refreshStatistics(raw);
  const cache = new Map<string, { ids: number[]; total: number }>();
  for await (const batch of streamSubscriptions(raw, options.batch ?? 2000, true, options.channels)) {
    result.subscriptions += batch.length;
    const byId = new Map(batch.map((r) => [r.id, r]));
    const plans = [...matchSubscriptions(batch.map(toSubscription), index, now, until, 50, cache)];
    if (!plans.length) continue;
    result.queued += await raw.transaction(async (tx) => {
      let queued = 0;
      for (const plan of plans) {
        const r = byId.get(plan.subscription.id)!;
        const moved = await tx.run(`UPDATE "Subscription" SET "lastDigestAt" = ? WHERE id = ? AND "lastDigestAt" = ?`, [new Date(until), r.id, new Date(plan.subscription.sinceMs)]);
        if (!moved) continue; // another planner took this window
        result.matched++;
        const filters = subscriptionFilters(plan.subscription);
        const base = { contactId: r.contactId, channel: r.channel, recipient: r.externalId, kind: 'alert' as const, notBefore };
        const rows: OutboxInsert[] =
          plan.total <= IMMEDIATE_SINGLE_MAX
            ? plan.ids.map((vacancyId) => ({ ...base, key: `alert:${r.id}:${vacancyId}`, payload: JSON.stringify({ alert: { vacancyId, filters } }) }))
            : [{ ...base, key: `alert-list:${r.id}:${plan.subscription.sinceMs}`, payload: JSON.stringify({ digest: { ids: plan.ids, total: plan.total, filters } }) }];
        queued += await enqueue(tx, rows, now);
      }
      return queued;
    });
  }
  return result;
}
