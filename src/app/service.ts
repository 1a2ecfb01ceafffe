// The whole bot as one process: runtime, channels, HTTP server (webhooks and
// /healthz) and the schedule. `pasker start` runs this; tests start it too.

import type { FastifyInstance } from 'fastify';
import type { Channel } from '../channels/channel.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import { openRaw } from '../db/raw.ts';
import { buildChannels, startChannels, type ChannelOverrides } from './channels.ts';
import { Delivery, DELIVERY_DEFAULTS } from './delivery.ts';
import { startDelivery, type DeliveryRunner } from './delivery-runner.ts';
import { createRuntime, type Runtime } from './runtime.ts';
import { startSchedule } from './schedule.ts';
import { ServiceHealth } from './health.ts';
import { ServiceError } from '../errors.ts';
import type { LearningFiles } from '../web/learning.ts';

export interface Service {
  runtime: Runtime;
  /** The outside services as last seen (shown on /healthz). */
  health: ServiceHealth;
  channels: Channel[];
  delivery: Delivery;
  /** Base URL of the HTTP server, when channels or the console run. */
  url: string | null;
  http: FastifyInstance | null;
  stop(): Promise<void>;
  /** For a stop that cannot wait: gives back claimed messages not yet sent. */
  abandon(): Promise<void>;
}

export async function startService(config: Config, log: Logger, overrides: ChannelOverrides & { schedule?: boolean; delivery?: Delivery; outbox?: boolean; learningFiles?: LearningFiles } = {}): Promise<Service> {
  const runtime = await createRuntime(config, log);
  const raw = openRaw(config.DATABASE_URL, log);
  // Records of replies sent and of status callbacks: several per message, each already true when written.
  const records = openRaw(config.DATABASE_URL, log, { records: true });
  const delivery = overrides.delivery ?? new Delivery(runtime.db, log, { ...DELIVERY_DEFAULTS, raw: records });
  const health = new ServiceHealth(log);
  let channels: Channel[] = [];
  let http: FastifyInstance | null = null;
  let url: string | null = null;
  let runner: DeliveryRunner | null = null;
  try {
    channels = await buildChannels(config, runtime, delivery, log, overrides);
    // The console needs the server even when no channel runs (the terminal chat goes on beside it).
    if (channels.length || config.WEB_CONSOLE) {
      const { createHttpServer } = await import('./http.ts');
      http = createHttpServer(channels, { llm: runtime.llm, trustProxy: config.TRUST_PROXY, health });
      if (channels.length) await startChannels(channels, runtime, delivery, { raw, log });
      if (config.WEB_CONSOLE) await (await import('../web/console.ts')).registerConsole(http, { runtime, raw, log, channels, ...(overrides.learningFiles ? { files: overrides.learningFiles } : {}) });
      url = await listen(http, config.PORT);
      log.info('http server listening', { url, webhooks: channels.map((c) => c.provider), console: config.WEB_CONSOLE ? `${url}/admin` : null });
      if (channels.length && overrides.outbox !== false) runner = await startDelivery(runtime, channels, delivery, log, { health });
    }
  } catch (err) {
    for (const c of channels) await c.stop().catch(() => undefined);
    await http?.close();
    await raw.close();
    await records.close();
    await runtime.close();
    throw err;
  }
  const stopSchedule = overrides.schedule === false ? async () => undefined : await startSchedule(runtime, log);
  return {
    runtime, health, channels, delivery, url, http,
    async abandon() {
      await runner?.abandon();
    },
    async stop() {
      await stopSchedule();
      await runner?.stop();
      for (const c of channels) await c.stop().catch(() => undefined);
      await http?.close();
      await raw.close();
      await records.close();
      await runtime.close();
    },
  };
}

/**
 * A delivery-only process (`pasker worker`): sends the outbox on Telegram and
 * the WhatsApp Cloud API without receiving messages. WhatsApp Web is sent only
 * by the process that holds its session (`pasker start`).
 */
export async function startWorker(config: Config, log: Logger): Promise<{ runtime: Runtime; runner: DeliveryRunner; stop(): Promise<void>; abandon(): Promise<void> }> {
  const runtime = await createRuntime({ ...config, LOAD_SAMPLE_DATA: false }, log);
  const delivery = new Delivery(runtime.db, log);
  const channels = await buildChannels({ ...config, WHATSAPP_WEB: false }, runtime, delivery, log);
  const runner = await startDelivery(runtime, channels, delivery, log);
  log.info('worker ready', { channels: channels.map((c) => c.provider), queue: config.REDIS_URL ? 'redis' : 'database' });
  return {
    runtime, runner,
    async stop() {
      await runner.stop();
      await runtime.close();
    },
    abandon: () => runner.abandon(),
  };
}

async function listen(http: FastifyInstance, port: number): Promise<string> {
  try {
    return await http.listen({ port, host: '0.0.0.0' });
  } catch (err) {
    if ((err as { code?: string }).code === 'EADDRINUSE') throw new ServiceError(`PORT ${port} is already in use (another Pasker running?): set PORT to a free port, or WEB_CONSOLE=0 when no channel needs it`, { cause: err });
    throw err;
  }
}
