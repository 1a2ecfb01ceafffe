// Every scheduled job in one place, with its cron expression and time zone.

import cron, { type ScheduledTask } from 'node-cron';
import { purgeMessageLog } from '../db/conversations.ts';
import type { Logger } from '../log.ts';
import type { Runtime } from './runtime.ts';

export interface Job {
  name: string;
  /** Cron expression in the office's time zone (TIMEZONE). */
  cron: string;
  description: string;
  run(runtime: Runtime, now: Date): Promise<Record<string, unknown>>;
}

/** The jobs, readable at a glance. */
export function jobs(runtime: Runtime): Job[] {
  return [
    {
      name: 'purge-message-log',
      cron: '15 3 * * *',
      description: `delete message-log rows older than MESSAGE_LOG_DAYS (${runtime.config.MESSAGE_LOG_DAYS})`,
      run: async (rt, now) => ({ removed: await purgeMessageLog(rt.db, rt.config.MESSAGE_LOG_DAYS, now) }),
    },
  ];
}

/** Starts every job; returns a function that stops them. */
export function startSchedule(runtime: Runtime, log: Logger): () => Promise<void> {
  const quiet = { info: () => {}, warn: (m: string) => log.warn(m), error: (m: string | Error) => log.error(String(m)), debug: () => {} };
  const tasks: ScheduledTask[] = jobs(runtime).map((job) =>
    cron.schedule(
      job.cron,
      async () => {
        try {
          log.info('scheduled job done', { job: job.name, ...(await job.run(runtime, new Date())) });
        } catch (err) {
          log.error('scheduled job failed', { job: job.name, error: err });
        }
      },
      { name: job.name, timezone: runtime.config.TIMEZONE, noOverlap: true, logger: quiet },
    ),
  );
  return async () => {
    for (const t of tasks) await t.destroy();
  };
}
