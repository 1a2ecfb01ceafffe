// `pasker alerts run`: plans one daily digest now and sends it (for staff
// and tests). `pasker worker`: a process that only delivers the outbox.

import { planDigests } from '../app/alerts.ts';
import { buildChannels } from '../app/channels.ts';
import { Delivery } from '../app/delivery.ts';
import { workerOptions } from '../app/delivery-runner.ts';
import { OutboxWorker } from '../app/outbox-worker.ts';
import { sharedRateLimiter } from '../app/rate-limit.ts';
import { createRuntime } from '../app/runtime.ts';
import { startWorker } from '../app/service.ts';
import type { Config } from '../config.ts';
import { openRaw } from '../db/raw.ts';
import { createLogger } from '../log.ts';
import { untilStopped } from './signals.ts';

export async function alertsRun(config: Config, args: string[]): Promise<number> {
  const log = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  const runtime = await createRuntime({ ...config, LOAD_SAMPLE_DATA: false }, log);
  const raw = openRaw(config.DATABASE_URL);
  try {
    const plan = await planDigests(runtime, raw, new Date());
    process.stdout.write(`digest planned: ${plan.subscriptions} active subscriptions, ${plan.digests} with new vacancies, ${plan.queued} messages queued (${plan.ms} ms)\n`);
    if (args.includes('--plan-only') || config.REDIS_URL) {
      if (config.REDIS_URL) process.stdout.write('REDIS_URL is set: the workers send them\n');
      return 0;
    }
    const delivery = new Delivery(runtime.db, log);
    const channels = await buildChannels({ ...config, WHATSAPP_WEB: false }, runtime, delivery, log);
    const limiter = sharedRateLimiter(config, raw, log);
    const worker = new OutboxWorker(runtime, raw, channels, delivery, limiter, workerOptions(config), log);
    const sent = await worker.drain();
    await limiter.close();
    const waiting = await runtime.db.outbox.count({ where: { kind: 'digest', status: 'pending' } });
    process.stdout.write(`sent or settled: ${sent}; still waiting (quiet hours, retries or no channel here): ${waiting}\n`);
    return 0;
  } finally {
    await raw.close();
    await runtime.close();
  }
}

export async function worker(config: Config): Promise<number> {
  const log = createLogger(config.LOG_LEVEL);
  const w = await startWorker(config, log);
  await untilStopped();
  log.info('worker stopping');
  await w.stop();
  return 0;
}
