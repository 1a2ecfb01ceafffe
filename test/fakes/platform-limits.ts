// The limits the real platforms enforce on a message, as the loopback fakes
// enforce them (written from the platforms' documentation, not from
// Pasker's own constants, so a wrong constant in Pasker is caught). Each
// check returns the platform's own error text, or null when it would accept.

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const TELEGRAM_TAGS = new Set(['b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'a', 'code', 'pre', 'tg-spoiler', 'span', 'blockquote', 'tg-emoji']);

/** Telegram sendMessage (core.telegram.org/bots/api#sendmessage, #formatting-options, #inlinekeyboardbutton). */
export function telegramProblem(body: Record<string, unknown>): string | null {
  const text = typeof body.text === 'string' ? body.text : '';
  if (LONE_SURROGATE.test(text)) return 'Bad Request: strings must be encoded in UTF-8';
  let visible = text;
  if (body.parse_mode === 'HTML') {
    // Every "<" opens a supported tag; what is left after the tags and entities is what Telegram counts.
    for (const m of text.matchAll(/<\/?([a-z-]*)[^>]*>|</g)) {
      if (!m[1] || !TELEGRAM_TAGS.has(m[1])) return `Bad Request: can't parse entities: unsupported start tag "${m[1] ?? ''}" at byte offset ${m.index}`;
    }
    visible = text.replace(/<[^>]*>/g, '').replace(/&(lt|gt|amp|quot|#\d+);/g, '_');
  }
  if (!visible.trim()) return 'Bad Request: message text is empty';
  if (visible.length > 4096) return 'Bad Request: message is too long';
  const markup = body.reply_markup as { inline_keyboard?: Array<Array<{ text?: unknown; callback_data?: unknown }>> } | undefined;
  for (const b of (markup?.inline_keyboard ?? []).flat()) {
    if (typeof b.text !== 'string' || !b.text || LONE_SURROGATE.test(b.text)) return 'Bad Request: text buttons are unallowed in the inline keyboard';
    const data = String(b.callback_data ?? '');
    if (!data || Buffer.byteLength(data) > 64) return 'Bad Request: BUTTON_DATA_INVALID';
  }
  return null;
}

const strings = (v: unknown): string[] => (typeof v === 'string' ? [v] : v && typeof v === 'object' ? Object.values(v).flatMap(strings) : []);
const chars = (s: unknown) => (typeof s === 'string' ? [...s].length : 0);

/** WhatsApp Cloud API /messages (developers.facebook.com/docs/whatsapp/cloud-api/reference/messages, interactive object). */
export function graphProblem(body: Record<string, unknown>): string | null {
  if (strings(body).some((s) => LONE_SURROGATE.test(s))) return '(#100) Invalid parameter';
  if (body.type === 'text') {
    const t = (body.text as { body?: unknown } | undefined)?.body;
    if (typeof t !== 'string' || !t.trim()) return "(#100) The parameter text['body'] is required.";
    if (chars(t) > 4096) return "(#100) Param text['body'] must be at most 4096 characters long.";
    return null;
  }
  if (body.type === 'interactive') {
    const i = body.interactive as { type?: string; body?: { text?: unknown }; action?: { buttons?: Array<{ reply?: { id?: unknown; title?: unknown } }>; button?: unknown; sections?: Array<{ rows?: Array<{ id?: unknown; title?: unknown; description?: unknown }> }> } };
    if (chars(i.body?.text) < 1 || chars(i.body?.text) > 1024) return "(#100) Param interactive['body']['text'] must be at most 1024 characters long.";
    if (i.type === 'button') {
      const buttons = i.action?.buttons ?? [];
      if (buttons.length < 1 || buttons.length > 3) return '(#131009) Parameter value is not valid: buttons count';
      for (const b of buttons) if (chars(b.reply?.title) < 1 || chars(b.reply?.title) > 20) return '(#131009) Parameter value is not valid: Button title length invalid. Min length: 1, Max length: 20';
      return null;
    }
    if (i.type === 'list') {
      if (chars(i.action?.button) < 1 || chars(i.action?.button) > 20) return '(#131009) Parameter value is not valid: Button label length invalid';
      const rows = (i.action?.sections ?? []).flatMap((s) => s.rows ?? []);
      if (rows.length < 1 || rows.length > 10) return '(#131009) Parameter value is not valid: Total row count exceed max allowed count: 10';
      for (const r of rows) {
        if (chars(r.title) < 1 || chars(r.title) > 24) return '(#131009) Parameter value is not valid: Row title length invalid. Min length: 1, Max length: 24';
        if (r.description !== undefined && chars(r.description) > 72) return '(#131009) Parameter value is not valid: Row description length invalid. Max length: 72';
      }
      return null;
    }
  }
  return null;
}

/** WhatsApp itself (whatsapp-web.js passes the text on): 65,536 characters at most. */
export function whatsappWebProblem(content: string): string | null {
  if (LONE_SURROGATE.test(content)) return 'invalid text';
  return content.length > 65_536 ? 'message too long' : null;
}
