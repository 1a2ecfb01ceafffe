// Contacts, their conversation state, the message log and the ids of
// messages already handled: read and written on every message, so this path
// is plain SQL on the driver (better-sqlite3 prepared statements on SQLite,
// a pg pool on PostgreSQL; the same tables Prisma defines), several times
// faster per message than going through the ORM. A message's provider id is
// recorded in the same transaction as its turn, so a message is either
// answered and marked seen, or neither (and can be tried again).

import crypto from 'node:crypto';
import type Database from 'better-sqlite3';
import type pg from 'pg';
import { silentLogger, type Logger } from '../log.ts';
import { providerOf, sqlitePath, type Db } from './client.ts';
import { openSqlite, pgPool, pgTransaction } from './raw.ts';

export interface ContactRecord {
  id: number;
  education: string | null;
  kecamatan: string | null;
  optedOutAt: Date | null;
  personKey: string | null;
}

/** One of the contact's subscription rows, as stored. */
export interface SubscriptionRecord {
  id: number;
  label: string | null;
  kecamatan: string;
  education: string | null;
  keyword: string | null;
  immediate: boolean;
  status: string;
  stoppedAt: Date | null;
}

export interface StoredConversation {
  contact: ContactRecord;
  /** The contact's subscriptions, oldest first (as the person numbers them). */
  subscriptions: SubscriptionRecord[];
  /** Null for a contact seen for the first time. */
  state: string | null;
  status: string;
  version: number;
  isNew: boolean;
}

/** The state was changed by someone else since it was read (another process). */
export class StaleStateError extends Error {}

/** The message was handled already (a provider delivered it twice, or a retry raced the first try). */
export class DuplicateMessageError extends Error {}

/** Reads and writes conversations on one database. */
export interface ConversationStore {
  /** Finds or creates the contact for a channel identity and reads its conversation. */
  load(channel: string, externalId: string, at: Date): Promise<StoredConversation>;
  /** True when the message with this provider key was handled already. */
  seen(seenKey: string): Promise<boolean>;
  /** Records a message as handled when its turn saves nothing else (it went to staff). */
  markSeen(seenKey: string, contactId: number | null, at: Date): Promise<void>;
  /**
   * Saves a turn atomically, with its message's provider key when it has one.
   * Throws StaleStateError when another process saved first, and
   * DuplicateMessageError when the key was recorded already; nothing is saved then.
   */
  save(write: TurnWrite): Promise<void>;
  /**
   * Erases a contact, its linked contacts and everything stored about them;
   * `seenKey` (the erasing message) is recorded without naming anyone, so a
   * repeat delivery of it does not start a new conversation.
   */
  erase(contactId: number, seenKey?: string): Promise<void>;
  close(): Promise<void>;
}

export interface TurnWrite {
  contactId: number;
  /** The version read; -1 when there was no conversation row. */
  version: number;
  state: string;
  status?: string;
  profile?: { education?: string; kecamatan?: string };
  at: Date;
  log: Array<{ direction: 'in' | 'out'; text: string; intent: string | null }>;
  /** Set lastSeenAt and clear goneAt: they wrote, so they are reachable (false for saves that are not a message from the person). */
  touch?: boolean;
  /** Guide funnel counts to add, for calendar day `day`. */
  funnel?: { day: string; events: Array<{ guide: string; step: number; event: string }> };
  /** The provider's id of the message this turn answers. */
  seenKey?: string;
}

/**
 * How a provider's message id is kept: hashed, because ids such as WhatsApp's
 * "wamid.HBgM..." carry the sender's phone number.
 */
export function seenId(seenKey: string): string {
  return crypto.createHash('sha256').update(seenKey).digest('hex').slice(0, 40);
}

/** The fastest store for the database at `url`. */
export function openConversationStore(url: string, log: Logger = silentLogger): ConversationStore {
  return providerOf(url) === 'sqlite' ? new SqliteConversationStore(sqlitePath(url), log) : new PgConversationStore(url, log);
}

/** Deletes message-log, seen-message and finished outbox rows older than `days` days; returns how many. */
export async function purgeMessageLog(db: Db, days: number, now: Date): Promise<number> {
  const before = new Date(now.getTime() - days * 86_400_000);
  const [log, seen, outbox] = await Promise.all([
    db.messageLog.deleteMany({ where: { createdAt: { lt: before } } }),
    db.inboundSeen.deleteMany({ where: { createdAt: { lt: before } } }),
    db.outbox.deleteMany({ where: { createdAt: { lt: before }, status: { notIn: ['pending', 'sending'] } } }),
  ]);
  return log.count + seen.count + outbox.count;
}

const SELECT_CONVERSATION = `SELECT c.id, c.education, c.kecamatan, c."optedOutAt" AS "optedOutAt", c."personKey" AS "personKey", v.state, v.status, v.version
   FROM "Contact" c LEFT JOIN "Conversation" v ON v."contactId" = c.id
   WHERE c.channel = ? AND c."externalId" = ?`;
const SELECT_SUBSCRIPTIONS = 'SELECT id, label, kecamatan, education, keyword, immediate, status, "stoppedAt" AS "stoppedAt" FROM "Subscription" WHERE "contactId" = ? ORDER BY id';
const INSERT_CONTACT = 'INSERT INTO "Contact" (channel, "externalId", "firstSeenAt", "lastSeenAt") VALUES (?, ?, ?, ?) ON CONFLICT (channel, "externalId") DO NOTHING';
const INSERT_SEEN = 'INSERT INTO "InboundSeen" (key, "contactId", "createdAt") VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING';
const SELECT_SEEN = 'SELECT 1 AS one FROM "InboundSeen" WHERE key = ?';
const INSERT_CONVERSATION = 'INSERT INTO "Conversation" ("contactId", state, status, version, "updatedAt") VALUES (?, ?, ?, 0, ?) ON CONFLICT ("contactId") DO NOTHING';
const UPDATE_CONVERSATION = 'UPDATE "Conversation" SET state = ?, status = COALESCE(?, status), version = version + 1, "updatedAt" = ? WHERE "contactId" = ? AND version = ?';
const TOUCH_CONTACT = 'UPDATE "Contact" SET "lastSeenAt" = ?, "goneAt" = NULL, education = COALESCE(?, education), kecamatan = COALESCE(?, kecamatan) WHERE id = ?';
const PROFILE_CONTACT = 'UPDATE "Contact" SET education = COALESCE(?, education), kecamatan = COALESCE(?, kecamatan) WHERE id = ?';
const INSERT_LOG = 'INSERT INTO "MessageLog" ("contactId", direction, text, intent, "createdAt") VALUES (?, ?, ?, ?, ?)';
const FUNNEL = 'INSERT INTO "GuideFunnel" (guide, step, event, day, count) VALUES (?, ?, ?, ?, 1) ON CONFLICT (guide, step, event, day) DO UPDATE SET count = "GuideFunnel".count + 1';
const SELECT_PERSON = 'SELECT id, channel, "externalId" AS "externalId", "personKey" AS "personKey" FROM "Contact" WHERE id = ?';
const SELECT_LINKED = 'SELECT id, channel, "externalId" AS "externalId", "personKey" AS "personKey" FROM "Contact" WHERE "personKey" = ?';
// Everything that names one contact, in an order the foreign keys accept; Contact cascades to
// Conversation, MessageLog and Subscription.
const ERASE = [
  'DELETE FROM "Outbox" WHERE "contactId" = ? OR (channel = ? AND recipient = ?)',
  'DELETE FROM "LinkCode" WHERE "contactId" = ?',
  'DELETE FROM "InboundSeen" WHERE "contactId" = ?',
  'DELETE FROM "Contact" WHERE id = ?',
];

interface ConversationRow {
  id: number;
  education: string | null;
  kecamatan: string | null;
  optedOutAt: string | Date | null;
  personKey: string | null;
  state: string | null;
  status: string | null;
  version: number | null;
}

interface SubscriptionRow {
  id: number;
  label: string | null;
  kecamatan: string;
  education: string | null;
  keyword: string | null;
  immediate: number | boolean;
  status: string;
  stoppedAt: string | Date | null;
}

type Person = { id: number; channel: string; externalId: string; personKey: string | null };

function conversationOf(row: ConversationRow, subscriptions: SubscriptionRow[], isNew: boolean): StoredConversation {
  return {
    contact: { id: Number(row.id), education: row.education, kecamatan: row.kecamatan, optedOutAt: row.optedOutAt ? new Date(row.optedOutAt) : null, personKey: row.personKey },
    subscriptions: subscriptions.map((s) => ({ ...s, immediate: Boolean(s.immediate), stoppedAt: s.stoppedAt ? new Date(s.stoppedAt) : null })),
    state: row.state,
    status: row.status ?? 'bot',
    version: row.version ?? -1,
    isNew,
  };
}

// Prisma's SQLite adapter stores DateTime as ISO text with "+00:00"; so do we.
const sqliteTime = (d: Date) => d.toISOString().replace('Z', '+00:00');

/** The SQLite store: prepared statements on a second connection to the same file (WAL mode). */
export class SqliteConversationStore implements ConversationStore {
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();

  constructor(
    file: string,
    private readonly log: Logger = silentLogger,
  ) {
    this.db = openSqlite(file);
  }

  private q(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) this.statements.set(sql, (s = this.db.prepare(sql)));
    return s;
  }

  async load(channel: string, externalId: string, at: Date): Promise<StoredConversation> {
    let row = this.q(SELECT_CONVERSATION).get(channel, externalId) as ConversationRow | undefined;
    let isNew = false;
    if (!row) {
      isNew = this.q(INSERT_CONTACT).run(channel, externalId, sqliteTime(at), sqliteTime(at)).changes === 1;
      row = this.q(SELECT_CONVERSATION).get(channel, externalId) as ConversationRow;
    }
    return conversationOf(row, isNew ? [] : (this.q(SELECT_SUBSCRIPTIONS).all(row.id) as SubscriptionRow[]), isNew);
  }

  async seen(seenKey: string): Promise<boolean> {
    return this.q(SELECT_SEEN).get(seenId(seenKey)) !== undefined;
  }

  async markSeen(seenKey: string, contactId: number | null, at: Date): Promise<void> {
    this.q(INSERT_SEEN).run(seenId(seenKey), contactId, sqliteTime(at));
  }

  async save(w: TurnWrite): Promise<void> {
    const at = sqliteTime(w.at);
    this.db.transaction(() => {
      if (w.seenKey && this.q(INSERT_SEEN).run(seenId(w.seenKey), w.contactId, at).changes !== 1) throw new DuplicateMessageError('message handled already');
      const changed =
        w.version < 0
          ? this.q(INSERT_CONVERSATION).run(w.contactId, w.state, w.status ?? 'bot', at).changes
          : this.q(UPDATE_CONVERSATION).run(w.state, w.status ?? null, at, w.contactId, w.version).changes;
      if (changed !== 1) throw new StaleStateError('conversation changed concurrently');
      if (w.touch !== false) this.q(TOUCH_CONTACT).run(at, w.profile?.education ?? null, w.profile?.kecamatan ?? null, w.contactId);
      else if (w.profile?.education || w.profile?.kecamatan) this.q(PROFILE_CONTACT).run(w.profile.education ?? null, w.profile.kecamatan ?? null, w.contactId);
      w.log.forEach((l, i) => this.q(INSERT_LOG).run(w.contactId, l.direction, l.text, l.intent, sqliteTime(new Date(w.at.getTime() + i))));
      for (const e of w.funnel?.events ?? []) this.q(FUNNEL).run(e.guide, e.step, e.event, w.funnel!.day);
    }).immediate();
  }

  async erase(contactId: number, seenKey?: string): Promise<void> {
    const erased = this.db.transaction(() => {
      const one = this.q(SELECT_PERSON).get(contactId) as Person | undefined;
      if (one) {
        const people = one.personKey ? (this.q(SELECT_LINKED).all(one.personKey) as Person[]) : [one];
        for (const p of people) {
          this.q(ERASE[0]!).run(p.id, p.channel, p.externalId);
          for (const sql of ERASE.slice(1)) this.q(sql).run(p.id);
        }
      }
      if (seenKey) this.q(INSERT_SEEN).run(seenId(seenKey), null, sqliteTime(new Date()));
      return Boolean(one);
    }).immediate();
    if (erased) this.checkpoint();
  }

  // With secure_delete the erased rows are zeroed in the pages written to the
  // write-ahead log; copying those pages into the database file and emptying
  // the log leaves the old text in neither.
  private checkpoint(): void {
    try {
      const [result] = this.db.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number; log: number; checkpointed: number }>;
      if (result?.busy) this.log.warn('erased data may stay in the write-ahead log until the next checkpoint: another connection was reading');
    } catch (err) {
      this.log.warn('erased data may stay in the write-ahead log until the next checkpoint', { error: err });
    }
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

const $ = (sql: string) => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};

/** The PostgreSQL store: the same statements on its own pool (src/db/raw.ts pgPool). */
export class PgConversationStore implements ConversationStore {
  private readonly pool: pg.Pool;

  constructor(url: string, log: Logger = silentLogger) {
    this.pool = pgPool(url, log, { max: 10 });
  }

  async load(channel: string, externalId: string, at: Date): Promise<StoredConversation> {
    const select = () => this.pool.query<ConversationRow>($(SELECT_CONVERSATION), [channel, externalId]);
    let { rows } = await select();
    let isNew = false;
    if (!rows[0]) {
      isNew = ((await this.pool.query($(INSERT_CONTACT), [channel, externalId, at, at])).rowCount ?? 0) === 1;
      ({ rows } = await select());
    }
    const subscriptions = isNew ? [] : (await this.pool.query<SubscriptionRow>($(SELECT_SUBSCRIPTIONS), [rows[0]!.id])).rows;
    return conversationOf(rows[0]!, subscriptions, isNew);
  }

  async seen(seenKey: string): Promise<boolean> {
    return ((await this.pool.query($(SELECT_SEEN), [seenId(seenKey)])).rowCount ?? 0) > 0;
  }

  async markSeen(seenKey: string, contactId: number | null, at: Date): Promise<void> {
    await this.pool.query($(INSERT_SEEN), [seenId(seenKey), contactId, at]);
  }

  async save(w: TurnWrite): Promise<void> {
    await pgTransaction(this.pool, async (c) => {
      if (w.seenKey && (await c.query($(INSERT_SEEN), [seenId(w.seenKey), w.contactId, w.at])).rowCount !== 1) throw new DuplicateMessageError('message handled already');
      const changed =
        w.version < 0
          ? await c.query($(INSERT_CONVERSATION), [w.contactId, w.state, w.status ?? 'bot', w.at])
          : await c.query($(UPDATE_CONVERSATION), [w.state, w.status ?? null, w.at, w.contactId, w.version]);
      if (changed.rowCount !== 1) throw new StaleStateError('conversation changed concurrently');
      if (w.touch !== false) await c.query($(TOUCH_CONTACT), [w.at, w.profile?.education ?? null, w.profile?.kecamatan ?? null, w.contactId]);
      else if (w.profile?.education || w.profile?.kecamatan) await c.query($(PROFILE_CONTACT), [w.profile.education ?? null, w.profile.kecamatan ?? null, w.contactId]);
      if (w.log.length) {
        // One statement for the whole log of the turn.
        const values = w.log.map((_, i) => `($${i * 5 + 1}, $${i * 5 + 2}, $${i * 5 + 3}, $${i * 5 + 4}, $${i * 5 + 5})`).join(', ');
        const params = w.log.flatMap((l, i) => [w.contactId, l.direction, l.text, l.intent, new Date(w.at.getTime() + i)]);
        await c.query(`INSERT INTO "MessageLog" ("contactId", direction, text, intent, "createdAt") VALUES ${values}`, params);
      }
      for (const e of w.funnel?.events ?? []) await c.query($(FUNNEL), [e.guide, e.step, e.event, w.funnel!.day]);
    });
  }

  async erase(contactId: number, seenKey?: string): Promise<void> {
    await pgTransaction(this.pool, async (c) => {
      const one = (await c.query<Person>($(SELECT_PERSON), [contactId])).rows[0];
      if (one) {
        const people = one.personKey ? (await c.query<Person>($(SELECT_LINKED), [one.personKey])).rows : [one];
        for (const p of people) {
          await c.query($(ERASE[0]!), [p.id, p.channel, p.externalId]);
          for (const sql of ERASE.slice(1)) await c.query($(sql), [p.id]);
        }
      }
      if (seenKey) await c.query($(INSERT_SEEN), [seenId(seenKey), null, new Date()]);
    });
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
