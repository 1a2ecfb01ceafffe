// Every reply reaches the person, however long: the loopback Telegram and
// Meta refuse what the real ones refuse (too long, a label cut inside an
// emoji, too many characters in a button or list row), and nothing may be
// refused. Every conversation script is played on both, then a vacancy whose
// how-to-apply text is longer than one message, and one whose title puts an
// emoji exactly where a label is shortened.

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Service } from '../src/app/service.ts';
import { fitLabel, splitText } from '../src/channels/limits.ts';
import { FakeGraph, inboundText, postWebhook } from './fakes/graph-api.ts';
import { FakeTelegram } from './fakes/telegram-bot-api.ts';
import { sqliteDatabase } from './support/databases.ts';
import { startTestService } from './support/service.ts';

const SECRET = 'limits-app-secret';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Resolves once `count()` has not changed for 300 ms.
async function settle(count: () => number): Promise<void> {
  let last = -1;
  while (count() !== last) {
    last = count();
    await sleep(300);
  }
}

const scripts = fs
  .readdirSync('test/conversations')
  .filter((f) => f.endsWith('.chat'))
  .sort()
  .map((f) => ({ file: f, lines: fs.readFileSync(path.join('test/conversations', f), 'utf8').split('\n').filter((l) => l.startsWith('> ')).map((l) => l.slice(2)) }));

const cloudText = (m: { type: string; body: Record<string, unknown> }) => (m.type === 'text' ? (m.body.text as { body: string }).body : (m.body.interactive as { body: { text: string } }).body.text);

describe('replies fit the platforms', () => {
  const db = sqliteDatabase();
  let telegram: FakeTelegram;
  let graph: FakeGraph;
  let service: Service;
  beforeAll(async () => {
    telegram = await new FakeTelegram().start();
    graph = await new FakeGraph().start();
    service = await startTestService(await db.create(), {
      TELEGRAM_BOT_TOKEN: telegram.token, TELEGRAM_API_ROOT: telegram.apiRoot,
      WHATSAPP_CLOUD_TOKEN: graph.token, WHATSAPP_PHONE_NUMBER_ID: graph.phoneNumberId, WHATSAPP_APP_SECRET: SECRET, WHATSAPP_VERIFY_TOKEN: 'v', WHATSAPP_CLOUD_API_ROOT: graph.apiRoot,
    });
  });
  afterAll(async () => {
    await service.stop();
    await telegram.stop();
    await graph.stop();
    await db.dropAll();
  });

  /** One person says `lines` on both channels, each line after the last was taken. */
  async function play(chat: number, phone: string, lines: string[]): Promise<void> {
    for (const line of lines) {
      telegram.userSends(chat, line);
      expect((await postWebhook(`${service.url}/webhooks/whatsapp`, inboundText(graph.phoneNumberId, phone, line), SECRET)).status).toBe(200);
    }
    await settle(() => telegram.sent.length + graph.sent.length);
  }

  it.each(scripts.map((s, i) => [s.file, s.lines, i] as const))('every reply of %s is delivered on Telegram and the Cloud API, none refused', async (_file, lines, i) => {
    const chat = 40_000 + i;
    const phone = `62813600${String(i).padStart(5, '0')}`;
    await play(chat, phone, lines);
    expect(telegram.refused).toEqual([]);
    expect(graph.refused).toEqual([]);
    expect(telegram.messagesTo(chat).length).toBeGreaterThanOrEqual(lines.length);
    expect(graph.messagesTo(phone).length).toBeGreaterThanOrEqual(lines.length);
  });

  it('a how-to-apply text longer than one message arrives whole, in several messages, the hint with the last', async () => {
    const how = Array.from({ length: 120 }, (_, i) => `Langkah ${i + 1}: siapkan berkas nomor ${i + 1} dan bawa ke pos satpam PT Panjang Sekali sebelum pukul 10.00.`).join('\n');
    expect(how.length).toBeGreaterThan(9000);
    await service.runtime.db.vacancy.create({
      data: { sourceId: 'long-1', source: 'import', title: 'Operator Gudang Panjang', company: 'PT Panjang Sekali', kecamatan: '32.16.18', minEducation: 'SMA', educationRank: 3, keywords: 'gudang', howToApply: how, status: 'published', publishedAt: new Date(), listedAt: new Date(), searchText: 'operator gudang panjang pt panjang sekali gudang' },
    });
    service.runtime.catalog.invalidate();
    await play(50_001, '6281360099001', ['loker gudang panjang']);
    const [a, b] = [telegram.messagesTo(50_001).length, graph.messagesTo('6281360099001').length];
    await play(50_001, '6281360099001', ['1']);
    expect(telegram.refused).toEqual([]);
    expect(graph.refused).toEqual([]);
    const tg = telegram.messagesTo(50_001).slice(a).map((m) => m.text.replace(/<\/?b>/g, '*'));
    const wa = graph.messagesTo('6281360099001').slice(b).map(cloudText);
    for (const got of [tg, wa]) {
      const joined = got.join('\n');
      for (const n of [1, 60, 120]) expect(joined).toContain(`Langkah ${n}: siapkan berkas nomor ${n} `);
      expect(got.length).toBeGreaterThanOrEqual(Math.ceil(how.length / 4096));
    }
    // The hint comes once, with the last piece.
    for (const got of [tg, wa]) expect(got.map((t) => t.includes('0 = kembali'))).toEqual(got.map((_, k) => k === got.length - 1));
  });

  it('a label shortened exactly where an emoji is keeps the emoji whole or leaves it out', async () => {
    const title = `${'Operator Pengemasan Produk Makanan Ringan Shift Pagi dan'.slice(0, 55)}👷 Malam Area Gudang Timur`;
    await service.runtime.db.vacancy.create({
      data: { sourceId: 'emoji-1', source: 'import', title, company: 'PT Emoji', kecamatan: '32.16.18', minEducation: 'SMA', educationRank: 3, keywords: 'pengemasan', howToApply: 'Datang langsung.', status: 'published', publishedAt: new Date(), listedAt: new Date(), searchText: `${title.toLowerCase()} pt emoji pengemasan` },
    });
    service.runtime.catalog.invalidate();
    const a = telegram.messagesTo(50_002).length;
    await play(50_002, '6281360099002', ['loker pengemasan']);
    expect(telegram.refused).toEqual([]);
    expect(graph.refused).toEqual([]);
    const labels = telegram.messagesTo(50_002).slice(a).flatMap((m) => m.buttons.map((x) => x.text));
    expect(labels.some((l) => l.startsWith('1. Operator Pengemasan') && l.endsWith('…'))).toBe(true);
  });
});

describe('how text is cut', () => {
  it('never inside a character, and only where a reader would pause when it can', () => {
    const family = '👨‍👩‍👧';
    for (let n = 1; n < 12; n++) {
      const label = fitLabel(`ab${family}${family}cd`, n);
      expect(label.length).toBeLessThanOrEqual(n);
      expect(label).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
      expect(`ab${family}${family}cd`.startsWith(label.replace(/…$/, ''))).toBe(true);
    }
    const text = `${'kata '.repeat(500)}\n\n${'lagi '.repeat(500)}`;
    const parts = splitText(text, 1000);
    expect(parts.every((p) => p.length <= 1000)).toBe(true);
    expect(parts.join(' ').replace(/\s+/g, ' ').trim()).toBe(text.replace(/\s+/g, ' ').trim());
    // Cut between words: every piece ends with a whole one.
    expect(parts.every((p) => /(kata|lagi)$/.test(p))).toBe(true);
    expect(splitText('x'.repeat(2500), 1000).map((p) => p.length)).toEqual([1000, 1000, 500]);
  });
});
