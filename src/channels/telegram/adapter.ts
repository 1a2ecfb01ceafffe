// Telegram through grammY. Long polling by default (with @grammyjs/runner,
// so different chats are served at once); webhook mode when
// TELEGRAM_WEBHOOK_URL is set, checking Telegram's secret-token header, so
// several processes can serve one bot. 429s are waited out by grammY's
// auto-retry plugin; other errors become DeliveryErrors.

import { autoRetry } from '@grammyjs/auto-retry';
import { run, type RunnerHandle } from '@grammyjs/runner';
import { Bot, GrammyError, HttpError, webhookCallback } from 'grammy';
import type { FastifyInstance } from 'fastify';
import type { Reply } from '../../core/types.ts';
import type { Logger } from '../../log.ts';
import { DeliveryError, type Channel, type ChannelHealth, type InboundHandler } from '../channel.ts';
import { commandText, renderTelegram } from './render.ts';

export interface TelegramOptions {
  token: string;
  /** Bot API server (default Telegram's); a local Bot API server or a test fake. */
  apiRoot: string;
  /** Webhook mode: the public https URL Telegram posts to, and the secret it sends back. */
  webhook: { url: string; secret: string } | null;
  /** Longest 429 wait the auto-retry plugin honours, in seconds. */
  maxRetryDelaySeconds?: number;
}

export const TELEGRAM_WEBHOOK_PATH = '/webhooks/telegram';

export class TelegramChannel implements Channel {
  readonly name = 'telegram' as const;
  readonly provider = 'telegram';
  readonly bot: Bot;
  private runner: RunnerHandle | null = null;
  private state: ChannelHealth = { state: 'starting' };

  constructor(
    private readonly options: TelegramOptions,
    private readonly log: Logger,
  ) {
    this.bot = new Bot(options.token, { client: { apiRoot: options.apiRoot } });
    this.bot.api.config.use(autoRetry({ maxRetryAttempts: 5, maxDelaySeconds: options.maxRetryDelaySeconds ?? 60 }));
  }

  async start(onMessage: InboundHandler): Promise<void> {
    const handle = async (chatId: number, text: string, media = false) => {
      try {
        await onMessage({ channel: 'telegram', userId: String(chatId), text: commandText(text), ...(media ? { media } : {}) });
      } catch (err) {
        this.log.error('telegram message not handled', { error: err });
      }
    };
    this.bot.on('message:text', (ctx) => handle(ctx.chat.id, ctx.message.text));
    // Photos, voice notes, files...: never downloaded; the person is told to type instead.
    this.bot.on(['message:photo', 'message:voice', 'message:audio', 'message:video', 'message:video_note', 'message:document', 'message:sticker'], (ctx) => handle(ctx.chat.id, ctx.message.caption ?? '', true));
    this.bot.on('callback_query:data', async (ctx) => {
      await ctx.answerCallbackQuery().catch(() => undefined);
      if (ctx.chat) await handle(ctx.chat.id, ctx.callbackQuery.data);
    });
    this.bot.catch((err) => this.log.error('telegram update failed', { error: err.error }));
    await this.bot.init();
    if (this.options.webhook) {
      await this.bot.api.setWebhook(this.options.webhook.url, { secret_token: this.options.webhook.secret, allowed_updates: ['message', 'callback_query'] });
      this.state = { state: 'ready', detail: 'webhook' };
    } else {
      await this.bot.api.deleteWebhook();
      this.runner = run(this.bot, { runner: { fetch: { allowed_updates: ['message', 'callback_query'] } } });
      this.state = { state: 'ready', detail: 'long polling' };
    }
    this.log.info('telegram ready', { bot: this.bot.botInfo.username, mode: this.state.detail });
  }

  /** The webhook route (webhook mode); refuses a request without Telegram's secret token. */
  register(app: FastifyInstance): void {
    if (!this.options.webhook) return;
    const callback = webhookCallback(this.bot, 'fastify', { secretToken: this.options.webhook.secret, onTimeout: 'return', timeoutMilliseconds: 9000 });
    app.post(TELEGRAM_WEBHOOK_PATH, callback);
  }

  async stop(): Promise<void> {
    if (this.runner?.isRunning()) await this.runner.stop();
    this.state = { state: 'stopped' };
  }

  health(): ChannelHealth {
    if (this.runner && !this.runner.isRunning() && this.state.state === 'ready') return { state: 'failed', detail: 'polling stopped' };
    return this.state;
  }

  async send(to: string, reply: Reply): Promise<{ providerMessageId?: string }> {
    const m = renderTelegram(reply);
    try {
      const sent = await this.bot.api.sendMessage(Number(to), m.text, { parse_mode: m.parse_mode, ...(m.reply_markup ? { reply_markup: m.reply_markup } : {}) });
      return { providerMessageId: `${to}:${sent.message_id}` };
    } catch (err) {
      throw toDeliveryError(err);
    }
  }
}

/** Telegram's errors in the shared vocabulary. */
export function toDeliveryError(err: unknown): DeliveryError {
  if (err instanceof GrammyError) {
    const d = err.description;
    if (err.error_code === 429) return new DeliveryError('throttled', d, err.parameters.retry_after ?? 1, 429);
    if (err.error_code === 403) return new DeliveryError('gone', d, undefined, 403);
    if (err.error_code === 400 && /chat not found|user is deactivated|PEER_ID_INVALID/i.test(d)) return new DeliveryError('gone', d, undefined, 400);
    if (err.error_code >= 500) return new DeliveryError('temporary', d, undefined, err.error_code);
    return new DeliveryError('permanent', d, undefined, err.error_code);
  }
  if (err instanceof HttpError) return new DeliveryError('temporary', err.message);
  return new DeliveryError('temporary', err instanceof Error ? err.message : String(err));
}
