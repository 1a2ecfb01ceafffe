// Contacts, their conversation state and the message log: read and written
// on every message, so this path is kept short. On SQLite it uses
// better-sqlite3 prepared statements directly (the same tables Prisma
// defines), which is ~30x faster per query than going through the ORM; on
// PostgreSQL it uses Prisma.

import Database from 'better-sqlite3';
import { providerOf, sqlitePath, type Db } from './client.ts';

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

/** Reads and writes conversations on one database. */
export interface ConversationStore {
  /** Finds or creates the contact for a channel identity and reads its conversation. */
  load(channel: string, externalId: string, at: Date): Promise<StoredConversation>;
  /** Saves a turn atomically; throws StaleStateError when another process saved first. */
  save(write: TurnWrite): Promise<void>;
  /** Erases a contact and everything stored about them. */
  erase(contactId: number): Promise<void>;
  close(): Promise<void>;
}

/** The fastest store for the database at `url`. */
export function openConversationStore(url: string, db: Db): ConversationStore {
  if (providerOf(url) === 'sqlite') return new SqliteConversationStore(sqlitePath(url));
  return {
    load: (channel, externalId, at) => loadConversation(db, channel, externalId, at),
    save: (w) => saveTurn(db, w),
    erase: (id) => eraseContact(db, id),
    close: async () => undefined,
  };
}

/** Finds or creates the contact for a channel identity and reads its conversation (Prisma). */
export async function loadConversation(db: Db, channel: string, externalId: string, at: Date): Promise<StoredConversation> {
  let contact = await db.contact.findUnique({ where: { channel_externalId: { channel, externalId } }, include: { conversation: true, subscriptions: { orderBy: { id: 'asc' } } } });
  let isNew = false;
  if (!contact) {
    try {
      contact = await db.contact.create({ data: { channel, externalId, firstSeenAt: at, lastSeenAt: at }, include: { conversation: true, subscriptions: { orderBy: { id: 'asc' } } } });
      isNew = true;
    } catch (err) {
      // Another process created it a moment ago.
      contact = await db.contact.findUnique({ where: { channel_externalId: { channel, externalId } }, include: { conversation: true, subscriptions: { orderBy: { id: 'asc' } } } });
      if (!contact) throw err;
    }
  }
  const c = contact.conversation;
  return {
    contact: { id: contact.id, education: contact.education, kecamatan: contact.kecamatan, optedOutAt: contact.optedOutAt, personKey: contact.personKey },
    subscriptions: contact.subscriptions.map((sub) => ({ id: sub.id, label: sub.label, kecamatan: sub.kecamatan, education: sub.education, keyword: sub.keyword, immediate: sub.immediate, status: sub.status, stoppedAt: sub.stoppedAt })),
    state: c?.state ?? null,
    status: c?.status ?? 'bot',
    version: c?.version ?? -1,
    isNew,
  };
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
}

const FUNNEL_SQL = 'INSERT INTO "GuideFunnel" (guide, step, event, day, count) VALUES (?, ?, ?, ?, 1) ON CONFLICT (guide, step, event, day) DO UPDATE SET count = "GuideFunnel".count + 1';

/**
 * Saves a turn in one transaction (Prisma): the new state (only if nobody
 * else saved since it was read), profile changes and the message log.
 */
export async function saveTurn(db: Db, w: TurnWrite): Promise<void> {
  await db.$transaction(async (tx) => {
    if (w.version < 0) {
      try {
        await tx.conversation.create({ data: { contactId: w.contactId, state: w.state, status: w.status ?? 'bot', version: 0 } });
      } catch {
        throw new StaleStateError('conversation created concurrently');
      }
    } else {
      const updated = await tx.conversation.updateMany({
        where: { contactId: w.contactId, version: w.version },
        data: { state: w.state, version: w.version + 1, ...(w.status ? { status: w.status } : {}) },
      });
      if (updated.count !== 1) throw new StaleStateError('conversation changed concurrently');
    }
    if (w.touch !== false || w.profile) await tx.contact.update({ where: { id: w.contactId }, data: { ...(w.touch !== false ? { lastSeenAt: w.at, goneAt: null } : {}), ...(w.profile ?? {}) } });
    if (w.log.length) {
      await tx.messageLog.createMany({ data: w.log.map((l, i) => ({ contactId: w.contactId, direction: l.direction, text: l.text, intent: l.intent, createdAt: new Date(w.at.getTime() + i) })) });
    }
    for (const e of w.funnel?.events ?? []) {
      await tx.$executeRaw`INSERT INTO "GuideFunnel" (guide, step, event, day, count) VALUES (${e.guide}, ${e.step}, ${e.event}, ${w.funnel!.day}, 1) ON CONFLICT (guide, step, event, day) DO UPDATE SET count = "GuideFunnel".count + 1`;
    }
  });
}

/** Erases a contact and everything stored about them (UU 27/2022: the right to erasure). */
/**
 * "hapus data saya": the contact and its linked contacts on other channels,
 * with everything that cascades from them (conversation, subscription,
 * message log), their link codes, and every outbox row addressed to them.
 */
export async function eraseContact(db: Db, contactId: number): Promise<void> {
  const contact = await db.contact.findUnique({ where: { id: contactId } });
  if (!contact) return;
  const people = contact.personKey ? await db.contact.findMany({ where: { personKey: contact.personKey } }) : [contact];
  const ids = people.map((p) => p.id);
  await db.$transaction([
    db.outbox.deleteMany({ where: { OR: [{ contactId: { in: ids } }, ...people.map((p) => ({ channel: p.channel, recipient: p.externalId }))] } }),
    db.linkCode.deleteMany({ where: { contactId: { in: ids } } }),
    db.contact.deleteMany({ where: { id: { in: ids } } }),
  ]);
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

/** True the first time a provider's message id is seen, false for a repeat delivery. */
export async function firstSighting(db: Db, key: string): Promise<boolean> {
  try {
    await db.inboundSeen.create({ data: { key } });
    return true;
  } catch {
    return false;
  }
}

// Prisma's SQLite adapter stores DateTime as ISO text with "+00:00"; so do we.
const sqliteTime = (d: Date) => d.toISOString().replace('Z', '+00:00');

/** The SQLite store: prepared statements on a second connection to the same file (WAL mode). */
export class SqliteConversationStore implements ConversationStore {
  private readonly db: Database.Database;
  private readonly selectStmt: Database.Statement;
  private readonly selectSubscriptions: Database.Statement;
  private readonly insertContact: Database.Statement;
  private readonly insertConversation: Database.Statement;
  private readonly updateConversation: Database.Statement;
  private readonly touchContact: Database.Statement;
  private readonly insertLog: Database.Statement;
  private readonly deleteContact: Database.Statement;
  private readonly countFunnel: Database.Statement;

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 10000');
    this.db.pragma('foreign_keys = ON');
    this.selectStmt = this.db.prepare(
      `SELECT c.id, c.education, c.kecamatan, c."optedOutAt" AS optedOutAt, c."personKey" AS personKey, v.state, v.status, v.version
       FROM "Contact" c LEFT JOIN "Conversation" v ON v."contactId" = c.id
       WHERE c.channel = ? AND c."externalId" = ?`,
    );
    this.selectSubscriptions = this.db.prepare('SELECT id, label, kecamatan, education, keyword, immediate, status, "stoppedAt" FROM "Subscription" WHERE "contactId" = ? ORDER BY id');
    this.insertContact = this.db.prepare('INSERT INTO "Contact" (channel, "externalId", "firstSeenAt", "lastSeenAt") VALUES (?, ?, ?, ?) ON CONFLICT (channel, "externalId") DO NOTHING');
    this.insertConversation = this.db.prepare('INSERT INTO "Conversation" ("contactId", state, status, version, "updatedAt") VALUES (?, ?, ?, 0, ?) ON CONFLICT ("contactId") DO NOTHING');
    this.updateConversation = this.db.prepare('UPDATE "Conversation" SET state = ?, status = COALESCE(?, status), version = version + 1, "updatedAt" = ? WHERE "contactId" = ? AND version = ?');
    this.touchContact = this.db.prepare('UPDATE "Contact" SET "lastSeenAt" = ?, "goneAt" = NULL, education = COALESCE(?, education), kecamatan = COALESCE(?, kecamatan) WHERE id = ?');
    this.insertLog = this.db.prepare('INSERT INTO "MessageLog" ("contactId", direction, text, intent, "createdAt") VALUES (?, ?, ?, ?, ?)');
    this.deleteContact = this.db.prepare('DELETE FROM "Contact" WHERE id = ?');
    this.countFunnel = this.db.prepare(FUNNEL_SQL);
  }

  async load(channel: string, externalId: string, at: Date): Promise<StoredConversation> {
    type Row = {
      id: number; education: string | null; kecamatan: string | null; optedOutAt: string | null; personKey: string | null; state: string | null; status: string | null; version: number | null;
    };
    type SubRow = { id: number; label: string | null; kecamatan: string; education: string | null; keyword: string | null; immediate: number; status: string; stoppedAt: string | null };
    let row = this.selectStmt.get(channel, externalId) as Row | undefined;
    let isNew = false;
    if (!row) {
      isNew = this.insertContact.run(channel, externalId, sqliteTime(at), sqliteTime(at)).changes === 1;
      row = this.selectStmt.get(channel, externalId) as Row;
    }
    return {
      contact: { id: row.id, education: row.education, kecamatan: row.kecamatan, optedOutAt: row.optedOutAt ? new Date(row.optedOutAt) : null, personKey: row.personKey },
      subscriptions: (isNew ? [] : (this.selectSubscriptions.all(row.id) as SubRow[])).map((s) => ({ ...s, immediate: Boolean(s.immediate), stoppedAt: s.stoppedAt ? new Date(s.stoppedAt) : null })),
      state: row.state,
      status: row.status ?? 'bot',
      version: row.version ?? -1,
      isNew,
    };
  }

  async save(w: TurnWrite): Promise<void> {
    const at = sqliteTime(w.at);
    this.db.transaction(() => {
      const changed =
        w.version < 0
          ? this.insertConversation.run(w.contactId, w.state, w.status ?? 'bot', at).changes
          : this.updateConversation.run(w.state, w.status ?? null, at, w.contactId, w.version).changes;
      if (changed !== 1) throw new StaleStateError('conversation changed concurrently');
      if (w.touch !== false) this.touchContact.run(at, w.profile?.education ?? null, w.profile?.kecamatan ?? null, w.contactId);
      w.log.forEach((l, i) => this.insertLog.run(w.contactId, l.direction, l.text, l.intent, sqliteTime(new Date(w.at.getTime() + i))));
      for (const e of w.funnel?.events ?? []) this.countFunnel.run(e.guide, e.step, e.event, w.funnel!.day);
    })();
  }

  async erase(contactId: number): Promise<void> {
    // As eraseContact, in one SQLite transaction.
    this.db.transaction(() => {
      const one = this.db.prepare('SELECT id, channel, "externalId", "personKey" FROM "Contact" WHERE id = ?').get(contactId) as { id: number; channel: string; externalId: string; personKey: string | null } | undefined;
      if (!one) return;
      const people = one.personKey ? (this.db.prepare('SELECT id, channel, "externalId" FROM "Contact" WHERE "personKey" = ?').all(one.personKey) as Array<typeof one>) : [one];
      for (const p of people) {
        this.db.prepare('DELETE FROM "Outbox" WHERE "contactId" = ? OR (channel = ? AND recipient = ?)').run(p.id, p.channel, p.externalId);
        this.db.prepare('DELETE FROM "LinkCode" WHERE "contactId" = ?').run(p.id);
        this.deleteContact.run(p.id);
      }
    })();
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
