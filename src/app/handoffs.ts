// Hand-overs to staff, as both the console and the staff Telegram commands
// work them: taking a chat (the bot keeps quiet), answering it through the
// outbox (the delivery policy's limits and retries apply), and giving it back
// to the bot. The Handoff row is the queue's state; Conversation.status
// follows it (Chatwoot's pending / open / bot).

import crypto from 'node:crypto';
import type { Reply } from '../core/types.ts';
import type { Db } from '../db/client.ts';
import { enqueue } from '../db/outbox.ts';
import type { RawDb } from '../db/raw.ts';

export interface StaffMember {
  /** "web:sari" or "telegram:123". */
  takenBy: string;
  /** The name shown to the person ("Bu Sari"). */
  staffName: string;
}

/** The contact's hand-over that is not closed yet (the latest), or null. */
export async function currentHandoff(db: Db, contactId: number) {
  return db.handoff.findFirst({ where: { contactId, status: { not: 'closed' } }, orderBy: { id: 'desc' } });
}

/**
 * A member of staff takes the chat: the hand-over is open with their name and
 * the conversation is 'open', so the bot passes the person's words to staff.
 * A chat nobody asked to hand over gets a hand-over row of its own.
 */
export async function takeHandoff(db: Db, contactId: number, who: StaffMember, now: Date): Promise<number> {
  const open = await currentHandoff(db, contactId);
  const id = open
    ? (await db.handoff.update({ where: { id: open.id }, data: { status: 'open', takenBy: who.takenBy, staffName: who.staffName, takenAt: open.takenAt ?? now } })).id
    : (await db.handoff.create({ data: { contactId, status: 'open', topic: 'other', summary: '', takenBy: who.takenBy, staffName: who.staffName, takenAt: now } })).id;
  await db.conversation.updateMany({ where: { contactId }, data: { status: 'open' } });
  return id;
}

/** Gives the chat back to the bot: the hand-over is closed and the conversation is the bot's again. */
export async function closeHandoff(db: Db, contactId: number, now: Date): Promise<void> {
  await db.handoff.updateMany({ where: { contactId, status: { not: 'closed' } }, data: { status: 'closed', closedAt: now } });
  await db.conversation.updateMany({ where: { contactId }, data: { status: 'bot' } });
}

/**
 * Queues a staff answer to the person on their own channel (an outbox row,
 * sent by whichever process runs that channel) and notes it in the message
 * log. Taking the chat first if nobody has.
 */
export async function queueStaffReply(db: Db, raw: RawDb, contact: { id: number; channel: string; externalId: string }, reply: Reply, who: StaffMember, options: { now: Date; keepLog: boolean }): Promise<void> {
  const { now } = options;
  const open = await currentHandoff(db, contact.id);
  if (!open || open.status !== 'open') await takeHandoff(db, contact.id, who, now);
  await enqueue(raw, [{ key: `staff:${crypto.randomUUID()}`, contactId: contact.id, channel: contact.channel, recipient: contact.externalId, kind: 'staff', payload: JSON.stringify({ reply }), notBefore: null }], now);
  await db.handoff.updateMany({ where: { contactId: contact.id, status: 'open', firstReplyAt: null }, data: { firstReplyAt: now } });
  if (options.keepLog) await db.messageLog.create({ data: { contactId: contact.id, direction: 'out', text: reply.text, intent: 'staff_reply', createdAt: now } });
}
