// Staff accounts: roles, creation with a one-time password, sign-in with a
// lock after repeated wrong passwords, password change, disabling.

import type { Db } from '../db/client.ts';
import { audit } from '../db/audit.ts';
import { decoyHash, hashPassword, oneTimePassword, passwordProblem, verifyPassword } from './passwords.ts';

/**
 * petugas answers people and manages vacancies, job fairs and training;
 * reviewer also approves employer reports and broadcasts; admin also manages staff.
 */
export const ROLES = ['petugas', 'reviewer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { petugas: 1, reviewer: 2, admin: 3 };

/** Whether someone with `role` may do what needs `needed` (each role can do what the ones below it can). */
export function hasRole(role: string, needed: Role): boolean {
  return (RANK[role as Role] ?? 0) >= RANK[needed];
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Wrong passwords in a row that lock an account, and for how long. */
export const LOCK_AFTER = 10;
export const LOCK_MINUTES = 15;

export interface StaffView {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  mustChangePassword: boolean;
}

const USERNAME = /^[a-z0-9][a-z0-9._-]{1,31}$/;

/** Why a login name cannot be used, or null. */
export function usernameProblem(username: string): string | null {
  return USERNAME.test(username) ? null : 'Nama pengguna 2-32 karakter: huruf kecil, angka, titik, garis bawah atau tanda minus.';
}

/** Creates an account and returns its one-time password (shown once, never stored). */
export async function addStaff(db: Db, input: { username: string; displayName?: string; role: Role; by: string }): Promise<{ id: number; password: string }> {
  const username = input.username.trim().toLowerCase();
  const problem = usernameProblem(username);
  if (problem) throw new StaffError(problem);
  if (await db.staffAccount.findUnique({ where: { username } })) throw new StaffError(`Nama pengguna "${username}" sudah dipakai.`);
  const password = oneTimePassword();
  const row = await db.staffAccount.create({
    data: { username, displayName: input.displayName?.trim() || username, role: input.role, passwordHash: await hashPassword(password), mustChangePassword: true },
  });
  await audit(db, { actor: input.by, action: 'staff.add', target: `staff:${row.id}`, detail: `${username} (${input.role})` });
  return { id: row.id, password };
}

/** A new one-time password; unlocks the account and signs it out everywhere. */
export async function resetStaffPassword(db: Db, id: number, by: string): Promise<string> {
  const password = oneTimePassword();
  const row = await db.staffAccount.update({ where: { id }, data: { passwordHash: await hashPassword(password), mustChangePassword: true, failedLogins: 0, lockedUntil: null } });
  await db.staffSession.deleteMany({ where: { staffId: id } });
  await audit(db, { actor: by, action: 'staff.reset_password', target: `staff:${id}`, detail: row.username });
  return password;
}

export class StaffError extends Error {}

export type LoginResult = { ok: true; staff: StaffView } | { ok: false; reason: 'wrong' | 'locked' | 'disabled'; lockedUntil?: Date };

/**
 * Checks a sign-in. A wrong password counts towards the lock; the tenth in a
 * row locks the account for LOCK_MINUTES, and while locked even the right
 * password is refused.
 */
export async function login(db: Db, usernameInput: string, password: string, now = new Date()): Promise<LoginResult> {
  const username = usernameInput.trim().toLowerCase();
  const row = await db.staffAccount.findUnique({ where: { username } });
  if (!row) {
    await verifyPassword(password, await decoyHash());
    return { ok: false, reason: 'wrong' };
  }
  if (row.disabledAt) return { ok: false, reason: 'disabled' };
  if (row.lockedUntil && row.lockedUntil > now) return { ok: false, reason: 'locked', lockedUntil: row.lockedUntil };
  if (!(await verifyPassword(password, row.passwordHash))) {
    // Counted in the database, so the lock holds across processes and restarts.
    const failed = row.lockedUntil ? 1 : row.failedLogins + 1;
    const lockedUntil = failed >= LOCK_AFTER ? new Date(now.getTime() + LOCK_MINUTES * 60_000) : null;
    await db.staffAccount.update({ where: { id: row.id }, data: { failedLogins: failed, lockedUntil } });
    if (lockedUntil) {
      await audit(db, { actor: `web:${row.username}`, action: 'staff.locked', target: `staff:${row.id}`, detail: `${failed} kata sandi salah berturut-turut` });
      return { ok: false, reason: 'locked', lockedUntil };
    }
    return { ok: false, reason: 'wrong' };
  }
  await db.staffAccount.update({ where: { id: row.id }, data: { failedLogins: 0, lockedUntil: null, lastLoginAt: now } });
  await audit(db, { actor: `web:${row.username}`, action: 'staff.login', target: `staff:${row.id}` });
  return { ok: true, staff: view(row) };
}

/** Changes a password after checking the current one; other sessions of the account are signed out. */
export async function changePassword(db: Db, id: number, current: string, next: string, keepSession: string): Promise<string | null> {
  const row = await db.staffAccount.findUniqueOrThrow({ where: { id } });
  if (!(await verifyPassword(current, row.passwordHash))) return 'Kata sandi sekarang salah.';
  const problem = passwordProblem(next, row.username);
  if (problem) return problem;
  if (next === current) return 'Kata sandi baru harus berbeda dari yang sekarang.';
  await db.staffAccount.update({ where: { id }, data: { passwordHash: await hashPassword(next), mustChangePassword: false } });
  await db.staffSession.deleteMany({ where: { staffId: id, id: { not: keepSession } } });
  await audit(db, { actor: `web:${row.username}`, action: 'staff.change_password', target: `staff:${id}` });
  return null;
}

/** The account behind a session, or null when it is gone or disabled. */
export async function activeStaff(db: Db, id: number): Promise<StaffView | null> {
  const row = await db.staffAccount.findUnique({ where: { id } });
  return row && !row.disabledAt ? view(row) : null;
}

function view(row: { id: number; username: string; displayName: string; role: string; mustChangePassword: boolean }): StaffView {
  return { id: row.id, username: row.username, displayName: row.displayName, role: isRole(row.role) ? row.role : 'petugas', mustChangePassword: row.mustChangePassword };
}
