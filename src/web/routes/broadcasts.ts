// Broadcasts from the console: compose with a segment and a live count of who
// it reaches, preview it as WhatsApp and Telegram show it, send at once or at
// a chosen time, a reviewer's approval first when the office asks for it, a
// progress bar while it is sent, cancel, and what became of each message.

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { approveBroadcast, askApproval, broadcastProgress, cancelBroadcast, countSegment, draftBroadcast, rejectBroadcast, startBroadcast, type Segment } from '../../app/broadcast.ts';
import { renderText } from '../../channels/render-text.ts';
import { renderTelegram } from '../../channels/telegram/render.ts';
import { broadcastReply } from '../../core/alerts.ts';
import { audit } from '../../db/audit.ts';
import { EDUCATION_LEVELS, isEducation } from '../../domain/education.ts';
import type { ConsoleContext } from '../console.ts';
import { getSetting } from '../settings.ts';
import { hasRole } from '../staff-accounts.ts';

interface SegmentQuery {
  kanal?: string;
  kecamatan?: string;
  pendidikan?: string;
}

const STATUS_LABELS: Record<string, string> = { draft: 'draf', approval: 'menunggu persetujuan', sending: 'dikirim', done: 'selesai', cancelled: 'dibatalkan', rejected: 'ditolak' };

export function broadcastRoutes(admin: FastifyInstance, ctx: ConsoleContext): void {
  const { db, config, content } = ctx.runtime;
  const region = content.region;
  const kecamatan = region.kecamatan.map((k) => ({ code: k.code, name: k.name })).sort((a, b) => a.name.localeCompare(b.name));

  const segmentOf = (q: SegmentQuery): Segment => ({
    ...(q.kanal === 'telegram' || q.kanal === 'whatsapp' ? { channel: q.kanal } : {}),
    ...(q.kecamatan && region.get(q.kecamatan) ? { kecamatan: q.kecamatan } : {}),
    ...(q.pendidikan && isEducation(q.pendidikan) ? { education: q.pendidikan } : {}),
  });
  const describe = (s: Segment) => [s.channel ? (s.channel === 'telegram' ? 'Telegram' : 'WhatsApp') : 'semua saluran', s.kecamatan ? `Kec. ${region.nameOf(s.kecamatan)}` : 'seluruh kecamatan', s.education ? `pendidikan ${s.education}` : 'semua jenjang'].join(' · ');

  admin.get('/broadcasts', async (request, reply) => {
    const rows = await db.broadcast.findMany({ orderBy: { id: 'desc' }, take: 50 });
    const approval = (await getSetting(db, 'broadcast_approval')) === '1';
    const count = await countSegment(db, {});
    return ctx.page(request, reply, 'broadcasts', { title: 'Pengumuman', rows: rows.map((b) => ({ ...b, label: STATUS_LABELS[b.status] ?? b.status, to: describe(JSON.parse(b.segment) as Segment) })), approval, kecamatan, education: EDUCATION_LEVELS, count });
  });

  // The live count under the compose form (htmx, on every change).
  admin.get<{ Querystring: SegmentQuery }>('/broadcasts/count', async (request, reply) => {
    const c = await countSegment(db, segmentOf(request.query));
    return reply.type('text/html; charset=utf-8').view('partials/count', { c });
  });

  admin.post<{ Body: SegmentQuery & { text?: string; jadwal?: string } }>('/broadcasts', async (request, reply) => {
    const text = String(request.body?.text ?? '').trim();
    if (!text) return ctx.done(request, reply, '/admin/broadcasts', 'Tulis isi pengumumannya dulu.', 'error');
    if (text.length > 3000) return ctx.done(request, reply, '/admin/broadcasts', 'Pengumuman terlalu panjang (maksimal 3000 huruf).', 'error');
    const scheduledAt = request.body?.jadwal ? localDateTime(request.body.jadwal, config.TIMEZONE) : null;
    if (request.body?.jadwal && !scheduledAt) return ctx.done(request, reply, '/admin/broadcasts', 'Waktu kirim tidak terbaca.', 'error');
    const draft = await draftBroadcast(db, { text, segment: segmentOf(request.body ?? {}), createdBy: ctx.actor(request), scheduledAt });
    await audit(db, { actor: ctx.actor(request), action: 'broadcast.draft', target: `broadcast:${draft.id}`, detail: `${draft.total} penerima` });
    return reply.redirect(`/admin/broadcasts/${draft.id}`, 303);
  });

  const load = (request: FastifyRequest<{ Params: { id: string } }>) => db.broadcast.findUnique({ where: { id: Number(request.params.id) || 0 } });

  admin.get<{ Params: { id: string } }>('/broadcasts/:id', async (request, reply) => {
    const b = await load(request);
    if (!b) return ctx.done(request, reply, '/admin/broadcasts', 'Pengumuman itu tidak ada.', 'error');
    const segment = JSON.parse(b.segment) as Segment;
    const message = broadcastReply(b.text, content.office.name, content.messages);
    const approval = (await getSetting(db, 'broadcast_approval')) === '1';
    const staff = request.staff!;
    const mine = b.createdBy === ctx.actor(request);
    // Sending needs a reviewer; with approval on, always a second person.
    const canSend = hasRole(staff.role, 'reviewer') && !approval;
    const canApprove = hasRole(staff.role, 'reviewer') && !mine;
    return ctx.page(request, reply, 'broadcast', {
      title: `Pengumuman #${b.id}`,
      b: { ...b, label: STATUS_LABELS[b.status] ?? b.status },
      to: describe(segment),
      count: await countSegment(db, segment),
      whatsapp: renderText(message),
      telegramHtml: renderTelegram(message).text,
      progress: await broadcastProgress(db, b.id),
      canSend,
      canApprove,
      approval,
      mine,
      refresh: b.status === 'sending' ? 3 : 0,
    });
  });

  admin.get<{ Params: { id: string } }>('/broadcasts/:id/progress', async (request, reply) => {
    const p = await broadcastProgress(db, Number(request.params.id) || 0);
    if (!p) return reply.code(404).send('');
    const b = await db.broadcast.findUniqueOrThrow({ where: { id: p.id } });
    return reply.type('text/html; charset=utf-8').view('partials/progress', { p, b, when: (d: Date) => d.toLocaleString('id-ID', { timeZone: config.TIMEZONE }) });
  });

  admin.post<{ Params: { id: string } }>('/broadcasts/:id/send', { config: { role: 'reviewer' } }, async (request, reply) => {
    const b = await load(request);
    if (!b) return ctx.done(request, reply, '/admin/broadcasts', 'Pengumuman itu tidak ada.', 'error');
    if ((await getSetting(db, 'broadcast_approval')) === '1') return ctx.done(request, reply, `/admin/broadcasts/${b.id}`, 'Kantor meminta persetujuan orang kedua: ajukan dulu.', 'error');
    const queued = await startBroadcast(db, ctx.raw, b.id, new Date());
    await audit(db, { actor: ctx.actor(request), action: 'broadcast.send', target: `broadcast:${b.id}`, detail: `${queued} pesan${b.scheduledAt ? `, dijadwalkan ${b.scheduledAt.toISOString()}` : ''}` });
    return ctx.done(request, reply, `/admin/broadcasts/${b.id}`, b.scheduledAt ? `Pengumuman dijadwalkan untuk ${queued} orang.` : `Pengumuman sedang dikirim ke ${queued} orang.`);
  });

  admin.post<{ Params: { id: string } }>('/broadcasts/:id/ask', async (request, reply) => {
    const b = await load(request);
    if (!b || !(await askApproval(db, b.id))) return ctx.done(request, reply, '/admin/broadcasts', 'Pengumuman itu bukan draf lagi.', 'error');
    await audit(db, { actor: ctx.actor(request), action: 'broadcast.ask_approval', target: `broadcast:${b.id}` });
    return ctx.done(request, reply, `/admin/broadcasts/${b.id}`, 'Diajukan: seorang reviewer perlu menyetujuinya sebelum dikirim.');
  });

  admin.post<{ Params: { id: string } }>('/broadcasts/:id/approve', { config: { role: 'reviewer' } }, async (request, reply) => {
    const b = await load(request);
    if (!b) return ctx.done(request, reply, '/admin/broadcasts', 'Pengumuman itu tidak ada.', 'error');
    const result = await approveBroadcast(db, ctx.raw, b.id, ctx.actor(request), new Date());
    if (!result.ok) return ctx.done(request, reply, `/admin/broadcasts/${b.id}`, result.reason === 'own' ? 'Pengumuman yang Anda tulis sendiri harus disetujui orang lain.' : 'Pengumuman ini tidak sedang menunggu persetujuan.', 'error');
    await audit(db, { actor: ctx.actor(request), action: 'broadcast.approve', target: `broadcast:${b.id}`, detail: `${result.queued} pesan` });
    return ctx.done(request, reply, `/admin/broadcasts/${b.id}`, `Disetujui: dikirim ke ${result.queued} orang${b.scheduledAt ? ' pada waktu yang dijadwalkan' : ''}.`);
  });

  admin.post<{ Params: { id: string }; Body: { alasan?: string } }>('/broadcasts/:id/reject', { config: { role: 'reviewer' } }, async (request, reply) => {
    const b = await load(request);
    const reason = String(request.body?.alasan ?? '').trim();
    if (!b || !reason) return ctx.done(request, reply, `/admin/broadcasts/${b?.id ?? ''}`, 'Tulis alasan penolakannya.', 'error');
    if (!(await rejectBroadcast(db, b.id, ctx.actor(request), reason, new Date()))) return ctx.done(request, reply, `/admin/broadcasts/${b.id}`, 'Pengumuman ini tidak sedang menunggu persetujuan.', 'error');
    await audit(db, { actor: ctx.actor(request), action: 'broadcast.reject', target: `broadcast:${b.id}`, detail: reason });
    return ctx.done(request, reply, `/admin/broadcasts/${b.id}`, 'Pengumuman ditolak; penulisnya melihat alasannya di sini.');
  });

  admin.post<{ Params: { id: string } }>('/broadcasts/:id/cancel', async (request, reply) => {
    const b = await load(request);
    if (!b) return ctx.done(request, reply, '/admin/broadcasts', 'Pengumuman itu tidak ada.', 'error');
    // Stopping a broadcast already going out is a reviewer's call; a draft or a request is the writer's own.
    if (b.status === 'sending' && !hasRole(request.staff!.role, 'reviewer')) return ctx.done(request, reply, `/admin/broadcasts/${b.id}`, 'Hanya reviewer yang bisa menghentikan pengumuman yang sedang dikirim.', 'error');
    const cancelled = await cancelBroadcast(db, b.id);
    await audit(db, { actor: ctx.actor(request), action: 'broadcast.cancel', target: `broadcast:${b.id}`, detail: `${cancelled} pesan dibatalkan` });
    return ctx.done(request, reply, `/admin/broadcasts/${b.id}`, `Dibatalkan: ${cancelled} pesan tidak jadi dikirim.`);
  });
}

/** "2026-12-05T08:30" typed in the office's time zone, as an instant; null when unreadable. */
export function localDateTime(value: string, timeZone: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value.trim());
  if (!m) return null;
  const asUtc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  // The zone's offset at that moment, from how the instant reads there.
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).formatToParts(new Date(asUtc));
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  const shown = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return new Date(asUtc - (shown - asUtc));
}
