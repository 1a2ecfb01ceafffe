// `pasker chat`: one user message per input line, the bot's replies printed
// after it. Format (README, "Trying it"): the message echoed after "> ",
// then each reply as the text a WhatsApp user would see, a blank line
// between replies. With --json: one JSON object per message.

import readline from 'node:readline';
import { renderText } from '../channels/render-text.ts';
import { createRuntime } from '../app/runtime.ts';
import { checkServices } from '../app/startup-checks.ts';
import type { Config } from '../config.ts';
import { createLogger } from '../log.ts';

export async function chat(config: Config, { user, json }: { user: string; json: boolean }): Promise<number> {
  // A reader that stops early (`| head`) is not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  const log = createLogger('warn', undefined, config.LOG_FILE);
  await checkServices(config, log, { channels: false });
  const runtime = await createRuntime(config, log);
  try {
    const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
    for await (const line of lines) {
      if (!line.trim()) continue;
      const replies = await runtime.conversations.handle({ channel: 'terminal', userId: user, text: line });
      if (json) process.stdout.write(`${JSON.stringify({ in: line, replies })}\n`);
      else process.stdout.write(`> ${line}\n${replies.map(renderText).join('\n\n')}\n\n`);
    }
  } finally {
    await runtime.close();
  }
  return 0;
}
