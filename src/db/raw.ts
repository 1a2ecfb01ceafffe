// Plain SQL straight on the driver, for the few jobs where the ORM's
// per-row cost matters (reading a million subscriptions, claiming outbox
// rows). Statements use "?" placeholders and quoted identifiers, which both
// databases accept; for PostgreSQL the placeholders become $1, $2, ...

import Database from 'better-sqlite3';
import pg from 'pg';
import { providerOf, sqlitePath, type Provider } from './client.ts';

export interface RawDb {
  readonly provider: Provider;
  all<T>(sql: string, params?: unknown[]): Promise<T[]>;
  run(sql: string, params?: unknown[]): Promise<number>;
  /** Runs `fn` in one transaction. */
  transaction<T>(fn: (tx: RawDb) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const toPg = (sql: string) => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};

// SQLite keeps DateTime as ISO text with "+00:00" (as Prisma's adapter writes it).
const sqliteValue = (v: unknown) => (v instanceof Date ? v.toISOString().replace('Z', '+00:00') : typeof v === 'boolean' ? Number(v) : v);

export function openRaw(url: string): RawDb {
  // UTC sessions: Prisma keeps PostgreSQL timestamps as UTC without a time zone.
  return providerOf(url) === 'sqlite' ? sqliteRaw(new Database(sqlitePath(url))) : pgRaw(new pg.Pool({ connectionString: url, max: 4, options: '-c timezone=UTC' }));
}

function sqliteRaw(db: Database.Database, inTx = false): RawDb {
  if (!inTx) {
    db.pragma('busy_timeout = 10000');
    db.pragma('synchronous = NORMAL');
  }
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
        db.exec('ROLLBACK');
        throw err;
      }
    },
    close: async () => {
      db.close();
    },
  };
  return self;
}

function pgRaw(pool: pg.Pool): RawDb {
  const on = (client: pg.Pool | pg.PoolClient): RawDb => ({
    provider: 'postgresql',
    all: async <T>(sql: string, params: unknown[] = []) => (await client.query(toPg(sql), params)).rows as T[],
    run: async (sql: string, params: unknown[] = []) => (await client.query(toPg(sql), params)).rowCount ?? 0,
    async transaction<T>(fn: (tx: RawDb) => Promise<T>): Promise<T> {
      const c = await pool.connect();
      try {
        await c.query('BEGIN');
        const result = await fn(on(c));
        await c.query('COMMIT');
        return result;
      } catch (err) {
        await c.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        c.release();
      }
    },
    close: async () => pool.end(),
  });
  return on(pool);
}
