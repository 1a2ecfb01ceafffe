// The console's locks, tried from outside as an attacker or a curious
// colleague would: every route asks for a session (the list comes from the
// server itself, so a new route cannot be forgotten), forms need their CSRF
// token, roles hold, wrong passwords lock the account, no page shows a
// secret a person sent, and every change is in the audit log.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Service } from '../src/app/service.ts';
import { takeHandoff } from '../src/app/handoffs.ts';
import { consoleRoutes } from '../src/web/console.ts';
import { LOCK_AFTER } from '../src/web/staff-accounts.ts';
import { ConsoleClient, staffWithPassword } from './support/console.ts';
import { testDatabases, tempDir } from './support/databases.ts';
import { person } from './support/runtime.ts';
import { startTestService } from './support/service.ts';

for (const db of testDatabases()) {
  describe(`the staff console's locks (${db.name})`, () => {
    let service: Service;
    let base: string;
    const dir = tempDir();

    beforeAll(async () => {
      service = await startTestService(await db.create(), {}, { learningFiles: { corpusDir: dir, answersFile: `${dir}/answers.yaml` } });
      base = service.url!;
    });
    afterAll(async () => {
      await service.stop();
      await db.dropAll();
    });

    /** A concrete URL for a route pattern (ids of rows that exist when given). */
    function concrete(url: string, ids: Record<string, number | string> = {}): string {
      return url
        .replace(/^\/admin\/vacancies\/upload\/:id/, `/admin/vacancies/upload/${ids.draft ?? 1}`)
        .replace(/^\/admin\/vacancies\/:id/, `/admin/vacancies/${ids.vacancy ?? 1}`)
        .replace(/^\/admin\/inbox\/contact\/:contactId/, '/admin/inbox/contact/1')
        .replace(/^\/admin\/inbox\/:id/, `/admin/inbox/${ids.handoff ?? 1}`)
        .replace(/^\/admin\/broadcasts\/:id/, `/admin/broadcasts/${ids.broadcast ?? 1}`)
        .replace(/^\/admin\/staff\/:id/, `/admin/staff/${ids.staff ?? 1}`)
        .replace(/^\/admin\/reports\/:ref/, `/admin/reports/${ids.report ?? 'LP-2026-0001'}`)
        .replace(/:file/, 'console.css')
        .replace(/:id/, '1');
    }

    describe('the console without a session', () => {
      it('lists its routes, and only the sign-in page and static files are public', () => {
        const routes = consoleRoutes(service.http!);
        expect(routes.length).toBeGreaterThan(30);
        expect(routes.filter((r) => r.public).map((r) => `${r.method} ${r.url}`).sort()).toEqual(['GET /admin/login', 'GET /admin/static/:file', 'POST /admin/login']);
      });

      it('sends every other /admin route, GET or POST, to the sign-in page', async () => {
        const anonymous = new ConsoleClient(base);
        const routes = consoleRoutes(service.http!).filter((r) => !r.public);
        for (const r of routes) {
          const url = concrete(r.url);
          const res = r.method === 'GET' ? await anonymous.get(url) : await anonymous.form(url, { text: 'x' }, { csrf: null });
          expect({ route: `${r.method} ${r.url}`, status: res.status, location: res.location }).toEqual({ route: `${r.method} ${r.url}`, status: 303, location: '/admin/login' });
        }
      });

      it('sends / to the console', async () => {
        const res = await fetch(`${base}/`, { redirect: 'manual' });
        expect(res.status).toBe(302);
        expect(res.headers.get('location')).toBe('/admin');
      });
    });

    describe('signing in', () => {
      it(`${LOCK_AFTER} wrong passwords lock the account: then even the right one is refused, until an admin unlocks it`, async () => {
        const { username, password } = await staffWithPassword(service.runtime.db, 'budi', 'petugas');
        const client = new ConsoleClient(base);
        for (let i = 1; i <= LOCK_AFTER; i++) {
          const res = await client.login(username, `salah-${i}`);
          expect(res.status).toBe(401);
          if (i < LOCK_AFTER) expect(res.html).toContain('Nama pengguna atau kata sandi salah');
        }
        const locked = await client.login(username, password);
        expect(locked.status).toBe(401);
        expect(locked.html).toContain('Akun ini terkunci sampai pukul');
        expect(await service.runtime.db.auditLog.count({ where: { action: 'staff.locked' } })).toBe(1);

        const admin = await staffWithPassword(service.runtime.db, 'kepala', 'admin');
        const adminClient = new ConsoleClient(base);
        await adminClient.login(admin.username, admin.password);
        const budi = await service.runtime.db.staffAccount.findUniqueOrThrow({ where: { username } });
        await adminClient.get('/admin/staff');
        expect((await adminClient.form(`/admin/staff/${budi.id}/unlock`, {})).status).toBe(303);
        const again = await client.login(username, password);
        expect(again.status).toBe(303);
        expect(again.location).toBe('/admin');
      });

      it('a session cookie is HttpOnly, SameSite and limited to /admin; signing out ends it on the server', async () => {
        const { username, password } = await staffWithPassword(service.runtime.db, 'rina', 'petugas');
        const page = await fetch(`${base}/admin/login`);
        const cookie = page.headers.getSetCookie().find((c) => c.startsWith('pasker_sesi='))!;
        expect(cookie).toMatch(/HttpOnly/);
        expect(cookie).toMatch(/SameSite=Lax/);
        expect(cookie).toMatch(/Path=\/admin/);
        const client = new ConsoleClient(base);
        await client.login(username, password);
        expect((await client.get('/admin/vacancies')).status).toBe(200);
        await client.form('/admin/logout', {});
        expect((await client.get('/admin/vacancies')).location).toBe('/admin/login');
      });

      it('the cookie is Secure when the browser came over https (behind a proxy with TRUST_PROXY=1)', async () => {
        const proxied = await startTestService(await db.create(), { TRUST_PROXY: '1' }, { fixtures: false });
        try {
          const res = await fetch(`${proxied.url}/admin/login`, { headers: { 'x-forwarded-proto': 'https' } });
          expect(res.headers.getSetCookie().find((c) => c.startsWith('pasker_sesi='))).toMatch(/; Secure/);
        } finally {
          await proxied.stop();
        }
      });
    });

    describe('forms and roles', () => {
      let petugas: ConsoleClient;
      let admin: ConsoleClient;
      beforeAll(async () => {
        const p = await staffWithPassword(service.runtime.db, 'ani', 'petugas');
        const a = await staffWithPassword(service.runtime.db, 'dewi', 'admin');
        petugas = new ConsoleClient(base);
        admin = new ConsoleClient(base);
        await petugas.login(p.username, p.password);
        await admin.login(a.username, a.password);
      });

      it('a form without a valid CSRF token is refused and changes nothing', async () => {
        const v = await service.runtime.db.vacancy.findFirstOrThrow({ where: { status: 'published' } });
        await petugas.get('/admin/vacancies');
        const missing = await petugas.form(`/admin/vacancies/${v.id}/close`, {}, { csrf: null });
        expect(missing.status).toBe(403);
        expect(missing.html).toContain('Formulir kedaluwarsa');
        const forged = await petugas.form(`/admin/vacancies/${v.id}/close`, {}, { csrf: 'a'.repeat(52) });
        expect(forged.status).toBe(403);
        // Another person's token is no good either.
        await admin.get('/admin/vacancies');
        const foreign = await petugas.form(`/admin/vacancies/${v.id}/close`, {}, { csrf: admin.csrf });
        expect(foreign.status).toBe(403);
        expect((await service.runtime.db.vacancy.findUniqueOrThrow({ where: { id: v.id } })).status).toBe('published');
      });

      it('a petugas cannot approve broadcasts, manage staff, change settings or read the audit log (every route that needs more)', async () => {
        await petugas.get('/admin/broadcasts');
        const draft = await petugas.form('/admin/broadcasts', { text: 'Job fair Sabtu ini', kanal: '', kecamatan: '', pendidikan: '' });
        const broadcastId = Number(/\/admin\/broadcasts\/(\d+)/.exec(draft.location ?? '')![1]);
        await petugas.get(`/admin/broadcasts/${broadcastId}`);
        expect((await petugas.form(`/admin/broadcasts/${broadcastId}/ask`, {})).status).toBe(303);

        const staffBefore = await service.runtime.db.staffAccount.count();
        const guarded = consoleRoutes(service.http!).filter((r) => r.role === 'reviewer' || r.role === 'admin');
        expect(guarded.map((r) => `${r.method} ${r.url}`)).toEqual(expect.arrayContaining(['POST /admin/broadcasts/:id/approve', 'POST /admin/staff', 'GET /admin/staff', 'POST /admin/settings', 'GET /admin/audit']));
        for (const r of guarded) {
          await petugas.get('/admin/vacancies');
          const url = concrete(r.url, { broadcast: broadcastId });
          const res = r.method === 'GET' ? await petugas.get(url) : await petugas.form(url, { username: 'penyusup', role: 'admin', broadcast_approval: '0', alasan: 'x' });
          expect({ route: `${r.method} ${r.url}`, status: res.status }).toEqual({ route: `${r.method} ${r.url}`, status: 403 });
        }
        expect((await service.runtime.db.broadcast.findUniqueOrThrow({ where: { id: broadcastId } })).status).toBe('approval');
        expect(await service.runtime.db.staffAccount.count()).toBe(staffBefore);
      });

      it('every change is in the audit log with who made it, and the log is shown in the console', async () => {
        const v = await service.runtime.db.vacancy.findFirstOrThrow({ where: { status: 'published', verified: false } });
        await admin.get('/admin/vacancies');
        await admin.form(`/admin/vacancies/${v.id}/verify`, {});
        await admin.form(`/admin/vacancies/${v.id}/close`, {});
        await admin.form('/admin/staff', { username: 'tono', displayName: 'Pak Tono', role: 'reviewer' });
        await admin.get('/admin/staff');
        await admin.form('/admin/settings', { broadcast_approval: '1' });
        const rows = await service.runtime.db.auditLog.findMany({ where: { actor: 'web:dewi' } });
        expect(rows.map((r) => `${r.action} ${r.target ?? ''}`)).toEqual(expect.arrayContaining([`vacancy.verify vacancy:${v.id}`, `vacancy.close vacancy:${v.id}`, expect.stringMatching(/^staff\.add staff:\d+$/), 'setting.broadcast_approval ']));
        const page = await admin.get('/admin/audit');
        expect(page.html).toContain('vacancy.close');
        expect(page.html).toContain('web:dewi');
        expect(page.html).toContain('staff.add');
      });
    });

    describe('secrets people sent', () => {
      it('no page of the console shows a NIK, a password or a verification code, even the conversation of the person who sent them', async () => {
        const secrets = { nik: '3216051203900001', password: 'Melati#2026', code: '482913' };
        const seeker = person(service.runtime, '777001', 'telegram');
        for (const t of ['halo', `nik saya ${secrets.nik}`, `password saya ${secrets.password}`, 'cara daftar siapkerja', '1', '1', '1', '1', '1', secrets.code, 'loker satpam di muaragembong', 'petugas']) await seeker.say(t);
        const contact = await service.runtime.db.contact.findUniqueOrThrow({ where: { channel_externalId: { channel: 'telegram', externalId: '777001' } } });
        // A member of staff takes the chat, so its page exists whatever the dialogue wrote.
        const handoff = await takeHandoff(service.runtime.db, contact.id, { takenBy: 'web:tester', staffName: 'Tester' }, new Date());

        const a = await staffWithPassword(service.runtime.db, 'sinta', 'admin');
        const client = new ConsoleClient(base);
        await client.login(a.username, a.password);
        await client.get('/admin/broadcasts');
        const draft = await client.form('/admin/broadcasts', { text: 'Info pelatihan', kanal: '', kecamatan: '', pendidikan: '' });
        await client.get('/admin/vacancies/upload');
        const upload = await client.upload('/admin/vacancies/upload', 'lowongan.csv', 'source_id,title,company,district,min_education,keywords,employment_type,how_to_apply,closing_date\nx-1,Operator,PT Maju,Setu,SMA,,,Datang langsung,\n');
        // An employer's report, so its page is scanned too.
        await service.runtime.db.vacancyReport.create({ data: { reference: 'LP-2026-0777', contactId: contact.id, title: 'Operator', company: 'PT Maju', kecamatan: '32.16.18', data: JSON.stringify({ position: 'Operator', company: 'PT Maju', kecamatan: '32.16.18' }) } });
        const ids = { vacancy: (await service.runtime.db.vacancy.findFirstOrThrow()).id, handoff, broadcast: Number(/(\d+)$/.exec(draft.location!)![1]), staff: a.id, draft: Number(/(\d+)$/.exec(upload.location!)![1]), report: 'LP-2026-0777' };

        // Every page a signed-in person can open (the sign-in page sends them on to the dashboard).
        const pages = consoleRoutes(service.http!).filter((r) => r.method === 'GET' && r.url !== '/admin/login');
        let scanned = 0;
        for (const r of pages) {
          const res = await client.get(`${concrete(r.url, ids)}${r.url === '/admin/questions' ? '?semua=1' : r.url === '/admin' ? '?periode=30h' : ''}`);
          expect({ url: r.url, status: res.status }).toEqual({ url: r.url, status: 200 });
          for (const secret of Object.values(secrets)) expect({ url: r.url, leaks: res.html.includes(secret) }).toEqual({ url: r.url, leaks: false });
          scanned++;
        }
        expect(scanned).toBe(pages.length);
        const conversation = await client.get(`/admin/inbox/${handoff}`);
        expect(conversation.html).toContain('[NIK dihapus]');
        expect(conversation.html).toContain('loker satpam di muaragembong');
      });
    });
  });
}
