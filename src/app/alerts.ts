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
import type { VacancyIndex } from '../domain/vacancy-index.ts';
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
 * rows (and at least 10,000) changed since they last were, or when they
 * never were (a database restored from a dump or copied from a template
 * has rows but no statistics, and counts no changes). SQLite's plan
 * for this query does not depend on statistics.
 */
export async function refreshStatistics(raw: RawDb): Promise<string[]> {
  if (raw.provider !== 'postgresql') return [];
  const stale = await raw.all<{ relname: string }>(
    `SELECT relname FROM pg_stat_user_tables
     WHERE relname IN ('Subscription', 'Contact')
       AND (n_mod_since_analyze >= GREATEST(10000, 0.1 * (n_live_tup + n_dead_tup)) OR (last_analyze IS NULL AND last_autoanalyze IS NULL))`,
  );
  for (const { relname } of stale) await raw.run(`ANALYZE "${relname}"`);
  return stale.map((r) => r.relname);
}

function toSubscription(r: StreamRow): SubscriptionRow {
  return { id: r.id, contactId: r.contactId, kecamatan: parseKecamatanColumn(r.kecamatan), educationRank: Number(r.educationRank), keyword: r.keyword, sinceMs: toMs(r.lastDigestAt) };
}

/** Subscriptions that ask the same thing from the same instant: one search serves them all. */
interface DigestGroup {
  kecamatan: string;
  educationRank: number;
  keyword: string | null;
  /** As the database returned it, so it can be compared back exactly. */
  lastDigestAt: string | Date;
  n: number;
}

// The daily-digest subscriptions the run is for (alias s, joined with their contact c).
const digestScope = (channels: readonly string[]) =>
  `s.status = 'active' AND s.immediate = false AND c."optedOutAt" IS NULL AND c."goneAt" IS NULL AND c.channel IN (${channels.map((ch) => `'${ch.replace(/[^a-z-]/g, '')}'`).join(', ')})`;

/**
 * Plans one daily digest for every active subscription. With `dryRun`, only
 * matches (for measuring) and writes nothing.
 *
 * A million subscriptions ask far fewer different things: the database
 * groups them (same kecamatan, education, job word and window), each group
 * is searched once, and the outbox rows are written by the database itself
 * (INSERT ... SELECT joining a temporary table of the groups that matched),
 * one id range per transaction, so no subscription row travels to Pasker
 * and back. Each range's windows move in the same transaction as its rows.
 */
export async function planDigests(runtime: Runtime, raw: RawDb, now: Date, options: { dryRun?: boolean; batch?: number; channels?: readonly string[] } = {}): Promise<PlanResult> {
  const started = performance.now();
  const index = await runtime.catalog.current();
  const cutoff = now.getTime();
  const notBefore = quietUntil(now, runtime.config.QUIET_HOURS, runtime.config.TIMEZONE);
  const scope = digestScope(options.channels ?? ALERT_CHANNELS);
  const result: PlanResult = { subscriptions: 0, digests: 0, queued: 0, ms: 0 };
  await refreshStatistics(raw);
  const groups = await raw.all<DigestGroup>(
    `SELECT s.kecamatan, s."educationRank", s.keyword, s."lastDigestAt", COUNT(*) AS n
     FROM "Subscription" s JOIN "Contact" c ON c.id = s."contactId"
     WHERE ${scope}
     GROUP BY s.kecamatan, s."educationRank", s.keyword, s."lastDigestAt"`,
  );
  const matched: Array<{ group: DigestGroup; sinceMs: number; payload: string }> = [];
  for (const group of groups) {
    const n = Number(group.n);
    result.subscriptions += n;
    const sinceMs = toMs(group.lastDigestAt);
    const subscription = { kecamatan: parseKecamatanColumn(group.kecamatan), educationRank: Number(group.educationRank), keyword: group.keyword };
    const found = index.search(subscriptionFilters(subscription), now, 50, { after: sinceMs, until: cutoff });
    if (!found.total) continue;
    result.digests += n;
    matched.push({ group, sinceMs, payload: JSON.stringify({ digest: { ids: found.ids, total: found.total, filters: subscriptionFilters(subscription) } }) });
  }
  if (!options.dryRun && result.subscriptions) result.queued = await writeDigests(raw, matched, scope, now, notBefore, options.batch ?? 5_000);
  result.ms = Math.round(performance.now() - started);
  return result;
}

// The outbox rows of the matched groups, and every planned subscription's window moved to `now`, one id range at a time.
async function writeDigests(raw: RawDb, matched: Array<{ group: DigestGroup; sinceMs: number; payload: string }>, scope: string, now: Date, notBefore: Date | null, batch: number): Promise<number> {
  // A temporary table lives on one connection, so the whole plan runs on one.
  return raw.session(async (db) => {
    await db.run(`CREATE TEMP TABLE IF NOT EXISTS digest_group (kecamatan TEXT NOT NULL, rank INTEGER NOT NULL, keyword TEXT NOT NULL, since ${db.provider === 'postgresql' ? 'TIMESTAMP(3)' : 'TEXT'} NOT NULL, since_ms BIGINT NOT NULL, payload TEXT NOT NULL)`);
    await db.run('DELETE FROM digest_group');
    await db.run('CREATE INDEX IF NOT EXISTS digest_group_match ON digest_group (kecamatan, rank, keyword, since)');
    // SQLite would read the subscriptions through the status index (every active one, for each range) instead of by id.
    const subscriptions = db.provider === 'sqlite' ? '"Subscription" s NOT INDEXED' : '"Subscription" s';
    try {
      for (let i = 0; i < matched.length; i += 200) {
        const part = matched.slice(i, i + 200);
        await db.run(
          `INSERT INTO digest_group (kecamatan, rank, keyword, since, since_ms, payload) VALUES ${part.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}`,
          part.flatMap(({ group, sinceMs, payload }) => [group.kecamatan, Number(group.educationRank), group.keyword ?? '', group.lastDigestAt, sinceMs, payload]),
        );
      }
      const [bounds] = await db.all<{ lo: number | null; hi: number | null }>(`SELECT MIN(s.id) AS lo, MAX(s.id) AS hi FROM "Subscription" s JOIN "Contact" c ON c.id = s."contactId" WHERE ${scope}`);
      let queued = 0;
      for (let from = Number(bounds?.lo ?? 1); bounds?.hi != null && from <= Number(bounds.hi); from += batch) {
        const range = [from, from + batch - 1];
        queued += await db.transaction(async (tx) => {
          // PostgreSQL's default page cost is a spinning disk's: with it, the planner reads every contact (a million)
          // for each range instead of looking up the range's few thousand by key, which is three times slower.
          if (tx.provider === 'postgresql') await tx.run('SET LOCAL random_page_cost = 1.1');
          const n = await tx.run(
            `INSERT INTO "Outbox" (key, "contactId", channel, recipient, kind, payload, status, attempts, "notBefore", "broadcastId", "createdAt", "updatedAt")
             SELECT 'digest:' || s.id || ':' || g.since_ms, s."contactId", c.channel, c."externalId", 'digest', g.payload, 'pending', 0, ?, NULL, ?, ?
             FROM ${subscriptions} JOIN "Contact" c ON c.id = s."contactId"
               JOIN digest_group g ON g.kecamatan = s.kecamatan AND g.rank = s."educationRank" AND g.keyword = COALESCE(s.keyword, '') AND g.since = s."lastDigestAt"
             WHERE ${scope} AND s.id BETWEEN ? AND ?
             ON CONFLICT (key) DO NOTHING`,
            [notBefore, now, now, ...range],
          );
          await tx.run(
            `UPDATE "Subscription" SET "lastDigestAt" = ?
             WHERE id BETWEEN ? AND ? AND "lastDigestAt" < ?
               AND id IN (SELECT s.id FROM ${subscriptions} JOIN "Contact" c ON c.id = s."contactId" WHERE ${scope} AND s.id BETWEEN ? AND ?)`,
            [now, ...range, now, ...range],
          );
          return n;
        });
        // Each range holds SQLite's write lock for a fraction of a second; chats write in between.
        await new Promise((resolve) => setImmediate(resolve));
      }
      return queued;
    } finally {
      await db.run('DROP TABLE IF EXISTS digest_group');
    }
  });
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
export async function planImmediateAlerts(runtime: Pick<Runtime, 'catalog' | 'config'>, raw: RawDb, now: Date, options: { until?: Date; batch?: number; channels?: readonly string[] } = {}): Promise<ImmediatePlan> {
  runtime.catalog.invalidate();
  // The index of every published vacancy only once there is a subscription to match with it:
  // after an import into a database nobody subscribes to yet, it is tens of MB for nothing.
  let index: VacancyIndex | null = null;
  const until = (options.until ?? now).getTime();
  const notBefore = quietUntil(now, runtime.config.QUIET_HOURS, runtime.config.TIMEZONE);
  const result: ImmediatePlan = { subscriptions: 0, matched: 0, queued: 0 };
  await refreshStatistics(raw);
  const cache = new Map<string, { ids: number[]; total: number }>();
  for await (const batch of streamSubscriptions(raw, options.batch ?? 2000, true, options.channels)) {
    result.subscriptions += batch.length;
    const byId = new Map(batch.map((r) => [r.id, r]));
    index ??= await runtime.catalog.current();
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
