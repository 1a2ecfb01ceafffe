// A loopback Telegram Bot API server speaking the real wire format: the
// methods Pasker calls (getMe, getUpdates with long polling, sendMessage,
// answerCallbackQuery, setWebhook, deleteWebhook), people who send messages
// and press buttons, webhook delivery with the secret-token header, and
// errors on demand (429 with retry_after, 403 blocked). Messages Telegram
// would refuse (too long, empty, broken HTML or UTF-16, bad buttons) are
// refused with its error (./platform-limits.ts) and recorded in `refused`.

import http from 'node:http';
import { LoopbackFake, waitForCount } from './loopback.ts';
import { telegramProblem } from './platform-limits.ts';

export interface SentMessage {
  chatId: number;
  text: string;
  parseMode?: string;
  buttons: Array<{ text: string; data: string }>;
  at: number;
}

type Update = Record<string, unknown> & { update_id: number };
type Failure = { error_code: number; description: string; parameters?: Record<string, unknown> };

export class FakeTelegram extends LoopbackFake {
  readonly sent: SentMessage[] = [];
  /** Every request as it arrived (a failed attempt too), with the chat it was for. */
  readonly calls: Array<{ method: string; at: number; chatId?: number }> = [];
  readonly answeredCallbacks: string[] = [];
  /** sendMessage calls refused for breaking Telegram's limits, with the error. */
  readonly refused: Array<{ chatId: number; error: string }> = [];
  webhook: { url: string; secret?: string } | null = null;
  private readonly updates: Update[] = [];
  private nextUpdateId = 1;
  private nextMessageId = 1;
  private waiting: Array<() => void> = [];
  private readonly failures: Array<{ method: string; chatId?: number; failure: Failure; times: number }> = [];
  private readonly blocked = new Set<number>();
  private holdAt: number | null = null;
  private readonly held: http.ServerResponse[] = [];

  constructor(readonly token = '123456789:AAFakeTokenForTestsOnly_abcdefghij') {
    super();
  }

  override async stop(): Promise<void> {
    for (const w of this.waiting.splice(0)) w();
    await super.stop();
  }

  /** A person in chat `chatId` sends `text`. */
  userSends(chatId: number, text: string): void {
    const message = { message_id: this.nextMessageId++, date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: 'private', first_name: `User${chatId}` }, from: { id: chatId, is_bot: false, first_name: `User${chatId}` }, text, ...(text.startsWith('/') ? { entities: [{ type: 'bot_command', offset: 0, length: text.split(' ')[0]!.length }] } : {}) };
    this.push({ update_id: this.nextUpdateId++, message });
  }

  /** Member `fromId` writes `text` in group chat `chatId` (a negative id) that the bot is in. */
  groupSends(chatId: number, fromId: number, text: string): void {
    const message = { message_id: this.nextMessageId++, date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: String(chatId).startsWith('-100') ? 'supergroup' : 'group', title: 'Grup' }, from: { id: fromId, is_bot: false, first_name: `User${fromId}` }, text, ...(text.startsWith('/') ? { entities: [{ type: 'bot_command', offset: 0, length: text.split(' ')[0]!.length }] } : {}) };
    this.push({ update_id: this.nextUpdateId++, message });
  }

  /** A person sends a photo (with an optional caption). */
  userSendsPhoto(chatId: number, caption?: string): void {
    const photo = [{ file_id: `photo${this.nextMessageId}`, file_unique_id: `u${this.nextMessageId}`, width: 90, height: 90 }];
    const message = { message_id: this.nextMessageId++, date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: 'private', first_name: `User${chatId}` }, from: { id: chatId, is_bot: false, first_name: `User${chatId}` }, photo, ...(caption ? { caption } : {}) };
    this.push({ update_id: this.nextUpdateId++, message });
  }

  /** A person presses the button with callback data `data` under one of the bot's messages. */
  userPresses(chatId: number, data: string): void {
    const from = { id: chatId, is_bot: false, first_name: `User${chatId}` };
    this.push({ update_id: this.nextUpdateId++, callback_query: { id: `cb${this.nextUpdateId}`, from, chat_instance: `ci${chatId}`, data, message: { message_id: 1, date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: 'private' }, text: '...' } } });
  }

  /** The next `times` calls of `method` (for `chatId`, if given) fail with this error. */
  failNext(method: string, failure: Failure, options: { chatId?: number; times?: number } = {}): void {
    this.failures.push({ method, chatId: options.chatId, failure, times: options.times ?? 1 });
  }

  /** The person in `chatId` blocks the bot: every sendMessage to them gets 403. */
  block(chatId: number): void {
    this.blocked.add(chatId);
  }

  /** They unblock it again. */
  unblock(chatId: number): void {
    this.blocked.delete(chatId);
  }

  /**
   * From the `count`-th sendMessage on, requests get no answer and are not
   * delivered: the bot is left waiting on the network (for killing it there).
   */
  holdFrom(count: number): void {
    this.holdAt = count;
  }

  /** How many requests are being held. */
  get heldCount(): number {
    return this.held.length;
  }

  /** Stops holding; held requests are dropped (their connection closed), as if never received. */
  stopHolding(): void {
    this.holdAt = null;
    for (const res of this.held.splice(0)) res.destroy();
  }

  /** The arrival times of every sendMessage to `chatId`, refused attempts included. */
  attemptsTo(chatId: number): number[] {
    return this.calls.filter((c) => c.method === 'sendMessage' && c.chatId === chatId).map((c) => c.at);
  }

  messagesTo(chatId: number): SentMessage[] {
    return this.sent.filter((m) => m.chatId === chatId);
  }

  /** Resolves once `count` messages have been sent (or rejects after `ms`). */
  waitForSent(count: number, ms = 30_000): Promise<void> {
    return waitForCount(() => this.sent.length, count, ms);
  }

  private push(update: Update): void {
    if (this.webhook) {
      void fetch(this.webhook.url, { method: 'POST', headers: { 'content-type': 'application/json', ...(this.webhook.secret ? { 'x-telegram-bot-api-secret-token': this.webhook.secret } : {}) }, body: JSON.stringify(update) });
      return;
    }
    this.updates.push(update);
    for (const w of this.waiting.splice(0)) w();
  }

  protected async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const match = /^\/bot([^/]+)\/(\w+)/.exec(req.url ?? '');
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const body = (raw ? JSON.parse(raw) : {}) as Record<string, unknown>;
    const reply = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
    };
    if (!match || match[1] !== this.token) return reply(401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const method = match[2]!;
    const chatId = typeof body.chat_id === 'number' ? body.chat_id : Number(body.chat_id);
    this.calls.push({ method, at: Date.now(), ...(Number.isFinite(chatId) ? { chatId } : {}) });
    const failure = this.failures.find((f) => f.method === method && (f.chatId === undefined || f.chatId === chatId));
    if (failure) {
      if (--failure.times <= 0) this.failures.splice(this.failures.indexOf(failure), 1);
      return reply(failure.failure.error_code, { ok: false, ...failure.failure });
    }
    switch (method) {
      case 'getMe':
        return reply(200, { ok: true, result: { id: 42, is_bot: true, first_name: 'Pasker Test', username: 'pasker_test_bot', can_join_groups: false, can_read_all_group_messages: false, supports_inline_queries: false, can_connect_to_business: false, has_main_web_app: false } });
      case 'getUpdates': {
        const offset = Number(body.offset ?? 0);
        this.updates.splice(0, this.updates.filter((u) => u.update_id < offset).length);
        if (!this.updates.length) {
          const timeout = Math.min(Number(body.timeout ?? 0), 1) * 1000;
          await new Promise<void>((r) => {
            const t = setTimeout(r, timeout);
            this.waiting.push(() => {
              clearTimeout(t);
              r();
            });
          });
        }
        return reply(200, { ok: true, result: this.updates.filter((u) => u.update_id >= offset).slice(0, Number(body.limit ?? 100)) });
      }
      case 'sendMessage': {
        if (this.holdAt !== null && this.sent.length >= this.holdAt) {
          this.held.push(res);
          return;
        }
        if (this.blocked.has(chatId)) return reply(403, { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' });
        const problem = telegramProblem(body);
        if (problem) {
          this.refused.push({ chatId, error: problem });
          return reply(400, { ok: false, error_code: 400, description: problem });
        }
        const markup = body.reply_markup as { inline_keyboard?: Array<Array<{ text: string; callback_data: string }>> } | undefined;
        this.sent.push({ chatId, text: String(body.text), parseMode: body.parse_mode as string | undefined, buttons: (markup?.inline_keyboard ?? []).flat().map((b) => ({ text: b.text, data: b.callback_data })), at: Date.now() });
        return reply(200, { ok: true, result: { message_id: this.nextMessageId++, date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: 'private' }, text: body.text } });
      }
      case 'answerCallbackQuery':
        this.answeredCallbacks.push(String(body.callback_query_id));
        return reply(200, { ok: true, result: true });
      case 'setWebhook':
        this.webhook = { url: String(body.url), ...(body.secret_token ? { secret: String(body.secret_token) } : {}) };
        return reply(200, { ok: true, result: true });
      case 'deleteWebhook':
        this.webhook = null;
        return reply(200, { ok: true, result: true });
      default:
        return reply(404, { ok: false, error_code: 404, description: `Not Found: method ${method} not in this fake` });
    }
  }
}
