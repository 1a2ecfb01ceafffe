// Finds the places named in a message: kecamatan by any name people use,
// villages, industrial estates, and places outside the regency, allowing for
// typos in long names. "cikarang" or "tambun" alone stay ambiguous.

import type { PlaceName, Region } from '../domain/region.ts';
import { editDistance } from '../domain/text.ts';

export interface PlaceMention {
  /** Index of the first token and how many tokens the name covers. */
  start: number;
  length: number;
  place: PlaceName;
}

interface FuzzyTarget {
  key: string;
  place: PlaceName;
}

/** Place finder for one region. */
export class Gazetteer {
  /** Loosely matchable names by first letter. */
  private readonly fuzzy = new Map<string, FuzzyTarget[]>();
  private readonly maxWords: number;
  /** Every beginning of every name (as written without spaces): a word no name begins with starts no exact name. */
  private readonly beginnings = new Set<string>();
  /** Loose matches already looked for (the same words come in many messages). */
  private readonly near = new Map<string, PlaceName | null>();

  /** `commonWords` are ordinary words; a name made only of them is never matched loosely. */
  constructor(
    private readonly region: Region,
    private readonly commonWords: Set<string>,
  ) {
    let maxWords = 1;
    for (const [key, place] of region.names) {
      for (let i = 1; i <= key.length; i++) this.beginnings.add(key.slice(0, i));
      maxWords = Math.max(maxWords, place.label.split(/\s+/).length + 1);
      // Villages only exactly: company names are often village-like ("Sinar Jaya" ~ Sirnajaya).
      const loose = place.kind === 'kecamatan' || place.kind === 'alias' || place.kind === 'landmark';
      if (loose && key.length >= 6) {
        const list = this.fuzzy.get(key[0]!) ?? [];
        list.push({ key, place });
        this.fuzzy.set(key[0]!, list);
      }
    }
    this.maxWords = Math.min(maxWords, 5);
  }

  /** Place mentions in reading order; each token belongs to at most one mention. */
  find(tokens: string[]): PlaceMention[] {
    const found: PlaceMention[] = [];
    let i = 0;
    while (i < tokens.length) {
      const hit = this.matchAt(tokens, i);
      if (hit) {
        found.push(hit);
        i += hit.length;
      } else i++;
    }
    return found;
  }

  // Exact names first, then loose matches, then names that cover several
  // kecamatan: "cikarang barta" is Cikarang Barat, "cikarang" alone is ambiguous.
  private matchAt(tokens: string[], start: number): PlaceMention | null {
    const longest = Math.min(this.maxWords, tokens.length - start);
    // The words from `start` run together: keys[n - 1] is n words.
    const keys: string[] = [];
    for (let n = 1, key = ''; n <= longest; n++) keys.push((key += tokens[start + n - 1]!));
    let ambiguous: PlaceMention | null = null;
    if (this.beginnings.has(tokens[start]!)) {
      for (let n = longest; n >= 1; n--) {
        const place = this.region.names.get(keys[n - 1]!);
        if (!place) continue;
        if (place.kind !== 'ambiguous') return { start, length: n, place };
        ambiguous ??= { start, length: n, place };
      }
    }
    // A loose match must be longer than an ambiguous exact one: "jababeka" is
    // not a typo of "jababeka i", but "cikarang barta" is one of Cikarang Barat.
    const shortest = ambiguous ? ambiguous.length + 1 : 1;
    for (let n = longest; n >= shortest; n--) {
      const words = tokens.slice(start, start + n);
      if (this.commonWords.has(words[0]!) || this.commonWords.has(words[n - 1]!)) continue;
      const near = this.nearest(keys[n - 1]!, words);
      if (near) return { start, length: n, place: near };
    }
    return ambiguous;
  }

  // A loose match for names of 6+ letters: distance 1 up to 8 letters, 2 above;
  // first letter must agree and the words must not all be ordinary words.
  private nearest(key: string, words: string[]): PlaceName | null {
    if (key.length < 6 || words.every((w) => this.commonWords.has(w) || /^\d+$/.test(w))) return null;
    // The loose match depends on the letters alone.
    const known = this.near.get(key);
    if (known !== undefined) return known;
    const found = this.nearestName(key);
    if (this.near.size >= 50_000) this.near.clear();
    this.near.set(key, found);
    return found;
  }

  private nearestName(key: string): PlaceName | null {
    const max = key.length <= 8 ? 1 : 2;
    let best: { place: PlaceName; d: number } | null = null;
    for (const t of this.fuzzy.get(key[0]!) ?? []) {
      if (Math.abs(t.key.length - key.length) > max) continue;
      const d = editDistance(key, t.key, max);
      if (d <= max && (!best || d < best.d)) best = { place: t.place, d };
    }
    return best?.place ?? null;
  }
}
