// Education level, job platform, job keyword and "which one" from the
// standard tokens of a message. Places are the gazetteer's job.

import type { Education } from '../domain/education.ts';
import { editDistance } from '../domain/text.ts';
import { educationRank } from '../domain/education.ts';
import type { JobWords } from '../domain/job-words.ts';
import type { Platform } from './types.ts';

/** Token positions that an entity already explains (not part of a job keyword). */
export type Used = Set<number>;

// Written forms of levels, as token sequences after normalisation.
const EDUCATION_FORMS: Array<[string[], Education]> = [
  [['sekolah', 'dasar'], 'SD'], [['paket', 'a'], 'SD'], [['sd'], 'SD'],
  [['paket', 'b'], 'SMP'], [['smp'], 'SMP'], [['mts'], 'SMP'], [['sltp'], 'SMP'],
  [['paket', 'c'], 'SMA'], [['sma'], 'SMA'], [['smk'], 'SMA'], [['stm'], 'SMA'], [['smu'], 'SMA'], [['slta'], 'SMA'], [['smea'], 'SMA'],
  [['diploma', '1'], 'D1'], [['diploma', 'satu'], 'D1'], [['d1'], 'D1'], [['d', '1'], 'D1'],
  [['diploma', '2'], 'D2'], [['diploma', 'dua'], 'D2'], [['d2'], 'D2'], [['d', '2'], 'D2'],
  [['diploma', '3'], 'D3'], [['diploma', 'tiga'], 'D3'], [['d3'], 'D3'], [['d', '3'], 'D3'],
  [['diploma', '4'], 'D4'], [['diploma', 'empat'], 'D4'], [['d4'], 'D4'], [['d', '4'], 'D4'], [['sarjana', 'terapan'], 'D4'],
  [['strata', '1'], 'S1'], [['strata', 'satu'], 'S1'], [['sarjana'], 'S1'], [['s1'], 'S1'], [['s', '1'], 'S1'], [['bachelor'], 'S1'],
  [['strata', '2'], 'S2'], [['strata', 'dua'], 'S2'], [['magister'], 'S2'], [['s2'], 'S2'], [['s', '2'], 'S2'], [['master'], 'S2'],
  [['strata', '3'], 'S3'], [['doktor'], 'S3'], [['s3'], 'S3'], [['s', '3'], 'S3'],
  [['madrasah', 'ibtidaiyah'], 'SD'], [['ibtidaiyah'], 'SD'], [['madrasah', 'tsanawiyah'], 'SMP'], [['tsanawiyah'], 'SMP'], [['sekolah', 'menengah', 'pertama'], 'SMP'],
  [['madrasah', 'aliyah'], 'SMA'], [['aliyah'], 'SMA'], [['sekolah', 'menengah', 'atas'], 'SMA'], [['sekolah', 'menengah', 'kejuruan'], 'SMA'],
];

// A level not (yet) finished: "s1 blm selesai", "kuliah d3 ga lulus", "mau lanjut s1", "lagi ambil paket c". It is not the
// person's level when another one is named ("sma, s1 blm selesai" is SMA); alone, the level below it is.
const UNFINISHED_BEFORE = /\b(mau|ingin|pengen|pingin|rencana|berencana|lanjut|melanjutkan|lagi|sedang|masih|semester|smt|putus|keluar|berhenti|dropout|drop out)( (kuliah|sekolah|ambil|ngambil|lanjut))?( di)?$/;
const UNFINISHED_AFTER = /^((nya|tapi|tp|cuma|cuman|hanya|aja|saja) )*((belum|blm|tidak|tdk|ga|gak|gk|nggak|ngga|enggak|engga) (lulus|selesai|tamat|kelar|beres|wisuda|sampai selesai)|putus|ga selesai|gak selesai|drop ?out|do|keluar|berhenti|semester|smt|lagi|sedang|masih)\b/;
const LEVEL_BELOW: Record<Education, Education> = { SD: 'SD', SMP: 'SD', SMA: 'SMP', D1: 'SMA', D2: 'SMA', D3: 'SMA', D4: 'SMA', S1: 'SMA', S2: 'S1', S3: 'S2' };

const SCHOOL_CONTEXT = new Set(['lulusan', 'tamatan', 'lulus', 'ijazah', 'pendidikan', 'sekolah', 'jurusan', 'alumni', 'tamat']);
const DAY_OR_NUMBER = /^(\d+|senin|selasa|rabu|kamis|jumat|sabtu|minggu|jam|pukul)$/;

/** The highest education level named, marking the tokens it used. */
export function findEducation(tokens: string[], raw: string, used: Used): Education | null {
  let best: Education | null = null;
  let bestUnfinished: Education | null = null;
  const higher = (a: Education, b: Education | null) => !b || educationRank(a) > educationRank(b) || (educationRank(a) === educationRank(b) && a > b);
  const take = (level: Education, at: number, length: number) => {
    const before = tokens.slice(Math.max(0, at - 3), at).join(' ');
    const after = tokens.slice(at + length, at + length + 4).join(' ');
    if (UNFINISHED_BEFORE.test(before) || UNFINISHED_AFTER.test(after)) {
      if (higher(level, bestUnfinished)) bestUnfinished = level;
    } else if (higher(level, best)) best = level;
  };
  for (let i = 0; i < tokens.length; i++) {
    if (used.has(i)) continue;
    for (const [form, level] of EDUCATION_FORMS) {
      if (!form.every((w, k) => tokens[i + k] === w)) continue;
      // "sd" is also "sampai dengan" (senin sd jumat, 1 sd 5).
      if (form[0] === 'sd' && (DAY_OR_NUMBER.test(tokens[i - 1] ?? '') || DAY_OR_NUMBER.test(tokens[i + 1] ?? ''))) continue;
      for (let k = 0; k < form.length; k++) used.add(i + k);
      take(level, i, form.length);
      break;
    }
    // "MA", "MAN", "MAK" (madrasah aliyah) only when written in capitals or after "lulusan".
    if ((tokens[i] === 'ma' || tokens[i] === 'man' || tokens[i] === 'mak') && (SCHOOL_CONTEXT.has(tokens[i - 1] ?? '') || new RegExp(`\\b${tokens[i]!.toUpperCase()}\\b`).test(raw))) {
      used.add(i);
      take('SMA', i, 1);
    }
  }
  if (best) return best;
  return bestUnfinished ? LEVEL_BELOW[bestUnfinished] : null;
}

const PLATFORM_FORMS: Array<[string[], Platform]> = [
  [['siapkerja'], 'siapkerja'], [['siap', 'kerja'], 'siapkerja'], [['siapker'], 'siapkerja'], [['akun', 'kemnaker'], 'siapkerja'], [['sisnaker'], 'siapkerja'],
  [['karirhub'], 'karirhub'], [['karir', 'hub'], 'karirhub'], [['karier', 'hub'], 'karirhub'], [['karierhub'], 'karirhub'], [['carirhub'], 'karirhub'],
  [['ak1'], 'ak1'], [['kartu', 'kuning'], 'ak1'], [['kartu', 'pencaker'], 'ak1'], [['kartu', 'pencari', 'kerja'], 'ak1'], [['kartu', 'ak'], 'ak1'], [['kartu', 'ak1'], 'ak1'], [['kartu', 'pencari', 'pekerjaan'], 'ak1'],
  [['sipkerja'], 'sipkerja'], [['sip', 'kerja'], 'sipkerja'],
];

// Words about looking for work that are never a job ("kerja", "lowongan"), for telling a typo of them from a job word.
const GENERIC = ['kerja', 'kerjaan', 'pekerjaan', 'lowongan', 'loker', 'lowker', 'kerjanya', 'lowongannya', 'lokernya', 'info', 'infonya', 'daerah', 'sekitar', 'lulusan', 'tamatan'];

const SELF = new Set(['saya', 'aku', 'gue', 'kami', 'kita', 'i', 'we']);

/** The platform named last ("punya akun siapkerja, cara masuk karirhub?" -> karirhub). */
export function findPlatform(tokens: string[], used: Used): Platform | null {
  let last: Platform | null = null;
  for (let i = 0; i < tokens.length; i++) {
    for (const [form, platform] of PLATFORM_FORMS) {
      if (!form.every((w, k) => tokens[i + k] === w)) continue;
      // "saya siap kerja apa saja" is a person ready to work, not the portal.
      if (form.length === 2 && form[0] === 'siap' && (SELF.has(tokens[i - 1] ?? '') || ['apa', 'kapan', 'keras'].includes(tokens[i + 2] ?? ''))) continue;
      for (let k = 0; k < form.length; k++) used.add(i + k);
      last = platform;
      break;
    }
  }
  return last;
}

// Words after which the next words name the job even when the job list does not know them.
const JOB_TRIGGERS = new Set(['loker', 'lowongan', 'lowker', 'sebagai', 'jadi', 'menjadi', 'pelatihan', 'kursus', 'training', 'butuh', 'membutuhkan', 'posisi', 'bagian', 'bidang', 'pelatihannya', 'belajar']);

/**
 * The job or field asked for, without filler words: the first run of
 * content words that holds a known job word, else the words right after
 * "loker", "pelatihan", "sebagai" ... A run that describes the writer
 * ("saya HRD", "pabrik kami") is not the job asked for.
 */
export function findKeyword(tokens: string[], used: Used, jobs: JobWords, stopwords: Set<string>, common: Set<string> = new Set()): string | null {
  const isJob = new Array<boolean>(tokens.length).fill(false);
  for (let i = 0; i < tokens.length; i++) {
    for (const words of jobs.startingWith(tokens[i]!)) {
      if (words.every((w, k) => tokens[i + k] === w && !used.has(i + k))) {
        for (let k = 0; k < words.length; k++) isJob[i + k] = true;
        break;
      }
    }
  }
  const content = (i: number) => !used.has(i) && (isJob[i] || (!stopwords.has(tokens[i]!) && !/^\d+$/.test(tokens[i]!) && tokens[i]!.length > 1));
  const runs: Array<{ start: number; end: number }> = [];
  for (let i = 0; i < tokens.length; ) {
    if (!content(i)) {
      i++;
      continue;
    }
    let j = i;
    while (j < tokens.length && content(j)) j++;
    runs.push({ start: i, end: j });
    i = j;
  }
  const aboutWriter = (r: { start: number; end: number }) => SELF.has(tokens[r.start - 1] ?? '') || SELF.has(tokens[r.end] ?? '');
  const text = (r: { start: number; end: number }) => tokens.slice(r.start, r.end).join(' ');
  const afterTrigger = (r: { start: number }) => JOB_TRIGGERS.has(tokens[r.start - 1] ?? '');
  const hasJob = (r: { start: number; end: number }) => isJob.slice(r.start, r.end).some(Boolean);
  const candidates = runs.filter((r) => !aboutWriter(r));
  // "loker operator ...", "butuh welder ...": a job right after such a word is the one asked for.
  const chosen = candidates.find((r) => hasJob(r) && afterTrigger(r)) ?? candidates.find(hasJob);
  if (chosen) return trimRun(tokens, chosen, isJob, common);
  // A lone unknown word one letter from a word that asks nothing ("lowongan kerj di setu") is a typo, not a job.
  const typo = (r: { start: number; end: number }) => r.end - r.start === 1 && tokens[r.start]!.length >= 3 && GENERIC.some((w) => w.length >= 4 && Math.abs(w.length - tokens[r.start]!.length) <= 1 && editDistance(w, tokens[r.start]!, 1) <= 1);
  const named = candidates.map((r) => trimCommon(tokens, r, common)).find((r) => r.end > r.start && afterTrigger(r) && r.end - r.start <= 3 && !typo(r));
  if (named) return text(named);
  // "lulusan D3 teknik mesin": the field of study right after the level.
  const major = candidates.find((r) => used.has(r.start - 1) && EDUCATION_TOKENS.has(tokens[r.start - 1]!) && r.end - r.start <= 3);
  return major ? text(major) : null;
}

const EDUCATION_TOKENS = new Set(['sd', 'smp', 'sma', 'smk', 'stm', 'slta', 'd1', 'd2', 'd3', 'd4', 's1', 's2', 's3', 'sarjana', 'diploma', 'ma']);

// A run longer than its job words keeps at most one extra word on each side ("sopir pribadi"),
// and not a word of everyday talk ("satpam pabrik sekarang", "operator produksi kirim ...").
function trimRun(tokens: string[], run: { start: number; end: number }, isJob: boolean[], common: Set<string>): string {
  let first = run.start;
  while (first < run.end && !isJob[first]) first++;
  let last = run.end - 1;
  while (last > first && !isJob[last]) last--;
  const start = first > run.start && !common.has(tokens[first - 1]!) ? first - 1 : first;
  const end = last + 1 < run.end && !common.has(tokens[last + 1]!) ? last + 2 : last + 1;
  return tokens.slice(start, end).join(' ');
}

// A run without its words of everyday talk at either end.
function trimCommon(tokens: string[], run: { start: number; end: number }, common: Set<string>): { start: number; end: number } {
  let { start, end } = run;
  while (start < end && common.has(tokens[start]!)) start++;
  while (end > start && common.has(tokens[end - 1]!)) end--;
  return { start, end };
}

const ORDINALS: Record<string, number> = { pertama: 1, kesatu: 1, satu: 1, kedua: 2, dua: 2, ketiga: 3, tiga: 3, keempat: 4, empat: 4, kelima: 5, lima: 5 };

/** "2", "yang kedua", "nomor 3", "no 3", "ke 2" -> the number; null otherwise. Only for short messages. */
export function findOrdinal(tokens: string[]): number | null {
  if (!tokens.length || tokens.length > 4) return null;
  if (tokens.length === 1 && /^\d{1,3}$/.test(tokens[0]!)) return Number(tokens[0]);
  const rest = tokens.filter((t) => !['yang', 'yg', 'nomor', 'no', 'nomer', 'ke', 'aja', 'saja', 'dong', 'min', 'kak', 'pilih', 'lihat', 'liat'].includes(t));
  if (rest.length !== 1) return null;
  const word = rest[0]!;
  const hasMarker = tokens.some((t) => ['yang', 'yg', 'nomor', 'no', 'nomer', 'ke', 'pilih'].includes(t));
  if (/^\d{1,3}$/.test(word) && hasMarker) return Number(word);
  if (word in ORDINALS && (word.startsWith('ke') || word === 'pertama' || hasMarker)) return ORDINALS[word]!;
  return null;
}
