// The region comes from idn-area-data plus an alias file; another regency
// is a setting and an alias file, with no code change.

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
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

  const names = (codes: string[]) => codes.map((c) => region.nameOf(c));
  const codeOf = (name: string) => region.kecamatan.find((k) => k.name === name)!.code;

  it('names the confirmed borders first, then the computed ones, then the rest of the Cikarang or Tambun group', () => {
    const setu = names(region.nearby(codeOf('Setu')));
    expect(setu.slice(0, 3)).toEqual(['Tambun Selatan', 'Cikarang Barat', 'Serang Baru']);
    expect(setu).toEqual(expect.arrayContaining(['Cikarang Selatan', 'Cibitung']));
    // Cikarang Barat borders Setu; Cikarang Timur is no border but one of "the Cikarang".
    expect(names(region.nearby(codeOf('Cikarang Barat')))).toEqual(['Setu', 'Cibitung', 'Cikarang Selatan', 'Cikarang Utara', 'Cikarang Timur', 'Cikarang Pusat']);
    expect(names(region.nearby(codeOf('Babelan')))).toEqual(['Tarumajaya', 'Muaragembong', 'Sukawangi', 'Tambun Utara']);
    expect(names(region.nearby(codeOf('Muaragembong')))).toEqual(['Babelan', 'Cabangbungin', 'Sukawangi']);
  });

  it('gives every kecamatan a neighbour, never itself, and borders both ways', () => {
    for (const k of region.kecamatan) {
      const near = region.nearby(k.code);
      expect(near.length, k.name).toBeGreaterThan(0);
      expect(near, k.name).not.toContain(k.code);
      expect(new Set(near).size, k.name).toBe(near.length);
      for (const n of near) expect(region.nearby(n), `${region.nameOf(n)} -> ${k.name}`).toContain(k.code);
    }
  });

  it('does not make a border of a corner: Tambun Selatan and Cikarang Barat only come near at Setu and Cibitung', () => {
    expect(names(region.nearby(codeOf('Tambun Selatan')))).not.toContain('Cikarang Barat');
    expect(names(region.nearby(codeOf('Tarumajaya')))).toEqual(['Babelan']);
  });

  it('knows which kecamatan of the regency lie next to a place outside it, however it is written', () => {
    expect(names(region.nearOutside('kota bekasi'))).toEqual(['Tambun Selatan', 'Setu', 'Babelan', 'Tarumajaya', 'Tambun Utara']);
    expect(names(region.nearOutside('Kota Bekasi'))).toContain('Setu');
    expect(names(region.nearOutside('Bekasi Timur'))).toEqual(['Tambun Selatan', 'Tambun Utara']);
    expect(names(region.nearOutside('mustikajaya'))).toEqual(['Tambun Selatan', 'Setu']);
    expect(names(region.nearOutside('Bantar Gebang'))).toEqual(['Setu']);
    expect(names(region.nearOutside('Kabupaten Karawang'))).toEqual(expect.arrayContaining(['Cikarang Pusat', 'Cikarang Timur', 'Pebayuran']));
    expect(names(region.nearOutside('kab. bogor'))).toEqual(['Setu', 'Cibarusah', 'Bojongmangu', 'Serang Baru']);
    expect(names(region.nearOutside('Kota Administrasi Jakarta Utara'))).toEqual(['Tarumajaya']);
    // Borders no kecamatan of the regency, or is not a place at all.
    expect(region.nearOutside('Bekasi Barat')).toEqual([]);
    expect(region.nearOutside('depok')).toEqual([]);
    expect(region.nearOutside('')).toEqual([]);
  });

  it('treats every place in outside_neighbours as outside the regency, never as one of its villages', () => {
    const file = parseYaml(fs.readFileSync('flows/region/32.16.yaml', 'utf8')) as { outside_neighbours: Record<string, string[]> };
    for (const place of Object.keys(file.outside_neighbours)) {
      expect(region.resolve(place), place).toMatchObject({ ok: false, reason: expect.stringContaining('outside') });
      expect(region.nearOutside(place).length, place).toBeGreaterThan(0);
    }
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

  it('refuses a border or an outside neighbour that names a kecamatan the regency does not have', async () => {
    const file = path.join(tempDir(), '32.15.yaml');
    fs.writeFileSync(file, 'regency: { code: "32.15", name: Kabupaten Karawang }\noutside_neighbours:\n  kabupaten bekasi: [Setu]\n');
    await expect(loadRegion('32.15', file)).rejects.toThrow('outside_neighbours "kabupaten bekasi" names "Setu", which is not a kecamatan of Kabupaten Karawang');
    fs.writeFileSync(file, 'regency: { code: "32.15", name: Kabupaten Karawang }\ncomputed_neighbours:\n  - [Karawang Barat, Cikarang Timur]\n');
    await expect(loadRegion('32.15', file)).rejects.toThrow('computed_neighbours names "Cikarang Timur"');
  });

  it('refuses an alias file that names a kecamatan the regency does not have', async () => {
    const file = path.join(tempDir(), '32.15.yaml');
    fs.writeFileSync(file, 'regency: { code: "32.15", name: Kabupaten Karawang }\naliases:\n  Cikarang Barat: [cikbar]\n');
    await expect(loadRegion('32.15', file)).rejects.toThrow('"Cikarang Barat", which is not a kecamatan of Kabupaten Karawang');
  });
});
