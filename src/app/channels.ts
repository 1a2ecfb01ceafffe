// Which channels run, from the settings: Telegram when TELEGRAM_BOT_TOKEN is
// set, WhatsApp Web when WHATSAPP_WEB=1, the WhatsApp Cloud API when its four
// settings are set. Each incoming message is answered through the
// conversation service and each reply delivered under the one policy.
//
// What happens to a message the bot could not answer, in one place: a
// passing database fault (a dropped connection, a lock) is tried again,
// in order with the person's other messages; a channel whose provider
// delivers again (webhooks) is told after a few seconds that the message was
// not taken, so the provider keeps it; otherwise tries continue for ten
// minutes. A fault that does not pass is logged and the person is told to
// send the message again. No message is dropped silently.

import crypto from 'node:crypto';
import type { Channel } from '../channels/channel.ts';
import type { WhatsAppWebClient } from '../channels/whatsapp-web/adapter.ts';
import type { Config } from '../config.ts';
import { isTransientDbError, retryTransient } from '../db/errors.ts';
import type { Logger } from '../log.ts';
import type { IncomingMessage } from './conversations.ts';
import { Delivery } from './delivery.ts';
import { KeyedQueue } from './keyed-queue.ts';
import type { Runtime } from './runtime.ts';
import type { Reply } from '../core/types.ts';
import type { RawDb } from '../db/raw.ts';
import { staffCommand } from './staff.ts';

/** How long a message is tried again after database faults: while a webhook waits, and otherwise. */
export const RETRY_WITHIN_MS = { redelivered: 8_000, kept: 600_000 } as const;

export interface ChannelOverrides {
  /** A whatsapp-web.js stand-in (tests). */
  whatsAppWebClient?: () => WhatsAppWebClient;
}

/** The Telegram webhook secret: the setting, or one derived from the token (the same in every process). */
export function telegramSecret(config: Config): string {
  return config.TELEGRAM_WEBHOOK_SECRET ?? crypto.createHash('sha256').update(`pasker-webhook:${config.TELEGRAM_BOT_TOKEN}`).digest('hex').slice(0, 48);
}

/** The channels the settings turn on (none = terminal chat only); each adapter is loaded only when used. */
export async function buildChannels(config: Config, runtime: Runtime, delivery: Delivery, log: Logger, overrides: ChannelOverrides = {}): Promise<Channel[]> {
  const channels: Channel[] = [];
  if (config.TELEGRAM_BOT_TOKEN) {
    const { TelegramChannel } = await import('../channels/telegram/adapter.ts');
    channels.push(new TelegramChannel({ token: config.TELEGRAM_BOT_TOKEN, apiRoot: config.TELEGRAM_API_ROOT, webhook: config.TELEGRAM_WEBHOOK_URL ? { url: config.TELEGRAM_WEBHOOK_URL, secret: telegramSecret(config) } : null }, log));
  }
  if (config.WHATSAPP_WEB) {
    const { WhatsAppWebChannel } = await import('../channels/whatsapp-web/adapter.ts');
    channels.push(new WhatsAppWebChannel({ dataDir: config.WHATSAPP_WEB_DATA, chromiumPath: config.CHROMIUM_PATH, ...(overrides.whatsAppWebClient ? { createClient: overrides.whatsAppWebClient } : {}) }, log));
  }
  if (config.WHATSAPP_CLOUD_TOKEN && config.WHATSAPP_PHONE_NUMBER_ID && config.WHATSAPP_APP_SECRET && config.WHATSAPP_VERIFY_TOKEN) {
    const { WhatsAppCloudChannel } = await import('../channels/whatsapp-cloud/adapter.ts');
    channels.push(
      new WhatsAppCloudChannel(
        {
          token: config.WHATSAPP_CLOUD_TOKEN, phoneNumberId: config.WHATSAPP_PHONE_NUMBER_ID, appSecret: config.WHATSAPP_APP_SECRET, verifyToken: config.WHATSAPP_VERIFY_TOKEN,
          apiRoot: config.WHATSAPP_CLOUD_API_ROOT, apiVersion: config.WHATSAPP_GRAPH_VERSION,
          onStatus: (id, status, error) => delivery.recordStatus(id, status, error),
        },
        log,
      ),
    );
  }
  return channels;
}

/** Starts each channel with the conversation service behind it (staff commands first, on Telegram). */
export async function startChannels(channels: Channel[], runtime: Runtime, delivery: Delivery, staff?: { raw: RawDb; log: Logger }): Promise<void> {
  // Staff are people (Telegram user ids, each in a private chat with the bot; src/config.ts refuses group ids).
  const staffIds = new Set(runtime.config.STAFF_TELEGRAM_IDS);
  const telegram = channels.find((c) => c.name === 'telegram');
  const log = staff?.log;
  if (staff && telegram && staffIds.size) {
    // Hand-overs go to each staff member's chat, where /balas answers and /selesai gives the chat back to the bot.
    // The copies hold the person's words: they are sent, and recorded without them.
    runtime.conversations.onHandoff = async (who) => {
      const text = runtime.content.messages.t(who.kind === 'handoff' ? 'staff.handoff' : 'staff.forward', { who: `${who.channel}:${who.userId}`, text: who.lastText });
      for (const id of staffIds) await delivery.reply(telegram, id, { text, choices: [] }, { record: 'without-text' });
    };
  }
  const staffCommandOf = async (channel: Channel, message: IncomingMessage): Promise<boolean> => {
    if (!staff || channel.name !== 'telegram' || !staffIds.has(message.userId) || !message.text.startsWith('/')) return false;
    // What staff are told names people: recorded without the text.
    const say = (reply: Reply) => delivery.reply(channel, message.userId, reply, { record: 'without-text' });
    const sendTo = async (who: string, reply: Reply) => {
      const [name, id] = [who.slice(0, who.indexOf(':')), who.slice(who.indexOf(':') + 1)];
      const target = channels.find((c) => c.name === name);
      return Boolean(target && id && (await delivery.reply(target, id, reply)).ok);
    };
    try {
      return await staffCommand(runtime, staff.raw, message.userId, message.text, say, staff.log, sendTo);
    } catch (err) {
      // Not tried again: a command is not safe to repeat (a second draft, a second send).
      staff.log.error('staff command failed', { error: err });
      await say({ text: runtime.content.service.t('unavailable'), choices: [] });
      return true;
    }
  };

  // The person's messages one at a time, tries again included, so a retried message keeps its place.
  const people = new KeyedQueue();
  const receive = (channel: Channel, message: IncomingMessage): Promise<void> =>
    new Promise<void>((accept, refuse) => {
      void people.run(`${message.channel}:${message.userId}`, async () => {
        try {
          if (await staffCommandOf(channel, message)) return accept();
          await retryTransient(
            // Taken once its replies are sent: a process that dies before that leaves the message to the
            // provider's retry, which finds the turn saved and sends the replies kept with it.
            () => runtime.conversations.handleAndSend(message, (reply, options) => delivery.reply(channel, message.userId, reply, { record: options.record ? 'full' : 'none' })),
            {
              withinMs: channel.redelivers ? RETRY_WITHIN_MS.redelivered : RETRY_WITHIN_MS.kept,
              onRetry: (err, attempt) => attempt === 1 && log?.warn('database fault while answering a message; trying again', { channel: channel.provider, error: err }),
            },
          );
          accept();
        } catch (err) {
          if (channel.redelivers && isTransientDbError(err)) return refuse(err);
          log?.error('message not answered; the person is asked to send it again', { channel: channel.provider, error: err });
          await delivery.reply(channel, message.userId, { text: runtime.content.service.t('unavailable'), choices: [] }, { record: 'none' }).catch(() => undefined);
          accept();
        }
      });
    });
  for (const channel of channels) await channel.start((message) => receive(channel, message));
}
