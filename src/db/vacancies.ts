// Storing and reading vacancies.

import { isEducation } from '../domain/education.ts';
import { educationRank } from '../domain/education.ts';
import { fold } from '../domain/text.ts';
import type { VacancyInput } from '../domain/vacancy-import.ts';
import type { EmploymentType, Vacancy, VacancyStatus } from '../domain/vacancy.ts';
import type { Db } from './client.ts';
import type { RawDb } from './raw.ts';
import type { Vacancy as VacancyRow } from './generated/sqlite/index.js';

export interface UpsertCounts {
  created: number;
  updated: number;
  unchanged: number;
  /** Source ids that are newly published by this import (for immediate alerts). */
  published: string[];
}

const LOAD_PAGE = 2000;

/** Every published vacancy, for the search index. */
export async function loadPublishedVacancies(db: Db): Promise<Vacancy[]> {
  // Plain SQL: the ORM's findMany of every row cost seconds and hundreds of MB with tens of thousands of vacancies.
  // A page at a time: the driver's copy of one answer with every row was itself tens of MB at once.
  const vacancies: Vacancy[] = [];
  for (let after = 0; ; ) {
    const rows = await db.$queryRawUnsafe<Array<Record<string, unknown>>>(`SELECT * FROM "Vacancy" WHERE status = 'published' AND id > ${after} ORDER BY id LIMIT ${LOAD_PAGE}`);
    for (const r of rows) vacancies.push(toVacancy(fromRaw(r)));
    if (rows.length < LOAD_PAGE) return vacancies;
    after = vacancies.at(-1)!.id;
  }
}

const date = (v: unknown): Date | null => (v === null || v === undefined ? null : v instanceof Date ? v : new Date(String(v)));
const int = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

// A row read with plain SQL as the ORM gives it (SQLite keeps dates as text and booleans as 0/1).
function fromRaw(r: Record<string, unknown>): VacancyRow {
  return {
    ...(r as unknown as VacancyRow),
    id: Number(r.id),
    isSample: Boolean(r.isSample),
    verified: Boolean(r.verified),
    educationRank: Number(r.educationRank),
    salaryMin: int(r.salaryMin),
    salaryMax: int(r.salaryMax),
    ageMin: int(r.ageMin),
    ageMax: int(r.ageMax),
    quota: int(r.quota),
    publishedAt: date(r.publishedAt),
    listedAt: date(r.listedAt),
    closingDate: date(r.closingDate),
    createdAt: date(r.createdAt)!,
    updatedAt: date(r.updatedAt)!,
  };
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
  options: {
    now: Date;
    isSample?: boolean;
    onProgress?: (done: number, total: number) => void;
    clock?: () => Date;
    /**
     * Plain SQL on the same database for looking up ids and adding rows. Even the ORM's raw
     * statements go through its query compiler, which for a large import churned hundreds of MB.
     */
    raw?: RawDb;
  },
): Promise<UpsertCounts> {
  const sql = options.raw ? rawSql(options.raw) : ormSql(db);
  const counts: UpsertCounts = { created: 0, updated: 0, unchanged: 0, published: [] };
  // 500 rows at a time keeps every statement under both databases' parameter limits, whatever the file's size.
  for (let i = 0; i < inputs.length; i += 500) {
    const chunk = inputs.slice(i, i + 500);
    // When each batch is written, so that alerts planned meanwhile by another process count it as new.
    const listedNow = options.clock?.() ?? options.now;
    const existing = await existingRows(db, sql, chunk.map((v) => v.sourceId));
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
    // 100 rows a statement: the driver's copy of a statement's values stays small.
    for (let k = 0; k < creates.length; k += 100) counts.created += await insertRows(sql, creates.slice(k, k + 100), options.clock?.() ?? new Date());
    if (updates.length) counts.updated += (await db.$transaction(updates)).length;
    options.onProgress?.(Math.min(i + 500, inputs.length), inputs.length);
  }
  return counts;
}

/** Plain SQL with numbered ($1) placeholders on PostgreSQL and ? on SQLite, through the ORM or a driver. */
interface Sql {
  sqlite: boolean;
  all<T>(text: string, params: unknown[]): Promise<T[]>;
  run(text: string, params: unknown[]): Promise<number>;
}

const ormSql = (db: Db): Sql => ({
  sqlite: isSqlite(db),
  all: (text, params) => db.$queryRawUnsafe(text, ...params),
  run: (text, params) => db.$executeRawUnsafe(text, ...params),
});

// RawDb numbers ? itself on PostgreSQL, so the numbers written here become ? again.
const rawSql = (raw: RawDb): Sql => {
  const unnumber = (text: string) => (raw.provider === 'sqlite' ? text : text.replace(/\$\d+/g, '?'));
  return { sqlite: raw.provider === 'sqlite', all: (text, params) => raw.all(unnumber(text), params), run: (text, params) => raw.run(unnumber(text), params) };
};

// The stored rows of these source ids. Most rows of a file are new: a light query of the ids
// first, and the ORM's full rows only for those that exist.
async function existingRows(db: Db, sql: Sql, sourceIds: string[]): Promise<Map<string, VacancyRow>> {
  const marks = sourceIds.map((_, i) => (sql.sqlite ? '?' : `$${i + 1}`)).join(', ');
  const found = await sql.all<{ sourceId: string }>(`SELECT "sourceId" FROM "Vacancy" WHERE "sourceId" IN (${marks})`, sourceIds);
  if (!found.length) return new Map();
  return new Map((await db.vacancy.findMany({ where: { sourceId: { in: found.map((r) => r.sourceId) } } })).map((r) => [r.sourceId, r]));
}

const isSqlite = (db: Db) => (db as unknown as { _activeProvider?: string })._activeProvider === 'sqlite';

const INSERT_COLUMNS = ['sourceId', 'source', 'sourceUrl', 'isSample', 'title', 'company', 'kecamatan', 'address', 'minEducation', 'educationRank', 'keywords', 'major', 'employmentType', 'salaryMin', 'salaryMax', 'ageMin', 'ageMax', 'gender', 'quota', 'experience', 'howToApply', 'verified', 'status', 'closingDate', 'searchText', 'publishedAt', 'listedAt', 'createdAt', 'updatedAt'] as const;
const DATE_COLUMNS = new Set<string>(['closingDate', 'publishedAt', 'listedAt', 'createdAt', 'updatedAt']);

/**
 * New rows in one statement per batch, as the ORM would store them (SQLite: dates as ISO text with
 * "+00:00", booleans as 0/1; PostgreSQL: UTC timestamps). The ORM's createMany cost about 0.5 ms
 * and 25 kB of memory per row; this is a small fraction of that.
 */
async function insertRows(sql: Sql, rows: Array<RowData & { publishedAt: Date | null; listedAt: Date | null }>, at: Date): Promise<number> {
  const sqlite = sql.sqlite;
  const params: unknown[] = [];
  const tuples = rows.map((row) => {
    const values: Record<string, unknown> = { ...row, createdAt: at, updatedAt: at };
    return `(${INSERT_COLUMNS.map((c) => {
      const v = values[c] ?? null;
      if (sqlite) params.push(v instanceof Date ? v.toISOString().replace('Z', '+00:00') : typeof v === 'boolean' ? Number(v) : v);
      else params.push(v instanceof Date ? v.toISOString().replace('Z', '') : v);
      return sqlite ? '?' : `$${params.length}${DATE_COLUMNS.has(c) ? '::timestamp' : ''}`;
    }).join(', ')})`;
  });
  return sql.run(`INSERT INTO "Vacancy" (${INSERT_COLUMNS.map((c) => `"${c}"`).join(', ')}) VALUES ${tuples.join(', ')}`, params);
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
