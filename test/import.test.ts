// Staff import vacancy files: bad rows are refused with their line and
// reason, good rows are stored, and importing again changes nothing.

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importVacancyFile } from '../src/app/vacancy-files.ts';
import { dateAfter } from '../src/domain/time.ts';
import { runPasker } from './support/cli.ts';
import { tempDir, testDatabases } from './support/databases.ts';
import { person, startRuntime } from './support/runtime.ts';

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
