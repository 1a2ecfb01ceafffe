// Vacancy files in: `pasker import vacancies FILE` and the sample data that
// a new, empty database gets on first start.

import fs from 'node:fs';
import type { Db } from '../db/client.ts';
import type { RawDb } from '../db/raw.ts';
import { upsertVacancies, type UpsertCounts } from '../db/vacancies.ts';
import type { Region } from '../domain/region.ts';
import { dateAfter } from '../domain/time.ts';
import { readCsv, tableChecker, validateRows, VACANCY_TABLE, type RowError } from '../domain/vacancy-import.ts';
import { InputError } from '../errors.ts';
import { readTableFileInBatches } from './table-files.ts';

export interface ImportReport extends UpsertCounts {
  /** Rows in the file (not counting the column names). */
  rows: number;
  errors: RowError[];
  /** How the file was read (separator, encoding, sheet). */
  notes: string[];
  /** What staff should fix that did not stop the import (unknown columns). */
  warnings: string[];
}

export interface ImportOptions {
  region: Region;
  timeZone: string;
  now?: Date;
  /** Called after each stored batch with how many rows of the file are done (stored or refused) and how many there are. */
  onProgress?: (done: number, total: number) => void;
  /** Plain SQL on the same database, for storing large files without the ORM's overhead (see upsertVacancies). */
  raw?: RawDb;
}

/**
 * Imports a .csv, .xlsx or .json file of vacancies; good rows are stored
 * even when others are refused. A file that cannot be imported at all
 * (missing, empty, no known columns) throws InputError naming it, and
 * nothing of it is stored. The rows are read, checked and stored a batch at
 * a time, so a large CSV file is never held in memory whole.
 */
export async function importVacancyFile(db: Db, file: string, options: ImportOptions): Promise<ImportReport> {
  const read = await readTableFileInBatches(file, VACANCY_TABLE, { jsonListKey: 'vacancies', keyColumn: 'source_id' }, IMPORT_BATCH);
  if (!read.ok) throw new InputError(`${file}: ${read.problem}`);
  const now = options.now ?? new Date();
  const check = tableChecker({ region: options.region, now, timeZone: options.timeZone, defaultSource: 'import' });
  const report: ImportReport = { created: 0, updated: 0, unchanged: 0, published: [], rows: read.rows, errors: [], notes: read.notes, warnings: read.warnings };
  let done = 0;
  for await (const batch of read.batches()) {
    const parsed = check(batch);
    report.errors.push(...parsed.errors);
    const counts = await upsertVacancies(db, parsed.rows.map((r) => r.vacancy), { now, clock: options.now ? () => now : () => new Date(), ...(options.raw ? { raw: options.raw } : {}) });
    report.created += counts.created;
    report.updated += counts.updated;
    report.unchanged += counts.unchanged;
    report.published.push(...counts.published);
    done += batch.rows.length + batch.refused.length;
    options.onProgress?.(done, read.rows);
  }
  return report;
}

/** Rows read, checked and stored at a time (upsertVacancies writes at most 500 in one statement). */
const IMPORT_BATCH = 500;

export const SAMPLE_FILE = 'flows/samples/vacancies.csv';

/**
 * Loads the sample vacancies, marked as samples. Their dates are relative
 * (published N days ago, closing in N days) so the samples stay usable.
 */
export async function loadSampleVacancies(db: Db, options: { region: Region; timeZone: string; now?: Date; file?: string }): Promise<ImportReport> {
  const now = options.now ?? new Date();
  const raw = readCsv(fs.readFileSync(options.file ?? SAMPLE_FILE, 'utf8')).map(({ line, row }) => ({
    line,
    row: {
      ...row,
      source: 'sample',
      published_date: dateAfter(now, -Number(row.published_days_ago ?? 0), options.timeZone).toISOString().slice(0, 10),
      closing_date: dateAfter(now, Number(row.closing_in_days ?? 30), options.timeZone).toISOString().slice(0, 10),
    },
  }));
  const parsed = validateRows(raw, { region: options.region, now, timeZone: options.timeZone, defaultSource: 'sample' });
  const counts = await upsertVacancies(db, parsed.rows.map((r) => r.vacancy), { now, isSample: true });
  return { ...counts, rows: raw.length, errors: parsed.errors, notes: [], warnings: [] };
}

/** Loads the samples only into a database that has no vacancy yet. */
export async function loadSamplesIfEmpty(db: Db, options: { region: Region; timeZone: string }): Promise<ImportReport | null> {
  if ((await db.vacancy.count()) > 0) return null;
  return loadSampleVacancies(db, options);
}
