// Telegram through grammY. Long polling by default (with @grammyjs/runner,
// so different chats are served at once); webhook mode when
// TELEGRAM_WEBHOOK_URL is set, checking Telegram's secret-token header, so
// several processes can serve one bot. Only private chats are answered: in
// a group every member would share one conversation. Each update carries
// its update_id to the conversation store, so an update delivered twice is
// answered once. 429s are waited out by grammY's auto-retry plugin; other
// errors become DeliveryErrors.

import crypto from 'node:crypto';
import { autoRetry } from '@grammyjs/auto-retry';
import { run, type RunnerHandle } from '@grammyjs/runner';
import { Bot, GrammyError, HttpError, type Context } from 'grammy';
import type { Update } from 'grammy/types';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Reply } from '../../core/types.ts';
import type { Logger } from '../../log.ts';
import { DeliveryError, type Channel, type ChannelHealth, type InboundHandler } from '../channel.ts';
import { LIMITS } from '../limits.ts';
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

// One update is one message (at most 4,096 characters with its entities) and what it quotes.
const BODY_LIMIT = 256 * 1024;

// The parts of an update Pasker reads, checked before grammY or anything else sees them.
const chatSchema = z.object({ id: z.number().int(), type: z.string() });
const userSchema = z.object({ id: z.number().int(), is_bot: z.boolean().optional() });
const messageSchema = z.looseObject({ message_id: z.number().int(), date: z.number(), chat: chatSchema, from: userSchema.optional(), text: z.string().optional(), caption: z.string().optional() });
const updateSchema = z.looseObject({
  update_id: z.number().int().nonnegative(),
  message: messageSchema.optional(),
  callback_query: z.looseObject({ id: z.string(), from: userSchema, data: z.string().optional(), message: z.looseObject({ chat: chatSchema }).optional() }).optional(),
});

/** True when `update` has the shape Pasker reads (a malformed one is dropped, not half-handled). */
export function validUpdate(update: unknown): update is Update {
  return updateSchema.safeParse(update).success;
}

export class TelegramChannel implements Channel {
  readonly name = 'telegram' as const;
  readonly provider = 'telegram';
  readonly maxTextLength = LIMITS.telegram.text;
  /** Webhook mode: Telegram sends an update again until it is answered 200. */
  get redelivers(): boolean {
    return Boolean(this.options.webhook);
  }
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
    // A failure here reaches the webhook (503: Telegram sends the update again) or, when polling, bot.catch.
    const handle = (ctx: Context, text: string, media = false) =>
      onMessage({ channel: 'telegram', userId: String(ctx.chat!.id), text: commandText(text), seenKey: `telegram:${this.bot.botInfo.id}:${ctx.update.update_id}`, ...(media ? { media } : {}) });
    // Malformed updates and every chat that is not one person's private chat with the bot stop here.
    this.bot.use(async (ctx, next) => {
      if (!validUpdate(ctx.update)) return this.log.warn('telegram update not understood: dropped');
      if (ctx.chat?.type !== 'private' || !ctx.from || ctx.from.is_bot || ctx.from.id !== ctx.chat.id) return;
      await next();
    });
    this.bot.on('message:text', (ctx) => handle(ctx, ctx.message.text));
    // Photos, voice notes, files...: never downloaded; the person is told to type instead.
    this.bot.on(['message:photo', 'message:voice', 'message:audio', 'message:video', 'message:video_note', 'message:document', 'message:sticker'], (ctx) => handle(ctx, ctx.message.caption ?? '', true));
    this.bot.on('callback_query:data', async (ctx) => {
      await ctx.answerCallbackQuery().catch(() => undefined);
      await handle(ctx, ctx.callbackQuery.data);
    });
    this.bot.catch((err) => this.log.error('telegram message not answered', { error: err.error }));
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

  /**
   * The webhook route (webhook mode): refuses a request without Telegram's
   * secret token (401) or with a body that is not an update (400, saying no
   * more), and answers 200 once the update is taken, 503 when it could not
   * be (Telegram sends it again).
   */
  register(app: FastifyInstance): void {
    const webhook = this.options.webhook;
    if (!webhook) return;
    const secret = Buffer.from(webhook.secret);
    void app.register(async (scope) => {
      // Whatever goes wrong, no internal error text leaves the server.
      scope.setErrorHandler((err: { statusCode?: number }, _req, res) => {
        const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
        void res.code(status).send({ ok: false, error: status === 413 ? 'too large' : status < 500 ? 'bad request' : 'internal error' });
      });
      scope.post(TELEGRAM_WEBHOOK_PATH, { bodyLimit: BODY_LIMIT }, async (req, res) => {
        const given = Buffer.from(String(req.headers['x-telegram-bot-api-secret-token'] ?? ''));
        if (given.length !== secret.length || !crypto.timingSafeEqual(given, secret)) return res.code(401).send({ ok: false, error: 'unauthorized' });
        if (!validUpdate(req.body)) {
          this.log.warn('telegram webhook body is not an update');
          return res.code(400).send({ ok: false, error: 'not an update' });
        }
        try {
          await this.bot.handleUpdate(req.body);
          return res.code(200).send({ ok: true });
        } catch (err) {
          this.log.warn('telegram update not taken yet; Telegram will send it again', { error: (err as { error?: unknown }).error ?? err });
          return res.code(503).send({ ok: false, error: 'try again later' });
        }
      });
    });
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
