// The staff console at /admin: a Fastify plugin on the same server as the
// webhooks. Server-rendered pages (Eta templates in views/), a little htmx,
// sessions kept in the database, a CSRF token on every form, a sign-in rate
// limit, and one guard that every route passes through: no session, no page.

import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import session from '@fastify/session';
import fastifyStatic from '@fastify/static';
import view from '@fastify/view';
import { Eta } from 'eta';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Channel } from '../channels/channel.ts';
import type { RawDb } from '../db/raw.ts';
import type { Logger } from '../log.ts';
import type { Runtime } from '../app/runtime.ts';
import { redisOptions } from '../app/rate-limit.ts';
import { DbSessionStore } from './session-store.ts';
import { readFilePart } from './uploads.ts';
import { DEFAULT_LEARNING_FILES, type LearningFiles } from './learning.ts';
import { sessionSecret } from './settings.ts';
import { activeStaff, hasRole, type Role, type StaffView } from './staff-accounts.ts';
import { authRoutes } from './routes/auth.ts';
import { broadcastRoutes } from './routes/broadcasts.ts';
import { dashboardRoutes } from './routes/dashboard.ts';
import { inboxRoutes } from './routes/inbox.ts';
import { staffRoutes } from './routes/staff.ts';
import { vacancyRoutes } from './routes/vacancies.ts';
import { reportRoutes } from './routes/reports.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in member of staff (set by the guard on every non-public route). */
    staff?: StaffView;
  }
  interface FastifyContextConfig {
    /** Reachable without signing in (the sign-in page and static files only). */
    public?: boolean;
    /** The least role that may use the route. */
    role?: Role;
    /** Open while the account must still replace its one-time password. */
    beforePasswordChange?: boolean;
  }
  interface Session {
    staffId?: number;
    /** A one-line notice shown on the next page (after a redirect). */
    flash?: { kind: 'ok' | 'error'; text: string };
  }
}

export interface ConsoleDeps {
  runtime: Runtime;
  raw: RawDb;
  log: Logger;
  channels: Channel[];
  /** Where the learning loop writes (tests point it at a scratch folder). */
  files?: LearningFiles;
}

/** What every route module gets: the dependencies and the page renderer. */
export interface ConsoleContext extends ConsoleDeps {
  files: LearningFiles;
  page(request: FastifyRequest, reply: FastifyReply, template: string, data?: Record<string, unknown>): Promise<FastifyReply>;
  /** Redirects after a change, with a notice for the next page. */
  done(request: FastifyRequest, reply: FastifyReply, to: string, text: string, kind?: 'ok' | 'error'): FastifyReply;
  /** "web:<username>", for the audit log. */
  actor(request: FastifyRequest): string;
}

const HERE = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
// Browser files served from node_modules: nothing is downloaded from a CDN and nothing is built.
const VENDOR: Record<string, string> = {
  'htmx.min.js': path.dirname(require.resolve('htmx.org')),
  'chart.umd.min.js': path.dirname(require.resolve('chart.js')),
};
const OWN = new Set(['console.css', 'console.js']);
const SESSION_HOURS = 12;

const NAV: Array<{ href: string; label: string; role: Role }> = [
  { href: '/admin', label: 'Dasbor', role: 'petugas' },
  { href: '/admin/inbox', label: 'Antrean', role: 'petugas' },
  { href: '/admin/vacancies', label: 'Lowongan', role: 'petugas' },
  { href: '/admin/reports', label: 'Laporan lowongan', role: 'petugas' },
  { href: '/admin/broadcasts', label: 'Pengumuman', role: 'petugas' },
  { href: '/admin/questions', label: 'Pertanyaan', role: 'petugas' },
  { href: '/admin/staff', label: 'Petugas', role: 'admin' },
  { href: '/admin/audit', label: 'Catatan', role: 'reviewer' },
];

export interface ConsoleRoute {
  method: string;
  url: string;
  public: boolean;
  role: Role | null;
}
const registered = new WeakMap<FastifyInstance, ConsoleRoute[]>();

/** Every route the console registered on `app` (for the tests that check each one is guarded). */
export function consoleRoutes(app: FastifyInstance): ConsoleRoute[] {
  return registered.get(app) ?? [];
}

/** Adds the console to `app` under /admin (and sends / there). */
export async function registerConsole(app: FastifyInstance, deps: ConsoleDeps): Promise<void> {
  const { runtime } = deps;
  const secret = await sessionSecret(runtime.db, runtime.config.CONSOLE_SECRET);
  const eta = new Eta({ views: path.join(HERE, 'views'), cache: true, autoEscape: true });

  app.get('/', async (_req, reply) => reply.redirect('/admin', 302));
  app.get('/favicon.ico', async (_req, reply) => reply.code(204).send());
  const routes: ConsoleRoute[] = [];
  registered.set(app, routes);

  await app.register(
    async (admin) => {
      admin.addHook('onRoute', (r) => {
        for (const method of [r.method].flat()) if (method !== 'HEAD') routes.push({ method, url: r.url, public: Boolean(r.config?.public), role: r.config?.role ?? null });
      });
      await admin.register(cookie);
      await admin.register(session, {
        secret,
        cookieName: 'pasker_sesi',
        store: new DbSessionStore(runtime.db, SESSION_HOURS * 3_600_000),
        saveUninitialized: false,
        // A fixed lifetime (one working day) instead of a database write on every page.
        rolling: false,
        // Secure whenever the request came over https (behind a proxy: TRUST_PROXY=1).
        cookie: { path: '/admin', httpOnly: true, sameSite: 'lax', secure: 'auto', maxAge: SESSION_HOURS * 3_600_000 },
      });
      await admin.register(csrf, { sessionPlugin: '@fastify/session' });
      await admin.register(formbody, { bodyLimit: 256 * 1024 });
      // The whole form (its CSRF token too) arrives as the body; a file as its name and bytes.
      await admin.register(multipart, { attachFieldsToBody: 'keyValues', onFile: readFilePart, limits: { fileSize: 5 * 1024 * 1024, files: 1, fields: 20 } });
      // With REDIS_URL the sign-in limit holds across every process; a Redis outage does not lock staff out.
      const redis = runtime.config.REDIS_URL ? new (await import('ioredis')).Redis({ ...redisOptions(runtime.config.REDIS_URL), connectTimeout: 500, maxRetriesPerRequest: 1, lazyConnect: true }) : null;
      if (redis) admin.addHook('onClose', async () => void redis.disconnect());
      await admin.register(rateLimit, { global: false, skipOnError: true, ...(redis ? { redis, nameSpace: `${runtime.config.REDIS_PREFIX}:console-login:` } : {}) });
      await admin.register(view, { engine: { eta }, templates: path.join(HERE, 'views'), production: true });
      await admin.register(fastifyStatic, { root: path.join(HERE, 'static'), serve: false });

      admin.addHook('onRequest', async (request, reply) => {
        const config = request.routeOptions.config ?? {};
        if (config.public) return;
        const id = request.session.get('staffId');
        const staff = id ? await activeStaff(runtime.db, id) : null;
        if (!staff) {
          if (request.headers['hx-request']) reply.header('hx-redirect', '/admin/login');
          return reply.redirect('/admin/login', 303);
        }
        request.staff = staff;
        if (staff.mustChangePassword && !config.beforePasswordChange) return reply.redirect('/admin/password', 303);
        if (config.role && !hasRole(staff.role, config.role)) {
          reply.code(403);
          return ctx.page(request, reply, 'forbidden', { title: 'Tidak diizinkan', needed: config.role });
        }
      });
      // Every form carries the session's CSRF token (the body is parsed by now).
      admin.addHook('preHandler', (request, reply, next) => {
        if (request.method !== 'POST') return next();
        admin.csrfProtection(request, reply, next);
      });
      admin.addHook('onSend', async (_request, reply, payload) => {
        reply.header('content-security-policy', "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
        reply.header('x-content-type-options', 'nosniff');
        reply.header('x-frame-options', 'DENY');
        reply.header('referrer-policy', 'same-origin');
        if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
        return payload;
      });
      admin.setErrorHandler(async (err: Error & { code?: string; statusCode?: number }, request, reply) => {
        if (err.code?.startsWith('FST_CSRF')) {
          reply.code(403);
          return ctx.page(request, reply, 'message', { title: 'Formulir kedaluwarsa', text: 'Formulir ini sudah kedaluwarsa atau tidak dikirim dari konsol. Muat ulang halaman lalu coba lagi.' });
        }
        if (err.statusCode === 429) {
          reply.code(429);
          return ctx.page(request, reply, 'message', { title: 'Terlalu banyak percobaan', text: 'Terlalu banyak percobaan masuk dari perangkat ini. Tunggu satu menit lalu coba lagi.' });
        }
        if (err.code === 'FST_REQ_FILE_TOO_LARGE') {
          reply.code(413);
          return ctx.page(request, reply, 'message', { title: 'Berkas terlalu besar', text: 'Berkas paling besar 5 MB.' });
        }
        deps.log.error('console page failed', { url: request.url, error: err });
        reply.code(err.statusCode && err.statusCode < 500 ? err.statusCode : 500);
        return ctx.page(request, reply, 'message', { title: 'Terjadi kesalahan', text: 'Halaman ini gagal dimuat. Coba lagi; kalau terus terjadi, beri tahu admin.' });
      });

      admin.setNotFoundHandler(async (request, reply) => {
        reply.code(404);
        return ctx.page(request, reply, 'message', { title: 'Halaman tidak ada', text: 'Alamat ini tidak ada di konsol. Pilih menu di atas.' });
      });

      admin.get<{ Params: { file: string } }>('/static/:file', { config: { public: true } }, async (request, reply) => {
        const file = request.params.file;
        reply.header('cache-control', 'public, max-age=3600');
        if (OWN.has(file)) return reply.sendFile(file);
        const dir = VENDOR[file];
        if (dir) return reply.sendFile(file, dir);
        return reply.code(404).send('not found');
      });

      const ctx: ConsoleContext = {
        ...deps,
        files: deps.files ?? DEFAULT_LEARNING_FILES,
        async page(request, reply, template, data = {}) {
          const flash = request.session?.get('flash');
          if (flash) request.session.set('flash', undefined);
          const staff = request.staff;
          const csrfToken = request.session ? await reply.generateCsrf() : '';
          return reply.type('text/html; charset=utf-8').view(template, {
            ...data,
            csrf: csrfToken,
            staff,
            flash,
            office: runtime.content.office.name,
            nav: staff ? NAV.filter((n) => hasRole(staff.role, n.role)) : [],
            current: request.url.split('?')[0],
            when: (d: Date | null) => (d ? d.toLocaleString('id-ID', { timeZone: runtime.config.TIMEZONE, day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }) : '–'),
          });
        },
        done(request, reply, to, text, kind = 'ok') {
          request.session.set('flash', { kind, text });
          return reply.redirect(to, 303);
        },
        actor: (request) => `web:${request.staff?.username ?? 'unknown'}`,
      };

      authRoutes(admin, ctx);
      dashboardRoutes(admin, ctx);
      inboxRoutes(admin, ctx);
      vacancyRoutes(admin, ctx);
      reportRoutes(admin, ctx);
      broadcastRoutes(admin, ctx);
      staffRoutes(admin, ctx);
    },
    { prefix: '/admin' },
  );
}
