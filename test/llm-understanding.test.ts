// Understanding with a language model when the rules are unsure, against a
// loopback OpenAI chat-completions server: what the model may change, what it
// never may, and that every failure leaves the rules' answer.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadContent, type Content } from '../src/app/content.ts';
import { llmSettings, loadConfig } from '../src/config.ts';
import { createModelPath, type ModelPath } from '../src/llm/model-path.ts';
import { createLogger } from '../src/log.ts';
import { Understander } from '../src/nlu/understand.ts';
import { FakeOpenAI } from './fakes/openai.ts';

const CACHE = 'data/test-cache';
let content: Content;
let rules: Understander;
let fake: FakeOpenAI;
let logs: Array<Record<string, unknown>>;

beforeAll(async () => {
  content = await loadContent(loadConfig({ DATA_DIR: CACHE }));
  rules = await Understander.create(content.nlu, { cacheDir: CACHE });
  fake = await new FakeOpenAI().start();
  // LangChain is loaded on the first call; loaded here, so the small test budgets measure the call only.
  await Promise.all([import('@langchain/openai'), import('@langchain/core/messages')]);
});
afterAll(() => fake.stop());
beforeEach(() => {
  fake.reset();
  logs = [];
});

function modelPath(settings: Record<string, string> = {}): ModelPath {
  const config = loadConfig({ LLM_BASE_URL: fake.baseUrl, LLM_MODEL: 'gpt-4o-mini', LLM_API_KEY: fake.apiKey, LLM_UNDERSTAND_TIMEOUT_MS: '400', ...settings });
  const log = createLogger('debug', (line) => logs.push(JSON.parse(line) as Record<string, unknown>));
  return createModelPath(llmSettings(config)!, content, rules, log);
}

const understanding = (fields: Record<string, unknown>) => ({ kind: 'json' as const, value: { intent: 'out_of_scope', district: [], education: null, platform: null, keyword: null, ...fields } });
// The rules read this unsure (classifier score about 0.35, not the office); it is about the office.
const UNSURE = 'kmrn sy ke pemda tp tutup';
// The same, and as unsure, but not the same question (for the cache).
const unsure = (n: number) => `${UNSURE} ${'x'.repeat(n)}`;

describe('when the rules are unsure', () => {
  it('takes the intent from a valid function-call answer, says the model decided, and keeps the rules\' safety flags', async () => {
    const before = await rules.understand(UNSURE);
    expect(before.source).toBe('classifier');
    expect(before.intent).not.toBe('office_info');
    fake.answer(understanding({ intent: 'office_info' }));
    const u = await modelPath().understander.understand(UNSURE);
    expect(u.intent).toBe('office_info');
    expect(u.source).toBe('model');
    expect(u.byRule).toBe(false);
    expect(u.explicit).toEqual({ stop: false, erase: false });
    expect(u.alternatives[0]!.intent).toBe('office_info');
    expect(u.alternatives.map((a) => a.intent)).toContain(before.intent);
    const sent = fake.received[0]!.body;
    expect(sent.tool_choice).toEqual({ type: 'function', function: { name: 'understanding' } });
    expect(sent.tools![0]!.function.parameters).toMatchObject({ properties: { intent: { enum: expect.not.arrayContaining(['unsubscribe', 'delete_my_data']) } } });
    expect(logs.find((l) => l.msg === 'llm understand')).toMatchObject({ outcome: 'ok', modelIntent: 'office_info', rulesIntent: before.intent });
  });

  it('works the same with a JSON-schema response format', async () => {
    fake.answer(understanding({ intent: 'office_info' }));
    const u = await modelPath({ LLM_STRUCTURED_OUTPUT: 'json_schema' }).understander.understand(UNSURE);
    expect(u.intent).toBe('office_info');
    const sent = fake.received[0]!.body;
    expect(sent.tools).toBeUndefined();
    expect(sent.response_format).toMatchObject({ type: 'json_schema', json_schema: { name: 'understanding', strict: true } });
  });

  it('asks about a lone kecamatan name said out of the blue, and takes the search with the place', async () => {
    fake.answer(understanding({ intent: 'search_vacancies', district: ['Cikarang Barat'] }));
    const u = await modelPath().understander.understand('cikbar');
    expect(u.intent).toBe('search_vacancies');
    expect(u.entities.district).toEqual(['Cikarang Barat']);
    expect(u.districtCodes).toEqual(['32.16.08']);
  });

  it('never takes a place, job or level the message does not name', async () => {
    fake.answer(understanding({ intent: 'search_vacancies', district: ['Setu'], keyword: 'satpam', education: 'SMK' }));
    const u = await modelPath().understander.understand(UNSURE);
    expect(u.intent).toBe('search_vacancies');
    expect(u.entities.district).toEqual([]);
    expect(u.entities.keyword).toBeNull();
    // "SMK" is no level of the contract (it is SMA): dropped, not fatal.
    expect(u.entities.education).toBeNull();
  });

  it('keeps the rules\' answer when the model too says out of scope', async () => {
    fake.answer(understanding({ intent: 'out_of_scope' }));
    const before = await rules.understand('siapa presiden sekarang?');
    const u = await modelPath().understander.understand('siapa presiden sekarang?');
    expect(fake.received).toHaveLength(1);
    expect(u).toEqual(before);
  });
});

describe('what a model can never decide', () => {
  it('ignores a model that answers unsubscribe or delete_my_data, or an intent that does not exist', async () => {
    const path = modelPath();
    const before = await rules.understand(UNSURE);
    for (const intent of ['unsubscribe', 'delete_my_data', 'book_flight']) {
      fake.answer(understanding({ intent }));
      const u = await path.understander.understand(unsure(intent.length));
      expect(u.intent, intent).toBe(before.intent);
      expect(u.source, intent).toBe('classifier');
      expect(u.explicit, intent).toEqual({ stop: false, erase: false });
    }
    expect(fake.received).toHaveLength(3);
    expect(path.health().outcomes.understand.invalid).toBe(3);
  });

  it('is not asked when the rules are sure, a fixed rule decided, or the message answers the pending question', async () => {
    const path = modelPath();
    fake.otherwise = () => understanding({ intent: 'feedback' });
    const cases: Array<[string, Parameters<Understander['understand']>[1]]> = [
      ['stop', {}],
      ['menu', {}],
      ['2', {}],
      ['cari loker di cikbar', {}],
      ['hapus data saya', {}],
      ['cikbar', { pending: 'district' }],
      ['lulusan sma', { pending: 'education' }],
      ['ya', { pending: 'erase_confirm' }],
      ['gatau deh', { pending: 'erase_confirm' }],
      ['tukang las', { pending: 'keyword' }],
      ['yang tambun utara', { pending: 'choice', options: ['Tambun Selatan', 'Tambun Utara'] }],
    ];
    for (const [text, context] of cases) {
      const u = await path.understander.understand(text, context);
      expect(u.source, text).not.toBe('model');
      expect(u).toEqual(await rules.understand(text, context));
    }
    expect(fake.received).toHaveLength(0);
  });
});

describe('falls back to the rules', () => {
  const cases: Array<[string, Parameters<FakeOpenAI['answer']>[0], string]> = [
    ['malformed JSON in the function arguments', { kind: 'malformed' }, 'invalid'],
    ['a plain-text answer without a function call', { kind: 'text', text: 'Maksudnya info kantor.' }, 'invalid'],
    ['a refusal', { kind: 'refusal' }, 'refused'],
    ['a 500', { kind: 'server_error' }, 'error'],
    ['a 429 with retry-after', { kind: 'rate_limit', retryAfterSeconds: 20 }, 'error'],
    ['no answer at all (time-out)', { kind: 'hang' }, 'timeout'],
  ];
  for (const [what, answer, outcome] of cases) {
    it(`on ${what}`, async () => {
      const path = modelPath({ LLM_UNDERSTAND_TIMEOUT_MS: '150' });
      fake.answer(answer);
      const u = await path.understander.understand(UNSURE);
      expect(u).toEqual(await rules.understand(UNSURE));
      expect(fake.received).toHaveLength(1);
      expect(path.health().outcomes.understand[outcome as 'ok']).toBe(1);
      expect(logs.find((l) => l.msg === 'llm understand')).toMatchObject({ outcome });
    });
  }

  it('on a wrong API key', async () => {
    const path = modelPath({ LLM_API_KEY: 'sk-wrong' });
    const u = await path.understander.understand(UNSURE);
    expect(u.source).toBe('classifier');
    expect(logs.find((l) => l.msg === 'llm understand')).toMatchObject({ outcome: 'error', detail: expect.stringContaining('401') });
  });

  it('and stops calling while a 429 asks to wait', async () => {
    const path = modelPath();
    fake.answer({ kind: 'rate_limit', retryAfterSeconds: 30 }, understanding({ intent: 'office_info' }));
    await path.understander.understand(UNSURE);
    const u = await path.understander.understand(unsure(1));
    expect(u.source).toBe('classifier');
    expect(fake.received).toHaveLength(1);
    expect(path.health().outcomes.understand.paused).toBe(1);
    expect(path.health().pausedUntil).not.toBeNull();
  });

  it('and rests after three failures in a row', async () => {
    const path = modelPath({ LLM_UNDERSTAND_TIMEOUT_MS: '100' });
    fake.answer({ kind: 'server_error' }, { kind: 'hang' }, { kind: 'server_error' }, understanding({ intent: 'office_info' }));
    for (let i = 0; i < 4; i++) expect((await path.understander.understand(unsure(i + 1))).source).toBe('classifier');
    expect(fake.received).toHaveLength(3);
    expect(path.health().outcomes.understand).toMatchObject({ error: 2, timeout: 1, paused: 1 });
  });

  it('once the day\'s calls (LLM_DAILY_CALLS) are spent', async () => {
    const path = modelPath({ LLM_DAILY_CALLS: '2' });
    fake.otherwise = () => understanding({ intent: 'office_info' });
    const results = [];
    for (const n of [1, 2, 3]) results.push((await path.understander.understand(unsure(n))).source);
    expect(results).toEqual(['model', 'model', 'classifier']);
    expect(fake.received).toHaveLength(2);
    expect(path.health().today).toMatchObject({ calls: 2, limit: 2 });
    expect(path.health().outcomes.understand.budget).toBe(1);
  });
});

describe('what is sent', () => {
  it('never the person\'s name, number, e-mail or NIK', async () => {
    fake.answer(understanding({ intent: 'job_fair' }));
    const path = modelPath();
    const text = 'nama saya Budi Santoso, wa 0812-3456-7890, email budi.santoso@gmail.com, NIK 3216012345678901, sy udh muter2 di pemda ga nemu ruangannya';
    await path.understander.understand(text);
    const sent = fake.everythingReceived();
    expect(fake.received).toHaveLength(1);
    for (const secret of ['Budi', 'Santoso', '0812', '3456-7890', '81234567890', 'budi.santoso', 'gmail', '3216012345678901']) expect(sent).not.toContain(secret);
    expect(sent).toContain('muter2 di pemda ga nemu ruangannya');
    expect(fake.received[0]!.authorization).toBe(`Bearer ${fake.apiKey}`);
  });

  it('once for the same question asked twice', async () => {
    fake.answer(understanding({ intent: 'office_info' }));
    const path = modelPath();
    const first = await path.understander.understand(UNSURE);
    const second = await path.understander.understand(UNSURE.toUpperCase());
    expect(second).toEqual({ ...first, words: second.words });
    expect(fake.received).toHaveLength(1);
    expect(path.health().cached.understand).toBe(1);
  });
});
