// The rules for vacancy rows that staff import: which columns there are
// (with the Indonesian and English names people give them) and what makes a
// row a valid vacancy or a refusal with its line number and reason. Reading
// the file itself (encoding, separator, spreadsheet) is table-file.ts.

import { parseEducation } from './education.ts';
import type { Region } from './region.ts';
import { csvCells, detectSeparator, readCsvTable, readJsonTable, readTable, type Cell, type ColumnSpec, type RowProblem, type TableRead, type TableRow, type TableSpec } from './table-file.ts';
import { localDate } from './time.ts';
import { EMPLOYMENT_TYPES, VACANCY_STATUSES, type EmploymentType, type Vacancy, type VacancyStatus } from './vacancy.ts';

/**
 * Every column of a vacancy file, with the other names staff write for it
 * (compared without case, accents or punctuation: "Nama Perusahaan" =
 * "nama_perusahaan"). The README lists the same.
 */
export const VACANCY_COLUMNS: readonly ColumnSpec[] = [
  { name: 'source_id', required: true, aliases: ['id', 'kode', 'kode_lowongan', 'id_lowongan', 'no_lowongan', 'nomor_lowongan', 'ref'] },
  { name: 'title', required: true, aliases: ['judul', 'judul_lowongan', 'posisi', 'jabatan', 'nama_lowongan', 'nama_posisi', 'lowongan', 'job_title', 'position'] },
  { name: 'company', required: true, aliases: ['perusahaan', 'nama_perusahaan', 'pemberi_kerja', 'employer', 'company_name'] },
  { name: 'district', required: true, aliases: ['kecamatan', 'kec', 'lokasi', 'lokasi_kerja', 'penempatan', 'location'] },
  { name: 'min_education', required: true, aliases: ['pendidikan', 'pendidikan_minimal', 'pendidikan_min', 'min_pendidikan', 'minimal_pendidikan', 'education'] },
  { name: 'keywords', required: true, aliases: ['kata_kunci', 'keyword', 'tag', 'tags'] },
  { name: 'employment_type', required: true, aliases: ['jenis_pekerjaan', 'jenis_kerja', 'status_kerja', 'status_karyawan', 'jenis_kontrak', 'tipe_pekerjaan', 'job_type'] },
  { name: 'how_to_apply', required: true, aliases: ['cara_melamar', 'cara_lamar', 'cara_daftar', 'cara_mendaftar', 'apply'] },
  { name: 'closing_date', required: true, aliases: ['batas_lamaran', 'batas_akhir', 'tanggal_tutup', 'tanggal_penutupan', 'ditutup', 'berlaku_sampai', 'deadline'] },
  { name: 'address', aliases: ['alamat', 'alamat_kerja', 'alamat_perusahaan'] },
  { name: 'salary_min', aliases: ['gaji_min', 'gaji_minimal', 'gaji_terendah', 'upah_min', 'min_salary'] },
  { name: 'salary_max', aliases: ['gaji_maks', 'gaji_max', 'gaji_maksimal', 'gaji_tertinggi', 'upah_maks', 'max_salary'] },
  { name: 'age_min', aliases: ['usia_min', 'usia_minimal', 'umur_min', 'umur_minimal', 'min_age'] },
  { name: 'age_max', aliases: ['usia_maks', 'usia_max', 'usia_maksimal', 'umur_maks', 'umur_maksimal', 'batas_usia', 'max_age'] },
  { name: 'gender', aliases: ['jenis_kelamin', 'jk', 'sex'] },
  { name: 'quota', aliases: ['kuota', 'jumlah', 'jumlah_kebutuhan', 'kebutuhan', 'formasi'] },
  { name: 'experience', aliases: ['pengalaman', 'pengalaman_kerja'] },
  { name: 'major', aliases: ['jurusan', 'program_studi', 'prodi'] },
  { name: 'source', aliases: ['sumber'] },
  { name: 'source_url', aliases: ['tautan', 'link', 'url', 'sumber_url'] },
  { name: 'published_date', aliases: ['tanggal_terbit', 'tanggal_tayang', 'tanggal_posting', 'tanggal_publikasi', 'tanggal_dibuka'] },
  { name: 'status', aliases: ['status_lowongan'] },
  { name: 'verified', aliases: ['terverifikasi', 'diverifikasi', 'sudah_diverifikasi'] },
];

/** The columns every file must have (values may be empty where noted in the README). */
export const REQUIRED_COLUMNS = VACANCY_COLUMNS.filter((c) => c.required).map((c) => c.name);

/** Columns a file may add. */
export const OPTIONAL_COLUMNS = VACANCY_COLUMNS.filter((c) => !c.required).map((c) => c.name);

/** A vacancy file as a table. */
export const VACANCY_TABLE: TableSpec = { rowName: 'vacancy', columns: VACANCY_COLUMNS };

/** The sample file: the same columns, with relative dates instead of closing_date and published_date. */
export const SAMPLE_TABLE: TableSpec = {
  rowName: 'vacancy',
  columns: [...VACANCY_COLUMNS.map((c) => (c.name === 'closing_date' ? { ...c, required: false } : c)), { name: 'published_days_ago' }, { name: 'closing_in_days' }],
};

/** A vacancy ready to be stored (the database gives it an id; samples are marked when loaded). */
export type VacancyInput = Omit<Vacancy, 'id' | 'isSample' | 'listedAt'>;

export interface RowError {
  line: number;
  sourceId: string | null;
  reason: string;
}

export interface ParsedFile {
  rows: Array<{ line: number; vacancy: VacancyInput }>;
  errors: RowError[];
}

export interface ImportOptions {
  region: Region;
  now: Date;
  timeZone: string;
  /** Value of `source` when a row has none. */
  defaultSource: string;
}

/** A row as read from a file: column name -> value. */
export type RawRow = Record<string, unknown>;

/** Reads a vacancy CSV or JSON text as a table (the separator of a CSV is detected). */
export function readVacancyText(text: string, format: 'csv' | 'json'): TableRead {
  return format === 'csv' ? readCsvTable(text, VACANCY_TABLE, 'source_id') : readJsonTable(text, VACANCY_TABLE, 'vacancies', 'source_id');
}

/** Reads rows of spreadsheet cells (the first naming the columns) as a vacancy table. */
export function readVacancySheet(sheet: Array<{ line: number; cells: Cell[] }>): TableRead {
  return readTable(sheet, VACANCY_TABLE, 'source_id');
}

/** Parses a whole file; `format` comes from the file name (.csv / .json). Kept for callers that have text. */
export function parseVacancyFile(text: string, format: 'csv' | 'json', options: ImportOptions): ParsedFile {
  const read = readVacancyText(text, format);
  if (!read.ok) return { rows: [], errors: [{ line: 0, sourceId: null, reason: read.problem }] };
  return checkTable(read, options);
}

/** Checks the rows of a table read with VACANCY_TABLE; rows refused while reading come first. */
export function checkTable(read: Extract<TableRead, { ok: true }>, options: ImportOptions): ParsedFile {
  return tableChecker(options)(read);
}

/**
 * Checks a table's rows one batch at a time, batches in file order: a
 * source id already used on a line of an earlier batch is refused as it is
 * within one batch (only the ids and their lines are kept between batches).
 */
export function tableChecker(options: ImportOptions): (batch: { rows: TableRow[]; refused: RowProblem[] }) => ParsedFile {
  const seen = new Map<string, number>();
  return (batch) => {
    const checked = validateRows(batch.rows.map((r) => ({ line: r.line, row: r.values })), options, seen);
    const errors = [...batch.refused.map((r) => ({ line: r.line, sourceId: r.key, reason: r.reason })), ...checked.errors].sort((a, b) => a.line - b.line);
    return { rows: checked.rows, errors };
  };
}

/**
 * Checks rows already read from a file (objects keyed by column name, with their line numbers);
 * `seen` holds the source ids of rows checked before these and their lines.
 */
export function validateRows(raw: Array<{ line: number; row: RawRow }>, options: ImportOptions, seen = new Map<string, number>()): ParsedFile {
  const result: ParsedFile = { rows: [], errors: [] };
  for (const { line, row } of raw) {
    const checked = validateRow(row, options);
    const sourceId = typeof row.source_id === 'string' || typeof row.source_id === 'number' ? String(row.source_id).trim() || null : null;
    if (!checked.ok) {
      result.errors.push({ line, sourceId, reason: checked.reasons.join('; ') });
      continue;
    }
    const earlier = seen.get(checked.vacancy.sourceId);
    if (earlier !== undefined) {
      result.errors.push({ line, sourceId, reason: `source_id "${checked.vacancy.sourceId}" is already used on line ${earlier}` });
      continue;
    }
    seen.set(checked.vacancy.sourceId, line);
    result.rows.push({ line, vacancy: checked.vacancy });
  }
  return result;
}

/** Rows of a sample-shaped CSV file keyed by column name, each with the line it starts on. */
export function readCsv(text: string): Array<{ line: number; row: RawRow }> {
  const read = readTable(csvCells(text, detectSeparator(text)), SAMPLE_TABLE, 'source_id');
  if (!read.ok) throw new Error(read.problem);
  return read.rows.map((r) => ({ line: r.line, row: r.values }));
}

type Checked = { ok: true; vacancy: VacancyInput } | { ok: false; reasons: string[] };

function validateRow(row: RawRow, { region, now, timeZone, defaultSource }: ImportOptions): Checked {
  const reasons: string[] = [];
  const str = (key: string): string => (row[key] === undefined || row[key] === null ? '' : String(row[key]).trim());
  const required = (key: string): string => {
    const value = str(key);
    if (!value) reasons.push(`${key} is empty`);
    return value;
  };

  const sourceId = required('source_id');
  const title = required('title');
  const company = required('company');
  const howToApply = required('how_to_apply');

  let kecamatan = '';
  const district = str('district');
  if (!district) reasons.push('district is empty');
  else {
    const place = region.resolve(district);
    if (place.ok) kecamatan = place.code;
    else reasons.push(place.reason);
  }

  const educationText = str('min_education');
  const minEducation = educationText ? parseEducation(educationText) : null;
  if (!educationText) reasons.push('min_education is empty');
  else if (!minEducation) reasons.push(`min_education "${educationText}" is not one of SD SMP SMA D1 D2 D3 D4 S1 S2 S3 (SMK/SLTA count as SMA)`);

  const employmentType = parseEmployment(str('employment_type'), reasons);
  const today = localDate(now, timeZone);
  const closingDate = parseDate(str('closing_date'), 'closing_date', reasons);
  if (closingDate && closingDate.toISOString().slice(0, 10) < today) reasons.push(`closing_date ${closingDate.toISOString().slice(0, 10)} has already passed`);
  const publishedDate = parseDate(str('published_date'), 'published_date', reasons);

  const salaryMin = parseMoney(str('salary_min'), 'salary_min', reasons);
  const salaryMax = parseMoney(str('salary_max'), 'salary_max', reasons);
  if (salaryMin !== null && salaryMax !== null && salaryMin > salaryMax) reasons.push('salary_min is larger than salary_max');
  const ageMin = parseWhole(str('age_min'), 'age_min', 14, 70, reasons);
  const ageMax = parseWhole(str('age_max'), 'age_max', 14, 70, reasons);
  if (ageMin !== null && ageMax !== null && ageMin > ageMax) reasons.push('age_min is larger than age_max');
  const quota = parseWhole(str('quota'), 'quota', 1, 100000, reasons);
  const gender = parseGender(str('gender'), reasons);

  const statusText = str('status').toLowerCase() || 'published';
  const status = (VACANCY_STATUSES as readonly string[]).includes(statusText) ? (statusText as VacancyStatus) : null;
  if (!status) reasons.push(`status "${statusText}" is not one of ${VACANCY_STATUSES.join(', ')}`);
  const verified = parseYesNo(str('verified'), reasons);

  const sourceUrl = str('source_url') || null;
  if (sourceUrl && !/^https?:\/\/\S+$/.test(sourceUrl)) reasons.push('source_url is not a web address (http:// or https://)');

  if (reasons.length || !minEducation || !status) return { ok: false, reasons };
  return {
    ok: true,
    vacancy: {
      sourceId,
      source: str('source') || defaultSource,
      sourceUrl,
      title,
      company,
      kecamatan,
      address: str('address') || null,
      minEducation,
      keywords: str('keywords').split(/[;,|]/).map((k) => k.trim().toLowerCase()).filter(Boolean),
      major: str('major') || null,
      employmentType,
      salaryMin,
      salaryMax,
      ageMin,
      ageMax,
      gender,
      quota,
      experience: str('experience') || null,
      howToApply,
      verified,
      status,
      publishedAt: status === 'published' ? (publishedDate ?? null) : null,
      closingDate,
    },
  };
}

const EMPLOYMENT_WORDS: Record<string, EmploymentType> = {
  tetap: 'tetap', pkwtt: 'tetap', permanen: 'tetap', permanent: 'tetap',
  kontrak: 'kontrak', pkwt: 'kontrak', contract: 'kontrak',
  harian: 'harian', 'harian lepas': 'harian', 'daily worker': 'harian', borongan: 'harian',
  magang: 'magang', internship: 'magang', intern: 'magang',
  paruh_waktu: 'paruh_waktu', 'paruh waktu': 'paruh_waktu', 'part time': 'paruh_waktu', 'part-time': 'paruh_waktu', parttime: 'paruh_waktu',
};

function parseEmployment(text: string, reasons: string[]): EmploymentType | null {
  if (!text) return null;
  const type = EMPLOYMENT_WORDS[text.toLowerCase().replace(/\s+/g, ' ')];
  if (!type) reasons.push(`employment_type "${text}" is not one of ${EMPLOYMENT_TYPES.join(', ')}`);
  return type ?? null;
}

// Dates are calendar dates, kept as midnight UTC of that date.
/** A calendar date as staff write it (2026-12-31 or 31/12/2026); a reason is added when it is none. */
export function parseDate(text: string, key: string, reasons: string[]): Date | null {
  if (!text) return null;
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  let [y, mo, d] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0];
  if (!m) {
    m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
    if (m) [y, mo, d] = [Number(m[3]), Number(m[2]), Number(m[1])];
  }
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (!m || date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) {
    reasons.push(`${key} "${text}" is not a date (write 2026-12-31 or 31/12/2026)`);
    return null;
  }
  return date;
}

/** An amount in rupiah ("2,5jt", "4.500.000"); a reason is added when it is none. */
export function parseMoney(text: string, key: string, reasons: string[]): number | null {
  if (!text) return null;
  const t = text.toLowerCase().replace(/^rp\.?\s*/, '').replace(/\s+/g, '');
  const juta = /^(\d+(?:[.,]\d+)?)(jt|juta)$/.exec(t);
  const value = juta ? Math.round(Number(juta[1]!.replace(',', '.')) * 1_000_000) : /^\d{1,3}([.,]\d{3})+$|^\d+$/.test(t) ? Number(t.replace(/[.,]/g, '')) : NaN;
  if (!Number.isFinite(value) || value < 0) {
    reasons.push(`${key} "${text}" is not an amount in rupiah`);
    return null;
  }
  return value;
}

/** A whole number from min to max; a reason is added when it is none. */
export function parseWhole(text: string, key: string, min: number, max: number, reasons: string[]): number | null {
  if (!text) return null;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) {
    reasons.push(`${key} "${text}" is not a whole number from ${min} to ${max}`);
    return null;
  }
  return n;
}

function parseGender(text: string, reasons: string[]): 'L' | 'P' | null {
  const t = text.toLowerCase();
  if (!t || ['semua', 'any', 'bebas', 'l/p', 'pria/wanita'].includes(t)) return null;
  if (['l', 'laki-laki', 'laki laki', 'pria', 'male', 'cowok'].includes(t)) return 'L';
  if (['p', 'perempuan', 'wanita', 'female', 'cewek'].includes(t)) return 'P';
  reasons.push(`gender "${text}" is not L, P or empty`);
  return null;
}

function parseYesNo(text: string, reasons: string[]): boolean {
  const t = text.toLowerCase();
  if (!t || ['0', 'false', 'no', 'tidak', 'belum', 'n'].includes(t)) return false;
  if (['1', 'true', 'yes', 'ya', 'sudah', 'y'].includes(t)) return true;
  reasons.push(`verified "${text}" is not yes or no`);
  return false;
}
