// Staff are people, not chats: only a staff member's own Telegram user id,
// in their private chat with the bot, may broadcast to every subscriber. A
// group id is refused as a setting; in a group nobody is staff (the bot does
// not answer groups at all), and a stranger's "/broadcast" is just words.

import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { FakeTelegram } from './fakes/telegram-bot-api.ts';
import { sqliteDatabase } from './support/databases.ts';
import { startTestService } from './support/service.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(check: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await sleep(10);
  }
}

describe('who is staff', () => {
  const db = sqliteDatabase();
  afterAll(() => db.dropAll());

  it('a group id is refused as STAFF_TELEGRAM_IDS, saying why', () => {
    expect(() => loadConfig({ STAFF_TELEGRAM_IDS: '-1001234567890' })).toThrow(/STAFF_TELEGRAM_IDS: .*group id .*every member of the group would be staff/);
    expect(() => loadConfig({ STAFF_TELEGRAM_IDS: '123456, -4567' })).toThrow(/STAFF_TELEGRAM_IDS/);
    expect(loadConfig({ STAFF_TELEGRAM_IDS: '123456, 7890' }).STAFF_TELEGRAM_IDS).toEqual(['123456', '7890']);
  });

  it('a staff member writing in a group is not staff there, and a stranger\'s /broadcast is only words', async () => {
    const fake = await new FakeTelegram().start();
    const service = await startTestService(await db.create(), { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, STAFF_TELEGRAM_IDS: '9001', QUIET_HOURS: 'off' });
    try {
      // The staff member's own private chat: a command works.
      fake.userSends(9001, '/broadcast semua | Job fair Sabtu.');
      await until(() => fake.messagesTo(9001).some((m) => m.text.includes('akan dikirim ke')));
      // The same person in a group with the bot, and another member of it: no answer, no draft.
      fake.groupSends(-100777, 9001, '/broadcast semua | Dari grup.');
      fake.groupSends(-100777, 9002, '/kirim 1');
      // A stranger in a private chat.
      fake.userSends(9003, '/broadcast semua | Palsu.');
      await until(() => fake.messagesTo(9003).length > 0);
      await sleep(500);
      expect(fake.messagesTo(-100777)).toEqual([]);
      expect(fake.messagesTo(9003).map((m) => m.text).join('\n')).not.toContain('akan dikirim ke');
      expect((await service.runtime.db.broadcast.findMany()).map((b) => b.text)).toEqual(['Job fair Sabtu.']);
      expect(await service.runtime.db.broadcast.count({ where: { status: { not: 'draft' } } })).toBe(0);
      expect(await service.runtime.db.contact.count({ where: { externalId: '-100777' } })).toBe(0);
    } finally {
      await service.stop();
      await fake.stop();
    }
  });
});
