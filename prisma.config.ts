// Configuration of the Prisma CLI (generate, migrate diff). Pasker applies
// migrations itself at start-up (src/db/migrate.ts); the CLI is for making
// new migrations and for operators who prefer `prisma migrate deploy`.
import path from 'node:path';
import { defineConfig } from 'prisma/config';

process.env.DATABASE_URL ??= 'file:./data/pasker.db';
const url = process.env.DATABASE_URL;
const provider = /^postgres(ql)?:/.test(url) ? 'postgresql' : 'sqlite';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join('prisma', provider, 'schema.prisma'),
  migrations: { path: path.join('prisma', provider, 'migrations') },
  async adapter() {
    if (provider === 'sqlite') {
      const { PrismaBetterSQLite3 } = await import('@prisma/adapter-better-sqlite3');
      return new PrismaBetterSQLite3({ url: url.replace(/^file:/, '') });
    }
    // Work around prisma/orm#27403: the Wasm schema engine cannot read the
    // PostgreSQL types `name` (oid 19) and `"char"` (oid 18) that the catalog
    // queries return, so report them as text (oid 25). CLI process only.
    const pg = (await import('pg')).default;
    const query = pg.Pool.prototype.query as (...args: unknown[]) => unknown;
    pg.Pool.prototype.query = function patchedQuery(this: unknown, ...args: unknown[]) {
      const result = query.apply(this, args);
      if (result && typeof (result as Promise<unknown>).then === 'function') {
        return (result as Promise<{ fields?: Array<{ dataTypeID: number }> }>).then((r) => {
          for (const f of r?.fields ?? []) if (f.dataTypeID === 18 || f.dataTypeID === 19) f.dataTypeID = 25;
          return r;
        });
      }
      return result;
    } as typeof pg.Pool.prototype.query;
    const { PrismaPg } = await import('@prisma/adapter-pg');
    return new PrismaPg({ connectionString: url });
  },
});
