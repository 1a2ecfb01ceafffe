// Understanding a message: normalise the chat spelling, find places,
// education, platform and job, then classify the intent. Rules come first
// only where a word must always mean one thing ("stop", "menu", a number).

import type { JobWords } from '../domain/job-words.ts';
import type { Region } from '../domain/region.ts';
import { fold } from '../domain/text.ts';
import { IntentClassifier, type CorpusEntry, type IntentScore } from './classifier.ts';
import { Blend, LinearClassifier, type Ranker } from './linear.ts';
import { answersPending } from './context.ts';
import type { DestructiveLexicon, DestructiveMatch } from './destructive.ts';
import { askedIf } from './hypothetical.ts';

const NO_MATCH: DestructiveMatch = { stop: null, erase: null, negatedStop: false, negatedErase: false };
import { findEducation, findKeyword, findOrdinal, findPlatform, type Used } from './entities.ts';
import { Gazetteer } from './gazetteer.ts';
import { createNormalizer, type Normalizer } from './normalize.ts';
import { preparationKey, readPrepared, writePrepared } from './prepared-cache.ts';
import type { Intent, IntentSource, UnderstandContext, Understanding } from './types.ts';

export interface NluResources {
  region: Region;
  jobs: JobWords;
  slang: Map<string, string>;
  stopwords: Set<string>;
  corpus: CorpusEntry[];
  /** The closed stop and erase words (nlu/lexicon/stop-erase.yaml). */
  destructive: DestructiveLexicon;
}

// Bump when the preparation of text changes, so cached models are retrained.
const PREPARATION_VERSION = '4';

const GREETING = new Set(['halo', 'hai', 'hi', 'hello', 'hallo', 'helo', 'p', 'pagi', 'siang', 'sore', 'malam', 'selamat', 'assalamualaikum', 'assalamu', 'alaikum', 'salam', 'permisi', 'punten', 'sampurasun', 'min', 'kak', 'kakak', 'gan', 'bang', 'mas', 'mbak', 'sis', 'bro', 'admin', 'bot', 'om', 'bu', 'pak', 'wr', 'wb', 'warahmatullahi', 'wabarakatuh', 'numpang', 'tanya', 'mau', 'ijin', 'izin', 'maaf', 'ganggu', 'mengganggu', 'waktunya', 'met', 'shalom', 'ya', 'dong', 'nih']);
const STOP_WORDS = new Set(['stop', 'berhenti', 'unsubscribe', 'unsub', 'unreg', 'brenti', 'stopp']);
const STOP_CONTEXT = new Set([...STOP_WORDS, 'langganan', 'notif', 'notifikasi', 'kirim', 'loker', 'info', 'dong', 'min', 'kak', 'ya', 'aja', 'saja', 'pesan', 'alert', 'please', 'pls', 'sekarang', 'dulu', 'semua', 'lowongan', 'berlangganan', 'all']);
const MENU_WORDS = new Set(['menu', 'help', 'bantuan', 'utama', 'start', 'mulai']);
const MENU_CONTEXT = new Set([...MENU_WORDS, 'min', 'kak', 'dong', 'tolong', 'lihat', 'liat', 'buka', 'ke', 'balik', 'kembali', 'ya']);
const THANKS_TAIL = new Set(['terima', 'kasih', 'makasih', 'trims', 'thanks', 'thank', 'you', 'thx', 'tq', 'nuhun', 'hatur', 'sebelumnya', 'banyak', 'wassalam']);
const NEGATION = new Set(['bukan', 'tidak', 'gak', 'enggak', 'nggak', 'ga', 'ngga', 'gk', 'tdk']);
// The words of thanks that make a polite tail ("makasih sebelumnya ya kak"), and what may come with them.
const THANKS_CORE = new Set(['terima', 'kasih', 'makasih', 'trims', 'thanks', 'thank', 'thx', 'tq', 'nuhun', 'wassalam', 'suwun', 'matur']);
const POLITE = new Set([...GREETING, ...THANKS_TAIL, ...THANKS_CORE, 'sebelum', 'nya', 'atas', 'bantuan', 'bantuannya', 'infonya', 'ditunggu', 'balasan', 'balasannya', 'jawaban', 'jawabannya', 'semoga', 'sehat', 'selalu', 'berkah', 'amin', 'aamiin', 'sukses', 'hormat', 'ok', 'oke', 'sip', 'much', 'so', 'very', 'jazakallah', 'khair', 'wassalamualaikum', 'nggih', 'njih', 'yah', 'yaa', 'deh', 'lho', 'kok', 'sekali']);
// Stop and erase verbs a negation can deny ("ga mau berhenti", "bukan mau hapus").
const DENIED_STOP = new Set(['berhenti', 'stop', 'setop', 'distop', 'stopin', 'berhentiin', 'berhentikan', 'dihentikan', 'hentikan', 'udahan', 'cabut', 'batal', 'batalkan', 'batalin', 'dibatalin', 'dibatalkan', 'matikan', 'matiin', 'dimatiin', 'dimatikan', 'nonaktifkan', 'nonaktifin', 'dinonaktifkan', 'off', 'hapus', 'dihapus', 'hapuskan', 'hapusin', 'dihapusin', 'unsubscribe', 'unsub']);
const STOP_VERB = new Set([...DENIED_STOP].filter((w) => !w.includes('hapus')));
const ALERT_WORDS = new Set(['langganan', 'berlangganan', 'notif', 'notifikasi', 'pemberitahuan', 'broadcast', 'alert', 'kiriman']);
// Words that deny the stop or erase verb right after them ("jangan distop", "tidak usah dihapus").
const DENYING = new Set(['jangan', 'jgn', 'jngn', 'usah', 'perlu']);
// Words that judge ("petugasnya ramah", "botnya lemot"): with them, thanks after a remark is feedback.
const OPINION = new Set(['bagus', 'baik', 'ramah', 'sabar', 'mantap', 'mantul', 'keren', 'membantu', 'ngebantu', 'berguna', 'puas', 'memuaskan', 'cepat', 'cepet', 'lambat', 'lemot', 'lama', 'jelek', 'kecewa', 'mengecewakan', 'ribet', 'susah', 'parah', 'jutek', 'judes', 'payah', 'kurang', 'top', 'hebat', 'salut', 'recommended', 'error']);
// Intents that are no request of their own: they never win over one, nor leave a question waiting.
const WEAK = new Set<Intent>(['greeting', 'thanks', 'help_menu', 'out_of_scope']);
// What an explicit stop or erase word overrides when the classifier reads it so.
const PROMOTABLE = new Set<Intent>(['subscribe', 'out_of_scope', 'greeting', 'thanks', 'help_menu', 'feedback']);
const DESTRUCTIVE = new Set<Intent>(['unsubscribe', 'delete_my_data']);
// Words around an answer that add no request ("yang di setu aja", "lulusan smk", "deket pasar").
const ANSWER_FILLER = new Set(['yang', 'di', 'ke', 'dari', 'aja', 'saja', 'dong', 'deh', 'sih', 'nya', 'dulu', 'lulusan', 'tamatan', 'lulus', 'daerah', 'kecamatan', 'kec', 'desa', 'wilayah', 'area', 'sekitar', 'dekat', 'deket', 'sama', 'dan', 'atau', 'sm', 'itu', 'ini', 'saya', 'aku', 'sy', 'tinggal', 'rumah', 'juga', 'sebelah', 'pokoknya', 'mana', 'semua', 'bebas', 'terserah']);
// Requests an answer to a pending question fits in (a place or level for a search or alerts).
const ANSWER_FITS = new Set<Intent>(['search_vacancies', 'subscribe']);
// Words of an employer's side: its own place or people, or what it does with a vacancy.
const EMPLOYER_WORDS = new Set(['kami', 'owner', 'pemilik', 'perusahaan', 'pt', 'cv', 'company', 'hrd', 'hr', 'recruiter', 'rekrut', 'rekrutmen', 'merekrut', 'pasang', 'masang', 'memasang', 'dipasang', 'post', 'posting', 'diposting', 'iklan', 'iklanin', 'buka', 'membuka', 'dibuka', 'titip', 'nitip', 'lapor', 'laporan', 'melapor', 'dilaporkan', 'report', 'karyawan', 'pegawai', 'tenaga', 'kandidat', 'pelamar', 'pencaker', 'pencari', 'tayang', 'ditayangkan', 'tutup', 'ditutup', 'terisi', 'penuh', 'perpanjang', 'diperpanjang', 'mitra', 'penyedia', 'pemberi', 'employer', 'usaha', 'mandor', 'tukang', 'share', 'sebar', 'upload', 'format', 'wllp', 'announce', 'vacancy', 'hiring', 'konter', 'toko', 'warung', 'bengkel', 'restoran', 'resto', 'klinik', 'yayasan', 'outsourcing', 'salah', 'ubah', 'ganti', 'edit', 'hapus']);
const SELF_WORDS = new Set(['saya', 'aku', 'gue', 'gw', 'sy', 'kami', 'aye', 'ane', 'abdi']);
// Words that make a clause ask for something (a question, or a request), after normalising.
const REQUEST_MARKERS = new Set(['apa', 'apakah', 'gimana', 'bagaimana', 'dimana', 'kapan', 'berapa', 'bisa', 'cara', 'caranya', 'kenapa', 'mengapa', 'siapa', 'mau', 'minta', 'tolong', 'pengen', 'ingin', 'cari', 'cariin', 'carikan', 'kabarin', 'kabari', 'daftar', 'daftarin', 'hapus', 'stop', 'berhenti', 'lihat', 'liat', 'infoin', 'kirim', 'kirimin', 'kirimkan', 'sambungkan', 'hubungkan', 'bantu', 'tanya', 'nanya', 'bertanya', 'langganan', 'mohon', 'butuh', 'nyari', 'mencari']);
// Question words, for the polite-tail check.
const QUESTION_WORDS = new Set(['apa', 'apakah', 'gimana', 'bagaimana', 'dimana', 'kapan', 'berapa', 'bisa', 'cara', 'caranya', 'kenapa', 'mengapa', 'siapa']);
// Words of a request for something that exists ("ada loker gudang ga"), for the polite-tail check.
const ASKING_ABOUT = new Set(['ada', 'loker', 'lowongan', 'lowker', 'kerjaan', 'pelatihan', 'info', 'informasi', 'alamat', 'jadwal', 'syarat', 'daftar']);
// Where a message splits into clauses: punctuation, and words that start another request.
const SEGMENT = /[^.,;!?\n]+[.,;!?\n]*/g;
// "ada loker di tambun ga sama cara bikin kartu kuning": "sama" or "dan" before a question word starts one too.
const CLAUSE_WORD = /\b(?:terus|trus|trs|lalu|abis itu|habis itu|sekalian|satu lagi|oh iya|oiya|btw|tapi|tp|cuma|cuman|(?:sama|sm|ama|dan|sekalian) (?=(?:cara|caranya|gimana|gmn|bagaimana|alamat|alamatnya|jadwal|jadwalnya|syarat|syaratnya|jam)\b))\b/i;

interface Reading {
  intent: Intent;
  score: number;
  clause: string;
  ranked: IntentScore[];
  /** A request of its own (not a greeting, thanks or a guess). */
  request: boolean;
  /** The clause asks or asks for something (a question, a request word, "ada loker"). */
  asks: boolean;
  /** The clause is a question ("?", a question word, "ada loker ..."), not only a wish ("sy mau cariin kerja"). */
  asksQuestion: boolean;
}

// Readings kept for messages sent again (see `understand`): how many, and up to what length of message.
const RECENT_READINGS = 2000;
const RECENT_TEXT = 200;

// An understanding that is shared: it, and every object and list in it that it made, cannot be changed.
// The lists of codes of an ambiguous place are the region's own and are left as they are.
function frozen(u: Understanding): Understanding {
  for (const a of u.alternatives) Object.freeze(a);
  for (const p of u.ambiguousPlaces) Object.freeze(p);
  for (const part of [u.alternatives, u.explicit, u.also, u.entities, u.entities.district, u.districtCodes, u.ambiguousPlaces, u.outsidePlaces, u.words, u.tokens]) if (part) Object.freeze(part);
  return Object.freeze(u);
}

/** Turns messages into intents and entities for one region. */
export class Understander {
  private readonly recent = new Map<string, Understanding>();
  private constructor(
    private readonly normalizer: Normalizer,
    private readonly gazetteer: Gazetteer,
    private readonly res: NluResources,
    private readonly classifier: Ranker,
    /** Words of everyday talk: in the examples of five or more intents, and no job word ("kirim", "sekarang"). */
    private readonly everyday: Set<string>,
    /** The same classifier trained without stop and erasure: asked when the lexicon refuses those. */
    private readonly rest: Ranker | null = null,
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
    const intentsOf = new Map<string, Set<string>>();
    for (const e of res.corpus) for (const w of fold(e.text).split(' ')) intentsOf.set(w, (intentsOf.get(w) ?? new Set()).add(e.intent));
    const jobWords = new Set(jobTokens);
    const everyday = new Set([...intentsOf].filter(([w, set]) => set.size >= 5 && !jobWords.has(w)).map(([w]) => w));
    const self = new Understander(normalizer, gazetteer, res, null as unknown as Ranker, everyday);
    const cacheDir = options.cacheDir ?? null;
    const key = cacheDir ? preparationKey(res, PREPARATION_VERSION) : null;
    let examples = cacheDir && key ? readPrepared(cacheDir, key) : null;
    if (!examples) {
      examples = res.corpus.map((e) => ({ intent: e.intent, text: self.prepare(e.text).classifierText }));
      if (cacheDir && key) writePrepared(cacheDir, key, examples);
    }
    const classifier = await IntentClassifier.create(examples, { cacheDir, salt: PREPARATION_VERSION });
    const restExamples = examples.filter((e) => !DESTRUCTIVE.has(e.intent));
    const rest = await IntentClassifier.create(restExamples, { cacheDir, salt: PREPARATION_VERSION, name: 'nlu-rest-model' });
    const linear = LinearClassifier.create(examples, { cacheDir, salt: PREPARATION_VERSION, name: 'nlu-linear' });
    const linearRest = LinearClassifier.create(restExamples, { cacheDir, salt: PREPARATION_VERSION, name: 'nlu-linear-rest' });
    return new Understander(normalizer, gazetteer, res, new Blend(classifier, linear), everyday, new Blend(rest, linearRest));
  }

  /**
   * What a message means. `context` is what the dialogue was waiting for: a
   * message that answers it ("sma" while the education is asked) is read as
   * that answer (`source: 'context'`, `answers`) unless it is clearly another
   * request.
   */
  async understand(text: string, context: UnderstandContext = {}): Promise<Understanding> {
    // The same few messages ("menu", "2", "halo") come again and again in the same context: their reading is kept,
    // frozen, since every reader shares it. Long messages are seldom sent twice and are not kept.
    if (text.length > RECENT_TEXT) return this.readAfresh(text, context);
    const key = `${context.pending ?? ''}\u0000${context.topic ?? ''}\u0000${context.options?.join('\u0001') ?? '\u0002'}\u0000${text}`;
    const known = this.recent.get(key);
    if (known) {
      // Used again: the last to be forgotten.
      this.recent.delete(key);
      this.recent.set(key, known);
      return known;
    }
    const u = frozen(await this.readAfresh(text, context));
    if (this.recent.size >= RECENT_READINGS) this.recent.delete(this.recent.keys().next().value!);
    this.recent.set(key, u);
    return u;
  }

  /** The reading of a message, made now (not one kept): what `understand` costs for a message not sent before. */
  async readAfresh(text: string, context: UnderstandContext = {}): Promise<Understanding> {
    // The message's clauses, each with its standard words; read once, they also make the whole message's words.
    const clauses = this.clauses(text);
    const p = this.prepare(text, false, clauses.raw);
    const base = p.understanding;
    const cheap = clauses.list.length > 1 ? clauses.list : [];
    // "stop langganan dan hapus semua data saya": two destructive requests, each matched on its own.
    const lex = this.res.destructive.mayMatch(p.raw) ? this.res.destructive.match((cheap.length ? cheap.map((c) => c.tokens) : [p.raw]).flatMap(splitAtAnd)) : NO_MATCH;
    // "kalo berhenti langganan data saya ikut kehapus ga?": a question about what stopping would do is no stop.
    const hypothetical = askedIf(text);
    const explicit = { stop: lex.stop === 'strong' && !hypothetical, erase: lex.erase === 'strong' && !hypothetical };
    const answers = context.pending && answersPending(base, context) ? context.pending : null;
    const rule = this.ruleIntent(p.tokens, text);
    if (rule) return withIntent(base, rule, 1, 'rule', [{ intent: rule, score: 1 }], { ...explicit, stop: explicit.stop || rule === 'unsubscribe' }, null, answers);
    if (!p.classifierText) return withIntent(base, 'greeting', 1, 'rule', [{ intent: 'greeting', score: 1 }], explicit, null, answers);

    let ranked = await this.classifier.classify(p.classifierText);
    // Clauses are classified one by one only when it can matter (it costs a classification each).
    const polite = (t: string[]) => t.length > 0 && t.every((w) => POLITE.has(w));
    const asking = cheap.filter((c) => !polite(c.tokens) && clauseAsks(c.clause, c.tokens)).length;
    const needed = cheap.length > 1 && (!ranked.length || asking > 1 || (asking > 0 && WEAK.has(ranked[0]!.intent)) || (asking > 0 && ranked[0]!.score < 0.6));
    const readings = needed ? await this.readClauses(cheap) : [];
    // The whole message unread: its first request, else its best clause, a request before a polite one
    // ("oke makasih bu, ntar sy ke kantor bawa surat phk").
    if (!ranked.length && readings.length) {
      const best = (list: Reading[]) => [...list].sort((x, y) => y.score - x.score)[0];
      const pick = readings.find((r) => r.request) ?? best(readings.filter((r) => !WEAK.has(r.intent) && r.score >= 0.5)) ?? best(readings);
      ranked = pick ? pick.ranked : [];
    }
    let source: IntentSource = 'classifier';
    ranked = await this.guard(ranked, lex, p.classifierText);
    // A vacancy report guessed without a word of an employer's ("cari lowongan", "boleh minta dikirimin info
    // lowongan buat anak sy?") is a job seeker's: the next reading.
    if (ranked[0]?.intent === 'report_vacancy' && ranked[1] && !p.tokens.some((t) => EMPLOYER_WORDS.has(t.replace(/(nya|kan|in)$/, '')) || EMPLOYER_WORDS.has(t))) {
      // The other readings share what the report had ("nyari loker buat suami sy" is then surely a search).
      const rest = ranked.slice(1);
      const total = rest.reduce((sum, r) => sum + r.score, 0) || 1;
      ranked = [...rest.map((r) => ({ intent: r.intent, score: r.score / total })), { intent: 'report_vacancy', score: 0 }];
    }
    // An explicit stop or erase read by the classifier as small talk or its opposite ("udahan langganan nya").
    for (const [strength, intent] of [[lex.stop, 'unsubscribe'], [lex.erase, 'delete_my_data']] as const) {
      const top = ranked[0];
      if (strength !== 'strong' || top?.intent === intent) continue;
      if (!top || top.score < 0.5 || PROMOTABLE.has(top.intent)) {
        ranked = [{ intent, score: 1 }, ...ranked.filter((r) => r.intent !== intent)];
        source = 'rule';
      }
    }
    // A polite tail or greeting does not win over a request in another clause ("..., makasih sebelumnya"),
    // and thanks after a remark that asks nothing is thanks ("yg punya sy biarin aja. makasih ya kak").
    const requests = readings.filter((r) => r.request);
    const thanked = cheap.some((c) => polite(c.tokens) && c.tokens.some((w) => THANKS_CORE.has(w)));
    const remarks = cheap.filter((c) => !polite(c.tokens));
    const asksAnything = remarks.some((c) => clauseAsks(c.clause, c.tokens) || c.tokens.some((t) => ASKING_ABOUT.has(t)));
    // Praise or a complaint with the thanks is feedback ("petugas disnaker baik, makasih ya").
    const opinion = ranked[0]?.intent === 'feedback' && ranked[0].score >= 0.7 && remarks.some((c) => c.tokens.some((t) => OPINION.has(t.replace(/nya$/, ''))));
    if (thanked && remarks.length && !asksAnything && !opinion && !lex.stop && !lex.erase && ranked[0]?.intent !== 'thanks' && source === 'classifier') {
      ranked = [{ intent: 'thanks', score: 0.8 }, ...ranked.filter((r) => r.intent !== 'thanks')];
    }
    if (ranked[0] && (ranked[0].intent === 'greeting' || ranked[0].intent === 'thanks') && requests[0]) ranked = [{ intent: requests[0].intent, score: requests[0].score }, ...ranked.filter((r) => r.intent !== requests[0]!.intent)];
    // A muddle of two requests read as a third thing: the first request ("ada loker di cibitung? sama kantor dimana").
    if (requests.length > 1 && ranked[0] && ranked[0].score < 0.6 && source !== 'rule' && !requests.some((r) => r.intent === ranked[0]!.intent) && requests[0]!.score >= 0.7) {
      const first = requests[0]!;
      ranked = [{ intent: first.intent, score: first.score }, ...ranked.filter((r) => r.intent !== first.intent)];
    }
    // Two requests ("cari loker di setu, terus cara bikin ak1"): the first is the intent, the other offered (`also`).
    let also: Understanding['also'] = null;
    const chosen = ranked[0]?.intent;
    if (chosen && !WEAK.has(chosen) && source !== 'rule') {
      const first = requests[0];
      const later = requests.slice(1).find((r) => r.intent === chosen);
      // Only when the whole message is read less surely ("sy mau cariin kerja buat anak sy, ... ada lowongan admin ga?" is a search).
      // A first clause that is a question of its own ("ada loker admin di cikarang? terus ...") is the intent anyway.
      const firstAsks = first?.asksQuestion ?? false;
      if (first && first.intent !== chosen && later && first.score >= 0.9 && ((ranked[0]?.score ?? 0) < 0.9 || firstAsks) && !DESTRUCTIVE.has(first.intent)) {
        ranked = [{ intent: first.intent, score: first.score }, ...ranked.filter((r) => r.intent !== first.intent)];
        if (!DESTRUCTIVE.has(later.intent)) also = { intent: later.intent, clause: later.clause };
      } else {
        const other = requests.find((r) => r.intent !== chosen);
        if (other && requests.some((r) => r.intent === chosen) && !DESTRUCTIVE.has(other.intent)) also = { intent: other.intent, clause: other.clause };
      }
    }
    const alternatives = ranked.slice(0, 3).map((r) => ({ intent: r.intent, score: r.score }));
    const top = ranked[0];
    let intent: Intent = !top || top.score < 0.3 ? 'out_of_scope' : top.intent;
    let score = top?.score ?? 0;
    // An answer to the question waiting is read as that answer, unless it is clearly another request.
    // Thanks is never taken for an answer ("siap makasih min" at a step is thanks, which the dialogue answers).
    if (answers && source === 'classifier' && !explicit.stop && !explicit.erase && !(intent === 'thanks' && score >= 0.5)) {
      // Little besides the answer itself ("sma", "cikarang utara deket pasar", "operator produksi").
      // The job asked for is the answer itself too ("operator produksi kirim ke sini ya").
      const answerWords = new Set(answers === 'keyword' ? (base.entities.keyword ?? '').split(' ') : []);
      const rest = p.classifierText.split(' ').filter((w) => !['lokasi', 'xedu', 'angka'].includes(w) && !POLITE.has(w) && !ANSWER_FILLER.has(w) && !answerWords.has(w));
      const answerOnly = rest.length <= 2;
      const fits = ANSWER_FITS.has(intent) && score >= 0.5 && !answerOnly && answers !== 'erase_confirm';
      // A person asked for is never an answer ("mau ngomong sm orang aja" at a guide's step).
      const wantsPerson = intent === 'human_handoff' && score >= 0.8;
      const clearlyOther = !WEAK.has(intent) && !DESTRUCTIVE.has(intent) && score >= 0.8 && (!answerOnly || wantsPerson) && answers !== 'erase_confirm';
      if (!fits && !clearlyOther) {
        intent = 'out_of_scope';
        score = 1;
        source = 'context';
      }
    }
    return withIntent(base, intent, score, source, alternatives, explicit, also, answers);
  }

  // Clauses with their standard tokens. Cut at punctuation, each part's tokens together are the
  // message's tokens (except around web or e-mail addresses and "ak.1", which are read whole).
  private clauses(text: string): { list: Array<{ clause: string; tokens: string[] }>; raw: string[] | null } {
    const segments = text.match(SEGMENT) ?? [];
    const whole = segments.length > 0 && !/https?:|@|\bak\s*\./i.test(text);
    const segTokens = whole ? segments.map((seg) => this.normalizer.tokens(seg)) : null;
    const list: Array<{ clause: string; tokens: string[] }> = [];
    segments.forEach((seg, i) => {
      const parts = seg.split(CLAUSE_WORD).filter((c): c is string => Boolean(c && c.replace(/[.,;!?\n]/g, '').trim()));
      if (parts.length === 1 && segTokens) list.push({ clause: parts[0]!, tokens: segTokens[i]! });
      else for (const c of parts) list.push({ clause: c, tokens: this.normalizer.tokens(c) });
    });
    return { list, raw: segTokens ? segTokens.flat() : null };
  }

  // Each clause's own reading: polite ones (greetings, thanks) and denied ones ("bukan nyari kerja") are not requests.
  private async readClauses(pieces: Array<{ clause: string; tokens: string[] }>): Promise<Reading[]> {
    const out: Reading[] = [];
    for (const { clause, tokens } of pieces) {
      const q = this.prepare(clause, true, tokens);
      if (!q.classifierText || q.tokens.every((t) => POLITE.has(t))) continue;
      if (deniedClause(q.tokens)) continue;
      const lex = this.res.destructive.mayMatch(tokens) ? this.res.destructive.match([tokens]) : NO_MATCH;
      const ranked = await this.guard(await this.classifier.classify(q.classifierText), lex, q.classifierText);
      const top = ranked[0];
      if (!top) continue;
      // A clause that only tells something ("sy gak punya email", "saya udah kerja") is context, not a request.
      const asks = clauseAsks(clause, q.tokens);
      const asksQuestion = clause.includes('?') || q.tokens.some((t) => QUESTION_WORDS.has(t)) || q.tokens.some((t, i) => t === 'ada' && q.tokens.slice(i + 1, i + 4).some((w) => ASKING_ABOUT.has(w)));
      out.push({ intent: top.intent, score: top.score, clause: clause.replace(/[.,;!?\n]+$/, '').trim(), ranked, request: asks && !WEAK.has(top.intent) && top.score >= 0.55, asks: asks || q.tokens.some((t) => ASKING_ABOUT.has(t)), asksQuestion });
    }
    return out;
  }

  // The ranking without the stops and erasures the lexicon does not allow. When the classifier chose one of
  // those, the classifier trained without them chooses among the rest ("loker yg dikirimin ke sy jauh2
  // semua" is a complaint, "tolong stop tayangin loker dari pt kami" an employer's vacancy).
  private async guard(ranked: IntentScore[], lex: DestructiveMatch, text: string): Promise<IntentScore[]> {
    const kept = allowed(ranked, lex);
    if (kept[0] === ranked[0] || !this.rest) return kept;
    const again = await this.rest.classify(text);
    // A stop or erasure the lexicon allows keeps its own score ("hapus data" read first as a stop).
    return again.length ? [...again, ...kept.filter((r) => DESTRUCTIVE.has(r.intent))].sort((a, b) => b.score - a.score) : kept;
  }

  /** Tokens, entities, and the text the classifier sees (also used to prepare the corpus). */
  prepare(text: string, light = false, rawTokens: string[] | null = null): { tokens: string[]; raw: string[]; classifierText: string; understanding: Base } {
    // Places first, on the words as written; then typos fixed in the other words.
    const raw = rawTokens ?? this.normalizer.tokens(text);
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
    // `light`: only what classification needs (a clause read on its own).
    const platform = light ? null : findPlatform(tokens, used);
    const keyword = light ? null : findKeyword(tokens, used, this.res.jobs, this.res.stopwords, this.everyday);
    const ordinal = light ? null : findOrdinal(tokens);
    const bareNumber = tokens.length === 1 && /^\d+$/.test(tokens[0]!) && /^\s*\d+\s*[.)]?\s*$/.test(text);

    const classifierTokens: string[] = [];
    const dropped = negatedSpan(tokens);
    // Places and education levels become one placeholder word each: which
    // kecamatan or level is named does not change what is asked.
    let previous = '';
    // A denied stop keeps the alerts going: "jangan distop, cuma ganti daerahnya" is about the alerts.
    const keepsAlerts = tokens.some((t, i) => dropped.has(i) && STOP_VERB.has(t)) && !tokens.some((t) => ALERT_WORDS.has(t.replace(/nya$/, '')));
    tokens.forEach((t, i) => {
      if (dropped.has(i)) {
        if (keepsAlerts && STOP_VERB.has(t)) classifierTokens.push('langganan');
        return;
      }
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
    // "makasih infonya kak, kalau yang di setu ada?": thanks in front of a question too.
    let lead = start;
    while (lead < classifierTokens.length && POLITE.has(classifierTokens[lead]!)) lead++;
    // Only in front of a request: "hatur nuhun, mugi2 anak saya cepet dapat kerja" stays thanks.
    // (a question, not a request verb: "oke makasih min, berhenti dulu nyarinya" is thanks).
    const asks = text.includes('?') || tokens.some((t) => QUESTION_WORDS.has(t)) || tokens.some((t, i) => t === 'ada' && tokens.slice(i + 1, i + 4).some((w) => ASKING_ABOUT.has(w)));
    if (asks && lead < classifierTokens.length && classifierTokens.slice(start, lead).some((t) => THANKS_CORE.has(t))) start = lead;
    let end = classifierTokens.length;
    // "makasih sebelumnya" is read as "makasih sebelum nya".
    if (end - 3 >= start && classifierTokens[end - 1] === 'nya' && classifierTokens[end - 2] === 'sebelum' && THANKS_TAIL.has(classifierTokens[end - 3]!)) end -= 2;
    while (end > start && THANKS_TAIL.has(classifierTokens[end - 1]!)) end--;
    // "... ga kak? makasih sebelumnya ya": a tail of polite words holding a thanks.
    let tail = end;
    while (tail > start && POLITE.has(classifierTokens[tail - 1]!)) tail--;
    if (asks && tail > start && classifierTokens.slice(tail, end).some((t) => THANKS_CORE.has(t))) end = tail;
    const classifierText = (end > start ? classifierTokens.slice(start, end) : classifierTokens.slice(start)).join(' ');

    return {
      tokens,
      raw,
      classifierText,
      understanding: {
        entities: { district: districtCodes.map((c) => this.res.region.nameOf(c)), education, platform, keyword },
        districtCodes,
        ambiguousPlaces: stillAmbiguous,
        outsidePlaces,
        regencyNamed,
        job: keyword,
        words: light ? tokens : [...new Set([...tokens, ...fold(text).split(' ').filter(Boolean)])],
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
    // "jangan distop notifnya, cuma ganti daerah", "gausah dimatiin": the denied stop goes, what it is about stays.
    if (DENYING.has(tokens[i]!) && (i > 0 || !['usah', 'perlu'].includes(tokens[i]!))) {
      const verb = tokens[i + 1] === 'di' || tokens[i + 1] === 'mau' ? i + 2 : i + 1;
      if (DENIED_STOP.has(tokens[verb] ?? '') && tokens.length > verb + 1) {
        const from = ['usah', 'perlu'].includes(tokens[i]!) && tokens[i - 1] === 'tidak' ? i - 1 : i;
        for (let k = from; k <= verb; k++) out.add(k);
        continue;
      }
    }
    if (!NEGATION.has(tokens[i]!) || !['cari', 'nyari', 'mencari', 'mau', 'ingin', 'tanya', 'nanya', 'minta'].includes(tokens[i + 1]!)) continue;
    // "ga mau berhenti langganan": only the denied stop goes; what it is about stays.
    const verb = ['mau', 'ingin'].includes(tokens[i + 1]!) ? i + 2 : i + 1;
    if (DENIED_STOP.has(tokens[verb] ?? '')) {
      for (let k = i; k <= verb; k++) out.add(k);
      continue;
    }
    let j = i + 1;
    while (j < tokens.length && !['tapi', 'tetapi', 'cuma', 'hanya', 'melainkan', 'mau', 'pengen', 'ingin'].includes(tokens[j]!) || j === i + 1) j++;
    if (j < tokens.length) for (let k = i; k < j; k++) out.add(k);
  }
  return out;
}

// Intents whose messages name a job or field; for the others a job word is incidental.
const KEYWORD_INTENTS = new Set<Intent>(['search_vacancies', 'subscribe', 'report_vacancy', 'training']);

type Base = Omit<Understanding, 'intent' | 'score' | 'byRule' | 'source' | 'alternatives' | 'explicit' | 'also' | 'answers'>;

function withIntent(base: Base, intent: Intent, score: number, source: IntentSource, alternatives: Understanding['alternatives'], explicit: Understanding['explicit'], also: Understanding['also'], answers: Understanding['answers']): Understanding {
  // A job word counts for the intents that name one, and when the question waiting asks for it.
  const keyword = KEYWORD_INTENTS.has(intent) || answers === 'keyword' ? base.entities.keyword : null;
  const e = base.entities;
  return {
    intent, score, byRule: source === 'rule', source, alternatives, explicit, also, answers: answers ?? null,
    entities: { district: e.district, education: e.education, platform: e.platform, keyword },
    districtCodes: base.districtCodes, ambiguousPlaces: base.ambiguousPlaces, outsidePlaces: base.outsidePlaces, regencyNamed: base.regencyNamed,
    words: base.words, tokens: base.tokens, job: base.job, ordinal: base.ordinal, bareNumber: base.bareNumber,
  };
}

// Token lists cut at "dan", "serta", "sama".
function splitAtAnd(tokens: string[]): string[][] {
  const out: string[][] = [[]];
  for (const t of tokens) {
    if (t === 'dan' || t === 'serta' || t === 'sama') out.push([]);
    else out.at(-1)!.push(t);
  }
  return out.filter((x) => x.length);
}

/** The message cut at punctuation and at words that start another request ("terus", "btw"). */
export function splitClauses(text: string): string[] {
  // Each clause keeps its own punctuation ("ada loker di cibitung?" still asks).
  const segments = text.match(SEGMENT) ?? [];
  return segments.flatMap((seg) => seg.split(CLAUSE_WORD)).filter((c): c is string => Boolean(c && c.replace(/[.,;!?\n]/g, '').trim()));
}

// A clause that asks: a question mark, a request word, or "ada" with what is asked for ("ada loker satpam di setu").
function clauseAsks(clause: string, tokens: string[]): boolean {
  if (clause.includes('?') || tokens.some((t, i) => REQUEST_MARKERS.has(t) && !NEGATION.has(tokens[i - 1] ?? ''))) return true;
  const ada = tokens.indexOf('ada');
  return ada >= 0 && tokens[ada - 1] !== 'tidak' && tokens.slice(ada + 1, ada + 4).some((t) => ASKING_ABOUT.has(t));
}

// The classifier's ranking with stop and erase kept only where the closed lexicon has their words.
// The classifier's ranking with stop and erase kept only where the closed lexicon has their words.
function allowed(ranked: IntentScore[], lex: DestructiveMatch): IntentScore[] {
  return ranked.filter((r) => (r.intent === 'unsubscribe' ? lex.stop !== null : r.intent === 'delete_my_data' ? lex.erase !== null : true));
}

// "bukan nyari kerja", "ga mau berhenti langganan": a clause that says what is not wanted.
function deniedClause(tokens: string[]): boolean {
  const i = tokens.findIndex((t) => (!POLITE.has(t) && !SELF_WORDS.has(t)) || t === 'mau');
  const first = tokens[i];
  if (first === 'bukan') return true;
  return first === 'tidak' && ['mau', 'ingin', 'pengen'].includes(tokens[i + 1] ?? '') && ['cari', 'nyari', 'mencari', 'tanya', 'nanya', 'berhenti', 'stop', 'langganan', 'daftar', 'hapus'].includes(tokens[i + 2] ?? '');
}

