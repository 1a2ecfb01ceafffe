// `npm run eval:nlu -- FILE.jsonl`: how well Pasker understands a labelled set.

import fs from 'node:fs';
import { loadContent } from '../app/content.ts';
import type { Config } from '../config.ts';
import { score, type Labelled } from '../nlu/evaluate.ts';
import { Understander } from '../nlu/understand.ts';
import { InputError } from '../errors.ts';
import { userPath } from './paths.ts';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export async function evalNlu(config: Config, fileArg: string, options: { misses: boolean }): Promise<number> {
  const file = userPath(fileArg);
  if (!fs.existsSync(file)) throw new InputError(`${fileArg}: no such file`);
  const items = fs.readFileSync(file, 'utf8').split(/\r?\n/).filter((l) => l.trim()).map((l) => JSON.parse(l) as Labelled);
  const content = await loadContent(config);
  const understander = await Understander.create(content.nlu, { cacheDir: config.DATA_DIR });
  const results = [];
  for (const expected of items) results.push({ expected, got: await understander.understand(expected.text) });
  const s = score(results);
  const out: string[] = [];
  out.push(`${file}: ${s.total} messages`);
  out.push(`intent accuracy      ${pct(s.intentAccuracy)}`);
  if (s.withEntities < s.total) out.push(`entities labelled in ${s.withEntities} of the ${s.total} messages${s.withEntities ? ': the scores below are over those' : ''}`);
  if (s.withEntities) {
    out.push(`district exact match ${pct(s.districtExact)}`);
    out.push(`education            ${pct(s.education)}`);
    out.push(`platform             ${pct(s.platform)}`);
    out.push(`keyword exact        ${pct(s.keywordExact)}   token F1 ${pct(s.keywordF1)}`);
  }
  out.push('', 'per intent (worst first):');
  for (const r of s.perIntent) out.push(`  ${r.intent.padEnd(18)} ${String(r.correct).padStart(4)}/${String(r.total).padEnd(4)} ${pct(r.correct / r.total)}`);
  out.push('', 'worst confusions (expected -> got):');
  // Example messages only with --misses: measuring a holdout must not show what it holds.
  for (const c of s.confusions.slice(0, 10)) out.push(`  ${c.expected} -> ${c.got}: ${c.count}${options.misses ? `  e.g. "${c.example}"` : ''}`);
  if (options.misses) {
    out.push('', 'misses:');
    for (const m of s.misses) out.push(`  [${m.field}] ${JSON.stringify(m.expected)} got ${JSON.stringify(m.got)}  ${m.text}`);
  }
  process.stdout.write(`${out.join('\n')}\n`);
  return 0;
}
