// Education levels (jenjang pendidikan) and their order, so "lulusan SMK"
// can be compared with "minimal D3" in one step.

export const EDUCATION_LEVELS = ['SD', 'SMP', 'SMA', 'D1', 'D2', 'D3', 'D4', 'S1', 'S2', 'S3'] as const;
export type Education = (typeof EDUCATION_LEVELS)[number];

// BPS / UU 20/2003 order (domain.md §6): D1 and D2 share a rank, as do D4 and S1.
const RANK: Record<Education, number> = { SD: 1, SMP: 2, SMA: 3, D1: 4, D2: 4, D3: 5, D4: 6, S1: 6, S2: 7, S3: 8 };

/** The comparable rank of a level: a seeker of rank r may apply where the minimum's rank is <= r. */
export function educationRank(level: Education): number {
  return RANK[level];
}

/** True when `value` is one of the canonical level names. */
export function isEducation(value: unknown): value is Education {
  return typeof value === 'string' && (EDUCATION_LEVELS as readonly string[]).includes(value);
}

// Written forms of each level as staff type them in spreadsheets; chat forms
// (slang, typos) are the language-understanding module's job.
const WRITTEN: Array<[RegExp, Education]> = [
  [/^(sd|mi|paket a|sekolah dasar)$/, 'SD'],
  [/^(smp|mts|sltp|paket b)$/, 'SMP'],
  [/^(sma|smk|ma|mak|slta|smu|stm|paket c|sma\/smk|smk\/sma|sma \/ smk|sma sederajat|smk sederajat|sma\/smk sederajat)$/, 'SMA'],
  [/^(d-?1|diploma 1|diploma satu)$/, 'D1'],
  [/^(d-?2|diploma 2|diploma dua)$/, 'D2'],
  [/^(d-?3|diploma 3|diploma tiga)$/, 'D3'],
  [/^(d-?4|diploma 4|diploma empat|sarjana terapan)$/, 'D4'],
  [/^(s-?1|sarjana|strata 1|strata satu)$/, 'S1'],
  [/^(s-?2|magister|strata 2|strata dua)$/, 'S2'],
  [/^(s-?3|doktor|strata 3|strata tiga)$/, 'S3'],
];

/** Reads a level as written in an import file ("SMK", "SMA/SMK", "D-3"); null when it is none. */
export function parseEducation(raw: string): Education | null {
  const text = raw.trim().toLowerCase().replace(/\s+/g, ' ').replace(/^(min(imal)?\.?\s*)/, '');
  for (const [pattern, level] of WRITTEN) if (pattern.test(text)) return level;
  return null;
}

/** How a level is shown to seekers: SMA is shown as "SMA/SMK" because most seekers say SMK. */
export function educationLabel(level: Education): string {
  return level === 'SMA' ? 'SMA/SMK' : level;
}
