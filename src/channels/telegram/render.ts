// A reply as a Telegram message: the same text as everywhere (numbered lines
// included, so the content matches WhatsApp), in HTML, with one button per
// numbered choice. Pressing a button sends its number back. The reply fits
// Telegram's length already (src/channels/limits.ts splitReply); labels are
// shortened here.

import type { Reply } from '../../core/types.ts';
import { fitLabel, LIMITS } from '../limits.ts';
import { renderText } from '../render-text.ts';

export interface TelegramMessage {
  text: string;
  parse_mode: 'HTML';
  reply_markup?: { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> };
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function renderTelegram(reply: Reply): TelegramMessage {
  // WhatsApp-style *bold* becomes <b>bold</b>.
  const text = escape(renderText(reply)).replace(/\*([^*\n]+)\*/g, '<b>$1</b>');
  if (!reply.choices.length) return { text, parse_mode: 'HTML' };
  const buttons = reply.choices.map((c) => [{ text: fitLabel(`${c.key}. ${c.label}`, LIMITS.telegram.button), callback_data: c.key }]);
  return { text, parse_mode: 'HTML', reply_markup: { inline_keyboard: buttons } };
}

/** Telegram commands as the words the core understands. */
export function commandText(text: string): string {
  const command = /^\/(\w+)(@\w+)?\s*$/.exec(text.trim());
  if (!command) return text;
  const map: Record<string, string> = { start: 'menu', menu: 'menu', stop: 'stop', help: 'menu', bantuan: 'menu' };
  return map[command[1]!.toLowerCase()] ?? text;
}
