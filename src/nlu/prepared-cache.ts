// The training corpus as the classifier sees it (each utterance normalised,
// its places and jobs found) is a third of start-up to prepare. It is kept in
// the cache folder beside the trained models, under a hash of everything the
// preparation reads: the word lists, region and corpus, and the source of the
// understanding and domain code, so that editing either prepares it afresh.

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { replaceCacheFile } from './cache-file.ts';
import type { Intent } from './types.ts';

export type PreparedExamples = Array<{ intent: Intent; text: string }>;

const PREFIX = 'nlu-prepared-';
// The code the preparation runs: these folders' sources (src/nlu, src/domain).
const CODE_DIRS = ['.', '../domain'].map((d) => fileURLToPath(new URL(d, import.meta.url)));

/** A hash of `resources` and of the preparation's code; null when the sources cannot be read. */
export function preparationKey(resources: unknown, salt: string): string | null {
  const hash = crypto.createHash('sha256').update(salt);
  try {
    for (const dir of CODE_DIRS) {
      for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.ts')).sort()) hash.update(name).update(fs.readFileSync(path.join(dir, name)));
    }
  } catch {
    return null;
  }
  feed(hash, resources);
  return hash.digest('hex').slice(0, 16);
}

/** The examples prepared under `key`, or null when they were not kept (or the file is damaged). */
export function readPrepared(cacheDir: string, key: string): PreparedExamples | null {
  try {
    const examples: unknown = JSON.parse(fs.readFileSync(path.join(cacheDir, `${PREFIX}${key}.json`), 'utf8'));
    return Array.isArray(examples) && examples.every((e) => typeof e?.intent === 'string' && typeof e?.text === 'string') ? (examples as PreparedExamples) : null;
  } catch {
    return null;
  }
}

/** Keeps the examples prepared under `key`, replacing those of other keys. */
export function writePrepared(cacheDir: string, key: string, examples: PreparedExamples): void {
  const file = path.join(cacheDir, `${PREFIX}${key}.json`);
  try {
    replaceCacheFile(file, PREFIX, JSON.stringify(examples));
  } catch {
    // Only a cache: the next start prepares the examples again.
  }
}

// Feeds a value's content to the hash: Maps, Sets, arrays and objects (class instances by their fields) in order.
function feed(hash: crypto.Hash, value: unknown): void {
  if (value === null || typeof value !== 'object') {
    hash.update(`${typeof value}:${String(value)};`);
    return;
  }
  if (value instanceof Map) {
    hash.update('M');
    for (const [k, v] of value) {
      feed(hash, k);
      feed(hash, v);
    }
  } else if (value instanceof Set || Array.isArray(value)) {
    hash.update('A');
    for (const v of value) feed(hash, v);
  } else if (value instanceof RegExp) {
    hash.update(`R${value.source}/${value.flags}`);
  } else {
    hash.update('O');
    for (const [k, v] of Object.entries(value)) {
      hash.update(k);
      feed(hash, v);
    }
  }
  hash.update(';');
}
