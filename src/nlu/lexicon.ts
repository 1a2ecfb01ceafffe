// The word lists that language understanding reads from nlu/lexicon/:
// chat slang to standard words, and words that never name a job.

import fs from 'node:fs';
import path from 'node:path';

/** Slang, abbreviations and misspellings mapped to a standard form ("gk" -> "tidak"). */
export function loadSlang(dir = 'nlu/lexicon'): Map<string, string> {
  const file = path.join(dir, 'slang.tsv');
  const map = new Map<string, string>();
  if (!fs.existsSync(file)) return map;
  const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/);
  lines.forEach((line, i) => {
    if (i === 0 || !line.trim() || line.startsWith('#')) return;
    const [variant, standard] = line.split('\t');
    if (!variant || !standard) throw new Error(`${file}:${i + 1}: expected "variant<TAB>standard"`);
    map.set(variant.trim().toLowerCase(), standard.trim().toLowerCase());
  });
  return map;
}

/** One word per line, # comments. */
export function loadWordList(file: string): Set<string> {
  return new Set(
    fs
      .readFileSync(file, 'utf8')
      .split(/\r?\n/)
      .map((l) => l.trim().toLowerCase())
      .filter((l) => l && !l.startsWith('#')),
  );
}
