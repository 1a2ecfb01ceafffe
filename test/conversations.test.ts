// Runs every conversation script in test/conversations/ (see its README for
// the format) on a fresh database each, on SQLite and on PostgreSQL when
// TEST_DATABASE_URL is set: every answer must contain what the script says
// and nothing it forbids.

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseScript, runScript } from './support/chat-script.ts';
import { testDatabases } from './support/databases.ts';

const DIR = 'test/conversations';
const scripts = fs.readdirSync(DIR).filter((f) => f.endsWith('.chat')).sort();

for (const database of testDatabases()) {
  describe(`conversations (${database.name})`, () => {
    afterAll(() => database.dropAll());
    for (const file of scripts) {
      const script = parseScript(path.join(DIR, file));
      it(`${script.title} (${file})`, async () => {
        const results = await runScript(script, await database.create(), { fixtures: 'test/fixtures/vacancies.csv' });
        const failures = results.flatMap((r) => r.failures.map((f) => `${file}:${f.line} after "> ${r.step.say ?? `@${r.step.action?.name}`}": ${f.kind === 'has' || f.kind === 'match' ? 'expected' : 'must not have'} ${f.text}\n--- answer ---\n${r.answer}\n`));
        expect(failures, failures.join('\n')).toEqual([]);
      });
    }
  });
}
