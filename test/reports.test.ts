// Employers' vacancy reports from chat to staff decision: an approved report
// reaches the subscribers whose filters match exactly once, through the
// normal outbox; a rejected one never does; an applicant fee is in no stored
// or published text; the employer hears the outcome on their channel.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../src/app/runtime.ts';
import { kecamatanColumn } from '../src/domain/alerts.ts';
import { FakeTelegram } from './fakes/telegram-bot-api.ts';
import { runPasker } from './support/cli.ts';
import { testDatabases } from './support/databases.ts';
import { person, startRuntime } from './support/runtime.ts';

const QUIET_OFF = { QUIET_HOURS: 'off' };

// An employer's report told in chat, answered in their own order, with a fee they try to add.
async function report(runtime: Runtime, chatId: number, lines: string[]): Promise<string> {
  const p = person(runtime, String(chatId), 'telegram');
  let last = '';
  for (const line of lines) last = await p.say(line);
  return last;
}

async function subscriber(runtime: Runtime, chatId: number, places: string[], education: string, keyword: string | null, immediate: boolean): Promise<void> {
  const codes = places.map((p) => {
    const r = runtime.content.region.resolve(p);
    if (!r.ok) throw new Error(r.reason);
    return r.code;
  });
  const rank = { SD: 1, SMP: 2, SMA: 3, D3: 5, S1: 6 }[education] ?? 8;
  const contact = await runtime.db.contact.create({ data: { channel: 'telegram', externalId: String(chatId) } });
  await runtime.db.subscription.create({ data: { contactId: contact.id, kecamatan: kecamatanColumn(codes), education, educationRank: rank, keyword, immediate, lastDigestAt: new Date(Date.now() - 86_400_000) } });
}

for (const database of testDatabases()) {
  describe(`employer reports (${database.name})`, () => {
    let fake: FakeTelegram;
    beforeAll(async () => {
      fake = await new FakeTelegram().start();
    });
    afterAll(async () => {
      await fake.stop();
      await database.dropAll();
    });

    it('an approved report reaches each matching subscriber once; a rejected one never; no fee is stored or sent', async () => {
      const url = await database.create();
      const runtime = await startRuntime(url, QUIET_OFF);
      let approved: string;
      let rejected: string;
      try {
        await subscriber(runtime, 601, ['Cikarang Selatan'], 'SMA', 'operator', true);
        await subscriber(runtime, 602, ['Cikarang Selatan', 'Setu'], 'SMA', null, false);
        await subscriber(runtime, 603, ['Setu'], 'S1', null, true);
        const sent = await report(runtime, 501, [
          'Selamat siang, saya HRD PT Maju Jaya Teknik di kawasan EJIP, mau lapor lowongan operator mesin 10 orang lulusan SMA/SMK penempatan Cikarang Selatan',
          'syarat: pria usia maks 30 th, gaji sesuai UMK',
          'lamaran kirim ke email hrd@majujaya.co.id, pelamar bayar uang seragam 250rb',
          'tutup 30 juni',
          'kontak pak budi 0812 1111 2222',
          '1',
        ]);
        approved = /LP-\d{4}-\d{4}/.exec(sent)?.[0] ?? '';
        expect(approved).toMatch(/^LP-\d{4}-0001$/);
        expect(sent).toContain('dicek petugas');
        const second = await report(runtime, 502, [
          'saya pemilik Toko Sumber Rejeki mau pasang lowongan kasir 1 orang di Setu, minimal SMA',
          'tidak ada',
          'datang langsung ke toko',
          'tutup akhir bulan ini',
          'kontak bu sri 0813 3333 4444',
          'kirim',
        ]);
        rejected = /LP-\d{4}-\d{4}/.exec(second)?.[0] ?? '';
        expect(rejected).toMatch(/^LP-\d{4}-0002$/);
        // Nothing is public before a petugas decides.
        expect(await runtime.db.vacancy.count()).toBe(0);
        expect(await person(runtime, '501', 'telegram').say('laporan saya')).toContain('masih menunggu dicek petugas');
      } finally {
        await runtime.close();
      }

      const env = { DATABASE_URL: url, TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, ...QUIET_OFF };
      const list = await runPasker(['reports', 'list'], { env });
      expect(list.stdout).toContain(approved);
      expect(list.stdout).toContain(rejected);
      const show = await runPasker(['reports', 'show', approved], { env });
      expect(show.stdout).toContain('PT Maju Jaya Teknik');
      expect(show.stdout).toContain('Cikarang Selatan (EJIP)');
      expect(show.stdout).not.toMatch(/seragam|250/i);

      const yes = await runPasker(['reports', 'approve', approved, '--by', 'sari'], { env });
      expect(yes.code, yes.stderr).toBe(0);
      expect(yes.stdout).toContain('approved: published as vacancy');
      const no = await runPasker(['reports', 'reject', rejected, '--reason', 'alamat toko kurang jelas'], { env });
      expect(no.code, no.stderr).toBe(0);
      // A second decision is refused.
      expect((await runPasker(['reports', 'approve', approved], { env })).code).toBe(2);
      expect((await runPasker(['reports', 'reject', rejected], { env })).code).toBe(2);

      await runPasker(['alerts', 'run'], { env });
      await runPasker(['alerts', 'run'], { env });
      const texts = (chat: number) => fake.messagesTo(chat).map((m) => m.text);
      const count = (chat: number, word: string) => texts(chat).filter((t) => t.includes(word)).length;
      // Cikarang Selatan, SMA, operator, at once: one alert. Cikarang Selatan or Setu, daily: one digest.
      expect(count(601, 'Operator Mesin')).toBe(1);
      expect(count(602, 'Operator Mesin')).toBe(1);
      // Setu only: never the Cikarang Selatan job; the rejected kasir job reaches no one.
      expect(count(603, 'Operator Mesin')).toBe(0);
      for (const chat of [601, 602, 603]) expect(count(chat, 'Kasir')).toBe(0);
      // The employers hear the outcome in their chat.
      expect(texts(501).join('\n')).toContain(`${approved} (Operator Mesin) sudah disetujui`);
      expect(texts(502).join('\n')).toContain('alamat toko kurang jelas');

      // The fee is nowhere: not in the report, the vacancy, any queued message, or any reply.
      const check = await startRuntime(url, QUIET_OFF);
      try {
        const stored = [
          ...(await check.db.vacancyReport.findMany()).map((r) => r.data),
          ...(await check.db.vacancy.findMany()).map((v) => JSON.stringify(v)),
          ...(await check.db.outbox.findMany()).map((o) => o.payload),
          ...(await check.db.messageLog.findMany({ where: { direction: 'out' } })).map((l) => l.text),
        ].join('\n');
        expect(stored).toContain('Operator Mesin');
        expect(stored).not.toMatch(/250 ?rb|Rp250|uang seragam/i);
        const vacancy = await check.db.vacancy.findUnique({ where: { sourceId: approved } });
        expect(vacancy).toMatchObject({ source: 'laporan', verified: true, status: 'published', company: 'PT Maju Jaya Teknik', quota: 10 });
        expect(await check.db.vacancy.findUnique({ where: { sourceId: rejected } })).toBeNull();
        // And the seeker who searches sees it with its source.
        const seeker = person(check, 'seeker-1');
        expect(await seeker.say('cari loker operator di cikarang selatan lulusan sma')).toContain('Operator Mesin');
        expect(await seeker.say('1')).toContain('laporan perusahaan ke Disnaker');
      } finally {
        await check.close();
      }
    });

    it('two employers pressing Kirim at the same instant each get their own reference number', async () => {
      const runtime = await startRuntime(await database.create(), QUIET_OFF);
      try {
        const form = (company: string) => [
          `saya HRD ${company} mau lapor lowongan operator produksi 5 orang di Setu, minimal SMA`,
          'tidak ada',
          'datang langsung ke kantor',
          'tutup akhir bulan ini',
          'kontak pak andi 0812 5555 6666',
        ];
        const employers = [701, 702, 703].map((chat) => person(runtime, String(chat), 'telegram'));
        for (const [i, p] of employers.entries()) for (const line of form(`PT Serentak ${i + 1}`)) await p.say(line);
        const sent = await Promise.all(employers.map((p) => p.say('1')));
        const references = sent.map((s) => /LP-\d{4}-\d{4}/.exec(s)?.[0]);
        expect(references.every(Boolean), sent.join('\n---\n')).toBe(true);
        expect(new Set(references).size).toBe(3);
        expect((await runtime.db.vacancyReport.findMany()).map((r) => r.company).sort()).toEqual(['PT Serentak 1', 'PT Serentak 2', 'PT Serentak 3']);
      } finally {
        await runtime.close();
      }
    });
  });
}
