// `pasker flows check`: checks every content file staff edit (also done at
// start-up); `pasker funnel`: how far people get in each guide.

import { guidePlaceholders, loadGuides } from '../app/guides.ts';
import { loadAppMessages, loadCatalogue, loadFaq, loadOffice } from '../app/content.ts';
import { prepareDatabase } from '../app/runtime.ts';
import { loadServiceWords } from '../app/service-words.ts';
import { checkServiceSamples } from '../app/service-files.ts';
import { checkServices } from '../app/startup-checks.ts';
import type { Config } from '../config.ts';
import { ContentError } from '../core/messages.ts';
import { loadRegion } from '../domain/region.ts';
import { createLogger } from '../log.ts';

export async function flowsCheck(config: Config, dir = 'flows/guides'): Promise<number> {
  const problems: string[] = [];
  const attempt = async (what: string, fn: () => unknown) => {
    try {
      await fn();
    } catch (err) {
      problems.push(...(err instanceof ContentError ? err.message.split('\n') : [`${what}: ${(err as Error).message}`]));
    }
  };
  await attempt('flows/messages.yaml', () => loadCatalogue());
  await attempt('flows/service.yaml', () => loadServiceWords());
  await attempt('flows/messages.yaml', () => loadAppMessages());
  await attempt('flows/faq.yaml', () => loadFaq());
  let office = null as ReturnType<typeof loadOffice> | null;
  await attempt('flows/office.yaml', () => (office = loadOffice(config)));
  await attempt(`flows/region/${config.REGION_CODE}.yaml`, () => loadRegion(config.REGION_CODE, config.REGION_ALIASES ?? undefined));
  let summary = '';
  let region = null as Awaited<ReturnType<typeof loadRegion>> | null;
  await attempt('flows/samples', async () => (region = await loadRegion(config.REGION_CODE, config.REGION_ALIASES ?? undefined)));
  let samples = '';
  if (region) {
    const s = checkServiceSamples({ region, timeZone: config.TIMEZONE });
    problems.push(...s.problems);
    samples = `\n  samples: ${s.events} job fairs and events, ${s.training} training programmes`;
  }
  if (office) {
    await attempt(dir, () => {
      const book = loadGuides(dir, guidePlaceholders(office!, config.SIPKERJA_URL));
      summary = book.guides.map((g) => `  ${g.id}: ${g.steps.length} steps`).join('\n');
    });
  }
  if (problems.length) {
    process.stderr.write(`${problems.length} problem(s):\n${problems.map((p) => `  ${p}`).join('\n')}\n`);
    return 1;
  }
  process.stdout.write(`flows OK\n${summary}${samples}\n`);
  return 0;
}

export async function funnel(config: Config): Promise<number> {
  const log = createLogger('warn', undefined, config.LOG_FILE);
  await checkServices(config, log, { channels: false });
  const db = await prepareDatabase(config, log);
  try {
    const rows = await db.guideFunnel.groupBy({ by: ['guide', 'step', 'event'], _sum: { count: true }, orderBy: [{ guide: 'asc' }, { step: 'asc' }] });
    if (!rows.length) process.stdout.write('no guide has been used yet\n');
    for (const r of rows) process.stdout.write(`${r.guide.padEnd(18)} step ${String(r.step).padStart(2)}  ${r.event.padEnd(6)} ${r._sum.count ?? 0}\n`);
    return 0;
  } finally {
    await db.$disconnect();
  }
}
