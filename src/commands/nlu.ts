// `npm run -s nlu`: messages in (one per line), meanings out (one JSON line
// each), exactly as ../shared/nlu-contract.md specifies.

import readline from 'node:readline';
import { loadContent } from '../app/content.ts';
import type { Config } from '../config.ts';
import { Understander } from '../nlu/understand.ts';
import { checkDataDir } from '../app/startup-checks.ts';

export async function nlu(config: Config): Promise<number> {
  checkDataDir(config.DATA_DIR);
  const content = await loadContent(config);
  const understander = await Understander.create(content.nlu, { cacheDir: config.DATA_DIR });
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const text of lines) {
    const u = await understander.understand(text);
    process.stdout.write(`${JSON.stringify({ text, intent: u.intent, entities: u.entities })}\n`);
  }
  return 0;
}
