// Applies the migrations in prisma/<provider>/migrations that a database has
// not had yet. It keeps Prisma Migrate's own bookkeeping table
// (_prisma_migrations), so `prisma migrate deploy` and this agree on what is
// applied, and it takes the same PostgreSQL advisory lock as Prisma so that
// several processes starting at once migrate one at a time.

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { loadPg, providerOf, sqlitePath, type Provider } from './client.ts';

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

/** The migrations shipped for a provider, in the order they apply. */
export function migrationsFor(provider: Provider, root = 'prisma'): Migration[] {
  const dir = path.join(root, provider, 'migrations');
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: crypto.createHash('sha256').update(sql).digest('hex') };
    });
}

const SQLITE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL, "finished_at" DATETIME,
  "migration_name" TEXT NOT NULL, "logs" TEXT, "rolled_back_at" DATETIME,
  "started_at" DATETIME NOT NULL DEFAULT current_timestamp, "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0)`;

const POSTGRES_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`;

// Prisma Migrate's advisory lock key, so our runs and `prisma migrate deploy` exclude each other.
const ADVISORY_LOCK = 72707369;

/** Applies every pending migration to the database at `url`; returns the names it applied. */
export async function migrate(url: string, root = 'prisma'): Promise<string[]> {
  const provider = providerOf(url);
  const migrations = migrationsFor(provider, root);
  return provider === 'sqlite' ? migrateSqlite(sqlitePath(url), migrations) : migratePostgres(url, migrations);
}

/** Names of migrations the database still lacks (for `pasker db status`). */
export async function pendingMigrations(url: string, root = 'prisma'): Promise<string[]> {
  const provider = providerOf(url);
  const migrations = migrationsFor(provider, root);
  let applied: Set<string>;
  if (provider === 'sqlite') {
    const file = sqlitePath(url);
    if (file !== ':memory:' && !fs.existsSync(file)) return migrations.map((m) => m.name);
    const db = new Database(file);
    try {
      db.exec(SQLITE_TABLE);
      applied = new Set((db.prepare('SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL').all() as Array<{ migration_name: string }>).map((r) => r.migration_name));
    } finally {
      db.close();
    }
  } else {
    const client = new (loadPg().Client)({ connectionString: url });
    await client.connect();
    try {
      await client.query(POSTGRES_TABLE);
      const { rows } = await client.query<{ migration_name: string }>('SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL');
      applied = new Set(rows.map((r) => r.migration_name));
    } finally {
      await client.end();
    }
  }
  return migrations.filter((m) => !applied.has(m.name)).map((m) => m.name);
}

function migrateSqlite(file: string, migrations: Migration[]): string[] {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file);
  db.pragma('busy_timeout = 10000');
  if (file !== ':memory:') db.pragma('journal_mode = WAL');
  const done: string[] = [];
  try {
    db.exec(SQLITE_TABLE);
    for (const m of migrations) {
      // IMMEDIATE takes the write lock before reading, so two processes cannot both apply m.
      db.exec('BEGIN IMMEDIATE');
      try {
        const row = db.prepare('SELECT checksum FROM _prisma_migrations WHERE migration_name = ? AND finished_at IS NOT NULL AND rolled_back_at IS NULL').get(m.name) as { checksum: string } | undefined;
        if (row) {
          db.exec('COMMIT');
          continue;
        }
        const started = new Date().toISOString();
        db.exec(m.sql);
        db.prepare('INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES (?, ?, ?, ?, ?, 1)')
          .run(crypto.randomUUID(), m.checksum, new Date().toISOString(), m.name, started);
        db.exec('COMMIT');
        done.push(m.name);
      } catch (err) {
        db.exec('ROLLBACK');
        throw new Error(`migration ${m.name} failed: ${(err as Error).message}`, { cause: err });
      }
    }
  } finally {
    db.close();
  }
  return done;
}

async function migratePostgres(url: string, migrations: Migration[]): Promise<string[]> {
  const client = new (loadPg().Client)({ connectionString: url });
  await client.connect();
  const done: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [ADVISORY_LOCK]);
    await client.query(POSTGRES_TABLE);
    const { rows } = await client.query<{ migration_name: string }>('SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL');
    const applied = new Set(rows.map((r) => r.migration_name));
    for (const m of migrations) {
      if (applied.has(m.name)) continue;
      const started = new Date();
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query('INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES ($1, $2, now(), $3, $4, 1)', [crypto.randomUUID(), m.checksum, m.name, started]);
        await client.query('COMMIT');
        done.push(m.name);
      } catch (err) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${m.name} failed: ${(err as Error).message}`, { cause: err });
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [ADVISORY_LOCK]).catch(() => undefined);
    await client.end();
  }
  return done;
}
