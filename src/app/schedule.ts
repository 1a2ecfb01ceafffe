// Every scheduled job in one place, with its cron expression and time zone.
// With REDIS_URL, only one process runs each firing (a lock in Redis).

import cron, { type RunCoordinator, type ScheduledTask } from 'node-cron';
import type { Redis } from 'ioredis';
import { purgeMessageLog } from '../db/conversations.ts';
import { openRaw } from '../db/raw.ts';
import type { Logger } from '../log.ts';
import { planDigests, planImmediateAlerts } from './alerts.ts';
import { planServiceAlerts } from './service-alerts.ts';
import { redisOptions } from './rate-limit.ts';
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
      name: 'daily-digest',
      cron: runtime.config.DIGEST_CRON,
      description: 'plan the daily vacancy digest for every active subscription (workers send it)',
      run: async (rt, now) => {
        const raw = openRaw(rt.config.DATABASE_URL);
        try {
          return { ...(await planDigests(rt, raw, now)) };
        } finally {
          await raw.close();
        }
      },
    },
    {
      name: 'immediate-alerts',
      cron: '*/5 * * * *',
      description: 'queue the "at once" alerts an import (or another process) left unplanned',
      run: async (rt, now) => {
        const raw = openRaw(rt.config.DATABASE_URL);
        try {
          // A minute's margin: rows of an import still being written are left to its own planning.
          const vacancies = await planImmediateAlerts(rt, raw, now, { until: new Date(now.getTime() - 60_000) });
          // New job fairs and training for those who asked to hear of them.
          const notices = await planServiceAlerts(rt, raw, now);
          return { ...vacancies, notices: notices.queued };
        } finally {
          await raw.close();
        }
      },
    },
    {
      name: 'purge-message-log',
      cron: '15 3 * * *',
      description: `delete message-log rows older than MESSAGE_LOG_DAYS (${runtime.config.MESSAGE_LOG_DAYS})`,
      run: async (rt, now) => ({ removed: await purgeMessageLog(rt.db, rt.config.MESSAGE_LOG_DAYS, now) }),
    },
  ];
}

/** One firing per slot across processes: the first to set the key in Redis runs it. */
function redisCoordinator(redis: Redis, prefix: string): RunCoordinator {
  return { shouldRun: async (key, ttlMs) => (await redis.set(`${prefix}:cron:${key}`, String(process.pid), 'PX', Math.max(ttlMs, 60_000), 'NX')) === 'OK' };
}

/** Starts every job; returns a function that stops them. */
export async function startSchedule(runtime: Runtime, log: Logger): Promise<() => Promise<void>> {
  const quiet = { info: () => {}, warn: (m: string) => log.warn(m), error: (m: string | Error) => log.error(String(m)), debug: () => {} };
  const redis = runtime.config.REDIS_URL ? new (await import('ioredis')).Redis({ ...redisOptions(runtime.config.REDIS_URL), lazyConnect: true }) : null;
  // ioredis reconnects by itself; without a listener each failed attempt is reported as unhandled.
  redis?.on('error', (err) => log.debug('schedule lock redis connection error', { error: err }));
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
      { name: job.name, timezone: runtime.config.TIMEZONE, noOverlap: true, logger: quiet, ...(redis ? { distributed: true, runCoordinator: redisCoordinator(redis, runtime.config.REDIS_PREFIX) } : {}) },
    ),
  );
  return async () => {
    for (const t of tasks) await t.destroy();
    redis?.disconnect();
  };
}
