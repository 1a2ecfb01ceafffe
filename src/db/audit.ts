// The audit log: every change staff make, with who, what and when. Written
// by the console, `pasker staff` and the staff Telegram commands.

import type { Db } from './client.ts';

export interface AuditEntry {
  /** "web:sari", "cli:root", "telegram:123". */
  actor: string;
  action: string;
  target?: string | null;
  /** A short note; never a password or a person's words. */
  detail?: string | null;
}

export async function audit(db: Db, entry: AuditEntry): Promise<void> {
  await db.auditLog.create({ data: { actor: entry.actor, action: entry.action, target: entry.target ?? null, detail: entry.detail?.slice(0, 500) ?? null } });
}
