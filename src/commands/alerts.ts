// `pasker alerts run`: plans the daily digest and immediate alerts now and
// sends them (for staff and tests); subscriptions made in the terminal chat
// are shown on this screen. `pasker alerts preview`: what each subscription
// would get now, without sending or recording anything. `pasker worker`: a
// process that only delivers the outbox.

import { ALERT_CHANNELS, planDigests, planImmediateAlerts, streamSubscriptions } from '../app/alerts.ts';
import { planServiceAlerts } from '../app/service-alerts.ts';
import { buildChannels } from '../app/channels.ts';
import { Delivery } from '../app/delivery.ts';
import { workerOptions } from '../app/delivery-runner.ts';
import { OutboxWorker } from '../app/outbox-worker.ts';
import { sharedRateLimiter } from '../app/rate-limit.ts';
import { createRuntime } from '../app/runtime.ts';
import { startWorker } from '../app/service.ts';
import { checkServices } from '../app/startup-checks.ts';
import { TerminalChannel } from '../channels/terminal/adapter.ts';
import { renderText } from '../channels/render-text.ts';
import type { Config } from '../config.ts';
import { alertReply, digestReply } from '../core/alerts.ts';
import { openRaw } from '../db/raw.ts';
import { matchSubscriptions, parseKecamatanColumn, subscriptionFilters } from '../domain/alerts.ts';
import { EXIT, InputError } from '../errors.ts';
import { createLogger } from '../log.ts';
import { listenForStop, stopWithin } from './signals.ts';

const WITH_TERMINAL = [...ALERT_CHANNELS, 'terminal'];

function commandLog(config: Config) {
  return createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL, undefined, config.LOG_FILE);
}

export async function alertsRun(config: Config, options: { planOnly: boolean }): Promise<number> {
  const log = commandLog(config);
  await checkServices(config, log, { channels: !options.planOnly && !config.REDIS_URL });
  const runtime = await createRuntime({ ...config, LOAD_SAMPLE_DATA: false }, log);
  const raw = openRaw(config.DATABASE_URL);
  try {
    const now = new Date();
    // Terminal subscriptions are planned only here, where they can be shown; a channel process would hold them forever.
    const channels = options.planOnly || config.REDIS_URL ? ALERT_CHANNELS : WITH_TERMINAL;
    const plan = await planDigests(runtime, raw, now, { channels });
    const immediate = await planImmediateAlerts(runtime, raw, now, { channels });
    process.stdout.write(`digest planned: ${plan.subscriptions} active subscriptions, ${plan.digests} with new vacancies, ${plan.queued} messages queued (${plan.ms} ms)\n`);
    process.stdout.write(`immediate alerts: ${immediate.subscriptions} active "at once" subscriptions, ${immediate.queued} messages queued\n`);
    const notices = await planServiceAlerts(runtime, raw, now, channels);
    process.stdout.write(`job fair and training notices: ${notices.wishes} active, ${notices.queued} messages queued\n`);
    if (options.planOnly || config.REDIS_URL) {
      if (config.REDIS_URL) process.stdout.write('REDIS_URL is set: the workers send them (terminal subscriptions are only shown without REDIS_URL)\n');
      return EXIT.ok;
    }
    const delivery = new Delivery(runtime.db, log);
    const sendOn = [...(await buildChannels({ ...config, WHATSAPP_WEB: false }, runtime, delivery, log)), new TerminalChannel()];
    const limiter = sharedRateLimiter(config, raw, log);
    const worker = new OutboxWorker(runtime, raw, sendOn, delivery, limiter, workerOptions(config), log);
    const sent = await worker.drain();
    await limiter.close();
    const waiting = await runtime.db.outbox.count({ where: { kind: { in: ['digest', 'alert'] }, status: 'pending' } });
    process.stdout.write(`\nsent or settled: ${sent}; still waiting (quiet hours ${config.QUIET_HOURS}, retries or no channel here): ${waiting}\n`);
    return EXIT.ok;
  } finally {
    await raw.close();
    await runtime.close();
  }
}

export async function alertsPreview(config: Config, options: { user: string | null }): Promise<number> {
  if (options.user && !/^(terminal|telegram|whatsapp):.+$/.test(options.user)) throw new InputError(`--user must be CHANNEL:ID, e.g. terminal:local or telegram:12345 (got "${options.user}")`);
  const log = commandLog(config);
  await checkServices(config, log, { channels: false });
  const runtime = await createRuntime({ ...config, LOAD_SAMPLE_DATA: false }, log);
  const raw = openRaw(config.DATABASE_URL);
  try {
    const now = new Date();
    const index = await runtime.catalog.current();
    const { region, messages } = runtime.content;
    let shown = 0;
    for (const immediate of [false, true]) {
      for await (const batch of streamSubscriptions(raw, 1000, immediate, WITH_TERMINAL)) {
        const rows = batch.filter((r) => !options.user || `${r.channel}:${r.externalId}` === options.user);
        const subs = rows.map((r) => ({ id: r.id, contactId: r.contactId, kecamatan: parseKecamatanColumn(r.kecamatan), educationRank: Number(r.educationRank), keyword: r.keyword, sinceMs: r.lastDigestAt instanceof Date ? r.lastDigestAt.getTime() : Date.parse(r.lastDigestAt) }));
        const plans = new Map([...matchSubscriptions(subs, index, now, now.getTime())].map((p) => [p.subscription.id, p]));
        for (const [i, r] of rows.entries()) {
          shown++;
          const plan = plans.get(r.id);
          const since = new Date(subs[i]!.sinceMs).toISOString().slice(0, 16).replace('T', ' ');
          process.stdout.write(`\n=== ${r.channel}:${r.externalId} (${immediate ? 'at once' : 'daily'}; new since ${since} UTC) ===\n`);
          if (!plan) {
            process.stdout.write('nothing new for this subscription\n');
            continue;
          }
          const reply =
            immediate && plan.total === 1
              ? alertReply(plan.ids[0]!, subscriptionFilters(plan.subscription), index, region, messages)
              : digestReply({ ids: plan.ids, total: plan.total, filters: subscriptionFilters(plan.subscription) }, index, region, messages, now);
          process.stdout.write(`${reply ? renderText(reply) : 'nothing new for this subscription'}\n`);
        }
      }
    }
    if (!shown) process.stdout.write(options.user ? `${options.user} has no active subscription\n` : 'no active subscription\n');
    return EXIT.ok;
  } finally {
    await raw.close();
    await runtime.close();
  }
}

export async function worker(config: Config): Promise<number> {
  const log = createLogger(config.LOG_LEVEL, undefined, config.LOG_FILE);
  // Listening before "worker ready" is logged: a SIGTERM right after it stops cleanly instead of killing the process.
  const signals = listenForStop();
  await checkServices(config, log);
  const w = await startWorker(config, log);
  await signals.started();
  log.info('worker stopping');
  await stopWithin(config.SHUTDOWN_TIMEOUT_SECONDS, () => w.stop(), log, () => w.abandon());
  return EXIT.ok;
}
