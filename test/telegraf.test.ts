// Offices that already run a Telegraf bot mount Pasker as middleware.

import { Telegraf } from 'telegraf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../src/app/runtime.ts';
import { paskerTelegraf } from '../src/channels/telegram/telegraf.ts';
import { FakeTelegram } from './fakes/telegram-bot-api.ts';
import { sqliteDatabase } from './support/databases.ts';
import { startRuntime } from './support/runtime.ts';

const db = sqliteDatabase();
let fake: FakeTelegram;
let runtime: Runtime;
beforeAll(async () => {
  fake = await new FakeTelegram().start();
  runtime = await startRuntime(await db.create());
});
afterAll(async () => {
  await runtime.close();
  await fake.stop();
  await db.dropAll();
});

describe('Telegraf middleware', () => {
  it('answers text and button presses through the Pasker core, and leaves other updates to the bot', async () => {
    const bot = new Telegraf(fake.token, { telegram: { apiRoot: fake.apiRoot } });
    bot.botInfo = { id: 42, is_bot: true, first_name: 'Office Bot', username: 'office_bot', can_join_groups: false, can_read_all_group_messages: false, supports_inline_queries: false } as Telegraf['botInfo'];
    const others: string[] = [];
    bot.command('kantor_lama', (ctx) => {
      others.push('own command');
      return ctx.reply('perintah bot kantor');
    });
    bot.use(paskerTelegraf(runtime.conversations));
    bot.on('sticker', () => {
      others.push('sticker');
    });

    const chat = { id: 7001, type: 'private' as const, first_name: 'Ani' };
    const from = { id: 7001, is_bot: false, first_name: 'Ani' };
    await bot.handleUpdate({ update_id: 1, message: { message_id: 1, date: 1, chat, from, text: 'halo' } } as Parameters<typeof bot.handleUpdate>[0]);
    expect(fake.messagesTo(7001).map((m) => m.text)[0]).toContain('Saya Pasker, bot');
    expect(fake.messagesTo(7001)[1]!.buttons.map((b) => b.data)).toEqual(['1', '2', '3', '4', '5']);

    await bot.handleUpdate({ update_id: 2, callback_query: { id: 'q1', from, chat_instance: 'c', data: '4', message: { message_id: 2, date: 1, chat, text: 'menu' } } } as Parameters<typeof bot.handleUpdate>[0]);
    expect(fake.answeredCallbacks).toContain('q1');
    expect(fake.messagesTo(7001).at(-1)!.text).toContain('Kantor Bupati');

    await bot.handleUpdate({ update_id: 3, message: { message_id: 3, date: 1, chat, from, text: '/kantor_lama', entities: [{ type: 'bot_command', offset: 0, length: 12 }] } } as Parameters<typeof bot.handleUpdate>[0]);
    await bot.handleUpdate({ update_id: 4, message: { message_id: 4, date: 1, chat, from, sticker: { file_id: 'x', file_unique_id: 'y', type: 'regular', width: 1, height: 1, is_animated: false, is_video: false } } } as Parameters<typeof bot.handleUpdate>[0]);
    expect(others).toEqual(['own command', 'sticker']);
    expect(fake.messagesTo(7001).at(-1)!.text).toBe('perintah bot kantor');
  });
});
