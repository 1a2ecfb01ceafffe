// Job fairs and training programmes: imports refuse bad rows by line like
// vacancy imports, importing again creates no duplicate, the CONTOH samples
// show in chat marked as samples, and `pasker samples remove` takes every
// sample away at once.

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importEventFile, importTrainingFile, loadServiceSamples } from '../src/app/service-files.ts';
import { planServiceAlerts } from '../src/app/service-alerts.ts';
import { openRaw } from '../src/db/raw.ts';
import { loadSampleVacancies } from '../src/app/vacancy-files.ts';
import { runPasker } from './support/cli.ts';
import { tempDir, testDatabases } from './support/databases.ts';
import { person, startRuntime } from './support/runtime.ts';

const EVENTS = [
  'source_id,nama_acara,tanggal,tempat,kecamatan,cara_daftar,biaya,catatan',
  'ev-1,Bursa Kerja Uji,2099-03-14,Gedung Uji,Cikarang Pusat,Daftar di tempat,gratis,Prioritas KTP Kabupaten Bekasi',
  'ev-2,Tanpa Tanggal,,Gedung Uji,Cikarang Pusat,,,',
  'ev-3,Salah Kecamatan,2099-03-20,Gedung Uji,Bekasi Timur,,,',
  'ev-1,Dobel,2099-03-21,Gedung Uji,Setu,,,',
].join('\n');

const TRAINING = [
  'source_id,title,provider,place,keywords,district,min_education,start_date,end_date,cost',
  'tr-1,Pelatihan Las Uji,BLK Uji,BLK Tambun Utara,las;pengelasan,Tambun Utara,SMP,2099-01-10,2099-02-10,gratis',
  'tr-2,Pelatihan Tanpa Kata,BLK Uji,BLK Tambun Utara,,Tambun Utara,SMP,2099-01-10,2099-02-10,gratis',
  'tr-3,Pelatihan Terbalik,BLK Uji,BLK Tambun Utara,jahit,Tambun Utara,SMP,2099-03-10,2099-02-10,gratis',
  'tr-4,Pelatihan Mahal,LPK Uji,Cibitung,komputer,Cibitung,SLTA,rolling,,dua juta',
].join('\n');

for (const database of testDatabases()) {
  describe(`job fairs and training (${database.name})`, () => {
    afterAll(() => database.dropAll());

    it('refuses bad rows by line, keeps the good ones, and a second import changes nothing', async () => {
      const url = await database.create();
      const dir = tempDir();
      fs.writeFileSync(path.join(dir, 'events.csv'), EVENTS);
      fs.writeFileSync(path.join(dir, 'training.csv'), TRAINING);
      const env = { DATABASE_URL: url };
      const ev = await runPasker(['import', 'events', path.join(dir, 'events.csv')], { env });
      expect(ev.code).toBe(2);
      expect(ev.stdout).toContain('line 3 (ev-2): start_date is empty');
      expect(ev.stdout).toMatch(/line 4 \(ev-3\): .*Bekasi Timur/);
      expect(ev.stdout).toContain('line 5 (ev-1): source_id "ev-1" is already used on line 2');
      expect(ev.stdout).toContain('4 rows: 1 created, 0 updated, 0 unchanged, 3 refused');
      const tr = await runPasker(['import', 'training', path.join(dir, 'training.csv')], { env });
      expect(tr.code).toBe(2);
      expect(tr.stdout).toContain('line 3 (tr-2): keywords is empty');
      expect(tr.stdout).toContain('line 4 (tr-3): end_date is before start_date');
      expect(tr.stdout).toContain('line 5 (tr-4): cost "dua juta" is not an amount in rupiah');
      expect(tr.stdout).toContain('4 rows: 1 created');
      const again = await runPasker(['import', 'events', path.join(dir, 'events.csv')], { env });
      expect(again.stdout).toContain('0 created, 0 updated, 1 unchanged');
      const trAgain = await runPasker(['import', 'training', path.join(dir, 'training.csv')], { env });
      expect(trAgain.stdout).toContain('0 created, 0 updated, 1 unchanged');
      const runtime = await startRuntime(url);
      try {
        expect(await runtime.db.event.count()).toBe(1);
        expect(await runtime.db.training.count()).toBe(1);
        // What was imported is what seekers are told, and nothing else.
        const p = person(runtime);
        const list = await p.say('ada pelatihan las ga? sy lulusan smp di tambun utara');
        expect(list).toContain('Pelatihan Las Uji');
        expect(list).not.toContain('Pelatihan Mahal');
        const fair = await p.say('kapan job fair lagi?');
        expect(fair).toContain('Bursa Kerja Uji');
        expect(fair).toContain('14 Mar 2099');
      } finally {
        await runtime.close();
      }
    });

    it('"kabari kalau ada job fair" and "... pelatihan las" get each new one once through the outbox; "stop" ends them', async () => {
      const url = await database.create();
      const runtime = await startRuntime(url, { QUIET_HOURS: 'off' });
      const raw = openRaw(url);
      try {
        const fair = person(runtime, '701', 'telegram');
        expect(await fair.say('kabari kalau ada job fair ya kak')).toContain('kalau ada job fair baru');
        const las = person(runtime, '702', 'telegram');
        expect(await las.say('kabarin kalo ada pelatihan las')).toContain('pelatihan las baru');
        const stopped = person(runtime, '703', 'telegram');
        await stopped.say('kabari kalau ada job fair');
        await stopped.say('stop');
        // Asking twice keeps one wish.
        await fair.say('kabari kalau ada job fair ya kak');
        expect(await runtime.db.serviceAlert.count({ where: { status: 'active' } })).toBe(2);
        await new Promise((r) => setTimeout(r, 20));
        const dir = tempDir();
        fs.writeFileSync(path.join(dir, 'events.csv'), EVENTS);
        fs.writeFileSync(path.join(dir, 'training.csv'), TRAINING);
        await importEventFile(runtime.db, path.join(dir, 'events.csv'), { region: runtime.content.region, timeZone: 'Asia/Jakarta' });
        await importTrainingFile(runtime.db, path.join(dir, 'training.csv'), { region: runtime.content.region, timeZone: 'Asia/Jakarta' });
        const first = await planServiceAlerts(runtime, raw, new Date());
        const second = await planServiceAlerts(runtime, raw, new Date());
        expect(first.queued).toBe(2);
        expect(second.queued).toBe(0);
        const rows = await runtime.db.outbox.findMany({ where: { kind: 'notice' } });
        const to = (chat: string) => rows.filter((r) => r.recipient === chat).map((r) => r.payload).join('\n');
        expect(to('701')).toContain('Bursa Kerja Uji');
        expect(to('701')).not.toContain('Pelatihan');
        expect(to('702')).toContain('Pelatihan Las Uji');
        expect(to('702')).toContain('tidak pernah meminta transfer');
        expect(to('703')).toBe('');
      } finally {
        await raw.close();
        await runtime.close();
      }
    });

    it('shows the samples marked CONTOH, and "pasker samples remove" takes every sample away', async () => {
      const url = await database.create();
      const runtime = await startRuntime(url);
      try {
        await loadSampleVacancies(runtime.db, { region: runtime.content.region, timeZone: 'Asia/Jakarta' });
        const loaded = await loadServiceSamples(runtime.db, { region: runtime.content.region, timeZone: 'Asia/Jakarta' });
        expect(loaded.events.errors).toEqual([]);
        expect(loaded.training.errors).toEqual([]);
        runtime.services.invalidate();
        const p = person(runtime);
        const fair = await p.say('info job fair dong');
        expect(fair).toContain('[CONTOH] Bursa Kerja Cikarang');
        expect(fair).toContain('bukan acara sungguhan');
        expect(await p.say('1')).toContain('[CONTOH]');
        expect(await p.say('ada pelatihan menjahit?')).toContain('[CONTOH] Pelatihan Menjahit');
      } finally {
        await runtime.close();
      }
      const removed = await runPasker(['samples', 'remove'], { env: { DATABASE_URL: url } });
      expect(removed.code, removed.stderr).toBe(0);
      expect(removed.stdout).toMatch(/removed the samples: \d+ vacancies, 2 events, 3 training programmes/);
      const after = await startRuntime(url);
      try {
        expect(await after.db.vacancy.count({ where: { isSample: true } })).toBe(0);
        expect(await after.db.event.count()).toBe(0);
        expect(await after.db.training.count()).toBe(0);
        expect(await person(after).say('info job fair dong')).toContain('belum ada di data saya');
      } finally {
        await after.close();
      }
    });
  });
}
