// Contacts, their conversation state and the message log.

import type { Db } from './client.ts';

export interface ContactRecord {
  id: number;
  education: string | null;
  kecamatan: string | null;
  optedOutAt: Date | null;
}

export interface StoredConversation {
  contact: ContactRecord;
  /** Null for a contact seen for the first time. */
  state: string | null;
  status: string;
  version: number;
  isNew: boolean;
}

/** The state was changed by someone else since it was read (another process). */
export class StaleStateError extends Error {}

/** Finds or creates the contact for a channel identity and reads its conversation. */
export async function loadConversation(db: Db, channel: string, externalId: string, at: Date): Promise<StoredConversation> {
  let contact = await db.contact.findUnique({ where: { channel_externalId: { channel, externalId } }, include: { conversation: true } });
  let isNew = false;
  if (!contact) {
    try {
      contact = await db.contact.create({ data: { channel, externalId, firstSeenAt: at, lastSeenAt: at }, include: { conversation: true } });
      isNew = true;
    } catch (err) {
      // Another process created it a moment ago.
      contact = await db.contact.findUnique({ where: { channel_externalId: { channel, externalId } }, include: { conversation: true } });
      if (!contact) throw err;
    }
  }
  const c = contact.conversation;
  return {
    contact: { id: contact.id, education: contact.education, kecamatan: contact.kecamatan, optedOutAt: contact.optedOutAt },
    state: c?.state ?? null,
    status: c?.status ?? 'bot',
    version: c?.version ?? -1,
    isNew,
  };
}

export interface TurnWrite {
  contactId: number;
  /** The version read; -1 when there was no conversation row. */
  version: number;
  state: string;
  status?: string;
  profile?: { education?: string; kecamatan?: string };
  at: Date;
  log: Array<{ direction: 'in' | 'out'; text: string; intent: string | null }>;
}

/**
 * Saves a turn in one transaction: the new state (only if nobody else saved
 * since it was read), profile changes and the message log.
 */
export async function saveTurn(db: Db, w: TurnWrite): Promise<void> {
  await db.$transaction(async (tx) => {
    if (w.version < 0) {
      try {
        await tx.conversation.create({ data: { contactId: w.contactId, state: w.state, status: w.status ?? 'bot', version: 0 } });
      } catch {
        throw new StaleStateError('conversation created concurrently');
      }
    } else {
      const updated = await tx.conversation.updateMany({
        where: { contactId: w.contactId, version: w.version },
        data: { state: w.state, version: w.version + 1, ...(w.status ? { status: w.status } : {}) },
      });
      if (updated.count !== 1) throw new StaleStateError('conversation changed concurrently');
    }
    await tx.contact.update({ where: { id: w.contactId }, data: { lastSeenAt: w.at, ...(w.profile ?? {}) } });
    if (w.log.length) {
      await tx.messageLog.createMany({ data: w.log.map((l, i) => ({ contactId: w.contactId, direction: l.direction, text: l.text, intent: l.intent, createdAt: new Date(w.at.getTime() + i) })) });
    }
  });
}

/** Erases a contact and everything stored about them (UU 27/2022: the right to erasure). */
export async function eraseContact(db: Db, contactId: number): Promise<void> {
  await db.contact.deleteMany({ where: { id: contactId } });
}

/** Deletes message-log rows older than `days` days; returns how many. */
export async function purgeMessageLog(db: Db, days: number, now: Date): Promise<number> {
  const before = new Date(now.getTime() - days * 86_400_000);
  return (await db.messageLog.deleteMany({ where: { createdAt: { lt: before } } })).count;
}
