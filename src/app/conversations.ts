// Where every incoming message goes, whatever the channel: secrets removed,
// the stored conversation loaded, the message understood, the dialogue core
// run, and the new state, profile and (redacted) log saved. One person's
// messages are handled in order; different people in parallel.

import { initialState, respond, type CoreContext } from '../core/dialogue.ts';
import type { ChannelName, DialogueState, Reply } from '../core/types.ts';
import type { Db } from '../db/client.ts';
import { StaleStateError, type ConversationStore } from '../db/conversations.ts';
import { applyAlertEffects, findLinkCode, linkedContacts, newLinkCode, subscriptionView, useLinkCode } from '../db/subscriptions.ts';
import { isEducation } from '../domain/education.ts';
import { redactSecrets } from '../domain/secrets.ts';
import { localDate } from '../domain/time.ts';
import type { Logger } from '../log.ts';
import type { Understander } from '../nlu/understand.ts';
import type { Content } from './content.ts';
import { renderText } from '../channels/render-text.ts';
import { KeyedQueue, TurnTimeoutError } from './keyed-queue.ts';
import type { VacancyCatalog } from './vacancy-catalog.ts';

export interface IncomingMessage {
  channel: ChannelName;
  /** The channel's id for the person (WhatsApp number, Telegram chat id). */
  userId: string;
  text: string;
  at?: Date;
  /** A photo, voice note, video, file or sticker (not opened; `text` is its caption or ''). */
  media?: boolean;
}

export interface ConversationOptions {
  /** Keep the message log at all (MESSAGE_LOG_DAYS > 0). */
  keepLog: boolean;
  /** The daily digest's time as people read it ("07.00"). */
  digestTime: string;
  /** The office's time zone (funnel counts are per local day). */
  timeZone: string;
  /** How long one message may take (0 = no limit); after it the person is asked to try again shortly. */
  turnTimeoutMs?: number;
}

/** The one entry point for messages from people. */
export class Conversations {
  private readonly queue: KeyedQueue;
  /**
   * Set when staff can take over chats (a staff Telegram chat): called for
   * each hand-over ('handoff') with who asked and what they wrote, and for
   * each message a person writes while staff are answering them ('message').
   */
  onHandoff: ((who: { channel: string; userId: string; lastText: string; kind: 'handoff' | 'message' }) => Promise<void>) | null = null;

  constructor(
    private readonly db: Db,
    private readonly store: ConversationStore,
    private readonly content: Content,
    private readonly understander: Understander,
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
  handleAndSend(message: IncomingMessage, send: (reply: Reply) => Promise<{ ok: boolean }>): Promise<void> {
    // A turn that timed out was answered with "try again": its late replies are not sent after that.
    let late = false;
    return this.queue
      .run(`${message.channel}:${message.userId}`, async () => {
        for (const reply of await this.handleNow(message)) {
          if (late || !(await send(reply)).ok) break;
        }
      })
      .catch(async (err: unknown) => {
        late = true;
        for (const reply of this.busy(err, message)) await send(reply);
      });
  }

  private async handleNow(message: IncomingMessage, attempt = 0): Promise<Reply[]> {
    const at = message.at ?? new Date();
    const { text, nik, password, code: secretCode } = redactSecrets(message.text);
    const stored = await this.store.load(message.channel, message.userId, at);
    // Understood without the markers that stand where secrets were.
    const understanding = await this.understander.understand(text.replace(/\[(NIK|sandi|kode) dihapus\]/g, ' '));
    // Staff are answering this person (/balas): their words go to staff and the bot keeps quiet, except
    // for "menu" (back to the bot), "stop" and "hapus data saya", which work in every state.
    const forBot = understanding.byRule && (understanding.intent === 'help_menu' || understanding.intent === 'unsubscribe' || understanding.intent === 'delete_my_data');
    if (stored.status === 'open' && this.onHandoff && !forBot && !MENU_WORDS.test(text.trim())) {
      await this.onHandoff({ channel: message.channel, userId: message.userId, lastText: text, kind: 'message' });
      return [];
    }
    const ctx: CoreContext = { vacancies: await this.catalog.current(), region: this.content.region, messages: this.content.messages, office: this.content.office, guides: this.content.guides, digestTime: this.options.digestTime, staffReachable: Boolean(this.onHandoff) };
    // A person on two channels: their other contacts, and a link code typed here.
    const channel = message.channel;
    const code = findLinkCode(text);
    const link = code ? await useLinkCode(this.db, code, stored.contact, channel, at) : undefined;
    const linked = await linkedContacts(this.db, stored.contact.personKey, stored.contact.id);
    const ownSub = subscriptionView(stored.subscriptions[0] ?? null, channel);
    const otherSub = linked.find((l) => l.subscriptions[0] && l.subscriptions[0].status !== 'stopped');
    const subscription = ownSub && ownSub.status !== 'stopped' ? ownSub : (otherSub ? subscriptionView(otherSub.subscriptions[0] ?? null, otherSub.channel) : ownSub);
    const turn = respond(
      {
        state: parseState(stored.state),
        inbound: { channel: message.channel, userId: message.userId, text, at, ...(message.media ? { media: true } : {}) },
        understanding,
        profile: { education: isEducation(stored.contact.education) ? stored.contact.education : null, kecamatan: stored.contact.kecamatan },
        secrets: { nik, password, code: secretCode },
        subscription,
        linkedChannels: linked.map((l) => l.channel),
        ...(link ? { link } : {}),
        linkCode: newLinkCode(),
      },
      ctx,
    );

    if (turn.effects.some((e) => e.type === 'erase')) {
      await this.store.erase(stored.contact.id);
      this.log.info('contact erased on request', { channel: message.channel });
      return turn.replies;
    }
    const profile: { education?: string; kecamatan?: string } = {};
    for (const e of turn.effects) if (e.type === 'profile') Object.assign(profile, e.education ? { education: e.education } : {}, e.kecamatan ? { kecamatan: e.kecamatan } : {});
    const handoff = turn.effects.some((e) => e.type === 'handoff');
    try {
      await this.store.save({
        contactId: stored.contact.id,
        version: stored.version,
        state: JSON.stringify(turn.state),
        ...(handoff ? { status: 'pending' } : stored.status === 'open' ? { status: 'bot' } : {}),
        profile,
        at,
        funnel: { day: localDate(at, this.options.timeZone), events: turn.effects.flatMap((e) => (e.type === 'funnel' ? [{ guide: e.guide, step: e.step, event: e.event }] : [])) },
        log: this.options.keepLog
          ? [{ direction: 'in', text, intent: understanding.intent }, ...turn.replies.map((r) => ({ direction: 'out' as const, text: renderText(r), intent: null }))]
          : [],
      });
    } catch (err) {
      if (err instanceof StaleStateError && attempt < 3) return this.handleNow(message, attempt + 1);
      throw err;
    }
    if (handoff) {
      this.log.info('conversation handed over to staff', { channel: message.channel, contactId: stored.contact.id });
      await this.onHandoff?.({ channel: message.channel, userId: message.userId, lastText: text, kind: 'handoff' }).catch((err: unknown) => this.log.error('staff not told of a hand-over', { error: err }));
    }
    if (turn.effects.some((e) => e.type === 'subscribe' || e.type === 'alerts' || e.type === 'link_code')) {
      await applyAlertEffects(this.db, stored.contact, channel, turn.effects, at);
    }
    return turn.replies;
  }
}

const MENU_WORDS = /^(menu|menu utama|bot|\/start|\/menu)$/i;

function parseState(json: string | null): DialogueState | null {
  if (!json) return null;
  try {
    const state = JSON.parse(json) as DialogueState;
    return state?.v === 1 ? state : { ...initialState(), welcomed: true };
  } catch {
    return { ...initialState(), welcomed: true };
  }
}
