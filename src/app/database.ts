// Opening the database a command or the bot works on: migrated first (or
// checked to need no migration), with the SQLite settings every connection uses.
// Apart from runtime.ts so that a command needing only the database loads only this.

import type { Config } from '../config.ts';
import { openDb, providerOf, SQLITE_BUSY_MS, type Db } from '../db/client.ts';
import { migrate, pendingMigrations } from '../db/migrate.ts';
import { ServiceError } from '../errors.ts';
import type { Logger } from '../log.ts';

/** Prepares the database: migrates it (AUTO_MIGRATE) or checks that nothing is pending. */
export async function prepareDatabase(config: Config, log: Logger): Promise<Db> {
  if (config.AUTO_MIGRATE) {
    const applied = await migrate(config.DATABASE_URL);
    if (applied.length) log.info('database migrated', { provider: providerOf(config.DATABASE_URL), applied });
  } else {
    const pending = await pendingMigrations(config.DATABASE_URL);
    if (pending.length) throw new ServiceError(`AUTO_MIGRATE=0 and the database lacks migrations ${pending.join(', ')}; run "pasker db migrate" (or set AUTO_MIGRATE=1)`);
  }
  const db = openDb(config.DATABASE_URL, log);
  if (providerOf(config.DATABASE_URL) === 'sqlite') {
    // WAL lets several connections and processes read while one writes; as every connection (src/db/raw.ts openSqlite).
    await db.$queryRawUnsafe(`PRAGMA busy_timeout = ${SQLITE_BUSY_MS}`);
    await db.$queryRawUnsafe('PRAGMA synchronous = NORMAL');
    await db.$queryRawUnsafe('PRAGMA secure_delete = ON');
  }
  return db;
}
