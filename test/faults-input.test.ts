// Odd and hostile input at the door: a message of a megabyte, one at
// WhatsApp's 65,536-character maximum, a NUL byte, an update delivered
// twice, a malformed update, a status callback whose id is not an id. The
// bot answers each sensibly, tells nothing of its insides, and keeps
// answering everyone else.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { telegramSecret } from '../src/app/channels.ts';
import type { Service } from '../src/app/service.ts';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/log.ts';
import { FakeGraph, inboundText, postWebhook, statusUpdate } from './fakes/graph-api.ts';
import { FakeTelegram } from './fakes/telegram-bot-api.ts';
import { FakeWhatsAppWeb } from './fakes/whatsapp-web.ts';
import { POSTGRES_URL, postgresDatabase, sqliteDatabase, tempDir, type TestDatabase } from './support/databases.ts';
import { startTestService } from './support/service.ts';

const SECRET = 'input-app-secret';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await sleep(5);
  }
}

const cloudText = (m: { type: string; body: Record<string, unknown> }) => (m.type === 'text' ? (m.body.text as { body: string }).body : JSON.stringify(m.body.interactive));

const databases: TestDatabase[] = POSTGRES_URL ? [sqliteDatabase(), postgresDatabase()] : [sqliteDatabase()];

for (const database of databases) {
  describe(`at the door, on the WhatsApp Cloud API (${database.name})`, () => {
    let graph: FakeGraph;
    let service: Service;
    const logs: string[] = [];
    beforeAll(async () => {
      graph = await new FakeGraph().start();
      service = await startTestService(
        await database.create(),
        { WHATSAPP_CLOUD_TOKEN: graph.token, WHATSAPP_PHONE_NUMBER_ID: graph.phoneNumberId, WHATSAPP_APP_SECRET: SECRET, WHATSAPP_VERIFY_TOKEN: 'v', WHATSAPP_CLOUD_API_ROOT: graph.apiRoot, LOG_LEVEL: 'debug' },
        { log: createLogger('debug', (l) => logs.push(l)) },
      );
    });
    afterAll(async () => {
      await service.stop();
      await graph.stop();
      await database.dropAll();
    });

    it('five 1 MB messages get a polite answer, and another person is answered meanwhile within a second', async () => {
      const huge = 'x'.repeat(1024 * 1024);
      const posted = Array.from({ length: 5 }, (_, i) => postWebhook(`${service.url}/webhooks/whatsapp`, inboundText(graph.phoneNumberId, `628134000000${i}`, huge), SECRET));
      // Someone else writes while the five are on their way.
      const started = Date.now();
      expect((await postWebhook(`${service.url}/webhooks/whatsapp`, inboundText(graph.phoneNumberId, '6281340000099', 'halo'), SECRET)).status).toBe(200);
      await until(() => graph.messagesTo('6281340000099').length >= 1);
      const waited = Date.now() - started;
      expect((await Promise.all(posted)).map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
      for (let i = 0; i < 5; i++) {
        await until(() => graph.messagesTo(`628134000000${i}`).length >= 1);
        expect(cloudText(graph.messagesTo(`628134000000${i}`)[0]!)).toContain('pesannya terlalu panjang');
      }
      // A generous bound, not a speed test: before, one such message held every chat for minutes.
      expect(waited).toBeLessThan(1_000);
      expect(logs.join('\n')).not.toContain('x'.repeat(3000));
      // Nothing of it was stored.
      expect(await service.runtime.db.messageLog.count({ where: { text: { contains: 'xxxxxxxx' } } })).toBe(0);
    });

    it('a NUL byte and other invisible control characters are removed, and the message is answered', async () => {
      const res = await postWebhook(`${service.url}/webhooks/whatsapp`, inboundText(graph.phoneNumberId, '6281340000100', 'ha\u0000lo\u0007\u202E'), SECRET);
      expect(res.status).toBe(200);
      await until(() => graph.messagesTo('6281340000100').length >= 2);
      expect(cloudText(graph.messagesTo('6281340000100')[0]!)).toContain('Saya Pasker, bot');
      const stored = await service.runtime.db.messageLog.findFirst({ where: { direction: 'in', contact: { externalId: '6281340000100' } } });
      expect(stored?.text).toBe('halo');
    });

    it('a body over Meta’s 3 MB is refused before it is read or its signature checked', async () => {
      const big = JSON.stringify(inboundText(graph.phoneNumberId, '6281340000101', 'y'.repeat(4 * 1024 * 1024)));
      const tooBig = await fetch(`${service.url}/webhooks/whatsapp`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': 'sha256=00' }, body: big });
      expect(tooBig.status).toBe(413);
      expect(await tooBig.text()).not.toMatch(/stack|at [A-Za-z]+ \(/);
    });

    it('a status callback whose id is an object is ignored: nobody else’s message is marked failed', async () => {
      await postWebhook(`${service.url}/webhooks/whatsapp`, inboundText(graph.phoneNumberId, '6281340000102', 'menu'), SECRET);
      await until(async () => (await service.runtime.db.outbox.count({ where: { recipient: '6281340000102', status: 'sent' } })) >= 1);
      const forged = statusUpdate(graph.phoneNumberId, 'x', 'failed', '6281340000103') as { entry: Array<{ changes: Array<{ value: { statuses: Array<Record<string, unknown>> } }> }> };
      forged.entry[0]!.changes[0]!.value.statuses[0]!.id = { not: 'nothing-has-this-id' };
      expect((await postWebhook(`${service.url}/webhooks/whatsapp`, forged, SECRET)).status).toBe(200);
      await sleep(200);
      expect(await service.runtime.db.outbox.count({ where: { status: 'failed' } })).toBe(0);
    });

    it('a body that is not Meta’s shape is refused with 400, saying nothing of the server', async () => {
      const res = await postWebhook(`${service.url}/webhooks/whatsapp`, { object: 'whatsapp_business_account', entry: 'not a list' }, SECRET);
      expect(res.status).toBe(400);
      expect(await res.text()).toBe('{"error":"unexpected body"}');
    });
  });
}

describe('at the door, on Telegram (webhook)', () => {
  const db = sqliteDatabase();
  let fake: FakeTelegram;
  let service: Service;
  let secret: string;
  let nextUpdate = 500_000;
  const post = (update: unknown, raw?: string) =>
    fetch(`${service.url}/webhooks/telegram`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret }, body: raw ?? JSON.stringify(update) });
  const textUpdate = (chatId: number, text: string, updateId = nextUpdate++, chatType = 'private', fromId = chatId) => ({
    update_id: updateId,
    message: { message_id: updateId, date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: chatType }, from: { id: fromId, is_bot: false, first_name: 'U' }, text },
  });
  beforeAll(async () => {
    fake = await new FakeTelegram().start();
    service = await startTestService(await db.create(), { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, TELEGRAM_WEBHOOK_URL: 'https://bot.example.invalid/webhooks/telegram' });
    secret = telegramSecret(loadConfig({ TELEGRAM_BOT_TOKEN: fake.token }));
  });
  afterAll(async () => {
    await service.stop();
    await fake.stop();
    await db.dropAll();
  });

  it('an update delivered twice is answered once', async () => {
    const update = textUpdate(7001, 'halo');
    expect((await post(update)).status).toBe(200);
    expect((await post(update)).status).toBe(200);
    await until(() => fake.messagesTo(7001).length >= 2);
    await sleep(300);
    expect(fake.messagesTo(7001).length).toBe(2);
  });

  it('a malformed update is refused with 400 and no internal error text', async () => {
    for (const body of [{ update_id: 'abc' }, { update_id: 1, message: { chat: 'x' } }, { update_id: 2, message: { message_id: 1, date: 1, chat: { id: { $gt: 0 }, type: 'private' }, text: 'halo' } }]) {
      const res = await post(body);
      expect(res.status).toBe(400);
      expect(await res.text()).toBe('{"ok":false,"error":"not an update"}');
    }
    const broken = await post(null, '{"update_id": 3, "message": {');
    expect(broken.status).toBe(400);
    expect(await broken.text()).not.toMatch(/Unexpected|JSON|position|stack/i);
    const tooBig = await post(textUpdate(7002, 'z'.repeat(300 * 1024)));
    expect(tooBig.status).toBe(413);
  });

  it('a group is never answered, and its members share nothing', async () => {
    expect((await post(textUpdate(-100123456, 'halo', undefined, 'supergroup', 7003))).status).toBe(200);
    expect((await post(textUpdate(-4567, 'menu', undefined, 'group', 7004))).status).toBe(200);
    await sleep(300);
    expect(fake.messagesTo(-100123456)).toEqual([]);
    expect(fake.messagesTo(-4567)).toEqual([]);
    expect(await service.runtime.db.contact.count({ where: { externalId: { in: ['-100123456', '-4567'] } } })).toBe(0);
  });
});

describe('at the door, on WhatsApp Web', () => {
  it('a message at WhatsApp’s 65,536-character maximum gets the polite answer; the next one is read as usual', async () => {
    const world = new FakeWhatsAppWeb();
    world.sessionSaved = true;
    const db = sqliteDatabase();
    const service = await startTestService(await db.create(), { WHATSAPP_WEB: '1', WHATSAPP_WEB_DATA: `${tempDir()}/wa` }, { whatsAppWebClient: world.factory });
    try {
      await until(() => service.channels[0]!.health().state === 'ready');
      world.current.receive('6281350000001@c.us', 'https://'.concat('a'.repeat(65_528)));
      await world.waitForSent(1);
      expect(world.sent[0]!.content).toContain('pesannya terlalu panjang');
      world.current.receive('6281350000001@c.us', 'halo');
      await world.waitForSent(3);
      expect(world.sent[1]!.content).toContain('Saya Pasker, bot');
    } finally {
      await service.stop();
      await db.dropAll();
    }
  });
});
