// Pasker as Telegraf middleware, for offices that already run a Telegraf bot:
// `bot.use(paskerTelegraf(runtime.conversations))`. Text messages and button
// presses go to the same dialogue core; other updates pass on to `next`.

import type { Context, MiddlewareFn } from 'telegraf';
import type { Conversations } from '../../app/conversations.ts';
import { LIMITS, splitReply } from '../limits.ts';
import { commandText, renderTelegram } from './render.ts';

export function paskerTelegraf(conversations: Conversations): MiddlewareFn<Context> {
  return async (ctx, next) => {
    const query = ctx.callbackQuery && 'data' in ctx.callbackQuery ? ctx.callbackQuery.data : null;
    const text = query ?? (ctx.message && 'text' in ctx.message ? ctx.message.text : null);
    if (text === null || !ctx.chat) return next();
    if (query !== null) await ctx.answerCbQuery().catch(() => undefined);
    // Only a person's private chat with the bot: in a group every member would share one conversation.
    if (ctx.chat.type !== 'private') return next();
    const replies = await conversations.handle({ channel: 'telegram', userId: String(ctx.chat.id), text: commandText(text), seenKey: `telegram:${ctx.botInfo.id}:${ctx.update.update_id}` });
    for (const part of replies.flatMap((r) => splitReply(r, LIMITS.telegram.text))) {
      const m = renderTelegram(part);
      await ctx.reply(m.text, { parse_mode: m.parse_mode, ...(m.reply_markup ? { reply_markup: m.reply_markup } : {}) });
    }
  };
}
