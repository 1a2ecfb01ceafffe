// Job fairs and training programmes in and out: `pasker import events|training
// FILE` (the same files and refusals by line as vacancies; importing again
// updates by source_id and creates no duplicate), the CONTOH samples a new
// database gets, `pasker samples remove`, and the cached lists the dialogue reads.

import fs from 'node:fs';
import type { Db } from '../db/client.ts';
import { isEducation, educationRank } from '../domain/education.ts';
import type { Region } from '../domain/region.ts';
import { checkEventRows, checkTrainingRows, EVENT_TABLE, TRAINING_TABLE, type EventInput, type EventItem, type RowRefusal, type TrainingInput, type TrainingItem } from '../domain/services.ts';
import { csvCells, detectSeparator, readTable } from '../domain/table-file.ts';
import { fold } from '../domain/text.ts';
import { dateAfter } from '../domain/time.ts';
import { InputError } from '../errors.ts';
import { readTableFile } from './table-files.ts';

export interface ServiceImportReport {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  errors: RowRefusal[];
  notes: string[];
  warnings: string[];
}

interface Options {
  region: Region;
  timeZone: string;
  now?: Date;
}

export const SAMPLE_EVENTS = 'flows/samples/events.csv';
export const SAMPLE_TRAINING = 'flows/samples/training.csv';

/** Imports a .csv, .xlsx or .json file of job fairs and events. */
export async function importEventFile(db: Db, file: string, o: Options): Promise<ServiceImportReport> {
  const read = await readTableFile(file, EVENT_TABLE, { jsonListKey: 'events', keyColumn: 'source_id' });
  if (!read.ok) throw new InputError(`${file}: ${read.problem}`);
  const checked = checkEventRows(read.rows, { ...o, now: o.now ?? new Date(), defaultSource: 'import' });
  const counts = await upsertEvents(db, checked.rows, false);
  return { ...counts, rows: read.rows.length + read.refused.length, errors: merge(read.refused, checked.errors), notes: read.notes, warnings: read.warnings };
}

/** Imports a .csv, .xlsx or .json file of training programmes. */
export async function importTrainingFile(db: Db, file: string, o: Options): Promise<ServiceImportReport> {
  const read = await readTableFile(file, TRAINING_TABLE, { jsonListKey: 'training', keyColumn: 'source_id' });
  if (!read.ok) throw new InputError(`${file}: ${read.problem}`);
  const checked = checkTrainingRows(read.rows, { ...o, now: o.now ?? new Date(), defaultSource: 'import' });
  const counts = await upsertTraining(db, checked.rows, false);
  return { ...counts, rows: read.rows.length + read.refused.length, errors: merge(read.refused, checked.errors), notes: read.notes, warnings: read.warnings };
}

function merge(refused: Array<{ line: number; key: string | null; reason: string }>, errors: RowRefusal[]): RowRefusal[] {
  return [...refused.map((r) => ({ line: r.line, sourceId: r.key, reason: r.reason })), ...errors].sort((a, b) => a.line - b.line);
}

type Counts = Pick<ServiceImportReport, 'created' | 'updated' | 'unchanged'>;

function same(row: Record<string, unknown>, data: Record<string, unknown>): boolean {
  return Object.entries(data).every(([k, v]) => {
    const a = row[k];
    if (a instanceof Date || v instanceof Date) return (a as Date | null)?.getTime() === (v as Date | null)?.getTime();
    return a === v;
  });
}

async function upsertEvents(db: Db, inputs: EventInput[], isSample: boolean): Promise<Counts> {
  const counts: Counts = { created: 0, updated: 0, unchanged: 0 };
  for (const e of inputs) {
    const data = { ...e, isSample };
    const row = await db.event.findUnique({ where: { sourceId: e.sourceId } });
    if (!row) {
      await db.event.create({ data });
      counts.created++;
    } else if (same(row, data)) counts.unchanged++;
    else {
      await db.event.update({ where: { id: row.id }, data });
      counts.updated++;
    }
  }
  return counts;
}

async function upsertTraining(db: Db, inputs: TrainingInput[], isSample: boolean): Promise<Counts> {
  const counts: Counts = { created: 0, updated: 0, unchanged: 0 };
  for (const t of inputs) {
    const data = {
      ...t, isSample, keywords: t.keywords.join(';'), educationRank: t.minEducation ? educationRank(t.minEducation) : 0,
      searchText: fold([t.title, t.provider, t.keywords.join(' ')].join(' ')),
    };
    const row = await db.training.findUnique({ where: { sourceId: t.sourceId } });
    if (!row) {
      await db.training.create({ data });
      counts.created++;
    } else if (same(row, data)) counts.unchanged++;
    else {
      await db.training.update({ where: { id: row.id }, data });
      counts.updated++;
    }
  }
  return counts;
}

// A sample file's rows, with dates given as days from today (so the samples stay usable).
function sampleRows(file: string, now: Date, timeZone: string, dateColumns: string[]): Array<{ line: number; values: Record<string, string> }> {
  const text = fs.readFileSync(file, 'utf8');
  const spec = { rowName: 'sample', columns: [...(file.includes('events') ? EVENT_TABLE : TRAINING_TABLE).columns.map((c) => ({ ...c, required: false })), ...dateColumns.map((name) => ({ name: `${name}_in_days` }))] };
  const read = readTable(csvCells(text, detectSeparator(text)), spec, 'source_id');
  if (!read.ok) throw new Error(`${file}: ${read.problem}`);
  return read.rows.map((r) => {
    const values = { ...r.values };
    for (const name of dateColumns) {
      const days = values[`${name}_in_days`];
      if (days) values[name] = dateAfter(now, Number(days), timeZone).toISOString().slice(0, 10);
    }
    return { line: r.line, values };
  });
}

/** Loads the CONTOH job fairs and training programmes (fictional, marked as samples). */
export async function loadServiceSamples(db: Db, o: Options & { eventsFile?: string; trainingFile?: string }): Promise<{ events: ServiceImportReport; training: ServiceImportReport }> {
  const now = o.now ?? new Date();
  const ev = sampleRows(o.eventsFile ?? SAMPLE_EVENTS, now, o.timeZone, ['start_date', 'end_date']);
  const evChecked = checkEventRows(ev, { ...o, now, defaultSource: 'sample' });
  const tr = sampleRows(o.trainingFile ?? SAMPLE_TRAINING, now, o.timeZone, ['start_date', 'end_date', 'registration_closes']);
  const trChecked = checkTrainingRows(tr, { ...o, now, defaultSource: 'sample' });
  return {
    events: { ...(await upsertEvents(db, evChecked.rows, true)), rows: ev.length, errors: evChecked.errors, notes: [], warnings: [] },
    training: { ...(await upsertTraining(db, trChecked.rows, true)), rows: tr.length, errors: trChecked.errors, notes: [], warnings: [] },
  };
}

/**
 * `pasker flows check`: the sample job fairs and training read without a
 * refused row, and every sample says CONTOH in its own text, so a sample is
 * never mistaken for a real event. Returns the problems as "file:line: why".
 */
export function checkServiceSamples(o: Options): { problems: string[]; events: number; training: number } {
  const now = o.now ?? new Date();
  const problems: string[] = [];
  let events = 0;
  let training = 0;
  for (const [file, kind] of [[SAMPLE_EVENTS, 'events'], [SAMPLE_TRAINING, 'training']] as const) {
    let rows: Array<{ line: number; values: Record<string, string> }>;
    try {
      rows = sampleRows(file, now, o.timeZone, kind === 'events' ? ['start_date', 'end_date'] : ['start_date', 'end_date', 'registration_closes']);
    } catch (err) {
      problems.push(`${file}: ${(err as Error).message}`);
      continue;
    }
    const checked = kind === 'events' ? checkEventRows(rows, { ...o, now, defaultSource: 'sample' }) : checkTrainingRows(rows, { ...o, now, defaultSource: 'sample' });
    for (const e of checked.errors) problems.push(`${file}:${e.line}: ${e.reason}`);
    for (const r of rows) if (!Object.values(r.values).some((v) => v.includes('CONTOH'))) problems.push(`${file}:${r.line}: a sample must say CONTOH in its text (place, provider or notes)`);
    if (kind === 'events') events = checked.rows.length;
    else training = checked.rows.length;
  }
  return { problems, events, training };
}

/** Loads data files for tests and scripts as office data (not samples): events or training with dates relative to `now`. */
export async function loadServiceFile(db: Db, kind: 'events' | 'training', file: string, o: Options): Promise<ServiceImportReport> {
  const now = o.now ?? new Date();
  const rows = sampleRows(file, now, o.timeZone, kind === 'events' ? ['start_date', 'end_date'] : ['start_date', 'end_date', 'registration_closes']);
  if (kind === 'events') {
    const c = checkEventRows(rows, { ...o, now, defaultSource: 'import' });
    return { ...(await upsertEvents(db, c.rows, false)), rows: rows.length, errors: c.errors, notes: [], warnings: [] };
  }
  const c = checkTrainingRows(rows, { ...o, now, defaultSource: 'import' });
  return { ...(await upsertTraining(db, c.rows, false)), rows: rows.length, errors: c.errors, notes: [], warnings: [] };
}

/** Loads the samples only when there are no events and no training yet. */
export async function loadServiceSamplesIfEmpty(db: Db, o: Options): Promise<boolean> {
  if ((await db.event.count()) > 0 || (await db.training.count()) > 0) return false;
  await loadServiceSamples(db, o);
  return true;
}

/** `pasker samples remove`: every sample vacancy, job fair and training programme at once. */
export async function removeSamples(db: Db): Promise<{ vacancies: number; events: number; training: number }> {
  const [vacancies, events, training] = await db.$transaction([
    db.vacancy.deleteMany({ where: { isSample: true } }),
    db.event.deleteMany({ where: { isSample: true } }),
    db.training.deleteMany({ where: { isSample: true } }),
  ]);
  return { vacancies: vacancies.count, events: events.count, training: training.count };
}

/** The job fairs and training the dialogue reads, reloaded at most once a minute or after an import. */
export class ServiceCatalog {
  private cached: { at: number; events: EventItem[]; training: TrainingItem[] } | null = null;

  constructor(private readonly db: Db) {}

  invalidate(): void {
    this.cached = null;
  }

  async current(): Promise<{ events: EventItem[]; training: TrainingItem[] }> {
    if (this.cached && Date.now() - this.cached.at < 60_000) return this.cached;
    const [events, training] = await Promise.all([this.db.event.findMany({ orderBy: { startDate: 'asc' } }), this.db.training.findMany({ orderBy: { id: 'asc' } })]);
    this.cached = {
      at: Date.now(),
      events: events.map((e) => ({ ...e })),
      training: training.map((t) => ({ ...t, keywords: t.keywords ? t.keywords.split(';') : [], minEducation: isEducation(t.minEducation) ? t.minEducation : null })),
    };
    return this.cached;
  }
}
