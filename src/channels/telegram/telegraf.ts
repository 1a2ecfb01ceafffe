// Pasker as Telegraf middleware, for offices that already run a Telegraf bot:
// `bot.use(paskerTelegraf(runtime.conversations))`. Text messages and button
// presses go to the same dialogue core; other updates pass on to `next`.

import type { Context, MiddlewareFn } from 'telegraf';
import type { Conversations } from '../../app/conversations.ts';
import { commandText, renderTelegram } from './render.ts';

export function paskerTelegraf(conversations: Conversations): MiddlewareFn<Context> {
  return async (ctx, next) => {
    const query = ctx.callbackQuery && 'data' in ctx.callbackQuery ? ctx.callbackQuery.data : null;
    const text = query ?? (ctx.message && 'text' in ctx.message ? ctx.message.text : null);
    if (text === null || !ctx.chat) return next();
    if (query !== null) await ctx.answerCbQuery().catch(() => undefined);
    const replies = await conversations.handle({ channel: 'telegram', userId: String(ctx.chat.id), text: commandText(text) });
    for (const reply of replies) {
      const m = renderTelegram(reply);
      await ctx.reply(m.text, { parse_mode: m.parse_mode, ...(m.reply_markup ? { reply_markup: m.reply_markup } : {}) });
    }
  };
}
