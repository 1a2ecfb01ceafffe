// A bot process killed with -9 between saving a turn and sending its reply.
// Two real `pasker start` processes share one database behind the signed
// WhatsApp Cloud webhook; the loopback Meta holds the reply's request open,
// the process that sent it is killed, and Meta's side (which posts a webhook
// again until some process answers 200, as Meta does) moves on to the
// other process. The person must still get the reply, once.

import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { FakeGraph, inboundText, postWebhook } from './fakes/graph-api.ts';
import { testDatabases } from './support/databases.ts';
import { freePort } from './support/redis.ts';

const SECRET = 'crash-app-secret';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Bot {
  url: string;
  process: ChildProcess;
}

async function startBot(databaseUrl: string, graph: FakeGraph): Promise<Bot> {
  const port = await freePort();
  const child = spawn(process.execPath, ['bin/pasker.js', 'start'], {
    env: {
      ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), LOG_LEVEL: 'error', DATA_DIR: 'data/test-cache', LOAD_SAMPLE_DATA: '0', QUIET_HOURS: 'off', WEB_CONSOLE: '0',
      WHATSAPP_CLOUD_TOKEN: graph.token, WHATSAPP_PHONE_NUMBER_ID: graph.phoneNumberId, WHATSAPP_APP_SECRET: SECRET, WHATSAPP_VERIFY_TOKEN: 'v', WHATSAPP_CLOUD_API_ROOT: graph.apiRoot,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if ((await fetch(`${url}/healthz`).catch(() => null))?.status === 200) return { url, process: child };
    if (child.exitCode !== null) throw new Error('the bot did not start');
    await sleep(200);
  }
}

async function stop(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill(signal);
  await exited;
}

/** Meta's side: posts the message to the first process, then to the next one, until one answers 200. */
async function metaSends(bots: Bot[], graph: FakeGraph, from: string, text: string, id?: string): Promise<void> {
  const body = inboundText(graph.phoneNumberId, from, text, id);
  for (let i = 0; ; i++) {
    const res = await postWebhook(`${bots[i % bots.length]!.url}/webhooks/whatsapp`, body, SECRET).catch(() => null);
    if (res?.status === 200) return;
    await sleep(100);
  }
}

const cloudText = (m: { type: string; body: Record<string, unknown> }) => (m.type === 'text' ? (m.body.text as { body: string }).body : JSON.stringify(m.body.interactive));

describe.each(testDatabases())('a bot process killed while sending a reply, on $name', (db) => {
  afterAll(() => db.dropAll());

  it('leaves the reply to the process that gets Meta\'s retry: the person is answered exactly once', async () => {
    const graph = await new FakeGraph().start();
    const url = await db.create();
    const first = await startBot(url, graph);
    const second = await startBot(url, graph);
    const phone = '6281390000001';
    try {
      await metaSends([first], graph, phone, 'halo');
      const welcomed = graph.messagesTo(phone).length;
      expect(welcomed).toBeGreaterThan(0);

      // The reply to "77" is on its way to Meta when its process dies.
      const held = graph.holdNextTo(phone);
      const delivered = metaSends([first, second], graph, phone, '77');
      await held;
      await stop(first.process, 'SIGKILL');
      await delivered;

      const answers = () => graph.messagesTo(phone).slice(welcomed).map(cloudText).filter((t) => /pilihan 77 tidak ada/i.test(t));
      for (let waited = 0; answers().length === 0 && waited < 20_000; waited += 50) await sleep(50);
      await sleep(500);
      expect(answers()).toHaveLength(1);

      // The same message delivered once more (Meta repeats itself) is not answered again.
      const again = graph.messagesTo(phone).length;
      await metaSends([second], graph, phone, '78');
      const lastId = `wamid.repeat-${phone}`;
      await metaSends([second], graph, phone, '79', lastId);
      await metaSends([second], graph, phone, '79', lastId);
      await sleep(300);
      expect(graph.messagesTo(phone).slice(again).map(cloudText).filter((t) => /pilihan 79 tidak ada/i.test(t))).toHaveLength(1);
    } finally {
      await stop(first.process, 'SIGKILL');
      await stop(second.process);
      await graph.stop();
    }
  });
});
