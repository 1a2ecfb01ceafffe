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
  // Always one digit, so that no word ("hubungan") reads as a code.
  const chars = Array.from(randomBytes(5), (b) => ALPHABET[b % ALPHABET.length]!);
  const bytes = randomBytes(2);
  chars[bytes[0]! % 5] = DIGITS[bytes[1]! % DIGITS.length]!;
  return `HUB${chars.join('')}`;
}

// Every turn offers a code (used only when the person asks for one): random bytes are drawn from
// the system 4 KiB at a time instead of by a call of their own per code.
const pool = Buffer.alloc(4096);
let poolAt = pool.length;
function randomBytes(n: number): Buffer {
  if (poolAt + n > pool.length) {
    crypto.randomFillSync(pool);
    poolAt = 0;
  }
  const out = Buffer.from(pool.subarray(poolAt, poolAt + n));
  poolAt += n;
  return out;
}

/** A link code in a message, if any. */
export function findLinkCode(text: string): string | null {
  const m = /\bHUB[\s-]?([A-HJ-NP-Z2-9]{5})\b/i.exec(text);
  return m && /\d/.test(m[1]!) ? `HUB${m[1]!.toUpperCase()}` : null;
}
