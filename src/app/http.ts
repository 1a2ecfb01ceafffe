// The HTTP server: webhooks of the channels that use them, and /healthz with
// each channel's state and the outside services' (database, Redis).

import Fastify, { type FastifyInstance } from 'fastify';
import type { Channel } from '../channels/channel.ts';
import type { ServiceHealth } from './health.ts';

export interface WebhookChannel extends Channel {
  register(app: FastifyInstance): void;
}

function hasRoutes(c: Channel): c is WebhookChannel {
  return typeof (c as Partial<WebhookChannel>).register === 'function';
}

/** Builds the server (not yet listening) for these channels. */
export function createHttpServer(channels: Channel[], health?: ServiceHealth): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
  app.get('/healthz', async (_req, res) => {
    const states = Object.fromEntries(channels.map((c) => [c.provider, c.health()]));
    const ok = channels.every((c) => ['ready', 'waiting_for_login', 'reconnecting', 'starting'].includes(c.health().state)) && (health?.ok ?? true);
    // `services` appears once a running service (Redis, the database behind the queue) has been seen.
    const services = health?.snapshot() ?? {};
    return res.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'degraded', channels: states, ...(Object.keys(services).length ? { services } : {}) });
  });
  for (const c of channels) if (hasRoutes(c)) c.register(app);
  return app;
}
