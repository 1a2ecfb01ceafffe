// The office's other services as data: job fairs and events, and training
// programmes. Their import files (columns, checks by row with the line that
// is refused) and what seekers may ask of them (upcoming events, training by
// skill, education and place). Pure: no I/O.

import { educationRank, parseEducation, type Education } from './education.ts';
import type { Region } from './region.ts';
import type { ColumnSpec, TableSpec } from './table-file.ts';
import { fold } from './text.ts';
import { localDate } from './time.ts';
import { parseDate, parseMoney, parseWhole } from './vacancy-import.ts';

/** A job fair or another event, as seekers see it. */
export interface EventItem {
  id: number;
  sourceId: string;
  isSample: boolean;
  name: string;
  kind: string;
  startDate: Date;
  endDate: Date | null;
  place: string;
  kecamatan: string | null;
  organiser: string | null;
  howToRegister: string | null;
  cost: string | null;
  bring: string | null;
  notes: string | null;
  status: string;
}

/** A training programme, as seekers see it. */
export interface TrainingItem {
  id: number;
  sourceId: string;
  isSample: boolean;
  title: string;
  provider: string;
  place: string;
  kecamatan: string | null;
  keywords: string[];
  minEducation: Education | null;
  startDate: Date | null;
  endDate: Date | null;
  rolling: boolean;
  registrationCloses: Date | null;
  quota: number | null;
  /** 0 = free; null = not given. */
  cost: number | null;
  howToRegister: string | null;
  requirements: string | null;
  bring: string | null;
  status: string;
}

export type EventInput = Omit<EventItem, 'id' | 'isSample'> & { source: string };
export type TrainingInput = Omit<TrainingItem, 'id' | 'isSample'> & { source: string };

export const EVENT_COLUMNS: readonly ColumnSpec[] = [
  { name: 'source_id', required: true, aliases: ['id', 'kode', 'kode_acara', 'ref'] },
  { name: 'name', required: true, aliases: ['nama', 'nama_acara', 'acara', 'judul', 'title'] },
  { name: 'start_date', required: true, aliases: ['tanggal', 'tanggal_mulai', 'mulai', 'date'] },
  { name: 'place', required: true, aliases: ['tempat', 'lokasi', 'venue'] },
  { name: 'district', aliases: ['kecamatan', 'kec'] },
  { name: 'end_date', aliases: ['tanggal_selesai', 'selesai', 'sampai'] },
  { name: 'kind', aliases: ['jenis', 'jenis_acara', 'type'] },
  { name: 'organiser', aliases: ['penyelenggara', 'organizer'] },
  { name: 'how_to_register', aliases: ['cara_daftar', 'cara_mendaftar', 'pendaftaran', 'registrasi', 'register'] },
  { name: 'cost', aliases: ['biaya', 'tiket', 'harga'] },
  { name: 'bring', aliases: ['yang_dibawa', 'bawa', 'dibawa', 'persyaratan_dibawa'] },
  { name: 'notes', aliases: ['catatan', 'keterangan', 'info'] },
  { name: 'status', aliases: ['status_acara'] },
  { name: 'source', aliases: ['sumber'] },
];

export const TRAINING_COLUMNS: readonly ColumnSpec[] = [
  { name: 'source_id', required: true, aliases: ['id', 'kode', 'kode_pelatihan', 'ref'] },
  { name: 'title', required: true, aliases: ['judul', 'nama', 'nama_pelatihan', 'program', 'pelatihan', 'kejuruan'] },
  { name: 'provider', required: true, aliases: ['penyelenggara', 'lembaga', 'lpk', 'blk'] },
  { name: 'place', required: true, aliases: ['tempat', 'lokasi', 'alamat'] },
  { name: 'keywords', required: true, aliases: ['kata_kunci', 'keahlian', 'skill', 'tags'] },
  { name: 'district', aliases: ['kecamatan', 'kec'] },
  { name: 'min_education', aliases: ['pendidikan', 'pendidikan_minimal', 'min_pendidikan'] },
  { name: 'start_date', aliases: ['tanggal_mulai', 'mulai'] },
  { name: 'end_date', aliases: ['tanggal_selesai', 'selesai'] },
  { name: 'registration_closes', aliases: ['batas_daftar', 'batas_pendaftaran', 'pendaftaran_ditutup', 'deadline'] },
  { name: 'quota', aliases: ['kuota', 'jumlah_peserta'] },
  { name: 'cost', aliases: ['biaya', 'harga'] },
  { name: 'how_to_register', aliases: ['cara_daftar', 'cara_mendaftar', 'pendaftaran'] },
  { name: 'requirements', aliases: ['syarat', 'persyaratan'] },
  { name: 'bring', aliases: ['yang_dibawa', 'bawa', 'dibawa'] },
  { name: 'status', aliases: ['status_pelatihan'] },
  { name: 'source', aliases: ['sumber'] },
];

export const EVENT_TABLE: TableSpec = { rowName: 'event', columns: EVENT_COLUMNS };
export const TRAINING_TABLE: TableSpec = { rowName: 'training', columns: TRAINING_COLUMNS };

export interface RowRefusal {
  line: number;
  sourceId: string | null;
  reason: string;
}

interface CheckOptions {
  region: Region;
  now: Date;
  timeZone: string;
  defaultSource: string;
}

type Raw = Record<string, string>;

function reader(row: Raw) {
  const reasons: string[] = [];
  const str = (key: string) => String(row[key] ?? '').trim();
  const required = (key: string) => {
    const v = str(key);
    if (!v) reasons.push(`${key} is empty`);
    return v;
  };
  return { reasons, str, required };
}

function district(text: string, region: Region, reasons: string[]): string | null {
  if (!text) return null;
  const r = region.resolve(text);
  if (r.ok) return r.code;
  reasons.push(r.reason);
  return null;
}

// The same checks for every kind of row: duplicates of a source_id in one file are refused by line.
function checkRows<T extends { sourceId: string }>(rows: Array<{ line: number; values: Raw }>, check: (row: Raw) => { value: T | null; reasons: string[] }): { rows: T[]; errors: RowRefusal[] } {
  const out: T[] = [];
  const errors: RowRefusal[] = [];
  const seen = new Map<string, number>();
  for (const { line, values } of rows) {
    const sourceId = String(values.source_id ?? '').trim() || null;
    const { value, reasons } = check(values);
    if (!value || reasons.length) {
      errors.push({ line, sourceId, reason: reasons.join('; ') });
      continue;
    }
    const earlier = seen.get(value.sourceId);
    if (earlier !== undefined) {
      errors.push({ line, sourceId, reason: `source_id "${value.sourceId}" is already used on line ${earlier}` });
      continue;
    }
    seen.set(value.sourceId, line);
    out.push(value);
  }
  return { rows: out, errors };
}

/** Checks event rows; a row with a missing or wrong value is refused with its line and reason. */
export function checkEventRows(rows: Array<{ line: number; values: Raw }>, o: CheckOptions): { rows: EventInput[]; errors: RowRefusal[] } {
  return checkRows(rows, (row) => {
    const { reasons, str, required } = reader(row);
    const sourceId = required('source_id');
    const name = required('name');
    const place = required('place');
    const startText = required('start_date');
    const startDate = startText ? parseDate(startText, 'start_date', reasons) : null;
    const endDate = parseDate(str('end_date'), 'end_date', reasons);
    if (startDate && endDate && endDate < startDate) reasons.push('end_date is before start_date');
    const kecamatan = district(str('district'), o.region, reasons);
    const status = str('status').toLowerCase() || 'scheduled';
    if (!['scheduled', 'cancelled'].includes(status)) reasons.push(`status "${status}" is not one of scheduled, cancelled`);
    const kind = str('kind').toLowerCase().replace(/\s+/g, '_') || 'job_fair';
    if (reasons.length || !startDate) return { value: null, reasons };
    return {
      value: { sourceId, source: str('source') || o.defaultSource, name, kind, startDate, endDate, place, kecamatan, organiser: str('organiser') || null, howToRegister: str('how_to_register') || null, cost: str('cost') || null, bring: str('bring') || null, notes: str('notes') || null, status },
      reasons,
    };
  });
}

/** Checks training rows; a row with a missing or wrong value is refused with its line and reason. */
export function checkTrainingRows(rows: Array<{ line: number; values: Raw }>, o: CheckOptions): { rows: TrainingInput[]; errors: RowRefusal[] } {
  return checkRows(rows, (row) => {
    const { reasons, str, required } = reader(row);
    const sourceId = required('source_id');
    const title = required('title');
    const provider = required('provider');
    const place = required('place');
    const keywordText = required('keywords');
    const kecamatan = district(str('district'), o.region, reasons);
    const eduText = str('min_education');
    const minEducation = eduText && !/^(bebas|semua|-)$/i.test(eduText) ? parseEducation(eduText) : null;
    if (eduText && !/^(bebas|semua|-)$/i.test(eduText) && !minEducation) reasons.push(`min_education "${eduText}" is not one of SD SMP SMA D1 D2 D3 D4 S1 S2 S3`);
    const startText = str('start_date');
    const rolling = /^(rolling|sepanjang tahun|setiap saat|kapan saja)$/i.test(startText);
    const startDate = rolling ? null : parseDate(startText, 'start_date', reasons);
    const endDate = parseDate(str('end_date'), 'end_date', reasons);
    if (startDate && endDate && endDate < startDate) reasons.push('end_date is before start_date');
    const registrationCloses = parseDate(str('registration_closes'), 'registration_closes', reasons);
    const quota = parseWhole(str('quota'), 'quota', 1, 100000, reasons);
    const costText = str('cost');
    const cost = !costText ? null : /^(gratis|free|0|tanpa biaya)$/i.test(costText) ? 0 : parseMoney(costText, 'cost', reasons);
    const status = str('status').toLowerCase() || 'open';
    if (!['open', 'closed'].includes(status)) reasons.push(`status "${status}" is not one of open, closed`);
    if (reasons.length) return { value: null, reasons };
    return {
      value: {
        sourceId, source: str('source') || o.defaultSource, title, provider, place, kecamatan,
        keywords: keywordText.split(/[;,]/).map((k) => fold(k)).filter(Boolean),
        minEducation, startDate, endDate, rolling, registrationCloses, quota, cost,
        howToRegister: str('how_to_register') || null, requirements: str('requirements') || null, bring: str('bring') || null, status,
      },
      reasons,
    };
  });
}

/** Events that have not ended, soonest first. */
export function upcomingEvents(events: EventItem[], now: Date, timeZone: string): EventItem[] {
  const today = localDate(now, timeZone);
  return events
    .filter((e) => e.status !== 'cancelled' && (e.endDate ?? e.startDate).toISOString().slice(0, 10) >= today)
    .sort((a, b) => a.startDate.getTime() - b.startDate.getTime());
}

/** What a seeker asks of training: a skill, their education, a kecamatan (each optional). */
export interface TrainingQuery {
  keyword: string | null;
  education: Education | null;
  kecamatan: string[];
}

/** Open programmes that match the query: the skill among its words, open to the seeker's level, in the places asked. */
export function findTraining(items: TrainingItem[], q: TrainingQuery, now: Date, timeZone: string): TrainingItem[] {
  const today = localDate(now, timeZone);
  return items.filter((t) => {
    if (t.status !== 'open') return false;
    if (t.registrationCloses && t.registrationCloses.toISOString().slice(0, 10) < today) return false;
    if (!t.rolling && t.endDate && t.endDate.toISOString().slice(0, 10) < today) return false;
    if (q.education && t.minEducation && educationRank(t.minEducation) > educationRank(q.education)) return false;
    if (q.kecamatan.length && (!t.kecamatan || !q.kecamatan.includes(t.kecamatan))) return false;
    if (q.keyword && !trainingMatches(t, q.keyword)) return false;
    return true;
  });
}

/** The skill word is one of the programme's words or in its title ("las" matches "Pengelasan (Las)"). */
export function trainingMatches(t: TrainingItem, keyword: string): boolean {
  const words = fold(keyword).split(' ').filter((w) => w.length >= 2);
  const title = ` ${fold(t.title)} `;
  return words.some((w) => t.keywords.some((k) => k === w || k.split(' ').includes(w)) || title.includes(` ${w} `));
}
