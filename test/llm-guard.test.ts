// The pieces of the model path that need no model: the guard that checks an
// answer against its facts, retrieval over Pasker's knowledge, what of a
// message may be sent, and the FAQ file's checks.

import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadContent, loadFaq, type Content } from '../src/app/content.ts';
import { loadConfig } from '../src/config.ts';
import { ContentError } from '../src/core/messages.ts';
import { CallMeter } from '../src/llm/call-meter.ts';
import { asksForSecret, unsupportedClaims } from '../src/llm/grounding-guard.ts';
import { faqSource, guideSource, officeSource, type Passage } from '../src/llm/knowledge.ts';
import { outboundText } from '../src/llm/outbound-text.ts';
import { PassageIndex, SearchText } from '../src/llm/retrieval.ts';
import { createLogger } from '../src/log.ts';
import { tempDir } from './support/databases.ts';

let content: Content;
beforeAll(async () => {
  content = await loadContent(loadConfig({ DATA_DIR: 'data/test-cache' }));
});
const faq = (id: string) => content.faq.entries.find((e) => e.id === id)!.answer;

describe('the guard', () => {
  it('lets through an answer that only restates its facts, in other words or with numbers spelled out', () => {
    expect(unsupportedClaims('Kartu kuning berlaku dua tahun, Kak, di seluruh Indonesia.', [faq('ak1-masa-berlaku')])).toEqual([]);
    expect(unsupportedClaims('Menurut Perpres 57 tahun 2023, perusahaan wajib lapor lowongan ke Kemnaker.', [faq('wllp-wajib')])).toEqual([]);
    expect(unsupportedClaims('Bisa telepon Halo Dukcapil di 1500537, Kak.', [faq('nik-ditolak')])).toEqual([]);
    expect(unsupportedClaims('Buka www.kemnaker.go.id lalu ketuk "Daftar/Masuk".', [faq('siapkerja-situs')])).toEqual([]);
    expect(unsupportedClaims('Gedung Tripartit ada di Kp. Bugelsalam, Kel. Sertajaya, Cikarang Timur.', [faq('tripartit')])).toEqual([]);
    expect(unsupportedClaims('Gratis, Kak. Jangan bayar siapa pun.', [faq('ak1-biaya')])).toEqual([]);
  });

  it('names every number, amount, date, address, phone, web or e-mail address, document and name the facts do not hold', () => {
    const facts = [faq('ak1-masa-berlaku')];
    const cases: Array<[string, string]> = [
      ['Kartu kuning berlaku 3 tahun.', '3'],
      ['Kartu kuning berlaku tiga tahun.', '3'],
      ['Biayanya Rp 50.000.', '50000'],
      ['Biayanya lima puluh ribu.', 'ribu'],
      ['Ada biaya administrasi.', 'biaya'],
      ['Datang hari Senin.', 'senin'],
      ['Job fair tanggal 12 Juni.', 'juni'],
      ['Kantornya di Jl. Raya Cikarang.', 'jl raya'],
      ['Hubungi 0812-3456-7890.', '81234567890'],
      ['Kirim email ke info@disnaker.example.id.', 'info@disnaker.example.id'],
      ['Buka https://karirhub.kemnaker.go.id/lowongan.', 'karirhub.kemnaker.go.id/lowongan'],
      ['Bawa juga SKCK.', 'skck'],
      ['Ada lowongan di PT Maju Jaya.', 'PT Maju Jaya'],
    ];
    for (const [answer, claim] of cases) expect(unsupportedClaims(answer, facts), answer).toContain(claim);
  });
});

describe('asking for secrets', () => {
  it('spots an answer asking for a NIK, password or code in the chat, not one saying where to type it', () => {
    expect(asksForSecret('Kirim NIK Kakak ke sini ya, nanti saya cek.')).toBe(true);
    expect(asksForSecret('Boleh sebutkan kode OTP yang masuk?')).toBe(true);
    expect(asksForSecret('Ketik NIK hanya di situs resminya, jangan kirim ke chat.')).toBe(false);
    expect(asksForSecret('Jangan kirim kata sandi ke siapa pun.')).toBe(false);
    expect(asksForSecret(faq('siapkerja-siapkan'))).toBe(false);
  });
});

describe('retrieval', () => {
  let index: PassageIndex;
  beforeAll(() => {
    const passages = [faqSource(content.faq), guideSource(content.guides), officeSource(content.office, null)].flatMap((s) => s.passages() as Passage[]);
    index = new PassageIndex(passages, new SearchText({ slang: content.nlu.slang, common: [content.region.name] }));
  });
  const top = (q: string) => index.search(q, { limit: 4, minScore: 3, minCoverage: 0.3 }).map((h) => h.passage.id);

  it('finds the FAQ entry a question in chat spelling is about', () => {
    expect(top('kartu kuning brp lama berlakunya')[0]).toBe('faq:ak1-masa-berlaku');
    expect(top('kalau ktp kota bekasi gmn bikin ak1')[0]).toBe('faq:ak1-ktp-luar');
    expect(top('ada yg minta duit 2 juta biar masuk pabrik')[0]).toBe('faq:calo-bayar');
    expect(top('bisa bikin kartu kuning online?')[0]).toBe('faq:ak1-online');
    expect(top('paket c bisa ngelamar?')[0]).toBe('faq:paket-c');
    expect(top('bikin email gimana')).toContain('guide:_shared/tidak-punya-email');
  });

  it('finds nothing for questions outside Pasker\'s knowledge', () => {
    for (const q of ['siapa presiden sekarang?', 'cuaca hari ini', 'resep nasi goreng', 'harga emas hari ini', 'halo kak']) expect(top(q), q).toEqual([]);
  });

  it('holds only office facts that are set', () => {
    const ids = (officeSource(content.office, null).passages() as Passage[]).map((p) => p.id);
    expect(ids).toContain('office:location');
    expect(ids).not.toContain('office:address');
    expect(ids).not.toContain('office:hours');
    expect((officeSource({ ...content.office, hours: 'Senin-Jumat 08.00-15.00' }, null).passages() as Passage[]).find((p) => p.id === 'office:hours')!.text).toContain('08.00');
  });
});

describe('what may leave for a model', () => {
  it('has no NIK, password, code, phone number, e-mail address or given name', () => {
    const out = outboundText('nama saya Budi Santoso mau tanya. NIK 3216 0123 4567 8901, password saya Kerja#2026, kode otp 482913, wa +62 812-3456-7890, email budi@mail.com');
    for (const gone of ['Budi', 'Santoso', '3216', 'Kerja#2026', '482913', '812', 'budi@mail.com']) expect(out).not.toContain(gone);
    expect(out).toContain('mau tanya');
  });

  it('keeps what the question needs: ages, years, a call-centre number', () => {
    expect(outboundText('umur 25 lulusan 2019, halo dukcapil 1500537 bisa?')).toBe('umur 25 lulusan 2019, halo dukcapil 1500537 bisa?');
    expect(outboundText('nama perusahaan apa ya')).toBe('nama perusahaan apa ya');
  });
});

describe('the daily call budget', () => {
  it('starts again at local midnight in the office\'s time zone', () => {
    let now = new Date('2026-03-01T16:30:00Z'); // 23.30 in Jakarta
    const meter = new CallMeter({ model: 'm', structuredOutput: 'tools', dailyCalls: 2, timeZone: 'Asia/Jakarta', now: () => now });
    expect([meter.take(), meter.take(), meter.take()]).toEqual([null, null, 'budget']);
    now = new Date('2026-03-01T17:00:00Z'); // 00.00 the next day
    expect(meter.take()).toBeNull();
    expect(meter.health().today).toEqual({ day: '2026-03-02', calls: 1, limit: 2 });
  });
});

describe('the log', () => {
  it('keeps knowledge ids as they are and still removes a password put where ids go', () => {
    const lines: string[] = [];
    createLogger('info', (l) => lines.push(l)).info('llm answer', { factIds: ['faq:ak1-online', 'guide:ak1/siapkan-dokumen', 'Kerja#2026'], note: 'faq:ak1-online' });
    const line = JSON.parse(lines[0]!) as { factIds: string[]; note: string };
    expect(line.factIds).toEqual(['faq:ak1-online', 'guide:ak1/siapkan-dokumen', '[sandi dihapus]']);
    expect(line.note).toBe('[sandi dihapus]');
  });
});

describe('flows/faq.yaml', () => {
  it('loads, every entry with a source and at least two ways of asking', () => {
    expect(content.faq.entries.length).toBeGreaterThanOrEqual(25);
    for (const e of content.faq.entries) {
      expect(e.source, e.id).toMatch(/^https?:\/\//);
      expect(e.questions.length, e.id).toBeGreaterThanOrEqual(2);
    }
  });

  it('states nothing domain.md leaves unconfirmed: no street address, hours, office phone or Instagram handle', () => {
    const all = content.faq.entries.map((e) => e.answer).join('\n');
    expect(all).not.toMatch(/07\.30|16\.00|@\w+|informasipasarkerja|PasKerSquad|Ahmad Yani/i);
    expect(all).not.toMatch(/\bJl\.|\bJalan\b/);
  });

  it('names the line of a mistake', () => {
    const file = path.join(tempDir(), 'faq.yaml');
    fs.writeFileSync(file, 'not_known: Belum ada.\nentries:\n  - id: Kartu Kuning\n    questions: [kartu kuning apa]\n    answer: "{office_phone}"\n    source: domain.md\n');
    let error: unknown;
    try {
      loadFaq(file);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ContentError);
    const message = (error as Error).message;
    expect(message).toContain(`${file}:3: entries.0.id must be lower-case words`);
    expect(message).toContain(`${file}:4: entries.0.questions needs at least 2 ways of asking`);
    expect(message).toContain(`${file}:6: entries.0.source must be the address(es)`);
  });
});
