// UU 27/2022: a NIK sent in chat is never stored or logged; a person can
// have everything about them erased; the message log keeps only what the
// retention setting allows.

import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { purgeMessageLog } from '../src/db/conversations.ts';
import { sqlitePath } from '../src/db/client.ts';
import { redactSecrets } from '../src/domain/secrets.ts';
import { createLogger } from '../src/log.ts';
import { testDatabases } from './support/databases.ts';
import { person, startRuntime } from './support/runtime.ts';

const NIK = '3216012345678901';

for (const database of testDatabases()) {
  describe(`privacy (${database.name})`, () => {
    afterAll(() => database.dropAll());

    it('a NIK in a message is warned about, and is in neither the database nor the logs', async () => {
      const url = await database.create();
      const logLines: string[] = [];
      const runtime = await startRuntime(url, { LOG_LEVEL: 'debug' }, createLogger('debug', (l) => logLines.push(l)));
      try {
        const seeker = person(runtime);
        const answer = await seeker.say(`min nik saya ${NIK} mau daftar kartu kuning`);
        expect(answer).toContain('jangan kirim NIK');
        expect(answer).not.toContain(NIK);
        await seeker.say('3216 0123 4567 8901');
        await seeker.say('petugas');
        const stored = JSON.stringify([
          await runtime.db.messageLog.findMany(),
          await runtime.db.conversation.findMany(),
          await runtime.db.contact.findMany(),
        ]);
        expect(stored).toContain('[NIK dihapus]');
        expect(stored).not.toContain(NIK);
        expect(stored).not.toContain('3216 0123 4567 8901');
        expect(logLines.length).toBeGreaterThan(0);
        expect(logLines.join('\n')).not.toMatch(/3216 ?0123 ?4567 ?8901/);
      } finally {
        await runtime.close();
      }
      if (database.name === 'sqlite') {
        // The database file and its write-ahead log, byte by byte.
        const file = sqlitePath(url);
        const bytes = [file, `${file}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f).toString('latin1')).join('');
        expect(bytes).toContain('NIK dihapus');
        expect(bytes).not.toContain(NIK);
        expect(bytes).not.toContain('3216 0123 4567 8901');
      }
    });

    it('a password, NIK or code sent in the middle of a guide is warned about, and none of them is in the database or the logs', async () => {
      const url = await database.create();
      const logLines: string[] = [];
      const runtime = await startRuntime(url, { LOG_LEVEL: 'debug' }, createLogger('debug', (l) => logLines.push(l)));
      const secrets = ['Melati#2026', '3216012345678901', '482913', 'rahasiaku99'];
      try {
        const seeker = person(runtime);
        for (const t of ['cara daftar siapkerja', '1', '1', '1']) await seeker.say(t);
        expect(await seeker.say(`nik saya ${secrets[1]}`)).toContain('jangan kirim NIK');
        for (const t of ['1', '1']) await seeker.say(t);
        expect(await seeker.say(`password saya ${secrets[0]}`)).toContain('Jangan kirim kata sandi');
        expect(await seeker.say(`pw: ${secrets[3]}`)).toContain('Jangan kirim kata sandi');
        for (const t of ['1', '1']) await seeker.say(t);
        expect(await seeker.say(secrets[2]!)).toContain('Kode verifikasi itu rahasia');
        const stored = JSON.stringify([await runtime.db.messageLog.findMany(), await runtime.db.conversation.findMany(), await runtime.db.contact.findMany(), await runtime.db.guideFunnel.findMany()]);
        for (const secret of secrets) {
          expect(stored).not.toContain(secret);
          expect(logLines.join('\n')).not.toContain(secret);
        }
        expect(stored).toContain('[sandi dihapus]');
        expect(stored).toContain('[kode dihapus]');
      } finally {
        await runtime.close();
      }
      if (database.name === 'sqlite') {
        const file = sqlitePath(url);
        const bytes = [file, `${file}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f).toString('latin1')).join('');
        for (const secret of secrets) expect(bytes).not.toContain(secret);
      }
    });

    it('"hapus data saya" then "1" erases the contact, its state and its messages', async () => {
      const runtime = await startRuntime(await database.create());
      try {
        const seeker = person(runtime);
        await seeker.say('loker di setu');
        expect(await runtime.db.messageLog.count()).toBeGreaterThan(0);
        await seeker.say('hapus data saya');
        expect(await seeker.say('1')).toContain('Data Kakak sudah dihapus');
        expect(await runtime.db.contact.count()).toBe(0);
        expect(await runtime.db.conversation.count()).toBe(0);
        expect(await runtime.db.messageLog.count()).toBe(0);
      } finally {
        await runtime.close();
      }
    });

    it('keeps no message log at all when MESSAGE_LOG_DAYS=0, and purges old rows otherwise', async () => {
      const url = await database.create();
      const noLog = await startRuntime(url, { MESSAGE_LOG_DAYS: '0' });
      try {
        await person(noLog).say('halo');
        expect(await noLog.db.messageLog.count()).toBe(0);
      } finally {
        await noLog.close();
      }
      const runtime = await startRuntime(url);
      try {
        const seeker = person(runtime);
        await seeker.say('halo', new Date(Date.now() - 40 * 86_400_000));
        await seeker.say('menu');
        const before = await runtime.db.messageLog.count();
        const removed = await purgeMessageLog(runtime.db, 30, new Date());
        expect(removed).toBeGreaterThan(0);
        expect(await runtime.db.messageLog.count()).toBe(before - removed);
        expect((await runtime.db.messageLog.findMany()).every((m) => m.createdAt.getTime() > Date.now() - 31 * 86_400_000)).toBe(true);
      } finally {
        await runtime.close();
      }
    });
  });
}

describe('what counts as a secret', () => {
  // The forms people actually type: each is taken out of what is stored and logged.
  const secrets: [string, string][] = [
    ['pw ku abc12345', 'abc12345'],
    ['kode nya 4829 13', '4829 13'],
    ['otp nya 123456', '123456'],
    ['kode verifikasinya 654321', '654321'],
    ['pass akun siapkerja Budi1234', 'Budi1234'],
    ['Kode: A7B9C2', 'A7B9C2'],
    ['sandi: Bekasi2024!', 'Bekasi2024!'],
    ['min nik 3216012345678901', '3216012345678901'],
  ];
  it.each(secrets)('"%s" loses %s', (message, secret) => {
    const r = redactSecrets(message);
    expect(r.nik || r.password || r.code).toBe(true);
    expect(r.text).not.toContain(secret);
  });

  // Ordinary messages that only look a little like one are kept as they are.
  const plain = ['Rp5.200.000', 'loker lulusan D3/S1-Teknik di cikarang selatan', 'Jl.Industri-No.5', 'jam kerja 08.00-16.00WIB',
    'kode verifikasi tidak masuk', 'lupa password akun siapkerja', 'ada loker di MM2100', 'password harus pakai simbol ya?', 'hp 081234567890',
    'ini kodenya HUB7K3M9', 'HUB23456'];
  it.each(plain)('"%s" is kept', (message) => {
    const r = redactSecrets(message);
    expect(r).toEqual({ text: message, nik: false, password: false, code: false });
  });
});
