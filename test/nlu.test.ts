// Understanding Indonesian as people really type it: the hard cases.

import { beforeAll, describe, expect, it } from 'vitest';
import { loadContent } from '../src/app/content.ts';
import { loadConfig } from '../src/config.ts';
import { Understander } from '../src/nlu/understand.ts';
import type { Understanding } from '../src/nlu/types.ts';

let nlu: Understander;
beforeAll(async () => {
  const content = await loadContent(loadConfig({ DATA_DIR: 'data/test-cache' }));
  nlu = await Understander.create(content.nlu, { cacheDir: 'data/test-cache' });
});
const u = (text: string): Promise<Understanding> => nlu.understand(text);

describe('places', () => {
  it('never guesses "cikarang", "tambun", "bekasi" or "jababeka" alone', async () => {
    for (const text of ['loker cikarang', 'ada kerjaan di tambun ga', 'lowongan bekasi', 'loker jababeka dong']) {
      const r = await u(text);
      expect(r.entities.district, text).toEqual([]);
      expect(r.ambiguousPlaces.length, text).toBe(1);
    }
    expect((await u('loker cikarang')).ambiguousPlaces[0]!.codes).toHaveLength(5);
  });

  it('does not map a place outside the regency into it', async () => {
    for (const text of ['loker kurir di bekasi timur', 'ada loker di karawang?', 'lowongan daerah pondok gede']) {
      const r = await u(text);
      expect(r.entities.district, text).toEqual([]);
      expect(r.outsidePlaces.length, text).toBe(1);
    }
  });

  it('understands typos, shorthand, other spellings, villages and industrial estates', async () => {
    const cases: Array<[string, string[]]> = [
      ['loker di tambun seltan', ['Tambun Selatan']],
      ['ada lowongan di cikarang barta', ['Cikarang Barat']],
      ['lowongan di cikarang timr', ['Cikarang Timur']],
      ['loker cikbar', ['Cikarang Barat']],
      ['kerja di muara gembong', ['Muaragembong']],
      ['loker karangbahagia', ['Karang Bahagia']],
      ['sy tinggal di desa sriamur', ['Tambun Utara']],
      ['lokernya yg di telaga asih', ['Cikarang Barat']],
      ['loker MM 2100', ['Cikarang Barat']],
      ['loker forklift EJIP', ['Cikarang Selatan']],
      ['loker di babelan ato marunda center', ['Babelan', 'Tarumajaya']],
      ['loker serangbaru', ['Serang Baru']],
    ];
    for (const [text, district] of cases) expect((await u(text)).entities.district, text).toEqual(district);
  });

  it('does not take ordinary words or company names for places', async () => {
    for (const text of ['saya siap kerja apa saja', 'PT Sinar Jaya butuh operator', 'setuju min', 'satu lagi dong']) {
      expect((await u(text)).entities.district, text).toEqual([]);
    }
  });
});

describe('education, platform and job', () => {
  it('takes the highest level named, in any common form', async () => {
    const cases: Array<[string, string]> = [
      ['lulusan smk', 'SMA'], ['tamatan STM', 'SMA'], ['ijazah paket c', 'SMA'], ['lulusan MA', 'SMA'], ['SLTA', 'SMA'],
      ['sy sarjana teknik', 'S1'], ['lulusan strata satu', 'S1'], ['lulusan D-3', 'D3'], ['diploma tiga akuntansi', 'D3'],
      ['lulusan smk tapi udah d3', 'D3'], ['cuma tamatan SD', 'SD'],
    ];
    for (const [text, level] of cases) expect((await u(text)).entities.education, text).toBe(level);
    expect((await u('buka senin sd jumat')).entities.education).toBeNull();
  });

  it('names the platform: kartu kuning / AK/1 / kartu pencaker are ak1', async () => {
    expect((await u('cara bikin kartu kuning')).entities.platform).toBe('ak1');
    expect((await u('syarat AK/1 apa aja')).entities.platform).toBe('ak1');
    expect((await u('daftar siap kerja gmn')).entities.platform).toBe('siapkerja');
    expect((await u('udh punya akun siapkerja, cara masuk karirhub gmn')).entities.platform).toBe('karirhub');
    expect((await u('saya siap kerja apa aja')).entities.platform).toBeNull();
  });

  it('finds the job asked for without filler words', async () => {
    const cases: Array<[string, string | null]> = [
      ['ada loker operator produksi di cikbar gak min?', 'operator produksi'],
      ['lowongan sopir pribadi di cibarusah?', 'sopir pribadi'],
      ['info loker helper hari ini dong', 'helper'],
      ['loker admin wfh ada?', 'admin'],
      ['pengen kerja jadi barista', 'barista'],
      ['loker buat cewe lulusan sma umur 25', null],
      ['loker pabrik kami di cibitung lagi buka lowongan staff gudang', 'staff gudang'],
    ];
    for (const [text, keyword] of cases) expect((await u(text)).entities.keyword, text).toBe(keyword);
  });
});

describe('intents', () => {
  it('a greeting glued to a question is understood by its question', async () => {
    expect((await u('assalamualaikum min, mau tanya loker di setu ada?')).intent).toBe('search_vacancies');
    expect((await u('halooo kak gimana cara daftar siapkerja')).intent).toBe('registration_help');
    expect((await u('halo min')).intent).toBe('greeting');
  });

  it('a negation is not taken as what it denies', async () => {
    expect((await u('bukan nyari kerja, mau nanya alamat kantor disnaker')).intent).toBe('office_info');
  });

  it('an employer looking for workers is not a job seeker', async () => {
    expect((await u('saya mau cari karyawan')).intent).toBe('report_vacancy');
    expect((await u('pabrik kami butuh 20 operator, gimana cara pasang lowongan')).intent).toBe('report_vacancy');
    expect((await u('saya mau cari kerja')).intent).toBe('search_vacancies');
  });

  it('"stop" alone stops alerts; ending a chat does not', async () => {
    expect((await u('stop')).intent).toBe('unsubscribe');
    expect((await u('STOP')).intent).toBe('unsubscribe');
    expect((await u('berhenti langganan')).intent).toBe('unsubscribe');
    for (const text of ['udah dulu ya makasih', 'udahan dulu min', 'oke makasih banyak', 'cukup sekian terima kasih']) {
      expect((await u(text)).intent, text).toBe('thanks');
    }
  });

  it('a bare number is a choice, not a question', async () => {
    const r = await u('2');
    expect(r.bareNumber).toBe(true);
    expect(r.ordinal).toBe(2);
    expect(r.entities).toEqual({ district: [], education: null, platform: null, keyword: null });
    expect((await u('yang kedua')).ordinal).toBe(2);
    expect((await u('nomor 3')).ordinal).toBe(3);
  });

  it('reads slang, repeated letters, run-together words and all caps', async () => {
    expect((await u('MIN ADA LOWKER GK DI CIKBAR')).intent).toBe('search_vacancies');
    expect((await u('halooooo')).intent).toBe('greeting');
    expect((await u('carikerja di setu')).intent).toBe('search_vacancies');
    expect((await u('mau ikut pelatian las')).intent).toBe('training');
  });
});
