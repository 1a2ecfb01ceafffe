// Checks a model's answer against the passages it was given: every number,
// amount, date, web or e-mail address, street address, named document and
// proper name in the answer must appear in those passages. An answer that
// adds any is not sent (README, "Language model": what the guard catches).

import { fold } from '../domain/text.ts';

const NUMBER_WORDS: Record<string, number> = {
  nol: 0, satu: 1, dua: 2, tiga: 3, empat: 4, lima: 5, enam: 6, tujuh: 7, delapan: 8, sembilan: 9,
  sepuluh: 10, sebelas: 11, seratus: 100, seribu: 1000, sejuta: 1_000_000,
};
const MULTIPLIERS: Record<string, number> = { belas: 10, puluh: 10, ratus: 100, ribu: 1000, juta: 1_000_000, miliar: 1_000_000_000 };

// Money: any of these in an answer must be in the passages too ("ratusan ribu" has no digit).
const MONEY = ['rp', 'rupiah', 'ribu', 'rb', 'juta', 'jt', 'miliar', 'dolar', 'usd', 'idr'];
// Saying there is a fee when the passages say none is a claim of its own.
const FEE = ['biaya', 'bayar', 'berbayar', 'membayar', 'dibayar', 'tarif', 'ongkos', 'pungut', 'dipungut', 'pungutan', 'iuran', 'mahar', 'uang'];
const DATES = [
  'januari', 'februari', 'pebruari', 'maret', 'april', 'mei', 'juni', 'juli', 'agustus', 'september', 'oktober', 'november', 'nopember', 'desember',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'agu', 'agt', 'ags', 'sep', 'sept', 'okt', 'nov', 'des',
  'senin', 'selasa', 'rabu', 'kamis', 'jumat', 'sabtu', 'minggu', 'ahad',
  'besok', 'lusa', 'kemarin', 'pekan', 'depan',
];
// Words that start an address; the word after them must be in the passages as well.
const ADDRESS = ['jl', 'jln', 'jalan', 'gedung', 'gd', 'kp', 'kampung', 'blok', 'rt', 'rw', 'kel', 'kelurahan', 'desa', 'ds', 'kec', 'kecamatan', 'lantai', 'lt', 'ruko', 'komplek', 'kompleks', 'perumahan', 'perum', 'gang', 'gg', 'kav', 'kavling'];
// Documents a requirement can name.
const DOCUMENTS = [
  'ktp', 'e ktp', 'kk', 'kartu keluarga', 'ijazah', 'skck', 'npwp', 'paspor', 'akta', 'akte', 'sertifikat', 'transkrip', 'cv', 'riwayat hidup',
  'surat lamaran', 'surat keterangan', 'surat sehat', 'surat pengalaman', 'surat rekomendasi', 'surat pengantar', 'bpjs', 'materai', 'meterai',
  'pas foto', 'foto', 'map', 'sim', 'kartu kuning', 'ak1', 'kartu pencari kerja', 'rekening', 'buku tabungan', 'kartu vaksin', 'str', 'sio',
];
// Capitalised words an answer may use without a passage holding them.
const ALWAYS_ALLOWED = new Set(['kak', 'kakak', 'pasker', 'ya', 'iya', 'maaf', 'halo', 'ok', 'oke', 'tidak', 'belum', 'bisa', 'silakan', 'ketik', 'info']);

export interface GuardOptions {
  /** Capitalised words always allowed beyond ALWAYS_ALLOWED (the office's and the regency's names). */
  allowedNames?: Iterable<string>;
}

/** The parts of `answer` that `passages` do not hold; empty when the answer adds nothing. */
export function unsupportedClaims(answer: string, passages: string[], options: GuardOptions = {}): string[] {
  const source = passages.join('\n');
  const sourceFolded = ` ${fold(source)} `;
  const sourceWords = new Set(fold(source).split(' '));
  const answerFolded = fold(answer);
  const answerWords = answerFolded.split(' ').filter(Boolean);
  const has = (phrase: string) => sourceFolded.includes(` ${phrase} `);
  const out: string[] = [];
  const flag = (what: string) => {
    if (!out.includes(what)) out.push(what);
  };

  // Web and e-mail addresses: exactly as the passages write them.
  const sourceAddresses = new Set([...addresses(source)]);
  for (const a of addresses(answer)) if (!sourceAddresses.has(a)) flag(a);

  // Numbers, written in digits or words.
  const known = numbers(source, true);
  for (const n of numbers(answer)) if (!known.has(n)) flag(n);

  for (const w of answerWords) {
    if (MONEY.includes(w) && !sourceWords.has(w)) flag(w);
    if (DATES.includes(w) && !sourceWords.has(w)) flag(w);
  }
  // A fee word: some fee word must be in the passages too ("gratis, jangan bayar" allows "bayar").
  const feeInAnswer = answerWords.filter((w) => FEE.some((f) => w === f || w.endsWith(f) || w.startsWith(f)));
  if (feeInAnswer.length && !FEE.some((f) => [...sourceWords].some((w) => w === f || w.endsWith(f) || w.startsWith(f)))) flag(feeInAnswer[0]!);

  answerWords.forEach((w, i) => {
    if (!ADDRESS.includes(w)) return;
    const next = answerWords[i + 1];
    const phrase = next ? `${w} ${next}` : w;
    if (!has(phrase)) flag(phrase);
  });

  const padded = ` ${answerFolded} `;
  for (const doc of DOCUMENTS) if (padded.includes(` ${doc} `) && !has(doc)) flag(doc);

  const allowed = new Set([...ALWAYS_ALLOWED, ...[...(options.allowedNames ?? [])].flatMap((n) => fold(n).split(' '))]);
  for (const name of properNames(answer)) {
    const parts = fold(name).split(' ').filter(Boolean);
    if (parts.some((p) => !sourceWords.has(p) && !allowed.has(p))) flag(name);
  }
  return out;
}

// Web addresses (with or without http, www) and e-mail addresses, lower case, without the
// scheme, "www." and trailing punctuation or slash.
function addresses(text: string): Set<string> {
  const out = new Set<string>();
  const re = /\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?:https?:\/\/)?(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:go\.id|co\.id|or\.id|ac\.id|sch\.id|id|com|org|net|info|me|io|ly|gl|link|site|xyz)\b(?:\/[^\s)]*)?/gi;
  for (const m of text.matchAll(re)) {
    out.add(m[0].toLowerCase().replace(/^https?:\/\//, '').replace(/^www\./, '').replace(/[/.,!?)]+$/, ''));
  }
  return out;
}

// Every number as a canonical string: digits without separators or leading zeros ("2.557" ->
// "2557", "0812-3456" -> "8123456"), and numbers written in words ("dua" -> "2", "lima puluh
// ribu" -> "50000"). For the passages, each group of a separated number counts too ("57/2023"
// allows "57" and "2023"); an answer's "0812-3456-7890" stays one number and must be found whole.
function numbers(text: string, withGroups = false): Set<string> {
  const out = new Set<string>();
  const canonical = (digits: string) => digits.replace(/^0+(?=\d)/, '');
  for (const m of text.matchAll(/\d(?:[.,:/-]?\d)*/g)) out.add(canonical(m[0].replace(/\D/g, '')));
  if (withGroups) for (const m of text.matchAll(/\d+/g)) out.add(canonical(m[0]));
  const words = fold(text).split(' ');
  for (let i = 0; i < words.length; i++) {
    if (!(words[i]! in NUMBER_WORDS)) continue;
    let value = NUMBER_WORDS[words[i]!]!;
    let j = i + 1;
    while (j < words.length && words[j]! in MULTIPLIERS) value *= MULTIPLIERS[words[j++]!]!;
    out.add(String(value));
    i = j - 1;
  }
  return out;
}

// Capitalised words that are not the first of a sentence or line, and words written in capitals
// or mixed case anywhere ("SKCK", "PT", "iPhone"), joined when they follow each other ("PT Maju Jaya").
function properNames(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const tokens = line.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*|[.!?:;]/gu) ?? [];
    let sentenceStart = true;
    let run: string[] = [];
    const end = () => {
      if (run.length) out.push(run.join(' '));
      run = [];
    };
    for (const t of tokens) {
      if (/^[.!?:;]$/.test(t)) {
        end();
        sentenceStart = true;
        continue;
      }
      const capitals = (t.match(/\p{Lu}/gu) ?? []).length;
      const titled = /^\p{Lu}/u.test(t);
      const special = capitals >= 2 || (capitals === 1 && !titled);
      if ((titled && !sentenceStart) || special) run.push(t);
      else end();
      sentenceStart = false;
    }
    end();
  }
  return out;
}

// "kirim NIK Kakak ke sini": asking for a secret in the chat. Telling people to type it only on
// the official site, or not to send it, is no such request.
const ASKS = /\b(kirim|kirimkan|ketik|tulis|tuliskan|sebutkan|berikan|kasih|masukkan|share|foto)\b[^.!?\n]{0,40}\b(nik|ktp|kata sandi|sandi|password|kode|otp|pin)\b/i;
const SAFE = /\b(jangan|situs|website|web|aplikasi|hanya di|bukan ke|tidak perlu)\b/i;

/** The answer asks the person to send a NIK, a KTP photo, a password or a code (reply rule 4). */
export function asksForSecret(answer: string): boolean {
  return answer.split(/(?<=[.!?\n])/).some((sentence) => ASKS.test(sentence) && !SAFE.test(sentence));
}
