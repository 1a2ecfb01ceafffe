// The one contract every channel adapter implements. An adapter turns its
// provider's incoming events into IncomingMessages, renders the core's
// channel-neutral Replies natively, and translates the provider's errors into
// the small vocabulary below, so that retry and opt-out policy live in one
// place (src/app/delivery.ts), not in every adapter.

import type { IncomingMessage } from '../app/conversations.ts';
import type { ChannelName, Reply } from '../core/types.ts';

/** What went wrong when sending, in words the delivery policy understands. */
export type DeliveryErrorKind =
  /** Too fast: try again after `retryAfterSeconds`. */
  | 'throttled'
  /** The person blocked the bot, left, or the number no longer exists. */
  | 'gone'
  /** A passing fault (network, 5xx): try again later. */
  | 'temporary'
  /** Will never succeed as sent (bad request, outside the 24-hour window without a template). */
  | 'permanent';

export class DeliveryError extends Error {
  constructor(
    readonly kind: DeliveryErrorKind,
    message: string,
    readonly retryAfterSeconds?: number,
    readonly providerCode?: string | number,
  ) {
    super(message);
  }
}

export type ChannelState = 'starting' | 'ready' | 'waiting_for_login' | 'reconnecting' | 'stopped' | 'failed';

export interface ChannelHealth {
  state: ChannelState;
  detail?: string;
}

/**
 * Called for every message a person sends. Resolves once the message is taken
 * (its turn saved, or deliberately ignored; the replies follow); rejects when
 * it could not be taken and the provider should deliver it again.
 */
export type InboundHandler = (message: IncomingMessage) => Promise<void>;

/** A messaging channel. */
export interface Channel {
  /** The channel name contacts are stored under (WhatsApp Web and Cloud API are both "whatsapp"). */
  readonly name: ChannelName;
  /** Which provider implements it, for logs and /healthz. */
  readonly provider: string;
  /**
   * The provider delivers a message again when it was not taken (a webhook
   * answered 5xx), so a fault is answered quickly with "try again later"
   * rather than waited out. False when a message, once received, is ours alone.
   */
  readonly redelivers: boolean;
  /** The longest text one message may have (src/channels/limits.ts); longer replies are split. */
  readonly maxTextLength: number;
  /** Starts receiving; every incoming message goes to `onMessage`. */
  start(onMessage: InboundHandler): Promise<void>;
  stop(): Promise<void>;
  /** Sends one reply; throws DeliveryError. Returns the provider's message id when it gives one. */
  send(to: string, reply: Reply): Promise<{ providerMessageId?: string }>;
  health(): ChannelHealth;
}
