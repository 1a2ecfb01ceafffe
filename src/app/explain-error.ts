// Turns the errors of drivers and libraries (PostgreSQL, SQLite, Redis,
// Prisma, the file system) into one line that names the setting or file and
// says what to do, for the command line and the start-up checks.

import path from 'node:path';
import { InputError, ServiceError } from '../errors.ts';

type Coded = Error & { code?: string | number; errno?: number; syscall?: string; path?: string; address?: string; port?: number; cause?: unknown };

/** Where a PostgreSQL or Redis URL points, without its password. */
export function where(url: string): string {
  try {
    const u = new URL(url);
    const db = u.pathname.length > 1 ? u.pathname : '';
    return `${u.hostname}:${u.port || (u.protocol.startsWith('redis') ? 6379 : 5432)}${db}`;
  } catch {
    return 'the address given';
  }
}

/** The SQLite file of a file: URL, as a person would look for it. */
function sqliteFile(url: string): string {
  return path.resolve(url.replace(/^file:(\/\/)?/, '').split('?')[0]!);
}

/** A PostgreSQL connection error as a ServiceError naming DATABASE_URL, or null when it is not one. */
export function explainPostgres(err: unknown, url: string, timeoutSeconds?: number): ServiceError | null {
  const e = err as Coded;
  const at = where(url);
  const db = (() => {
    try {
      return decodeURIComponent(new URL(url).pathname.slice(1)) || 'postgres';
    } catch {
      return '';
    }
  })();
  switch (e?.code) {
    case 'ECONNREFUSED':
      return new ServiceError(`DATABASE_URL: PostgreSQL at ${at} refuses connections; start PostgreSQL or correct the host and port in DATABASE_URL`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new ServiceError(`DATABASE_URL: the host of ${at} is not known; correct DATABASE_URL`);
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new ServiceError(`DATABASE_URL: PostgreSQL at ${at} cannot be reached${timeoutSeconds ? ` within ${timeoutSeconds} s` : ''}; check the network and DATABASE_URL`);
    case '3D000':
      return new ServiceError(`DATABASE_URL: the database "${db}" does not exist on ${at.replace(/\/.*$/, '')}; create it (createdb ${db}) or correct the name in DATABASE_URL`);
    case '28P01':
    case '28000':
      return new ServiceError(`DATABASE_URL: PostgreSQL at ${at} refused the user or password in DATABASE_URL (${e.message})`);
    case '42501':
      return new ServiceError(`DATABASE_URL: the PostgreSQL user may not create tables in "${db}" (${e.message}); grant it the rights or use another user`);
    case '57P03':
      return new ServiceError(`DATABASE_URL: PostgreSQL at ${at} is starting up or shutting down; try again in a moment`);
    case '53300':
      return new ServiceError(`DATABASE_URL: PostgreSQL at ${at} has too many connections; try again later or raise max_connections`);
  }
  if (/timeout/i.test(e?.message ?? '') && /connect/i.test(e?.message ?? '')) {
    return new ServiceError(`DATABASE_URL: PostgreSQL at ${at} did not answer${timeoutSeconds ? ` within ${timeoutSeconds} s` : ''}; check that it runs and DATABASE_URL`);
  }
  return null;
}

/** A SQLite error as a ServiceError naming the file and DATABASE_URL, or null. */
export function explainSqlite(err: unknown, url: string): ServiceError | null {
  const e = err as Coded;
  const code = String(e?.code ?? '');
  const file = sqliteFile(url);
  if (code.startsWith('SQLITE_READONLY')) return new ServiceError(`DATABASE_URL: the SQLite file ${file} is read-only; let Pasker write to it and its folder, or set DATABASE_URL to another file`);
  if (code.startsWith('SQLITE_CANTOPEN')) return new ServiceError(`DATABASE_URL: the SQLite file ${file} cannot be opened or created; check that its folder exists and Pasker may write there`);
  if (code.startsWith('SQLITE_NOTADB') || code.startsWith('SQLITE_CORRUPT')) return new ServiceError(`DATABASE_URL: ${file} is not a SQLite database (or is damaged); set DATABASE_URL to another file`);
  if (code.startsWith('SQLITE_BUSY')) return new ServiceError(`DATABASE_URL: the SQLite file ${file} stayed locked by another process; try again when it is done`);
  if (code.startsWith('SQLITE_FULL') || code === 'ENOSPC') return new ServiceError(`DATABASE_URL: the disk holding ${file} is full`);
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return new ServiceError(`DATABASE_URL: Pasker may not write ${e.path ?? path.dirname(file)} (${code}); choose a folder it may write to`);
  return null;
}

/** A Redis connection error as a ServiceError naming REDIS_URL, or null. */
export function explainRedis(err: unknown, url: string, timeoutSeconds?: number): ServiceError | null {
  const e = err as Coded;
  const at = where(url);
  const msg = e?.message ?? '';
  if (e?.code === 'ECONNREFUSED' || /ECONNREFUSED/.test(msg)) return new ServiceError(`REDIS_URL: Redis at ${at} refuses connections; start Redis or correct REDIS_URL (or unset it to run without Redis)`);
  if (e?.code === 'ENOTFOUND' || /ENOTFOUND|EAI_AGAIN/.test(msg)) return new ServiceError(`REDIS_URL: the host of ${at} is not known; correct REDIS_URL`);
  if (/NOAUTH|WRONGPASS|invalid password|invalid username-password/i.test(msg)) return new ServiceError(`REDIS_URL: Redis at ${at} refused the user or password in REDIS_URL (${msg})`);
  if (/timed? ?out|ETIMEDOUT/i.test(msg) || e?.code === 'ETIMEDOUT') return new ServiceError(`REDIS_URL: Redis at ${at} did not answer${timeoutSeconds ? ` within ${timeoutSeconds} s` : ''}; check that it runs, REDIS_URL, and rediss:// when it needs TLS`);
  if (/SSL|TLS|certificate|EPROTO|wrong version number/i.test(msg)) return new ServiceError(`REDIS_URL: the TLS connection to ${at} failed (${msg}); use rediss:// only for a Redis that speaks TLS, and redis:// otherwise`);
  return null;
}

/**
 * The one-line form of an error no command caught; null when nothing
 * better than its own message can be said.
 */
export function explainError(err: unknown, env: NodeJS.ProcessEnv = process.env): Error | null {
  const e = err as Coded;
  const url = env.DATABASE_URL ?? 'file:./data/pasker.db';
  const cause = (e?.cause ?? null) as Coded | null;
  for (const candidate of [e, cause]) {
    if (!candidate) continue;
    const db = url.startsWith('file:') ? explainSqlite(candidate, url) : explainPostgres(candidate, url);
    if (db) return db;
    if (env.REDIS_URL) {
      const redis = explainRedis(candidate, env.REDIS_URL);
      if (redis && /redis|ioredis/i.test(String(candidate.stack ?? ''))) return redis;
    }
    if (candidate.code === 'EACCES' || candidate.code === 'EPERM' || candidate.code === 'EROFS') {
      const dataDir = path.resolve(env.DATA_DIR ?? 'data');
      const setting = candidate.path && path.resolve(candidate.path).startsWith(dataDir) ? 'DATA_DIR: ' : '';
      return new ServiceError(`${setting}Pasker may not write ${candidate.path ?? 'a file it needs'} (${candidate.code}); choose a folder it may write to`);
    }
    if (candidate.code === 'ENOSPC') return new ServiceError(`the disk is full (writing ${candidate.path ?? 'a file'})`);
    if (candidate.code === 'ENOENT' && candidate.path) return new InputError(`${candidate.path}: no such file or folder`);
  }
  // Prisma's messages start with the invocation and source; the reason is the last paragraph.
  if (/^PrismaClient/.test(e?.name ?? '') || /Invalid `.*` invocation/.test(e?.message ?? '')) {
    const last = (e.message ?? '').trim().split(/\n\s*\n/).at(-1)!.replace(/\s+/g, ' ').trim();
    return new ServiceError(`the database refused a request: ${last.slice(0, 300)}`);
  }
  return null;
}
