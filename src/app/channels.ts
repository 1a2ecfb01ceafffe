// Which channels run, from the settings: Telegram when TELEGRAM_BOT_TOKEN is
// set, WhatsApp Web when WHATSAPP_WEB=1, the WhatsApp Cloud API when its four
// settings are set. Each incoming message is answered through the
// conversation service and each reply delivered under the one policy.

import crypto from 'node:crypto';
import type { Channel } from '../channels/channel.ts';
import type { WhatsAppWebClient } from '../channels/whatsapp-web/adapter.ts';
import type { Config } from '../config.ts';
import { firstSighting } from '../db/conversations.ts';
import type { Logger } from '../log.ts';
import { Delivery } from './delivery.ts';
import type { Runtime } from './runtime.ts';
import type { Reply } from '../core/types.ts';
import type { RawDb } from '../db/raw.ts';
import { staffCommand } from './staff.ts';

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
          firstSighting: (key) => firstSighting(runtime.db, key),
        },
        log,
      ),
    );
  }
  return channels;
}

/** Starts each channel with the conversation service behind it (staff commands first, on Telegram). */
export async function startChannels(channels: Channel[], runtime: Runtime, delivery: Delivery, staff?: { raw: RawDb; log: Logger }): Promise<void> {
  const staffIds = new Set(runtime.config.STAFF_TELEGRAM_IDS);
  const telegram = channels.find((c) => c.name === 'telegram');
  if (staff && telegram && staffIds.size) {
    // Hand-overs go to the staff Telegram chat, where /balas answers and /selesai gives the chat back to the bot.
    runtime.conversations.onHandoff = async (who) => {
      const text = runtime.content.messages.t(who.kind === 'handoff' ? 'staff.handoff' : 'staff.forward', { who: `${who.channel}:${who.userId}`, text: who.lastText });
      for (const id of staffIds) await delivery.reply(telegram, id, { text, choices: [] });
    };
  }
  for (const channel of channels) {
    await channel.start(async (message) => {
      if (staff && channel.name === 'telegram' && staffIds.has(message.userId) && message.text.startsWith('/')) {
        const say = (reply: Reply) => delivery.reply(channel, message.userId, reply);
        const sendTo = async (who: string, reply: Reply) => {
          const [name, id] = [who.slice(0, who.indexOf(':')), who.slice(who.indexOf(':') + 1)];
          const target = channels.find((c) => c.name === name);
          return Boolean(target && id && (await delivery.reply(target, id, reply)).ok);
        };
        if (await staffCommand(runtime, staff.raw, message.userId, message.text, say, staff.log, sendTo)) return;
      }
      await runtime.conversations.handleAndSend(message, (reply) => delivery.reply(channel, message.userId, reply));
    });
  }
}
