// `pasker start`: runs the bot. With no channel settings it opens a chat in
// this terminal, so anyone can try Pasker on a laptop without accounts.

import readline from 'node:readline';
import { replyText } from '../app/conversations.ts';
import { createRuntime } from '../app/runtime.ts';
import { startSchedule } from '../app/schedule.ts';
import type { Config } from '../config.ts';
import { createLogger } from '../log.ts';

export async function start(config: Config): Promise<number> {
  const log = createLogger(config.LOG_LEVEL);
  const runtime = await createRuntime(config, log);
  const vacancies = (await runtime.catalog.current()).size;
  // performance.now() counts from the start of the process.
  log.info('ready', { msSinceProcessStart: Math.round(performance.now()), vacancies, database: config.DATABASE_URL.split(':')[0] });

  const stopSchedule = startSchedule(runtime, log);
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, prompt: 'Anda> ' });
  process.stdout.write(`\nPasker siap (${vacancies} lowongan). Ketik pesan seperti di WhatsApp, misalnya "halo". Ctrl+D untuk keluar.\n\n`);
  rl.prompt();
  for await (const line of rl) {
    if (line.trim()) {
      const replies = await runtime.conversations.handle({ channel: 'terminal', userId: 'local', text: line });
      process.stdout.write(`\n${replies.map((r) => indent(replyText(r))).join('\n\n')}\n\n`);
    }
    rl.prompt();
  }
  await stopSchedule();
  await runtime.close();
  return 0;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n')
    .replace(/^ {2}/, 'Pasker> ');
}
