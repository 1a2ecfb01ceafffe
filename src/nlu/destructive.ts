// The closed, reviewed stop and erase words (nlu/lexicon/stop-erase.yaml):
// the only way a message can be read as stopping alerts or erasing data.
// The file's header explains the patterns.

import fs from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

const partSchema = z.object({
  lists: z.record(z.string(), z.array(z.string().min(1)).min(1)),
  except: z.array(z.string().min(1)).optional(),
  strong: z.array(z.string().min(1)),
  soft: z.array(z.string().min(1)),
  bare: z.array(z.string().min(1)).optional(),
  bare_except: z.array(z.string().min(1)).optional(),
});
const fileSchema = z.object({ gap_never: z.array(z.string().min(1)), negation: z.array(z.string().min(1)), stop: partSchema, erase: partSchema });

/** How strongly a clause says stop / erase: `strong` is explicit, `soft` only allows the intent. */
export type Strength = 'strong' | 'soft' | null;

export interface DestructiveMatch {
  stop: Strength;
  erase: Strength;
  /** A stop / erase that a negation denies ("ga mau berhenti", "jangan dihapus"). */
  negatedStop: boolean;
  negatedErase: boolean;
}

// One slot of a pattern: alternatives, each a word sequence; or a gap.
type Slot = { gap: true } | { gap: false; options: string[][] };
type Pattern = Slot[] & { first?: Set<string>; selfNegating?: boolean };

interface Part {
  /** Every word a match can start with: a clause with none of them matches nothing. */
  first: Set<string>;
  strong: Pattern[];
  soft: Pattern[];
  bare: Pattern[];
  except: Set<string>;
  bareExcept: Set<string>;
}

const GAP = 4;
// Particles that end what a negation covers ("ga usah deh, udahan" is no "don't stop").
const CLOSING = new Set(['deh', 'dah', 'lah', 'aja', 'saja', 'sudah', 'udah']);

/** Drops "-nya" ("notifnya", "lokernya"), so the lists hold the plain word. */
function stem(token: string): string {
  return token.length > 5 && token.endsWith('nya') ? token.slice(0, -3) : token;
}

// Words as matching sees them ("bertanya" is read as "berta"): each word of an entry goes through `stem` too.
const stemmed = (entries: string[] = []) => new Set(entries.map((e) => e.split(' ').map(stem).join(' ')));

export class DestructiveLexicon {
  private constructor(
    private readonly negations: string[][],
    private readonly gapNever: Set<string>,
    private readonly stop: Part,
    private readonly erase: Part,
    /** Every single word that can start a stop or erase match (for a quick check). */
    readonly triggers: { stop: Set<string>; erase: Set<string> },
  ) {}

  static load(file = 'nlu/lexicon/stop-erase.yaml'): DestructiveLexicon {
    const parsed = fileSchema.safeParse(parseYaml(fs.readFileSync(file, 'utf8')));
    if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    const data = parsed.data;
    const build = (name: string, part: z.infer<typeof partSchema>): { part: Part; words: Set<string> } => {
      const words = new Set<string>();
      const compile = (text: string): Pattern =>
        text.split(/\s+/).reduce<Pattern>((slots, piece) => {
          if (piece === '...') return [...slots, { gap: true }];
          const options = piece.split('|').flatMap((alt) => {
            if (!alt.startsWith('$')) return [alt.split('_')];
            const list = part.lists[alt.slice(1)];
            if (!list) throw new Error(`${file}: ${name}: "${alt}" is not one of its lists`);
            return list.map((entry) => entry.split(/\s+/));
          });
          return [...slots, { gap: false, options }];
        }, []);
      const negations = new Set(data.negation);
      const strong = part.strong.map(compile);
      const soft = part.soft.map(compile);
      const bare = (part.bare ?? []).map(compile);
      for (const p of [...strong, ...soft, ...bare]) {
        const first = p[0];
        if (!first || first.gap) throw new Error(`${file}: ${name}: a pattern must start with a word`);
        p.first = new Set(first.options.map((o) => o[0]!));
        p.selfNegating = first.options.some((o) => negations.has(o.join(' ')));
        for (const w of p.first) words.add(w);
      }
      return { part: { first: words, strong, soft, bare, except: stemmed(part.except), bareExcept: stemmed(part.bare_except) }, words };
    };
    const stop = build('stop', data.stop);
    const erase = build('erase', data.erase);
    return new DestructiveLexicon(data.negation.map((n) => n.split(/\s+/)), new Set(data.gap_never), stop.part, erase.part, { stop: stop.words, erase: erase.words });
  }

  /** Whether any word of the message can start a stop or erase match (most messages have none). */
  mayMatch(tokens: string[]): boolean {
    return tokens.some((t) => {
      const w = stem(t);
      return this.stop.first.has(w) || this.erase.first.has(w);
    });
  }

  /** Stop and erase words in one message, given as clauses of standard tokens. */
  match(clauses: string[][]): DestructiveMatch {
    const out: DestructiveMatch = { stop: null, erase: null, negatedStop: false, negatedErase: false };
    for (const raw of clauses) {
      const tokens = raw.map(stem);
      const stop = this.matchPart(this.stop, tokens);
      const erase = this.matchPart(this.erase, tokens);
      out.stop = stronger(out.stop, stop.strength);
      out.erase = stronger(out.erase, erase.strength);
      out.negatedStop ||= stop.negated;
      out.negatedErase ||= erase.negated;
    }
    return out;
  }

  private matchPart(part: Part, tokens: string[]): { strength: Strength; negated: boolean } {
    if (!tokens.some((t) => part.first.has(t)) || hasAny(tokens, part.except)) return { strength: null, negated: false };
    let negated = false;
    for (const p of part.strong) {
      for (let start = 0; start < tokens.length; start++) {
        if (!p.first!.has(tokens[start]!)) continue;
        const end = matchAt(p, tokens, start, this.gapNever);
        if (end === null) continue;
        if (this.negatedAt(tokens, start, end)) {
          negated = true;
          continue;
        }
        return { strength: 'strong', negated: false };
      }
    }
    // A negated stop says what is not wanted; a soft reading of the same clause does not count.
    if (negated) return { strength: null, negated: true };
    const bare = hasAny(tokens, part.bareExcept) ? [] : part.bare;
    for (const p of [...part.soft, ...bare]) {
      for (let start = 0; start < tokens.length; start++) {
        if (!p.first!.has(tokens[start]!)) continue;
        const end = matchAt(p, tokens, start, this.gapNever);
        if (end === null) continue;
        if (!p.selfNegating && this.negatedAt(tokens, start, end)) return { strength: null, negated: true };
        return { strength: 'soft', negated: false };
      }
    }
    return { strength: null, negated: false };
  }

  // A negation just before the match (up to two words between) or inside it.
  private negatedAt(tokens: string[], start: number, end: number): boolean {
    for (let i = Math.max(0, start - 4); i < end; i++) {
      for (const n of this.negations) {
        if (!n.every((w, k) => tokens[i + k] === w)) continue;
        const after = i + n.length;
        // "gausah deh, udahan": a particle closes the negation before the stop word.
        if (after <= start && tokens.slice(after, start).some((t) => CLOSING.has(t))) continue;
        if (i >= start || (after <= start && start - after <= 2)) return true;
      }
    }
    return false;
  }
}

function stronger(a: Strength, b: Strength): Strength {
  if (a === 'strong' || b === 'strong') return 'strong';
  return a ?? b;
}

// The end (exclusive) of a match of `p` starting exactly at `start`, or null.
function matchAt(p: Pattern, tokens: string[], start: number, gapNever: Set<string>): number | null {
  const go = (slot: number, at: number): number | null => {
    if (slot === p.length) return at;
    const s = p[slot]!;
    if (s.gap) {
      for (let skip = 0; skip <= GAP; skip++) {
        if (at + skip > tokens.length || (skip > 0 && gapNever.has(tokens[at + skip - 1]!))) break;
        const end = go(slot + 1, at + skip);
        if (end !== null) return end;
      }
      return null;
    }
    for (const words of s.options) {
      if (words.every((w, k) => tokens[at + k] === w)) {
        const end = go(slot + 1, at + words.length);
        if (end !== null) return end;
      }
    }
    return null;
  };
  return go(0, start);
}

// Whether `tokens` hold one of `entries`; an entry of several words ("paket data", "berhenti masuk") counts only as those words in a row.
function hasAny(tokens: string[], entries: Set<string>): boolean {
  if (tokens.some((t) => entries.has(t))) return true;
  const joined = ` ${tokens.join(' ')} `;
  for (const e of entries) if (e.includes(' ') && joined.includes(` ${e} `)) return true;
  return false;
}
