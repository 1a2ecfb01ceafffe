// The databases a test suite runs against: always a fresh SQLite file, and
// a fresh PostgreSQL database when TEST_DATABASE_URL is set (.ci/run sets it).

import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface TestDatabase {
  name: 'sqlite' | 'postgresql';
  /** Creates an empty database and returns its DATABASE_URL. */
  create(): Promise<string>;
  /** Removes every database `create` made. */
  dropAll(): Promise<void>;
}

export const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? '';

// One exit listener for every temporary directory (one listener each would pass Node's limit of 10).
const tempDirs = new Set<string>();
process.once('exit', () => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** A directory that is removed when the process exits. */
export function tempDir(prefix = 'pasker-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}

export function sqliteDatabase(): TestDatabase {
  const dir = tempDir();
  return {
    name: 'sqlite',
    create: async () => `file:${path.join(dir, `${crypto.randomUUID()}.db`)}`,
    dropAll: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

export function postgresDatabase(adminUrl = POSTGRES_URL): TestDatabase {
  const made: string[] = [];
  const admin = async <T>(fn: (c: pg.Client) => Promise<T>) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  };
  return {
    name: 'postgresql',
    async create() {
      const name = `pasker_test_${crypto.randomUUID().replace(/-/g, '').slice(0, 16)}`;
      await admin((c) => c.query(`CREATE DATABASE ${name}`));
      made.push(name);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      return url.toString();
    },
    async dropAll() {
      for (const name of made.splice(0)) await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

/** SQLite always; PostgreSQL too when TEST_DATABASE_URL is set. */
export function testDatabases(): TestDatabase[] {
  return POSTGRES_URL ? [sqliteDatabase(), postgresDatabase()] : [sqliteDatabase()];
}
