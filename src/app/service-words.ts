// The few sentences the service says around the dialogue (a message too
// long to read, a fault that kept the bot from answering), from
// flows/service.yaml, checked at start-up like the message catalogue.

import fs from 'node:fs';
import { LineCounter, isMap, isScalar, parseDocument } from 'yaml';
import { ContentError } from '../core/messages.ts';

// Every sentence and the placeholders it may use.
const SPEC = { too_long: ['max'], unavailable: [] } as const satisfies Record<string, readonly string[]>;

export type ServiceWordKey = keyof typeof SPEC;

export interface ServiceWords {
  t<K extends ServiceWordKey>(key: K, vars?: Partial<Record<(typeof SPEC)[K][number], string | number>>): string;
}

/** Reads and checks flows/service.yaml; a problem names the file and line. */
export function loadServiceWords(file = 'flows/service.yaml'): ServiceWords {
  const lines = new LineCounter();
  const doc = parseDocument(fs.readFileSync(file, 'utf8'), { lineCounter: lines });
  const problems = doc.errors.map((e) => ({ file, line: lines.linePos(e.pos[0]).line, problem: e.message.split('\n')[0]! }));
  const words = new Map<string, string>();
  if (!problems.length && isMap(doc.contents)) {
    for (const pair of doc.contents.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      const line = isScalar(pair.key) && pair.key.range ? lines.linePos(pair.key.range[0]).line : 1;
      const value = isScalar(pair.value) ? pair.value.value : null;
      if (!(key in SPEC)) problems.push({ file, line, problem: `"${key}" is not a sentence the bot uses (a typo?)` });
      else if (typeof value !== 'string' || !value.trim()) problems.push({ file, line, problem: `"${key}" must be a non-empty text` });
      else {
        const allowed: readonly string[] = SPEC[key as ServiceWordKey];
        for (const [, name] of value.matchAll(/\{(\w+)\}/g)) {
          if (!allowed.includes(name!)) problems.push({ file, line, problem: `"${key}" uses {${name}}, which it cannot fill (it may use: ${allowed.map((a) => `{${a}}`).join(' ') || 'none'})` });
        }
        words.set(key, value);
      }
    }
  }
  for (const key of Object.keys(SPEC)) if (!problems.length && !words.has(key)) problems.push({ file, line: 1, problem: `"${key}" is missing` });
  if (problems.length) throw new ContentError(problems);
  return {
    t: (key, vars) => words.get(key)!.replace(/\{(\w+)\}/g, (whole, name: string) => (vars && name in vars ? String((vars as Record<string, string | number>)[name]) : whole)),
  };
}
