// The linear model beside NLP.js (src/nlu/linear.ts): what a person would
// notice is that a word spelled in a way no example shows is still read, and
// that the same corpus always gives the same answers.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { features, LinearClassifier } from '../src/nlu/linear.ts';
import type { Intent } from '../src/nlu/types.ts';

const EXAMPLES: Array<{ intent: Intent; text: string }> = [
  { intent: 'search_vacancies', text: 'ada lowongan kerja' },
  { intent: 'search_vacancies', text: 'cari lowongan operator' },
  { intent: 'search_vacancies', text: 'lowongan gudang lokasi' },
  { intent: 'registration_help', text: 'cara daftar akun siapkerja' },
  { intent: 'registration_help', text: 'gimana daftar kartu kuning' },
  { intent: 'registration_help', text: 'lupa password akun' },
  { intent: 'office_info', text: 'alamat kantor disnaker' },
  { intent: 'office_info', text: 'jam buka kantor' },
];

describe('the linear model', () => {
  it('reads words spelled as no example spells them, by their letter groups', () => {
    const model = LinearClassifier.train(EXAMPLES);
    expect(model.classify('lowonganya')[0]?.intent).toBe('search_vacancies');
    expect(model.classify('pendaftaran akunnya')[0]?.intent).toBe('registration_help');
    expect(model.classify('kantornya dmn')[0]?.intent).toBe('office_info');
  });

  it('knows nothing of a text none of whose words or letter groups it has seen', () => {
    expect(LinearClassifier.train(EXAMPLES).classify('zz qq')).toEqual([]);
  });

  it('counts a feature once however often it comes, and places as one word', () => {
    expect(features('lokasi lokasi')).toEqual(['lokasi']);
    expect(features('kerja')).toEqual(['kerja', ' <ke', ' ker', ' erj', ' rja', ' ja>']);
  });

  it('trains the same model from the same examples, and a cached one reads exactly as a fresh one', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pasker-linear-'));
    try {
      const fresh = LinearClassifier.train(EXAMPLES);
      const first = LinearClassifier.create(EXAMPLES, { cacheDir: dir, name: 'test-linear' });
      expect(fs.readdirSync(dir).filter((f) => f.startsWith('test-linear-'))).toHaveLength(1);
      const loaded = LinearClassifier.create(EXAMPLES, { cacheDir: dir, name: 'test-linear' });
      for (const text of ['lowonganya', 'daftar', 'jam buka kantornya', 'lokasi']) {
        expect(first.classify(text)).toEqual(fresh.classify(text));
        expect(loaded.classify(text)).toEqual(fresh.classify(text));
      }
      // A damaged file is trained again, not trusted.
      const file = path.join(dir, fs.readdirSync(dir).find((f) => f.startsWith('test-linear-'))!);
      fs.writeFileSync(file, '{"labels":["x"],"features":[],"weights":[1],"bias":[]}');
      expect(LinearClassifier.create(EXAMPLES, { cacheDir: dir, name: 'test-linear' }).classify('lowonganya')).toEqual(fresh.classify('lowonganya'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
