// Opens the database that DATABASE_URL names: a SQLite file (the default) or
// PostgreSQL. Both speak through Prisma with a driver adapter; the two
// generated clients share one model definition (prisma/models.prisma).

import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import type pg from 'pg';
import { PrismaClient as SqliteClient } from './generated/sqlite/index.js';
import { silentLogger, type Logger } from '../log.ts';

// PostgreSQL's generated client, adapter and driver take a fifth of a SQLite start to load, so they
// are loaded (synchronously, as they are CommonJS) only when a postgresql:// URL is used.
const requireHere = createRequire(import.meta.url);

/** The pg driver, loaded on first use. */
export function loadPg(): typeof pg {
  return requireHere('pg') as typeof pg;
}

/** The Prisma client type the rest of Pasker uses (both providers expose the same API). */
export type Db = SqliteClient;
export type Provider = 'sqlite' | 'postgresql';

/** Which provider a DATABASE_URL is for; unset or file: is SQLite. */
export function providerOf(url: string): Provider {
  if (/^postgres(ql)?:\/\//.test(url)) return 'postgresql';
  if (url.startsWith('file:')) return 'sqlite';
  throw new Error(`DATABASE_URL must start with file: or postgresql:// (got "${url.split(':')[0]}:...")`);
}

/** Path of the SQLite file in a file: URL, relative to the working directory. */
export function sqlitePath(url: string): string {
  return url.replace(/^file:(\/\/)?/, '').split('?')[0]!;
}

/**
 * How long a SQLite statement waits for another connection's lock before
 * failing with SQLITE_BUSY. better-sqlite3 waits on the event loop's thread,
 * so this is how long every chat can freeze; callers retry busy failures
 * without blocking (src/db/errors.ts).
 */
export const SQLITE_BUSY_MS = 200;

/** Opens a Prisma client on `url`, creating the SQLite file's folder when needed. */
export function openDb(url: string, log: Logger = silentLogger): Db {
  if (providerOf(url) === 'sqlite') {
    const file = sqlitePath(url);
    if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    return new SqliteClient({ adapter: new PrismaBetterSQLite3({ url: file, timeout: SQLITE_BUSY_MS }) });
  }
  // As src/db/raw.ts pgPool: time-outs so a cut network fails calls instead of hanging them, and
  // a listener for connections the server drops (the adapter replaces them).
  const { PrismaPg } = requireHere('@prisma/adapter-pg') as typeof import('@prisma/adapter-pg');
  const { PrismaClient: PostgresClient } = requireHere('./generated/postgresql/index.js') as typeof import('./generated/postgresql/index.js');
  const adapter = new PrismaPg(
    { connectionString: url, max: 10, connectionTimeoutMillis: 5_000, query_timeout: 30_000, idleTimeoutMillis: 30_000, keepAlive: true, keepAliveInitialDelayMillis: 10_000 },
    { onPoolError: (err) => log.warn('database connection lost (it is replaced on the next use)', { error: err }), onConnectionError: (err) => log.warn('database connection lost in a transaction', { error: err }) },
  );
  return new PostgresClient({ adapter }) as unknown as Db;
}
