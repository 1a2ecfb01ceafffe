// The learning loop in the console: a question the bot could not answer is
// turned into an answer staff wrote, or into a training example marked as
// added by staff, and it leaves the list of questions waiting.

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Service } from '../src/app/service.ts';
import { parse } from 'yaml';
import { ConsoleClient, staffWithPassword } from './support/console.ts';
import { sqliteDatabase, tempDir } from './support/databases.ts';
import { startTestService } from './support/service.ts';

const db = sqliteDatabase();
const dir = tempDir();
const files = { corpusDir: path.join(dir, 'corpus'), answersFile: path.join(dir, 'flows', 'staff-answers.yaml') };
let service: Service;
let client: ConsoleClient;

beforeAll(async () => {
  fs.mkdirSync(files.corpusDir, { recursive: true });
  fs.writeFileSync(path.join(files.corpusDir, 'training.txt'), '# training: courses\npelatihan las\n');
  service = await startTestService(await db.create(), {}, { fixtures: false, learningFiles: files });
  const s = await staffWithPassword(service.runtime.db, 'wati', 'petugas');
  client = new ConsoleClient(service.url!);
  await client.login(s.username, s.password);
});
afterAll(async () => {
  await service.stop();
  await db.dropAll();
});

describe('questions the bot could not answer', () => {
  it('become an answer staff wrote, or a training example marked as staff-added, and leave the waiting list', async () => {
    const { db: prisma } = service.runtime;
    // As the dialogue records them (redacted words, no one's number).
    const [fee, course, noise] = await Promise.all(
      ['berapa biaya bikin kartu kuning di kantor?', 'ada kursus jahit gratis ga min', 'wkwkwk'].map((detail) => prisma.activity.create({ data: { kind: 'unanswered', detail, channel: 'telegram' } })),
    );
    const list = await client.get('/admin/questions');
    for (const q of ['berapa biaya bikin kartu kuning', 'ada kursus jahit gratis', 'wkwkwk']) expect(list.html).toContain(q);

    expect((await client.form(`/admin/questions/${fee!.id}/answer`, { answer: 'Kartu kuning (AK/1) gratis, Kak. Datang ke Disnaker membawa KTP asli.' })).status).toBe(303);
    const answers = parse(fs.readFileSync(files.answersFile, 'utf8')) as Array<{ question: string; answer: string; by: string }>;
    expect(answers).toEqual([expect.objectContaining({ question: 'berapa biaya bikin kartu kuning di kantor?', answer: 'Kartu kuning (AK/1) gratis, Kak. Datang ke Disnaker membawa KTP asli.', by: 'wati' })]);

    await client.get('/admin/questions');
    expect((await client.form(`/admin/questions/${course!.id}/example`, { intent: 'training' })).status).toBe(303);
    const corpus = fs.readFileSync(path.join(files.corpusDir, 'training.txt'), 'utf8').split('\n');
    expect(corpus.slice(0, 2)).toEqual(['# training: courses', 'pelatihan las']);
    expect(corpus.at(-3)).toMatch(/^# ditambahkan petugas lewat konsol \(wati, \d{4}-\d{2}-\d{2}\)$/);
    expect(corpus.at(-2)).toBe('ada kursus jahit gratis ga min');

    await client.get('/admin/questions');
    await client.form(`/admin/questions/${noise!.id}/resolve`, {});
    const after = await client.get('/admin/questions');
    expect(after.html).toContain('Tidak ada pertanyaan yang menunggu');
    expect((await prisma.activity.findMany({ where: { kind: 'unanswered' } })).every((a) => a.resolved)).toBe(true);
    expect((await prisma.auditLog.findMany({ where: { actor: 'web:wati' } })).map((a) => a.action)).toEqual(expect.arrayContaining(['question.answer', 'question.example', 'question.resolve']));
  });

  it('refuses an intent the understanding does not have', async () => {
    const q = await service.runtime.db.activity.create({ data: { kind: 'unanswered', detail: 'halo?', channel: 'telegram' } });
    await client.get('/admin/questions');
    await client.form(`/admin/questions/${q.id}/example`, { intent: '../../etc/passwd' });
    expect((await service.runtime.db.activity.findUniqueOrThrow({ where: { id: q.id } })).resolved).toBe(false);
    expect(fs.readdirSync(files.corpusDir)).toEqual(['training.txt']);
  });
});
