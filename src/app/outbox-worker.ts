// Sends what waits in the outbox (digests, alerts, broadcasts): claims rows,
// checks each recipient still wants it (a "stop" between two batches stops
// the rest), respects quiet hours, the WhatsApp 24-hour window and the rate
// limits, and records what became of every message. A row is claimed by one
// worker at a time; a worker that dies leaves its rows to the others once
// the claim expires, so nothing is lost and nothing is sent twice.

import { afterDigest, alertReply, broadcastReply, digestReply, type DigestPayload } from '../core/alerts.ts';
import type { Channel } from '../channels/channel.ts';
import type { WhatsAppCloudChannel } from '../channels/whatsapp-cloud/adapter.ts';
import type { Reply } from '../core/types.ts';
import { StaleStateError } from '../db/conversations.ts';
import { claim, claimOne, finish, release, type OutboxRow } from '../db/outbox.ts';
import type { RawDb } from '../db/raw.ts';
import { quietUntil } from '../domain/time.ts';
import type { VacancyFilters } from '../domain/vacancy.ts';
import type { Logger } from '../log.ts';
import type { Delivery } from './delivery.ts';
import type { RateLimiter } from './rate-limit.ts';
import type { Runtime } from './runtime.ts';

export interface WorkerOptions {
  lockSeconds: number;
  quietHours: string;
  /** An approved WhatsApp template for messages outside the 24-hour window (Cloud API). */
  template: { name: string; language: string } | null;
  batchSize?: number;
  pollMs?: number;
}

const MAX_ATTEMPTS = 8;
// Telegram allows about one message per second to one chat.
const PER_CHAT_MS = 1000;

export class OutboxWorker {
  private running = false;
  private loop: Promise<void> | null = null;
  private readonly byName: Map<string, Channel>;
  /** When each recipient was last sent to by this worker (for the per-chat pace). */
  private readonly lastSent = new Map<string, number>();
  /** Rows this worker has claimed and not yet finished; `sending` once handed to the channel. */
  private readonly claimed = new Map<number, { sending: boolean }>();

  constructor(
    private readonly runtime: Runtime,
    private readonly raw: RawDb,
    channels: Channel[],
    private readonly delivery: Delivery,
    private readonly limiter: RateLimiter,
    private readonly options: WorkerOptions,
    private readonly log: Logger,
  ) {
    this.byName = new Map(channels.map((c) => [c.name, c]));
  }

  /** The channels this worker can send on. */
  get channelNames(): string[] {
    return [...this.byName.keys()];
  }

  /** Claims one batch and sends it; returns how many rows it handled. */
  async runOnce(now = new Date()): Promise<number> {
    const rows = await claim(this.raw, { limit: this.options.batchSize ?? 20, lockSeconds: this.options.lockSeconds, now, channels: this.channelNames });
    await Promise.all(rows.map((row) => this.process(row)));
    return rows.length;
  }

  /** Sends everything that is ready, then returns (for `pasker alerts run` and tests). */
  async drain(): Promise<number> {
    let total = 0;
    for (let n = await this.runOnce(); n > 0; n = await this.runOnce()) total += n;
    return total;
  }

  /** Keeps sending in the background until stop(). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        try {
          if ((await this.runOnce()) === 0) await new Promise((r) => setTimeout(r, this.options.pollMs ?? 1000));
        } catch (err) {
          this.log.error('outbox worker failed a round', { error: err });
          await new Promise((r) => setTimeout(r, this.options.pollMs ?? 1000));
        }
      }
    })();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  /** Claims and sends the row with this id (a queued job); false when it was not ready or taken. */
  async processId(id: number): Promise<boolean> {
    const row = await claimOne(this.raw, id, { lockSeconds: this.options.lockSeconds, now: new Date() });
    if (!row) return false;
    await this.process(row);
    return true;
  }

  /**
   * Gives back every claimed row not yet handed to its channel (for a stop
   * that cannot wait), so another worker sends it at once instead of after
   * the claim expires. A row already handed over is left to expire: it may
   * have been sent.
   */
  async releaseUnsent(): Promise<number> {
    this.running = false;
    const ids = [...this.claimed].filter(([, c]) => !c.sending).map(([id]) => id);
    for (const id of ids) await release(this.raw, id, new Date(), 'the worker stopped before sending it', new Date());
    return ids.length;
  }

  private async process(row: OutboxRow): Promise<void> {
    const claim = { sending: false };
    this.claimed.set(row.id, claim);
    try {
      await this.processClaimed(row, claim);
    } finally {
      this.claimed.delete(row.id);
    }
  }

  private async processClaimed(row: OutboxRow, claim: { sending: boolean }): Promise<void> {
    const now = new Date();
    try {
      const contact = row.contactId ? await this.runtime.db.contact.findUnique({ where: { id: row.contactId }, include: { subscriptions: true } }) : null;
      if (row.contactId && !contact) return finish(this.raw, row.id, { status: 'cancelled', error: 'the person erased their data' }, now);
      // A staff answer is a reply in a chat the person opened, not an announcement: "stop" and quiet hours do not hold it back.
      const personal = row.kind === 'staff';
      if (contact?.optedOutAt && !personal) return finish(this.raw, row.id, { status: 'cancelled', error: 'the person said stop' }, now);
      if (contact?.goneAt) return finish(this.raw, row.id, { status: 'cancelled', error: 'the person is gone (blocked the bot or left)' }, now);
      if (row.kind === 'digest' || row.kind === 'alert') {
        // The subscription the row was planned for (its id is in the key: digest:<id>:..., alert:<id>:...).
        const subscriptionId = Number(row.key.split(':')[1]);
        const subscription = contact?.subscriptions.find((s) => s.id === subscriptionId);
        if (subscription?.status !== 'active') return finish(this.raw, row.id, { status: 'cancelled', error: `the subscription is ${subscription?.status ?? 'gone'}` }, now);
      }
      const quiet = personal ? null : quietUntil(now, this.options.quietHours, this.runtime.config.TIMEZONE);
      if (quiet) return release(this.raw, row.id, quiet, 'quiet hours', now);

      const channel = this.byName.get(row.channel);
      if (!channel) return release(this.raw, row.id, new Date(now.getTime() + 60_000), `no ${row.channel} channel in this process`, now);
      const payload = JSON.parse(row.payload) as { digest?: DigestPayload; alert?: { vacancyId: number; filters: VacancyFilters }; text?: string; reply?: Reply };
      const reply = await this.render(row.kind, payload, now);
      if (!reply) return finish(this.raw, row.id, { status: 'skipped', error: 'its vacancies have closed' }, now);

      // WhatsApp Cloud API: outside 24 hours since the person last wrote, only an approved template may be sent.
      const outsideWindow = channel.provider === 'whatsapp-cloud' && contact && now.getTime() - contact.lastSeenAt.getTime() > 24 * 3_600_000;
      if (outsideWindow && !this.options.template) {
        this.log.warn('message skipped: outside the WhatsApp 24-hour window and no WHATSAPP_TEMPLATE', { outbox: row.id });
        return finish(this.raw, row.id, { status: 'skipped', error: 'outside the 24-hour window; set WHATSAPP_TEMPLATE to send a template' }, now);
      }

      await this.paceChat(`${row.channel}:${row.recipient}`);
      const template = outsideWindow ? this.options.template : null;
      const outcome = await this.limiter.schedule(row.channel, () => {
        claim.sending = true;
        return this.delivery.send(channel, row.recipient, reply, template ? () => (channel as WhatsAppCloudChannel).sendTemplate(row.recipient, template.name, template.language, [reply.text.split('\n').slice(0, 2).join(' ').slice(0, 900)]) : undefined);
      });
      const done = new Date();
      if (outcome.ok) {
        await finish(this.raw, row.id, { status: 'sent', providerMessageId: outcome.providerMessageId ?? null }, done);
        if (payload.digest || payload.alert) await this.rememberList(row, payload);
        return;
      }
      if (outcome.kind === 'gone') {
        if (row.contactId) await this.runtime.db.subscription.updateMany({ where: { contactId: row.contactId }, data: { status: 'stopped' } });
        return finish(this.raw, row.id, { status: 'failed', error: `gone: ${outcome.error}` }, done);
      }
      if (outcome.kind === 'permanent' || row.attempts >= MAX_ATTEMPTS) return finish(this.raw, row.id, { status: 'failed', error: `${outcome.kind}: ${outcome.error}` }, done);
      const backoff = Math.min(2 ** row.attempts * 5_000, 3_600_000);
      return release(this.raw, row.id, new Date(done.getTime() + backoff), `${outcome.kind}: ${outcome.error}`, done);
    } catch (err) {
      this.log.error('outbox row failed', { outbox: row.id, error: err });
      // Tried again soon: most such faults are a service (Redis, the database) coming back.
      await release(this.raw, row.id, new Date(now.getTime() + 10_000), (err as Error).message, new Date()).catch(() => undefined);
    }
  }

  // Waits until a second has passed since this worker last wrote to the same person.
  private async paceChat(key: string): Promise<void> {
    const wait = (this.lastSent.get(key) ?? 0) + PER_CHAT_MS - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    this.lastSent.set(key, Date.now());
    if (this.lastSent.size > 100_000) {
      const old = Date.now() - PER_CHAT_MS;
      for (const [k, t] of this.lastSent) if (t < old) this.lastSent.delete(k);
    }
  }

  private async render(kind: string, payload: { digest?: DigestPayload; alert?: { vacancyId: number; filters: VacancyFilters }; text?: string; reply?: Reply }, now: Date): Promise<Reply | null> {
    const { content } = this.runtime;
    if (kind === 'staff' || kind === 'notice') return payload.reply ?? null;
    if (kind === 'broadcast') return broadcastReply(payload.text ?? '', content.office.name, content.messages);
    const index = await this.runtime.catalog.current();
    if (payload.alert) return alertReply(payload.alert.vacancyId, payload.alert.filters, index, content.region, content.messages);
    if (payload.digest) return digestReply(payload.digest, index, content.region, content.messages, now);
    return null;
  }

  // After a digest or alert, its numbers and "lagi" work in the chat.
  private async rememberList(row: OutboxRow, payload: { digest?: DigestPayload; alert?: { vacancyId: number; filters: VacancyFilters } }): Promise<void> {
    const list: DigestPayload = payload.digest ?? { ids: [payload.alert!.vacancyId], total: 1, filters: payload.alert!.filters };
    for (let attempt = 0; attempt < 3; attempt++) {
      const stored = await this.runtime.store.load(row.channel, row.recipient, new Date());
      // The person erased their data while this was on its way: what load just created goes again.
      if (stored.isNew) return this.runtime.store.erase(stored.contact.id);
      try {
        const state = afterDigest(stored.state ? JSON.parse(stored.state) : null, list, await this.runtime.catalog.current());
        await this.runtime.store.save({ contactId: stored.contact.id, version: stored.version, state: JSON.stringify(state), at: new Date(), log: [], touch: false });
        return;
      } catch (err) {
        if (!(err instanceof StaleStateError)) throw err;
      }
    }
  }
}
