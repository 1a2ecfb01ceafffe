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

describe('understanding v2: what the dialogue needs for repair', () => {
  it('says who decided and the likeliest intents with their scores', async () => {
    const search = await u('ada loker operator di cikbar?');
    expect(search.source).toBe('classifier');
    expect(search.alternatives[0]).toEqual({ intent: 'search_vacancies', score: search.score });
    expect(search.alternatives.length).toBeGreaterThan(1);
    expect(search.alternatives.map((a) => a.score)).toEqual([...search.alternatives.map((a) => a.score)].sort((a, b) => b - a));
    const menu = await u('menu');
    expect(menu).toMatchObject({ source: 'rule', byRule: true, intent: 'help_menu' });
  });

  it('reads an answer as the answer to the question waiting', async () => {
    const sma = await nlu.understand('sma', { pending: 'education' });
    expect(sma).toMatchObject({ source: 'context', answers: 'education', entities: { education: 'SMA' } });
    const place = await nlu.understand('cikarang utara deket pasar', { pending: 'district' });
    expect(place).toMatchObject({ source: 'context', answers: 'district', entities: { district: ['Cikarang Utara'], keyword: null } });
    // Waiting for a job word: the job itself, without the words around it.
    const job = await nlu.understand('operator produksi kirim ke sini ya', { pending: 'keyword' });
    expect(job).toMatchObject({ source: 'context', answers: 'keyword', entities: { keyword: 'operator produksi' } });
    // Without the question, the same words are no answer.
    expect((await u('sma')).answers).toBeNull();
    // A clear other request is still that request.
    const other = await nlu.understand('cara daftar siapkerja gimana', { pending: 'district' });
    expect(other).toMatchObject({ intent: 'registration_help', source: 'classifier', answers: null });
    // "jangan dihapus" while erasing is asked: an answer, never an erasure.
    const no = await nlu.understand('jangan dihapus', { pending: 'erase_confirm' });
    expect(no).toMatchObject({ source: 'context', explicit: { stop: false, erase: false } });
  });

  it('a negation takes away what it denies, and leaves the rest', async () => {
    expect((await u('bukan nyari kerja, mau nanya kantor')).intent).toBe('office_info');
    expect((await u('ga mau berhenti langganan, cuma mau ganti daerahnya')).intent).toBe('subscribe');
  });

  it('a polite tail or greeting around a request does not win over it', async () => {
    expect((await u('kalo yg di cibitung ada loker gudang ga kak? makasih sebelumnya')).intent).toBe('search_vacancies');
    expect((await u('makasih infonya kak, kalau yang di setu ada loker?')).intent).toBe('search_vacancies');
    // Without a comma, and "sebelumnya" read as two words.
    const tail = await u('lowongan driver di cikarang pusat makasih sebelumnya');
    expect([tail.intent, tail.entities.keyword]).toEqual(['search_vacancies', 'driver']);
    expect((await u('assalamualaikum kak, cara bikin kartu kuning gimana ya? terima kasih')).intent).toBe('registration_help');
    // Thanks with a remark that asks nothing is still thanks.
    expect((await u('makasih kak, semoga lancar semua')).intent).toBe('thanks');
  });

  it('a message with two requests keeps both: one is the intent, the other is offered with its words', async () => {
    const r = await u('ada loker satpam di cibitung? terus alamat kantor disnaker dimana');
    expect([r.intent, r.also?.intent].sort()).toEqual(['office_info', 'search_vacancies']);
    expect(['ada loker satpam di cibitung', 'alamat kantor disnaker dimana']).toContain(r.also!.clause);
    // A polite tail is no second request.
    expect((await u('ada loker gudang di setu? makasih ya kak')).also).toBeNull();
  });

  it('takes only the job words, not what follows them', async () => {
    expect((await u('satpam pabrik sekarang')).entities.keyword).toBe('satpam pabrik');
    expect((await u('loker operator produksi kirim ke wa saya ya')).job).toBe('operator produksi');
    expect((await u('lowongan sopir pribadi di cibarusah?')).entities.keyword).toBe('sopir pribadi');
  });
});
