// What a person's message may hold before anything reads it: characters no
// database or pattern should see are removed, and a message longer than a
// person would type is refused whole, so no pattern ever runs on it.

/** The longest message read, in characters (code points). WhatsApp allows 65,536; people type far less. */
export const MAX_MESSAGE_CHARS = 2000;

export interface AdmittedText {
  /** The text with invalid characters removed ('' when too long). */
  text: string;
  /** Longer than MAX_MESSAGE_CHARS: answer politely, read nothing. */
  tooLong: boolean;
}

// NUL and the other C0/C1 control characters (PostgreSQL refuses NUL in text; the rest
// only hide things), bidirectional overrides that make a staff copy read differently
// from what was sent, the byte-order mark and the non-characters U+FFFE/U+FFFF.
// Tabs and line breaks stay. One character class: linear in the length.
// eslint-disable-next-line no-control-regex -- control characters are what it removes
const INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFEFF\uFFFE\uFFFF]/g;

// Half an emoji (a surrogate without its pair): not text in any encoding.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Cleans a message at the door, or says it is too long to read. */
export function admitText(raw: string, max = MAX_MESSAGE_CHARS): AdmittedText {
  // Two UTF-16 units per character at most: anything longer is too long without looking further.
  if (raw.length > max * 2) return { text: '', tooLong: true };
  const text = raw.replace(LONE_SURROGATE, '').replace(/\r\n?/g, '\n').replace(INVALID, '');
  return charCount(text) > max ? { text: '', tooLong: true } : { text, tooLong: false };
}

/** Characters (code points) in `text`. */
export function charCount(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff) n++;
  }
  return n;
}
