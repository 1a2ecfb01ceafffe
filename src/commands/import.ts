// `pasker import vacancies FILE` and `pasker import samples`.

import { loadRegion } from '../domain/region.ts';
import { importVacancyFile, loadSampleVacancies, type ImportReport } from '../app/vacancy-files.ts';
import { planImmediateAlerts } from '../app/alerts.ts';
import { createRuntime, prepareDatabase } from '../app/runtime.ts';
import { openRaw } from '../db/raw.ts';
import type { Config } from '../config.ts';
import { createLogger } from '../log.ts';

export async function importVacancies(config: Config, file: string): Promise<number> {
  // Samples go only into a database someone chats with (start, chat), never under staff data.
  const runtime = await createRuntime({ ...config, LOAD_SAMPLE_DATA: false }, createLogger('warn'));
  const raw = openRaw(config.DATABASE_URL);
  try {
    const report = await importVacancyFile(runtime.db, file, { region: runtime.content.region, timeZone: config.TIMEZONE });
    print(file, report);
    // Subscribers who asked for every new vacancy at once get them queued now.
    const alerts = await planImmediateAlerts(runtime, raw, report.published, new Date());
    if (alerts) process.stdout.write(`immediate alerts queued: ${alerts}\n`);
    return report.errors.length ? 2 : 0;
  } finally {
    await raw.close();
    await runtime.close();
  }
}

export async function importSamples(config: Config): Promise<number> {
  const db = await prepareDatabase(config, createLogger('warn'));
  try {
    const region = await loadRegion(config.REGION_CODE, config.REGION_ALIASES ?? undefined);
    const report = await loadSampleVacancies(db, { region, timeZone: config.TIMEZONE });
    print('sample vacancies', report);
    return report.errors.length ? 2 : 0;
  } finally {
    await db.$disconnect();
  }
}

function print(what: string, r: ImportReport): void {
  process.stdout.write(`${what}: ${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged, ${r.errors.length} refused\n`);
  for (const e of r.errors) process.stdout.write(`  line ${e.line}${e.sourceId ? ` (${e.sourceId})` : ''}: ${e.reason}\n`);
}
