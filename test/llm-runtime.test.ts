// The model path in a running Pasker: off (and LangChain never loaded) when
// LLM_* are unset; on, a person's unsure message is understood with the
// model's help, and /healthz counts the calls.

import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer } from '../src/app/http.ts';
import { loadConfig } from '../src/config.ts';
import { FakeOpenAI } from './fakes/openai.ts';
import { sqliteDatabase, tempDir } from './support/databases.ts';
import { person, startRuntime } from './support/runtime.ts';

const db = sqliteDatabase();
let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await new FakeOpenAI().start();
});
afterAll(async () => {
  await fake.stop();
  await db.dropAll();
});

// The rules read this unsure (classifier score about 0.35, not the office); it is about the office.
const UNSURE = 'sy udh muter2 di pemda ga nemu ruangannya';
// A generous budget where the fake answers at once: the first call may wait for LangChain to load.
const llmEnv = () => ({ LLM_BASE_URL: fake.baseUrl, LLM_MODEL: 'gpt-4o-mini', LLM_API_KEY: fake.apiKey, LLM_UNDERSTAND_TIMEOUT_MS: '20000' });

// Runs `pasker chat` with `input`, and says which LangChain modules the process loaded.
async function chat(input: string, env: Record<string, string>): Promise<{ stdout: string; langchain: string[] }> {
  const trace = path.join(tempDir(), 'imports.txt');
  const stdout = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', './test/support/trace-imports.mjs', 'bin/pasker.js', 'chat'], {
      env: { ...process.env, DATA_DIR: 'data/test-cache', DATABASE_URL: `file:${path.join(tempDir(), 'chat.db')}`, LOAD_SAMPLE_DATA: '0', TRACE_IMPORTS_FILE: trace, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', () => resolve(out));
    child.stdin.end(input);
  });
  return { stdout, langchain: fs.existsSync(trace) ? fs.readFileSync(trace, 'utf8').split('\n').filter(Boolean) : [] };
}

describe('with LLM_* unset', () => {
  it('has no assistant and no model counts, and the dialogue uses the rules alone', async () => {
    const runtime = await startRuntime(await db.create());
    try {
      expect(runtime.assistant).toBeNull();
      expect(runtime.llm).toBeNull();
      expect(await person(runtime).say(UNSURE)).not.toContain('Disnaker Kabupaten Bekasi ada di');
    } finally {
      await runtime.close();
    }
  });

  it('never loads LangChain (a chat runs without it), while with LLM_* set the same chat does', async () => {
    const off = await chat(`${UNSURE}\n`, {});
    expect(off.stdout).toContain('Pasker');
    expect(off.langchain).toEqual([]);

    fake.reset();
    fake.answer({ kind: 'json', value: { intent: 'office_info', district: [], education: null, platform: null, keyword: null } });
    // LangChain's tracing and verbose mode stay off even when the environment asks for them.
    const on = await chat(`${UNSURE}\n`, { ...llmEnv(), LANGSMITH_TRACING: 'true', LANGCHAIN_VERBOSE: 'true' });
    expect(on.langchain.length).toBeGreaterThan(0);
    expect(fake.received).toHaveLength(1);
    expect(on.stdout).toContain('kompleks Pemkab Bekasi');
    expect(on.stdout).not.toContain('[llm/start]');
  });

  it('refuses half a setting, naming what is missing', () => {
    expect(() => loadConfig({ LLM_BASE_URL: fake.baseUrl })).toThrow(/LLM_MODEL: is needed too[\s\S]*LLM_API_KEY: is needed too/);
    expect(() => loadConfig({ ...llmEnv(), LLM_BASE_URL: 'localhost:11434' })).toThrow(/LLM_BASE_URL: must be the http\(s\):\/\/ address/);
    expect(() => loadConfig({ ...llmEnv(), LLM_DAILY_CALLS: 'many' })).toThrow(/LLM_DAILY_CALLS/);
  });
});

describe('with LLM_* set', () => {
  it('understands an unsure message with the model and answers it; /healthz shows the calls', async () => {
    fake.reset();
    fake.answer({ kind: 'json', value: { intent: 'office_info', district: [], education: null, platform: null, keyword: null } });
    const runtime = await startRuntime(await db.create(), llmEnv());
    try {
      expect(runtime.assistant).not.toBeNull();
      const reply = await person(runtime).say(UNSURE);
      expect(reply).toContain('kompleks Pemkab Bekasi');
      // "stop" never reaches the model, and still stops.
      expect(await person(runtime).say('stop')).not.toBe('');
      expect(fake.received).toHaveLength(1);

      const http = createHttpServer([], { llm: runtime.llm });
      const health = (await http.inject({ method: 'GET', url: '/healthz' })).json() as { status: string; llm: { model: string; today: { calls: number }; outcomes: { understand: { ok: number } }; tokens: { prompt: number } } };
      await http.close();
      expect(health.status).toBe('ok');
      expect(health.llm).toMatchObject({ model: 'gpt-4o-mini', today: { calls: 1 }, outcomes: { understand: { ok: 1 } } });
      expect(health.llm.tokens.prompt).toBe(fake.usages[0]!.prompt_tokens);
      expect(JSON.stringify(health)).not.toContain(fake.apiKey);

      // The assistant the dialogue will call: an invented fee never comes back.
      fake.answer({ kind: 'json', value: { known: true, answer: 'Biayanya Rp 25.000 ya Kak, bayar di loket 3.', used: ['faq:ak1-biaya'] } });
      const answer = await runtime.assistant!.answer('bikin kartu kuning bayar berapa?');
      expect(answer).toEqual({ text: runtime.content.faq.notKnown, sources: [] });
    } finally {
      await runtime.close();
    }
  });

  it('answers the person as without the model when the model server is down', async () => {
    // Nothing listens on port 1: the connection is refused.
    const runtime = await startRuntime(await db.create(), { ...llmEnv(), LLM_BASE_URL: 'http://127.0.0.1:1/v1' });
    const plain = await startRuntime(await db.create());
    try {
      expect(await person(runtime).say(UNSURE)).toBe(await person(plain).say(UNSURE));
      expect(runtime.llm!.health().outcomes.understand.error).toBe(1);
    } finally {
      await runtime.close();
      await plain.close();
    }
  });
});
