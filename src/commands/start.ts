// `pasker start`: runs the bot with every channel whose settings are set,
// and the staff console on PORT. With no channel, it opens a chat in this
// terminal beside the console, so anyone can try Pasker on a laptop without
// accounts or tokens.

import readline from 'node:readline';
import { startService } from '../app/service.ts';
import { renderText } from '../channels/render-text.ts';
import type { Config } from '../config.ts';
import { createLogger } from '../log.ts';
import { untilStopped } from './signals.ts';

export async function start(config: Config): Promise<number> {
  const log = createLogger(config.LOG_LEVEL);
  const service = await startService(config, log);
  const vacancies = (await service.runtime.catalog.current()).size;
  // performance.now() counts from the start of the process.
  log.info('ready', { msSinceProcessStart: Math.round(performance.now()), vacancies, database: config.DATABASE_URL.split(':')[0], channels: service.channels.map((c) => c.provider) });

  if (service.channels.length) {
    await untilStopped();
    log.info('stopping');
    await service.stop();
    return 0;
  }

  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, prompt: 'Anda> ' });
  const consoleUrl = service.url ? `${service.url.replace('0.0.0.0', 'localhost')}/admin` : null;
  process.stdout.write(`\nPasker siap (${vacancies} lowongan). Ketik pesan seperti di WhatsApp, misalnya "halo". Ctrl+D untuk keluar.\n`);
  if (consoleUrl) process.stdout.write(`Konsol petugas: ${consoleUrl} (akun pertama: pasker staff add NAMA --role admin)\n`);
  process.stdout.write('\n');
  rl.prompt();
  for await (const line of rl) {
    if (line.trim()) {
      const replies = await service.runtime.conversations.handle({ channel: 'terminal', userId: 'local', text: line });
      process.stdout.write(`\n${replies.map((r) => indent(renderText(r))).join('\n\n')}\n\n`);
    }
    rl.prompt();
  }
  await service.stop();
  return 0;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n')
    .replace(/^ {2}/, 'Pasker> ');
}
