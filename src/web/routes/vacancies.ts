// Vacancies: a list with search and filters, edit, close, mark verified, add
// one by hand, upload a file (shown row by row before anything is stored),
// and remove the samples. After every change the chat's index is refreshed.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { planImmediateAlerts } from '../../app/alerts.ts';
import type { Prisma, Vacancy as VacancyRow } from '../../db/generated/sqlite/index.js';
import { upsertVacancies } from '../../db/vacancies.ts';
import { EDUCATION_LEVELS, isEducation } from '../../domain/education.ts';
import { fold } from '../../domain/text.ts';
import { dateAfter } from '../../domain/time.ts';
import { validateRows, type RawRow } from '../../domain/vacancy-import.ts';
import { EMPLOYMENT_TYPES, VACANCY_STATUSES } from '../../domain/vacancy.ts';
import { audit } from '../../db/audit.ts';
import type { ConsoleContext } from '../console.ts';
import { parseUpload, UPLOAD_TYPES, type UploadedFile } from '../uploads.ts';

const PAGE = 50;

interface ListQuery {
  q?: string;
  kecamatan?: string;
  pendidikan?: string;
  sumber?: string;
  status?: string;
  tutup?: string;
  hal?: string;
}

/** The form's fields are the import file's columns, so one set of rules checks both. */
const FIELDS = ['title', 'company', 'district', 'address', 'min_education', 'major', 'keywords', 'employment_type', 'how_to_apply', 'closing_date', 'salary_min', 'salary_max', 'age_min', 'age_max', 'gender', 'quota', 'experience', 'source_url', 'status', 'verified'] as const;

export function vacancyRoutes(admin: FastifyInstance, ctx: ConsoleContext): void {
  const { db, config, content, catalog } = ctx.runtime;
  const region = content.region;

  const formValues = (v: VacancyRow): Record<string, string> => ({
    title: v.title, company: v.company, district: region.nameOf(v.kecamatan), address: v.address ?? '', min_education: v.minEducation, major: v.major ?? '',
    keywords: v.keywords.split(';').filter(Boolean).join('; '), employment_type: v.employmentType ?? '', how_to_apply: v.howToApply,
    closing_date: v.closingDate ? v.closingDate.toISOString().slice(0, 10) : '', salary_min: v.salaryMin?.toString() ?? '', salary_max: v.salaryMax?.toString() ?? '',
    age_min: v.ageMin?.toString() ?? '', age_max: v.ageMax?.toString() ?? '', gender: v.gender ?? '', quota: v.quota?.toString() ?? '', experience: v.experience ?? '',
    source_url: v.sourceUrl ?? '', status: v.status, verified: v.verified ? 'ya' : 'tidak',
  });

  const statusLabels: Record<string, string> = { draft: 'draf', pending: 'menunggu', published: 'tayang', closed: 'ditutup' };
  const choices = { kecamatan: region.kecamatan.map((k) => ({ code: k.code, name: k.name })).sort((a, b) => a.name.localeCompare(b.name)), education: EDUCATION_LEVELS, employment: EMPLOYMENT_TYPES, statuses: VACANCY_STATUSES };

  // The chat sees the change at once (the index is otherwise re-checked every second or so).
  const changed = async (publishedSourceIds: string[] = []) => {
    catalog.invalidate();
    // Planned from each subscription's window, so the ids only say whether anything was published.
    if (publishedSourceIds.length) await planImmediateAlerts(ctx.runtime, ctx.raw, new Date());
  };

  admin.get<{ Querystring: ListQuery }>('/vacancies', async (request, reply) => {
    const q = request.query;
    const today = dateAfter(new Date(), 0, config.TIMEZONE);
    const where: Prisma.VacancyWhereInput = {
      ...(q.q?.trim() ? { OR: [{ searchText: { contains: fold(q.q) } }, { company: { contains: q.q.trim() } }, { sourceId: { contains: q.q.trim() } }] } : {}),
      ...(q.kecamatan ? { kecamatan: q.kecamatan } : {}),
      ...(q.pendidikan && isEducation(q.pendidikan) ? { minEducation: q.pendidikan } : {}),
      ...(q.sumber ? { source: q.sumber } : {}),
      ...(q.status ? { status: q.status } : {}),
      ...(q.tutup === '1' ? { status: 'published', closingDate: { gte: today, lte: new Date(today.getTime() + 7 * 86_400_000) } } : {}),
    };
    const pageNo = Math.max(1, Number(q.hal) || 1);
    const [rows, total, sources, samples] = await Promise.all([
      db.vacancy.findMany({ where, orderBy: [{ status: 'desc' }, { id: 'desc' }], skip: (pageNo - 1) * PAGE, take: PAGE }),
      db.vacancy.count({ where }),
      db.vacancy.groupBy({ by: ['source'], _count: { _all: true } }),
      db.vacancy.count({ where: { isSample: true } }),
    ]);
    const params = new URLSearchParams(Object.entries(q).filter(([k, v]) => k !== 'hal' && v) as Array<[string, string]>).toString();
    return ctx.page(request, reply, 'vacancies', { title: 'Lowongan', rows, total, q, pageNo, pages: Math.ceil(total / PAGE), params, sources: sources.map((s) => s.source).sort(), samples, choices, region, today, statusLabels });
  });

  const load = async (request: FastifyRequest<{ Params: { id: string } }>) => db.vacancy.findUnique({ where: { id: Number(request.params.id) || 0 } });

  admin.get('/vacancies/new', async (request, reply) =>
    ctx.page(request, reply, 'vacancy-edit', { title: 'Tambah lowongan', vacancy: null, values: { status: 'published', verified: 'tidak' }, errors: [], choices, statusLabels }),
  );

  admin.get<{ Params: { id: string } }>('/vacancies/:id', async (request, reply) => {
    const v = await load(request);
    if (!v) return reply.code(404).send('Lowongan tidak ada.');
    return ctx.page(request, reply, 'vacancy-edit', { title: `Ubah: ${v.title}`, vacancy: v, values: formValues(v), errors: [], choices, statusLabels });
  });

  const save = async (request: FastifyRequest<{ Body: Record<string, string> }>, reply: FastifyReply, existing: VacancyRow | null) => {
    const body = request.body ?? {};
    const row: RawRow = Object.fromEntries(FIELDS.map((f) => [f, String(body[f] ?? '')]));
    row.source_id = existing?.sourceId ?? `staff-${Date.now().toString(36)}`;
    row.source = existing?.source ?? 'staff';
    const now = new Date();
    const parsed = validateRows([{ line: 1, row }], { region, now, timeZone: config.TIMEZONE, defaultSource: 'staff' });
    if (parsed.errors.length || !parsed.rows[0]) {
      reply.code(400);
      return ctx.page(request, reply, 'vacancy-edit', { title: existing ? `Ubah: ${existing.title}` : 'Tambah lowongan', vacancy: existing, values: row, errors: parsed.errors.flatMap((e) => e.reason.split('; ')), choices, statusLabels });
    }
    const counts = await upsertVacancies(db, [parsed.rows[0].vacancy], { now, isSample: existing?.isSample ?? false });
    await changed(counts.published);
    const saved = await db.vacancy.findUniqueOrThrow({ where: { sourceId: String(row.source_id) } });
    await audit(db, { actor: ctx.actor(request), action: existing ? 'vacancy.edit' : 'vacancy.add', target: `vacancy:${saved.id}`, detail: `${saved.title} — ${saved.company} (${saved.status})` });
    return ctx.done(request, reply, '/admin/vacancies', existing ? `Lowongan "${saved.title}" disimpan.` : `Lowongan "${saved.title}" ditambahkan.`);
  };

  admin.post<{ Body: Record<string, string> }>('/vacancies/new', async (request, reply) => save(request, reply, null));
  admin.post<{ Params: { id: string }; Body: Record<string, string> }>('/vacancies/:id', async (request, reply) => {
    const v = await load(request);
    if (!v) return reply.code(404).send('Lowongan tidak ada.');
    return save(request, reply, v);
  });

  admin.post<{ Params: { id: string } }>('/vacancies/:id/close', async (request, reply) => {
    const v = await load(request);
    if (!v) return reply.code(404).send('Lowongan tidak ada.');
    await db.vacancy.update({ where: { id: v.id }, data: { status: 'closed' } });
    await changed();
    await audit(db, { actor: ctx.actor(request), action: 'vacancy.close', target: `vacancy:${v.id}`, detail: `${v.title} — ${v.company}` });
    return ctx.done(request, reply, '/admin/vacancies', `Lowongan "${v.title}" ditutup; bot tidak menampilkannya lagi.`);
  });

  admin.post<{ Params: { id: string } }>('/vacancies/:id/verify', async (request, reply) => {
    const v = await load(request);
    if (!v) return reply.code(404).send('Lowongan tidak ada.');
    await db.vacancy.update({ where: { id: v.id }, data: { verified: !v.verified } });
    await changed();
    await audit(db, { actor: ctx.actor(request), action: v.verified ? 'vacancy.unverify' : 'vacancy.verify', target: `vacancy:${v.id}`, detail: `${v.title} — ${v.company}` });
    return ctx.done(request, reply, '/admin/vacancies', v.verified ? `"${v.title}" tidak lagi ditandai terverifikasi.` : `"${v.title}" ditandai sudah diverifikasi Disnaker.`);
  });

  admin.post<{ Body: { confirm?: string } }>('/vacancies/samples/remove', async (request, reply) => {
    if (request.body?.confirm !== '1') return ctx.done(request, reply, '/admin/vacancies', 'Centang "Ya, hapus semua lowongan contoh" dulu.', 'error');
    const { count } = await db.vacancy.deleteMany({ where: { isSample: true } });
    await changed();
    await audit(db, { actor: ctx.actor(request), action: 'vacancy.remove_samples', detail: `${count} lowongan contoh dihapus` });
    return ctx.done(request, reply, '/admin/vacancies', `${count} lowongan contoh (CONTOH) dihapus.`);
  });

  admin.get('/vacancies/upload', async (request, reply) => ctx.page(request, reply, 'upload', { title: 'Unggah lowongan', types: UPLOAD_TYPES }));

  admin.post<{ Body: { file?: UploadedFile } }>('/vacancies/upload', async (request, reply) => {
    const file = request.body?.file;
    if (!file || !Buffer.isBuffer(file.bytes) || !file.bytes.length) return ctx.done(request, reply, '/admin/vacancies/upload', 'Pilih berkas dulu.', 'error');
    const draft = await db.uploadDraft.create({ data: { staffId: request.staff!.id, kind: 'vacancies', fileName: file.name, content: new Uint8Array(file.bytes) } });
    // Drafts older than a day were abandoned.
    await db.uploadDraft.deleteMany({ where: { createdAt: { lt: new Date(Date.now() - 86_400_000) } } });
    return reply.redirect(`/admin/vacancies/upload/${draft.id}`, 303);
  });

  const draftOf = async (request: FastifyRequest<{ Params: { id: string } }>) => {
    const d = await db.uploadDraft.findUnique({ where: { id: Number(request.params.id) || 0 } });
    return d && d.staffId === request.staff!.id && d.kind === 'vacancies' ? d : null;
  };

  admin.get<{ Params: { id: string } }>('/vacancies/upload/:id', async (request, reply) => {
    const draft = await draftOf(request);
    if (!draft) return ctx.done(request, reply, '/admin/vacancies/upload', 'Berkas itu sudah tidak ada; unggah lagi.', 'error');
    const parsed = parseUpload(draft.fileName, Buffer.from(draft.content), { region, timeZone: config.TIMEZONE, now: new Date() });
    const existing = new Set((await db.vacancy.findMany({ where: { sourceId: { in: parsed.rows.map((r) => r.vacancy.sourceId) } }, select: { sourceId: true } })).map((r) => r.sourceId));
    const lines = [
      ...parsed.rows.map((r) => ({ line: r.line, sourceId: r.vacancy.sourceId, title: `${r.vacancy.title} — ${r.vacancy.company}`, place: region.nameOf(r.vacancy.kecamatan), ok: true, note: existing.has(r.vacancy.sourceId) ? 'sudah ada: diperbarui' : 'baru' })),
      ...parsed.errors.map((e) => ({ line: e.line, sourceId: e.sourceId ?? '', title: '', place: '', ok: false, note: e.reason })),
    ].sort((a, b) => a.line - b.line);
    return ctx.page(request, reply, 'upload-preview', { title: 'Periksa berkas', draft, lines, good: parsed.rows.length, bad: parsed.errors.length });
  });

  admin.post<{ Params: { id: string } }>('/vacancies/upload/:id/commit', async (request, reply) => {
    const draft = await draftOf(request);
    if (!draft) return ctx.done(request, reply, '/admin/vacancies/upload', 'Berkas itu sudah tidak ada; unggah lagi.', 'error');
    const now = new Date();
    const parsed = parseUpload(draft.fileName, Buffer.from(draft.content), { region, timeZone: config.TIMEZONE, now });
    const counts = await upsertVacancies(db, parsed.rows.map((r) => r.vacancy), { now });
    await db.uploadDraft.delete({ where: { id: draft.id } });
    await changed(counts.published);
    await audit(db, { actor: ctx.actor(request), action: 'vacancy.import', target: `file:${draft.fileName}`, detail: `${counts.created} baru, ${counts.updated} diperbarui, ${counts.unchanged} sama, ${parsed.errors.length} ditolak` });
    return ctx.done(request, reply, '/admin/vacancies', `Berkas ${draft.fileName}: ${counts.created} baru, ${counts.updated} diperbarui, ${counts.unchanged} tidak berubah, ${parsed.errors.length} baris ditolak (tidak disimpan).`);
  });

  admin.post<{ Params: { id: string } }>('/vacancies/upload/:id/cancel', async (request, reply) => {
    const draft = await draftOf(request);
    if (draft) await db.uploadDraft.delete({ where: { id: draft.id } });
    return ctx.done(request, reply, '/admin/vacancies', 'Unggahan dibatalkan; tidak ada yang disimpan.');
  });
}
