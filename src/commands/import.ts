// `pasker import vacancies FILE` and `pasker import samples`: what was read
// and how, a progress line on large files, every refused row with its line
// and reason, and a summary at the end (created, updated, unchanged,
// refused, alerts queued). Exit 2 when the file or any row was refused.

import { planImmediateAlerts } from '../app/alerts.ts';
import { prepareDatabase } from '../app/database.ts';
import { checkServices } from '../app/startup-checks.ts';
import { VacancyCatalog } from '../app/vacancy-catalog.ts';
import { importVacancyFile, loadSampleVacancies, type ImportReport } from '../app/vacancy-files.ts';
import { importEventFile, importTrainingFile, loadServiceSamples, removeSamples, type ServiceImportReport } from '../app/service-files.ts';
import type { Config } from '../config.ts';
import { openRaw } from '../db/raw.ts';
import { loadJobWords } from '../domain/job-words.ts';
import { loadRegion } from '../domain/region.ts';
import { EXIT } from '../errors.ts';
import { createLogger } from '../log.ts';
import { userPath } from './paths.ts';

/** Files with more rows than this get a progress line per stored batch. */
const PROGRESS_FROM_ROWS = 2000;

export async function importVacancies(config: Config, fileArg: string): Promise<number> {
  const file = userPath(fileArg);
  const log = createLogger('warn', undefined, config.LOG_FILE);
  await checkServices(config, log, { channels: false });
  // Only what storing and planning alerts need: not the whole bot (understanding, messages,
  // conversations), which cost start-up time and tens of MB. No samples are loaded: they go
  // only into a database someone chats with (start, chat), never under staff data.
  const db = await prepareDatabase(config, log);
  const raw = openRaw(config.DATABASE_URL);
  try {
    const region = await loadRegion(config.REGION_CODE, config.REGION_ALIASES ?? undefined);
    const report = await importVacancyFile(db, file, {
      region,
      timeZone: config.TIMEZONE,
      raw,
      onProgress: (done, total) => {
        if (total > PROGRESS_FROM_ROWS && done < total) process.stderr.write(`  stored ${done} of ${total} rows...\n`);
      },
    });
    // Subscribers who asked for every new vacancy at once get them queued now; what a crash here
    // leaves unplanned is planned by the next import or the schedule (the windows did not move).
    const catalog = new VacancyCatalog(db, loadJobWords(), config.TIMEZONE);
    const alerts = await planImmediateAlerts({ config, catalog }, raw, new Date());
    print(fileArg, report, alerts.queued);
    return report.errors.length ? EXIT.refused : EXIT.ok;
  } finally {
    await raw.close();
    await db.$disconnect();
  }
}

export async function importSamples(config: Config): Promise<number> {
  const log = createLogger('warn', undefined, config.LOG_FILE);
  await checkServices(config, log, { channels: false });
  const db = await prepareDatabase(config, log);
  try {
    const region = await loadRegion(config.REGION_CODE, config.REGION_ALIASES ?? undefined);
    const report = await loadSampleVacancies(db, { region, timeZone: config.TIMEZONE });
    print('sample vacancies', report, null);
    const more = await loadServiceSamples(db, { region, timeZone: config.TIMEZONE });
    printService('sample events', more.events);
    printService('sample training', more.training);
    return report.errors.length || more.events.errors.length || more.training.errors.length ? EXIT.refused : EXIT.ok;
  } finally {
    await db.$disconnect();
  }
}

function print(what: string, r: ImportReport, alerts: number | null): void {
  const out: string[] = [];
  if (r.notes.length) out.push(`${what}: read ${r.notes.join('; ')}`);
  for (const w of r.warnings) out.push(`warning: ${w}`);
  for (const e of r.errors) out.push(`  line ${e.line}${e.sourceId ? ` (${e.sourceId})` : ''}: ${e.reason}`);
  out.push(`${what}: ${r.rows} rows: ${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged, ${r.errors.length} refused${alerts === null ? '' : `; immediate alerts queued: ${alerts}`}`);
  if (r.errors.length) out.push('the refused rows were not imported: correct them in the file and import it again (rows already imported are not duplicated)');
  process.stdout.write(`${out.join('\n')}\n`);
}

/** `pasker import events FILE` / `pasker import training FILE`: refused rows by line; importing again updates, never duplicates. */
export async function importServices(config: Config, kind: 'events' | 'training', fileArg: string): Promise<number> {
  const file = userPath(fileArg);
  const log = createLogger('warn', undefined, config.LOG_FILE);
  await checkServices(config, log, { channels: false });
  const db = await prepareDatabase(config, log);
  try {
    const region = await loadRegion(config.REGION_CODE, config.REGION_ALIASES ?? undefined);
    const options = { region, timeZone: config.TIMEZONE };
    const report = kind === 'events' ? await importEventFile(db, file, options) : await importTrainingFile(db, file, options);
    printService(fileArg, report);
    return report.errors.length ? EXIT.refused : EXIT.ok;
  } finally {
    await db.$disconnect();
  }
}

/** `pasker samples remove`: every CONTOH vacancy, job fair and training programme at once. */
export async function samplesRemove(config: Config): Promise<number> {
  const log = createLogger('warn', undefined, config.LOG_FILE);
  await checkServices(config, log, { channels: false });
  const db = await prepareDatabase(config, log);
  try {
    const n = await removeSamples(db);
    process.stdout.write(`removed the samples: ${n.vacancies} vacancies, ${n.events} events, ${n.training} training programmes\n`);
    return EXIT.ok;
  } finally {
    await db.$disconnect();
  }
}

function printService(what: string, r: ServiceImportReport): void {
  const out: string[] = [];
  if (r.notes.length) out.push(`${what}: read ${r.notes.join('; ')}`);
  for (const w of r.warnings) out.push(`warning: ${w}`);
  for (const e of r.errors) out.push(`  line ${e.line}${e.sourceId ? ` (${e.sourceId})` : ''}: ${e.reason}`);
  out.push(`${what}: ${r.rows} rows: ${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged, ${r.errors.length} refused`);
  if (r.errors.length) out.push('the refused rows were not imported: correct them in the file and import it again (rows already imported are not duplicated)');
  process.stdout.write(`${out.join('\n')}\n`);
}
