// Runs the outbox workers of a process. Without REDIS_URL: one worker loop
// that polls the outbox table (several such processes share it safely).
// With REDIS_URL: BullMQ queues, one per channel, fed with ready outbox rows,
// consumed by any number of `pasker worker` processes. Either way the rate
// limits are shared by all of them (in Redis, or in the database). The
// outbox table is the truth and the queues only a copy of it: a Redis that
// restarts empty is fed again from the table, and nothing is sent twice
// because a row is claimed in the database before it is sent.

import type { Channel } from '../channels/channel.ts';
import type { Config } from '../config.ts';
import { readyIds } from '../db/outbox.ts';
import { openRaw, type RawDb } from '../db/raw.ts';
import type { Logger } from '../log.ts';
import type { Delivery } from './delivery.ts';
import { OutboxWorker } from './outbox-worker.ts';
import { redisOptions, sharedRateLimiter, type RateLimiter } from './rate-limit.ts';
import type { Runtime } from './runtime.ts';
import { ServiceHealth } from './health.ts';

export interface DeliveryRunner {
  worker: OutboxWorker;
  stop(): Promise<void>;
  /** For a stop that cannot wait: gives back claimed rows not yet sent and drops the Redis connections. */
  abandon(): Promise<void>;
}

const queueName = (channel: string) => `deliver-${channel}`;

export function workerOptions(config: Config) {
  return {
    lockSeconds: config.DELIVERY_LOCK_SECONDS,
    quietHours: config.QUIET_HOURS,
    template: config.WHATSAPP_TEMPLATE ? { name: config.WHATSAPP_TEMPLATE, language: config.WHATSAPP_TEMPLATE_LANGUAGE } : null,
  };
}

/** Starts delivering the outbox on `channels`. */
export async function startDelivery(runtime: Runtime, channels: Channel[], delivery: Delivery, log: Logger, options: { concurrency?: number; health?: ServiceHealth } = {}): Promise<DeliveryRunner> {
  const health = options.health ?? new ServiceHealth(log);
  const config = runtime.config;
  const raw: RawDb = openRaw(config.DATABASE_URL, log);
  const limiter: RateLimiter = sharedRateLimiter(config, raw, log);
  const worker = new OutboxWorker(runtime, raw, channels, delivery, limiter, workerOptions(config), log);
  if (!config.REDIS_URL) {
    worker.start();
    return {
      worker,
      async stop() {
        await worker.stop();
        await limiter.close();
        await raw.close();
      },
      async abandon() {
        await worker.releaseUnsent();
      },
    };
  }

  const { Queue, Worker } = await import('bullmq');
  const connection = { ...redisOptions(config.REDIS_URL), maxRetriesPerRequest: null };
  const prefix = config.REDIS_PREFIX;
  const names = worker.channelNames;
  const queues = new Map(names.map((n) => [n, new Queue(queueName(n), { connection, prefix })]));
  const consumers = names.map(
    (n) =>
      new Worker(queueName(n), async (job) => void (await worker.processId(Number(job.data.id))), { connection, prefix, concurrency: options.concurrency ?? 8 }),
  );
  // Redis errors repeat on every reconnection attempt: they are reported once per change of state.
  for (const c of consumers) c.on('error', (err) => health.report('redis', 'down', err.message));
  for (const q of queues.values()) q.on('error', (err) => health.report('redis', 'down', err.message));
  // Feeds the queues with rows that are ready (new, due for a retry, or left by a worker that died).
  let feeding = true;
  const feeder = (async () => {
    let after = 0;
    while (feeding) {
      let ready: Array<{ id: number; channel: string }>;
      const startedAt = Date.now();
      try {
        ready = await readyIds(raw, { now: new Date(), limit: 1000, afterId: after });
        health.report('database', 'up', undefined, startedAt);
      } catch (err) {
        health.report('database', 'down', (err as Error).message);
        await pause(2000);
        continue;
      }
      const sentAt = Date.now();
      try {
        const mine = ready.filter((r) => queues.has(r.channel));
        for (const [n, q] of queues) {
          const jobs = mine.filter((r) => r.channel === n).map((r) => ({ name: 'send', data: { id: r.id }, opts: { jobId: `o${r.id}`, removeOnComplete: true, removeOnFail: true } }));
          if (jobs.length) await q.addBulk(jobs);
        }
        // One cheap call even when there is nothing to add, so that Redis coming back is noticed.
        if (queues.size) await queues.values().next().value!.count();
        health.report('redis', 'up', undefined, sentAt);
        after = ready.length === 1000 ? ready.at(-1)!.id : 0;
        if (ready.length < 1000) await pause(1000);
      } catch (err) {
        health.report('redis', 'down', (err as Error).message);
        await pause(2000);
      }
    }
  })();
  // Wakes the feeder from its pause when stopping.
  const pauses = new Set<() => void>();
  function pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => (clearTimeout(t), pauses.delete(done), resolve());
      const t = setTimeout(done, ms);
      pauses.add(done);
    });
  }
  return {
    worker,
    async stop() {
      feeding = false;
      for (const wake of [...pauses]) wake();
      await feeder;
      for (const c of consumers) await c.close();
      for (const q of queues.values()) await q.close();
      await limiter.close();
      await raw.close();
    },
    async abandon() {
      feeding = false;
      await worker.releaseUnsent();
      for (const c of consumers) void c.disconnect().catch(() => undefined);
      for (const q of queues.values()) void q.disconnect().catch(() => undefined);
    },
  };
}
