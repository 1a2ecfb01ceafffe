// Runs every conversation script in test/conversations/ against a real
// runtime (see test/conversations/README.md for the script format).

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSampleVacancies } from '../src/app/vacancy-files.ts';
import type { Runtime } from '../src/app/runtime.ts';
import { testDatabases } from './support/databases.ts';
import { person, startRuntime } from './support/runtime.ts';

const DIR = 'test/conversations';
const scripts = fs.readdirSync(DIR).filter((f) => f.endsWith('.chat')).sort();

interface Step {
  line: number;
  say: string;
  expect: Array<{ line: number; text: string; present: boolean }>;
}

function parse(file: string): { title: string; steps: Step[] } {
  const lines = fs.readFileSync(path.join(DIR, file), 'utf8').split('\n');
  let title = file;
  const steps: Step[] = [];
  lines.forEach((raw, i) => {
    const line = raw.trimEnd();
    if (line.startsWith('# ') && title === file) title = line.slice(2);
    else if (line.startsWith('> ')) steps.push({ line: i + 1, say: line.slice(2), expect: [] });
    else if (line.startsWith('<! ')) steps.at(-1)!.expect.push({ line: i + 1, text: line.slice(3), present: false });
    else if (line.startsWith('< ')) steps.at(-1)!.expect.push({ line: i + 1, text: line.slice(2), present: true });
  });
  return { title, steps };
}

for (const database of testDatabases()) {
  describe(`conversations (${database.name})`, () => {
    let runtime: Runtime;
    beforeAll(async () => {
      runtime = await startRuntime(await database.create());
      await loadSampleVacancies(runtime.db, { region: runtime.content.region, timeZone: 'Asia/Jakarta', file: 'test/fixtures/vacancies.csv' });
      runtime.catalog.invalidate();
    });
    afterAll(async () => {
      await runtime?.close();
      await database.dropAll();
    });

    for (const file of scripts) {
      const { title, steps } = parse(file);
      it(`${title} (${file})`, async () => {
        const someone = person(runtime);
        for (const step of steps) {
          const answer = await someone.say(step.say);
          for (const e of step.expect) {
            const where = `${file}:${e.line} after "> ${step.say}"`;
            if (e.present) expect(answer, where).toContain(e.text);
            else expect(answer, where).not.toContain(e.text);
          }
        }
      });
    }
  });
}
