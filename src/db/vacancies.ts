// Storing and reading vacancies.

import { isEducation } from '../domain/education.ts';
import { educationRank } from '../domain/education.ts';
import { fold } from '../domain/text.ts';
import type { VacancyInput } from '../domain/vacancy-import.ts';
import type { EmploymentType, Vacancy, VacancyStatus } from '../domain/vacancy.ts';
import type { Db } from './client.ts';
import type { Vacancy as VacancyRow } from './generated/sqlite/index.js';

export interface UpsertCounts {
  created: number;
  updated: number;
  unchanged: number;
  /** Source ids that are newly published by this import (for immediate alerts). */
  published: string[];
}

/** Every published vacancy, for the search index. */
export async function loadPublishedVacancies(db: Db): Promise<Vacancy[]> {
  const rows = await db.vacancy.findMany({ where: { status: 'published' } });
  return rows.map(toVacancy);
}

/** A cheap fingerprint of the vacancy table: it changes whenever a row is added, changed or removed. */
export async function vacancyVersion(db: Db): Promise<string> {
  const agg = await db.vacancy.aggregate({ _count: { _all: true }, _max: { updatedAt: true, id: true } });
  return `${agg._count._all}:${agg._max.id ?? 0}:${agg._max.updatedAt?.getTime() ?? 0}`;
}

/**
 * Creates or updates vacancies by source id. A row whose fields are all the
 * same as stored is left untouched, so importing a file twice changes nothing.
 */
export async function upsertVacancies(
  db: Db,
  inputs: VacancyInput[],
  options: { now: Date; isSample?: boolean; onProgress?: (done: number, total: number) => void; clock?: () => Date },
): Promise<UpsertCounts> {
  const counts: UpsertCounts = { created: 0, updated: 0, unchanged: 0, published: [] };
  // 500 rows at a time keeps every statement under both databases' parameter limits, whatever the file's size.
  for (let i = 0; i < inputs.length; i += 500) {
    const chunk = inputs.slice(i, i + 500);
    // When each batch is written, so that alerts planned meanwhile by another process count it as new.
    const listedNow = options.clock?.() ?? options.now;
    const existing = new Map((await db.vacancy.findMany({ where: { sourceId: { in: chunk.map((v) => v.sourceId) } } })).map((r) => [r.sourceId, r]));
    const creates = [];
    const updates = [];
    for (const input of chunk) {
      const row = existing.get(input.sourceId);
      const data = toRowData(input, options.isSample ?? false);
      if (!row) {
        const published = data.status === 'published';
        creates.push({ ...data, publishedAt: published ? (input.publishedAt ?? options.now) : null, listedAt: published ? listedNow : null });
        if (data.status === 'published') counts.published.push(data.sourceId);
        continue;
      }
      if (data.status === 'published' && row.status !== 'published') counts.published.push(data.sourceId);
      // Keep the first publication date unless the file gives one.
      const publishedAt = data.status !== 'published' ? row.publishedAt : (input.publishedAt ?? row.publishedAt ?? options.now);
      // The first time Pasker publishes it, whatever date the file gives: alerts count from here.
      const listedAt = row.listedAt ?? (data.status === 'published' ? listedNow : null);
      const next = { ...data, publishedAt, listedAt };
      if (sameRow(row, next)) counts.unchanged++;
      else updates.push(db.vacancy.update({ where: { id: row.id }, data: next }));
    }
    if (creates.length) counts.created += (await db.vacancy.createMany({ data: creates })).count;
    if (updates.length) counts.updated += (await db.$transaction(updates)).length;
    options.onProgress?.(Math.min(i + 500, inputs.length), inputs.length);
  }
  return counts;
}

type RowData = Omit<VacancyRow, 'id' | 'createdAt' | 'updatedAt' | 'publishedAt' | 'listedAt'>;

function toRowData(v: VacancyInput, isSample: boolean): RowData {
  return {
    sourceId: v.sourceId,
    source: v.source,
    sourceUrl: v.sourceUrl,
    isSample,
    title: v.title,
    company: v.company,
    kecamatan: v.kecamatan,
    address: v.address,
    minEducation: v.minEducation,
    educationRank: educationRank(v.minEducation),
    keywords: v.keywords.join(';'),
    major: v.major,
    employmentType: v.employmentType,
    salaryMin: v.salaryMin,
    salaryMax: v.salaryMax,
    ageMin: v.ageMin,
    ageMax: v.ageMax,
    gender: v.gender,
    quota: v.quota,
    experience: v.experience,
    howToApply: v.howToApply,
    verified: v.verified,
    status: v.status,
    closingDate: v.closingDate,
    searchText: fold([v.title, v.company, v.keywords.join(' '), v.major ?? ''].join(' ')),
  };
}

function sameRow(row: VacancyRow, next: RowData & { publishedAt: Date | null; listedAt: Date | null }): boolean {
  return (Object.keys(next) as Array<keyof typeof next>).every((key) => {
    const a = row[key];
    const b = next[key];
    if (a instanceof Date || b instanceof Date) return (a as Date | null)?.getTime() === (b as Date | null)?.getTime();
    return a === b;
  });
}

/** A stored row as the domain's Vacancy. */
export function toVacancy(r: VacancyRow): Vacancy {
  return {
    id: r.id,
    sourceId: r.sourceId,
    source: r.source,
    sourceUrl: r.sourceUrl,
    isSample: r.isSample,
    title: r.title,
    company: r.company,
    kecamatan: r.kecamatan,
    address: r.address,
    minEducation: isEducation(r.minEducation) ? r.minEducation : 'S3',
    keywords: r.keywords ? r.keywords.split(';') : [],
    major: r.major,
    employmentType: r.employmentType as EmploymentType | null,
    salaryMin: r.salaryMin,
    salaryMax: r.salaryMax,
    ageMin: r.ageMin,
    ageMax: r.ageMax,
    gender: r.gender === 'L' || r.gender === 'P' ? r.gender : null,
    quota: r.quota,
    experience: r.experience,
    howToApply: r.howToApply,
    verified: r.verified,
    status: r.status as VacancyStatus,
    publishedAt: r.publishedAt,
    listedAt: r.listedAt,
    closingDate: r.closingDate,
  };
}
