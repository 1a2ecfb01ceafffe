// The HTTP server: webhooks of the channels that use them, /healthz with
// each channel's state and the outside services' (database, Redis), and
// (added by src/web) the staff console.

import Fastify, { type FastifyInstance } from 'fastify';
import type { Channel } from '../channels/channel.ts';
import type { ServiceHealth } from './health.ts';

export interface WebhookChannel extends Channel {
  register(app: FastifyInstance): void;
}

function hasRoutes(c: Channel): c is WebhookChannel {
  return typeof (c as Partial<WebhookChannel>).register === 'function';
}

/**
 * Builds the server (not yet listening) for these channels. `llm`, when the
 * language model is on, adds its counts to /healthz; it never makes the
 * status degraded, since the rules answer whenever the model cannot.
 * `health`: the outside services as last seen (Redis, the database behind the queue).
 */
export function createHttpServer(channels: Channel[], options: { llm?: { health(): unknown } | null; trustProxy?: boolean; health?: ServiceHealth } = {}): FastifyInstance {
  // Behind a reverse proxy (TRUST_PROXY=1), X-Forwarded-Proto tells that the browser used https.
  const app = Fastify({ logger: false, bodyLimit: 1024 * 1024, trustProxy: options.trustProxy ?? false });
  app.get('/healthz', async (_req, res) => {
    const states = Object.fromEntries(channels.map((c) => [c.provider, c.health()]));
    const ok = channels.every((c) => ['ready', 'waiting_for_login', 'reconnecting', 'starting'].includes(c.health().state)) && (options.health?.ok ?? true);
    // `services` appears once a running service (Redis, the database behind the queue) has been seen.
    const services = options.health?.snapshot() ?? {};
    return res.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'degraded', channels: states, ...(Object.keys(services).length ? { services } : {}), ...(options.llm ? { llm: options.llm.health() } : {}) });
  });
  for (const c of channels) if (hasRoutes(c)) c.register(app);
  return app;
}
