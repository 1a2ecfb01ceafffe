// The region comes from idn-area-data plus an alias file; another regency
// is a setting and an alias file, with no code change.

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRegion } from '../src/domain/region.ts';
import { tempDir } from './support/databases.ts';

describe('Kabupaten Bekasi', async () => {
  const region = await loadRegion('32.16');

  it('has the 23 official kecamatan and 187 villages of idn-area-data', () => {
    expect(region.kecamatan).toHaveLength(23);
    expect(region.kecamatan.flatMap((k) => k.villages)).toHaveLength(187);
    expect(region.get('32.16.08')?.name).toBe('Cikarang Barat');
    expect(region.get('32.16.17')?.name).toBe('Muaragembong');
  });

  it('resolves other spellings, chat shorthand, villages and industrial estates to one kecamatan', () => {
    const name = (raw: string) => {
      const r = region.resolve(raw);
      return r.ok ? region.nameOf(r.code) : r.reason;
    };
    expect(name('Muara Gembong')).toBe('Muaragembong');
    expect(name('karangbahagia')).toBe('Karang Bahagia');
    expect(name('cikbar')).toBe('Cikarang Barat');
    expect(name('Kec. Cikarang Selatan')).toBe('Cikarang Selatan');
    expect(name('MM2100')).toBe('Cikarang Barat');
    expect(name('EJIP')).toBe('Cikarang Selatan');
    expect(name('Kota Deltamas')).toBe('Cikarang Pusat');
    expect(name('Marunda Center')).toBe('Tarumajaya');
    expect(name('Sriamur')).toBe('Tambun Utara');
  });

  it('never guesses "Cikarang" or "Tambun", and names places outside the regency as outside', () => {
    expect(region.resolve('Cikarang')).toMatchObject({ ok: false, reason: expect.stringContaining('ambiguous') });
    expect(region.resolve('Tambun')).toMatchObject({ ok: false, reason: expect.stringContaining('Tambun Selatan, Tambun Utara') });
    expect(region.resolve('Karawang')).toMatchObject({ ok: false, reason: '"Karawang" is outside Kabupaten Bekasi' });
    expect(region.resolve('Bekasi Timur')).toMatchObject({ ok: false, reason: expect.stringContaining('outside') });
    expect(region.resolve('Cikarang Barta')).toMatchObject({ ok: false, reason: expect.stringContaining('did you mean Cikarang Barat') });
  });

  it('knows only the borders a source confirms, plus the Cikarang and Tambun groups', () => {
    const names = (code: string) => region.nearby(code).map((c) => region.nameOf(c));
    expect(names('32.16.18')).toEqual(expect.arrayContaining(['Tambun Selatan', 'Cikarang Barat', 'Serang Baru']));
    expect(names('32.16.08')).toEqual(expect.arrayContaining(['Setu', 'Cikarang Utara']));
    expect(names('32.16.17')).toEqual([]);
  });
});

describe('another regency', () => {
  it('is one alias file and REGION_CODE, no code change', async () => {
    const dir = tempDir();
    const file = path.join(dir, '32.15.yaml');
    fs.writeFileSync(file, ['regency: { code: "32.15", name: Kabupaten Karawang }', 'aliases:', '  Karawang Barat: [karbar]', 'ambiguous:', '  karawang: []'].join('\n'));
    const karawang = await loadRegion('32.15', file);
    expect(karawang.kecamatan.length).toBeGreaterThan(20);
    const r = karawang.resolve('karbar');
    expect(r.ok && karawang.nameOf(r.code)).toBe('Karawang Barat');
  });

  it('refuses an alias file that names a kecamatan the regency does not have', async () => {
    const file = path.join(tempDir(), '32.15.yaml');
    fs.writeFileSync(file, 'regency: { code: "32.15", name: Kabupaten Karawang }\naliases:\n  Cikarang Barat: [cikbar]\n');
    await expect(loadRegion('32.15', file)).rejects.toThrow('"Cikarang Barat", which is not a kecamatan of Kabupaten Karawang');
  });
});
