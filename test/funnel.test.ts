// Staff can see how many people started, reached and finished each guide step.

import { afterAll, describe, expect, it } from 'vitest';
import { runPasker } from './support/cli.ts';
import { testDatabases } from './support/databases.ts';
import { person, startRuntime } from './support/runtime.ts';

for (const database of testDatabases()) {
  describe(`guide funnel (${database.name})`, () => {
    afterAll(() => database.dropAll());

    it('counts starts, steps reached once per person, and finishes', async () => {
      const url = await database.create();
      const runtime = await startRuntime(url);
      try {
        // One person finishes the AK/1 guide, repeating a step on the way; another stops at step 2.
        const a = person(runtime);
        for (const t of ['cara bikin kartu kuning', '1', 'ulang', '0', '1', '1', '1']) await a.say(t);
        const b = person(runtime);
        for (const t of ['syarat kartu kuning apa aja', '1', '1']) await b.say(t);
        const rows = await runtime.db.guideFunnel.findMany({ where: { guide: 'ak1' } });
        const count = (event: string, step: number) => rows.filter((r) => r.event === event && r.step === step).reduce((n, r) => n + r.count, 0);
        expect(count('start', 0)).toBe(2);
        expect(count('reach', 1)).toBe(2);
        expect(count('reach', 2)).toBe(2);
        expect(count('reach', 3)).toBe(1);
        expect(count('finish', 3)).toBe(1);
      } finally {
        await runtime.close();
      }
      const printed = await runPasker(['funnel'], { env: { DATABASE_URL: url } });
      expect(printed.stdout).toMatch(/ak1\s+step {2}0 {2}start {2}2/);
      expect(printed.stdout).toMatch(/ak1\s+step {2}3 {2}finish 1/);
    });
  });
}
