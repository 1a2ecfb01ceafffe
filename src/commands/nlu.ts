// `npm run -s nlu`: messages in (one per line), meanings out (one JSON line
// each), as ../shared/nlu-contract.md specifies, with what the dialogue also
// reads: the score, who decided (`source`: rule, classifier or context), the
// likeliest intents (`alternatives`), explicit stop / erase words, a second
// request (`also`) and the pending question answered (`answers`).
//
// The context the dialogue passes (src/core/dialogue.ts understandingContext)
// is given with `--context '{"pending":"education"}'` for every line, or per
// line: a line that is a JSON object `{"text": "...", "context": {...}}`.

import readline from 'node:readline';
import { z } from 'zod';
import { loadContent } from '../app/content.ts';
import type { Config } from '../config.ts';
import { InputError } from '../errors.ts';
import { PENDING_KINDS, PLATFORMS, type UnderstandContext } from '../nlu/types.ts';
import { Understander } from '../nlu/understand.ts';
import { checkDataDir } from '../app/startup-checks.ts';

const contextSchema = z.strictObject({
  pending: z.enum(PENDING_KINDS).nullable().optional(),
  options: z.array(z.string()).optional(),
  topic: z.enum(PLATFORMS).nullable().optional(),
});
const lineSchema = z.strictObject({ text: z.string(), context: contextSchema.optional() });

/** Reads `--context` (or a line's `context`), naming what is wrong. */
export function parseContext(json: string, where: string): UnderstandContext {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new InputError(`${where}: not JSON (e.g. '{"pending":"education"}')`);
  }
  const parsed = contextSchema.safeParse(value);
  if (!parsed.success) throw new InputError(`${where}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'context'}: ${i.message}`).join('; ')}`);
  return parsed.data as UnderstandContext;
}

export async function nlu(config: Config, options: { context?: string } = {}): Promise<number> {
  checkDataDir(config.DATA_DIR);
  const shared = options.context ? parseContext(options.context, '--context') : {};
  const content = await loadContent(config);
  const understander = await Understander.create(content.nlu, { cacheDir: config.DATA_DIR });
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) {
    n++;
    let text = line;
    let context = shared;
    if (line.trimStart().startsWith('{')) {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        value = null;
      }
      const parsed = lineSchema.safeParse(value);
      if (!parsed.success) throw new InputError(`line ${n}: a line starting with "{" must be {"text": "...", "context": {...}}`);
      text = parsed.data.text;
      context = parsed.data.context ? parseContext(JSON.stringify(parsed.data.context), `line ${n}`) : shared;
    }
    const u = await understander.understand(text, context);
    const out = {
      text,
      intent: u.intent,
      entities: u.entities,
      score: Math.round(u.score * 1000) / 1000,
      source: u.source,
      alternatives: u.alternatives.map((a) => ({ intent: a.intent, score: Math.round(a.score * 1000) / 1000 })),
      explicit: u.explicit,
      also: u.also,
      answers: u.answers ?? null,
    };
    process.stdout.write(`${JSON.stringify(out)}\n`);
  }
  return 0;
}
