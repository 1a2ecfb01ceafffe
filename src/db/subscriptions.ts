// Subscriptions to vacancy alerts, opt-out, and linking a person's WhatsApp
// and Telegram contacts.

import crypto from 'node:crypto';
import type { SubscriptionView } from '../core/alerts-flow.ts';
import type { ChannelName, Effect } from '../core/types.ts';
import { kecamatanColumn, parseKecamatanColumn } from '../domain/alerts.ts';
import { educationRank, isEducation } from '../domain/education.ts';
import type { Db } from './client.ts';
import type { SubscriptionRecord } from './conversations.ts';

/** A stored subscription as the dialogue core sees it. */
export function subscriptionView(record: SubscriptionRecord | null, channel: ChannelName): SubscriptionView | null {
  if (!record) return null;
  return {
    kecamatan: parseKecamatanColumn(record.kecamatan),
    education: isEducation(record.education) ? record.education : null,
    keyword: record.keyword,
    immediate: record.immediate,
    status: record.status === 'paused' || record.status === 'stopped' ? record.status : 'active',
    channel,
  };
}

/** The other channels of the same person, and the subscriptions held on them. */
export async function linkedContacts(db: Db, personKey: string | null, contactId: number): Promise<Array<{ id: number; channel: ChannelName; subscriptions: SubscriptionRecord[] }>> {
  if (!personKey) return [];
  const rows = await db.contact.findMany({ where: { personKey, id: { not: contactId } }, include: { subscriptions: { orderBy: { id: 'asc' } } } });
  return rows.map((r) => ({ id: r.id, channel: r.channel as ChannelName, subscriptions: r.subscriptions }));
}

/** Carries out what the core decided about alerts for this contact. */
export async function applyAlertEffects(db: Db, contact: { id: number; personKey: string | null }, channel: ChannelName, effects: Effect[], now: Date): Promise<void> {
  for (const e of effects) {
    if (e.type === 'subscribe') {
      const linked = await linkedContacts(db, contact.personKey, contact.id);
      const target = e.deliverTo === channel ? contact.id : (linked.find((l) => l.channel === e.deliverTo)?.id ?? contact.id);
      const data = {
        kecamatan: kecamatanColumn(e.kecamatan),
        education: e.education,
        educationRank: e.education ? educationRank(e.education) : 8,
        keyword: e.keyword,
        immediate: e.immediate,
        status: 'active',
      };
      const existing = await db.subscription.findFirst({ where: { contactId: target }, orderBy: { id: 'asc' } });
      await db.$transaction([
        existing ? db.subscription.update({ where: { id: existing.id }, data }) : db.subscription.create({ data: { contactId: target, ...data, lastDigestAt: now } }),
        // One person, one active subscription: the other channel stops getting alerts.
        db.subscription.updateMany({ where: { contactId: { in: [contact.id, ...linked.map((l) => l.id)].filter((id) => id !== target) }, status: { not: 'stopped' } }, data: { status: 'stopped' } }),
        db.contact.update({ where: { id: target }, data: { optedOutAt: null } }),
      ]);
    } else if (e.type === 'alerts') {
      // A person linked on two channels stops, pauses or resumes on both.
      const ids = [contact.id, ...(await linkedContacts(db, contact.personKey, contact.id)).map((l) => l.id)];
      if (e.action === 'stop') for (const id of ids) await optOut(db, id, now);
      else await db.subscription.updateMany({ where: { contactId: { in: ids }, status: e.action === 'pause' ? 'active' : 'paused' }, data: { status: e.action === 'pause' ? 'paused' : 'active' } });
    } else if (e.type === 'link_code') {
      await db.linkCode.deleteMany({ where: { OR: [{ contactId: contact.id }, { expiresAt: { lt: now } }] } });
      await db.linkCode.create({ data: { code: e.code, contactId: contact.id, expiresAt: new Date(now.getTime() + 10 * 60_000) } });
    }
  }
}

/**
 * "stop": no alerts and no broadcasts from now on, and messages still
 * waiting to be sent to this person are cancelled.
 */
export async function optOut(db: Db, contactId: number, now: Date): Promise<void> {
  await db.$transaction([
    db.contact.update({ where: { id: contactId }, data: { optedOutAt: now } }),
    db.subscription.updateMany({ where: { contactId }, data: { status: 'stopped' } }),
    db.outbox.updateMany({ where: { contactId, status: 'pending', kind: { not: 'reply' } }, data: { status: 'cancelled', error: 'the person said stop' } }),
  ]);
}

const DIGITS = '23456789';
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A new link code such as "HUBK7Q3M" (no 0/O, 1/I; never a number, so never taken for a secret). */
export function newLinkCode(): string {
  // Always one digit, so that no word ("hubungan") reads as a code.
  const chars = Array.from(crypto.randomBytes(5), (b) => ALPHABET[b % ALPHABET.length]!);
  const bytes = crypto.randomBytes(2);
  chars[bytes[0]! % 5] = DIGITS[bytes[1]! % DIGITS.length]!;
  return `HUB${chars.join('')}`;
}

/** A link code in a message, if any. */
export function findLinkCode(text: string): string | null {
  const m = /\bHUB[\s-]?([A-HJ-NP-Z2-9]{5})\b/i.exec(text);
  return m && /\d/.test(m[1]!) ? `HUB${m[1]!.toUpperCase()}` : null;
}

/** Links this contact with the one that asked for `code`; 'unknown' when the code is wrong, old or from the same channel. */
export async function useLinkCode(db: Db, code: string, contact: { id: number; personKey: string | null }, channel: ChannelName, now: Date): Promise<'linked' | 'unknown'> {
  const row = await db.linkCode.findUnique({ where: { code } });
  if (!row || row.expiresAt < now || row.contactId === contact.id) return 'unknown';
  const other = await db.contact.findUnique({ where: { id: row.contactId } });
  if (!other || other.channel === channel) return 'unknown';
  const key = other.personKey ?? contact.personKey ?? crypto.randomUUID();
  await db.$transaction([
    db.contact.updateMany({ where: { id: { in: [contact.id, other.id] } }, data: { personKey: key } }),
    db.linkCode.delete({ where: { code } }),
  ]);
  contact.personKey = key;
  return 'linked';
}
