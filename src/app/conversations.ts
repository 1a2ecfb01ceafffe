// Where every incoming message goes, whatever the channel: secrets removed,
// the stored conversation loaded, the message understood against what the
// bot last asked, the dialogue core run, and everything the turn changed
// (state, profile, log, counts, subscriptions, hand-over, link code) saved in
// one transaction. One person's messages are handled in order; different
// people in parallel.

import crypto from 'node:crypto';
import { readState, respond, understandingContext, type CoreContext, type HandoffView } from '../core/dialogue.ts';
import type { ChannelName, DialogueState, Effect, Reply } from '../core/types.ts';
import { DuplicateMessageError, StaleStateError, type ConversationStore, type SubscriptionWrite, type TurnWrite } from '../db/conversations.ts';
import { findLinkCode, newLinkCode, subscriptionView } from '../db/subscriptions.ts';
import { isEducation } from '../domain/education.ts';
import { admitText, MAX_MESSAGE_CHARS } from '../domain/incoming-text.ts';
import { redactSecrets } from '../domain/secrets.ts';
import { localDate } from '../domain/time.ts';
import { nextReference } from '../domain/vacancy-report.ts';
import type { Logger } from '../log.ts';
import type { Assistant } from '../llm/assistant.ts';
import { PLATFORMS, type Understanding } from '../nlu/types.ts';
import type { Understander } from '../nlu/understand.ts';
import type { Content } from './content.ts';
import { renderText } from '../channels/render-text.ts';
import { KeyedQueue, TurnTimeoutError } from './keyed-queue.ts';
import { UnsureSaves } from './unsure-saves.ts';
import type { VacancyCatalog } from './vacancy-catalog.ts';
import type { ServiceCatalog } from './service-files.ts';

export interface IncomingMessage {
  channel: ChannelName;
  /** The channel's id for the person (WhatsApp number, Telegram chat id). */
  userId: string;
  text: string;
  at?: Date;
  /** A photo, voice note, video, file or sticker (not opened; `text` is its caption or ''). */
  media?: boolean;
  /**
   * The provider's id of the message ("whatsapp-cloud:wamid...", "telegram:<bot>:<update>"),
   * recorded with the turn, so a message delivered twice is answered once.
   */
  seenKey?: string;
}

/** How a reply is recorded once sent: not at all after the person erased their data. */
export interface SendOptions {
  record: boolean;
}

// Replies that answer an erasure ("data sudah dihapus"): sent, never recorded.
const afterErasure = new WeakSet<Reply>();

export interface ConversationOptions {
  /** Keep the message log at all (MESSAGE_LOG_DAYS > 0). */
  keepLog: boolean;
  /** The daily digest's time as people read it ("07.00"). */
  digestTime: string;
  /** Quiet hours as people read them ("21.00–06.00"), or null. */
  quietHours: string | null;
  /** The office's time zone (counts are per local day). */
  timeZone: string;
  /** How long one message may take (0 = no limit); after it the person is asked to try again shortly. */
  turnTimeoutMs?: number;
  /** How long staff take to check an employer's report, as people read it ("2 hari kerja"); null = never promised. */
  reviewTime?: string | null;
  /** Job fairs and training programmes, for the dialogue. */
  services?: ServiceCatalog;
  /** The optional language-model assistant (LLM_* set): answers questions the dialogue cannot, from Pasker's own knowledge only. */
  assistant?: Pick<Assistant, 'answer'> | null;
}

/** A hand-over or a message for staff, as the staff channel shows it. */
export interface StaffNotice {
  channel: string;
  userId: string;
  /** The person's words (redacted), or the hand-over summary. */
  lastText: string;
  kind: 'handoff' | 'message';
}

const MENU_WORDS = /^(menu|menu utama|bot|\/start|\/menu)$/i;
const LINK_MINUTES = 10;
// Another process saved this person's turn first (their messages reached two processes at once):
// read again and answer again, after a random pause that grows, so that one of the two gets through
// instead of both trying in step; about 1.4 s at most in all before the person is asked to send it again.
const STALE_TRIES = 8;
const staleWait = (attempt: number) => new Promise((r) => setTimeout(r, Math.random() * 40 * (attempt + 1)));

/** The one entry point for messages from people. */
export class Conversations {
  private readonly queue: KeyedQueue;
  private readonly unsure = new UnsureSaves();
  /**
   * Set when staff can take over chats (a staff Telegram chat or the staff
   * console): called for each hand-over with its summary, and for each
   * message a person writes while staff are answering them.
   */
  onHandoff: ((notice: StaffNotice) => Promise<void>) | null = null;
  /** Set when the staff console is on (WEB_CONSOLE): staff with an account can answer hand-overs there. */
  console = false;
  private consoleStaff: { n: number; at: number } | null = null;

  constructor(
    private readonly store: ConversationStore,
    private readonly content: Content,
    private readonly understander: Pick<Understander, 'understand'>,
    private readonly catalog: VacancyCatalog,
    private readonly log: Logger,
    private readonly options: ConversationOptions,
  ) {
    this.queue = new KeyedQueue(options.turnTimeoutMs ?? 0);
  }

  /** Answers one message; replies come back in the order they should be sent. */
  handle(message: IncomingMessage): Promise<Reply[]> {
    return this.queue.run(`${message.channel}:${message.userId}`, () => this.handleNow(message)).catch((err: unknown) => this.busy(err, message));
  }

  // A turn that took too long: the person hears so (and may try again) instead of nothing.
  private busy(err: unknown, message: IncomingMessage): Reply[] {
    if (!(err instanceof TurnTimeoutError)) throw err;
    this.log.warn('a message took too long to answer; the person was asked to try again', { channel: message.channel, ms: this.options.turnTimeoutMs });
    return [{ text: this.content.app.busy, choices: [] }];
  }

  /**
   * Answers one message and sends the replies with `send`, before the same
   * person's next message is looked at, so replies never overtake each other.
   */
  handleAndSend(message: IncomingMessage, send: (reply: Reply, options: SendOptions) => Promise<{ ok: boolean }>): Promise<void> {
    // A turn that timed out was answered with "try again": its late replies are not sent after that.
    let late = false;
    return this.queue
      .run(`${message.channel}:${message.userId}`, async () => {
        const replies = await this.handleNow(message, 0, true);
        for (const reply of replies) {
          if (late || !(await send(reply, { record: !afterErasure.has(reply) })).ok) break;
        }
        // Sent (or refused by the channel for good): a retry of this message has nothing left to send.
        if (message.seenKey && replies.length) await this.store.sent(message.seenKey).catch((err: unknown) => this.log.warn('sent replies not marked; a retry of the message would send them again', { error: err }));
      })
      .catch(async (err: unknown) => {
        late = true;
        for (const reply of this.busy(err, message)) await send(reply, { record: true });
      });
  }

  /**
   * `keep`: the replies are saved with the turn until `handleAndSend` has sent them, so that when
   * this process dies in between, the provider's retry (to any process) finds and sends them.
   */
  private async handleNow(message: IncomingMessage, attempt = 0, keep = false): Promise<Reply[]> {
    const at = message.at ?? new Date();
    const channel = message.channel;
    // At the door: no pattern reads a message longer than anyone types, and characters no database stores are gone.
    const door = admitText(message.text);
    if (door.tooLong) return [{ text: this.content.service.t('too_long', { max: MAX_MESSAGE_CHARS }), choices: [] }];
    const seen = message.seenKey ? await this.store.takeSeen(message.seenKey) : null;
    if (seen) return seen.replies ? keptReplies(seen.replies, this.content.messages.t('delete.done')) : this.unsure.take(message.seenKey!);
    const { text, nik, password, code: secretCode } = redactSecrets(door.text);
    const stored = await this.store.load(channel, message.userId, at);
    const state = stored.state ? parseState(stored.state) : null;
    // Understood without the markers that stand where secrets were, against what the bot last asked.
    const understanding = await this.understander.understand(text.replace(/\[(NIK|sandi|kode) dihapus\]/g, ' '), understandingContext(state));
    const day = localDate(at, this.options.timeZone);

    // Staff are answering this person: their words go to staff and the bot keeps quiet, except for
    // "menu" (back to the bot) and explicit stop or erase words, which work in every state.
    const forBot = understanding.explicit.stop || understanding.explicit.erase || MENU_WORDS.test(text.trim());
    const staffReachable = await this.staffReachable();
    if (stored.status === 'open' && staffReachable && !forBot) {
      try {
        await this.saveWithRetry(message, attempt, {
          contactId: stored.contact.id, version: stored.version, state: stored.state ?? JSON.stringify(readState(null)), at,
          log: this.options.keepLog ? [{ direction: 'in', text, intent: 'staff_chat' }] : [],
          counts: { day, keys: ['messages_in'] },
          ...(message.seenKey ? { seenKey: message.seenKey } : {}),
        });
      } catch (err) {
        if (err instanceof DuplicateMessageError) return [];
        throw err;
      }
      await this.onHandoff?.({ channel, userId: message.userId, lastText: text, kind: 'message' });
      return [];
    }

    const knowledge = await this.knowledge(text, understanding, state);
    const linked = stored.contact.personKey ? await this.store.linked(stored.contact.personKey, stored.contact.id) : [];
    // A link code typed here: looked up now, used up in the same transaction as the turn.
    const code = findLinkCode(text);
    const owner = code ? await this.store.linkCodeOwner(code, at) : null;
    const linking = code && owner && owner.contactId !== stored.contact.id && owner.channel !== channel ? { code, otherContactId: owner.contactId, personKey: owner.personKey ?? stored.contact.personKey ?? crypto.randomUUID() } : null;
    if (linking) {
      // Linking now: the code owner's contacts count as this person's from this turn on.
      const others = owner!.personKey ? await this.store.linked(owner!.personKey, stored.contact.id) : [await this.store.contact(owner!.contactId)];
      for (const o of others) if (o && !linked.some((l) => l.id === o.id)) linked.push(o);
    }
    const linkedChannels = [...new Set(linked.map((l) => l.channel as ChannelName))];
    const subscriptions = [...stored.subscriptions.map((s) => subscriptionView(s, channel)), ...linked.flatMap((l) => l.subscriptions.map((s) => subscriptionView(s, l.channel as ChannelName)))].sort((a, b) => a.id - b.id);
    const handoffRow = stored.status !== 'bot' || state?.handoff ? await this.store.handoff(stored.contact.id) : null;
    const handoff: HandoffView | null = handoffRow ? { status: handoffRow.status, position: handoffRow.position, staffName: handoffRow.staffName, createdAt: handoffRow.createdAt, closedAt: handoffRow.closedAt } : null;

    // An employer's reports: for "laporan saya", the reference number of the one being sent, and the
    // company's details offered again when a new report starts.
    const reportScreen = state?.screen.flow === 'service' && state.screen.name === 'report';
    const reports = reportScreen || understanding.intent === 'report_vacancy' || /\blp[\s-]*\d{4}|\blaporan\b/i.test(text) ? (await this.store.reports(stored.contact.id)).map((r) => ({ ...r, status: r.status as 'pending' | 'approved' | 'rejected' })) : [];
    const year = Number(day.slice(0, 4));
    const nextReport = reportScreen ? nextReference(year, await this.store.lastReference(`LP-${year}-`)) : undefined;

    const ctx: CoreContext = {
      vacancies: await this.catalog.current(),
      region: this.content.region,
      messages: this.content.messages,
      office: this.content.office,
      guides: this.content.guides,
      words: this.content.words,
      digestTime: this.options.digestTime,
      quietHours: this.options.quietHours,
      timeZone: this.options.timeZone,
      staffReachable,
      reviewTime: this.options.reviewTime ?? null,
      services: this.options.services ? await this.options.services.current() : { events: [], training: [] },
    };
    const turn = respond(
      {
        state,
        // Parsed for this turn alone (a retry parses again): the core need not copy it.
        stateIsCopy: true,
        inbound: { channel, userId: message.userId, text, at, ...(message.media ? { media: true } : {}) },
        understanding,
        profile: { education: isEducation(stored.contact.education) ? stored.contact.education : null, kecamatan: stored.contact.kecamatan },
        secrets: { nik, password, code: secretCode },
        subscriptions,
        linkedChannels,
        ...(code ? { link: linking ? ('linked' as const) : ('unknown' as const) } : {}),
        linkCode: newLinkCode(),
        handoff,
        knowledge,
        reports,
        ...(nextReport ? { nextReport } : {}),
      },
      ctx,
    );

    if (turn.effects.some((e) => e.type === 'erase')) {
      // Nothing of the person is kept, the reply saying so included (it is sent, not recorded); the
      // message's id is kept without naming them, so Meta delivering it again starts nothing.
      for (const r of turn.replies) afterErasure.add(r);
      // Not the reply's words: nothing in the files may say a person was erased here.
      const kept = keep && message.seenKey ? JSON.stringify({ erased: true }) : undefined;
      await this.unsure.write(message.seenKey, turn.replies, () => this.store.erase(stored.contact.id, message.seenKey, kept));
      this.log.info('contact erased on request', { channel });
      return turn.replies;
    }

    const contactIds = [stored.contact.id, ...linked.map((l) => l.id)];
    const own = new Set(subscriptions.map((s) => s.id));
    const handoffEffect = turn.effects.find((e): e is Extract<Effect, { type: 'handoff' }> => e.type === 'handoff');
    const recent = handoffEffect ? await this.store.recent(stored.contact.id, 3) : [];
    const profile: { education?: string; kecamatan?: string } = {};
    for (const e of turn.effects) if (e.type === 'profile') Object.assign(profile, e.education ? { education: e.education } : {}, e.kecamatan ? { kecamatan: e.kecamatan } : {});
    const firstToday = !stored.contact.lastSeenAt || localDate(stored.contact.lastSeenAt, this.options.timeZone) !== day;
    const summary = handoffEffect ? withRecent(handoffEffect.summary, recent, this.content.messages.t('summary.recent')) : null;
    const write: TurnWrite = {
      contactId: stored.contact.id,
      version: stored.version,
      state: JSON.stringify(turn.state),
      ...(handoffEffect ? { status: 'pending' } : stored.status === 'open' ? { status: 'bot' } : {}),
      profile,
      at,
      funnel: { day, events: turn.effects.flatMap((e) => (e.type === 'funnel' ? [{ guide: e.guide, step: e.step, event: e.event }] : [])) },
      counts: { day, keys: [...(firstToday ? ['people'] : []), ...turn.effects.flatMap((e) => (e.type === 'count' ? [e.key] : []))] },
      activities: turn.effects.flatMap((e) => (e.type === 'activity' ? [{ kind: e.kind, detail: e.detail, channel }] : [])),
      handoff: handoffEffect ? { topic: handoffEffect.topic, summary: summary! } : null,
      reports: reportWrites(turn.effects),
      serviceAlerts: turn.effects.flatMap((e) => (e.type === 'service' && e.name === 'service_alert' ? [{ kind: String(e.data.kind), keyword: (e.data.keyword as string | null) ?? null, education: (e.data.education as string | null) ?? null }] : [])),
      subscriptions: subscriptionWrites(turn.effects, { contactId: stored.contact.id, channel, linked, own, contactIds }),
      linkCode: null,
      link: linking,
      log: this.options.keepLog ? [{ direction: 'in', text, intent: understanding.intent }, ...turn.replies.map((r) => ({ direction: 'out' as const, text: renderText(r), intent: null }))] : [],
      ...(message.seenKey ? { seenKey: message.seenKey } : {}),
      ...(keep && message.seenKey && turn.replies.length ? { replies: JSON.stringify({ replies: turn.replies }) } : {}),
    };
    for (const e of turn.effects) if (e.type === 'link_code') write.linkCode = { code: e.code, expiresAt: new Date(at.getTime() + LINK_MINUTES * 60_000) };
    try {
      await this.unsure.write(message.seenKey, turn.replies, () => this.store.save(write));
    } catch (err) {
      // Handled already: by another process, or by an earlier try whose commit did arrive after all.
      if (err instanceof DuplicateMessageError) return this.unsure.take(message.seenKey!);
      if (err instanceof StaleStateError && attempt < STALE_TRIES) return staleWait(attempt).then(() => this.handleNow(message, attempt + 1, keep));
      throw err;
    }
    if (handoffEffect) {
      this.log.info('conversation handed over to staff', { channel, contactId: stored.contact.id });
      await this.onHandoff?.({ channel, userId: message.userId, lastText: summary!, kind: 'handoff' }).catch((err: unknown) => this.log.error('staff not told of a hand-over', { error: err }));
    }
    return turn.replies;
  }

  // Someone can answer a hand-over: a staff Telegram chat, or the console with at least one account (looked up once a minute).
  private async staffReachable(): Promise<boolean> {
    if (this.onHandoff) return true;
    if (!this.console) return false;
    const now = Date.now();
    if (!this.consoleStaff || now - this.consoleStaff.at > 60_000) this.consoleStaff = { n: await this.store.staffAccounts(), at: now };
    return this.consoleStaff.n > 0;
  }

  // A question the understanding could not place, answered by the assistant from Pasker's knowledge when there is one.
  // An answer that only says "not in my data" is not used: the dialogue's own repair offers the menu and a person.
  private async knowledge(text: string, u: Understanding, state: DialogueState | null): Promise<{ text: string; sources: string[] } | null> {
    const assistant = this.options.assistant;
    if (!assistant || u.intent !== 'out_of_scope' || u.bareNumber || u.tokens.length < 3) return null;
    const guide = state?.guide?.id ?? '';
    const topic = u.entities.platform ?? PLATFORMS.find((p) => guide.startsWith(p)) ?? null;
    try {
      const answer = await assistant.answer(text, { topic });
      return answer && answer.sources.length ? answer : null;
    } catch (err) {
      this.log.warn('assistant failed; answered without it', { error: err });
      return null;
    }
  }

  // A save that is not a turn of the core (a message forwarded to staff), retried like one.
  private async saveWithRetry(message: IncomingMessage, attempt: number, write: TurnWrite): Promise<void> {
    try {
      await this.store.save(write);
    } catch (err) {
      if (!(err instanceof StaleStateError) || attempt >= STALE_TRIES) throw err;
      await staleWait(attempt);
      const again = await this.store.load(message.channel, message.userId, write.at);
      await this.saveWithRetry(message, attempt + 1, { ...write, version: again.version, state: again.state ?? write.state });
    }
  }
}

// The core's subscription effects as rows to write, only ever on this person's own subscriptions.
function subscriptionWrites(effects: Effect[], who: { contactId: number; channel: ChannelName; linked: Array<{ id: number; channel: string }>; own: Set<number>; contactIds: number[] }): SubscriptionWrite[] {
  const out: SubscriptionWrite[] = [];
  for (const e of effects) {
    switch (e.type) {
      case 'subscribe': {
        const target = e.deliverTo === who.channel || e.deliverTo === 'terminal' ? who.contactId : (who.linked.find((l) => l.channel === e.deliverTo)?.id ?? who.contactId);
        out.push({ op: 'create', contactId: target, label: e.label, kecamatan: e.kecamatan, education: e.education, keyword: e.keyword, immediate: e.immediate });
        break;
      }
      case 'subscription': {
        if (!who.own.has(e.id)) break;
        const { deliverTo, ...changes } = e.changes;
        const contactId = deliverTo ? (deliverTo === who.channel ? who.contactId : who.linked.find((l) => l.channel === deliverTo)?.id) : undefined;
        out.push({ op: 'update', id: e.id, changes: { ...changes, ...(contactId ? { contactId } : {}) } });
        break;
      }
      case 'subscription_status': {
        const ids = e.ids.filter((id) => who.own.has(id));
        if (ids.length) out.push({ op: 'status', ids, status: e.status });
        break;
      }
      case 'alerts':
        if (e.action === 'stop') out.push({ op: 'optout', contactIds: who.contactIds });
        break;
      default:
        break;
    }
  }
  return out;
}

// Vacancy reports sent in this turn, as rows (the form's facts as JSON; a fee for applicants is never among them).
function reportWrites(effects: Effect[]): NonNullable<TurnWrite['reports']> {
  const out: NonNullable<TurnWrite['reports']> = [];
  for (const e of effects) {
    if (e.type !== 'service' || e.name !== 'report') continue;
    const fields = (e.data.fields ?? {}) as Record<string, unknown>;
    out.push({ reference: String(e.data.reference), title: String(fields.position ?? ''), company: String(fields.company ?? ''), kecamatan: String(fields.kecamatan ?? ''), data: JSON.stringify(fields) });
  }
  return out;
}

// Replies a turn saved and did not send (its process died first): sent by whoever gets the retry.
// An erasure kept only that it happened: its reply is made again, and sent without being recorded.
function keptReplies(json: string, erased: string): Reply[] {
  try {
    const kept = JSON.parse(json) as { erased?: boolean; replies?: Reply[] };
    if (kept.erased) {
      const reply: Reply = { text: erased, choices: [] };
      afterErasure.add(reply);
      return [reply];
    }
    return Array.isArray(kept.replies) ? kept.replies : [];
  } catch {
    return [];
  }
}

function withRecent(summary: string, recent: string[], header: string): string {
  if (!recent.length) return summary;
  return `${summary}\n${header}\n${recent.map((r) => `«${r.slice(0, 300)}»`).join('\n')}`;
}

function parseState(json: string): DialogueState | null {
  try {
    const parsed: unknown = JSON.parse(json);
    // A current state just parsed is a fresh object already: readState's defensive copy is not needed.
    if (parsed && typeof parsed === 'object' && (parsed as { v?: unknown }).v === 2) return { ...readState(null), ...parsed } as DialogueState;
    return readState(parsed);
  } catch {
    return { ...readState(null), welcomed: true };
  }
}
