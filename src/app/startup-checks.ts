// Before Pasker starts, every outside service it will use is tried once
// with a bounded time-out (STARTUP_TIMEOUT_SECONDS): the database, the
// DATA_DIR folder, Redis, Telegram and Meta's Graph API. A failure stops
// start-up with one line that names the service and its setting, instead of
// a silent wait or a stream of driver errors.

import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Config } from '../config.ts';
import { loadPg, providerOf, sqlitePath } from '../db/client.ts';
import { ServiceError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { explainPostgres, explainRedis, explainSqlite, where } from './explain-error.ts';
import { redisOptions } from './rate-limit.ts';

/** The database answers and can be written (SQLite: the file and its folder). */
export async function checkDatabase(url: string, timeoutSeconds: number): Promise<void> {
  if (providerOf(url) === 'sqlite') {
    const file = sqlitePath(url);
    if (file === ':memory:') return;
    try {
      fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
      const db = new Database(file, { timeout: timeoutSeconds * 1000 });
      try {
        // A write lock taken and given back: a read-only file or folder fails here, not half-way through a migration.
        db.exec('BEGIN IMMEDIATE; CREATE TABLE IF NOT EXISTS "_pasker_write_check" (x INTEGER); DROP TABLE "_pasker_write_check"; ROLLBACK');
      } finally {
        db.close();
      }
    } catch (err) {
      throw explainSqlite(err, url) ?? err;
    }
    return;
  }
  const client = new (loadPg().Client)({ connectionString: url, connectionTimeoutMillis: timeoutSeconds * 1000, query_timeout: timeoutSeconds * 1000 });
  // A connection that breaks while being checked reports here, not as an unhandled 'error' event.
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (err) {
    throw explainPostgres(err, url, timeoutSeconds) ?? new ServiceError(`DATABASE_URL: PostgreSQL at ${where(url)} failed: ${(err as Error).message}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** DATA_DIR can be created and written (the trained language model is cached there). */
export function checkDataDir(dir: string): void {
  const probe = path.join(dir, `.pasker-write-check-${process.pid}`);
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(probe, '');
    fs.rmSync(probe, { force: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    throw new ServiceError(`DATA_DIR: Pasker cannot write to ${path.resolve(dir)} (${code || (err as Error).message}); set DATA_DIR to a folder it may write to`);
  }
}

/** Redis answers PING (over TLS for rediss://). */
export async function checkRedis(url: string, timeoutSeconds: number): Promise<void> {
  const { Redis } = await import('ioredis');
  let lastError: unknown = null;
  const redis = new Redis({ ...redisOptions(url), lazyConnect: true, connectTimeout: timeoutSeconds * 1000, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  redis.on('error', (err) => (lastError = err));
  const timer = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timed out')), timeoutSeconds * 1000).unref());
  try {
    await Promise.race([redis.connect().then(() => redis.ping()), timer]);
  } catch (err) {
    const cause = lastError ?? err;
    throw explainRedis(cause, url, timeoutSeconds) ?? new ServiceError(`REDIS_URL: Redis at ${where(url)} failed: ${(cause as Error).message}`);
  } finally {
    redis.disconnect();
  }
}

async function fetchWithin(url: string, timeoutSeconds: number, init: RequestInit = {}): Promise<Response> {
  return fetch(url, { ...init, signal: AbortSignal.timeout(timeoutSeconds * 1000) });
}

function networkProblem(err: unknown, timeoutSeconds: number): string {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return `did not answer within ${timeoutSeconds} s`;
  return `cannot be reached (${e.cause?.code ?? e.cause?.message ?? e.message})`;
}

/** Telegram knows the bot token (getMe). */
export async function checkTelegram(config: Pick<Config, 'TELEGRAM_BOT_TOKEN' | 'TELEGRAM_API_ROOT'>, timeoutSeconds: number): Promise<string> {
  const root = config.TELEGRAM_API_ROOT.replace(/\/$/, '');
  let res: Response;
  try {
    res = await fetchWithin(`${root}/bot${config.TELEGRAM_BOT_TOKEN}/getMe`, timeoutSeconds);
  } catch (err) {
    throw new ServiceError(`Telegram at ${root} (TELEGRAM_API_ROOT) ${networkProblem(err, timeoutSeconds)}; check the internet connection, or unset TELEGRAM_BOT_TOKEN to run without Telegram`);
  }
  const body = (await res.json().catch(() => ({}))) as { ok?: boolean; result?: { username?: string }; description?: string };
  if (res.status === 401 || res.status === 404) throw new ServiceError(`TELEGRAM_BOT_TOKEN: Telegram does not accept this token (${res.status} ${body.description ?? ''}); get the token again from @BotFather`.replace(' )', ')'));
  if (!res.ok || !body.ok) throw new ServiceError(`Telegram at ${root} (TELEGRAM_API_ROOT) answered ${res.status} ${body.description ?? ''}; try again later`);
  return body.result?.username ?? '';
}

/** Meta's Graph API knows the phone number id and accepts the token. */
export async function checkWhatsAppCloud(config: Pick<Config, 'WHATSAPP_CLOUD_API_ROOT' | 'WHATSAPP_GRAPH_VERSION' | 'WHATSAPP_PHONE_NUMBER_ID' | 'WHATSAPP_CLOUD_TOKEN'>, timeoutSeconds: number): Promise<void> {
  const root = config.WHATSAPP_CLOUD_API_ROOT.replace(/\/$/, '');
  let res: Response;
  try {
    res = await fetchWithin(`${root}/${config.WHATSAPP_GRAPH_VERSION}/${config.WHATSAPP_PHONE_NUMBER_ID}?fields=id`, timeoutSeconds, { headers: { authorization: `Bearer ${config.WHATSAPP_CLOUD_TOKEN}` } });
  } catch (err) {
    throw new ServiceError(`the WhatsApp Cloud API at ${root} (WHATSAPP_CLOUD_API_ROOT) ${networkProblem(err, timeoutSeconds)}; check the internet connection`);
  }
  if (res.ok) return;
  const body = (await res.json().catch(() => ({}))) as { error?: { code?: number; message?: string } };
  const why = body.error?.message ?? res.statusText;
  if (res.status === 401 || body.error?.code === 190) throw new ServiceError(`WHATSAPP_CLOUD_TOKEN: Meta does not accept this access token (${why}); make a new system-user token`);
  if (res.status === 400 || res.status === 404 || body.error?.code === 100) throw new ServiceError(`WHATSAPP_PHONE_NUMBER_ID: Meta does not know the phone number id ${config.WHATSAPP_PHONE_NUMBER_ID} for this token (${why})`);
  throw new ServiceError(`the WhatsApp Cloud API at ${root} answered ${res.status} (${why}); try again later`);
}

/**
 * Checks every service the settings turn on, at once, within
 * STARTUP_TIMEOUT_SECONDS; throws one ServiceError listing every failure.
 * `channels: false` skips Telegram and Meta (commands that do not send).
 */
export async function checkServices(config: Config, log: Logger, options: { channels?: boolean; database?: boolean } = {}): Promise<void> {
  const t = config.STARTUP_TIMEOUT_SECONDS;
  const checks: Array<[string, () => Promise<unknown>]> = [];
  if (options.database !== false) checks.push(['database', () => checkDatabase(config.DATABASE_URL, t)]);
  checks.push(['DATA_DIR', async () => checkDataDir(config.DATA_DIR)]);
  if (config.REDIS_URL) checks.push(['redis', () => checkRedis(config.REDIS_URL!, t)]);
  if (options.channels !== false && config.TELEGRAM_BOT_TOKEN) checks.push(['telegram', () => checkTelegram(config, t)]);
  if (options.channels !== false && config.WHATSAPP_CLOUD_TOKEN && config.WHATSAPP_PHONE_NUMBER_ID) checks.push(['whatsapp-cloud', () => checkWhatsAppCloud(config, t)]);
  log.info('checking services', { services: checks.map(([name]) => name), timeoutSeconds: t });
  const results = await Promise.allSettled(checks.map(([, run]) => run()));
  const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason instanceof Error ? r.reason.message : String(r.reason)] : []));
  if (failures.length === 1) throw new ServiceError(failures[0]!);
  if (failures.length) throw new ServiceError(`${failures.length} services are not ready:\n  ${failures.join('\n  ')}`);
}
