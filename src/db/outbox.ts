// The outbox as a queue: rows are inserted once (their key is unique),
// claimed by one worker at a time (a claim expires, so a worker that died
// leaves its rows to the others), and finished with what became of them.

import type { RawDb } from './raw.ts';

export interface OutboxInsert {
  key: string;
  contactId: number | null;
  channel: string;
  recipient: string;
  /** staff = a member of staff answering a person who asked for one; notice = a new job fair or training the person asked to hear of. */
  kind: 'digest' | 'alert' | 'broadcast' | 'staff' | 'notice';
  payload: string;
  notBefore: Date | null;
  broadcastId?: number | null;
}

export interface OutboxRow {
  id: number;
  key: string;
  contactId: number | null;
  channel: string;
  recipient: string;
  kind: string;
  payload: string;
  attempts: number;
  broadcastId: number | null;
}

const COLUMNS = 'id, key, "contactId", channel, recipient, kind, payload, attempts, "broadcastId"';

/** Inserts rows; a row whose key exists already is left alone. Returns how many were new. */
export async function enqueue(raw: RawDb, rows: OutboxInsert[], now: Date): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < rows.length; i += 200) {
    const chunk = rows.slice(i, i + 200);
    const values = chunk.map(() => `(?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?, ?)`).join(', ');
    const params = chunk.flatMap((r) => [r.key, r.contactId, r.channel, r.recipient, r.kind, r.payload, r.notBefore, r.broadcastId ?? null, now, now]);
    inserted += await raw.run(
      `INSERT INTO "Outbox" (key, "contactId", channel, recipient, kind, payload, status, attempts, "notBefore", "broadcastId", "createdAt", "updatedAt") VALUES ${values} ON CONFLICT (key) DO NOTHING`,
      params,
    );
  }
  return inserted;
}

const READY = `(status = 'pending' OR (status = 'sending' AND "lockedUntil" < ?)) AND ("notBefore" IS NULL OR "notBefore" <= ?)`;

/** Claims up to `limit` rows ready to send on these channels; nobody else gets them until `lockSeconds` pass. */
export async function claim(raw: RawDb, options: { limit: number; lockSeconds: number; now: Date; channels: string[] }): Promise<OutboxRow[]> {
  if (!options.channels.length) return [];
  const lockedUntil = new Date(options.now.getTime() + options.lockSeconds * 1000);
  const inChannels = options.channels.map(() => '?').join(', ');
  const skipLocked = raw.provider === 'postgresql' ? ' FOR UPDATE SKIP LOCKED' : '';
  return raw.all<OutboxRow>(
    `UPDATE "Outbox" SET status = 'sending', "lockedUntil" = ?, attempts = attempts + 1, "updatedAt" = ?
     WHERE id IN (SELECT id FROM "Outbox" WHERE ${READY} AND channel IN (${inChannels}) ORDER BY id LIMIT ?${skipLocked})
     RETURNING ${COLUMNS}`,
    [lockedUntil, options.now, options.now, options.now, ...options.channels, options.limit],
  );
}

/** Claims one row by id (a queued job); null when it is not ready or another worker has it. */
export async function claimOne(raw: RawDb, id: number, options: { lockSeconds: number; now: Date }): Promise<OutboxRow | null> {
  const lockedUntil = new Date(options.now.getTime() + options.lockSeconds * 1000);
  const rows = await raw.all<OutboxRow>(
    `UPDATE "Outbox" SET status = 'sending', "lockedUntil" = ?, attempts = attempts + 1, "updatedAt" = ? WHERE id = ? AND ${READY} RETURNING ${COLUMNS}`,
    [lockedUntil, options.now, id, options.now, options.now],
  );
  return rows[0] ?? null;
}

/** Records what became of a claimed row: sent, failed, skipped or cancelled. */
export async function finish(raw: RawDb, id: number, result: { status: 'sent' | 'failed' | 'skipped' | 'cancelled'; providerMessageId?: string | null; error?: string | null }, now: Date): Promise<void> {
  await raw.run(`UPDATE "Outbox" SET status = ?, "providerMessageId" = ?, error = ?, "sentAt" = ?, "lockedUntil" = NULL, "updatedAt" = ? WHERE id = ?`, [
    result.status, result.providerMessageId ?? null, result.error ?? null, result.status === 'sent' ? now : null, now, id,
  ]);
}

/** Puts a claimed row back to be tried again at `notBefore`. */
export async function release(raw: RawDb, id: number, notBefore: Date, error: string | null, now: Date): Promise<void> {
  await raw.run(`UPDATE "Outbox" SET status = 'pending', "notBefore" = ?, error = ?, "lockedUntil" = NULL, "updatedAt" = ? WHERE id = ?`, [notBefore, error, now, id]);
}

/** A chat reply that was sent (or failed) just now: one row, no queueing. */
export interface ReplyRecord {
  key: string;
  channel: string;
  recipient: string;
  payload: string;
  status: 'sent' | 'failed';
  providerMessageId: string | null;
  error: string | null;
}

/** Records a chat reply (the per-message path: plain SQL, not the ORM). */
export async function recordReply(raw: RawDb, r: ReplyRecord, now: Date): Promise<void> {
  await raw.run(
    `INSERT INTO "Outbox" (key, "contactId", channel, recipient, kind, payload, status, attempts, "providerMessageId", error, "createdAt", "sentAt", "updatedAt") VALUES (?, NULL, ?, ?, 'reply', ?, ?, 1, ?, ?, ?, ?, ?)`,
    [r.key, r.channel, r.recipient, r.payload, r.status, r.providerMessageId, r.error, now, r.status === 'sent' ? now : null, now],
  );
}

/**
 * A status callback for the message with this provider id: moves its status
 * forward (sent, delivered, read; or failed at any time), never back. False
 * when no message of ours has this id.
 */
export async function recordStatus(raw: RawDb, providerMessageId: string, status: 'sent' | 'delivered' | 'read' | 'failed', error: string | null, now: Date): Promise<boolean> {
  const order = ['pending', 'sending', 'sent', 'delivered', 'read'];
  const earlier = status === 'failed' ? order.concat('failed', 'skipped', 'cancelled') : order.slice(0, order.indexOf(status));
  const changed = await raw.run(
    `UPDATE "Outbox" SET status = ?, error = COALESCE(?, error), "updatedAt" = ? WHERE "providerMessageId" = ? AND status IN (${earlier.map(() => '?').join(', ')})`,
    [status, error, now, providerMessageId, ...earlier],
  );
  if (changed) return true;
  return (await raw.all('SELECT 1 AS one FROM "Outbox" WHERE "providerMessageId" = ? LIMIT 1', [providerMessageId])).length > 0;
}

/** Ids of rows waiting to be sent (for putting them on a queue). */
export async function readyIds(raw: RawDb, options: { now: Date; limit: number; afterId: number }): Promise<Array<{ id: number; channel: string }>> {
  return raw.all<{ id: number; channel: string }>(`SELECT id, channel FROM "Outbox" WHERE ${READY} AND id > ? ORDER BY id LIMIT ?`, [options.now, options.now, options.afterId, options.limit]);
}
