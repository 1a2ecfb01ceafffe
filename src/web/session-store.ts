// Console sessions kept in the database (StaffSession), so any process can
// serve a signed-in browser and signing out, a password change or disabling
// an account ends the session everywhere.

import type * as Fastify from 'fastify';
import type { Db } from '../db/client.ts';

type Callback<T = void> = (err?: unknown, value?: T) => void;

type StoredSession = Fastify.Session & { cookie?: { expires?: string | Date | null } };

/** A session store in the shape @fastify/session (and express-session) expects. */
export class DbSessionStore {
  private sets = 0;

  constructor(
    private readonly db: Db,
    private readonly maxAgeMs: number,
  ) {}

  get(id: string, callback: Callback<StoredSession | null>): void {
    this.db.staffSession
      .findUnique({ where: { id } })
      .then((row) => callback(null, row && row.expiresAt > new Date() ? (JSON.parse(row.data) as StoredSession) : null))
      .catch((err: unknown) => callback(err));
  }

  set(id: string, session: Fastify.Session, callback: Callback): void {
    const cookie = (session as StoredSession).cookie;
    const expires = cookie?.expires ? new Date(cookie.expires) : new Date(Date.now() + this.maxAgeMs);
    const data = JSON.stringify(session);
    const staffId = typeof session.staffId === 'number' ? session.staffId : null;
    // Now and then, expired sessions go (most are sign-in pages never used).
    const cleanup = ++this.sets % 200 === 0 ? this.db.staffSession.deleteMany({ where: { expiresAt: { lt: new Date() } } }).then(() => undefined) : Promise.resolve();
    this.db.staffSession
      .upsert({ where: { id }, create: { id, data, staffId, expiresAt: expires }, update: { data, staffId, expiresAt: expires } })
      .then(() => cleanup)
      .then(() => callback())
      .catch((err: unknown) => callback(err));
  }

  destroy(id: string, callback: Callback): void {
    this.db.staffSession
      .deleteMany({ where: { id } })
      .then(() => callback())
      .catch((err: unknown) => callback(err));
  }
}
