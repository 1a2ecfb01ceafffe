// `pasker reports list [--status S] | show REF | approve REF [--by NAME] | reject REF --reason TEXT [--by NAME]`:
// staff decide on the vacancies employers reported in chat.

import os from 'node:os';
import { approveReport, getReport, listReports, rejectReport, reportLines } from '../app/reports.ts';
import { createRuntime, type Runtime } from '../app/runtime.ts';
import { checkServices } from '../app/startup-checks.ts';
import type { Config } from '../config.ts';
import { openRaw, type RawDb } from '../db/raw.ts';
import { EXIT, InputError } from '../errors.ts';
import { createLogger } from '../log.ts';

async function withRuntime<T>(config: Config, fn: (runtime: Runtime, raw: RawDb) => Promise<T>): Promise<T> {
  const log = createLogger('warn', undefined, config.LOG_FILE);
  await checkServices(config, log, { channels: false });
  const runtime = await createRuntime({ ...config, LOAD_SAMPLE_DATA: false }, log);
  const raw = openRaw(config.DATABASE_URL);
  try {
    return await fn(runtime, raw);
  } finally {
    await raw.close();
    await runtime.close();
  }
}

const STATUSES = ['pending', 'approved', 'rejected', 'all'];

export async function reportsList(config: Config, status: string): Promise<number> {
  if (!STATUSES.includes(status)) throw new InputError(`--status must be one of ${STATUSES.join(', ')} (got "${status}")`);
  return withRuntime(config, async (runtime) => {
    const list = await listReports(runtime, status === 'all' ? null : status);
    if (!list.length) process.stdout.write(`no ${status === 'all' ? '' : `${status} `}report\n`);
    for (const r of list) {
      const place = r.kecamatan ? runtime.content.region.nameOf(r.kecamatan) : '-';
      process.stdout.write(`${r.reference} ${r.status.padEnd(8)} ${r.createdAt.toISOString().slice(0, 10)} ${r.title} · ${r.company} · ${place}\n`);
    }
    return EXIT.ok;
  });
}

export async function reportsShow(config: Config, reference: string): Promise<number> {
  return withRuntime(config, async (runtime) => {
    process.stdout.write(`${reportLines(runtime, await getReport(runtime, reference)).join('\n')}\n`);
    return EXIT.ok;
  });
}

export async function reportsApprove(config: Config, reference: string, by: string | null): Promise<number> {
  return withRuntime(config, async (runtime, raw) => {
    const d = await approveReport(runtime, raw, reference, `cli:${by ?? os.userInfo().username}`);
    process.stdout.write(`${d.report.reference} approved: published as vacancy #${d.report.vacancyId}; immediate alerts queued: ${d.alertsQueued}; employer ${d.told ? 'told' : 'not told (no chat to answer)'}\n`);
    return EXIT.ok;
  });
}

export async function reportsReject(config: Config, reference: string, reason: string, by: string | null): Promise<number> {
  return withRuntime(config, async (runtime, raw) => {
    const d = await rejectReport(runtime, raw, reference, reason, `cli:${by ?? os.userInfo().username}`);
    process.stdout.write(`${d.report.reference} rejected; employer ${d.told ? 'told' : 'not told (no chat to answer)'}\n`);
    return EXIT.ok;
  });
}
