// Runs conversation scripts and prints each turn with its answer and the
// checks it failed: `npx tsx test/support/run-chat.ts test/conversations/d01.chat [...]`.
// For writing and reading scripts; the tests run the same scripts (test/conversations.test.ts).

import path from 'node:path';
import { parseScript, runScript } from './chat-script.ts';
import { sqliteDatabase } from './databases.ts';

const files = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const quiet = process.argv.includes('--quiet');
let turns = 0;
let passed = 0;
for (const file of files) {
  const script = parseScript(file);
  const results = await runScript(script, await sqliteDatabase().create(), { fixtures: 'test/fixtures/vacancies.csv' });
  let fileTurns = 0;
  let filePassed = 0;
  for (const r of results) {
    if (r.step.say === undefined && !r.answer) continue;
    fileTurns++;
    if (!r.failures.length) filePassed++;
    if (quiet && !r.failures.length) continue;
    process.stdout.write(`\n${r.step.turn ?? ''} > ${r.step.say ?? `@${r.step.action?.name}`}\n${r.answer.replace(/^/gm, '    ')}\n`);
    for (const f of r.failures) process.stdout.write(`  ✗ ${path.basename(file)}:${f.line} ${f.kind} ${f.text}\n`);
  }
  process.stdout.write(`== ${path.basename(file)}: ${filePassed}/${fileTurns} turns pass\n`);
  turns += fileTurns;
  passed += filePassed;
}
process.stdout.write(`== all: ${passed}/${turns} turns pass (${turns ? Math.round((100 * passed) / turns) : 0}%)\n`);
process.exit(0);
