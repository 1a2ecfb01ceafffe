// Understanding a message: normalise the chat spelling, find places,
// education, platform and job, then classify the intent. Rules come first
// only where a word must always mean one thing ("stop", "menu", a number).

import type { JobWords } from '../domain/job-words.ts';
import type { Region } from '../domain/region.ts';
import { fold } from '../domain/text.ts';
import { IntentClassifier, type CorpusEntry } from './classifier.ts';
import { findEducation, findKeyword, findOrdinal, findPlatform, type Used } from './entities.ts';
import { Gazetteer } from './gazetteer.ts';
import { createNormalizer, type Normalizer } from './normalize.ts';
import type { Intent, Understanding } from './types.ts';

export interface NluResources {
  region: Region;
  jobs: JobWords;
  slang: Map<string, string>;
  stopwords: Set<string>;
  corpus: CorpusEntry[];
}

// Bump when the preparation of text changes, so cached models are retrained.
const PREPARATION_VERSION = '1';

const GREETING = new Set(['halo', 'hai', 'hi', 'hello', 'hallo', 'helo', 'p', 'pagi', 'siang', 'sore', 'malam', 'selamat', 'assalamualaikum', 'assalamu', 'alaikum', 'salam', 'permisi', 'punten', 'sampurasun', 'min', 'kak', 'kakak', 'gan', 'bang', 'mas', 'mbak', 'sis', 'bro', 'admin', 'bot', 'om', 'bu', 'pak', 'wr', 'wb', 'warahmatullahi', 'wabarakatuh', 'numpang', 'tanya', 'mau', 'ijin', 'izin', 'maaf', 'ganggu', 'mengganggu', 'waktunya', 'met', 'shalom', 'ya', 'dong', 'nih']);
const STOP_WORDS = new Set(['stop', 'berhenti', 'unsubscribe', 'unsub', 'unreg', 'brenti', 'stopp']);
const STOP_CONTEXT = new Set([...STOP_WORDS, 'langganan', 'notif', 'notifikasi', 'kirim', 'loker', 'info', 'dong', 'min', 'kak', 'ya', 'aja', 'saja', 'pesan', 'alert', 'please', 'pls', 'sekarang', 'dulu', 'semua', 'lowongan', 'berlangganan', 'all']);
const MENU_WORDS = new Set(['menu', 'help', 'bantuan', 'utama', 'start', 'mulai']);
const MENU_CONTEXT = new Set([...MENU_WORDS, 'min', 'kak', 'dong', 'tolong', 'lihat', 'liat', 'buka', 'ke', 'balik', 'kembali', 'ya']);
const NEGATION = new Set(['bukan', 'tidak', 'gak', 'enggak', 'nggak', 'ga', 'ngga', 'gk', 'tdk']);

/** Turns messages into intents and entities for one region. */
export class Understander {
  private constructor(
    private readonly normalizer: Normalizer,
    private readonly gazetteer: Gazetteer,
    private readonly res: NluResources,
    private readonly classifier: IntentClassifier,
  ) {}

  /** Builds the normaliser and gazetteer, and trains (or loads) the classifier. */
  static async create(res: NluResources, options: { cacheDir?: string | null } = {}): Promise<Understander> {
    const jobTokens = res.jobs.phrases().flatMap((p) => p.split(' '));
    const placeTokens = [...res.region.names.values()].flatMap((p) => fold(p.label).split(' '));
    const protectedTokens = new Set([...jobTokens, ...placeTokens.filter((t) => t.length > 3), 'sd', 'smp', 'sma', 'smk', 'stm', 'slta', 'd1', 'd2', 'd3', 'd4', 's1', 's2', 's3', 'ak1', 'ma']);
    const slang = new Map([...res.slang].filter(([variant]) => !protectedTokens.has(variant)));
    const common = new Set([...res.stopwords, ...[...slang.values()].flatMap((v) => v.split(' ')), ...jobTokens, ...GREETING]);
    const vocabulary = new Set([...common, ...placeTokens, ...res.corpus.flatMap((e) => fold(e.text).split(' ')).filter((w) => w.length > 1)]);
    const normalizer = createNormalizer(slang, vocabulary);
    const gazetteer = new Gazetteer(res.region, common);
    const self = new Understander(normalizer, gazetteer, res, null as unknown as IntentClassifier);
    const examples = res.corpus.map((e) => ({ intent: e.intent, text: self.prepare(e.text).classifierText }));
    const classifier = await IntentClassifier.create(examples, { cacheDir: options.cacheDir ?? null, salt: PREPARATION_VERSION });
    return new Understander(normalizer, gazetteer, res, classifier);
  }

  /** What a message means. */
  async understand(text: string): Promise<Understanding> {
    const p = this.prepare(text);
    const base = p.understanding;
    const rule = this.ruleIntent(p.tokens, text);
    if (rule) return { ...base, intent: rule, score: 1 };
    if (!p.classifierText) return { ...base, intent: 'greeting', score: 1 };
    const ranked = await this.classifier.classify(p.classifierText);
    const top = ranked[0];
    if (!top || top.score < 0.3) return { ...base, intent: 'out_of_scope', score: top?.score ?? 0 };
    return { ...base, intent: top.intent, score: top.score };
  }

  /** Tokens, entities, and the text the classifier sees (also used to prepare the corpus). */
  prepare(text: string): { tokens: string[]; classifierText: string; understanding: Omit<Understanding, 'intent' | 'score'> & { intent: Intent; score: number } } {
    const tokens = this.normalizer.tokens(text);
    const used: Used = new Set();
    const mentions = this.gazetteer.find(tokens);
    const districtCodes: string[] = [];
    const ambiguousPlaces: Understanding['ambiguousPlaces'] = [];
    const outsidePlaces: string[] = [];
    let regencyNamed = false;
    for (const m of mentions) {
      for (let k = 0; k < m.length; k++) used.add(m.start + k);
      const { place } = m;
      if (place.kind === 'outside') outsidePlaces.push(place.label);
      else if (place.kind === 'regency') regencyNamed = true;
      else if (place.kind === 'ambiguous') ambiguousPlaces.push({ label: place.label, codes: place.codes });
      else for (const c of place.codes) if (!districtCodes.includes(c)) districtCodes.push(c);
    }
    // An ambiguous name next to one of its own kecamatan adds nothing ("cikarang, cikbar").
    const stillAmbiguous = ambiguousPlaces.filter((a) => !a.codes.some((c) => districtCodes.includes(c)));
    const education = findEducation(tokens, text, used);
    const platform = findPlatform(tokens, used);
    const keyword = findKeyword(tokens, used, this.res.jobs, this.res.stopwords);
    const ordinal = findOrdinal(tokens);
    const bareNumber = tokens.length === 1 && /^\d+$/.test(tokens[0]!) && /^\s*\d+\s*[.)]?\s*$/.test(text);

    const classifierTokens: string[] = [];
    const dropped = negatedSpan(tokens);
    let previousPlace = false;
    tokens.forEach((t, i) => {
      if (dropped.has(i)) return;
      const isPlace = mentions.some((m) => i >= m.start && i < m.start + m.length);
      if (isPlace) {
        if (!previousPlace) classifierTokens.push('lokasi');
        previousPlace = true;
        return;
      }
      previousPlace = false;
      classifierTokens.push(/^\d+$/.test(t) ? 'angka' : t);
    });
    // A greeting in front of a question does not decide the intent.
    let start = 0;
    while (start < classifierTokens.length && GREETING.has(classifierTokens[start]!)) start++;
    const rest = classifierTokens.slice(start);
    const classifierText = rest.length ? classifierTokens.join(' ') : '';

    return {
      tokens,
      classifierText,
      understanding: {
        intent: 'out_of_scope',
        score: 0,
        entities: { district: districtCodes.map((c) => this.res.region.nameOf(c)), education, platform, keyword },
        districtCodes,
        ambiguousPlaces: stillAmbiguous,
        outsidePlaces,
        regencyNamed,
        ordinal,
        bareNumber,
      },
    };
  }

  private ruleIntent(tokens: string[], raw: string): Intent | null {
    if (!tokens.length) return /[🙏👍❤🙂😊]/u.test(raw) ? 'thanks' : 'greeting';
    if (tokens.length === 1 && /^\d+$/.test(tokens[0]!)) return 'out_of_scope';
    if (tokens.some((t) => STOP_WORDS.has(t)) && tokens.every((t) => STOP_CONTEXT.has(t))) return 'unsubscribe';
    if (tokens.some((t) => MENU_WORDS.has(t)) && tokens.every((t) => MENU_CONTEXT.has(t))) return 'help_menu';
    return null;
  }
}

// "bukan nyari kerja, mau nanya kantor": the words a negation denies are left
// out of classification when something else is said too.
function negatedSpan(tokens: string[]): Set<number> {
  const out = new Set<number>();
  for (let i = 0; i < tokens.length - 1; i++) {
    if (!NEGATION.has(tokens[i]!) || !['cari', 'nyari', 'mencari', 'mau', 'ingin', 'tanya', 'nanya', 'minta'].includes(tokens[i + 1]!)) continue;
    let j = i + 1;
    while (j < tokens.length && !['tapi', 'tetapi', 'cuma', 'hanya', 'melainkan', 'mau', 'pengen', 'ingin'].includes(tokens[j]!) || j === i + 1) j++;
    if (j < tokens.length) for (let k = i; k < j; k++) out.add(k);
  }
  return out;
}
