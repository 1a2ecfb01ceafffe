// Vacancy files in: `pasker import vacancies FILE` and the sample data that
// a new, empty database gets on first start.

import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/client.ts';
import { upsertVacancies, type UpsertCounts } from '../db/vacancies.ts';
import type { Region } from '../domain/region.ts';
import { dateAfter } from '../domain/time.ts';
import { parseVacancyFile, readCsv, validateRows, type RowError } from '../domain/vacancy-import.ts';

export interface ImportReport extends UpsertCounts {
  errors: RowError[];
}

/** Imports a CSV or JSON file of vacancies; good rows are stored even when others are refused. */
export async function importVacancyFile(db: Db, file: string, options: { region: Region; timeZone: string; now?: Date }): Promise<ImportReport> {
  const ext = path.extname(file).toLowerCase();
  if (ext !== '.csv' && ext !== '.json') throw new Error(`${file}: the file name must end in .csv or .json`);
  const text = fs.readFileSync(file, 'utf8');
  const now = options.now ?? new Date();
  const parsed = parseVacancyFile(text, ext === '.csv' ? 'csv' : 'json', { region: options.region, now, timeZone: options.timeZone, defaultSource: 'import' });
  const counts = await upsertVacancies(db, parsed.rows.map((r) => r.vacancy), { now });
  return { ...counts, errors: parsed.errors };
}

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
  return { ...counts, errors: parsed.errors };
}

/** Loads the samples only into a database that has no vacancy yet. */
export async function loadSamplesIfEmpty(db: Db, options: { region: Region; timeZone: string }): Promise<ImportReport | null> {
  if ((await db.vacancy.count()) > 0) return null;
  return loadSampleVacancies(db, options);
}
