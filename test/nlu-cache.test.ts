// The prepared training corpus kept beside the trained models: a start that
// reads it understands exactly as one that prepared the corpus itself, and a
// change to the corpus is never answered from the old one.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContent, type Content } from '../src/app/content.ts';
import { loadConfig } from '../src/config.ts';
import { Understander } from '../src/nlu/understand.ts';

const MESSAGES = ['halo min', 'ada loker operator di cikbar lulusan smk?', 'stop', 'cara bikin ak1 gmn', 'makasih kak'];
let content: Content;
let dir: string;
beforeAll(async () => {
  content = await loadContent(loadConfig({ DATA_DIR: 'data/test-cache' }));
  // The trained models are copied in, so that only the preparation is new to this folder.
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pasker-nlu-cache-'));
  await Understander.create(content.nlu, { cacheDir: 'data/test-cache' });
  for (const name of fs.readdirSync('data/test-cache')) if (/^nlu-(rest-)?model-/.test(name)) fs.copyFileSync(path.join('data/test-cache', name), path.join(dir, name));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const prepared = () => fs.readdirSync(dir).filter((n) => n.startsWith('nlu-prepared-'));
const understandAll = async (nlu: Understander) => Promise.all(MESSAGES.map((m) => nlu.understand(m)));

describe('the prepared corpus kept between starts', () => {
  it('gives the same understanding as preparing it afresh', async () => {
    const fresh = await understandAll(await Understander.create(content.nlu, { cacheDir: null }));
    const first = await understandAll(await Understander.create(content.nlu, { cacheDir: dir }));
    expect(prepared()).toHaveLength(1);
    const again = await understandAll(await Understander.create(content.nlu, { cacheDir: dir }));
    expect(first).toEqual(fresh);
    expect(again).toEqual(fresh);
  });

  it('is prepared again when the corpus changes, and when its file is damaged', async () => {
    await Understander.create(content.nlu, { cacheDir: dir });
    const before = prepared();
    const changed = { ...content.nlu, corpus: [...content.nlu.corpus, { intent: 'greeting' as const, text: 'sampurasun akang' }] };
    await Understander.create(changed, { cacheDir: dir });
    expect(prepared()).not.toEqual(before);
    expect(prepared()).toHaveLength(1);
    fs.writeFileSync(path.join(dir, prepared()[0]!), '[{"intent":');
    const nlu = await Understander.create(content.nlu, { cacheDir: dir });
    expect((await nlu.understand('halo min')).intent).toBe('greeting');
  });
});
