// The dialogue's word lists (flows/words.yaml) and a message as the dialogue
// reads it: folded, with its chat spelling normalised, and checked against
// those lists ("is this only a yes?", "does it say cancel?").

import { fold } from '../domain/text.ts';
import type { Understanding } from '../nlu/types.ts';

export const WORD_LISTS = [
  'fillers', 'yes', 'no', 'done', 'problem', 'cancel', 'repeat', 'goodbye', 'menu', 'back', 'more', 'all', 'human', 'resume', 'confused', 'correction', 'whatever',
  'salam', 'sampurasun', 'punten', 'hardship', 'skip', 'unknown', 'chitchat', 'hello', 'tried',
] as const;
export type WordList = (typeof WORD_LISTS)[number];

/** A list of phrases, each a sequence of folded words. */
export class Phrases {
  private readonly byFirst = new Map<string, string[][]>();

  constructor(phrases: string[]) {
    const lists = phrases.map((p) => fold(p).split(' ').filter(Boolean)).filter((p) => p.length);
    // Longest first, so "ya kirim" is found before "ya".
    lists.sort((a, b) => b.length - a.length);
    for (const p of lists) {
      const list = this.byFirst.get(p[0]!) ?? [];
      list.push(p);
      this.byFirst.set(p[0]!, list);
    }
  }

  /** The length of the longest phrase starting at `tokens[i]`, or 0. */
  matchAt(tokens: readonly string[], i: number): number {
    // Called for every word of every message against every list: plain loops, nothing allocated.
    const list = this.byFirst.get(tokens[i]!);
    if (!list) return 0;
    next: for (let j = 0; j < list.length; j++) {
      const p = list[j]!;
      for (let k = 1; k < p.length; k++) if (tokens[i + k] !== p[k]) continue next;
      return p.length;
    }
    return 0;
  }
}

/** Every word list, ready for matching. */
export type Words = Record<WordList, Phrases>;

/** Builds the word lists from the parsed file's lists. */
export function buildWords(lists: Record<WordList, string[]>): Words {
  return Object.fromEntries(WORD_LISTS.map((k) => [k, new Phrases(lists[k])])) as Words;
}

const ORDINAL_WORDS: Record<string, number> = {
  pertama: 1, kesatu: 1, kedua: 2, ketiga: 3, keempat: 4, kelima: 5, keenam: 6, ketujuh: 7, kedelapan: 8, kesembilan: 9, kesepuluh: 10,
  kahiji: 1, kadua: 2, katilu: 3, kaopat: 4, kalima: 5,
};
const MARKERS = new Set(['yang', 'yg', 'no', 'nomor', 'nomer', 'nmr', 'ke', 'pilih', 'pilihan', 'lowongan', 'loker', 'item']);

/** A message as the dialogue reads it. */
export class Message {
  /** The folded words as typed. */
  readonly raw: string[];
  /** The words with chat spelling normalised ("udh" -> "sudah"). */
  readonly norm: string[];
  /** Folded text as typed. */
  readonly text: string;

  constructor(
    readonly original: string,
    readonly u: Understanding,
    private readonly words: Words,
  ) {
    this.text = fold(original);
    this.raw = this.text ? this.text.split(' ') : [];
    this.norm = u.tokens?.length ? u.tokens.flatMap((t) => fold(t).split(' ')).filter(Boolean) : this.raw;
  }

  /** True when a phrase of `list` appears in the message (as typed or normalised). */
  has(list: WordList): boolean {
    return this.find(list, this.raw) >= 0 || this.find(list, this.norm) >= 0;
  }

  /** True when the message starts with a phrase of `list` (fillers before it allowed). */
  starts(list: WordList): boolean {
    return [this.raw, this.norm].some((tokens) => {
      let i = 0;
      while (i < tokens.length && !this.words[list].matchAt(tokens, i) && this.words.fillers.matchAt(tokens, i)) i += this.words.fillers.matchAt(tokens, i);
      return i < tokens.length && this.words[list].matchAt(tokens, i) > 0;
    });
  }

  /**
   * True when the message says nothing but phrases of `lists` (and fillers):
   * "iya kak 🙏" is only `yes`; "iya, tapi di setu" is not.
   */
  only(...lists: WordList[]): boolean {
    return this.rest(this.raw, lists) === 0 || this.rest(this.norm, lists) === 0;
  }

  /** The words left when phrases of `lists` and fillers are taken out (normalised form). */
  without(...lists: WordList[]): string[] {
    const out: string[] = [];
    const tokens = this.norm;
    for (let i = 0; i < tokens.length; ) {
      const n = Math.max(this.longest(lists, tokens, i), this.words.fillers.matchAt(tokens, i));
      if (n) i += n;
      else out.push(tokens[i++]!);
    }
    return out;
  }

  /**
   * The item a message points at: "yg kedua", "nomor 3", "yang ke-2", "no 4
   * syaratnya apa"; a bare number counts too. Null when it names none.
   */
  get ordinal(): number | null {
    if (this.u.ordinal !== null) return this.u.ordinal;
    const t = this.raw;
    for (let i = 0; i < t.length; i++) {
      const w = t[i]!;
      const word = ORDINAL_WORDS[w];
      if (word && !(w === 'satu' && !MARKERS.has(t[i - 1] ?? ''))) return word;
      if (/^\d{1,2}$/.test(w) && MARKERS.has(t[i - 1] ?? '')) return Number(w);
      if (/^ke\d{1,2}$/.test(w)) return Number(w.slice(2));
    }
    return null;
  }

  /** Number of words. */
  get length(): number {
    return this.raw.length;
  }

  // The longest phrase of any of `lists` at `tokens[i]` (0 for none).
  private longest(lists: WordList[], tokens: readonly string[], i: number): number {
    let n = 0;
    for (let j = 0; j < lists.length; j++) n = Math.max(n, this.words[lists[j]!].matchAt(tokens, i));
    return n;
  }

  // -1 when not found, else the index.
  private find(list: WordList, tokens: readonly string[]): number {
    for (let i = 0; i < tokens.length; i++) if (this.words[list].matchAt(tokens, i)) return i;
    return -1;
  }

  // How many words are left outside `lists` and fillers; Infinity when no phrase of `lists` was found.
  private rest(tokens: readonly string[], lists: WordList[]): number {
    let found = false;
    let left = 0;
    for (let i = 0; i < tokens.length; ) {
      const n = this.longest(lists, tokens, i);
      if (n) {
        found = true;
        i += n;
        continue;
      }
      const f = this.words.fillers.matchAt(tokens, i);
      if (f) i += f;
      else {
        left++;
        i++;
      }
    }
    return found ? left : Infinity;
  }
}
