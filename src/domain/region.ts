// The configured regency as data: its kecamatan and villages from the npm
// package idn-area-data (official Kemendagri names and codes), plus the alias
// file in flows/region/<code>.yaml for the names people actually use.

import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseCsv } from 'csv-parse/sync';
import { getDistricts, getRegencies } from 'idn-area-data';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { compact, editDistance, fold } from './text.ts';

export interface Kecamatan {
  /** Kemendagri code, e.g. "32.16.08". */
  code: string;
  /** Official name as idn-area-data spells it, e.g. "Cikarang Barat". */
  name: string;
  villages: string[];
}

/** What a place name refers to. */
export type PlaceKind = 'kecamatan' | 'alias' | 'landmark' | 'village' | 'ambiguous' | 'regency' | 'outside';

export interface PlaceName {
  /** The name as written in the source (for messages). */
  label: string;
  kind: PlaceKind;
  /** Kecamatan codes it stands for: one, several (ambiguous) or none (outside). */
  codes: string[];
}

const aliasFileSchema = z.object({
  regency: z.object({ code: z.string(), name: z.string(), short: z.string().optional() }),
  aliases: z.record(z.string(), z.array(z.string())).default({}),
  landmarks: z.record(z.string(), z.array(z.string())).default({}),
  ambiguous: z.record(z.string(), z.array(z.string())).default({}),
  village_exclude: z.array(z.string()).default([]),
  outside: z.object({ regencies: z.array(z.string()).default([]), names: z.array(z.string()).default([]), far: z.array(z.string()).default([]) }).default({ regencies: [], names: [], far: [] }),
  /** Borders a source confirms. */
  neighbours: z.array(z.tuple([z.string(), z.string()])).default([]),
  /** Borders computed from boundary polygons (source and method in the file). */
  computed_neighbours: z.array(z.tuple([z.string(), z.string()])).default([]),
  /** A place outside the regency, as people write it -> the regency's kecamatan that border it. */
  outside_neighbours: z.record(z.string(), z.array(z.string())).default({}),
  groups: z.record(z.string(), z.array(z.string())).default({}),
});

export type AliasFile = z.infer<typeof aliasFileSchema>;

/** The regency with its kecamatan, every name they go by, and which border which. */
export class Region {
  readonly code: string;
  readonly name: string;
  readonly shortName: string;
  readonly kecamatan: readonly Kecamatan[];
  /** Every known place name, keyed by its `compact` form. */
  readonly names: ReadonlyMap<string, PlaceName>;
  private readonly byCode = new Map<string, Kecamatan>();
  private readonly neighbourMap = new Map<string, Set<string>>();
  private readonly groupMap = new Map<string, string[]>();
  private readonly outsideNear = new Map<string, string[]>();
  private readonly outsideParent = new Map<string, string>();

  /** `outsideParents`: a kecamatan outside the regency -> the regency or city it belongs to ("Jatiasih" -> "Kota Bekasi"). */
  constructor(kecamatan: Kecamatan[], aliases: AliasFile, outsideNames: string[], outsideParents: ReadonlyMap<string, string> = new Map()) {
    for (const [place, parent] of outsideParents) this.outsideParent.set(compact(place), parent);
    this.code = aliases.regency.code;
    this.name = aliases.regency.name;
    this.shortName = aliases.regency.short ?? aliases.regency.name;
    this.kecamatan = kecamatan;
    for (const k of kecamatan) this.byCode.set(k.code, k);
    const codeOf = (name: string, where: string): string => {
      const k = kecamatan.find((x) => x.name === name);
      if (!k) throw new Error(`alias file: ${where} names "${name}", which is not a kecamatan of ${this.name}`);
      return k.code;
    };

    const names = new Map<string, PlaceName>();
    // Lower-priority kinds first; later ones overwrite a clash.
    for (const label of outsideNames) names.set(compact(label), { label, kind: 'outside', codes: [] });
    const excluded = new Set(aliases.village_exclude.map(compact));
    for (const k of kecamatan) {
      for (const v of k.villages) {
        if (!excluded.has(compact(v))) names.set(compact(v), { label: v, kind: 'village', codes: [k.code] });
      }
    }
    for (const [name, list] of Object.entries(aliases.landmarks)) {
      const code = codeOf(name, 'landmarks');
      for (const label of list) names.set(compact(label), { label, kind: 'landmark', codes: [code] });
    }
    for (const [name, list] of Object.entries(aliases.aliases)) {
      const code = codeOf(name, 'aliases');
      for (const label of list) names.set(compact(label), { label, kind: 'alias', codes: [code] });
    }
    for (const k of kecamatan) names.set(compact(k.name), { label: k.name, kind: 'kecamatan', codes: [k.code] });
    for (const [label, list] of Object.entries(aliases.ambiguous)) {
      names.set(compact(label), { label, kind: 'ambiguous', codes: list.map((n) => codeOf(n, 'ambiguous')) });
    }
    const regencyWords = [aliases.regency.name, aliases.regency.short ?? '', aliases.regency.name.replace(/^Kabupaten /, 'Kab ')];
    for (const label of regencyWords.filter(Boolean)) names.set(compact(label), { label, kind: 'regency', codes: kecamatan.map((k) => k.code) });
    this.names = names;

    // Confirmed borders first, so nearby() names them before computed ones.
    const borders = [...aliases.neighbours.map((p) => [...p, 'neighbours'] as const), ...aliases.computed_neighbours.map((p) => [...p, 'computed_neighbours'] as const)];
    for (const [a, b, where] of borders) {
      const ca = codeOf(a, where);
      const cb = codeOf(b, where);
      if (ca === cb) throw new Error(`alias file: ${where} pairs "${a}" with itself`);
      if (!this.neighbourMap.has(ca)) this.neighbourMap.set(ca, new Set());
      if (!this.neighbourMap.has(cb)) this.neighbourMap.set(cb, new Set());
      this.neighbourMap.get(ca)!.add(cb);
      this.neighbourMap.get(cb)!.add(ca);
    }
    for (const [place, list] of Object.entries(aliases.outside_neighbours)) {
      this.outsideNear.set(compact(place), list.map((n) => codeOf(n, `outside_neighbours "${place}"`)));
    }
    for (const list of Object.values(aliases.groups)) {
      const codes = list.map((n) => codeOf(n, 'groups'));
      for (const c of codes) this.groupMap.set(c, codes);
    }
  }

  /** The kecamatan with this Kemendagri code. */
  get(code: string): Kecamatan | undefined {
    return this.byCode.get(code);
  }

  /** Official name of a kecamatan code (the code itself when unknown). */
  nameOf(code: string): string {
    return this.byCode.get(code)?.name ?? code;
  }

  /**
   * Kecamatan near this one: confirmed borders first, then borders computed
   * from boundary polygons (longest first), then the rest of its group (e.g.
   * the other Cikarang).
   */
  nearby(code: string): string[] {
    const out = [...(this.neighbourMap.get(code) ?? [])];
    for (const c of this.groupMap.get(code) ?? []) if (c !== code && !out.includes(c)) out.push(c);
    return out;
  }

  /**
   * Kecamatan codes of the regency that border a place outside it, longest
   * border first: "kota bekasi", "Bekasi Timur", "Kabupaten Karawang",
   * "Kota Administrasi Jakarta Utara". [] when it borders none or is unknown.
   */
  nearOutside(name: string): string[] {
    const folded = fold(name);
    const bare = folded.replace(/^(kabupaten|kab|kota administrasi|kota adm|kecamatan|kec) /, '');
    return [...(this.outsideNear.get(compact(folded)) ?? this.outsideNear.get(compact(bare)) ?? [])];
  }

  /** The regency or city an outside kecamatan belongs to ("Bekasi Timur" -> "Kota Bekasi"); null when unknown or not a kecamatan. */
  outsideRegencyOf(name: string): string | null {
    return this.outsideParent.get(compact(fold(name).replace(/^(kecamatan|kec) /, ''))) ?? null;
  }

  /**
   * Resolves one place name exactly as a staff member would write it in an
   * import file: any official name, alias, landmark or village, with or
   * without "Kec."; spaces and case do not matter.
   */
  resolve(raw: string): { ok: true; code: string } | { ok: false; reason: string } {
    const key = compact(raw.replace(/^\s*(kecamatan|kec\.?)\s+/i, ''));
    if (!key) return { ok: false, reason: 'district is empty' };
    const hit = this.names.get(key);
    if (hit && hit.codes.length === 1 && hit.kind !== 'outside') return { ok: true, code: hit.codes[0]! };
    if (hit?.kind === 'outside') return { ok: false, reason: `"${raw}" is outside ${this.name}` };
    if (hit && hit.codes.length > 1) {
      return { ok: false, reason: `"${raw}" is ambiguous: say which of ${hit.codes.map((c) => this.nameOf(c)).join(', ')}` };
    }
    let best: { name: string; d: number } | null = null;
    for (const k of this.kecamatan) {
      const d = editDistance(key, compact(k.name), 3);
      if (d <= 3 && (!best || d < best.d)) best = { name: k.name, d };
    }
    return { ok: false, reason: `unknown district "${raw}"${best ? ` (did you mean ${best.name}?)` : ''}` };
  }
}

/**
 * The villages of one regency from idn-area-data's villages.csv: only that
 * regency's lines are parsed (the whole country's 83,000 villages as objects
 * would cost start-up a third of a second and 50 MB it never gives back).
 */
function regencyVillages(code: string): Array<{ district_code: string; name: string }> {
  const file = fileURLToPath(new URL('../data/villages.csv', import.meta.resolve('idn-area-data')));
  const prefix = `${code}.`;
  const text = fs.readFileSync(file, 'utf8');
  const lines: string[] = [];
  for (let at = text.indexOf(`\n${prefix}`); at >= 0; at = text.indexOf(`\n${prefix}`, at + 1)) {
    const end = text.indexOf('\n', at + 1);
    lines.push(text.slice(at + 1, end < 0 ? text.length : end).replace(/\r$/, ''));
  }
  return (parseCsv(lines.join('\n'), { relax_column_count: false }) as string[][]).map(([, district, name]) => ({ district_code: district!, name: name! }));
}

/** Loads the regency `code` from idn-area-data and its alias file (default flows/region/<code>.yaml). */
export async function loadRegion(code: string, aliasPath = `flows/region/${code}.yaml`): Promise<Region> {
  if (!fs.existsSync(aliasPath)) throw new Error(`no alias file for region ${code}: ${aliasPath} is missing`);
  const aliases = aliasFileSchema.parse(parseYaml(fs.readFileSync(aliasPath, 'utf8')));
  if (aliases.regency.code !== code) throw new Error(`${aliasPath} describes region ${aliases.regency.code}, not ${code}`);
  const [regencies, districts] = await Promise.all([getRegencies(), getDistricts()]);
  const villages = regencyVillages(code);
  if (!regencies.some((r) => r.code === code)) throw new Error(`idn-area-data has no regency with code ${code}`);
  const kecamatan: Kecamatan[] = districts
    .filter((d) => d.regency_code === code)
    .map((d) => ({ code: d.code, name: d.name, villages: villages.filter((v) => v.district_code === d.code).map((v) => v.name) }));
  const outsideCodes = new Set(aliases.outside.regencies);
  const outsideNames = [
    ...aliases.outside.names,
    ...aliases.outside.far,
    ...Object.keys(aliases.outside_neighbours),
    ...regencies.filter((r) => outsideCodes.has(r.code)).map((r) => r.name),
    ...districts.filter((d) => outsideCodes.has(d.regency_code)).map((d) => d.name),
  ];
  const regencyName = new Map(regencies.map((r) => [r.code, r.name]));
  const parents = new Map(districts.filter((d) => outsideCodes.has(d.regency_code)).map((d) => [d.name, regencyName.get(d.regency_code)!] as const));
  for (const place of Object.keys(aliases.outside_neighbours)) {
    const hit = districts.find((d) => outsideCodes.has(d.regency_code) && compact(d.name) === compact(place));
    if (hit) parents.set(place, regencyName.get(hit.regency_code)!);
  }
  return new Region(kecamatan, aliases, outsideNames, parents);
}
