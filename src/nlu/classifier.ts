// Intent classification with NLP.js (a neural classifier with an Indonesian
// stemmer), trained on the utterances in nlu/corpus/<intent>.txt. A trained
// model is cached under data/ and reused until the corpus or the word lists
// change, so start-up does not wait for training.

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { containerBootstrap } from '@nlpjs/core';
import { LangId } from '@nlpjs/lang-id';
import { Nlp } from '@nlpjs/nlp';
import { replaceCacheFile } from './cache-file.ts';
import { INTENTS, type Intent } from './types.ts';

export interface CorpusEntry {
  intent: Intent;
  text: string;
}

/** Reads nlu/corpus/<intent>.txt for every intent (one utterance per line, # comments). */
export function loadCorpus(dir = 'nlu/corpus'): CorpusEntry[] {
  const out: CorpusEntry[] = [];
  for (const intent of INTENTS) {
    const file = path.join(dir, `${intent}.txt`);
    if (!fs.existsSync(file)) throw new Error(`${file} is missing: every intent needs training utterances`);
    for (const line of fs.readFileSync(file, 'utf8').split(/\r?\n/)) {
      const text = line.trim();
      if (text && !text.startsWith('#')) out.push({ intent, text });
    }
  }
  return out;
}

export interface IntentScore {
  intent: Intent;
  score: number;
}

/** A trained classifier over prepared (normalised) text. */
export class IntentClassifier {
  private readonly settings: unknown;
  private constructor(private readonly nlp: Nlp) {
    this.settings = nlp.applySettings(undefined, nlp.settings.nlu);
  }

  /**
   * Trains on `examples` (already normalised), or loads the cached model in
   * `cacheDir` whose name is the hash of the examples and `salt`.
   */
  static async create(examples: Array<{ intent: Intent; text: string }>, options: { cacheDir?: string | null; salt?: string; name?: string } = {}): Promise<IntentClassifier> {
    // Each model has its own cache name, so one does not remove the other's file.
    const prefix = `${options.name ?? 'nlu-model'}-`;
    const container = await containerBootstrap();
    container.use(LangId);
    const nlp = new Nlp({ languages: ['id'], autoSave: false, autoLoad: false, nlu: { log: false }, container, forceNER: false });
    const hash = crypto.createHash('sha256').update(options.salt ?? '').update(JSON.stringify(examples)).digest('hex').slice(0, 16);
    const cacheFile = options.cacheDir ? path.join(options.cacheDir, `${prefix}${hash}.json`) : null;
    if (cacheFile && fs.existsSync(cacheFile)) {
      try {
        const model = JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as { nluManager: { extraSentences: unknown[] } };
        // Those sentences only teach the language guesser, which never runs (classify names the locale);
        // building its trigrams from them was a tenth of a start.
        model.nluManager.extraSentences = [];
        nlp.import(model);
        return new IntentClassifier(nlp);
      } catch {
        // A damaged cache is rebuilt below.
      }
    }
    for (const e of examples) if (e.text) nlp.addDocument('id', e.text, e.intent);
    await nlp.train();
    if (cacheFile) replaceCacheFile(cacheFile, prefix, nlp.export(true));
    return new IntentClassifier(nlp);
  }

  /** Intents ranked by score for prepared text; empty when nothing is recognised. */
  async classify(text: string): Promise<IntentScore[]> {
    // Only the classification step of `process` (no entities, answers or sentiment, which Pasker
    // does not use): the same classifications in half the time.
    const result = await this.nlp.nluManager.process({ locale: 'id', utterance: text, context: {}, settings: this.settings });
    return (result.classifications ?? [])
      .filter((c): c is IntentScore => (INTENTS as readonly string[]).includes(c.intent))
      .sort((a, b) => b.score - a.score);
  }
}
