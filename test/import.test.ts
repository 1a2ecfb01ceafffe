// Staff import vacancy files: bad rows are refused with their line and
// reason, good rows are stored, and importing again changes nothing.

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planImmediateAlerts } from '../src/app/alerts.ts';
import { importVacancyFile } from '../src/app/vacancy-files.ts';
import { openRaw } from '../src/db/raw.ts';
import { kecamatanColumn } from '../src/domain/alerts.ts';
import { InputError } from '../src/errors.ts';
import { dateAfter } from '../src/domain/time.ts';
import { runPasker } from './support/cli.ts';
import { tempDir, testDatabases } from './support/databases.ts';
import { person, startRuntime } from './support/runtime.ts';
import type { Runtime } from '../src/app/runtime.ts';

const fixture = (name: string) => path.resolve('test/fixtures', name);

interface BadFile {
  file: string;
  /** What a staff member is told (standard output and error together). */
  says: RegExp[];
  code: number;
  /** Source ids that must be stored, and the fields they must have. */
  stored: Record<string, Record<string, unknown>>;
}

// One of each kind of file offices really have, in test/fixtures/.
const BAD_FILES: BadFile[] = [
  {
    file: 'semicolon-id.csv',
    says: [/read columns separated by semicolons \(;\)/, /line 4 \(sc-3\): unknown district "Kota Antah"/, /3 rows: 2 created, 0 updated, 0 unchanged, 1 refused/],
    code: 2,
    stored: { 'sc-1': { title: 'Operator Produksi', company: 'PT Maju "Sejahtera"', keywords: 'operator;produksi', salaryMin: 5200000 }, 'sc-2': { employmentType: 'paruh_waktu' } },
  },
  {
    file: 'windows-1252.csv',
    says: [/read as Windows-1252, not UTF-8/, /2 rows: 2 created, 0 updated, 0 unchanged, 0 refused/],
    code: 0,
    stored: { 'w1-1': { company: 'PT Café Jaya', howToApply: 'Datang langsung 08.00–10.00' }, 'w1-2': { company: 'Rumah Makan Sédap' } },
  },
  { file: 'not-text-encoding.csv', says: [/not-text-encoding\.csv: line 3 has characters that are neither UTF-8 nor Windows-1252; save the file as "CSV UTF-8"/], code: 2, stored: {} },
  {
    file: 'formulas.csv',
    says: [
      /line 2 \(f-1\): title "=HYPERLINK\(.*is a spreadsheet formula, not text/,
      /line 5 \(f-4\): salary_min "\+SUM\(A1:A9\)" is a spreadsheet formula/,
      /line 6 \(f-5\): how_to_apply "-cmd\|.*is a spreadsheet formula/,
      /5 rows: 2 created, 0 updated, 0 unchanged, 3 refused/,
    ],
    code: 2,
    // A phone number, a list item and a handle only look like formulas.
    stored: { 'f-2': { howToApply: '+62 812-0000-0000 (WA saja)', address: '- Jl. Industri No. 5' }, 'f-3': { howToApply: '@ptTiga_official di Instagram' } },
  },
  { file: 'empty.csv', says: [/empty\.csv: the file is empty: the first line must name the columns/], code: 2, stored: {} },
  { file: 'header-only.csv', says: [/header-only\.csv: the file has column names but no vacancy rows below them/], code: 2, stored: {} },
  {
    file: 'unknown-column.csv',
    says: [/warning: column "salary_mni" is not one Pasker knows, so it was left out \(did you mean salary_min\?\)/, /warning: column "catatan_internal" is not one Pasker knows/, /1 rows: 1 created/],
    code: 0,
    stored: { 'u-1': { salaryMin: null } },
  },
  { file: 'unclosed-quote.csv', says: [/a quote \(".*\) that opens a cell is never closed: check the quotes on line 4 and the lines above it/], code: 2, stored: {} },
  { file: 'workbook-named-csv.csv', says: [/this is not a text file \(it looks like an Excel workbook: name it \.xlsx\)/], code: 2, stored: {} },
  {
    file: 'lowongan.xlsx',
    says: [/read the first sheet of the workbook/, /line 5 \(xl-4\): "Karawang" is outside Kabupaten Bekasi/, /4 rows: 3 created, 0 updated, 0 unchanged, 1 refused/],
    code: 2,
    stored: { 'xl-1': { company: 'PT Café Jaya', salaryMin: 5200000, quota: 10, minEducation: 'SMA' }, 'xl-2': { howToApply: 'Kirim CV lewat WhatsApp +62 812-0000-0000' }, 'xl-3': { title: 'Operator Mesin' } },
  },
];

/** Contacts on Telegram with an "at once" subscription (kecamatan codes, optional job word). */
async function immediateSubscribers(runtime: Runtime, subs: Array<{ chat: string; kecamatan: string[]; keyword?: string; immediate?: boolean }>, since: Date): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const s of subs) {
    const contact = await runtime.db.contact.create({ data: { channel: 'telegram', externalId: s.chat, lastSeenAt: since } });
    const sub = await runtime.db.subscription.create({ data: { contactId: contact.id, kecamatan: kecamatanColumn(s.kecamatan), educationRank: 8, keyword: s.keyword ?? null, immediate: s.immediate ?? true, lastDigestAt: since } });
    ids.set(s.chat, sub.id);
  }
  return ids;
}

const dir = tempDir();
const day = (n: number) => dateAfter(new Date(), n, 'Asia/Jakarta').toISOString().slice(0, 10);
const HEADER = 'source_id,title,company,district,min_education,keywords,employment_type,how_to_apply,closing_date';

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

// 3 good rows and 2 bad ones (unknown kecamatan on line 3, bad education on line 5).
const mixedCsv = () =>
  write(
    'mixed.csv',
    [
      HEADER,
      `staf-1,Operator Produksi,PT Maju Kita,MM2100,SMK,operator;produksi,kontrak,Datang ke pos satpam,${day(20)}`,
      `staf-2,Kasir,Toko Sumber Rejeki,Cikarang Kota Baru,SMA,kasir,paruh waktu,Antar lamaran,${day(20)}`,
      `staf-3,Helper Gudang,CV Tiga Saudara,Muara Gembong,SMP,helper;gudang,harian,Datang langsung,${day(15)}`,
      `staf-4,Staf Admin,PT Empat,Setu,SMA sederajat lah,admin,kontrak,Kirim CV,${day(10)}`,
      `staf-5,Admin HRD,PT Lima Jaya,cikbar,S1,hrd;admin,tetap,Kirim CV ke email HRD,${day(30)}`,
    ].join('\n'),
  );

for (const database of testDatabases()) {
  describe(`importing vacancies (${database.name})`, () => {
    let url: string;
    beforeAll(async () => {
      url = await database.create();
    });
    afterAll(() => database.dropAll());

    it('imports the 3 good rows, reports the 2 bad ones with line and reason, and exits non-zero', async () => {
      const file = mixedCsv();
      const first = await runPasker(['import', 'vacancies', file], { env: { DATABASE_URL: url } });
      expect(first.code).not.toBe(0);
      expect(first.stdout).toContain('3 created, 0 updated, 0 unchanged, 2 refused');
      expect(first.stdout).toMatch(/line 3 \(staf-2\): unknown district "Cikarang Kota Baru"/);
      expect(first.stdout).toMatch(/line 5 \(staf-4\): min_education "SMA sederajat lah" is not one of SD SMP SMA/);

      const second = await runPasker(['import', 'vacancies', file], { env: { DATABASE_URL: url } });
      expect(second.stdout).toContain('0 created, 0 updated, 3 unchanged, 2 refused');
    });

    it('updates a changed row by source_id instead of adding a duplicate', async () => {
      const runtime = await startRuntime(url);
      try {
        const file = write('changed.csv', `${HEADER}\nstaf-1,Operator Produksi Shift,PT Maju Kita,MM2100,SMK,operator;produksi,kontrak,Datang ke pos satpam,${day(20)}\n`);
        const report = await importVacancyFile(runtime.db, file, { region: runtime.content.region, timeZone: 'Asia/Jakarta' });
        expect(report).toMatchObject({ created: 0, updated: 1, unchanged: 0, errors: [] });
        const rows = await runtime.db.vacancy.findMany({ where: { sourceId: 'staf-1' } });
        expect(rows.map((r) => r.title)).toEqual(['Operator Produksi Shift']);
      } finally {
        await runtime.close();
      }
    });

    it('reads JSON and names the line where a bad vacancy starts', async () => {
      const runtime = await startRuntime(url);
      try {
        const good = { source_id: 'json-1', title: 'Security', company: 'PT Aman', district: 'Setu', min_education: 'SMA', keywords: 'security;satpam', employment_type: 'kontrak', how_to_apply: 'Datang langsung', closing_date: day(9) };
        const bad = { ...good, source_id: 'json-2', district: 'Karawang', closing_date: '2020-01-01' };
        const file = write('v.json', JSON.stringify([good, bad], null, 2));
        const report = await importVacancyFile(runtime.db, file, { region: runtime.content.region, timeZone: 'Asia/Jakarta' });
        expect(report.created).toBe(1);
        expect(report.errors).toEqual([{ line: 13, sourceId: 'json-2', reason: '"Karawang" is outside Kabupaten Bekasi; closing_date 2020-01-01 has already passed' }]);
      } finally {
        await runtime.close();
      }
    });

    // A large file is read and stored a batch of rows at a time; staff must not notice where one batch ends.
    it('a file larger than a batch still refuses an id used hundreds of lines earlier, reads an accent on its last line, and a broken quote at its end stores nothing', async () => {
      const runtime = await startRuntime(url);
      try {
        const options = { region: runtime.content.region, timeZone: 'Asia/Jakarta' };
        const rows = Array.from({ length: 1200 }, (_, i) => `long-${i},Operator Produksi,PT Panjang ${i},Setu,SMA,operator,kontrak,Datang langsung,${day(20)}`);
        // Line 1202 reuses the id of line 2; the last row's company is "Café" in Windows-1252, its one non-UTF-8 byte.
        const text = [HEADER, ...rows, `long-0,Operator Gudang,PT Lain,Setu,SMA,gudang,kontrak,Datang langsung,${day(20)}`, `long-last,Barista,Caf\u00e9 Ujung,Setu,SMA,barista,kontrak,Datang langsung,${day(20)}`].join('\n');
        const file = path.join(dir, 'long-1252.csv');
        fs.writeFileSync(file, Buffer.from(text, 'latin1'));
        const report = await importVacancyFile(runtime.db, file, options);
        expect(report.notes.join('; ')).toContain('as Windows-1252, not UTF-8');
        expect(report).toMatchObject({ rows: 1202, created: 1201, errors: [{ line: 1202, sourceId: 'long-0', reason: 'source_id "long-0" is already used on line 2' }] });
        expect((await runtime.db.vacancy.findUnique({ where: { sourceId: 'long-last' } }))?.company).toBe('Café Ujung');

        const broken = write('long-broken.csv', [HEADER, ...rows.map((r) => r.replace('long-', 'broken-')), `broken-end,"Operator,PT Rusak,Setu,SMA,operator,kontrak,Datang langsung,${day(20)}`].join('\n'));
        await expect(importVacancyFile(runtime.db, broken, options)).rejects.toThrow(/a quote \(".*\) that opens a cell is never closed: check the quotes on line 1202/);
        expect(await runtime.db.vacancy.count({ where: { sourceId: { startsWith: 'broken-' } } })).toBe(0);
      } finally {
        await runtime.close();
      }
    });

    for (const bad of BAD_FILES) {
      it(`${bad.file}: says what was wrong, exits ${bad.code}, keeps the good rows and duplicates nothing on a second import`, async () => {
        const result = await runPasker(['import', 'vacancies', fixture(bad.file)], { env: { DATABASE_URL: url } });
        const said = result.stdout + result.stderr;
        for (const m of bad.says) expect(said).toMatch(m);
        expect(result.code).toBe(bad.code);
        expect(said).not.toMatch(/at .*\.ts:\d+|Error:|PrismaClient|invocation/);
        const runtime = await startRuntime(url);
        try {
          const ids = Object.keys(bad.stored);
          for (const [sourceId, fields] of Object.entries(bad.stored)) {
            expect(await runtime.db.vacancy.findUnique({ where: { sourceId } })).toMatchObject(fields);
          }
          if (!ids.length) return;
          const again = await importVacancyFile(runtime.db, fixture(bad.file), { region: runtime.content.region, timeZone: 'Asia/Jakarta' });
          expect(again).toMatchObject({ created: 0, updated: 0, unchanged: ids.length });
          expect(await runtime.db.vacancy.count({ where: { sourceId: { in: ids } } })).toBe(ids.length);
        } finally {
          await runtime.close();
        }
      });
    }

    it('a file that cannot be imported at all is refused as a whole, naming the file', async () => {
      const runtime = await startRuntime(url);
      try {
        await expect(importVacancyFile(runtime.db, fixture('header-only.csv'), { region: runtime.content.region, timeZone: 'Asia/Jakarta' })).rejects.toThrow(InputError);
        await expect(importVacancyFile(runtime.db, fixture('no-such-file.csv'), { region: runtime.content.region, timeZone: 'Asia/Jakarta' })).rejects.toThrow(/no-such-file\.csv: no such file/);
        await expect(importVacancyFile(runtime.db, fixture('../fixtures'), { region: runtime.content.region, timeZone: 'Asia/Jakarta' })).rejects.toThrow(/reads \.csv, \.txt, \.tsv, \.xlsx, \.json files/);
      } finally {
        await runtime.close();
      }
    });

    it('20,000 rows are stored in batches with progress, and their immediate alerts are queued: one per vacancy, or one list for many', { timeout: 400_000 }, async () => {
      const runtime = await startRuntime(url);
      const raw = openRaw(url);
      try {
        const region = runtime.content.region;
        const places = ['Setu', 'Cibitung', 'Tambun Selatan', 'Cikarang Barat'].map((p) => (region.resolve(p) as { code: string }).code);
        const subs = await immediateSubscribers(
          runtime,
          [
            { chat: '880001', kecamatan: [places[0]!], keyword: 'juru las' }, // 2 rows: one message each
            { chat: '880002', kecamatan: [] }, // every row: one list
            { chat: '880003', kecamatan: [places[1]!], immediate: false }, // daily: nothing now
          ],
          new Date(),
        );
        const lines = [HEADER];
        for (let i = 0; i < 20_000; i++) {
          const welder = i === 7 || i === 19_999;
          const place = welder ? 'Setu' : ['Cibitung', 'Tambun Selatan', 'Cikarang Barat'][i % 3];
          lines.push(`big-${i},${welder ? 'Juru Las' : 'Operator Produksi'},PT Besar ${i % 50},${place},SMA,${welder ? 'juru las;las' : 'operator'},kontrak,Datang langsung,${day(30)}`);
        }
        const file = write('big.csv', lines.join('\n'));
        const result = await runPasker(['import', 'vacancies', file], { env: { DATABASE_URL: url } });
        expect(result.stderr).toContain('stored 500 of 20000 rows');
        expect(result.stdout).toContain('20000 rows: 20000 created, 0 updated, 0 unchanged, 0 refused; immediate alerts queued: 3');
        expect(result.code).toBe(0);
        const outbox = await runtime.db.outbox.findMany({ where: { kind: 'alert' }, orderBy: { key: 'asc' } });
        const welders = await runtime.db.vacancy.findMany({ where: { sourceId: { in: ['big-7', 'big-19999'] } }, orderBy: { id: 'asc' } });
        expect(outbox.map((o) => o.key).sort()).toEqual(
          [`alert:${subs.get('880001')}:${welders[0]!.id}`, `alert:${subs.get('880001')}:${welders[1]!.id}`, expect.stringMatching(new RegExp(`^alert-list:${subs.get('880002')}:`))].sort(),
        );
        const list = JSON.parse(outbox.find((o) => o.recipient === '880002')!.payload) as { digest: { total: number; ids: number[] } };
        expect(list.digest.total).toBe(20_000);

        const again = await runPasker(['import', 'vacancies', file], { env: { DATABASE_URL: url } });
        expect(again.stdout).toContain('20000 rows: 0 created, 0 updated, 20000 unchanged, 0 refused; immediate alerts queued: 0');
        expect(await runtime.db.vacancy.count({ where: { sourceId: { startsWith: 'big-' } } })).toBe(20_000);
      } finally {
        await raw.close();
        await runtime.close();
      }
    });

    it('alerts for rows an import stored before dying are queued by the next planning, once', async () => {
      const runtime = await startRuntime(url);
      const raw = openRaw(url);
      try {
        const setu = (runtime.content.region.resolve('Setu') as { code: string }).code;
        await immediateSubscribers(runtime, [{ chat: '880010', kecamatan: [setu], keyword: 'tukang kebun' }], new Date());
        // Stored without planning, as when the process died between the two.
        await importVacancyFile(runtime.db, write('died.csv', `${HEADER}\nkebun-1,Tukang Kebun,PT Hijau,Setu,SD,tukang kebun,harian,Datang langsung,${day(9)}\n`), { region: runtime.content.region, timeZone: 'Asia/Jakarta' });
        await planImmediateAlerts(runtime, raw, new Date());
        expect(await runtime.db.outbox.count({ where: { recipient: '880010' } })).toBe(1);
        await planImmediateAlerts(runtime, raw, new Date());
        expect(await runtime.db.outbox.count({ where: { recipient: '880010' } })).toBe(1);
      } finally {
        await raw.close();
        await runtime.close();
      }
    });

    it('a CSV a staff member made is found in chat with the right filters', async () => {
      const runtime = await startRuntime(url);
      try {
        const file = write(
          'staff.csv',
          [
            HEADER,
            `kantor-1,Operator Injection,PT Plastindo Contoh,Cikarang Barat,SMA/SMK,operator;injection,kontrak,Datang ke pos satpam jam 8,${day(14)}`,
            `kantor-2,Operator Injection,PT Plastindo Contoh,Cibitung,SMA/SMK,operator;injection,kontrak,Datang ke pos satpam jam 8,${day(14)}`,
            `kantor-3,Operator Injection,PT Plastindo Contoh,Cikarang Barat,S1,operator;injection,kontrak,Datang ke pos satpam jam 8,${day(14)}`,
          ].join('\n'),
        );
        const report = await importVacancyFile(runtime.db, file, { region: runtime.content.region, timeZone: 'Asia/Jakarta' });
        expect(report.errors).toEqual([]);
        runtime.catalog.invalidate();
        const seeker = person(runtime);
        const answer = await seeker.say('ada loker operator injection di cikbar buat lulusan smk?');
        expect(answer).toContain('Ada 1 lowongan operator injection di Cikarang Barat untuk lulusan SMA/SMK');
        expect(answer).not.toContain('(CONTOH)');
        const details = await seeker.say('1');
        expect(details).toContain('Minimal SMA/SMK');
        expect(details).toContain('Kec. Cikarang Barat');
        expect(details).toContain('Datang ke pos satpam jam 8');
        expect(details).not.toContain('CONTOH');
      } finally {
        await runtime.close();
      }
    });
  });
}
