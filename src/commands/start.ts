// `pasker start`: runs the bot with every channel whose settings are set,
// and the staff console on PORT. With no channel, it opens a chat in this
// terminal beside the console, so anyone can try Pasker on a laptop without
// accounts or tokens; its log then goes to a file (DATA_DIR/pasker.log, or
// LOG_FILE), never into the chat's screen, unless --verbose asks for it on
// standard error too.

import path from 'node:path';
import readline from 'node:readline';
import { startService } from '../app/service.ts';
import { checkServices } from '../app/startup-checks.ts';
import { renderText } from '../channels/render-text.ts';
import type { Config } from '../config.ts';
import { createLogger } from '../log.ts';
import { listenForStop, stopWithin, untilStopped } from './signals.ts';

/** True when no channel setting is set: `pasker start` opens the terminal chat. */
function terminalOnly(config: Config): boolean {
  return !config.TELEGRAM_BOT_TOKEN && !config.WHATSAPP_WEB && !config.WHATSAPP_CLOUD_TOKEN;
}

export async function start(config: Config, options: { verbose: boolean } = { verbose: false }): Promise<number> {
  const terminal = terminalOnly(config);
  const logFile = config.LOG_FILE ?? (terminal && !options.verbose ? path.join(config.DATA_DIR, 'pasker.log') : null);
  const log = createLogger(config.LOG_LEVEL, undefined, logFile);
  // With channels, signals are listened to before "ready" is logged, so one that comes at once still stops cleanly.
  const signals = terminal ? null : listenForStop();
  if (!terminal) process.stderr.write('pasker: checking the services the settings turn on...\n');
  await checkServices(config, log);
  const service = await startService(config, log);
  const vacancies = (await service.runtime.catalog.current()).size;
  // performance.now() counts from the start of the process.
  log.info('ready', { msSinceProcessStart: Math.round(performance.now()), vacancies, database: config.DATABASE_URL.split(':')[0], channels: service.channels.map((c) => c.provider) });

  if (service.channels.length) {
    await (signals ? signals.started() : untilStopped());
    log.info('stopping');
    await stopWithin(config.SHUTDOWN_TIMEOUT_SECONDS, () => service.stop(), log, () => service.abandon());
    return 0;
  }

  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, prompt: 'Anda> ' });
  // Ctrl+C ends the chat like Ctrl+D.
  rl.on('SIGINT', () => rl.close());
  const consoleUrl = service.url ? `${service.url.replace('0.0.0.0', 'localhost')}/admin` : null;
  if (logFile) process.stdout.write(`\n(log: ${logFile}; pasker start --verbose shows it here)`);
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
  await stopWithin(config.SHUTDOWN_TIMEOUT_SECONDS, () => service.stop(), log);
  return 0;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n')
    .replace(/^ {2}/, 'Pasker> ');
}
