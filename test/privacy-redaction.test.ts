// What counts as a secret, as a table: every form in which people were seen
// typing a NIK, a password or a code is taken out before anything is stored,
// logged or understood; ordinary messages that only look a little like one
// (money, education levels, dates, times, an employer's phone number, link
// codes) are kept exactly as typed. And no pattern slows down on a long text.

import { describe, expect, it } from 'vitest';
import { redactSecrets } from '../src/domain/secrets.ts';

type Kind = 'nik' | 'password' | 'code';

// [message, what must disappear, which kind it is]
const secrets: Array<[string, string[], Kind]> = [
  // NIKs, however they are written.
  ['min nik 3216012345678901', ['3216012345678901'], 'nik'],
  ['nik saya 3216 0123 4567 8901', ['3216', '0123', '4567', '8901'], 'nik'],
  ['nik 3216 - 0123 - 4567 - 8901 mau daftar', ['3216', '0123', '4567', '8901'], 'nik'],
  ['nik 3216  0123  4567  8901', ['3216', '0123', '4567', '8901'], 'nik'],
  ['nik 3216\u00A00123\u00A04567\u00A08901', ['3216', '0123', '4567', '8901'], 'nik'],
  ['nik 3216/0123/4567/8901', ['3216', '0123', '4567', '8901'], 'nik'],
  ['nik saya\n3216 0123\n4567 8901', ['3216', '0123', '4567', '8901'], 'nik'],
  ['nik ３２１６０１２３４５６７８９０１', ['３２１６０１２３４５６７８９０１', '３２１６'], 'nik'],
  ['NIK: 321601 120590 0001', ['321601', '120590', '0001'], 'nik'],
  ['nik3216012345678901', ['3216012345678901'], 'nik'],
  ['ini nik saya 3216.0123.4567.8901 dan kk 3216012345670002', ['0123', '4567', '8901', '3216012345670002'], 'nik'],
  ['hp 0812 8800 1234 nik 3216012345678901', ['3216012345678901'], 'nik'],
  ['nik 321601234567890 (kurang satu)', ['321601234567890'], 'nik'],
  ['npwp 12.345.678.9-012.345', ['12.345.678.9-012.345'], 'nik'],
  // Passwords.
  ['pw ku abc12345', ['abc12345'], 'password'],
  ['pass akun siapkerja Budi1234', ['Budi1234'], 'password'],
  ['sandi: Bekasi2024!', ['Bekasi2024!'], 'password'],
  ['password saya Melati#2026', ['Melati#2026'], 'password'],
  ['pasword saya rahasiaku', ['rahasiaku'], 'password'],
  ['pasword aku melati99', ['melati99'], 'password'],
  ['pw saya tuh kucinghitam', ['kucinghitam'], 'password'],
  ['password saya bunga mawar', ['bunga', 'mawar'], 'password'],
  ['kata sandinya = kopi susu', ['kopi', 'susu'], 'password'],
  ['sandi email saya melati123', ['melati123'], 'password'],
  ['password akun saya sekarang Rahasia99', ['Rahasia99'], 'password'],
  ['ini pw nya ya kak biar dibantu: rahasia123', ['rahasia123'], 'password'],
  ['passwordnya ini ya kak = melatiku', ['melatiku'], 'password'],
  ['passwordnya: tigaempat', ['tigaempat'], 'password'],
  ['kata sandi siapkerja saya Jakarta#1 tolong dicek', ['Jakarta#1'], 'password'],
  // Codes and PINs.
  ['kode nya 4829 13', ['4829 13'], 'code'],
  ['otp nya 123456', ['123456'], 'code'],
  ['kode verifikasinya 654321', ['654321'], 'code'],
  ['Kode: A7B9C2', ['A7B9C2'], 'code'],
  ['PIN ATM saya 445566', ['445566'], 'code'],
  ['kode verifikasi dari SIAPkerja 551234', ['551234'], 'code'],
  ['kode masuk ke email 551 203', ['551 203'], 'code'],
  ['kodenya dikirim ke hp 4455', ['4455'], 'code'],
  ['123987 itu kode otp nya', ['123987'], 'code'],
  ['pin saya 9921', ['9921'], 'code'],
  ['482913', ['482913'], 'code'],
];

describe('secrets are taken out, whatever the form', () => {
  it.each(secrets)('"%s"', (message, gone, kind) => {
    const r = redactSecrets(message);
    expect(r[kind]).toBe(true);
    for (const g of gone) expect(r.text).not.toContain(g);
  });

  it('keeps the rest of the sentence around a two-word password', () => {
    expect(redactSecrets('password saya Melati#2026 tolong bantu').text).toBe('password saya [sandi dihapus] tolong bantu');
    expect(redactSecrets('nik 3216 - 0123 - 4567 - 8901 mau daftar').text).toBe('nik [NIK dihapus] mau daftar');
  });
});

// Ordinary messages: kept exactly as typed, no warning.
const plain = [
  'bro sy ganti hp, pas mau login siapkerja lupa passwordnya. email sm no hp msh yg lama, msh aktif', 'tolong hapus chat sy yg ada passwordnya td ya',
  'trs kata sandinya hrs pake simbol?', 'passwordnya hrs berapa huruf', 'lupa passwordnya gmn ya', 'abdi ngetik tanggal lahir na salah', 'kode pos di bekasi 17530',
  'Rp5.200.000', 'gaji Rp 4.500.000 - Rp 5.200.000', 'gaji 5.200.000-10.000.000 per bulan', 'UMK 5.558.515',
  'loker lulusan D3/S1-Teknik di cikarang selatan', 'lulusan D3 / S1', 'Jl.Industri-No.5', 'jam kerja 08.00-16.00WIB', 'jam 08.00 - 16.00',
  'tanggal 12/05/2026 - 15/06/2026', 'job fair 2026-12-05 jam 08.00', 'lahir 12-05-1999',
  'hp 081234567890', 'hubungi HRD 0812 8800 1234', 'hubungi 0812 8800 1234 / 0813 1111 2222', 'wa +62 812 8800 1234', 'telp kantor 021 8990 1234',
  'RT 05 RW 12 desa Sukamaju', 'kode pos 17530', 'kode verifikasi tidak masuk', 'kode otp nya belum datang', 'lupa password akun siapkerja',
  'password harus pakai simbol ya?', 'kasih aja email sm passwordnya ke kakak', 'lupa password: gimana caranya', 'pas foto 3x4 berapa lembar', 'password saya lupa', 'pin nya berapa digit?',
  'pw nya aku kasih ke kakak', 'password nya aku kasih tau', 'pw aku kirim ke kakak ya', 'passwordku kasih ke kakak aja ya',
  'ada loker di MM2100', 'ini kodenya HUB7K3M9', 'HUB23456', 'loker 2 orang umur 18-25', 'no rekening 1234567890',
];

describe('ordinary messages are kept as typed', () => {
  it.each(plain)('"%s"', (message) => {
    expect(redactSecrets(message)).toEqual({ text: message, nik: false, password: false, code: false });
  });
});

describe('the patterns end on hostile text', () => {
  // Runs that make a backtracking pattern run for ever.
  const hostile = ['1 '.repeat(1000), '1-'.repeat(1000), `${'a'.repeat(1999)}!`, `password ${' '.repeat(1990)}`, `kode ${'1 '.repeat(995)}`, '3'.repeat(2000), `${'0812 '.repeat(400)}`];
  it.each(hostile.map((h) => [h.slice(0, 12), h]))('"%s…"', (_, text) => {
    // A backtracking pattern never returns on these (the test's time-out ends it); a linear one
    // returns a text no longer than the input plus one placeholder per secret.
    const out = redactSecrets(text);
    expect(typeof out.text).toBe('string');
    expect(out.text.length).toBeLessThanOrEqual(text.length + 40);
  });
});
