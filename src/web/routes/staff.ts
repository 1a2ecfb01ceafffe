// Staff accounts (admin only): add with a one-time password, reset, change
// role, lock and unlock, disable; the office's settings; the audit log.

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { audit } from '../../db/audit.ts';
import type { ConsoleContext } from '../console.ts';
import { getSetting, setSetting } from '../settings.ts';
import { addStaff, isRole, resetStaffPassword, ROLES, StaffError } from '../staff-accounts.ts';

export function staffRoutes(admin: FastifyInstance, ctx: ConsoleContext): void {
  const { db } = ctx.runtime;
  const adminOnly = { config: { role: 'admin' as const } };

  const list = async () => db.staffAccount.findMany({ orderBy: { username: 'asc' } });

  admin.get('/staff', adminOnly, async (request, reply) =>
    ctx.page(request, reply, 'staff', { title: 'Petugas', rows: await list(), roles: ROLES, approval: (await getSetting(db, 'broadcast_approval')) === '1', created: null, now: new Date() }),
  );

  admin.post<{ Body: { username?: string; displayName?: string; role?: string } }>('/staff', adminOnly, async (request, reply) => {
    const role = String(request.body?.role ?? '');
    if (!isRole(role)) return ctx.done(request, reply, '/admin/staff', 'Pilih perannya.', 'error');
    try {
      const made = await addStaff(db, { username: String(request.body?.username ?? ''), displayName: String(request.body?.displayName ?? ''), role, by: ctx.actor(request) });
      // The one-time password is shown on this response only (never stored, never in a redirect).
      return ctx.page(request, reply, 'staff', { title: 'Petugas', rows: await list(), roles: ROLES, approval: (await getSetting(db, 'broadcast_approval')) === '1', created: { username: String(request.body?.username).trim().toLowerCase(), password: made.password }, now: new Date() });
    } catch (err) {
      if (err instanceof StaffError) return ctx.done(request, reply, '/admin/staff', err.message, 'error');
      throw err;
    }
  });

  const target = async (request: FastifyRequest<{ Params: { id: string } }>) => db.staffAccount.findUnique({ where: { id: Number(request.params.id) || 0 } });

  admin.post<{ Params: { id: string } }>('/staff/:id/reset', adminOnly, async (request, reply) => {
    const s = await target(request);
    if (!s) return ctx.done(request, reply, '/admin/staff', 'Akun itu tidak ada.', 'error');
    const password = await resetStaffPassword(db, s.id, ctx.actor(request));
    return ctx.page(request, reply, 'staff', { title: 'Petugas', rows: await list(), roles: ROLES, approval: (await getSetting(db, 'broadcast_approval')) === '1', created: { username: s.username, password }, now: new Date() });
  });

  admin.post<{ Params: { id: string }; Body: { role?: string } }>('/staff/:id/role', adminOnly, async (request, reply) => {
    const s = await target(request);
    const role = String(request.body?.role ?? '');
    if (!s || !isRole(role)) return ctx.done(request, reply, '/admin/staff', 'Akun atau peran tidak dikenal.', 'error');
    if (s.id === request.staff!.id && role !== 'admin') return ctx.done(request, reply, '/admin/staff', 'Anda tidak bisa menurunkan peran Anda sendiri; minta admin lain.', 'error');
    await db.staffAccount.update({ where: { id: s.id }, data: { role } });
    await audit(db, { actor: ctx.actor(request), action: 'staff.role', target: `staff:${s.id}`, detail: `${s.username}: ${s.role} → ${role}` });
    return ctx.done(request, reply, '/admin/staff', `Peran ${s.username} sekarang ${role}.`);
  });

  admin.post<{ Params: { id: string } }>('/staff/:id/unlock', adminOnly, async (request, reply) => {
    const s = await target(request);
    if (!s) return ctx.done(request, reply, '/admin/staff', 'Akun itu tidak ada.', 'error');
    await db.staffAccount.update({ where: { id: s.id }, data: { failedLogins: 0, lockedUntil: null } });
    await audit(db, { actor: ctx.actor(request), action: 'staff.unlock', target: `staff:${s.id}`, detail: s.username });
    return ctx.done(request, reply, '/admin/staff', `Kunci akun ${s.username} dibuka.`);
  });

  admin.post<{ Params: { id: string } }>('/staff/:id/disable', adminOnly, async (request, reply) => {
    const s = await target(request);
    if (!s) return ctx.done(request, reply, '/admin/staff', 'Akun itu tidak ada.', 'error');
    if (s.id === request.staff!.id) return ctx.done(request, reply, '/admin/staff', 'Anda tidak bisa menonaktifkan akun Anda sendiri.', 'error');
    const disabling = !s.disabledAt;
    await db.staffAccount.update({ where: { id: s.id }, data: { disabledAt: disabling ? new Date() : null } });
    if (disabling) await db.staffSession.deleteMany({ where: { staffId: s.id } });
    await audit(db, { actor: ctx.actor(request), action: disabling ? 'staff.disable' : 'staff.enable', target: `staff:${s.id}`, detail: s.username });
    return ctx.done(request, reply, '/admin/staff', disabling ? `Akun ${s.username} dinonaktifkan dan dikeluarkan dari semua perangkat.` : `Akun ${s.username} aktif lagi.`);
  });

  admin.post<{ Body: { broadcast_approval?: string } }>('/settings', adminOnly, async (request, reply) => {
    const value = request.body?.broadcast_approval === '1' ? '1' : '0';
    await setSetting(db, 'broadcast_approval', value);
    await audit(db, { actor: ctx.actor(request), action: 'setting.broadcast_approval', detail: value === '1' ? 'pengumuman perlu persetujuan orang kedua' : 'reviewer boleh langsung mengirim' });
    return ctx.done(request, reply, '/admin/staff', 'Pengaturan disimpan.');
  });

  admin.get<{ Querystring: { hal?: string } }>('/audit', { config: { role: 'reviewer' } }, async (request, reply) => {
    const page = Math.max(1, Number(request.query.hal) || 1);
    const [rows, total] = await Promise.all([db.auditLog.findMany({ orderBy: { id: 'desc' }, skip: (page - 1) * 100, take: 100 }), db.auditLog.count()]);
    return ctx.page(request, reply, 'audit', { title: 'Catatan perubahan', rows, page, pages: Math.ceil(total / 100) });
  });
}
