// Groups of job words that mean the same thing ("sopir" = "driver"), loaded
// from nlu/lexicon/jobs.yaml and used by search and by understanding.

import fs from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { fold } from './text.ts';

const fileSchema = z.object({ groups: z.array(z.array(z.string().min(1)).min(1)) });

/** Job words and their synonyms; every phrase is stored folded (lower case, single spaces). */
export class JobWords {
  /** Every phrase with the group it belongs to. */
  private readonly groupOf = new Map<string, string[]>();
  private readonly sorted: string[];
  private readonly byFirstWord = new Map<string, string[][]>();

  constructor(groups: string[][]) {
    for (const group of groups) {
      const folded = group.map(fold);
      for (const phrase of folded) {
        const known = this.groupOf.get(phrase);
        this.groupOf.set(phrase, known ? [...new Set([...known, ...folded])] : folded);
      }
    }
    this.sorted = [...this.groupOf.keys()].sort((a, b) => b.split(' ').length - a.split(' ').length || b.length - a.length);
    for (const phrase of this.sorted) {
      const words = phrase.split(' ');
      const list = this.byFirstWord.get(words[0]!) ?? [];
      list.push(words);
      this.byFirstWord.set(words[0]!, list);
    }
  }

  /** All phrases, longest first. */
  phrases(): string[] {
    return this.sorted;
  }

  /** The phrases that start with `word`, as word lists, longest first. */
  startingWith(word: string): readonly string[][] {
    return this.byFirstWord.get(word) ?? [];
  }

  /** The phrase and its synonyms; just the phrase when it is not in any group. */
  synonyms(phrase: string): string[] {
    const key = fold(phrase);
    return this.groupOf.get(key) ?? [key];
  }

  /** True when the phrase is a known job word. */
  has(phrase: string): boolean {
    return this.groupOf.has(fold(phrase));
  }
}

/** Reads the job-word file (default nlu/lexicon/jobs.yaml). */
export function loadJobWords(path = 'nlu/lexicon/jobs.yaml'): JobWords {
  const data = fileSchema.parse(parseYaml(fs.readFileSync(path, 'utf8')));
  return new JobWords(data.groups);
}
