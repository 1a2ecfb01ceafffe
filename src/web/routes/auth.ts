// Signing in and out, and changing one's password (forced after a one-time password).

import type { FastifyInstance } from 'fastify';
import type { ConsoleContext } from '../console.ts';
import { changePassword, LOCK_AFTER, login } from '../staff-accounts.ts';

const clock = (d: Date, timeZone: string) => d.toLocaleTimeString('id-ID', { hour: '2-digit', minute: '2-digit', timeZone });

export function authRoutes(admin: FastifyInstance, ctx: ConsoleContext): void {
  const { db, config } = ctx.runtime;

  admin.get('/login', { config: { public: true } }, async (request, reply) => {
    if (request.session.get('staffId')) return reply.redirect('/admin', 303);
    return ctx.page(request, reply, 'login', { title: 'Masuk' });
  });

  // Per address, on top of the per-account lock: guessing many accounts from one place is slowed too.
  admin.post<{ Body: { username?: string; password?: string } }>(
    '/login',
    { config: { public: true, rateLimit: { max: 20, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const username = String(request.body?.username ?? '');
      const result = await login(db, username, String(request.body?.password ?? ''));
      if (!result.ok) {
        const error =
          result.reason === 'locked'
            ? `Akun ini terkunci sampai pukul ${clock(result.lockedUntil!, config.TIMEZONE)} karena ${LOCK_AFTER} kali salah kata sandi. Tunggu, atau minta admin membukanya.`
            : result.reason === 'disabled'
              ? 'Akun ini sudah dinonaktifkan. Hubungi admin kantor.'
              : 'Nama pengguna atau kata sandi salah.';
        reply.code(401);
        return ctx.page(request, reply, 'login', { title: 'Masuk', error, username });
      }
      // A new session id at sign-in, so an id planted before it is worth nothing.
      await request.session.regenerate();
      request.session.set('staffId', result.staff.id);
      return reply.redirect(result.staff.mustChangePassword ? '/admin/password' : '/admin', 303);
    },
  );

  admin.post('/logout', { config: { beforePasswordChange: true } }, async (request, reply) => {
    await request.session.destroy();
    return reply.redirect('/admin/login', 303);
  });

  admin.get('/password', { config: { beforePasswordChange: true } }, async (request, reply) => ctx.page(request, reply, 'password', { title: 'Ganti kata sandi' }));

  admin.post<{ Body: { current?: string; next?: string; again?: string } }>('/password', { config: { beforePasswordChange: true } }, async (request, reply) => {
    const { current = '', next = '', again = '' } = request.body ?? {};
    const error = next !== again ? 'Kata sandi baru dan ulangannya tidak sama.' : await changePassword(db, request.staff!.id, current, next, request.session.sessionId);
    if (error) {
      reply.code(400);
      return ctx.page(request, reply, 'password', { title: 'Ganti kata sandi', error });
    }
    return ctx.done(request, reply, '/admin', 'Kata sandi sudah diganti.');
  });
}
