// Sending rates per channel (Telegram about 30 messages/s overall; WhatsApp
// as configured), shared by every process that sends: each message takes the
// channel's next free slot from Redis (REDIS_URL) or from the database (the
// RateLimit table), so three workers at 30/s send 30/s, not 90. A slot is one
// number per channel that is created when missing, so a Redis that restarts
// empty simply starts again from now; there are no settings to lose. Slots
// are counted on the shared server's clock, so the processes' clocks need
// not agree.

import type { Redis } from 'ioredis';
import type { Config } from '../config.ts';
import { retryTransient } from '../db/errors.ts';
import type { RawDb } from '../db/raw.ts';
import { silentLogger, type Logger } from '../log.ts';

export interface RateLimiter {
  /** Runs `fn` when the channel's rate allows. */
  schedule<T>(channel: string, fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Messages per second allowed on each channel. */
export function channelRates(config: Config): Record<string, number> {
  return { telegram: config.TELEGRAM_RATE_PER_SECOND, whatsapp: config.WHATSAPP_RATE_PER_SECOND, terminal: 1000 };
}

/** Where the slots are kept: the time a send may go, and the store's clock now, both in ms. */
interface SlotStore {
  reserve(channel: string, intervalMs: number): Promise<{ at: number; now: number }>;
  close(): Promise<void>;
}

/** Where the slots live: Redis, the database, or (null) this process alone (tests, benchmarks). */
export type SlotBackend = { redisUrl: string; prefix: string } | { raw: RawDb } | null;

/** The limiter every sending process uses: slots in Redis with REDIS_URL, in the database without. */
export function sharedRateLimiter(config: Config, raw: RawDb, log: Logger): RateLimiter {
  return createRateLimiter(channelRates(config), config.REDIS_URL ? { redisUrl: config.REDIS_URL, prefix: config.REDIS_PREFIX } : { raw }, log);
}

export function createRateLimiter(rates: Record<string, number>, backend: SlotBackend, log: Logger = silentLogger): RateLimiter {
  const store = !backend ? memorySlots() : 'raw' in backend ? databaseSlots(backend.raw) : redisSlots(backend.redisUrl, backend.prefix, log);
  // Whole milliseconds, rounded up and 3% under the limit, so that network jitter
  // bunching a few messages does not push a second over it.
  const intervalOf = (channel: string) => Math.ceil(1000 / ((rates[channel] ?? 10) * 0.97));
  return {
    async schedule<T>(channel: string, fn: () => Promise<T>): Promise<T> {
      const interval = intervalOf(channel);
      for (;;) {
        const { at, now } = await retryTransient(() => store.reserve(channel, interval), { withinMs: 5_000, firstPauseMs: 50 });
        const due = Date.now() + Math.max(0, at - now);
        if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
        // A process that wakes up late (its event loop was busy) gives its slot up and takes a new
        // one, rather than send at once and crowd the senders after it above the rate.
        if (Date.now() - due <= interval / 2) return fn();
      }
    },
    close: () => store.close(),
  };
}

function memorySlots(): SlotStore {
  const next = new Map<string, number>();
  return {
    async reserve(channel, intervalMs) {
      const now = Date.now();
      const at = Math.max(next.get(channel) ?? 0, now);
      next.set(channel, at + intervalMs);
      return { at, now };
    },
    async close() {},
  };
}

function databaseSlots(raw: RawDb): SlotStore {
  // One statement: creates the channel's row when missing, moves its next slot on, returns the slot taken.
  const sql =
    raw.provider === 'postgresql'
      ? `WITH clock AS (SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint AS now)
         INSERT INTO "RateLimit" (channel, "nextAt") SELECT ?, clock.now + ?::bigint FROM clock
         ON CONFLICT (channel) DO UPDATE SET "nextAt" = GREATEST("RateLimit"."nextAt", (SELECT now FROM clock)) + ?::bigint
         RETURNING "nextAt" - ?::bigint AS at, (SELECT now FROM clock) AS now`
      : `INSERT INTO "RateLimit" (channel, "nextAt") VALUES (?, CAST(unixepoch('subsec') * 1000 AS INTEGER) + ?)
         ON CONFLICT (channel) DO UPDATE SET "nextAt" = MAX("RateLimit"."nextAt", CAST(unixepoch('subsec') * 1000 AS INTEGER)) + ?
         RETURNING "nextAt" - ? AS at, CAST(unixepoch('subsec') * 1000 AS INTEGER) AS now`;
  return {
    async reserve(channel, intervalMs) {
      const [row] = await raw.all<{ at: number | string; now: number | string }>(sql, [channel, intervalMs, intervalMs, intervalMs]);
      return { at: Number(row!.at), now: Number(row!.now) };
    },
    async close() {},
  };
}

// The same in Redis, atomically, on Redis's clock; the key expires when the channel has been idle a minute.
const RESERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local at = math.max(tonumber(redis.call('GET', KEYS[1]) or '0'), now)
redis.call('SET', KEYS[1], at + tonumber(ARGV[1]), 'PX', 60000 + tonumber(ARGV[1]))
return {at, now}`;

function redisSlots(url: string, prefix: string, log: Logger): SlotStore {
  let client: Promise<Redis & { paskerReserve(key: string, interval: number): Promise<[number, number]> }> | null = null;
  const connect = async () => {
    const { Redis } = await import('ioredis');
    const redis = new Redis({ ...redisOptions(url), maxRetriesPerRequest: 3 });
    // ioredis reconnects by itself; without a listener every failed attempt is printed as unhandled.
    redis.on('error', (err) => log.debug('rate-limit redis connection error', { error: err }));
    redis.defineCommand('paskerReserve', { numberOfKeys: 1, lua: RESERVE });
    return redis as Redis & { paskerReserve(key: string, interval: number): Promise<[number, number]> };
  };
  return {
    async reserve(channel, intervalMs) {
      client ??= connect();
      const [at, now] = await (await client).paskerReserve(`${prefix}:rate:${channel}`, intervalMs);
      return { at: Number(at), now: Number(now) };
    },
    async close() {
      if (client) (await client).disconnect();
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
