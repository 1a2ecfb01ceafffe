// The dashboard (indicators per day, week or month, with charts and a CSV
// export) and the questions the bot could not answer, each of which staff
// can turn into an answer or a training example, or mark as dealt with.

import type { FastifyInstance } from 'fastify';
import { redactForLog } from '../../domain/secrets.ts';
import { audit } from '../../db/audit.ts';
import type { ConsoleContext } from '../console.ts';
import { DAILY_LABELS, indicators, indicatorsCsv, isPeriod, PERIODS } from '../indicators.ts';
import { addCorpusExample, addStaffAnswer, teachableIntents } from '../learning.ts';

const CHARTS = [
  { id: 'people', title: 'Orang', keys: ['people', 'new_people'] },
  { id: 'messages', title: 'Pesan', keys: ['messages_in', 'messages_out'] },
  { id: 'searches', title: 'Pencarian', keys: ['searches', 'searches_empty', 'vacancy_views', 'apply_views'] },
  { id: 'help', title: 'Bantuan', keys: ['guide_starts', 'guide_finishes', 'handoffs', 'complaints', 'scam_reports', 'unanswered'] },
] as const;

export function dashboardRoutes(admin: FastifyInstance, ctx: ConsoleContext): void {
  const { db, config, content } = ctx.runtime;

  admin.get<{ Querystring: { periode?: string } }>('/', async (request, reply) => {
    const period = isPeriod(request.query.periode) ? request.query.periode : '7h';
    const ind = await indicators(db, content.region, period, new Date(), config.TIMEZONE);
    // Whether the service works right now: each channel's state and what waits to be sent.
    const [backlog, oldest] = await Promise.all([
      db.outbox.count({ where: { status: { in: ['pending', 'sending'] } } }),
      db.outbox.findFirst({ where: { status: 'pending', OR: [{ notBefore: null }, { notBefore: { lte: new Date() } }] }, orderBy: { id: 'asc' }, select: { createdAt: true } }),
    ]);
    const health = { channels: ctx.channels.map((c) => ({ name: c.provider, ...c.health() })), backlog, oldestMinutes: oldest ? Math.round((Date.now() - oldest.createdAt.getTime()) / 60_000) : null };
    const charts = CHARTS.map((c) => ({ id: c.id, title: c.title, labels: ind.series.buckets, datasets: c.keys.map((k) => ({ label: DAILY_LABELS[k], data: ind.series.values[k] })) }));
    return ctx.page(request, reply, 'dashboard', { title: 'Dasbor', ind, health, periods: PERIODS, period, labels: DAILY_LABELS, charts, chartJson: JSON.stringify(charts), chartsScript: true, redact: redactForLog });
  });

  admin.get<{ Querystring: { periode?: string } }>('/dashboard.csv', async (request, reply) => {
    const period = isPeriod(request.query.periode) ? request.query.periode : '7h';
    const ind = await indicators(db, content.region, period, new Date(), config.TIMEZONE);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="pasker-indikator-${period}.csv"`)
      .send(`\uFEFF${indicatorsCsv(ind)}`);
  });

  admin.get<{ Querystring: { semua?: string } }>('/questions', async (request, reply) => {
    const all = request.query.semua === '1';
    const rows = await db.activity.findMany({ where: { kind: 'unanswered', ...(all ? {} : { resolved: false }) }, orderBy: { id: 'desc' }, take: 100 });
    return ctx.page(request, reply, 'questions', { title: 'Pertanyaan belum terjawab', rows, all, intents: teachableIntents(), redact: redactForLog });
  });

  const question = async (id: number) => db.activity.findFirst({ where: { id, kind: 'unanswered' } });

  admin.post<{ Params: { id: string }; Body: { answer?: string } }>('/questions/:id/answer', async (request, reply) => {
    const q = await question(Number(request.params.id));
    const answer = String(request.body?.answer ?? '').trim();
    if (!q || !answer) return ctx.done(request, reply, '/admin/questions', 'Tulis jawabannya dulu.', 'error');
    addStaffAnswer(ctx.files, redactForLog(q.detail ?? ''), answer, request.staff!.username, new Date());
    await db.activity.update({ where: { id: q.id }, data: { resolved: true } });
    await audit(db, { actor: ctx.actor(request), action: 'question.answer', target: `activity:${q.id}`, detail: `jawaban ditulis ke ${ctx.files.answersFile}` });
    return ctx.done(request, reply, '/admin/questions', `Jawaban disimpan di ${ctx.files.answersFile}.`);
  });

  admin.post<{ Params: { id: string }; Body: { intent?: string } }>('/questions/:id/example', async (request, reply) => {
    const q = await question(Number(request.params.id));
    const intent = String(request.body?.intent ?? '');
    if (!q || !teachableIntents().includes(intent)) return ctx.done(request, reply, '/admin/questions', 'Pilih maksud pesannya dulu.', 'error');
    addCorpusExample(ctx.files, intent, redactForLog(q.detail ?? ''), request.staff!.username, new Date());
    await db.activity.update({ where: { id: q.id }, data: { resolved: true } });
    await audit(db, { actor: ctx.actor(request), action: 'question.example', target: `activity:${q.id}`, detail: `contoh untuk ${intent}` });
    return ctx.done(request, reply, '/admin/questions', `Ditambahkan sebagai contoh "${intent}"; bot mempelajarinya saat dijalankan ulang.`);
  });

  admin.post<{ Params: { id: string } }>('/questions/:id/resolve', async (request, reply) => {
    const q = await question(Number(request.params.id));
    if (q) {
      await db.activity.update({ where: { id: q.id }, data: { resolved: true } });
      await audit(db, { actor: ctx.actor(request), action: 'question.resolve', target: `activity:${q.id}` });
    }
    return ctx.done(request, reply, '/admin/questions', 'Ditandai selesai.');
  });
}
