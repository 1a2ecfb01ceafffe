// Reading vacancy files (CSV or JSON) that staff prepare: every row is either
// a valid vacancy or a refusal with its line number and reason.

import { parse as parseCsv } from 'csv-parse/sync';
import { parseEducation } from './education.ts';
import type { Region } from './region.ts';
import { localDate } from './time.ts';
import { EMPLOYMENT_TYPES, VACANCY_STATUSES, type EmploymentType, type Vacancy, type VacancyStatus } from './vacancy.ts';

/** The columns every file must have (values may be empty where noted in the README). */
export const REQUIRED_COLUMNS = [
  'source_id', 'title', 'company', 'district', 'min_education', 'keywords', 'employment_type', 'how_to_apply', 'closing_date',
] as const;

/** Columns a file may add. */
export const OPTIONAL_COLUMNS = [
  'address', 'salary_min', 'salary_max', 'age_min', 'age_max', 'gender', 'quota', 'experience', 'major',
  'source', 'source_url', 'published_date', 'status', 'verified',
] as const;

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

/** Parses a whole file; `format` comes from the file name (.csv / .json). */
export function parseVacancyFile(text: string, format: 'csv' | 'json', options: ImportOptions): ParsedFile {
  let raw: Array<{ line: number; row: RawRow }>;
  try {
    raw = format === 'csv' ? readCsv(text) : readJson(text);
  } catch (err) {
    return { rows: [], errors: [{ line: 0, sourceId: null, reason: `the file cannot be read: ${(err as Error).message}` }] };
  }
  if (format === 'csv' && raw.length) {
    const missing = REQUIRED_COLUMNS.filter((c) => !(c in raw[0]!.row));
    if (missing.length) return { rows: [], errors: [{ line: 1, sourceId: null, reason: `missing column(s): ${missing.join(', ')}` }] };
  }
  return validateRows(raw, options);
}

/** Checks rows already read from a file (objects keyed by column name, with their line numbers). */
export function validateRows(raw: Array<{ line: number; row: RawRow }>, options: ImportOptions): ParsedFile {
  const result: ParsedFile = { rows: [], errors: [] };
  const seen = new Map<string, number>();
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

/** Rows of a CSV file keyed by lower-case column name, each with the line it starts on. */
export function readCsv(text: string): Array<{ line: number; row: RawRow }> {
  const records = parseCsv(text.replace(/^\uFEFF/, ''), {
    columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
    skip_empty_lines: true,
    trim: true,
    relax_column_count: true,
    info: true,
  }) as Array<{ record: RawRow; info: { lines: number; columns: unknown[] } }>;
  // info.lines is the line the record ends on; a record starts after the previous one.
  let start = 2;
  return records.map(({ record, info }) => {
    const line = start;
    start = info.lines + 1;
    return { line, row: record };
  });
}

function readJson(text: string): Array<{ line: number; row: RawRow }> {
  const data: unknown = JSON.parse(text);
  const list = Array.isArray(data) ? data : (data as { vacancies?: unknown }).vacancies;
  if (!Array.isArray(list)) throw new Error('expected an array of vacancies, or an object with a "vacancies" array');
  const lines = objectStartLines(text);
  return list.map((row, i) => ({ line: lines[i] ?? i + 1, row: (row && typeof row === 'object' ? row : {}) as RawRow }));
}

// Line numbers where each element of the top-level array starts.
function objectStartLines(text: string): number[] {
  const starts: number[] = [];
  let depth = 0;
  let line = 1;
  let inString = false;
  let arrayDepth = -1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') line++;
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '[' || ch === '{') {
      if (ch === '{' && depth === arrayDepth + 1 && arrayDepth >= 0) starts.push(line);
      if (ch === '[' && arrayDepth < 0) arrayDepth = depth;
      depth++;
    } else if (ch === ']' || ch === '}') depth--;
  }
  return starts;
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
function parseDate(text: string, key: string, reasons: string[]): Date | null {
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

function parseMoney(text: string, key: string, reasons: string[]): number | null {
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

function parseWhole(text: string, key: string, min: number, max: number, reasons: string[]): number | null {
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
