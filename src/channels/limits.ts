// What each platform accepts in one message, and the two ways a reply is made
// to fit: a long text is split into several messages at a paragraph, line or
// word, and a label is shortened with "…". Both cut only between whole
// characters (an emoji or a letter with its accent is never cut in half), so
// nothing is ever refused for its length. Lengths are counted in UTF-16
// units, which is what Telegram counts and never less than what Meta counts.

import type { Reply } from '../core/types.ts';
import { renderText } from './render-text.ts';

/** The platforms' documented limits. */
export const LIMITS = {
  telegram: {
    /** sendMessage text, after the HTML tags are taken out. */
    text: 4096,
    /** Not a documented limit: longer button labels are cut off on screen anyway. */
    button: 60,
    /** callback_data, in bytes. */
    callbackData: 64,
  },
  whatsappCloud: {
    text: 4096,
    /** An interactive message's body. */
    interactiveBody: 1024,
    buttonTitle: 20,
    buttons: 3,
    listButton: 20,
    rows: 10,
    rowTitle: 24,
    rowDescription: 72,
  },
  /** WhatsApp itself refuses longer messages. */
  whatsappWeb: { text: 65_536 },
} as const;

const graphemes = new Intl.Segmenter('id', { granularity: 'grapheme' });

/** `text` shortened to at most `max` units, ending in "…" when it was cut. */
export function fitLabel(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, wholeCharactersUpTo(text, max - 1)).trimEnd()}…`;
}

/**
 * `text` as pieces of at most `max` units each, cut after a blank line if
 * there is one in reach, else after a line, else after a word, else between
 * two characters.
 */
export function splitText(text: string, max: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = rest.slice(0, max + 1);
    // Only a boundary in the second half: a piece is not made needlessly short.
    const floor = Math.floor(max / 2);
    const at = [window.lastIndexOf('\n\n'), window.lastIndexOf('\n'), window.lastIndexOf(' ')].find((i) => i >= floor && i <= max);
    const cut = at ?? wholeCharactersUpTo(rest, max);
    const piece = rest.slice(0, cut).trimEnd();
    if (piece) parts.push(piece);
    rest = rest.slice(cut).replace(/^\s+/, '');
  }
  if (!parts.length) parts.push(rest);
  else if (rest.trim()) parts.push(rest.trimEnd());
  return parts;
}

// The longest prefix of `text` of at most `max` units that ends between two whole characters
// (for a "character" longer than `max`, a run of hundreds of accents, between two code points).
function wholeCharactersUpTo(text: string, max: number): number {
  let end = 0;
  // A grapheme is rarely longer than a few units; looking a little past `max` is enough.
  for (const { index, segment } of graphemes.segment(text.slice(0, max + 32))) {
    if (index + segment.length > max) break;
    end = index + segment.length;
  }
  if (end > 0) return end;
  const high = text.charCodeAt(max - 1);
  return high >= 0xd800 && high <= 0xdbff ? max - 1 : max;
}

/**
 * A reply as one or more replies that each fit in `max` units once rendered
 * as text: the text is split, and the choices and hint go with the last piece.
 */
export function splitReply(reply: Reply, max: number): Reply[] {
  if (renderText(reply).length <= max) return [reply];
  const tail = renderText({ ...reply, text: '' }).length;
  const pieces = splitText(reply.text, max);
  const last = pieces.pop() ?? '';
  // The last piece makes room for the choices (and if they alone do not fit, they are shortened).
  const room = Math.max(max - tail, Math.floor(max / 2));
  const ends = splitText(last, room);
  const final = ends.pop() ?? '';
  const choices = tail > max - final.length ? reply.choices.map((c) => ({ ...c, label: fitLabel(c.label, 60), ...(c.detail ? { detail: fitLabel(c.detail, 60) } : {}) })) : reply.choices;
  return [...pieces, ...ends].map((text) => ({ text, choices: [] as Reply['choices'] })).concat({ ...reply, text: final, choices });
}
