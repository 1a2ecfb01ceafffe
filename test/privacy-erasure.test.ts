// UU 27/2022, the right to erasure, tested the way an auditor would: a person
// on WhatsApp tells the bot their name, e-mail and a password, asks for
// staff, is answered by staff on Telegram, writes more while staff answer,
// then says "hapus data saya". Afterwards nothing names them: not a row in
// any table (staff copies in the outbox and the ids of their messages
// included), not the "data sudah dihapus" reply, and on SQLite not a byte of
// the database file or its write-ahead log; nor the log lines.

import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { sqlitePath } from '../src/db/client.ts';
import { openRaw } from '../src/db/raw.ts';
import { createLogger } from '../src/log.ts';
import { FakeGraph, inboundText, postWebhook } from './fakes/graph-api.ts';
import { FakeTelegram } from './fakes/telegram-bot-api.ts';
import { testDatabases } from './support/databases.ts';
import { startTestService } from './support/service.ts';

const SECRET = 'erasure-app-secret';
const PHONE = '6281399887766';
const STAFF = 93_000_017;
// What must be gone: their words, their number, their secrets, and the answer to the erasure.
const TRACES = ['Wiryaatmaja', 'siti.wirya@contoh.id', PHONE, 'Melati#2026', '3216012345678901', 'sudah dihapus'];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(check: () => boolean | Promise<boolean>, what: () => string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting; so far: ${what()}`);
    await sleep(10);
  }
}

const TABLES = ['Contact', 'Conversation', 'MessageLog', 'Outbox', 'InboundSeen', 'Subscription', 'LinkCode', 'Broadcast', 'GuideFunnel', 'RateLimit'];

for (const database of testDatabases()) {
  describe(`erasure while staff answer (${database.name})`, () => {
    afterAll(() => database.dropAll());

    it('leaves nothing that names the person: no row, no staff copy, no message id, no byte in the files, no log line', async () => {
      const graph = await new FakeGraph().start();
      const telegram = await new FakeTelegram().start();
      const url = await database.create();
      const logs: string[] = [];
      const service = await startTestService(
        url,
        {
          WHATSAPP_CLOUD_TOKEN: graph.token, WHATSAPP_PHONE_NUMBER_ID: graph.phoneNumberId, WHATSAPP_APP_SECRET: SECRET, WHATSAPP_VERIFY_TOKEN: 'v', WHATSAPP_CLOUD_API_ROOT: graph.apiRoot,
          TELEGRAM_BOT_TOKEN: telegram.token, TELEGRAM_API_ROOT: telegram.apiRoot, STAFF_TELEGRAM_IDS: String(STAFF), LOG_LEVEL: 'debug',
        },
        { log: createLogger('debug', (l) => logs.push(l)) },
      );
      let n = 0;
      // Meta's message ids carry the sender's number; these do too, in the clear.
      const say = async (text: string) => {
        expect((await postWebhook(`${service.url}/webhooks/whatsapp`, inboundText(graph.phoneNumberId, PHONE, text, `wamid.${PHONE}.${++n}`), SECRET)).status).toBe(200);
      };
      const toPerson = () => graph.messagesTo(PHONE).map((m) => JSON.stringify(m.body)).join('\n');
      const toStaff = () => telegram.messagesTo(STAFF).map((m) => m.text).join('\n');
      const sofar = () => `person: ${toPerson()}\nstaff: ${toStaff()}`;
      try {
        await say('halo');
        await say('saya Siti Wiryaatmaja, email siti.wirya@contoh.id');
        await say('password saya Melati#2026 nik 3216012345678901');
        await say('saya mau bicara dengan petugas');
        await until(() => toStaff().includes(`whatsapp:${PHONE} minta bicara dengan petugas`), sofar);
        telegram.userSends(STAFF, `/balas whatsapp:${PHONE} Halo Kak Siti, ada yang bisa dibantu?`);
        await until(() => toPerson().includes('Halo Kak Siti') && toStaff().includes(`Terkirim ke whatsapp:${PHONE}`), sofar);
        // Staff are answering: the person's words go to staff.
        await say('alamat saya di Jl. Wiryaatmaja Raya, email siti.wirya@contoh.id');
        await until(() => toStaff().includes('Jl. Wiryaatmaja Raya'), sofar);
        // Back to the bot for a moment, then the erasure. ("hapus data saya" straight while staff answer
        // needs understanding to mark erase words as explicit; this test is about what the erasure leaves.)
        const menu = graph.messagesTo(PHONE).length;
        await say('menu');
        await until(() => graph.messagesTo(PHONE).length > menu, sofar);
        const before = graph.messagesTo(PHONE).length;
        await say('hapus data saya');
        await until(() => graph.messagesTo(PHONE).length > before, sofar);
        await say('1');
        await until(() => toPerson().includes('sudah dihapus'), sofar);
        await sleep(300);

        // Every table, every row.
        const raw = openRaw(url);
        try {
          const rows = JSON.stringify(await Promise.all(TABLES.map((t) => raw.all(`SELECT * FROM "${t}"`))), (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v));
          for (const trace of TRACES) expect(rows, trace).not.toContain(trace);
          expect(await raw.all('SELECT key FROM "InboundSeen" WHERE "contactId" IS NOT NULL')).toEqual([]);
        } finally {
          await raw.close();
        }
        // The database file and its write-ahead log, byte by byte, while the bot still runs.
        if (database.name === 'sqlite') {
          const file = sqlitePath(url);
          const bytes = [file, `${file}-wal`, `${file}-shm`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f).toString('latin1')).join('');
          for (const trace of TRACES) expect(bytes.includes(trace), `${trace} in the database files`).toBe(false);
          expect(bytes).toContain('Operator'); // the search did read the file
        }
        for (const trace of TRACES) expect(logs.join('\n'), `${trace} in the logs`).not.toContain(trace);
        // The same message delivered again by Meta does not start a new conversation.
        expect((await postWebhook(`${service.url}/webhooks/whatsapp`, inboundText(graph.phoneNumberId, PHONE, '1', `wamid.${PHONE}.${n}`), SECRET)).status).toBe(200);
        await sleep(300);
        expect(await service.runtime.db.contact.count()).toBe(0);
      } finally {
        await service.stop();
        await graph.stop();
        await telegram.stop();
      }
    });
  });
}
