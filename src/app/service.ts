// The whole bot as one process: runtime, channels, HTTP server (webhooks and
// /healthz) and the schedule. `pasker start` runs this; tests start it too.

import type { FastifyInstance } from 'fastify';
import type { Channel } from '../channels/channel.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import { buildChannels, startChannels, type ChannelOverrides } from './channels.ts';
import { Delivery } from './delivery.ts';
import { createHttpServer } from './http.ts';
import { createRuntime, type Runtime } from './runtime.ts';
import { startSchedule } from './schedule.ts';

export interface Service {
  runtime: Runtime;
  channels: Channel[];
  delivery: Delivery;
  /** Base URL of the HTTP server, when channels run. */
  url: string | null;
  http: FastifyInstance | null;
  stop(): Promise<void>;
}

export async function startService(config: Config, log: Logger, overrides: ChannelOverrides & { schedule?: boolean; delivery?: Delivery } = {}): Promise<Service> {
  const runtime = await createRuntime(config, log);
  const delivery = overrides.delivery ?? new Delivery(runtime.db, log);
  let channels: Channel[] = [];
  let http: FastifyInstance | null = null;
  let url: string | null = null;
  try {
    channels = buildChannels(config, runtime, delivery, log, overrides);
    if (channels.length) {
      http = createHttpServer(channels);
      await startChannels(channels, runtime, delivery);
      url = await http.listen({ port: config.PORT, host: '0.0.0.0' });
      log.info('http server listening', { url, webhooks: channels.map((c) => c.provider) });
    }
  } catch (err) {
    for (const c of channels) await c.stop().catch(() => undefined);
    await http?.close();
    await runtime.close();
    throw err;
  }
  const stopSchedule = overrides.schedule === false ? async () => undefined : startSchedule(runtime, log);
  return {
    runtime, channels, delivery, url, http,
    async stop() {
      await stopSchedule();
      for (const c of channels) await c.stop().catch(() => undefined);
      await http?.close();
      await runtime.close();
    },
  };
}
