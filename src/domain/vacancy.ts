// What a vacancy is to the rest of Pasker, independent of the database.

import type { Education } from './education.ts';

export const EMPLOYMENT_TYPES = ['tetap', 'kontrak', 'harian', 'magang', 'paruh_waktu'] as const;
export type EmploymentType = (typeof EMPLOYMENT_TYPES)[number];

export const VACANCY_STATUSES = ['draft', 'pending', 'published', 'closed'] as const;
export type VacancyStatus = (typeof VACANCY_STATUSES)[number];

/** A vacancy as seekers see it. Optional fields are null when the employer did not say. */
export interface Vacancy {
  id: number;
  sourceId: string;
  source: string;
  sourceUrl: string | null;
  isSample: boolean;
  title: string;
  company: string;
  /** Kemendagri code of the kecamatan. */
  kecamatan: string;
  address: string | null;
  minEducation: Education;
  keywords: string[];
  major: string | null;
  employmentType: EmploymentType | null;
  salaryMin: number | null;
  salaryMax: number | null;
  ageMin: number | null;
  ageMax: number | null;
  gender: 'L' | 'P' | null;
  quota: number | null;
  experience: string | null;
  howToApply: string;
  verified: boolean;
  status: VacancyStatus;
  publishedAt: Date | null;
  /** When Pasker first published it (alerts count new vacancies from here); null if never. */
  listedAt: Date | null;
  closingDate: Date | null;
}

/** What a seeker asked for. Empty kecamatan = anywhere in the regency. */
export interface VacancyFilters {
  kecamatan: string[];
  education: Education | null;
  keyword: string | null;
}

export const NO_FILTERS: VacancyFilters = { kecamatan: [], education: null, keyword: null };
