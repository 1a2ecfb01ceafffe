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
import type { Intent, IntentSource, UnderstandContext, Understanding } from './types.ts';

export interface NluResources {
  region: Region;
  jobs: JobWords;
  slang: Map<string, string>;
  stopwords: Set<string>;
  corpus: CorpusEntry[];
}

// Bump when the preparation of text changes, so cached models are retrained.
const PREPARATION_VERSION = '2';

const GREETING = new Set(['halo', 'hai', 'hi', 'hello', 'hallo', 'helo', 'p', 'pagi', 'siang', 'sore', 'malam', 'selamat', 'assalamualaikum', 'assalamu', 'alaikum', 'salam', 'permisi', 'punten', 'sampurasun', 'min', 'kak', 'kakak', 'gan', 'bang', 'mas', 'mbak', 'sis', 'bro', 'admin', 'bot', 'om', 'bu', 'pak', 'wr', 'wb', 'warahmatullahi', 'wabarakatuh', 'numpang', 'tanya', 'mau', 'ijin', 'izin', 'maaf', 'ganggu', 'mengganggu', 'waktunya', 'met', 'shalom', 'ya', 'dong', 'nih']);
const STOP_WORDS = new Set(['stop', 'berhenti', 'unsubscribe', 'unsub', 'unreg', 'brenti', 'stopp']);
const STOP_CONTEXT = new Set([...STOP_WORDS, 'langganan', 'notif', 'notifikasi', 'kirim', 'loker', 'info', 'dong', 'min', 'kak', 'ya', 'aja', 'saja', 'pesan', 'alert', 'please', 'pls', 'sekarang', 'dulu', 'semua', 'lowongan', 'berlangganan', 'all']);
const MENU_WORDS = new Set(['menu', 'help', 'bantuan', 'utama', 'start', 'mulai']);
const MENU_CONTEXT = new Set([...MENU_WORDS, 'min', 'kak', 'dong', 'tolong', 'lihat', 'liat', 'buka', 'ke', 'balik', 'kembali', 'ya']);
const THANKS_TAIL = new Set(['terima', 'kasih', 'makasih', 'trims', 'thanks', 'thank', 'you', 'thx', 'tq', 'nuhun', 'hatur', 'sebelumnya', 'banyak', 'wassalam']);
const NEGATION = new Set(['bukan', 'tidak', 'gak', 'enggak', 'nggak', 'ga', 'ngga', 'gk', 'tdk']);

const RECENT_MAX = 5000;
const RECENT_MAX_CHARS = 60;

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
    const placeWords = new Set(placeTokens);
    const common = new Set([...res.stopwords, ...[...slang.values()].flatMap((v) => v.split(' ')), ...jobTokens, ...GREETING].filter((w) => !placeWords.has(w)));
    const vocabulary = new Map<string, number>();
    for (const w of res.corpus.flatMap((e) => fold(e.text).split(' '))) if (w.length > 1) vocabulary.set(w, (vocabulary.get(w) ?? 0) + 1);
    // Words of the lexicons count as common as the corpus's most common ones.
    for (const w of [...common, ...placeTokens, ...slang.values()].flatMap((v) => v.split(' '))) vocabulary.set(w, (vocabulary.get(w) ?? 0) + 50);
    const normalizer = createNormalizer(slang, vocabulary);
    const gazetteer = new Gazetteer(res.region, common);
    const self = new Understander(normalizer, gazetteer, res, null as unknown as IntentClassifier);
    const examples = res.corpus.map((e) => ({ intent: e.intent, text: self.prepare(e.text).classifierText }));
    const classifier = await IntentClassifier.create(examples, { cacheDir: options.cacheDir ?? null, salt: PREPARATION_VERSION });
    return new Understander(normalizer, gazetteer, res, classifier);
  }

  // The last understandings of short texts, by text: most messages are a few words many people send
  // ("halo", "2", "menu", "loker", a kecamatan), and the rules' answer depends on the text alone.
  private readonly recent = new Map<string, Understanding>();

  /** What a message means; `context` is what the dialogue was waiting for (unused for now by the rules). */
  async understand(text: string, _context: UnderstandContext = {}): Promise<Understanding> {
    if (text.length > RECENT_MAX_CHARS) return this.understandNow(text);
    const known = this.recent.get(text);
    if (known) {
      // Most recently used last, so the oldest goes first; each caller gets its own copy.
      this.recent.delete(text);
      this.recent.set(text, known);
      return structuredClone(known);
    }
    const u = await this.understandNow(text);
    this.recent.set(text, structuredClone(u));
    if (this.recent.size > RECENT_MAX) this.recent.delete(this.recent.keys().next().value!);
    return u;
  }

  private async understandNow(text: string): Promise<Understanding> {
    const p = this.prepare(text);
    const base = p.understanding;
    const explicit = { stop: false, erase: false };
    const rule = this.ruleIntent(p.tokens, text);
    if (rule) return withIntent(base, rule, 1, 'rule', [{ intent: rule, score: 1 }], { ...explicit, stop: rule === 'unsubscribe' });
    if (!p.classifierText) return withIntent(base, 'greeting', 1, 'rule', [{ intent: 'greeting', score: 1 }], explicit);
    let ranked = await this.classifier.classify(p.classifierText);
    if (!ranked.length) ranked = await this.classifyClauses(text);
    const alternatives = ranked.slice(0, 3).map((r) => ({ intent: r.intent, score: r.score }));
    const top = ranked[0];
    if (!top || top.score < 0.3) return withIntent(base, 'out_of_scope', top?.score ?? 0, 'classifier', alternatives, explicit);
    return withIntent(base, top.intent, top.score, 'classifier', alternatives, explicit);
  }

  // A long message the classifier cannot place as a whole: the clause it is surest about.
  private async classifyClauses(text: string): Promise<Array<{ intent: Intent; score: number }>> {
    let best: Array<{ intent: Intent; score: number }> = [];
    for (const clause of text.split(/[.,;!?\n]+|\b(?:tapi|terus|trus|dan)\b/i)) {
      const prepared = this.prepare(clause).classifierText;
      if (!prepared) continue;
      const ranked = await this.classifier.classify(prepared);
      if (ranked[0] && (!best[0] || ranked[0].score > best[0].score)) best = ranked;
    }
    return best;
  }

  /** Tokens, entities, and the text the classifier sees (also used to prepare the corpus). */
  prepare(text: string): { tokens: string[]; classifierText: string; understanding: Base } {
    // Places first, on the words as written; then typos fixed in the other words.
    const raw = this.normalizer.tokens(text);
    const rawMentions = this.gazetteer.find(raw);
    const tokens: string[] = [];
    const mentions: typeof rawMentions = [];
    for (let i = 0; i < raw.length; ) {
      const m = rawMentions.find((x) => x.start === i);
      if (m) {
        mentions.push({ ...m, start: tokens.length });
        tokens.push(...raw.slice(i, i + m.length));
        i += m.length;
      } else tokens.push(...this.normalizer.correct(raw[i++]!));
    }
    const used: Used = new Set();
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
    const beforeEducation = new Set(used);
    const education = findEducation(tokens, text, used);
    const educationAt = new Set([...used].filter((i) => !beforeEducation.has(i)));
    const platform = findPlatform(tokens, used);
    const keyword = findKeyword(tokens, used, this.res.jobs, this.res.stopwords);
    const ordinal = findOrdinal(tokens);
    const bareNumber = tokens.length === 1 && /^\d+$/.test(tokens[0]!) && /^\s*\d+\s*[.)]?\s*$/.test(text);

    const classifierTokens: string[] = [];
    const dropped = negatedSpan(tokens);
    // Places and education levels become one placeholder word each: which
    // kecamatan or level is named does not change what is asked.
    let previous = '';
    tokens.forEach((t, i) => {
      if (dropped.has(i)) return;
      const isPlace = mentions.some((m) => i >= m.start && i < m.start + m.length);
      let word = /^\d+$/.test(t) ? 'angka' : t;
      if (isPlace) word = 'lokasi';
      else if (educationAt.has(i)) word = 'xedu';
      if ((word === 'lokasi' || word === 'xedu') && word === previous) return;
      previous = word;
      classifierTokens.push(word);
    });
    // A greeting in front of a question, or thanks after it, does not decide the intent.
    let start = 0;
    while (start < classifierTokens.length && GREETING.has(classifierTokens[start]!)) start++;
    let end = classifierTokens.length;
    while (end > start && THANKS_TAIL.has(classifierTokens[end - 1]!)) end--;
    const classifierText = (end > start ? classifierTokens.slice(start, end) : classifierTokens.slice(start)).join(' ');

    return {
      tokens,
      classifierText,
      understanding: {
        entities: { district: districtCodes.map((c) => this.res.region.nameOf(c)), education, platform, keyword },
        districtCodes,
        ambiguousPlaces: stillAmbiguous,
        outsidePlaces,
        regencyNamed,
        job: keyword,
        words: [...new Set([...tokens, ...fold(text).split(' ').filter(Boolean)])],
        tokens,
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

// Intents whose messages name a job or field; for the others a job word is incidental.
const KEYWORD_INTENTS = new Set<Intent>(['search_vacancies', 'subscribe', 'report_vacancy', 'training']);

type Base = Omit<Understanding, 'intent' | 'score' | 'byRule' | 'source' | 'alternatives' | 'explicit' | 'also'>;

function withIntent(base: Base, intent: Intent, score: number, source: IntentSource, alternatives: Understanding['alternatives'], explicit: Understanding['explicit']): Understanding {
  const keyword = KEYWORD_INTENTS.has(intent) ? base.entities.keyword : null;
  return { ...base, intent, score, byRule: source === 'rule', source, alternatives, explicit, also: null, entities: { ...base.entities, keyword } };
}

