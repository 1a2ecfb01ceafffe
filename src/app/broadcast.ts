// Staff broadcasts: a text to every subscriber, or to a segment (channel,
// kecamatan, education). Every broadcast is recorded with who sent it and
// to whom; each message is an outbox row, so what became of it is known.

import type { Prisma } from '../db/generated/sqlite/index.js';
import { enqueue, type OutboxInsert } from '../db/outbox.ts';
import type { RawDb } from '../db/raw.ts';
import { educationRank, parseEducation, type Education } from '../domain/education.ts';
import type { Region } from '../domain/region.ts';
import type { Db } from '../db/client.ts';
import { kecamatanColumn } from '../domain/alerts.ts';

export interface Segment {
  channel?: 'telegram' | 'whatsapp';
  /** Kemendagri code: subscribers whose alerts cover this kecamatan. */
  kecamatan?: string;
  education?: Education;
}

/** Reads "semua", "telegram", "Setu", "SMA" (space-separated, any order); an error names the word it does not know. */
export function parseSegment(words: string, region: Region): Segment | { error: string } {
  const segment: Segment = {};
  for (const raw of words.trim().split(/\s*[,;]\s*|\s+(?=(?:channel|kanal|kecamatan|pendidikan|education)=)/i).filter(Boolean)) {
    const word = raw.replace(/^(channel|kanal|kecamatan|pendidikan|education)=/i, '').trim();
    const lower = word.toLowerCase();
    if (['semua', 'all', 'semua pelanggan'].includes(lower)) continue;
    if (lower === 'telegram') segment.channel = 'telegram';
    else if (lower === 'whatsapp' || lower === 'wa') segment.channel = 'whatsapp';
    else if (parseEducation(word)) segment.education = parseEducation(word)!;
    else {
      const place = region.resolve(word);
      if (!place.ok) return { error: place.reason };
      segment.kecamatan = place.code;
    }
  }
  return segment;
}

/** Who a segment reaches: active subscribers who have not said stop and are not gone. */
function recipientsWhere(segment: Segment): Prisma.ContactWhereInput {
  return {
    optedOutAt: null,
    goneAt: null,
    ...(segment.channel ? { channel: segment.channel } : { channel: { in: ['telegram', 'whatsapp'] } }),
    subscriptions: {
      some: {
        status: 'active',
        ...(segment.kecamatan ? { OR: [{ kecamatan: '' }, { kecamatan: { contains: kecamatanColumn([segment.kecamatan]) } }] } : {}),
        ...(segment.education ? { educationRank: educationRank(segment.education) } : {}),
      },
    },
  };
}

/** How many people a segment reaches, per channel (the preview before sending). */
export async function countSegment(db: Db, segment: Segment): Promise<{ total: number; telegram: number; whatsapp: number }> {
  const groups = await db.contact.groupBy({ by: ['channel'], where: recipientsWhere(segment), _count: { _all: true } });
  const count = (c: string) => groups.find((g) => g.channel === c)?._count._all ?? 0;
  return { total: count('telegram') + count('whatsapp'), telegram: count('telegram'), whatsapp: count('whatsapp') };
}

/**
 * Records a broadcast as a draft (not sent yet), with how many it would reach.
 * A broadcast is a draft, then waits for approval ('approval', when the office
 * asks a second person to approve), is 'sending' (its messages wait in the
 * outbox, until `scheduledAt` when one was chosen), and ends 'done',
 * 'cancelled' or 'rejected'.
 */
export async function draftBroadcast(db: Db, input: { text: string; segment: Segment; createdBy: string; scheduledAt?: Date | null }): Promise<{ id: number; total: number }> {
  const { total } = await countSegment(db, input.segment);
  const b = await db.broadcast.create({ data: { text: input.text, segment: JSON.stringify(input.segment), createdBy: input.createdBy, total, status: 'draft', scheduledAt: input.scheduledAt ?? null } });
  return { id: b.id, total };
}

/** Sends a draft: one outbox row per recipient (as the segment stands now); returns how many were queued. */
export async function startBroadcast(db: Db, raw: RawDb, id: number, now: Date): Promise<number> {
  return queueBroadcast(db, raw, id, 'draft', now);
}

/** A draft now waits for a second person's approval; false when it is not a draft. */
export async function askApproval(db: Db, id: number): Promise<boolean> {
  return (await db.broadcast.updateMany({ where: { id, status: 'draft' }, data: { status: 'approval' } })).count === 1;
}

/**
 * A second person approves a broadcast that waits for it, and it is sent (or
 * scheduled). The person who wrote it cannot approve it.
 */
export async function approveBroadcast(db: Db, raw: RawDb, id: number, by: string, now: Date): Promise<{ ok: true; queued: number } | { ok: false; reason: 'own' | 'not_waiting' }> {
  const b = await db.broadcast.findUnique({ where: { id } });
  if (!b || b.status !== 'approval') return { ok: false, reason: 'not_waiting' };
  if (b.createdBy === by) return { ok: false, reason: 'own' };
  await db.broadcast.update({ where: { id }, data: { approvedBy: by, approvedAt: now } });
  return { ok: true, queued: await queueBroadcast(db, raw, id, 'approval', now) };
}

/** A reviewer refuses a broadcast that waits for approval, saying why. */
export async function rejectBroadcast(db: Db, id: number, by: string, reason: string, now: Date): Promise<boolean> {
  return (await db.broadcast.updateMany({ where: { id, status: 'approval' }, data: { status: 'rejected', approvedBy: by, approvedAt: now, rejectedReason: reason, finishedAt: now } })).count === 1;
}

async function queueBroadcast(db: Db, raw: RawDb, id: number, from: 'draft' | 'approval', now: Date): Promise<number> {
  const b = await db.broadcast.findUnique({ where: { id } });
  if (!b || b.status !== from) return 0;
  const recipients = await db.contact.findMany({ where: recipientsWhere(JSON.parse(b.segment) as Segment), select: { id: true, channel: true, externalId: true } });
  // A scheduled broadcast waits in the outbox until its time (quiet hours and "stop" are still checked when it is sent).
  const notBefore = b.scheduledAt && b.scheduledAt > now ? b.scheduledAt : null;
  const rows: OutboxInsert[] = recipients.map((r) => ({
    key: `broadcast:${b.id}:${r.id}`, contactId: r.id, channel: r.channel, recipient: r.externalId, kind: 'broadcast', payload: JSON.stringify({ text: b.text }), notBefore, broadcastId: b.id,
  }));
  const queued = await raw.transaction((tx) => enqueue(tx, rows, now));
  await db.broadcast.update({ where: { id }, data: { status: 'sending', total: recipients.length } });
  return queued;
}

export interface BroadcastProgress {
  id: number;
  status: string;
  total: number;
  pending: number;
  sent: number;
  delivered: number;
  failed: number;
  skipped: number;
  cancelled: number;
}

/** What became of a broadcast's messages so far; marks it done when nothing is left to send. */
export async function broadcastProgress(db: Db, id: number): Promise<BroadcastProgress | null> {
  const b = await db.broadcast.findUnique({ where: { id } });
  if (!b) return null;
  const groups = await db.outbox.groupBy({ by: ['status'], where: { broadcastId: id }, _count: { _all: true } });
  const n = (...statuses: string[]) => groups.filter((g) => statuses.includes(g.status)).reduce((sum, g) => sum + g._count._all, 0);
  const p: BroadcastProgress = { id, status: b.status, total: b.total, pending: n('pending', 'sending'), sent: n('sent', 'delivered', 'read'), delivered: n('delivered', 'read'), failed: n('failed'), skipped: n('skipped'), cancelled: n('cancelled') };
  if (b.status === 'sending' && p.pending === 0) {
    await db.broadcast.update({ where: { id }, data: { status: 'done', finishedAt: new Date() } });
    p.status = 'done';
  }
  return p;
}

/** Stops a broadcast (or drops a draft): messages not yet sent are cancelled. */
export async function cancelBroadcast(db: Db, id: number): Promise<number> {
  const { count } = await db.outbox.updateMany({ where: { broadcastId: id, status: 'pending' }, data: { status: 'cancelled', error: 'broadcast cancelled by staff' } });
  await db.broadcast.updateMany({ where: { id, status: { in: ['draft', 'approval', 'sending'] } }, data: { status: 'cancelled', finishedAt: new Date() } });
  return count;
}
