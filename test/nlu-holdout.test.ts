// The project's holdout (nlu/eval/holdout.jsonl, written by someone who had
// not seen the corpus; provenance in nlu/eval/README.md) must not get worse.
// The floors were set from its one evaluation, 2026-12-01, minus a small
// margin: intent 0.8725 (349 of 400), district 0.9925, education 0.995; 15 of
// the 362 lines that are neither a stop nor an erasure were read as one (all
// of them hold a stop or erase word). After the merge with main: 0.87 and 16.
// 2026-12-02 (issue 12, its lines never seen): 0.905, floor raised to 0.89.
// 2026-12-04 (NLP.js with a linear model over letter groups, chosen on the
// development sets; its lines never seen): 0.953, floor raised to 0.945.
// Never add its messages to the corpus.

import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadContent } from '../src/app/content.ts';
import { loadConfig } from '../src/config.ts';
import { score, type Labelled } from '../src/nlu/evaluate.ts';
import type { Understanding } from '../src/nlu/types.ts';
import { Understander } from '../src/nlu/understand.ts';

const FLOOR = { intent: 0.945, district: 0.985, education: 0.985 };
const MAX_READ_AS_DESTRUCTIVE = 17;

let results: Array<{ expected: Labelled; got: Understanding }>;
beforeAll(async () => {
  const content = await loadContent(loadConfig({ DATA_DIR: 'data/test-cache' }));
  const nlu = await Understander.create(content.nlu, { cacheDir: 'data/test-cache' });
  const items = fs.readFileSync('nlu/eval/holdout.jsonl', 'utf8').split(/\r?\n/).filter((l) => l.trim()).map((l) => JSON.parse(l) as Labelled);
  results = [];
  for (const expected of items) results.push({ expected, got: await nlu.understand(expected.text) });
});

describe('the holdout', () => {
  it('has its 400 labelled messages', () => {
    expect(results).toHaveLength(400);
  });

  it(`intent accuracy stays at or above ${FLOOR.intent}, district ${FLOOR.district}, education ${FLOOR.education}`, () => {
    const s = score(results);
    expect(s.intentAccuracy).toBeGreaterThanOrEqual(FLOOR.intent);
    expect(s.districtExact).toBeGreaterThanOrEqual(FLOOR.district);
    expect(s.education).toBeGreaterThanOrEqual(FLOOR.education);
  });

  it(`reads at most ${MAX_READ_AS_DESTRUCTIVE} messages that are neither a stop nor an erasure as one`, () => {
    const destructive = (i: string) => i === 'unsubscribe' || i === 'delete_my_data';
    const wrong = results.filter((r) => !destructive(r.expected.intent) && destructive(r.got.intent));
    expect(wrong.length).toBeLessThanOrEqual(MAX_READ_AS_DESTRUCTIVE);
  });
});
