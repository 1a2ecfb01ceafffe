// An in-memory index of the vacancies seekers may see, so one search costs
// a fraction of a millisecond. It is rebuilt from the database when the
// vacancy table changes (see VacancyCatalog in src/app).

import { educationRank } from './education.ts';
import type { JobWords } from './job-words.ts';
import { fold } from './text.ts';
import { localDate } from './time.ts';
import type { Vacancy, VacancyFilters } from './vacancy.ts';

interface Entry {
  vacancy: Vacancy;
  rank: number;
  /** Folded words of title, company, keywords and major, space-delimited on both ends. */
  text: string;
  publishedMs: number;
  /** When Pasker first published it: the alert window uses this, not the date the vacancy gives. */
  listedMs: number;
  /** Closing date as YYYY-MM-DD, or null when open-ended. */
  closing: string | null;
}

export interface SearchResult {
  /** Matching vacancy ids, newest first (at most `limit`). */
  ids: number[];
  /** How many match in all. */
  total: number;
}

// Words that say nothing about the job when part of a keyword.
const FILLER = new Set(['bagian', 'posisi', 'sebagai', 'jadi', 'kerja', 'kerjaan', 'pekerjaan', 'lowongan', 'loker', 'di', 'yang', 'yg', 'untuk', 'buat']);

// The list of a kecamatan with no vacancy (one list, so that `openOn` keeps one entry for it).
const NONE: readonly Entry[] = [];

/** The published, still-open vacancies, searchable by kecamatan, education and job words. */
export class VacancyIndex {
  private readonly entries: Entry[];
  private readonly byKecamatan = new Map<string, Entry[]>();
  private readonly byId = new Map<number, Vacancy>();
  /** Ids matching a job word, computed once per word (a digest asks the same words a million times). */
  private readonly keywordHits = new Map<string, Set<number>>();
  /** The lists' entries open on one day (see `openOn`). */
  private open: { day: string; lists: Map<readonly Entry[], { ranks: Float64Array; ids: Float64Array }> } | null = null;

  constructor(
    vacancies: Vacancy[],
    private readonly jobWords: JobWords,
    private readonly timeZone = 'Asia/Jakarta',
  ) {
    this.entries = vacancies
      .filter((v) => v.status === 'published')
      .map((v) => ({
        vacancy: v,
        rank: educationRank(v.minEducation),
        text: ` ${fold([v.title, v.company, v.keywords.join(' '), v.major ?? ''].join(' '))} `,
        publishedMs: v.publishedAt?.getTime() ?? 0,
        listedMs: v.listedAt?.getTime() ?? v.publishedAt?.getTime() ?? 0,
        closing: v.closingDate ? v.closingDate.toISOString().slice(0, 10) : null,
      }))
      .sort((a, b) => b.publishedMs - a.publishedMs || b.vacancy.id - a.vacancy.id);
    for (const v of vacancies) this.byId.set(v.id, v);
    for (const e of this.entries) {
      const list = this.byKecamatan.get(e.vacancy.kecamatan) ?? [];
      list.push(e);
      this.byKecamatan.set(e.vacancy.kecamatan, list);
    }
  }

  /** Number of vacancies in the index (published, open or not). */
  get size(): number {
    return this.entries.length;
  }

  /** A vacancy by id, whatever its status (a seeker may open one that closed since). */
  get(id: number): Vacancy | undefined {
    return this.byId.get(id);
  }

  /**
   * Vacancies matching the filters that are open on `now`'s date, newest
   * first; with `published`, only those Pasker published in (after, until]
   * (a vacancy imported today with last week's date counts as today's).
   */
  search(filters: VacancyFilters, now: Date, limit = 100, published?: { after: number; until: number }, options: { anyWord?: boolean } = {}): SearchResult {
    const today = localDate(now, this.timeZone);
    const maxRank = filters.education ? educationRank(filters.education) : Infinity;
    // anyWord: a vacancy matching any one word of the keyword ("admin akuntansi" -> admin or akuntansi).
    const wanted = !filters.keyword ? null : options.anyWord ? new Set(filters.keyword.split(' ').filter((w) => w && !FILLER.has(w)).flatMap((w) => [...this.keywordMatches(w)])) : this.keywordMatches(filters.keyword);
    // One kecamatan: its own list, already newest first. Several: merge by the global order.
    const candidates =
      filters.kecamatan.length === 0
        ? this.entries
        : filters.kecamatan.length === 1
          ? (this.byKecamatan.get(filters.kecamatan[0]!) ?? NONE)
          : filters.kecamatan.flatMap((k) => this.byKecamatan.get(k) ?? []).sort((a, b) => b.publishedMs - a.publishedMs || b.vacancy.id - a.vacancy.id);
    const ids: number[] = [];
    let total = 0;
    const open = !published && !wanted && filters.kecamatan.length <= 1 ? this.openOn(candidates, today) : null;
    if (open) {
      for (let i = 0; i < open.ids.length; i++) {
        if (open.ranks[i]! > maxRank) continue;
        total++;
        if (ids.length < limit) ids.push(open.ids[i]!);
      }
      return { ids, total };
    }
    for (const e of candidates) {
      if (e.rank > maxRank) continue;
      if (e.closing !== null && e.closing < today) continue;
      if (published && (e.listedMs <= published.after || e.listedMs > published.until)) continue;
      if (wanted && !wanted.has(e.vacancy.id)) continue;
      total++;
      if (ids.length < limit) ids.push(e.vacancy.id);
    }
    return { ids, total };
  }

  /**
   * The entries of `list` (all, or one kecamatan's) open on `day`, as two packed columns. A search by
   * place and education reads only these: going through the entries themselves, spread over the heap,
   * cost ten times more in a busy process than in a quiet one (the processor's cache held none of them).
   */
  private openOn(list: readonly Entry[], day: string): { ranks: Float64Array; ids: Float64Array } {
    if (this.open?.day !== day) this.open = { day, lists: new Map() };
    let columns = this.open.lists.get(list);
    if (!columns) {
      const kept = list.filter((e) => e.closing === null || !(e.closing < day));
      columns = { ranks: Float64Array.from(kept, (e) => e.rank), ids: Float64Array.from(kept, (e) => e.vacancy.id) };
      this.open.lists.set(list, columns);
    }
    return columns;
  }

  private keywordMatches(keyword: string): Set<number> {
    let hits = this.keywordHits.get(keyword);
    if (!hits) {
      const alternatives = this.keywordAlternatives(keyword);
      hits = new Set(this.entries.filter((e) => alternatives.some((alt) => alt.every((token) => hasWord(e.text, token)))).map((e) => e.vacancy.id));
      if (this.keywordHits.size > 5000) this.keywordHits.clear();
      this.keywordHits.set(keyword, hits);
    }
    return hits;
  }

  /**
   * A keyword as alternatives, each a list of tokens that must all appear:
   * "sopir pribadi" -> [[sopir, pribadi], [driver, pribadi], [supir, pribadi]].
   */
  private keywordAlternatives(keyword: string): string[][] {
    const folded = fold(keyword);
    const tokens = folded.split(' ').filter((t) => t && !FILLER.has(t));
    if (!tokens.length) return [[]];
    const alternatives: string[][] = this.jobWords.synonyms(tokens.join(' ')).map((p) => p.split(' '));
    // Each token may also be swapped for one of its own synonyms.
    let combos: string[][] = [[]];
    for (const t of tokens) {
      const options = this.jobWords.synonyms(t);
      combos = combos.flatMap((c) => options.map((o) => [...c, ...o.split(' ')])).slice(0, 64);
    }
    return [...alternatives, ...combos];
  }
}

// A whole word, or the start of a word for tokens of 4+ letters ("admin" finds "administrasi").
function hasWord(text: string, token: string): boolean {
  return token.length < 4 ? text.includes(` ${token} `) : text.includes(` ${token}`);
}
