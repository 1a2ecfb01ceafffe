// Matching subscriptions with new vacancies without looping over every
// subscriber for every vacancy: subscriptions that ask the same thing (same
// kecamatan, education, job word and window) are matched once, against a
// search index of the new vacancies only.

import { EDUCATION_LEVELS, educationRank, type Education } from './education.ts';
import type { VacancyIndex } from './vacancy-index.ts';
import type { VacancyFilters } from './vacancy.ts';

/** A subscription as matching needs it. */
export interface SubscriptionRow {
  id: number;
  contactId: number;
  /** Kecamatan codes; empty = the whole regency. */
  kecamatan: string[];
  educationRank: number;
  keyword: string | null;
  /** Vacancies published after this instant (ms) are new. */
  sinceMs: number;
}

export interface DigestPlan {
  subscription: SubscriptionRow;
  /** Matching vacancy ids, newest first (at most `limit`). */
  ids: number[];
  total: number;
}

/** The education level a rank stands for in a search filter (8 = any level). */
export function levelOfRank(rank: number): Education | null {
  if (rank >= 8) return null;
  return [...EDUCATION_LEVELS].reverse().find((e) => educationRank(e) <= rank) ?? 'SD';
}

/** The filters a subscription searches with. */
export function subscriptionFilters(s: Pick<SubscriptionRow, 'kecamatan' | 'educationRank' | 'keyword'>): VacancyFilters {
  return { kecamatan: s.kecamatan, education: levelOfRank(s.educationRank), keyword: s.keyword };
}

/**
 * Matches subscriptions (any iterable, e.g. a stream of database batches)
 * against `index` (the new vacancies); yields only subscriptions with at
 * least one match. Results of identical subscriptions are computed once
 * (across calls when they share `cache`).
 */
export function* matchSubscriptions(subscriptions: Iterable<SubscriptionRow>, index: VacancyIndex, now: Date, untilMs: number, limit = 50, cache = new Map<string, { ids: number[]; total: number }>()): Generator<DigestPlan> {
  // `cache`: pass the same map for every batch of one run (same index, `now`, `untilMs` and `limit`), so
  // subscriptions asking the same thing are searched once per run, not once per batch.
  for (const s of subscriptions) {
    const key = `${s.kecamatan.join(',')}|${s.educationRank}|${s.keyword ?? ''}|${s.sinceMs}`;
    let found = cache.get(key);
    if (!found) {
      found = index.search(subscriptionFilters(s), now, limit, { after: s.sinceMs, until: untilMs });
      if (cache.size < 200_000) cache.set(key, found);
    }
    if (found.total) yield { subscription: s, ids: found.ids, total: found.total };
  }
}

/** Reads the stored kecamatan column (",a,b,") as a list. */
export function parseKecamatanColumn(column: string): string[] {
  return column.split(',').filter(Boolean);
}

/** The kecamatan list as stored (",a,b,"), "" for the whole regency. */
export function kecamatanColumn(codes: string[]): string {
  return codes.length ? `,${[...new Set(codes)].sort().join(',')},` : '';
}

