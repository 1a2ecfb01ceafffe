// The learning loop: a question the bot could not answer becomes an answer
// staff wrote (flows/staff-answers.yaml, until the FAQ file exists) or a
// training example for understanding (nlu/corpus/<intent>.txt), marked as
// added by staff so a reviewer of the corpus can tell it from the rest.

import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { INTENTS } from '../nlu/types.ts';

export interface LearningFiles {
  /** nlu/corpus: one file per intent. */
  corpusDir: string;
  /** Where answers staff write go (a YAML list of question/answer). */
  answersFile: string;
}

export const DEFAULT_LEARNING_FILES: LearningFiles = { corpusDir: 'nlu/corpus', answersFile: 'flows/staff-answers.yaml' };

/** The intents a question can be taught as. */
export function teachableIntents(): readonly string[] {
  return INTENTS;
}

// Markers stand where secrets were; they are no words a person would type.
const oneLine = (text: string) => text.replace(/\[(NIK|sandi|kode) dihapus\]/g, ' ').replace(/\s+/g, ' ').trim();

/** Appends a training example to the intent's corpus file; the model retrains at the next start. */
export function addCorpusExample(files: LearningFiles, intent: string, text: string, by: string, now: Date): void {
  if (!(INTENTS as readonly string[]).includes(intent)) throw new Error(`unknown intent ${intent}`);
  const line = oneLine(text);
  if (!line || line.startsWith('#')) throw new Error('an example needs words');
  const file = path.join(files.corpusDir, `${intent}.txt`);
  const before = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const gap = before && !before.endsWith('\n') ? '\n' : '';
  fs.appendFileSync(file, `${gap}# ditambahkan petugas lewat konsol (${by}, ${now.toISOString().slice(0, 10)})\n${line}\n`);
}

/** Appends a question and the answer staff wrote to the answers file. */
export function addStaffAnswer(files: LearningFiles, question: string, answer: string, by: string, now: Date): void {
  const entry = stringify([{ question: oneLine(question), answer: answer.trim(), by, at: now.toISOString().slice(0, 10) }], { lineWidth: 0 });
  if (!fs.existsSync(files.answersFile)) {
    fs.mkdirSync(path.dirname(files.answersFile), { recursive: true });
    fs.writeFileSync(files.answersFile, '# Answers staff wrote in the console to questions the bot could not answer.\n# Not yet read by the bot: a developer moves them into the FAQ.\n');
  }
  fs.appendFileSync(files.answersFile, entry);
}
