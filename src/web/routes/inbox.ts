// The hand-over inbox: who waits for staff (with how long, and the summary
// the bot made), a conversation's redacted history, answering from the
// browser to the person's own channel, and giving the chat back to the bot.

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { audit } from '../../db/audit.ts';
import { closeHandoff, queueStaffReply, takeHandoff } from '../../app/handoffs.ts';
import { redactForLog, redactSecrets } from '../../domain/secrets.ts';
import type { ConsoleContext } from '../console.ts';

const TOPICS: Record<string, string> = { search: 'cari lowongan', guide: 'panduan', complaint: 'keluhan', scam: 'penipuan', report: 'laporan lowongan', office: 'kantor', other: 'lainnya' };

/** A person's id as staff see it: enough to tell people apart, not a phone number to copy. */
export function maskedId(channel: string, externalId: string): string {
  const tail = externalId.slice(-4);
  return `${channel === 'whatsapp' ? 'WhatsApp' : channel === 'telegram' ? 'Telegram' : channel} …${tail}`;
}

export function inboxRoutes(admin: FastifyInstance, ctx: ConsoleContext): void {
  const { db, config, content } = ctx.runtime;
  const staffMember = (request: FastifyRequest) => ({ takenBy: ctx.actor(request), staffName: request.staff!.displayName });

  admin.get('/inbox', async (request, reply) => {
    const [active, closed] = await Promise.all([
      db.handoff.findMany({ where: { status: { in: ['waiting', 'open'] } }, include: { contact: true }, orderBy: { createdAt: 'asc' } }),
      db.handoff.findMany({ where: { status: 'closed' }, include: { contact: true }, orderBy: { closedAt: 'desc' }, take: 20 }),
    ]);
    // Chats waiting for staff without a hand-over row: asked before the queue table existed.
    const queued = new Set(active.map((h) => h.contactId));
    const older = (await db.conversation.findMany({ where: { status: 'pending' }, include: { contact: true }, orderBy: { updatedAt: 'asc' }, take: 100 })).filter((c) => !queued.has(c.contactId));
    const now = Date.now();
    const row = (h: (typeof active)[number]) => ({ ...h, who: maskedId(h.contact.channel, h.contact.externalId), waitedMinutes: Math.round(((h.takenAt ?? new Date(now)).getTime() - h.createdAt.getTime()) / 60_000), topicLabel: TOPICS[h.topic] ?? h.topic, summary: redactForLog(h.summary) });
    return ctx.page(request, reply, 'inbox', {
      title: 'Antrean petugas',
      waiting: active.filter((h) => h.status === 'waiting').map(row),
      older: older.map((c) => ({ contactId: c.contactId, who: maskedId(c.contact.channel, c.contact.externalId), waitedMinutes: Math.round((now - c.updatedAt.getTime()) / 60_000) })),
      open: active.filter((h) => h.status === 'open').map(row),
      closed: closed.map(row),
    });
  });

  const load = (request: FastifyRequest<{ Params: { id: string } }>) => db.handoff.findUnique({ where: { id: Number(request.params.id) || 0 }, include: { contact: true } });
  const history = async (contactId: number) =>
    (await db.messageLog.findMany({ where: { contactId }, orderBy: { id: 'desc' }, take: 60 })).reverse().map((m) => ({ ...m, text: redactForLog(m.text) }));

  admin.get<{ Params: { id: string } }>('/inbox/:id', async (request, reply) => {
    const h = await load(request);
    if (!h) return ctx.done(request, reply, '/admin/inbox', 'Percakapan itu tidak ada lagi (mungkin datanya sudah dihapus).', 'error');
    const messages = await history(h.contactId);
    // What became of staff answers: the outbox knows (sent, waiting for a retry, failed).
    const replies = (await db.outbox.findMany({ where: { contactId: h.contactId, kind: 'staff' }, orderBy: { id: 'desc' }, take: 5 })).map((o) => ({ at: o.createdAt, status: o.status, error: o.error }));
    const replyable = h.contact.channel === 'telegram' || h.contact.channel === 'whatsapp';
    return ctx.page(request, reply, 'conversation', { title: `Percakapan ${maskedId(h.contact.channel, h.contact.externalId)}`, h: { ...h, summary: redactForLog(h.summary), topicLabel: TOPICS[h.topic] ?? h.topic }, who: maskedId(h.contact.channel, h.contact.externalId), messages, replies, replyable, mine: h.takenBy === ctx.actor(request) });
  });

  // The history alone, polled by htmx every few seconds while the page is open.
  admin.get<{ Params: { id: string } }>('/inbox/:id/history', async (request, reply) => {
    const h = await load(request);
    if (!h) return reply.code(404).send('');
    return reply.type('text/html; charset=utf-8').view('partials/history', { messages: await history(h.contactId), when: (d: Date) => d.toLocaleTimeString('id-ID', { timeZone: config.TIMEZONE, hour: '2-digit', minute: '2-digit' }) });
  });

  admin.post<{ Params: { id: string } }>('/inbox/:id/take', async (request, reply) => {
    const h = await load(request);
    if (!h) return ctx.done(request, reply, '/admin/inbox', 'Percakapan itu tidak ada lagi.', 'error');
    await takeHandoff(db, h.contactId, staffMember(request), new Date());
    await audit(db, { actor: ctx.actor(request), action: 'handoff.take', target: `contact:${h.contactId}`, detail: `antrean #${h.id}` });
    return ctx.done(request, reply, `/admin/inbox/${h.id}`, 'Percakapan Anda ambil: bot diam dan pesan orang ini tampil di sini.');
  });

  admin.post<{ Params: { contactId: string } }>('/inbox/contact/:contactId/take', async (request, reply) => {
    const conversation = await db.conversation.findUnique({ where: { contactId: Number(request.params.contactId) || 0 } });
    if (!conversation) return ctx.done(request, reply, '/admin/inbox', 'Percakapan itu tidak ada lagi.', 'error');
    const id = await takeHandoff(db, conversation.contactId, staffMember(request), new Date());
    await audit(db, { actor: ctx.actor(request), action: 'handoff.take', target: `contact:${conversation.contactId}`, detail: `antrean #${id}` });
    return ctx.done(request, reply, `/admin/inbox/${id}`, 'Percakapan Anda ambil: bot diam dan pesan orang ini tampil di sini.');
  });

  admin.post<{ Params: { id: string }; Body: { text?: string } }>('/inbox/:id/reply', async (request, reply) => {
    const h = await load(request);
    if (!h) return ctx.done(request, reply, '/admin/inbox', 'Percakapan itu tidak ada lagi.', 'error');
    // Staff type fast too: a NIK or password pasted by mistake is removed here as well.
    const text = redactSecrets(String(request.body?.text ?? '')).text.trim();
    if (!text) return ctx.done(request, reply, `/admin/inbox/${h.id}`, 'Tulis balasannya dulu.', 'error');
    if (h.contact.channel !== 'telegram' && h.contact.channel !== 'whatsapp') return ctx.done(request, reply, `/admin/inbox/${h.id}`, 'Orang ini memakai saluran yang tidak bisa dibalas dari konsol.', 'error');
    const message = { text: content.messages.t('staff.reply_prefix', { text }), choices: [] };
    await queueStaffReply(db, ctx.raw, h.contact, message, staffMember(request), { now: new Date(), keepLog: config.MESSAGE_LOG_DAYS > 0 });
    await audit(db, { actor: ctx.actor(request), action: 'handoff.reply', target: `contact:${h.contactId}`, detail: `antrean #${h.id}` });
    return ctx.done(request, reply, `/admin/inbox/${h.id}`, 'Balasan dikirim lewat antrean pengiriman.');
  });

  admin.post<{ Params: { id: string } }>('/inbox/:id/close', async (request, reply) => {
    const h = await load(request);
    if (!h) return ctx.done(request, reply, '/admin/inbox', 'Percakapan itu tidak ada lagi.', 'error');
    await closeHandoff(db, h.contactId, new Date());
    await audit(db, { actor: ctx.actor(request), action: 'handoff.close', target: `contact:${h.contactId}`, detail: `antrean #${h.id}` });
    return ctx.done(request, reply, '/admin/inbox', 'Percakapan dikembalikan ke bot.');
  });
}
