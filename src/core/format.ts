// How vacancies read in a chat: one compact line pair in a list, and a
// details message with everything the employer gave.

import { educationLabel } from '../domain/education.ts';
import type { Region } from '../domain/region.ts';
import { formatDate } from '../domain/time.ts';
import type { Vacancy, VacancyFilters } from '../domain/vacancy.ts';
import type { Catalogue } from './messages.ts';
import type { Choice } from './types.ts';

/** "operator di Cikarang Barat untuk lulusan SMA/SMK" (with a leading space), for headers. */
export function describeFilters(f: VacancyFilters, region: Region, m: Catalogue, options: { everywhere?: boolean } = {}): string {
  let out = '';
  if (f.keyword) out += m.t('search.what_keyword', { keyword: f.keyword });
  if (f.kecamatan.length) out += m.t('search.what_places', { places: listNames(f.kecamatan.map((c) => region.nameOf(c)), m) });
  else if (options.everywhere) out += m.t('search.what_everywhere');
  if (f.education) out += m.t('search.what_education', { education: educationLabel(f.education) });
  return out;
}

/** "A", "A dan B", "A, B dan C". */
export function listNames(names: string[], m: Catalogue): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} ${m.t('search.and')} ${names[names.length - 1]}`;
}

/** A vacancy as a numbered choice in a result list. */
export function vacancyChoice(v: Vacancy, key: string, region: Region, m: Catalogue): Choice {
  const base = { company: v.company, place: region.nameOf(v.kecamatan), education: educationLabel(v.minEducation) };
  return {
    key,
    label: v.isSample ? `${v.title} ${m.t('search.sample_tag')}` : v.title,
    detail: v.closingDate ? m.t('search.item_detail', { ...base, closing: formatDate(v.closingDate) }) : m.t('search.item_detail_open', base),
  };
}

const rupiah = (n: number) => n.toLocaleString('id-ID');

// How a vacancy's source reads to a seeker (other sources are shown as written).
const SOURCES: Record<string, 'details.source_sample' | 'details.source_office' | 'details.source_report' | 'details.source_karirhub'> = {
  sample: 'details.source_sample',
  import: 'details.source_office',
  staff: 'details.source_office',
  laporan: 'details.source_report',
  karirhub: 'details.source_karirhub',
};

/** Everything about one vacancy, ending with how to apply and that applying is free. */
/** The wage line of a vacancy ("💰 Rp5.200.000 – Rp5.400.000 per bulan"); null when its data names none. */
export function salaryLine(v: Vacancy, m: Catalogue): string | null {
  if (v.salaryMin !== null && v.salaryMax !== null) {
    return v.salaryMin === v.salaryMax ? m.t('details.salary_one', { amount: rupiah(v.salaryMin) }) : m.t('details.salary_range', { min: rupiah(v.salaryMin), max: rupiah(v.salaryMax) });
  }
  if (v.salaryMin !== null) return m.t('details.salary_from', { amount: rupiah(v.salaryMin) });
  if (v.salaryMax !== null) return m.t('details.salary_to', { amount: rupiah(v.salaryMax) });
  return null;
}

export function vacancyDetails(v: Vacancy, region: Region, m: Catalogue): string {
  const lines: string[] = [];
  lines.push(v.isSample ? m.t('details.title_sample', { title: v.title }) : m.t('details.title', { title: v.title }));
  lines.push(m.t('details.company', { company: v.company }));
  lines.push(m.t('details.place', { address: v.address ? `${v.address}, ` : '', place: region.nameOf(v.kecamatan) }));
  lines.push(v.major ? m.t('details.education_major', { education: educationLabel(v.minEducation), major: v.major }) : m.t('details.education', { education: educationLabel(v.minEducation) }));
  const work: string[] = [];
  if (v.employmentType) work.push(m.t(`details.type_${v.employmentType}`));
  if (v.quota) work.push(m.t('details.quota', { quota: v.quota }));
  if (v.experience) work.push(v.experience);
  if (work.length) lines.push(m.t('details.work', { parts: work.join(' · ') }));
  const salary = salaryLine(v, m);
  if (salary) lines.push(salary);
  const who: string[] = [];
  if (v.ageMin !== null && v.ageMax !== null) who.push(m.t('details.age_range', { min: v.ageMin, max: v.ageMax }));
  else if (v.ageMax !== null) who.push(m.t('details.age_max', { age: v.ageMax }));
  else if (v.ageMin !== null) who.push(m.t('details.age_min', { age: v.ageMin }));
  if (v.gender === 'L') who.push(m.t('details.men'));
  if (v.gender === 'P') who.push(m.t('details.women'));
  if (who.length) lines.push(m.t('details.who', { parts: who.join(' · ') }));
  lines.push(v.closingDate ? m.t('details.closing', { date: formatDate(v.closingDate) }) : m.t('details.no_closing'));
  if (v.verified) lines.push(m.t('details.verified'));
  // Where the vacancy came from and since when it is here, so a seeker can judge how fresh it is.
  const origin = SOURCES[v.source] ? m.t(SOURCES[v.source]!) : v.source;
  const posted = v.publishedAt ?? v.listedAt;
  lines.push(posted ? m.t('details.posted', { date: formatDate(posted), source: origin }) : m.t('details.posted_source', { source: origin }));
  lines.push('', m.t('details.how', { how: v.howToApply }));
  if (v.sourceUrl) lines.push(m.t('details.source', { url: v.sourceUrl }));
  lines.push(m.t('details.free'));
  return lines.join('\n');
}
