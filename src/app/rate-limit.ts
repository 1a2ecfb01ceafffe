// Sending rates per channel (Telegram about 30 messages/s overall; WhatsApp
// as configured), with Bottleneck. With REDIS_URL the limiters are clustered
// in Redis, so the rate holds across every worker process.

import Bottleneck from 'bottleneck';
import type { Config } from '../config.ts';

export interface RateLimiter {
  /** Runs `fn` when the channel's rate allows. */
  schedule<T>(channel: string, fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Messages per second allowed on each channel. */
export function channelRates(config: Config): Record<string, number> {
  return { telegram: config.TELEGRAM_RATE_PER_SECOND, whatsapp: config.WHATSAPP_RATE_PER_SECOND, terminal: 1000 };
}

/** `onError`: told of the clustered limiters' Redis errors (instead of their being printed raw). */
export function createRateLimiter(rates: Record<string, number>, redisUrl: string | null, prefix = 'pasker', onError: (err: Error) => void = () => undefined): RateLimiter {
  const limiters = new Map<string, Bottleneck>();
  const limiter = (channel: string) => {
    let l = limiters.get(channel);
    if (!l) {
      // Whole milliseconds (Bottleneck's Redis scripts need them), rounded up and 1% under the
      // limit, so that network jitter bunching a few messages does not push a second over it.
      const minTime = Math.ceil(1000 / ((rates[channel] ?? 10) * 0.99));
      l = redisUrl
        ? new Bottleneck({ id: `${prefix}:rate:${channel}`, datastore: 'ioredis', clientOptions: redisOptions(redisUrl), minTime, maxConcurrent: null, timeout: 60_000 })
        : new Bottleneck({ minTime, maxConcurrent: null });
      l.on('error', onError);
      limiters.set(channel, l);
    }
    return l;
  };
  return {
    schedule: (channel, fn) => limiter(channel).schedule(fn),
    async close() {
      for (const l of limiters.values()) await l.disconnect(false).catch(() => undefined);
    },
  };
}

/** ioredis options from a redis:// URL; rediss:// turns TLS on (checking the server's certificate for its host name). */
export function redisOptions(url: string): { host: string; port: number; password?: string; db?: number; username?: string; tls?: { servername: string } } {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    ...(u.protocol === 'rediss:' ? { tls: { servername: u.hostname } } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.pathname.length > 1 ? { db: Number(u.pathname.slice(1)) } : {}),
  };
}
