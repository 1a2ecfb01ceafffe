// Subscriptions as the dialogue core sees them, and the codes that link a
// person's WhatsApp and Telegram contacts.

import crypto from 'node:crypto';
import type { SubscriptionView } from '../core/turn.ts';
import type { ChannelName } from '../core/types.ts';
import { parseKecamatanColumn } from '../domain/alerts.ts';
import { isEducation } from '../domain/education.ts';
import type { SubscriptionRecord } from './conversations.ts';

/** A stored subscription as the dialogue core sees it. */
export function subscriptionView(record: SubscriptionRecord, channel: ChannelName): SubscriptionView {
  return {
    id: record.id,
    label: record.label,
    kecamatan: parseKecamatanColumn(record.kecamatan),
    education: isEducation(record.education) ? record.education : null,
    keyword: record.keyword,
    immediate: record.immediate,
    status: record.status === 'paused' || record.status === 'stopped' ? record.status : 'active',
    channel,
    stoppedAt: record.stoppedAt,
  };
}

const DIGITS = '23456789';
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A new link code such as "HUBK7Q3M" (no 0/O, 1/I; never a number, so never taken for a secret). */
export function newLinkCode(): string {
  let at = draw(5);
  let chars = '';
  for (let i = 0; i < 5; i++) chars += ALPHABET[pool[at + i]! % ALPHABET.length]!;
  // Always one digit, so that no word ("hubungan") reads as a code.
  at = draw(2);
  const place = pool[at]! % 5;
  return `HUB${chars.slice(0, place)}${DIGITS[pool[at + 1]! % DIGITS.length]!}${chars.slice(place + 1)}`;
}

// Every turn offers a code (used only when the person asks for one): random bytes are drawn from
// the system 4 KiB at a time instead of by a call of their own per code, and read in place.
const pool = Buffer.alloc(4096);
let poolAt = pool.length;
// Where `n` fresh bytes start in the pool (valid until the next draw).
function draw(n: number): number {
  if (poolAt + n > pool.length) {
    crypto.randomFillSync(pool);
    poolAt = 0;
  }
  poolAt += n;
  return poolAt - n;
}

/** A link code in a message, if any. */
export function findLinkCode(text: string): string | null {
  const m = /\bHUB[\s-]?([A-HJ-NP-Z2-9]{5})\b/i.exec(text);
  return m && /\d/.test(m[1]!) ? `HUB${m[1]!.toUpperCase()}` : null;
}
