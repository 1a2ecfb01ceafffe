// Office settings changed in the console (ConsoleSetting), and the console's
// own secret, kept in the database so every process signs cookies alike.

import crypto from 'node:crypto';
import type { Db } from '../db/client.ts';

/** The settings staff can change, with their defaults. */
export const SETTINGS = {
  /** A broadcast is sent only after a second person (a reviewer) approves it. */
  broadcast_approval: '0',
} as const;
export type SettingKey = keyof typeof SETTINGS;

export async function getSetting(db: Db, key: SettingKey): Promise<string> {
  return (await db.consoleSetting.findUnique({ where: { key } }))?.value ?? SETTINGS[key];
}

export async function setSetting(db: Db, key: SettingKey, value: string): Promise<void> {
  await db.consoleSetting.upsert({ where: { key }, create: { key, value }, update: { value } });
}

/** The secret that signs session cookies: CONSOLE_SECRET, or one made once and kept in the database. */
export async function sessionSecret(db: Db, configured: string | null): Promise<string> {
  if (configured) return configured;
  const key = 'session_secret';
  const found = await db.consoleSetting.findUnique({ where: { key } });
  if (found) return found.value;
  try {
    await db.consoleSetting.create({ data: { key, value: crypto.randomBytes(32).toString('base64url') } });
  } catch {
    // Another process made it first.
  }
  return (await db.consoleSetting.findUniqueOrThrow({ where: { key } })).value;
}
