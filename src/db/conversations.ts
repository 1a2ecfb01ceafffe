// Contacts, their conversation state, subscriptions, hand-overs and the
// message log: read and written on every message, so this path uses plain
// SQL on the driver (better-sqlite3 prepared statements, or a pg pool), not
// the ORM. A turn's writes (state, profile, log, counts, subscriptions,
// hand-over, link code) go in one transaction, and only when nobody saved
// the conversation since it was read, so a retried turn is harmless. The
// provider's id of the message goes in the same transaction, so a message
// is either answered and marked seen, or neither (and can be tried again).

import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import type Database from 'better-sqlite3';
import type pg from 'pg';
import { educationRank, isEducation } from '../domain/education.ts';
import { kecamatanColumn } from '../domain/alerts.ts';
import { silentLogger, type Logger } from '../log.ts';
import { isTransientDbError } from './errors.ts';
import { providerOf, sqlitePath, type Db } from './client.ts';
import { openSqlite, pgPool, pgRawOn, type RawDb } from './raw.ts';

export interface ContactRecord {
  id: number;
  channel: string;
  externalId: string;
  education: string | null;
  kecamatan: string | null;
  optedOutAt: Date | null;
  personKey: string | null;
  lastSeenAt: Date | null;
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

/** The latest request to talk to staff, with its place in the queue. */
export interface HandoffRecord {
  id: number;
  status: 'waiting' | 'open' | 'closed';
  staffName: string | null;
  createdAt: Date;
  closedAt: Date | null;
  position: number | null;
}

/** A change to subscriptions, resolved to rows before the turn is written. */
export type SubscriptionWrite =
  | { op: 'create'; contactId: number; label: string | null; kecamatan: string[]; education: string | null; keyword: string | null; immediate: boolean }
  | { op: 'update'; id: number; changes: { kecamatan?: string[]; education?: string | null; keyword?: string | null; immediate?: boolean; contactId?: number } }
  | { op: 'status'; ids: number[]; status: 'active' | 'paused' | 'stopped' }
  /** "stop": every subscription of these contacts stops, they are opted out, and their queued alerts are cancelled. */
  | { op: 'optout'; contactIds: number[] };

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
  /** Daily counts to add, for calendar day `day`. */
  counts?: { day: string; keys: string[] };
  activities?: Array<{ kind: string; detail: string | null; channel: string }>;
  handoff?: { topic: string; summary: string } | null;
  /** "kabari kalau ada job fair / pelatihan las": wishes to hear of new ones (one active per kind and word). */
  serviceAlerts?: Array<{ kind: string; keyword: string | null; education: string | null }>;
  /** Vacancies the employer sent for review in this turn (stored as pending). */
  reports?: Array<{ reference: string; title: string; company: string; kecamatan: string; data: string }>;
  subscriptions?: SubscriptionWrite[];
  /** A new code this contact may send from its other channel. */
  linkCode?: { code: string; expiresAt: Date } | null;
  /** A link code used: this contact and the code's owner become one person. */
  link?: { code: string; otherContactId: number; personKey: string } | null;
  /** The provider's id of the message this turn answers. */
  seenKey?: string;
  /** The turn's replies (JSON), kept with `seenKey` until `sent` says they went out. */
  replies?: string;
}

/** The state was changed by someone else since it was read (another process). */
export class StaleStateError extends Error {}

/** The message was handled already (a provider delivered it twice, or a retry raced the first try). */
export class DuplicateMessageError extends Error {}

/**
 * How a provider's message id is kept: hashed, because ids such as WhatsApp's
 * "wamid.HBgM..." carry the sender's phone number.
 */
export function seenId(seenKey: string): string {
  return crypto.createHash('sha256').update(seenKey).digest('hex').slice(0, 40);
}

/** Reads and writes conversations on one database. */
export interface ConversationStore {
  /** Finds or creates the contact for a channel identity and reads its conversation. */
  load(channel: string, externalId: string, at: Date): Promise<StoredConversation>;
  /** The person's other contacts (linked with a code) and their subscriptions. */
  linked(personKey: string, contactId: number): Promise<Array<{ id: number; channel: string; subscriptions: SubscriptionRecord[] }>>;
  /** One contact's channel and subscriptions (the owner of a link code being used). */
  contact(contactId: number): Promise<{ id: number; channel: string; subscriptions: SubscriptionRecord[] } | null>;
  /** The contact's latest hand-over, with its place in the queue when waiting. */
  handoff(contactId: number): Promise<HandoffRecord | null>;
  /** The contact's vacancy reports, oldest first. */
  reports(contactId: number): Promise<Array<{ reference: string; status: string; title: string; reason: string | null; company?: string; contactName?: string; contactPhone?: string }>>;
  /** The highest reference number that starts with `prefix` ("LP-2026-"), or null. */
  lastReference(prefix: string): Promise<string | null>;
  /** The contact's last `n` messages (already redacted), oldest first. */
  recent(contactId: number, n: number): Promise<string[]>;
  /** Who asked for a link code, when it is still valid. */
  linkCodeOwner(code: string, at: Date): Promise<{ contactId: number; channel: string; personKey: string | null } | null>;
  /** How many staff console accounts can sign in (not disabled). */
  staffAccounts(): Promise<number>;
  /**
   * Null when the message with this provider key was never handled; otherwise
   * its replies that no one has sent yet (JSON, taken once: the next call
   * finds none), or null in `replies` when they were sent.
   */
  takeSeen(seenKey: string): Promise<{ replies: string | null } | null>;
  /** The replies of this message went out: they are no longer kept. */
  sent(seenKey: string): Promise<void>;
  /**
   * Saves a turn atomically, with its message's provider key when it has one.
   * Throws StaleStateError when another process saved first, and
   * DuplicateMessageError when the key was recorded already; nothing is written then.
   */
  save(write: TurnWrite): Promise<void>;
  /**
   * Erases a contact, its linked contacts and everything stored about them
   * (the ids of their messages included); `seenKey` (the erasing message) is
   * recorded without naming anyone, so a repeat delivery starts nothing
   * (but for `replies`, the reply saying so, kept until sent).
   */
  erase(contactId: number, seenKey?: string, replies?: string): Promise<void>;
  close(): Promise<void>;
}

/** The store for the database at `url` (plain SQL on both databases). */
export function openConversationStore(url: string, log: Logger = silentLogger): ConversationStore {
  return providerOf(url) === 'sqlite' ? new SqlStore(new SqliteExec(sqlitePath(url), log)) : new SqlStore(new PgExec(pgPool(url, log, { max: 10 })));
}

// --- one SQL dialect for both databases ------------------------------------

interface Statement {
  sql: string;
  params: unknown[];
  /** The statement must change exactly one row, else the turn is stale. */
  one?: boolean;
  /** The statement must change exactly one row, else the message was handled already. */
  firstSighting?: boolean;
  /**
   * The statement adds its last two parameters (the same number twice) to a count: the counts of
   * turns committed together may be added up first (one statement per row instead of one per turn).
   */
  tally?: boolean;
}

interface Exec {
  readonly provider: 'sqlite' | 'postgresql';
  all<T>(sql: string, params: unknown[]): Promise<T[]>;
  /**
   * Runs statements in one transaction; after rolling back, throws StaleStateError when a `one`
   * statement changed no row, DuplicateMessageError when a `firstSighting` one did not.
   */
  transaction(statements: Statement[]): Promise<void>;
  /** Creates the contact when there is none (another process may create it first); its id when this call created it, else null. */
  createContact(channel: string, externalId: string, at: Date): Promise<number | null>;
  /** After an erasure: what was deleted leaves the files too (SQLite; nothing to do on PostgreSQL). */
  purgeFreedPages(): Promise<void>;
  close(): Promise<void>;
}

function checkChanged(s: Statement, changes: number): void {
  if (s.firstSighting && changes !== 1) throw new DuplicateMessageError('message handled already');
  if (s.one && changes !== 1) throw new StaleStateError('conversation changed concurrently');
}

// SQLite keeps DateTime as ISO text with "+00:00" (as Prisma's adapter writes it) and booleans as 0/1.
const sqliteValue = (v: unknown) => (v instanceof Date ? v.toISOString().replace('Z', '+00:00') : typeof v === 'boolean' ? Number(v) : v);

/**
 * The most turns one SQLite commit waits for. Every turn waiting holds its memory (state, replies, the
 * statements) until the commit: with a thousand people writing at once, waiting for all of them kept
 * the heap growing by a hundred megabytes, and a few commits more cost less than that.
 */
const SQLITE_GROUP = 100;

class SqliteExec implements Exec {
  readonly provider = 'sqlite' as const;
  private readonly db: Database.Database;
  private readonly cache = new Map<string, Database.Statement>();
  /** Writes asked for since the last group was committed (see `grouped`). */
  private pending: Array<{ work: () => unknown; tallies: Statement[]; resolve: (v: unknown) => void; reject: (e: unknown) => void }> = [];

  constructor(
    file: string,
    private readonly log: Logger,
  ) {
    // WAL, a short busy wait (the driver blocks the event loop while it waits), secure_delete.
    this.db = openSqlite(file);
  }

  private stmt(sql: string): Database.Statement {
    let s = this.cache.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      if (this.cache.size < 300) this.cache.set(sql, s);
    }
    return s;
  }

  async all<T>(sql: string, params: unknown[]): Promise<T[]> {
    return this.stmt(sql).all(...params.map(sqliteValue)) as T[];
  }

  transaction(statements: Statement[]): Promise<void> {
    const tallies = statements.filter((s) => s.tally);
    const rest = tallies.length ? statements.filter((s) => !s.tally) : statements;
    return this.grouped(() => this.runAll(rest), tallies);
  }

  createContact(channel: string, externalId: string, at: Date): Promise<number | null> {
    return this.grouped(() => (this.stmt(INSERT_CONTACT).all(channel, externalId, sqliteValue(at), sqliteValue(at)) as Array<{ id: number }>)[0]?.id ?? null);
  }

  private runAll(statements: Statement[]): void {
    for (const s of statements) checkChanged(s, this.stmt(s.sql).run(...s.params.map(sqliteValue)).changes);
  }

  // A turn's own writes, its counts included.
  private whole(g: (typeof this.pending)[number]): unknown {
    const value = g.work();
    this.runAll(g.tallies);
    return value;
  }

  /**
   * Runs `work` (synchronous statements) in a transaction of its own as far as anyone can tell: the
   * writes asked for while the event loop is busy (the turns of many people at once) are committed
   * together (up to SQLITE_GROUP), in the order they were asked for, each in a savepoint if need be. A
   * write that fails (a stale state, a message seen already) is rolled back to its savepoint
   * alone; the others commit. Each person's turns are one at a time (KeyedQueue), so a person's
   * order is kept. One commit for many turns is what makes many people at once cheap: the
   * write-ahead log gets each changed page once per group instead of once per turn.
   */
  private grouped<T>(work: () => T, tallies: Statement[] = []): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const n = this.pending.push({ work, tallies, resolve: resolve as (v: unknown) => void, reject });
      if (n === 1) setImmediate(() => this.flush());
      else if (n >= SQLITE_GROUP) this.flush();
    });
  }

  private flush(): void {
    const group = this.pending;
    this.pending = [];
    if (!group.length) return;
    if (group.length === 1) {
      // IMMEDIATE takes the write lock first, so a busy database fails here, before anything is done, and is tried again.
      const one = group[0]!;
      try {
        one.resolve(this.db.transaction(() => this.whole(one)).immediate());
      } catch (err) {
        one.reject(err);
      }
      return;
    }
    if (this.allOrNothing(group)) return;
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    try {
      this.stmt('BEGIN IMMEDIATE').run();
      try {
        for (const g of group) {
          this.stmt('SAVEPOINT turn').run();
          try {
            outcomes.push({ ok: true, value: this.whole(g) });
            this.stmt('RELEASE turn').run();
          } catch (error) {
            this.stmt('ROLLBACK TO turn').run();
            this.stmt('RELEASE turn').run();
            outcomes.push({ ok: false, error });
          }
        }
      } catch (err) {
        if (this.db.inTransaction) this.stmt('ROLLBACK').run();
        throw err;
      }
      this.commit();
    } catch (err) {
      return refuse(group, err);
    }
    group.forEach((g, i) => {
      const o = outcomes[i]!;
      if (o.ok) g.resolve(o.value);
      else g.reject(o.error);
    });
  }

  // COMMIT, or ROLLBACK and the error again.
  private commit(): void {
    try {
      this.stmt('COMMIT').run();
    } catch (err) {
      if (this.db.inTransaction) this.stmt('ROLLBACK').run();
      throw err;
    }
  }

  /**
   * Most groups have no turn that fails: the group is tried first without a savepoint for each turn (two
   * statements fewer a turn), and the counts of all its turns added up. False when a turn failed: then nothing was written, and the group is written
   * again turn by turn in savepoints. True when every caller was answered (committed, or all refused).
   */
  private allOrNothing(group: typeof this.pending): boolean {
    const values: unknown[] = [];
    try {
      this.stmt('BEGIN IMMEDIATE').run();
      try {
        for (const g of group) values.push(g.work());
        this.runAll(addedUp(group.flatMap((g) => g.tallies)));
      } catch {
        if (this.db.inTransaction) this.stmt('ROLLBACK').run();
        return false;
      }
      this.commit();
    } catch (err) {
      refuse(group, err);
      return true;
    }
    group.forEach((g, i) => g.resolve(values[i]));
    return true;
  }

  // With secure_delete the erased rows are zeroed in the pages written to the
  // write-ahead log; copying those pages into the database file and emptying
  // the log leaves the old text in neither.
  async purgeFreedPages(): Promise<void> {
    try {
      const [result] = this.db.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>;
      if (result?.busy) this.log.warn('erased data may stay in the write-ahead log until the next checkpoint: another connection was reading');
    } catch (err) {
      this.log.warn('erased data may stay in the write-ahead log until the next checkpoint', { error: err });
    }
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

// Tally statements of the same row as one, their numbers added up (in the order each row was first counted).
function addedUp(tallies: Statement[]): Statement[] {
  const rows = new Map<string, Statement>();
  for (const t of tallies) {
    const row = t.params.slice(0, -2);
    const key = `${t.sql}\u0000${row.join('\u0000')}`;
    const n = Number(t.params.at(-1));
    const seen = rows.get(key);
    if (seen) {
      const total = Number(seen.params.at(-1)) + n;
      seen.params = [...row, total, total];
    } else rows.set(key, { sql: t.sql, params: [...row, n, n] });
  }
  return [...rows.values()];
}

// pg's own conversion of a parameter to the text it sends, and its quoting of a literal.
const pgUtils = createRequire(import.meta.url)('pg/lib/utils.js') as { prepareValue(v: unknown): unknown; escapeLiteral(s: string): string };
const STALE = 'pasker-stale-state';
const DUPLICATE = 'pasker-seen-message';

/**
 * A statement as literal SQL text: each "?" replaced by the parameter as pg itself would send it
 * (converted by pg, quoted by pg's escapeLiteral, of unknown type as an untyped parameter is), so
 * the server reads the same values. A statement that must change exactly one row fails when it
 * does not, with an error naming why, which stops the rest of the transaction.
 */
function literalStatement(s: Statement, turn = 0): string {
  let i = 0;
  const sql = s.sql.replace(/\?/g, () => {
    const v = pgUtils.prepareValue(s.params[i++]);
    return v === null || v === undefined ? 'NULL' : pgUtils.escapeLiteral(String(v));
  });
  if (i !== s.params.length) throw new Error(`statement has ${i} placeholders for ${s.params.length} parameters`);
  const mark = s.firstSighting ? DUPLICATE : s.one ? STALE : null;
  // The marker names the turn, and is joined to the count so that it is not a constant the planner would evaluate beforehand.
  return mark ? `WITH changed AS (${sql} RETURNING 1) SELECT CASE WHEN count(*) = 1 THEN 1 ELSE CAST('${mark}:${turn}:' || count(*) AS integer) END FROM changed` : sql;
}

const MARKED = new RegExp(`(${STALE}|${DUPLICATE}):(\\d+):`);

function markedError(err: unknown): { turn: number; error: Error } | null {
  const m = MARKED.exec((err as Error)?.message ?? '');
  if (!m) return null;
  return { turn: Number(m[2]), error: m[1] === DUPLICATE ? new DuplicateMessageError('message handled already') : new StaleStateError('conversation changed concurrently') };
}

type Pending = { statements: Statement[]; resolve: () => void; reject: (e: unknown) => void };

/**
 * Groups of turns written at once. One: groups on several connections would lock the shared
 * daily-count rows in different orders and deadlock; one group commits hundreds of turns anyway.
 */
const PG_GROUPS = 1;

class PgExec implements Exec {
  readonly provider = 'postgresql' as const;
  private readonly raw: RawDb;
  private pending: Pending[] = [];
  private running = 0;
  private scheduled = false;

  constructor(private readonly pool: pg.Pool) {
    this.raw = pgRawOn(pool);
  }

  all<T>(sql: string, params: unknown[]): Promise<T[]> {
    return this.raw.all<T>(sql, params);
  }

  /**
   * Turns written while others are on their way go together: one transaction with a savepoint
   * for each turn, sent as one text (one round trip and one commit for the group, instead of a
   * round trip per statement and a commit per turn, which is most of a turn's cost here). A turn
   * whose check fails (stale state, message seen already) is rolled back to its savepoint alone;
   * the rest of the group is sent again after it and commits. Each person's turns are one at a
   * time (KeyedQueue), so a person's order is kept.
   */
  transaction(statements: Statement[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ statements, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.running >= PG_GROUPS || !this.pending.length) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      const group = this.pending.splice(0, 200);
      if (!group.length) return;
      this.running++;
      void this.write(group).finally(() => {
        this.running--;
        this.schedule();
      });
      this.schedule();
    });
  }

  private async write(group: Pending[]): Promise<void> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      for (const g of group) g.reject(err);
      return;
    }
    let broken: Error | null = null;
    const onError = (err: Error) => (broken = err);
    client.on('error', onError);
    try {
      if (group.length === 1) await this.single(client, group[0]!);
      else if (!(await this.allOrNothing(client, group))) await this.together(client, group);
    } finally {
      client.removeListener('error', onError);
      client.release(broken ?? undefined);
    }
  }

  // One turn in a transaction of its own; settles it.
  private async single(client: pg.PoolClient, turn: Pending): Promise<void> {
    try {
      await client.query(['BEGIN', ...turn.statements.map((s) => literalStatement(s)), 'COMMIT'].join(';\n'));
      turn.resolve();
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      turn.reject(markedError(err)?.error ?? err);
    }
  }

  /**
   * Most groups have no turn that fails: the group is sent first as one transaction in one text,
   * without a savepoint per turn (hundreds of savepoints in one transaction cost the server more
   * than the turns' own writes) and with its counts added up. False when it failed and nothing was
   * written: then it is written again in savepoints (`together`). True when every turn was answered.
   */
  private async allOrNothing(client: pg.PoolClient, group: Pending[]): Promise<boolean> {
    const statements = group.flatMap((g, k) => g.statements.filter((s) => !s.tally).map((s) => literalStatement(s, k)));
    const tallies = addedUp(group.flatMap((g) => g.statements.filter((s) => s.tally))).map((s) => literalStatement(s));
    try {
      await client.query(['BEGIN', ...statements, ...tallies, 'COMMIT'].join(';\n'));
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      // A lost connection (the commit may have arrived): every turn hears so, as a lone turn would.
      if (isTransientDbError(err)) {
        for (const g of group) g.reject(err);
        return true;
      }
      return false;
    }
    for (const g of group) g.resolve();
    return true;
  }

  private async together(client: pg.PoolClient, group: Pending[]): Promise<void> {
    const outcome: Array<Error | null> = [];
    try {
      await client.query('BEGIN');
      for (let from = 0; from < group.length; ) {
        // The counts wait for the end: the same few rows updated by every turn of the group made a
        // long chain of row versions that each update walked, a statement per row covers them all.
        const text = group
          .slice(from)
          .map((g, k) => [`SAVEPOINT turn${from + k}`, ...g.statements.filter((s) => !s.tally).map((s) => literalStatement(s, from + k)), `RELEASE SAVEPOINT turn${from + k}`].join(';\n'))
          .join(';\n');
        try {
          await client.query(text);
          for (let k = from; k < group.length; k++) outcome[k] = null;
          from = group.length;
        } catch (err) {
          const marked = markedError(err);
          if (!marked || marked.turn < from) throw err;
          await client.query(`ROLLBACK TO SAVEPOINT turn${marked.turn}`);
          for (let k = from; k < marked.turn; k++) outcome[k] = null;
          outcome[marked.turn] = marked.error;
          from = marked.turn + 1;
        }
      }
      // The counts of the turns written (not of those refused), added up: one statement per row.
      const tallies = addedUp(group.flatMap((g, k) => (outcome[k] ? [] : g.statements.filter((s) => s.tally))));
      if (tallies.length) await client.query(tallies.map((s) => literalStatement(s)).join(';\n'));
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      // A lost connection (the commit may have arrived): every turn hears so, as a lone turn would.
      if (isTransientDbError(err)) {
        for (const g of group) g.reject(err);
        return;
      }
      // Nothing of the group was written. A fault of one turn (not a failed check) is not the
      // others' fault: each is tried again on its own, and only that one fails.
      for (const g of group) await this.single(client, g);
      return;
    }
    group.forEach((g, k) => (outcome[k] ? g.reject(outcome[k]) : g.resolve()));
  }

  async createContact(channel: string, externalId: string, at: Date): Promise<number | null> {
    return (await this.raw.all<{ id: number }>(INSERT_CONTACT, [channel, externalId, at, at]))[0]?.id ?? null;
  }

  // Deleted rows stay in PostgreSQL's files until it reuses the space (README: erasure).
  async purgeFreedPages(): Promise<void> {}

  close(): Promise<void> {
    return this.raw.close();
  }
}

type ContactRow = { id: number; channel: string; externalId: string; education: string | null; kecamatan: string | null; optedOutAt: unknown; personKey: string | null; lastSeenAt: unknown; state: string | null; status: string | null; version: number | null };
type SubRow = { id: number; contactId: number; label: string | null; kecamatan: string; education: string | null; keyword: string | null; immediate: unknown; status: string; stoppedAt: unknown };

const toDate = (v: unknown): Date | null => (v === null || v === undefined ? null : v instanceof Date ? v : new Date(String(v)));
const subscription = (r: SubRow): SubscriptionRecord => ({ id: r.id, label: r.label, kecamatan: r.kecamatan, education: r.education, keyword: r.keyword, immediate: Boolean(r.immediate), status: r.status, stoppedAt: toDate(r.stoppedAt) });

// The contact, its conversation and its subscriptions in one statement (one round trip on PostgreSQL):
// a row per subscription (most people have none or one), the contact's columns repeated on each.
const CONTACT_ROWS = `SELECT c.id, c.channel, c."externalId", c.education, c.kecamatan, c."optedOutAt", c."personKey", c."lastSeenAt", v.state, v.status, v.version,
    s.id AS "subId", s.label AS "subLabel", s.kecamatan AS "subKecamatan", s.education AS "subEducation", s.keyword AS "subKeyword", s.immediate AS "subImmediate", s.status AS "subStatus", s."stoppedAt" AS "subStoppedAt"
  FROM "Contact" c LEFT JOIN "Conversation" v ON v."contactId" = c.id LEFT JOIN "Subscription" s ON s."contactId" = c.id`;
const SELECT_CONTACT = `${CONTACT_ROWS} WHERE c.channel = ? AND c."externalId" = ? ORDER BY s.id`;
// Several people's at once (PostgreSQL): one round trip for the loads asked for in the same moment.
const selectContacts = (n: number) => `${CONTACT_ROWS} WHERE (c.channel, c."externalId") IN (${Array.from({ length: n }, () => '(?, ?)').join(', ')}) ORDER BY c.id, s.id`;
/** The most loads read in one statement. */
const LOAD_BATCH = 100;
type ContactSubRow = { subId: number | null; subLabel: string | null; subKecamatan: string; subEducation: string | null; subKeyword: string | null; subImmediate: unknown; subStatus: string; subStoppedAt: unknown };

// A contact as SELECT_CONTACT reads it: its first row, and a subscription from each row that has one.
function stored(rows: Array<ContactRow & ContactSubRow>): StoredConversation {
  const row = rows[0]!;
  const subscriptions: SubscriptionRecord[] = [];
  for (const r of rows) {
    if (r.subId === null) continue;
    subscriptions.push({ id: r.subId, label: r.subLabel, kecamatan: r.subKecamatan, education: r.subEducation, keyword: r.subKeyword, immediate: Boolean(r.subImmediate), status: r.subStatus, stoppedAt: toDate(r.subStoppedAt) });
  }
  return {
    contact: { id: row.id, channel: row.channel, externalId: row.externalId, education: row.education, kecamatan: row.kecamatan, optedOutAt: toDate(row.optedOutAt), personKey: row.personKey, lastSeenAt: toDate(row.lastSeenAt) },
    subscriptions,
    state: row.state,
    status: row.status ?? 'bot',
    version: row.version ?? -1,
    isNew: false,
  };
}

const SELECT_SUBS = 'SELECT id, "contactId", label, kecamatan, education, keyword, immediate, status, "stoppedAt" FROM "Subscription" WHERE "contactId" = ? ORDER BY id';
const SELECT_SEEN = 'SELECT replies FROM "InboundSeen" WHERE key = ?';
// Taken once: of two processes asking at the same instant, one clears them (and gets a row back).
const TAKE_SEEN_REPLIES = 'UPDATE "InboundSeen" SET replies = NULL WHERE key = ? AND replies IS NOT NULL RETURNING key';
const INSERT_CONTACT = 'INSERT INTO "Contact" (channel, "externalId", "firstSeenAt", "lastSeenAt") VALUES (?, ?, ?, ?) ON CONFLICT (channel, "externalId") DO NOTHING RETURNING id';
const INSERT_SEEN = 'INSERT INTO "InboundSeen" (key, "contactId", "createdAt", replies) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO NOTHING';

/** The conversation store on either database. */
class SqlStore implements ConversationStore {
  /** Loads waiting to be read together (PostgreSQL only: on SQLite a statement costs no round trip). */
  private loads: Array<{ channel: string; externalId: string; resolve: (rows: Array<ContactRow & ContactSubRow>) => void; reject: (e: unknown) => void }> = [];

  constructor(private readonly x: Exec) {}

  // One contact's rows as SELECT_CONTACT reads them; on PostgreSQL, read with the other loads of the same moment.
  private contactRows(channel: string, externalId: string): Promise<Array<ContactRow & ContactSubRow>> {
    if (this.x.provider === 'sqlite') return this.x.all<ContactRow & ContactSubRow>(SELECT_CONTACT, [channel, externalId]);
    return new Promise((resolve, reject) => {
      if (this.loads.push({ channel, externalId, resolve, reject }) === 1) setImmediate(() => this.readLoads());
    });
  }

  private readLoads(): void {
    while (this.loads.length) {
      const batch = this.loads.splice(0, LOAD_BATCH);
      const keys = [...new Set(batch.map((l) => `${l.channel}\u0000${l.externalId}`))];
      this.x.all<ContactRow & ContactSubRow>(selectContacts(keys.length), keys.flatMap((k) => k.split('\u0000'))).then(
        (rows) => {
          const of = new Map<string, Array<ContactRow & ContactSubRow>>();
          for (const r of rows) {
            const k = `${r.channel}\u0000${r.externalId}`;
            const list = of.get(k);
            if (list) list.push(r);
            else of.set(k, [r]);
          }
          for (const l of batch) l.resolve(of.get(`${l.channel}\u0000${l.externalId}`) ?? []);
        },
        (err: unknown) => {
          for (const l of batch) l.reject(err);
        },
      );
    }
  }

  async load(channel: string, externalId: string, at: Date): Promise<StoredConversation> {
    const rows = await this.contactRows(channel, externalId);
    const row = rows[0];
    if (!row) {
      // Another process may create it a moment earlier: ON CONFLICT keeps theirs, and it is read as it is.
      const id = await this.x.createContact(channel, externalId, at);
      if (id === null) {
        const theirs = await this.contactRows(channel, externalId);
        if (!theirs.length) throw new Error(`contact ${channel}:${externalId} could not be created`);
        return stored(theirs);
      }
      // Created just now: nothing else of it exists yet (a conversation another process saved in between makes this turn stale, and it is read again).
      return { contact: { id, channel, externalId, education: null, kecamatan: null, optedOutAt: null, personKey: null, lastSeenAt: null }, subscriptions: [], state: null, status: 'bot', version: -1, isNew: true };
    }
    return stored(rows);
  }

  async linked(personKey: string, contactId: number): Promise<Array<{ id: number; channel: string; subscriptions: SubscriptionRecord[] }>> {
    const contacts = await this.x.all<{ id: number; channel: string }>('SELECT id, channel FROM "Contact" WHERE "personKey" = ? AND id <> ? ORDER BY id', [personKey, contactId]);
    const out: Array<{ id: number; channel: string; subscriptions: SubscriptionRecord[] }> = [];
    for (const c of contacts) out.push({ ...c, subscriptions: (await this.x.all<SubRow>(SELECT_SUBS, [c.id])).map(subscription) });
    return out;
  }

  async contact(contactId: number): Promise<{ id: number; channel: string; subscriptions: SubscriptionRecord[] } | null> {
    const [c] = await this.x.all<{ id: number; channel: string }>('SELECT id, channel FROM "Contact" WHERE id = ?', [contactId]);
    return c ? { ...c, subscriptions: (await this.x.all<SubRow>(SELECT_SUBS, [c.id])).map(subscription) } : null;
  }

  async handoff(contactId: number): Promise<HandoffRecord | null> {
    const [h] = await this.x.all<{ id: number; status: string; staffName: string | null; createdAt: unknown; closedAt: unknown }>('SELECT id, status, "staffName", "createdAt", "closedAt" FROM "Handoff" WHERE "contactId" = ? ORDER BY id DESC LIMIT 1', [contactId]);
    if (!h) return null;
    const status = h.status === 'open' || h.status === 'closed' ? h.status : 'waiting';
    let position: number | null = null;
    if (status === 'waiting') {
      const [n] = await this.x.all<{ n: number | string }>('SELECT COUNT(*) AS n FROM "Handoff" WHERE status = \'waiting\' AND id <= ?', [h.id]);
      position = Number(n?.n ?? 1);
    }
    return { id: h.id, status, staffName: h.staffName, createdAt: toDate(h.createdAt)!, closedAt: toDate(h.closedAt), position };
  }

  async reports(contactId: number): Promise<Array<{ reference: string; status: string; title: string; reason: string | null; company?: string; contactName?: string; contactPhone?: string }>> {
    const rows = await this.x.all<{ reference: string; status: string; title: string; reason: string | null; data: string }>('SELECT reference, status, title, reason, data FROM "VacancyReport" WHERE "contactId" = ? ORDER BY id', [contactId]);
    return rows.map(({ data, ...r }) => ({ ...r, ...companyOf(data) }));
  }

  async lastReference(prefix: string): Promise<string | null> {
    const [row] = await this.x.all<{ reference: string }>('SELECT reference FROM "VacancyReport" WHERE reference LIKE ? ORDER BY reference DESC LIMIT 1', [`${prefix}%`]);
    return row?.reference ?? null;
  }

  async recent(contactId: number, n: number): Promise<string[]> {
    const rows = await this.x.all<{ text: string }>('SELECT text FROM "MessageLog" WHERE "contactId" = ? AND direction = \'in\' ORDER BY id DESC LIMIT ?', [contactId, n]);
    return rows.map((r) => r.text).reverse();
  }

  async linkCodeOwner(code: string, at: Date): Promise<{ contactId: number; channel: string; personKey: string | null } | null> {
    const [row] = await this.x.all<{ contactId: number; channel: string; personKey: string | null; expiresAt: unknown }>('SELECT l."contactId", c.channel, c."personKey", l."expiresAt" FROM "LinkCode" l JOIN "Contact" c ON c.id = l."contactId" WHERE l.code = ?', [code]);
    if (!row || toDate(row.expiresAt)!.getTime() < at.getTime()) return null;
    return { contactId: row.contactId, channel: row.channel, personKey: row.personKey };
  }

  async staffAccounts(): Promise<number> {
    const [row] = await this.x.all<{ n: number | string }>('SELECT COUNT(*) AS n FROM "StaffAccount" WHERE "disabledAt" IS NULL', []);
    return Number(row?.n ?? 0);
  }

  async takeSeen(seenKey: string): Promise<{ replies: string | null } | null> {
    const [row] = await this.x.all<{ replies: string | null }>(SELECT_SEEN, [seenId(seenKey)]);
    if (!row) return null;
    if (row.replies === null) return { replies: null };
    const taken = await this.x.all(TAKE_SEEN_REPLIES, [seenId(seenKey)]);
    return { replies: taken.length ? row.replies : null };
  }

  async sent(seenKey: string): Promise<void> {
    await this.x.all(TAKE_SEEN_REPLIES, [seenId(seenKey)]);
  }

  async save(w: TurnWrite): Promise<void> {
    await this.x.transaction(turnStatements(w));
  }

  async erase(contactId: number, seenKey?: string, replies?: string): Promise<void> {
    const [one] = await this.x.all<{ id: number; channel: string; externalId: string; personKey: string | null }>('SELECT id, channel, "externalId", "personKey" FROM "Contact" WHERE id = ?', [contactId]);
    const people = !one ? [] : one.personKey ? await this.x.all<typeof one>('SELECT id, channel, "externalId", "personKey" FROM "Contact" WHERE "personKey" = ?', [one.personKey]) : [one];
    const statements: Statement[] = [];
    for (const p of people) {
      statements.push(
        { sql: 'DELETE FROM "Outbox" WHERE "contactId" = ? OR (channel = ? AND recipient = ?)', params: [p.id, p.channel, p.externalId] },
        { sql: 'DELETE FROM "LinkCode" WHERE "contactId" = ?', params: [p.id] },
        { sql: 'DELETE FROM "Activity" WHERE "contactId" = ?', params: [p.id] },
        { sql: 'DELETE FROM "Handoff" WHERE "contactId" = ?', params: [p.id] },
        { sql: 'DELETE FROM "ServiceAlert" WHERE "contactId" = ?', params: [p.id] },
        // An employer's reports are the office's records: kept, no longer tied to the person.
        { sql: 'UPDATE "VacancyReport" SET "contactId" = NULL WHERE "contactId" = ?', params: [p.id] },
        { sql: 'DELETE FROM "InboundSeen" WHERE "contactId" = ?', params: [p.id] },
        { sql: 'DELETE FROM "Contact" WHERE id = ?', params: [p.id] },
      );
    }
    if (seenKey) statements.push({ sql: INSERT_SEEN, params: [seenId(seenKey), null, new Date(), replies ?? null] });
    if (!statements.length) return;
    await this.x.transaction(statements);
    if (people.length) await this.x.purgeFreedPages();
  }

  close(): Promise<void> {
    return this.x.close();
  }
}

// The company and its contact from a report's facts (JSON), for the employer's next report.
function companyOf(data: string): { company?: string; contactName?: string; contactPhone?: string } {
  try {
    const f = JSON.parse(data) as Record<string, unknown>;
    const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v : undefined);
    const out = { company: text(f.company), contactName: text(f.contactName), contactPhone: text(f.contactPhone) };
    return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined));
  } catch {
    return {};
  }
}

/** The statements that write one turn, in order; the first checks the version. */
export function turnStatements(w: TurnWrite): Statement[] {
  const out: Statement[] = [];
  // First: a message already handled (by another process, or an earlier try) writes nothing.
  if (w.seenKey) out.push({ sql: INSERT_SEEN, params: [seenId(w.seenKey), w.contactId, w.at, w.replies ?? null], firstSighting: true });
  if (w.version < 0) {
    out.push({ sql: 'INSERT INTO "Conversation" ("contactId", state, status, version, "updatedAt") VALUES (?, ?, ?, 0, ?) ON CONFLICT ("contactId") DO NOTHING', params: [w.contactId, w.state, w.status ?? 'bot', w.at], one: true });
  } else {
    out.push({ sql: 'UPDATE "Conversation" SET state = ?, status = COALESCE(?, status), version = version + 1, "updatedAt" = ? WHERE "contactId" = ? AND version = ?', params: [w.state, w.status ?? null, w.at, w.contactId, w.version], one: true });
  }
  if (w.touch !== false) {
    out.push({ sql: 'UPDATE "Contact" SET "lastSeenAt" = ?, "goneAt" = NULL, education = COALESCE(?, education), kecamatan = COALESCE(?, kecamatan) WHERE id = ?', params: [w.at, w.profile?.education ?? null, w.profile?.kecamatan ?? null, w.contactId] });
  } else if (w.profile?.education || w.profile?.kecamatan) {
    out.push({ sql: 'UPDATE "Contact" SET education = COALESCE(?, education), kecamatan = COALESCE(?, kecamatan) WHERE id = ?', params: [w.profile.education ?? null, w.profile.kecamatan ?? null, w.contactId] });
  }
  // The message and its replies in one statement, in order (their ids and times say which came first).
  if (w.log.length) {
    out.push({
      sql: `INSERT INTO "MessageLog" ("contactId", direction, text, intent, "createdAt") VALUES ${w.log.map(() => '(?, ?, ?, ?, ?)').join(', ')}`,
      params: w.log.flatMap((l, i) => [w.contactId, l.direction, l.text, l.intent, new Date(w.at.getTime() + i)]),
    });
  }
  for (const e of w.funnel?.events ?? []) {
    out.push({ sql: 'INSERT INTO "GuideFunnel" (guide, step, event, day, count) VALUES (?, ?, ?, ?, 1) ON CONFLICT (guide, step, event, day) DO UPDATE SET count = "GuideFunnel".count + 1', params: [e.guide, e.step, e.event, w.funnel!.day] });
  }
  if (w.counts) {
    const tally = new Map<string, number>();
    for (const k of w.counts.keys) tally.set(k, (tally.get(k) ?? 0) + 1);
    for (const [k, n] of tally) out.push({ sql: 'INSERT INTO "DailyCount" (day, key, count) VALUES (?, ?, ?) ON CONFLICT (day, key) DO UPDATE SET count = "DailyCount".count + ?', params: [w.counts.day, k, n, n], tally: true });
  }
  for (const a of w.activities ?? []) out.push({ sql: 'INSERT INTO "Activity" ("contactId", kind, detail, channel, resolved, "createdAt") VALUES (?, ?, ?, ?, ?, ?)', params: [w.contactId, a.kind, a.detail, a.channel, false, w.at] });
  if (w.handoff) out.push({ sql: 'INSERT INTO "Handoff" ("contactId", status, topic, summary, "createdAt") VALUES (?, \'waiting\', ?, ?, ?)', params: [w.contactId, w.handoff.topic, w.handoff.summary, w.at] });
  // Two employers sending at the same instant were given the same next number: the second turn is
  // rolled back as stale and answered again, with the number after it.
  for (const r of w.reports ?? []) out.push({ sql: 'INSERT INTO "VacancyReport" (reference, "contactId", status, title, company, kecamatan, data, "createdAt") VALUES (?, ?, \'pending\', ?, ?, ?, ?, ?) ON CONFLICT (reference) DO NOTHING', params: [r.reference, w.contactId, r.title, r.company, r.kecamatan, r.data, w.at], one: true });
  for (const a of w.serviceAlerts ?? []) {
    out.push({
      sql: 'INSERT INTO "ServiceAlert" ("contactId", kind, keyword, education, status, "lastSentAt", "createdAt") SELECT ?, ?, ?, ?, \'active\', ?, ? WHERE NOT EXISTS (SELECT 1 FROM "ServiceAlert" WHERE "contactId" = ? AND kind = ? AND COALESCE(keyword, \'\') = ? AND status = \'active\')',
      params: [w.contactId, a.kind, a.keyword, a.education, w.at, w.at, w.contactId, a.kind, a.keyword ?? ''],
    });
    out.push({ sql: 'UPDATE "Contact" SET "optedOutAt" = NULL WHERE id = ?', params: [w.contactId] });
  }
  for (const s of w.subscriptions ?? []) out.push(...subscriptionStatements(s, w.at));
  if (w.linkCode) {
    out.push({ sql: 'DELETE FROM "LinkCode" WHERE "contactId" = ? OR "expiresAt" < ?', params: [w.contactId, w.at] });
    out.push({ sql: 'INSERT INTO "LinkCode" (code, "contactId", "expiresAt") VALUES (?, ?, ?)', params: [w.linkCode.code, w.contactId, w.linkCode.expiresAt] });
  }
  if (w.link) {
    // The code is used up in the same transaction: a second use (or a lost race) finds nothing and the turn is retried.
    out.push({ sql: 'DELETE FROM "LinkCode" WHERE code = ?', params: [w.link.code], one: true });
    out.push({ sql: 'UPDATE "Contact" SET "personKey" = ? WHERE id IN (?, ?)', params: [w.link.personKey, w.contactId, w.link.otherContactId] });
  }
  return out;
}

function subscriptionStatements(s: SubscriptionWrite, at: Date): Statement[] {
  switch (s.op) {
    case 'create':
      return [
        {
          sql: 'INSERT INTO "Subscription" ("contactId", label, kecamatan, education, "educationRank", keyword, immediate, status, "lastDigestAt", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?, \'active\', ?, ?, ?)',
          params: [s.contactId, s.label, kecamatanColumn(s.kecamatan), s.education, s.education && isEducation(s.education) ? educationRank(s.education) : 8, s.keyword, s.immediate, at, at, at],
        },
        { sql: 'UPDATE "Contact" SET "optedOutAt" = NULL WHERE id = ?', params: [s.contactId] },
      ];
    case 'update': {
      const sets: string[] = [];
      const params: unknown[] = [];
      const c = s.changes;
      const set = (column: string, value: unknown) => {
        sets.push(`${column} = ?`);
        params.push(value);
      };
      if (c.kecamatan) set('kecamatan', kecamatanColumn(c.kecamatan));
      if (c.education !== undefined) {
        set('education', c.education);
        set('"educationRank"', c.education && isEducation(c.education) ? educationRank(c.education) : 8);
      }
      if (c.keyword !== undefined) set('keyword', c.keyword);
      if (c.immediate !== undefined) set('immediate', c.immediate);
      if (c.contactId !== undefined) set('"contactId"', c.contactId);
      if (!sets.length) return [];
      return [{ sql: `UPDATE "Subscription" SET ${sets.join(', ')}, "updatedAt" = ? WHERE id = ?`, params: [...params, at, s.id] }];
    }
    case 'status': {
      if (!s.ids.length) return [];
      const marks = s.ids.map(() => '?').join(', ');
      const out: Statement[] = [{ sql: `UPDATE "Subscription" SET status = ?, "stoppedAt" = ?, "updatedAt" = ? WHERE id IN (${marks})`, params: [s.status, s.status === 'stopped' ? at : null, at, ...s.ids] }];
      // A subscription made active again: its contact hears from the bot again.
      if (s.status === 'active') out.push({ sql: `UPDATE "Contact" SET "optedOutAt" = NULL WHERE id IN (SELECT "contactId" FROM "Subscription" WHERE id IN (${marks}))`, params: [...s.ids] });
      // Alerts already queued for a paused or stopped one are cancelled by the outbox worker, which checks its status before sending.
      return out;
    }
    case 'optout': {
      if (!s.contactIds.length) return [];
      const marks = s.contactIds.map(() => '?').join(', ');
      return [
        { sql: `UPDATE "Contact" SET "optedOutAt" = ? WHERE id IN (${marks})`, params: [at, ...s.contactIds] },
        { sql: `UPDATE "Subscription" SET status = 'stopped', "stoppedAt" = ?, "updatedAt" = ? WHERE "contactId" IN (${marks}) AND status <> 'stopped'`, params: [at, at, ...s.contactIds] },
        { sql: `UPDATE "ServiceAlert" SET status = 'stopped' WHERE "contactId" IN (${marks})`, params: [...s.contactIds] },
        { sql: `UPDATE "Outbox" SET status = 'cancelled', error = 'the person said stop' WHERE "contactId" IN (${marks}) AND status = 'pending' AND kind <> 'reply'`, params: [...s.contactIds] },
      ];
    }
  }
}

/** Deletes message-log, seen-message and finished outbox rows older than `days` days; returns how many. */
export async function purgeMessageLog(db: Db, days: number, now: Date): Promise<number> {
  const before = new Date(now.getTime() - days * 86_400_000);
  const [log, seen, outbox, activity] = await Promise.all([
    db.messageLog.deleteMany({ where: { createdAt: { lt: before } } }),
    db.inboundSeen.deleteMany({ where: { createdAt: { lt: before } } }),
    db.outbox.deleteMany({ where: { createdAt: { lt: before }, status: { notIn: ['pending', 'sending'] } } }),
    db.activity.deleteMany({ where: { createdAt: { lt: before } } }),
  ]);
  return log.count + seen.count + outbox.count + activity.count;
}

// Nothing of the group was written (a busy database, a failed commit): each caller hears so and may try again.
function refuse(group: Array<{ reject: (err: unknown) => void }>, err: unknown): void {
  for (const g of group) g.reject(err);
}
