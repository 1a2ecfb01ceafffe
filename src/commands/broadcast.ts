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
import { createLogger } from '../log.ts';

const flag = (args: string[], name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

export async function broadcast(config: Config, args: string[]): Promise<number> {
  const [action, id] = args;
  const log = createLogger('warn');
  const runtime = await createRuntime({ ...config, LOAD_SAMPLE_DATA: false }, log);
  const raw = openRaw(config.DATABASE_URL);
  try {
    if (action === 'status' || action === 'cancel') {
      if (!id) throw new Error(`usage: pasker broadcast ${action} ID`);
      if (action === 'cancel') process.stdout.write(`broadcast #${id}: ${await cancelBroadcast(runtime.db, Number(id))} messages cancelled\n`);
      const p = await broadcastProgress(runtime.db, Number(id));
      process.stdout.write(p ? `${JSON.stringify(p)}\n` : `no broadcast #${id}\n`);
      return p ? 0 : 1;
    }
    if (action === 'list') {
      for (const b of await runtime.db.broadcast.findMany({ orderBy: { id: 'desc' }, take: 20 })) {
        process.stdout.write(`#${b.id} ${b.createdAt.toISOString()} ${b.status} to ${b.total} by ${b.createdBy}: ${b.text.slice(0, 60)}\n`);
      }
      return 0;
    }
    if (action !== 'send') throw new Error('usage: pasker broadcast send --text TEXT [--to SEGMENT] [--yes] [--by NAME] | status ID | cancel ID | list');
    const text = flag(args, '--text')?.trim();
    if (!text) throw new Error('--text is needed');
    const segment = parseSegment(flag(args, '--to') ?? 'semua', runtime.content.region);
    if ('error' in segment) throw new Error(`--to: ${segment.error}`);
    const count = await countSegment(runtime.db, segment);
    process.stdout.write(`This goes to ${count.total} people (Telegram ${count.telegram}, WhatsApp ${count.whatsapp}):\n  ${text}\n`);
    if (!count.total) return 0;
    if (!args.includes('--yes')) {
      const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
      const answer = (await rl.question('Send it? Type "ya" to send: ')).trim().toLowerCase();
      rl.close();
      if (answer !== 'ya' && answer !== 'yes') {
        process.stdout.write('not sent\n');
        return 1;
      }
    }
    const draft = await draftBroadcast(runtime.db, { text, segment, createdBy: `cli:${flag(args, '--by') ?? os.userInfo().username}` });
    // The office asked for a second person's approval (console setting): the draft waits for a reviewer there.
    if ((await getSetting(runtime.db, 'broadcast_approval')) === '1') {
      await askApproval(runtime.db, draft.id);
      process.stdout.write(`broadcast #${draft.id} waits for a reviewer's approval in the console (/admin/broadcasts/${draft.id})\n`);
      return 0;
    }
    const queued = await startBroadcast(runtime.db, raw, draft.id, new Date());
    process.stdout.write(`broadcast #${draft.id}: ${queued} messages queued\n`);
    if (config.REDIS_URL || args.includes('--queue-only')) {
      process.stdout.write(`the workers send them; see progress with: pasker broadcast status ${draft.id}\n`);
      return 0;
    }
    // Send here, with progress.
    const delivery = new Delivery(runtime.db, log);
    const channels = await buildChannels({ ...config, WHATSAPP_WEB: false }, runtime, delivery, log);
    const limiter = sharedRateLimiter(config, raw, log);
    const worker = new OutboxWorker(runtime, raw, channels, delivery, limiter, workerOptions(config), log);
    for (;;) {
      const n = await worker.runOnce();
      const p = (await broadcastProgress(runtime.db, draft.id))!;
      process.stdout.write(`  sent ${p.sent}/${p.total}, waiting ${p.pending}, failed ${p.failed + p.skipped}, cancelled ${p.cancelled}\n`);
      if (p.status !== 'sending' || n === 0) break;
    }
    await limiter.close();
    return 0;
  } finally {
    await raw.close();
    await runtime.close();
  }
}
