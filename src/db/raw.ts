// Plain SQL straight on the driver, for the few jobs where the ORM's
// per-row cost matters (reading a million subscriptions, claiming outbox
// rows, the per-message conversation store). Statements use "?" placeholders
// and quoted identifiers, which both databases accept; for PostgreSQL the
// placeholders become $1, $2, ...

import Database from 'better-sqlite3';
import type pg from 'pg';
import { silentLogger, type Logger } from '../log.ts';
import { loadPg, providerOf, sqlitePath, SQLITE_BUSY_MS, type Provider } from './client.ts';

export interface RawDb {
  readonly provider: Provider;
  all<T>(sql: string, params?: unknown[]): Promise<T[]>;
  run(sql: string, params?: unknown[]): Promise<number>;
  /** Runs `fn` in one transaction. */
  transaction<T>(fn: (tx: RawDb) => Promise<T>): Promise<T>;
  /** Runs `fn` on one connection (for temporary tables); its transactions run on that connection too. */
  session<T>(fn: (db: RawDb) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const toPg = (sql: string) => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};

// SQLite keeps DateTime as ISO text with "+00:00" (as Prisma's adapter writes it).
const sqliteValue = (v: unknown) => (v instanceof Date ? v.toISOString().replace('Z', '+00:00') : typeof v === 'boolean' ? Number(v) : v);

/** Plain SQL on `url`; `max` connections (PostgreSQL), `records` for a pool that commits without waiting for the disk. */
export function openRaw(url: string, log: Logger = silentLogger, options: { records?: boolean; max?: number } = {}): RawDb {
  return providerOf(url) === 'sqlite' ? sqliteRaw(openSqlite(sqlitePath(url))) : pgRaw(pgPool(url, log, { max: options.max ?? 4, ...(options.records ? { asynchronousCommit: true } : {}) }));
}

/**
 * A better-sqlite3 connection as every part of Pasker opens one: WAL, and a
 * short busy wait. The driver runs on the event loop's thread, so a long
 * wait for another process's lock would freeze every chat; instead the
 * statement fails with SQLITE_BUSY after SQLITE_BUSY_MS and the caller tries
 * again later without blocking (src/db/errors.ts). `secure_delete` overwrites
 * what is deleted, so an erased person's words do not linger in free pages.
 */
export function openSqlite(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma(`busy_timeout = ${SQLITE_BUSY_MS}`);
  db.pragma('secure_delete = ON');
  db.pragma('foreign_keys = ON');
  return db;
}

/** Options for a PostgreSQL pool. */
export interface PoolOptions {
  max: number;
  /**
   * Commit without waiting for the write-ahead log to reach the disk: for
   * records of what already happened (a reply sent, a status callback), which
   * a server crash could lose the last fraction of a second of, but never
   * corrupt. Saves one disk flush per record on the per-message path.
   */
  asynchronousCommit?: boolean;
}

/**
 * A PostgreSQL pool that survives the server going away: an 'error' listener
 * (without one, a dropped idle connection kills the process), time-outs on
 * connecting and on every query (so a cut network fails the call instead of
 * hanging it), TCP keep-alive to notice a dead peer, UTC sessions (Prisma
 * keeps timestamps as UTC without a time zone) and timestamps read as UTC.
 * Broken connections are dropped by the pool; the next call opens a new one.
 */
export function pgPool(url: string, log: Logger, options: PoolOptions): pg.Pool {
  const driver = loadPg();
  const pool = new driver.Pool({
    connectionString: url,
    max: options.max,
    // No parallel workers: Pasker's queries are short and read by key, and starting workers costs more than
    // they save (a 10,000-row batch of the subscription stream took 157 ms with two workers, 17 ms without).
    options: `-c timezone=UTC -c max_parallel_workers_per_gather=0${options.asynchronousCommit ? ' -c synchronous_commit=off' : ''}`,
    connectionTimeoutMillis: 5_000,
    query_timeout: 30_000,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    types: { getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === TIMESTAMP ? parseUtcTimestamp : driver.types.getTypeParser(oid, format))) as typeof pg.types.getTypeParser },
  });
  pool.on('error', (err) => log.warn('database connection lost (it is replaced on the next use)', { error: err }));
  return pool;
}

// `timestamp without time zone`: read as UTC whatever the machine's zone.
const TIMESTAMP = 1114;
const parseUtcTimestamp = (v: string) => new Date(`${v.replace(' ', 'T')}Z`);

/** Runs `fn` on one pooled connection in a transaction; a connection that broke is destroyed, not reused. */
export function pgTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  return withClient(pool, (client, guard) => inTransaction(client, guard, () => fn(client)));
}

interface Guard {
  broken: Error | null;
}

// One pooled connection for `fn`. A checked-out client has no listener of the pool's: without this one, a
// connection dropped in the middle of a transaction would crash the process. A broken one is destroyed.
async function withClient<T>(pool: pg.Pool, fn: (client: pg.PoolClient, guard: Guard) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  const guard: Guard = { broken: null };
  const onError = (err: Error) => (guard.broken = err);
  client.on('error', onError);
  try {
    return await fn(client, guard);
  } finally {
    client.removeListener('error', onError);
    client.release(guard.broken ?? undefined);
  }
}

// BEGIN ... COMMIT around `fn` on `client`, rolled back when `fn` fails (unless the connection itself broke).
async function inTransaction<T>(client: pg.PoolClient, guard: Guard, fn: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    const result = await fn();
    await client.query('COMMIT');
    return result;
  } catch (err) {
    if (!guard.broken) await client.query('ROLLBACK').catch((e: Error) => (guard.broken = e));
    throw err;
  }
}

function sqliteRaw(db: Database.Database): RawDb {
  const cache = new Map<string, Database.Statement>();
  const stmt = (sql: string) => {
    let s = cache.get(sql);
    if (!s) {
      s = db.prepare(sql);
      if (cache.size < 200) cache.set(sql, s);
    }
    return s;
  };
  const self: RawDb = {
    provider: 'sqlite',
    all: async <T>(sql: string, params: unknown[] = []) => stmt(sql).all(...params.map(sqliteValue)) as T[],
    run: async (sql: string, params: unknown[] = []) => stmt(sql).run(...params.map(sqliteValue)).changes,
    async transaction<T>(fn: (tx: RawDb) => Promise<T>): Promise<T> {
      // better-sqlite3 transactions are synchronous; the callbacks here only await synchronous work.
      db.exec('BEGIN IMMEDIATE');
      try {
        const result = await fn(self);
        db.exec('COMMIT');
        return result;
      } catch (err) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw err;
      }
    },
    // SQLite has one connection already.
    session: (fn) => fn(self),
    close: async () => {
      db.close();
    },
  };
  return self;
}

/** Plain SQL on an open pool (closing it ends the pool). */
export const pgRawOn = (pool: pg.Pool): RawDb => pgRaw(pool);

function pgRaw(pool: pg.Pool): RawDb {
  const on = (client: pg.Pool | pg.PoolClient): RawDb => ({
    provider: 'postgresql',
    all: async <T>(sql: string, params: unknown[] = []) => (await client.query(toPg(sql), params)).rows as T[],
    run: async (sql: string, params: unknown[] = []) => (await client.query(toPg(sql), params)).rowCount ?? 0,
    transaction: <T>(fn: (tx: RawDb) => Promise<T>): Promise<T> => pgTransaction(pool, (c) => fn(on(c))),
    session: (fn) => pgSession(pool, fn),
    close: async () => pool.end(),
  });
  return on(pool);
}

// One pooled connection for `fn`; its transactions are BEGIN ... COMMIT on that connection.
function pgSession<T>(pool: pg.Pool, fn: (db: RawDb) => Promise<T>): Promise<T> {
  return withClient(pool, (client, guard) => {
    const db: RawDb = {
      provider: 'postgresql',
      all: async <R>(sql: string, params: unknown[] = []) => (await client.query(toPg(sql), params)).rows as R[],
      run: async (sql: string, params: unknown[] = []) => (await client.query(toPg(sql), params)).rowCount ?? 0,
      transaction: (inner) => inTransaction(client, guard, () => inner(db)),
      session: (inner) => inner(db),
      close: async () => pool.end(),
    };
    return fn(db);
  });
}
