// `pasker broadcast send --text TEXT [--to SEGMENT] [--yes] [--by NAME]`
// shows how many people it reaches, asks for confirmation, sends it with
// progress, and records it. `pasker broadcast status ID | cancel ID | list`.

import readline from 'node:readline/promises';
import os from 'node:os';
import { askApproval, broadcastProgress, cancelBroadcast, countSegment, draftBroadcast, parseSegment, startBroadcast } from '../app/broadcast.ts';
import { getSetting } from '../web/settings.ts';
import { buildChannels } from '../app/channels.ts';
import { Delivery } from '../app/delivery.ts';
import { workerOptions } from '../app/delivery-runner.ts';
import { OutboxWorker } from '../app/outbox-worker.ts';
import { sharedRateLimiter } from '../app/rate-limit.ts';
import { createRuntime } from '../app/runtime.ts';
import type { Config } from '../config.ts';
import { openRaw } from '../db/raw.ts';
import { createLogger, type Logger } from '../log.ts';
import type { Runtime } from '../app/runtime.ts';
import { checkServices } from '../app/startup-checks.ts';
import type { RawDb } from '../db/raw.ts';
import { EXIT, InputError } from '../errors.ts';

async function withRuntime<T>(config: Config, fn: (runtime: Runtime, raw: RawDb, log: Logger) => Promise<T>, channels = false): Promise<T> {
  const log = createLogger('warn', undefined, config.LOG_FILE);
  await checkServices(config, log, { channels });
  const runtime = await createRuntime({ ...config, LOAD_SAMPLE_DATA: false }, log);
  const raw = openRaw(config.DATABASE_URL);
  try {
    return await fn(runtime, raw, log);
  } finally {
    await raw.close();
    await runtime.close();
  }
}

export async function broadcastStatus(config: Config, id: number): Promise<number> {
  return withRuntime(config, async (runtime) => {
    const p = await broadcastProgress(runtime.db, id);
    if (!p) throw new InputError(`no broadcast #${id}; "pasker broadcast list" shows the latest ones`);
    process.stdout.write(`${JSON.stringify(p)}\n`);
    return EXIT.ok;
  });
}

export async function broadcastCancel(config: Config, id: number): Promise<number> {
  return withRuntime(config, async (runtime) => {
    if (!(await broadcastProgress(runtime.db, id))) throw new InputError(`no broadcast #${id}; "pasker broadcast list" shows the latest ones`);
    process.stdout.write(`broadcast #${id}: ${await cancelBroadcast(runtime.db, id)} messages cancelled\n`);
    process.stdout.write(`${JSON.stringify(await broadcastProgress(runtime.db, id))}\n`);
    return EXIT.ok;
  });
}

export async function broadcastList(config: Config): Promise<number> {
  return withRuntime(config, async (runtime) => {
    const list = await runtime.db.broadcast.findMany({ orderBy: { id: 'desc' }, take: 20 });
    if (!list.length) process.stdout.write('no broadcast yet\n');
    for (const b of list) process.stdout.write(`#${b.id} ${b.createdAt.toISOString()} ${b.status} to ${b.total} by ${b.createdBy}: ${b.text.slice(0, 60)}\n`);
    return EXIT.ok;
  });
}

export interface SendOptions {
  text: string;
  to: string;
  yes: boolean;
  by: string | null;
  queueOnly: boolean;
}

export async function broadcastSend(config: Config, options: SendOptions): Promise<number> {
  const sendsHere = !config.REDIS_URL && !options.queueOnly;
  return withRuntime(
    config,
    async (runtime, raw, log) => {
      const { text } = options;
      const segment = parseSegment(options.to, runtime.content.region);
      if ('error' in segment) throw new InputError(`--to: ${segment.error}`);
      const count = await countSegment(runtime.db, segment);
      process.stdout.write(`This goes to ${count.total} people (Telegram ${count.telegram}, WhatsApp ${count.whatsapp}):\n  ${text}\n`);
      if (!count.total) return EXIT.ok;
      if (!options.yes) {
        const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
        const answer = (await rl.question('Send it? Type "ya" to send: ')).trim().toLowerCase();
        rl.close();
        if (answer !== 'ya' && answer !== 'yes') {
          process.stdout.write('not sent\n');
          return EXIT.failed;
        }
      }
      const draft = await draftBroadcast(runtime.db, { text, segment, createdBy: `cli:${options.by ?? os.userInfo().username}` });
      // The office asked for a second person's approval (console setting): the draft waits for a reviewer there.
      if ((await getSetting(runtime.db, 'broadcast_approval')) === '1') {
        await askApproval(runtime.db, draft.id);
        process.stdout.write(`broadcast #${draft.id} waits for a reviewer's approval in the console (/admin/broadcasts/${draft.id})\n`);
        return EXIT.ok;
      }
      const queued = await startBroadcast(runtime.db, raw, draft.id, new Date());
      process.stdout.write(`broadcast #${draft.id}: ${queued} messages queued\n`);
      if (!sendsHere) {
        process.stdout.write(`the workers send them; see progress with: pasker broadcast status ${draft.id}\n`);
        return EXIT.ok;
      }
      // Send here, with progress.
      const delivery = new Delivery(runtime.db, log);
      const channels = await buildChannels({ ...config, WHATSAPP_WEB: false }, runtime, delivery, log);
      const limiter = sharedRateLimiter(config, raw, log);
      const worker = new OutboxWorker(runtime, raw, channels, delivery, limiter, workerOptions(config), log);
      try {
        for (;;) {
          const n = await worker.runOnce();
          const p = (await broadcastProgress(runtime.db, draft.id))!;
          process.stdout.write(`  sent ${p.sent}/${p.total}, waiting ${p.pending}, failed ${p.failed + p.skipped}, cancelled ${p.cancelled}\n`);
          if (p.status !== 'sending' || n === 0) break;
        }
      } finally {
        await limiter.close();
      }
      return EXIT.ok;
    },
    sendsHere,
  );
}
