// The delivery policy, in one place for every channel: what to do when a
// send fails (wait out a throttle, back off on a passing fault, stop for a
// person who is gone), and the record of every message sent and what became
// of it (the Outbox table).

import crypto from 'node:crypto';
import { DeliveryError, type Channel } from '../channels/channel.ts';
import { splitReply } from '../channels/limits.ts';
import type { Reply } from '../core/types.ts';
import type { Db } from '../db/client.ts';
import { retryTransient } from '../db/errors.ts';
import { recordReply, recordStatus } from '../db/outbox.ts';
import type { RawDb } from '../db/raw.ts';
import type { Logger } from '../log.ts';

export interface DeliveryOptions {
  /** Tries per message before giving up on temporary faults. */
  maxAttempts: number;
  /** Longest throttle wait honoured inline; longer ones are given up (and retried later by queues). */
  maxWaitSeconds: number;
  sleep?: (ms: number) => Promise<void>;
  /** Where replies and status callbacks are recorded with plain SQL (every message passes here); the ORM otherwise. */
  raw?: RawDb;
}

/** The policy's numbers. */
export const DELIVERY_DEFAULTS = { maxAttempts: 4, maxWaitSeconds: 60 } as const;

export type SendOutcome = { ok: true; providerMessageId?: string } | { ok: false; kind: DeliveryError['kind']; error: string };

/**
 * How a sent chat reply is recorded: whole; without its text (copies for
 * staff, which hold a person's words and name them); or not at all (the
 * answer to "hapus data saya", sent after the person was erased).
 */
export type ReplyRecord = 'full' | 'without-text' | 'none';

// What a record without text keeps of a reply.
const WITHHELD = JSON.stringify({ text: '', choices: [], withheld: true });

const STATUS_ORDER = ['pending', 'sending', 'sent', 'delivered', 'read'];

export class Delivery {
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
    private readonly options: DeliveryOptions = DELIVERY_DEFAULTS,
  ) {
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  /**
   * Sends with retries: waits out throttles, backs off on temporary faults,
   * marks a gone person. A reply too long for the channel goes as several
   * messages, each with its own retries (the choices with the last).
   * `how` sends another way (a WhatsApp template) under the same rules.
   */
  async send(channel: Channel, to: string, reply: Reply, how?: () => Promise<{ providerMessageId?: string }>): Promise<SendOutcome> {
    if (how) return this.sendOne(channel, to, reply, how);
    let outcome: SendOutcome = { ok: true };
    for (const part of splitReply(reply, channel.maxTextLength)) {
      outcome = await this.sendOne(channel, to, part);
      if (!outcome.ok) break;
    }
    return outcome;
  }

  private async sendOne(channel: Channel, to: string, reply: Reply, how?: () => Promise<{ providerMessageId?: string }>): Promise<SendOutcome> {
    let lastError = '';
    for (let attempt = 1; attempt <= this.options.maxAttempts; attempt++) {
      try {
        const { providerMessageId } = await (how ? how() : channel.send(to, reply));
        return { ok: true, ...(providerMessageId ? { providerMessageId } : {}) };
      } catch (err) {
        const e = err instanceof DeliveryError ? err : new DeliveryError('temporary', (err as Error).message);
        lastError = e.message;
        if (e.kind === 'gone') {
          await this.markGone(channel.name, to);
          this.log.info('recipient gone', { channel: channel.name, provider: channel.provider });
          return { ok: false, kind: 'gone', error: e.message };
        }
        if (e.kind === 'permanent') {
          this.log.warn('message refused by the channel', { channel: channel.provider, error: e.message, code: e.providerCode });
          return { ok: false, kind: 'permanent', error: e.message };
        }
        if (attempt === this.options.maxAttempts) break;
        const waitSeconds = e.kind === 'throttled' ? (e.retryAfterSeconds ?? 1) : 0.5 * 2 ** (attempt - 1);
        if (waitSeconds > this.options.maxWaitSeconds) return { ok: false, kind: e.kind, error: e.message };
        await this.sleep(waitSeconds * 1000);
      }
    }
    this.log.warn('message not delivered after retries', { channel: channel.provider, error: lastError });
    return { ok: false, kind: 'temporary', error: lastError };
  }

  /**
   * Sends a chat reply now and records it (so status callbacks can find it).
   * The person has the reply once it is sent: a record that cannot be written
   * (the database is away) is logged, never a reason to send again.
   */
  async reply(channel: Channel, to: string, reply: Reply, options: { record?: ReplyRecord } = {}): Promise<SendOutcome> {
    const outcome = await this.send(channel, to, reply);
    const record = options.record ?? 'full';
    if (record === 'none') return outcome;
    const row = {
      key: `reply:${crypto.randomUUID()}`,
      channel: channel.name,
      recipient: to,
      payload: record === 'full' ? JSON.stringify(reply) : WITHHELD,
      status: outcome.ok ? ('sent' as const) : ('failed' as const),
      providerMessageId: outcome.ok ? (outcome.providerMessageId ?? null) : null,
      error: outcome.ok ? null : `${outcome.kind}: ${outcome.error}`,
    };
    const raw = this.options.raw;
    const now = new Date();
    const write = raw
      ? () => recordReply(raw, row, now)
      : () => this.db.outbox.create({ data: { ...row, kind: 'reply', attempts: 1, sentAt: outcome.ok ? now : null } }).then(() => undefined);
    await retryTransient(write, { withinMs: 5_000 }).catch((err: unknown) => this.log.warn('a sent reply was not recorded', { channel: channel.provider, error: err }));
    return outcome;
  }

  /** The channel says the person is gone: no more alerts or broadcasts for them. */
  async markGone(channel: string, externalId: string): Promise<void> {
    await this.db.contact.updateMany({ where: { channel, externalId, goneAt: null }, data: { goneAt: new Date() } });
  }

  /** A status callback (sent, delivered, read, failed) for a message we sent; never moves a status back. */
  async recordStatus(providerMessageId: string, status: 'sent' | 'delivered' | 'read' | 'failed', error?: string): Promise<boolean> {
    // Only ever a plain id: anything else would become a filter matching other people's messages.
    if (typeof providerMessageId !== 'string' || !providerMessageId) return false;
    if (this.options.raw) return recordStatus(this.options.raw, providerMessageId, status, error ?? null, new Date());
    const row = await this.db.outbox.findFirst({ where: { providerMessageId } });
    if (!row) return false;
    if (status !== 'failed' && STATUS_ORDER.indexOf(status) <= STATUS_ORDER.indexOf(row.status)) return true;
    await this.db.outbox.update({ where: { id: row.id }, data: { status, ...(error ? { error } : {}) } });
    return true;
  }
}
