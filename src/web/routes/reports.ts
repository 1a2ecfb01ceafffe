// Employers' vacancy reports in the console: the pending ones first, every
// item of one, and approve (publish as a verified vacancy; alerts follow;
// the employer is told) or reject with a reason (the employer is told it).
// Deciding is for reviewers; a second decision is refused.

import type { FastifyInstance } from 'fastify';
import { approveReport, getReport, listReports, rejectReport, reportLines } from '../../app/reports.ts';
import { InputError } from '../../errors.ts';
import type { ConsoleContext } from '../console.ts';

const STATUS_LABELS: Record<string, string> = { pending: 'menunggu', approved: 'disetujui', rejected: 'ditolak' };

export function reportRoutes(admin: FastifyInstance, ctx: ConsoleContext): void {
  const runtime = ctx.runtime;

  admin.get('/reports', async (request, reply) => {
    const [pending, decided] = await Promise.all([listReports(runtime, 'pending', 100), listReports(runtime, null, 30)]);
    const rows = [...pending, ...decided.filter((r) => r.status !== 'pending')].map((r) => ({ ...r, label: STATUS_LABELS[r.status] ?? r.status, place: r.kecamatan ? runtime.content.region.nameOf(r.kecamatan) : '-' }));
    return ctx.page(request, reply, 'reports', { title: 'Laporan lowongan', rows, pending: pending.length });
  });

  admin.get<{ Params: { ref: string } }>('/reports/:ref', async (request, reply) => {
    try {
      const r = await getReport(runtime, request.params.ref);
      return ctx.page(request, reply, 'report', { title: r.reference, r, label: STATUS_LABELS[r.status] ?? r.status, lines: reportLines(runtime, r).slice(1) });
    } catch (err) {
      if (err instanceof InputError) return ctx.done(request, reply, '/admin/reports', 'Laporan itu tidak ada.', 'error');
      throw err;
    }
  });

  admin.post<{ Params: { ref: string } }>('/reports/:ref/approve', { config: { role: 'reviewer' } }, async (request, reply) => {
    try {
      const d = await approveReport(runtime, ctx.raw, request.params.ref, ctx.actor(request));
      runtime.catalog.invalidate();
      return ctx.done(request, reply, `/admin/reports/${d.report.reference}`, `Disetujui: tayang sebagai lowongan #${d.report.vacancyId}; ${d.alertsQueued} kabar lowongan langsung diantrekan; ${d.told ? 'pelapor diberi tahu' : 'pelapor tidak bisa diberi tahu lewat chat'}.`);
    } catch (err) {
      if (err instanceof InputError) return ctx.done(request, reply, `/admin/reports/${request.params.ref}`, 'Laporan ini sudah diputuskan atau tidak ada.', 'error');
      throw err;
    }
  });

  admin.post<{ Params: { ref: string }; Body: { alasan?: string } }>('/reports/:ref/reject', { config: { role: 'reviewer' } }, async (request, reply) => {
    const reason = String(request.body?.alasan ?? '').trim();
    if (!reason) return ctx.done(request, reply, `/admin/reports/${request.params.ref}`, 'Tulis alasan penolakannya; pelapor akan membacanya.', 'error');
    try {
      const d = await rejectReport(runtime, ctx.raw, request.params.ref, reason, ctx.actor(request));
      return ctx.done(request, reply, `/admin/reports/${d.report.reference}`, `Ditolak; ${d.told ? 'pelapor diberi tahu alasannya' : 'pelapor tidak bisa diberi tahu lewat chat'}.`);
    } catch (err) {
      if (err instanceof InputError) return ctx.done(request, reply, `/admin/reports/${request.params.ref}`, 'Laporan ini sudah diputuskan atau tidak ada.', 'error');
      throw err;
    }
  });
}
