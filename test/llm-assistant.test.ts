// Grounded answers to free questions: found in Pasker's own knowledge,
// answered by a model (a loopback OpenAI server) from that only, and an
// answer that adds a vacancy, date, phone number or fee never reaches the
// person.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadContent, type Content } from '../src/app/content.ts';
import { llmSettings, loadConfig } from '../src/config.ts';
import type { Assistant } from '../src/llm/assistant.ts';
import { staticSource } from '../src/llm/knowledge.ts';
import { createModelPath, type ModelPath } from '../src/llm/model-path.ts';
import { createLogger } from '../src/log.ts';
import { Understander } from '../src/nlu/understand.ts';
import { FakeOpenAI, type ChatRequest, type FakeAnswer } from './fakes/openai.ts';
import { sqliteDatabase } from './support/databases.ts';
import { person, startRuntime } from './support/runtime.ts';

const CACHE = 'data/test-cache';
let content: Content;
let rules: Understander;
let fake: FakeOpenAI;
let logs: Array<Record<string, unknown>>;

beforeAll(async () => {
  content = await loadContent(loadConfig({ DATA_DIR: CACHE }));
  rules = await Understander.create(content.nlu, { cacheDir: CACHE });
  fake = await new FakeOpenAI().start();
  await Promise.all([import('@langchain/openai'), import('@langchain/core/messages')]);
});
afterAll(() => fake.stop());
beforeEach(() => {
  fake.reset();
  logs = [];
});

function modelPath(settings: Record<string, string> = {}): ModelPath {
  const config = loadConfig({ LLM_BASE_URL: fake.baseUrl, LLM_MODEL: 'gpt-4o-mini', LLM_API_KEY: fake.apiKey, LLM_ANSWER_TIMEOUT_MS: '400', ...settings });
  const log = createLogger('debug', (line) => logs.push(JSON.parse(line) as Record<string, unknown>));
  return createModelPath(llmSettings(config)!, content, rules, log);
}
const assistant = (settings: Record<string, string> = {}): Assistant => modelPath(settings).assistant;
const says = (answer: string, used: string[] = []): FakeAnswer => ({ kind: 'json', value: { known: true, answer, used } });
const notKnown = (): FakeAnswer => ({ kind: 'json', value: { known: false, answer: '', used: [] } });
// The ids of the facts the fake was given, from the system message as the model sees it.
const factsGiven = (body: ChatRequest) => [...String(body.messages[0]!.content).matchAll(/^\[([^\]]+)\]/gm)].map((m) => m[1]!);

describe('answers from Pasker\'s own knowledge', () => {
  it('answers "bisa bikin kartu kuning online?" from the FAQ, and logs the facts used for staff', async () => {
    fake.answer((body) => {
      expect(factsGiven(body)).toContain('faq:ak1-online');
      return says('Bisa daftar online di Karirhub, Kak. Tapi kartu yang dicetak tetap diambil dengan datang ke kantor Disnaker.', ['faq:ak1-online']);
    });
    const a = await assistant().answer('bisa bikin kartu kuning online?');
    expect(a).toEqual({ text: 'Bisa daftar online di Karirhub, Kak. Tapi kartu yang dicetak tetap diambil dengan datang ke kantor Disnaker.', sources: ['faq:ak1-online'] });
    const sent = fake.received[0]!.body;
    expect(sent.messages[1]!.content).toBe('Question: bisa bikin kartu kuning online?');
    expect(sent.tool_choice).toEqual({ type: 'function', function: { name: 'answer' } });
    expect(logs.find((l) => l.msg === 'llm answer')).toMatchObject({ outcome: 'ok', known: true, factIds: ['faq:ak1-online'], retrievedIds: expect.arrayContaining(['faq:ak1-online']) });
  });

  it('says it does not know, and points to a person, when the facts found do not answer (kartu kuning diwakilkan)', async () => {
    fake.answer(notKnown());
    const a = await assistant().answer('bisa bikin kartu kuning diwakilin?');
    expect(fake.received).toHaveLength(1);
    expect(a).toEqual({ text: content.faq.notKnown, sources: [] });
    expect(a!.text).toMatch(/belum ada di data saya/);
    expect(a!.text).toMatch(/petugas/);
  });

  it('gives what is known about job fairs without inventing what to bring', async () => {
    fake.answer((body) => {
      expect(factsGiven(body)).toEqual(expect.arrayContaining(['faq:job-fair-siapkerja']));
      return says('Untuk ikut job fair dipakai akun SIAPkerja, Kak. Daftar barang yang perlu dibawa belum ada di data saya.', ['faq:job-fair-siapkerja']);
    });
    const a = await assistant().answer('job fair biasanya bawa apa?');
    expect(a).toEqual({ text: expect.stringContaining('akun SIAPkerja'), sources: ['faq:job-fair-siapkerja'] });
  });

  it('reads a short question against the topic of the conversation', async () => {
    fake.answer((body) => {
      expect(factsGiven(body)).toContain('faq:ak1-syarat');
      return says('Siapkan fotokopi KTP, 2 pas foto 3×4 berwarna, dan fotokopi ijazah terakhir.', ['faq:ak1-syarat']);
    });
    expect(await assistant().answer('syaratnya apa aja?', { topic: 'ak1' })).toMatchObject({ sources: ['faq:ak1-syarat'] });
  });

  it('makes no call for a question Pasker knows nothing about', async () => {
    const a = assistant();
    for (const q of ['siapa presiden sekarang?', 'resep nasi goreng', 'harga emas hari ini', 'halo']) expect(await a.answer(q), q).toBeNull();
    expect(fake.received).toHaveLength(0);
  });

  it('searches knowledge sources added later (job fairs, training), and skips one that fails', async () => {
    const a = assistant();
    a.addSource(staticSource('events', [{ id: 'events:expo-2026', title: 'Job fair Cibitung', text: 'CONTOH: job fair di Cibitung, 3 Maret 2026.', questions: ['job fair cibitung kapan'] }]));
    a.addSource({ name: 'training', passages: () => Promise.reject(new Error('table missing')) });
    fake.answer((body) => {
      expect(factsGiven(body)).toContain('events:expo-2026');
      return says('CONTOH: job fair di Cibitung tanggal 3 Maret 2026, Kak.', ['events:expo-2026']);
    });
    expect(await a.answer('job fair di cibitung kapan?')).toEqual({ text: 'CONTOH: job fair di Cibitung tanggal 3 Maret 2026, Kak.', sources: ['events:expo-2026'] });
    expect(logs.find((l) => String(l.msg).startsWith('knowledge source failed'))).toMatchObject({ source: 'training' });
  });
});

describe('an answer that adds a fact never reaches the person', () => {
  const invented: Array<[string, string, string]> = [
    ['a vacancy', 'Ada lowongan operator produksi di PT Sinar Jaya Abadi, Kak. Langsung datang saja.', 'Sinar Jaya'],
    ['a date', 'Job fair berikutnya tanggal 14 Agustus 2026, Kak.', 'Agustus'],
    ['a phone number', 'Silakan hubungi petugas di 0812-9999-1234 ya, Kak.', '0812'],
    ['a fee', 'Biaya pembuatan kartu kuning Rp 25.000, Kak.', '25.000'],
    ['an address', 'Kantornya di Jl. Jenderal Sudirman, Kak.', 'Sudirman'],
    ['a web address', 'Daftar saja di www.loker-bekasi-resmi.com, Kak.', 'loker-bekasi'],
    ['a document', 'Bawa juga SKCK dan surat sehat, Kak.', 'SKCK'],
    ['a request for a NIK', 'Kirim NIK Kakak ke sini, nanti saya cekkan syarat KTP-nya.', 'Kirim NIK'],
  ];
  for (const [what, answer, mark] of invented) {
    it(`drops ${what}`, async () => {
      const path = modelPath();
      fake.answer(says(answer, ['faq:ak1-syarat']));
      const a = await path.assistant.answer('bikin kartu kuning bawa apa aja dan bayar berapa?');
      expect(a).toEqual({ text: content.faq.notKnown, sources: [] });
      expect(a!.text).not.toContain(mark);
      expect(path.health().outcomes.answer.guard_rejected).toBe(1);
      expect(logs.find((l) => l.msg === 'llm answer')).toMatchObject({ outcome: 'guard_rejected', unsupported: expect.any(Array) });
    });
  }

  it('lets through an answer whose numbers and documents are in the facts', async () => {
    fake.answer(says('Kartu kuning berlaku dua tahun, Kak, dan bisa dipakai di seluruh Indonesia.', ['faq:ak1-masa-berlaku']));
    expect(await assistant().answer('kartu kuning berlaku berapa lama?')).toMatchObject({ sources: ['faq:ak1-masa-berlaku'] });
  });
});

describe('when the model cannot answer', () => {
  const failures: Array<[string, FakeAnswer, string]> = [
    ['a time-out', { kind: 'hang' }, 'timeout'],
    ['a 500', { kind: 'server_error' }, 'error'],
    ['a 429 with retry-after', { kind: 'rate_limit', retryAfterSeconds: 5 }, 'error'],
    ['a refusal', { kind: 'refusal' }, 'refused'],
    ['malformed JSON', { kind: 'malformed' }, 'invalid'],
    ['an answer without the fields', { kind: 'json', value: { reply: 'Gratis.' } }, 'invalid'],
  ];
  for (const [what, failure, outcome] of failures) {
    it(`on ${what}: says the FAQ entry that matches the question, or nothing`, async () => {
      const path = modelPath({ LLM_ANSWER_TIMEOUT_MS: '150' });
      fake.answer(failure, failure);
      expect(await path.assistant.answer('kartu kuning berlaku berapa lama?')).toEqual({ text: content.faq.entries.find((e) => e.id === 'ak1-masa-berlaku')!.answer, sources: ['faq:ak1-masa-berlaku'] });
      const second = outcome === 'error' && what.includes('429') ? null : await path.assistant.answer('job fair biasanya bawa apa?');
      expect(second).toBeNull();
      expect(path.health().outcomes.answer[outcome as 'ok']).toBeGreaterThanOrEqual(1);
    });
  }

  it('once the day\'s calls are spent', async () => {
    const path = modelPath({ LLM_DAILY_CALLS: '0' });
    expect(await path.assistant.answer('job fair biasanya bawa apa?')).toBeNull();
    expect(fake.received).toHaveLength(0);
    expect(path.health().outcomes.answer.budget).toBe(1);
  });
});

describe('what is sent', () => {
  it('the question without the person\'s name, number, e-mail or NIK, and Pasker\'s own facts', async () => {
    fake.answer(notKnown());
    await assistant().answer('nama saya Siti Aminah, nik 3216019876543210, hp 081298765432, email siti.a@yahoo.co.id. kartu kuning bisa diwakilin?');
    const sent = fake.everythingReceived();
    expect(fake.received).toHaveLength(1);
    for (const secret of ['Siti', 'Aminah', '3216019876543210', '081298765432', '81298765432', 'siti.a', 'yahoo']) expect(sent).not.toContain(secret);
    expect(sent).toContain('kartu kuning bisa diwakilin?');
  });

  it('once for the same question asked twice', async () => {
    fake.answer(says('Membuat kartu kuning itu gratis, Kak.', ['faq:ak1-biaya']));
    const a = assistant();
    const first = await a.answer('bikin kartu kuning bayar gak?');
    expect(await a.answer('Bikin kartu kuning bayar gak')).toEqual(first);
    expect(fake.received).toHaveLength(1);
  });
});

describe('in a conversation', () => {
  it('a question the dialogue cannot place is answered from the knowledge; a question waiting is kept for "lanjut"', async () => {
    const runtime = await startRuntime(await sqliteDatabase().create(), { LLM_BASE_URL: fake.baseUrl, LLM_MODEL: 'gpt-4o-mini', LLM_API_KEY: fake.apiKey, QUIET_HOURS: 'off' });
    try {
      // The model is asked twice for a message the rules cannot place: what it means (it agrees: out of scope), then the answer.
      const asked = (body: ChatRequest) => JSON.stringify(body.tool_choice ?? body.response_format ?? '');
      const understood: FakeAnswer = { kind: 'json', value: { intent: 'out_of_scope', district: [], education: null, platform: null, keyword: null } };
      let answerNext: FakeAnswer = notKnown();
      fake.otherwise = (body) => (asked(body).includes('understanding') ? understood : answerNext);
      const someone = person(runtime);
      const start = await someone.say('mau cari kerja');
      expect(start).toContain('kecamatan');
      answerNext = says('BKK (Bursa Kerja Khusus) adalah unit penyaluran kerja di SMK yang terdaftar di Disnaker.', ['faq:bkk-apa']);
      const answer = await someone.say('oh iya, bkk itu apa sih?');
      expect(answer).toContain('Bursa Kerja Khusus');
      expect(answer).toMatch(/lanjut/i);
      // The question about the search is still there.
      expect(await someone.say('lanjut')).toContain('kecamatan');
      // "Not in my data" from the model is not said as an answer: the dialogue's own repair offers a way on.
      answerNext = notKnown();
      const unknown = await someone.say('bkk di smk negeri 1 cikarang buka jam berapa?');
      expect(unknown).not.toContain('Bursa Kerja Khusus');
      expect(unknown).toContain('1.');
    } finally {
      await runtime.close();
    }
  });
});
