import { editDistance } from '../domain/text.ts';

// Turns chat text into standard lower-case tokens: "Halooo min, ada lokr
// dicikbar gk??" -> ["halo", "min", "ada", "loker", "di", "cikbar", "tidak"].
// Hand-written because no library knows Indonesian chat spelling.

export interface Normalizer {
  /** Standard tokens of a message (no typo correction yet). */
  tokens(text: string): string[];
  /** A token with a likely typo fixed (may become several tokens); the token itself otherwise. */
  correct(token: string): string[];
}

/**
 * Word-shape rules plus a slang table. `vocabulary` is every word the system
 * knows, with how often it occurs; an unknown word of 5+ letters one typo away
 * from a known one is read as the most frequent such word ("pelatiahn").
 */
export function createNormalizer(slang: Map<string, string>, vocabulary: Map<string, number>): Normalizer {
  const known = (w: string) => vocabulary.has(w) || slang.has(w);
  const byFirst = new Map<string, string[]>();
  for (const w of vocabulary.keys()) {
    if (w.length < 4 || !/^[a-z]+$/.test(w)) continue;
    const list = byFirst.get(w[0]!) ?? [];
    list.push(w);
    byFirst.set(w[0]!, list);
  }
  const corrected = new Map<string, string | null>();
  const correct = (w: string): string | null => {
    if (corrected.has(w)) return corrected.get(w)!;
    let best: string | null = null;
    let bestCount = 0;
    for (const c of byFirst.get(w[0]!) ?? []) {
      if (Math.abs(c.length - w.length) > 1) continue;
      const count = vocabulary.get(c)!;
      if (count > bestCount && editDistance(w, c, 1) <= 1) {
        best = c;
        bestCount = count;
      }
    }
    if (corrected.size < 100_000) corrected.set(w, best);
    return best;
  };

  // Splits a run-together word into 2-3 known words ("carikerja" -> "cari kerja").
  const segment = (word: string): string[] | null => {
    const memo = new Map<number, string[] | null>();
    const best = (start: number, left: number): string[] | null => {
      if (start === word.length) return [];
      if (left === 0) return null;
      const key = start * 4 + left;
      if (memo.has(key)) return memo.get(key)!;
      let result: string[] | null = null;
      for (let end = word.length; end >= start + 2; end--) {
        const piece = word.slice(start, end);
        if (!known(piece) || (piece.length < 3 && piece !== 'di' && piece !== 'ke' && piece !== 'yg')) continue;
        const rest = best(end, left - 1);
        if (rest && (!result || rest.length + 1 < result.length)) result = [piece, ...rest];
      }
      memo.set(key, result);
      return result;
    };
    const parts = best(0, 3);
    return parts && parts.length > 1 ? parts : null;
  };

  // Words repeat from message to message: each is read once (bounded, like the typo cache).
  const fixed = new Map<string, string[]>();
  const fixWord = (raw: string): string[] => {
    const hit = fixed.get(raw);
    if (hit) return hit;
    const out = readWord(raw);
    if (fixed.size < 100_000) fixed.set(raw, out);
    return out;
  };
  const readWord = (raw: string): string[] => {
    let w = raw;
    // Reduplication written with 2: "kirim2" -> "kirim" (but not "d2", "s2", "b2").
    const redup = /^([a-z]{3,})2$/.exec(w);
    if (redup) w = redup[1]!;
    // Three or more of one letter: "halooo" -> "halo".
    w = w.replace(/([a-z])\1{2,}/g, '$1');
    if (!known(w)) {
      const single = w.replace(/([a-z])\1/g, '$1');
      if (known(single)) w = single;
    }
    const standard = slang.get(w);
    if (standard) return standard.split(' ');
    if (!known(w) && w.length >= 7 && /^[a-z]+$/.test(w)) {
      const parts = segment(w);
      if (parts) return parts.flatMap((p) => (slang.get(p) ?? p).split(' '));
    }
    return [w];
  };

  return {
    tokens(text: string): string[] {
      // Plain ASCII (most messages) needs no Unicode normalising.
      const ascii = !/[^\t\n\r\x20-\x7e]/.test(text);
      const cleaned = (ascii ? text : text.normalize('NFKC'))
        .toLowerCase()
        .replace(/https?:\/\/\S+|\S+@\S+\.\S+/g, ' ')
        // Keep written codes together: d-3, s-1, ak/1, ak-1.
        .replace(/\b([ds])\s*-\s*([1-4])\b/g, '$1$2')
        .replace(/\bak\s*[/\-.]?\s*(1|i)\b/g, 'ak1')
        .replace(ascii ? /[^a-z0-9]+/g : /[^\p{L}\p{N}]+/gu, ' ');
      const folded = ascii ? cleaned : cleaned.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
      const out: string[] = [];
      for (const piece of folded.split(' ')) {
        if (!piece) continue;
        // "25th" -> "25 th", "6bln" -> "6 bln"; "d3", "mm2100", "b1" stay whole.
        const m = /^(\d+)([a-z]{2,})$/.exec(piece);
        const words = m ? [m[1]!, m[2]!] : [piece];
        for (const w of words) {
          if (/^[a-z]+\d*$|^\d+$|^[a-z]+\d+[a-z]*$/.test(w)) out.push(...fixWord(w));
          else if (w) out.push(w.replace(/[^a-z0-9]/g, '') || w);
        }
      }
      return out.filter(Boolean);
    },
    correct(token: string): string[] {
      if (known(token) || token.length < 5 || !/^[a-z]+$/.test(token)) return [token];
      const fixed = correct(token);
      return fixed ? (slang.get(fixed) ?? fixed).split(' ') : [token];
    },
  };
}
