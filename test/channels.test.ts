// WhatsApp and Telegram on one core, against loopback fakes that speak the
// real wire formats: a Telegram Bot API server, a Graph API server and a
// whatsapp-web.js stand-in.

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Service } from '../src/app/service.ts';
import { telegramSecret } from '../src/app/channels.ts';
import { loadConfig } from '../src/config.ts';
import { FakeGraph, inboundChoice, inboundText, postWebhook, statusUpdate } from './fakes/graph-api.ts';
import { FakeTelegram } from './fakes/telegram-bot-api.ts';
import { FakeWhatsAppWeb } from './fakes/whatsapp-web.ts';
import { sqliteDatabase, tempDir } from './support/databases.ts';
import { startTestService } from './support/service.ts';

const db = sqliteDatabase();
afterAll(() => db.dropAll());

const htmlToText = (s: string) => s.replace(/<\/?b>/g, '*').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

async function until(check: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

// Resolves once `count()` has not changed for 300 ms.
async function settle(count: () => number): Promise<void> {
  let last = -1;
  while (count() !== last) {
    last = count();
    await new Promise((r) => setTimeout(r, 300));
  }
}

describe('Telegram (grammY, long polling)', () => {
  let fake: FakeTelegram;
  let service: Service;
  beforeAll(async () => {
    fake = await new FakeTelegram().start();
    service = await startTestService(await db.create(), { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot });
  });
  afterAll(async () => {
    await service.stop();
    await fake.stop();
  });

  it('answers /start with the welcome and the menu as buttons, and a button press answers its callback', async () => {
    fake.userSends(1001, '/start');
    await until(() => fake.messagesTo(1001).length >= 2);
    const [welcome, menu] = fake.messagesTo(1001);
    expect(welcome!.text).toContain('Saya Pasker, bot');
    expect(menu!.parseMode).toBe('HTML');
    expect(menu!.text).toContain('1. Cari lowongan kerja');
    expect(menu!.buttons.map((b) => b.data)).toEqual(['1', '2', '3', '4', '5']);
    expect(menu!.buttons[0]!.text).toBe('1. Cari lowongan kerja');

    fake.userPresses(1001, '1');
    await until(() => fake.messagesTo(1001).length >= 3);
    expect(fake.answeredCallbacks.length).toBe(1);
    expect(fake.messagesTo(1001)[2]!.text).toContain('kecamatan mana');
  });

  it('a photo is not opened: the person is asked to type and warned against sending KTP photos', async () => {
    fake.userSends(1005, 'halo');
    await until(() => fake.messagesTo(1005).length >= 2);
    fake.userSendsPhoto(1005);
    await until(() => fake.messagesTo(1005).length >= 3);
    expect(fake.messagesTo(1005)[2]!.text).toContain('saya hanya bisa membaca tulisan');
    expect(fake.messagesTo(1005)[2]!.text).toContain('Jangan kirim foto KTP');
  });

  it('/menu opens the menu and /stop is the stop command', async () => {
    fake.userSends(1002, '/menu');
    await until(() => fake.messagesTo(1002).length >= 2);
    expect(fake.messagesTo(1002).at(-1)!.text).toContain('Mau dibantu apa');
    fake.userSends(1002, '/stop');
    await until(() => fake.messagesTo(1002).length >= 3);
    expect(fake.messagesTo(1002).at(-1)!.text).toContain('tidak akan dapat kabar lowongan');
  });

  it('waits out a 429 with retry_after and still delivers the message', async () => {
    fake.failNext('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } }, { chatId: 1003 });
    fake.userSends(1003, 'menu');
    await until(() => fake.messagesTo(1003).length >= 2);
    expect(fake.messagesTo(1003)[0]!.text).toContain('Saya Pasker, bot');
    expect(fake.messagesTo(1003)[1]!.text).toContain('Mau dibantu apa');
    // The refused attempt and its retry as the fake received them (5 ms for timer rounding).
    const [refused, retried] = fake.attemptsTo(1003);
    expect(retried! - refused!).toBeGreaterThanOrEqual(1000 - 5);
  });

  it('marks a person who blocked the bot as gone, and reachable again when they write after unblocking', async () => {
    const contact = () => service.runtime.db.contact.findFirst({ where: { channel: 'telegram', externalId: '1004' } });
    fake.block(1004);
    fake.userSends(1004, 'halo');
    await until(async () => (await contact())?.goneAt != null);
    expect(fake.messagesTo(1004)).toEqual([]);
    fake.unblock(1004);
    fake.userSends(1004, 'menu');
    await until(() => fake.messagesTo(1004).length > 0);
    expect((await contact())?.goneAt).toBeNull();
  });

  it('200 chats sending 10 messages each at once: every chat gets its own replies, in order, none lost, none crossed', async () => {
    const places = service.runtime.content.region.kecamatan;
    const script = (i: number) => ['halo', 'menu', `loker di ${places[i % places.length]!.name}`, 'cara bikin kartu kuning', '1', '1', 'ulang', '0', 'kantor disnaker dimana', 'makasih'];
    const chats = Array.from({ length: 200 }, (_, i) => 5000 + i);
    const before = fake.sent.length;
    // All 2,000 messages are queued before the bot has answered any of them.
    for (let k = 0; k < 10; k++) for (const [i, chat] of chats.entries()) fake.userSends(chat, script(i)[k]!);
    // Replies per message: welcome+menu, menu, results or no-match, the guide's intro+step 1, step 2, step 3,
    // step 3 again, step 2, office with the way back to the guide, thanks.
    const expected = 2 + 1 + 1 + 2 + 1 + 1 + 1 + 1 + 1 + 1;
    await fake.waitForSent(before + chats.length * expected, 120_000);
    for (const [i, chat] of chats.entries()) {
      const got = fake.messagesTo(chat).map((m) => htmlToText(m.text));
      expect(got.length, `chat ${chat}`).toBe(expected);
      expect(got[0]).toContain('Saya Pasker, bot');
      expect(got[1]).toContain('Mau dibantu apa');
      expect(got[2]).toContain('Mau dibantu apa');
      expect(got[3]).toContain(places[i % places.length]!.name);
      expect(got[4]).toContain('Kartu kuning (AK/1)');
      expect(got[5]).toContain('Langkah 1 dari');
      expect(got[6]).toContain('Langkah 2 dari');
      expect(got[7]).toContain('Langkah 3 dari');
      expect(got[8]).toContain('Langkah 3 dari');
      expect(got[9]).toContain('Langkah 2 dari');
      expect(got[10]).toContain('Kantor Bupati');
      expect(got[10]).toContain('Lanjut: panduan Kartu kuning');
      expect(got[11]).toContain('Sama-sama');
    }
  });
});

describe('Telegram webhook mode', () => {
  it('accepts updates with the secret token and refuses one without it, changing nothing', async () => {
    const fake = await new FakeTelegram().start();
    const url = await db.create();
    // The webhook URL is where Telegram posts; the fake posts there itself.
    const service = await startTestService(url, { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, TELEGRAM_WEBHOOK_URL: 'https://bot.example.invalid/webhooks/telegram' });
    try {
      fake.webhook = { url: `${service.url}/webhooks/telegram`, secret: telegramSecret(loadConfig({ TELEGRAM_BOT_TOKEN: fake.token })) };
      fake.userSends(2001, 'halo');
      await until(() => fake.messagesTo(2001).length >= 2);

      const forged = await fetch(`${service.url}/webhooks/telegram`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ update_id: 99, message: { message_id: 1, date: 1, chat: { id: 2002, type: 'private' }, text: 'halo' } }) });
      expect(forged.status).toBe(401);
      const wrong = await fetch(`${service.url}/webhooks/telegram`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'guessed' }, body: JSON.stringify({ update_id: 100, message: { message_id: 1, date: 1, chat: { id: 2002, type: 'private' }, text: 'halo' } }) });
      expect(wrong.status).toBe(401);
      await new Promise((r) => setTimeout(r, 200));
      expect(fake.messagesTo(2002)).toEqual([]);
      expect(await service.runtime.db.contact.count({ where: { externalId: '2002' } })).toBe(0);
    } finally {
      await service.stop();
      await fake.stop();
    }
  });
});

describe('WhatsApp Cloud API', () => {
  let graph: FakeGraph;
  let service: Service;
  const secret = 'app-secret-for-tests';
  beforeAll(async () => {
    graph = await new FakeGraph().start();
    service = await startTestService(await db.create(), {
      WHATSAPP_CLOUD_TOKEN: graph.token, WHATSAPP_PHONE_NUMBER_ID: graph.phoneNumberId, WHATSAPP_APP_SECRET: secret, WHATSAPP_VERIFY_TOKEN: 'verify-me', WHATSAPP_CLOUD_API_ROOT: graph.apiRoot,
    });
  });
  afterAll(async () => {
    await service.stop();
    await graph.stop();
  });

  it('answers the GET verification handshake only with the right verify token', async () => {
    const ok = await fetch(`${service.url}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=12345`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('12345');
    const bad = await fetch(`${service.url}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=12345`);
    expect(bad.status).toBe(403);
  });

  it('refuses a forged or unsigned POST with 401, and nothing changes', async () => {
    const body = inboundText(graph.phoneNumberId, '6281200000001', 'halo');
    expect((await postWebhook(`${service.url}/webhooks/whatsapp`, body, null)).status).toBe(401);
    expect((await postWebhook(`${service.url}/webhooks/whatsapp`, body, 'not-the-secret')).status).toBe(401);
    expect((await postWebhook(`${service.url}/webhooks/whatsapp`, body, null, 'sha256=00')).status).toBe(401);
    await new Promise((r) => setTimeout(r, 200));
    expect(graph.messagesTo('6281200000001')).toEqual([]);
    expect(await service.runtime.db.contact.count({ where: { externalId: '6281200000001' } })).toBe(0);
  });

  it('renders choices as a list or buttons, reads the press, answers a repeated webhook once, and records status callbacks', async () => {
    const me = '6281200000002';
    const first = inboundText(graph.phoneNumberId, me, 'halo');
    expect((await postWebhook(`${service.url}/webhooks/whatsapp`, first, secret)).status).toBe(200);
    await graph.waitForSent(2);
    expect((await postWebhook(`${service.url}/webhooks/whatsapp`, first, secret)).status).toBe(200); // Meta retries sometimes
    const [welcome, menu] = graph.messagesTo(me);
    expect(welcome!.type).toBe('text');
    const list = menu!.body.interactive as { type: string; body: { text: string }; action: { sections: Array<{ rows: Array<{ id: string; title: string; description?: string }> }> } };
    expect(list.type).toBe('list');
    expect(list.action.sections[0]!.rows.map((r) => r.id)).toEqual(['1', '2', '3', '4', '5']);
    expect(list.action.sections[0]!.rows[1]!.description).toBe('Cara daftar SIAPkerja, Karirhub, kartu kuning');

    await postWebhook(`${service.url}/webhooks/whatsapp`, inboundText(graph.phoneNumberId, me, 'hapus data saya'), secret);
    await until(() => graph.messagesTo(me).length >= 3);
    const buttons = graph.messagesTo(me)[2]!.body.interactive as { type: string; action: { buttons: Array<{ reply: { id: string; title: string } }> } };
    expect(buttons.type).toBe('list'); // "1. Ya, hapus data saya" is longer than a button title may be
    await postWebhook(`${service.url}/webhooks/whatsapp`, inboundChoice(graph.phoneNumberId, me, '2'), secret);
    await until(() => graph.messagesTo(me).length >= 4);
    expect(JSON.stringify(graph.messagesTo(me)[3]!.body)).toContain('tidak dihapus');
    await new Promise((r) => setTimeout(r, 200));
    expect(graph.messagesTo(me).length).toBe(4); // the repeated "halo" was not answered again

    const sentId = graph.messagesTo(me)[3]!.id;
    for (const status of ['delivered', 'read']) await postWebhook(`${service.url}/webhooks/whatsapp`, statusUpdate(graph.phoneNumberId, sentId, status, me), secret);
    await postWebhook(`${service.url}/webhooks/whatsapp`, statusUpdate(graph.phoneNumberId, sentId, 'delivered', me), secret); // late, out of order
    await until(async () => (await service.runtime.db.outbox.findFirst({ where: { providerMessageId: sentId } }))?.status === 'read');
  });

  it('waits out a rate limit (130429) and marks a number not on WhatsApp (131026) as gone', async () => {
    graph.failNext(400, { message: '(#130429) Rate limit hit', code: 130429 });
    await postWebhook(`${service.url}/webhooks/whatsapp`, inboundText(graph.phoneNumberId, '6281200000003', 'menu'), secret);
    await until(() => graph.messagesTo('6281200000003').length >= 1, 20_000);
    graph.failNext(400, { message: 'Message undeliverable', code: 131026 }, 2);
    await postWebhook(`${service.url}/webhooks/whatsapp`, inboundText(graph.phoneNumberId, '6281200000004', 'menu'), secret);
    await until(async () => (await service.runtime.db.contact.findFirst({ where: { externalId: '6281200000004' } }))?.goneAt != null);
  });

  it('reports its state on /healthz', async () => {
    const res = await fetch(`${service.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', channels: { 'whatsapp-cloud': { state: 'ready', detail: 'webhook /webhooks/whatsapp' } } });
  });
});

describe('WhatsApp Web (whatsapp-web.js)', () => {
  let world: FakeWhatsAppWeb;
  let service: Service;
  let dataDir: string;
  beforeAll(async () => {
    world = new FakeWhatsAppWeb();
    dataDir = path.join(tempDir(), 'wa');
    service = await startTestService(await db.create(), { WHATSAPP_WEB: '1', WHATSAPP_WEB_DATA: dataDir }, { whatsAppWebClient: world.factory });
  });
  afterAll(() => service.stop());
  afterEach(() => undefined);

  it('shows the login QR code, saves it as a picture, and is ready after the scan', async () => {
    await until(() => service.channels[0]!.health().state === 'waiting_for_login');
    await until(() => fs.existsSync(path.join(dataDir, 'whatsapp-login-qr.png')) && fs.statSync(path.join(dataDir, 'whatsapp-login-qr.png')).size > 100);
    expect(fs.readFileSync(path.join(dataDir, 'whatsapp-login-qr.png')).subarray(1, 4).toString()).toBe('PNG');
    world.current.scan();
    await until(() => service.channels[0]!.health().state === 'ready');
    const health = (await (await fetch(`${service.url}/healthz`)).json()) as { channels: Record<string, { state: string }> };
    expect(health.channels['whatsapp-web']!.state).toBe('ready');
  });

  it('answers people with numbered text, and ignores groups, status updates and its own messages', async () => {
    world.current.receive('6281300000001@c.us', 'halo');
    world.current.receive('120363000000000001@g.us', 'halo grup');
    world.current.receive('status@broadcast', 'status', { isStatus: true });
    world.current.receive('6281300000001@c.us', 'halo dari saya sendiri', { fromMe: true });
    await world.waitForSent(2);
    await new Promise((r) => setTimeout(r, 200));
    expect(world.sent.map((s) => s.chatId)).toEqual(['6281300000001@c.us', '6281300000001@c.us']);
    expect(world.sent[1]!.content).toContain('1. Cari lowongan kerja\n2. Cara daftar');
  });

  it('does not open a voice note or photo: asks the person to type, warns against KTP photos, and reads a caption', async () => {
    const before = world.sent.length;
    world.current.receive('6281300000002@c.us', 'halo');
    await world.waitForSent(before + 2);
    const after = world.sent.length;
    world.current.receive('6281300000002@c.us', '', { type: 'ptt' });
    await world.waitForSent(after + 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(world.sent.slice(after).map((s) => s.content)).toEqual([expect.stringContaining('saya hanya bisa membaca tulisan')]);
    expect(world.sent.at(-1)!.content).toContain('Jangan kirim foto KTP');
    world.current.receive('6281300000002@c.us', 'loker di setu', { type: 'image' });
    await world.waitForSent(after + 3);
    expect(world.sent[after + 1]!.content).toContain('saya hanya bisa membaca tulisan');
    expect(world.sent[after + 2]!.content).toContain('Setu');
  });

  it('reconnects after a disconnect, without a new QR scan (the session is kept)', async () => {
    const before = world.clients.length;
    world.current.drop('NAVIGATION');
    await until(() => world.clients.length > before && service.channels[0]!.health().state === 'ready', 20_000);
    world.current.receive('6281300000002@c.us', 'menu');
    await until(() => world.sent.some((s) => s.chatId === '6281300000002@c.us'));
  });
});

describe('the same conversation on every channel', () => {
  it('gives the same content on Telegram, WhatsApp Web and the WhatsApp Cloud API, each rendered natively', async () => {
    const script = ['halo', 'loker operator di cikbar lulusan smk', '2', 'cara daftar siapkerja', '1', 'menu'];
    const telegram = await new FakeTelegram().start();
    const graph = await new FakeGraph().start();
    const world = new FakeWhatsAppWeb();
    world.sessionSaved = true;
    const secret = 'same-content-secret';
    const service = await startTestService(await db.create(), {
      TELEGRAM_BOT_TOKEN: telegram.token, TELEGRAM_API_ROOT: telegram.apiRoot,
      WHATSAPP_WEB: '1', WHATSAPP_WEB_DATA: path.join(tempDir(), 'wa'),
    }, { whatsAppWebClient: world.factory });
    const cloud = await startTestService(await db.create(), {
      WHATSAPP_CLOUD_TOKEN: graph.token, WHATSAPP_PHONE_NUMBER_ID: graph.phoneNumberId, WHATSAPP_APP_SECRET: secret, WHATSAPP_VERIFY_TOKEN: 'v', WHATSAPP_CLOUD_API_ROOT: graph.apiRoot,
    });
    try {
      await until(() => service.channels.every((c) => c.health().state === 'ready'));
      const tg: string[][] = [];
      const web: string[][] = [];
      const meta: string[][] = [];
      for (const text of script) {
        const [a, b, c] = [telegram.sent.length, world.sent.length, graph.sent.length];
        telegram.userSends(3001, text);
        world.current.receive('6281400000001@c.us', text);
        await postWebhook(`${cloud.url}/webhooks/whatsapp`, inboundText(graph.phoneNumberId, '6281400000001', text), secret);
        await until(() => telegram.sent.length > a && world.sent.length > b && graph.sent.length > c);
        await settle(() => telegram.sent.length + world.sent.length + graph.sent.length);
        tg.push(telegram.sent.slice(a).map((m) => htmlToText(m.text)));
        web.push(world.sent.slice(b).map((m) => m.content));
        meta.push(graph.sent.slice(c).map((m) => (m.type === 'text' ? (m.body.text as { body: string }).body : JSON.stringify(m.body.interactive))));
      }
      for (let i = 0; i < script.length; i++) {
        // Telegram shows exactly the WhatsApp text (plus buttons); the Cloud API carries the same text and choices natively.
        expect(tg[i], script[i]).toEqual(web[i]);
        expect(meta[i]!.length, `${script[i]}: ${JSON.stringify(meta[i])} vs ${JSON.stringify(web[i])}`).toBe(web[i]!.length);
        for (let k = 0; k < web[i]!.length; k++) {
          const firstLine = web[i]![k]!.split('\n')[0]!;
          expect(meta[i]![k], script[i]).toContain(JSON.stringify(firstLine).slice(1, -1));
        }
      }
      expect(web[1]!.join('\n')).toContain('Cikarang Barat untuk lulusan SMA/SMK');
      expect(web[2]!.join('\n')).toContain('Cara melamar');
      expect(web[3]!.join('\n')).toContain('Langkah 1 dari 7');
      expect(web[4]!.join('\n')).toContain('Langkah 2 dari 7');
      // Native rendering: buttons on Telegram, an interactive list on the Cloud API.
      expect(telegram.sent.at(-1)!.buttons.map((b) => b.data)).toEqual(["1", "2", "3", "4", "5"]);
      expect(graph.sent.at(-1)!.type).toBe('interactive');
    } finally {
      await service.stop();
      await cloud.stop();
      await telegram.stop();
      await graph.stop();
    }
  });
});

describe('start-up settings', () => {
  it('a missing or wrong channel setting stops start-up with a message that names it', () => {
    expect(() => loadConfig({ WHATSAPP_CLOUD_TOKEN: 'x' })).toThrow(/WHATSAPP_PHONE_NUMBER_ID: is needed too/);
    expect(() => loadConfig({ TELEGRAM_BOT_TOKEN: 'not-a-token' })).toThrow(/TELEGRAM_BOT_TOKEN: must look like/);
    expect(() => loadConfig({ TELEGRAM_WEBHOOK_URL: 'https://x.example/webhooks/telegram' })).toThrow(/TELEGRAM_BOT_TOKEN: is needed for TELEGRAM_WEBHOOK_URL/);
    expect(() => loadConfig({ WHATSAPP_WEB: 'ya' })).toThrow(/WHATSAPP_WEB: must be 1\/0/);
  });
});
