// Reading a change to vacancy alerts from words: "hapus cibitung, tambah
// setu", "cibitung hapus aja, tambahin tambun selatan", "setu bukan
// cibarusah", "sekarang sudah D3", "yg gudang itu hapus aja", "langsung aja
// tiap ada loker baru". Places are found with their position so that each
// verb acts on the places next to it; a place named in passing ("kok yg
// serang baru dikit") changes nothing.

import type { Education } from '../../domain/education.ts';
import type { Region } from '../../domain/region.ts';
import { compact, fold } from '../../domain/text.ts';
import type { Understanding } from '../../nlu/types.ts';

export interface AlertEdit {
  add: string[];
  remove: string[];
  /** The places the message names as the whole new list ("ganti jadi setu aja"). */
  replaceAll: string[] | null;
  education?: Education | null;
  keyword?: string | null;
  immediate?: boolean;
  /** Words that change something the alerts cannot filter by ("shift pagi"). */
  unsupported: string | null;
  /** "hapus yg tadi": a removal that names nothing. */
  vagueRemoval: boolean;
  /** "hapus kata produksi": a word taken out of the job words the subscription has (clearly about alerts). */
  wordRemoved?: boolean;
  /** "seminggu sekali bisa?", "jangan tiap hari": a timing other than the two there are. */
  otherTiming?: boolean;
}

const REMOVE = new Set(['hapus', 'hapusin', 'hapuskan', 'dihapus', 'apus', 'apusin', 'diapus', 'ilangin', 'diilangin', 'ilangkan', 'diilangkan', 'dihilangkan', 'dihilangin', 'ngilangin', 'buang', 'buangin', 'dibuang', 'hilangkan', 'hilangin', 'keluarkan', 'keluarin', 'coret', 'cabut', 'berhenti', 'berenti', 'brenti', 'stop', 'stopin', 'kurangi', 'kurangin', 'usah']);
const NEGATION = new Set(['tidak', 'ga', 'gak', 'gk', 'nggak', 'ngga', 'enggak', 'engga', 'tdk', 'kagak', 'bukan', 'jangan', 'jgn', 'ndak']);
const ADD = new Set(['tambah', 'tambahin', 'tambahkan', 'ditambah', 'ditambahin', 'tambahan', 'nambah', 'nambahin', 'ditambahkan', 'masukin', 'masukkan', 'dimasukin', 'plus', 'ikut', 'ikutkan', 'sekalian']);
const REPLACE = new Set(['ganti', 'gantiin', 'diganti', 'pindah', 'pindahin', 'ubah', 'ubahin', 'diubah', 'jadi', 'jd', 'jadiin']);
const KEEP = new Set(['tetap', 'tetep', 'biarin', 'biar', 'jangan diubah', 'tetapkan']);
const CLAUSE_BREAK = new Set(['terus', 'trus', 'lalu', 'habis itu', 'abis itu', 'tapi', 'tp', 'tapinya']);

const IMMEDIATE = /\b(langsung|secepatnya|real ?time|(tiap|setiap|unggal) (ada|aya) (loker|lowongan|yang)? ?baru|(tiap|setiap|unggal) (ada|aya)( (aja|saja|wae|we|nya))?$|unggal aya|begitu ada|kalau ada yang baru langsung|tidak usah nunggu|ga usah nunggu|gak usah nunggu|gausah nunggu|nggak usah nunggu|tiap ada lowongan|setiap ada lowongan|setiap ada loker|tiap ada loker)\b/;
/** A timing Pasker does not have, or "not daily" without saying what instead. */
export const OTHER_TIMING = /\b(seminggu|sepekan|mingguan|tiap minggu|setiap minggu|per minggu|seminggu sekali|sebulan|bulanan|tiap bulan|2 hari|dua hari|(jangan|jgn|ga usah|gak usah|gausah|nggak usah|ndak usah|tidak usah) (tiap|setiap) hari)\b/;
const DAILY = /\b(tiap hari|setiap hari|harian|sehari sekali|sekali sehari|sakali sapoe|sapoe sakali|sadinten sakali|sakali sadinten|unggal dinten|unggal poe|tiap pagi|setiap pagi|sekali aja sehari|1x sehari|sehari 1x)\b/;
const ANY_JOB = /\b(semua (loker|lowongan|pekerjaan|kerjaan|jenis)|pekerjaan apa (aja|saja)|kerja apa (aja|saja)|semua masuk|biar semua)\b/;
const FILTER_WORDS = /\b(shift (pagi|malam|siang)|non ?shift|gaji (minimal|min|diatas|di atas|lebih)|dekat rumah|deket rumah|yang dekat|jarak|khusus (cewek|cowok|perempuan|laki)|tanpa pengalaman|umur|usia)\b/;
const VAGUE = /\b(yang tadi|yg tadi|yang td|yg td|tadi|yang itu|yg itu|itu)\b/;

/** Finds where each kecamatan code of the message is written (token index), by the region's names. */
export function locatePlaces(tokens: string[], region: Region, codes: string[]): Array<{ code: string; at: number; end: number }> {
  const out: Array<{ code: string; at: number; end: number }> = [];
  for (let i = 0; i < tokens.length; i++) {
    for (let n = 3; n >= 1; n--) {
      if (i + n > tokens.length) continue;
      const hit = region.names.get(compact(tokens.slice(i, i + n).join(' ')));
      if (hit && hit.codes.length === 1 && codes.includes(hit.codes[0]!)) {
        out.push({ code: hit.codes[0]!, at: i, end: i + n });
        i += n - 1;
        break;
      }
    }
  }
  // A code the understanding found but not written plainly (a typo it fixed): place unknown, at the end.
  for (const c of codes) if (!out.some((p) => p.code === c)) out.push({ code: c, at: tokens.length, end: tokens.length });
  return out;
}

/** The change a message (as typed) asks for; `current` is the subscription's kecamatan list ([] = everywhere). */
export function readAlertEdit(original: string, u: Understanding, region: Region, current: string[], currentKeyword: string | null = null): AlertEdit {
  const edit: AlertEdit = { add: [], remove: [], replaceAll: null, unsupported: null, vagueRemoval: false };
  const text = fold(original);
  const tokens = text ? text.split(' ') : [];
  const places = locatePlaces(tokens, region, u.districtCodes);
  // Clauses: split at commas and full stops of the message as typed, and at "terus", "tapi".
  const clauseOf: number[] = [];
  let clause = 0;
  const rawClauses = original.split(/[,;.\n]+/);
  {
    let k = 0;
    for (const part of rawClauses) {
      const folded = fold(part);
      const n = folded ? folded.split(' ').length : 0;
      for (let j = 0; j < n && k < tokens.length; j++, k++) {
        if (CLAUSE_BREAK.has(tokens[k]!)) clause++;
        clauseOf[k] = clause;
      }
      clause++;
    }
    while (k < tokens.length) clauseOf[k++] = clause;
  }
  // A verb counts unless a negation just before it denies it ("ga mau berhenti"); "ga usah X" removes X.
  const verbIn = (c: number, set: Set<string>) =>
    tokens.some((t, i) => clauseOf[i] === c && set.has(t) && (t === 'usah' ? NEGATION.has(tokens[i - 1] ?? '') : !NEGATION.has(tokens[i - 1] ?? '') && !NEGATION.has(tokens[i - 2] ?? '')));
  const negatedIn = (c: number, set: Set<string>) =>
    tokens.some((t, i) => clauseOf[i] === c && set.has(t) && t !== 'usah' && (NEGATION.has(tokens[i - 1] ?? '') || NEGATION.has(tokens[i - 2] ?? '')));
  // "X bukan Y" / "bukan Y tapi X" / "maksudnya X bukan Y": X replaces Y.
  const bukan = tokens.indexOf('bukan');
  if (bukan >= 0 && places.length >= 2 && !/\bbukan (mau|nyari|cari|itu)\b/.test(text)) {
    const before = places.filter((p) => p.at < bukan);
    const after = places.filter((p) => p.at > bukan);
    const tapi = tokens.findIndex((t, i) => i > bukan && (t === 'tapi' || t === 'tp'));
    if (tapi > 0) {
      edit.remove.push(...places.filter((p) => p.at > bukan && p.at < tapi).map((p) => p.code));
      edit.add.push(...places.filter((p) => p.at > tapi).map((p) => p.code));
    } else if (before.length && after.length) {
      edit.add.push(...before.map((p) => p.code));
      edit.remove.push(...after.map((p) => p.code));
    }
  } else {
    for (const p of places) {
      const c = clauseOf[Math.min(p.at, tokens.length - 1)] ?? clause;
      // "jangan dihapus cibitung", "cibitung tetep", "cibarusah jgn diilangin, tetep ada": kept, and back if it was taken out.
      const keptHere = (verbIn(c, KEEP) || negatedIn(c, REMOVE)) && !verbIn(c, ADD);
      const keptNext = !places.some((q) => clauseOf[Math.min(q.at, tokens.length - 1)] === c + 1) && verbIn(c + 1, KEEP) && !verbIn(c, REMOVE) && !verbIn(c, ADD);
      if (keptHere || keptNext) {
        if (!current.includes(p.code)) edit.add.push(p.code);
        continue;
      }
      if (verbIn(c, REMOVE)) edit.remove.push(p.code);
      else if (verbIn(c, ADD)) edit.add.push(p.code);
      else if (verbIn(c, REPLACE)) {
        // "ganti cibitung jadi setu": the place before jadi goes, the one after comes.
        const jadi = tokens.findIndex((t, i) => clauseOf[i] === c && (t === 'jadi' || t === 'jd' || t === 'ke'));
        // "setu nya ganti serang baru": without "jadi", a place already chosen before the verb goes.
        const verb = tokens.findIndex((t, i) => clauseOf[i] === c && REPLACE.has(t));
        const pivot = jadi >= 0 ? jadi : verb;
        if (pivot >= 0 && p.at < pivot && current.includes(p.code)) edit.remove.push(p.code);
        else edit.add.push(p.code);
      }
    }
    // "ganti jadi setu aja", "ganti daerahnya jd setu" with no place removed: the new list is what was named.
    const pivotAt = tokens.findIndex((t) => t === 'jadi' || t === 'jd');
    const onlyAfterPivot = pivotAt >= 0 && places.every((p) => p.at > pivotAt) && tokens.slice(0, pivotAt).some((t) => REPLACE.has(t) && t !== 'jadi' && t !== 'jd');
    if (!edit.remove.length && edit.add.length && (verbIn(0, REPLACE) || onlyAfterPivot) && (/\b(aja|saja|doang|only)\b/.test(text) || onlyAfterPivot) && !tokens.some((t) => ADD.has(t))) {
      edit.replaceAll = edit.add;
      edit.add = [];
    }
  }
  const removing = tokens.some((t, i) => REMOVE.has(t) && t !== 'usah' && !NEGATION.has(tokens[i - 1] ?? '') && !NEGATION.has(tokens[i - 2] ?? ''));
  if (u.entities.education) edit.education = u.entities.education;
  // The job word: removed ("yg gudang itu hapus aja", "biar semua loker masuk"), or changed ("ganti jadi operator").
  // "hapus kata produksi nya aja": one word out of the job words ("operator produksi" becomes "operator").
  const wordOut = currentKeyword ? /\b(hapus|hapusin|buang|buangin|hilangkan|hilangin|apus|tanpa|coret)\b (kata |kata2 |tulisan )?([a-z]+)/.exec(text) : null;
  const kept = wordOut && currentKeyword ? currentKeyword.split(' ').filter((w) => w !== wordOut[3] && `${w}nya` !== wordOut[3]) : null;
  if (kept && currentKeyword && kept.length < currentKeyword.split(' ').length) {
    edit.keyword = kept.length ? kept.join(' ') : null;
    edit.wordRemoved = true;
  }
  else if (ANY_JOB.test(text) && !places.length) edit.keyword = null;
  else if (u.job && removing && !places.some((p) => p.code)) edit.keyword = null;
  else if (u.job && !removing && (tokens.some((t) => REPLACE.has(t) || ADD.has(t)) || !places.length)) {
    // "kerjaannya tetep operator": the job kept as it is, not a new job "tetep operator".
    const job = u.job.split(' ').filter((w) => !KEEP.has(w)).join(' ');
    if (job) edit.keyword = job;
  }
  if (IMMEDIATE.test(text)) edit.immediate = true;
  else if (OTHER_TIMING.test(text)) edit.otherTiming = true;
  else if (DAILY.test(text)) edit.immediate = false;
  const filter = FILTER_WORDS.exec(text);
  if (filter) {
    edit.unsupported = filter[0];
    // "shift pagi" is not a job: it is offered as one only when the person agrees.
    if (edit.keyword && filter[0].includes(edit.keyword)) delete edit.keyword;
    if (edit.keyword && edit.keyword.includes(filter[0].split(' ')[0]!)) delete edit.keyword;
  }
  if (removing && !edit.remove.length && edit.keyword === undefined && !edit.education && VAGUE.test(text)) edit.vagueRemoval = true;
  return edit;
}

/** True when the edit changes anything. */
export function editChanges(e: AlertEdit): boolean {
  return Boolean(e.add.length || e.remove.length || e.replaceAll || e.education !== undefined || e.keyword !== undefined || e.immediate !== undefined);
}
