// Finds the passages a question is about, without a network or embeddings:
// BM25 over folded, slang-normalised, stemmed words (Okapi BM25, k1 1.2, b 0.75).

import { StemmerId } from '@nlpjs/lang-id';
import { fold } from '../domain/text.ts';
import type { Passage } from './knowledge.ts';

/** The word lists retrieval reads. */
export interface SearchLexicon {
  /** Chat spelling to standard words (the understanding's nlu/lexicon/slang.tsv). */
  slang: ReadonlyMap<string, string>;
  /** Words everywhere in this region's texts that say nothing about a question (the regency's name). */
  common?: Iterable<string>;
}

export interface Hit {
  passage: Passage;
  score: number;
  /** The question's search terms found in the passage. */
  matched: string[];
  /** The share of the question's weight (sum of idf) those terms carry, 0..1. */
  coverage: number;
}

const K1 = 1.2;
const B = 0.75;
// Question forms of an FAQ entry count more than its answer: they are what people write.
const QUESTION_WEIGHT = 2;
// Function words and chat fillers: they say nothing about what a question is about. (The
// understanding's stop-word list is not used: it is made for cutting out job names and holds
// topic words such as "gratis", "daftar" and "pelatihan".)
const FUNCTION_WORDS = new Set(
  ('ada adakah adalah agar aja saja akan aku saya sy gw gue kami kita kamu anda apa apakah apa2 atau ato bagaimana gimana gmn ' +
    'berapa brp bisa bisakah boleh bolehkah buat untuk utk dari dengan dgn dan di ke dalam dong deh sih kok kah lah nih tuh ya iya yah ' +
    'ini itu jadi jd juga jg kak kakak min admin mas mbak pak bu bapak ibu bang gan kalau kalo klo kapan kenapa mengapa knp lagi lg ' +
    'mau mo mw ingin pengen pgn harus perlu cara caranya biasa biasanya tanya nanya numpang info informasi tolong mohon ' +
    'tidak tdk gak ga nggak enggak engga gk belum blm sudah udah sdh pernah sedang lagi masih terus trus tapi tp ' +
    'siapa sekarang skrg hari ini mana dimana kemana darimana yang yg nya oleh pada per saat sama atas bawah sini situ sana ' +
    'halo hai hi selamat pagi siang sore malam terima kasih makasih thanks ok oke okey sip baik').split(' '),
);

/** Turns text into search terms. */
export class SearchText {
  private readonly stemmer = new StemmerId();

  private readonly common: Set<string>;

  constructor(private readonly lexicon: SearchLexicon) {
    this.common = new Set([...(lexicon.common ?? [])].flatMap((w) => fold(w).split(' ')));
  }

  terms(text: string): string[] {
    const out: string[] = [];
    for (const raw of fold(text).split(' ')) {
      if (!raw) continue;
      for (const word of (this.lexicon.slang.get(raw) ?? raw).split(' ')) {
        if (word.length < 2 || FUNCTION_WORDS.has(word) || this.common.has(word)) continue;
        const stem = this.stem(word);
        if (stem.length >= 2 && !FUNCTION_WORDS.has(stem)) out.push(stem);
      }
    }
    return out;
  }

  private stem(word: string): string {
    if (/^\d+$/.test(word)) return word;
    const stem = this.stemmer.stemWord(word);
    // Jakarta speech: "diwakilin", "ngurusin" are "diwakilkan", "mengurusi".
    if (/^(di|ng|me|ke)\w{3,}in$/.test(word) && stem.endsWith('in')) return this.stemmer.stemWord(`${word.slice(0, -2)}kan`);
    return stem;
  }
}

/** A BM25 index over a fixed set of passages. */
export class PassageIndex {
  private readonly docs: Array<{ passage: Passage; tf: Map<string, number>; length: number }>;
  private readonly df = new Map<string, number>();
  private readonly avgLength: number;

  constructor(passages: Passage[], private readonly text: SearchText) {
    this.docs = passages.map((passage) => {
      const tf = new Map<string, number>();
      const add = (terms: string[], weight: number) => {
        for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + weight);
      };
      add(text.terms(`${passage.title} ${passage.text}`), 1);
      for (const q of passage.questions) add(text.terms(q), QUESTION_WEIGHT);
      const length = [...tf.values()].reduce((a, b) => a + b, 0);
      for (const t of tf.keys()) this.df.set(t, (this.df.get(t) ?? 0) + 1);
      return { passage, tf, length };
    });
    this.avgLength = this.docs.reduce((a, d) => a + d.length, 0) / Math.max(1, this.docs.length);
  }

  private idf(term: string): number {
    const n = this.df.get(term) ?? 0;
    return Math.log(1 + (this.docs.length - n + 0.5) / (n + 0.5));
  }

  /**
   * The best passages for `question`, best first. A hit needs a BM25 score of
   * at least `minScore`, and the question's terms it holds must carry at
   * least `minCoverage` of the question's weight (sum of idf): one shared
   * common word does not make a passage about the question.
   */
  search(question: string, options: { limit: number; minScore: number; minCoverage: number }): Hit[] {
    const terms = [...new Set(this.text.terms(question))];
    if (!terms.length) return [];
    const weight = terms.reduce((a, t) => a + this.idf(t), 0);
    const hits: Hit[] = [];
    for (const d of this.docs) {
      let score = 0;
      let covered = 0;
      const matched: string[] = [];
      for (const t of terms) {
        const f = d.tf.get(t);
        if (!f) continue;
        matched.push(t);
        covered += this.idf(t);
        score += (this.idf(t) * f * (K1 + 1)) / (f + K1 * (1 - B + (B * d.length) / this.avgLength));
      }
      const coverage = covered / weight;
      if (score >= options.minScore && coverage >= options.minCoverage) hits.push({ passage: d.passage, score, matched, coverage });
    }
    return hits.sort((a, b) => b.score - a.score).slice(0, options.limit);
  }
}
