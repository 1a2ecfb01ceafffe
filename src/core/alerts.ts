// What alerts look like: the daily digest (five newest matches, "lagi" for
// the rest), an immediate alert for one vacancy, and a staff announcement;
// and the conversation state after a digest, so its numbers and "lagi" work.

import type { Region } from '../domain/region.ts';
import { formatDate } from '../domain/time.ts';
import type { VacancyIndex } from '../domain/vacancy-index.ts';
import type { VacancyFilters } from '../domain/vacancy.ts';
import { readState } from './dialogue.ts';
import { describeFilters, vacancyChoice } from './format.ts';
import type { Catalogue } from './messages.ts';
import type { DialogueState, Reply } from './types.ts';

export interface DigestPayload {
  ids: number[];
  total: number;
  filters: VacancyFilters;
}

const PAGE = 5;

/** The daily digest; null when none of its vacancies is still open. */
export function digestReply(p: DigestPayload, vacancies: VacancyIndex, region: Region, m: Catalogue, today: Date): Reply | null {
  const shown = known(p, vacancies).ids.slice(0, PAGE).map((id) => vacancies.get(id)!);
  if (!shown.length) return null;
  const lines = [m.t('digest.header', { date: formatDate(today) }), m.t('digest.count', { total: p.total, what: describeFilters(p.filters, region, m), shown: shown.length })];
  if (shown.some((v) => v.isSample)) lines.push(m.t('search.sample_note'));
  return { text: lines.join('\n'), choices: shown.map((v, i) => vacancyChoice(v, String(i + 1), region, m)), hint: m.t('digest.hint') };
}

/** An immediate alert for one new vacancy. */
export function alertReply(vacancyId: number, filters: VacancyFilters, vacancies: VacancyIndex, region: Region, m: Catalogue): Reply | null {
  const v = vacancies.get(vacancyId);
  if (!v) return null;
  const lines = [m.t('digest.alert', { what: describeFilters(filters, region, m) })];
  if (v.isSample) lines.push(m.t('search.sample_note'));
  return { text: lines.join('\n'), choices: [vacancyChoice(v, '1', region, m)], hint: m.t('digest.hint') };
}

/** A staff announcement. */
export function broadcastReply(text: string, office: string, m: Catalogue): Reply {
  return { text: `${m.t('broadcast.header', { office })}\n${text}`, choices: [], hint: m.t('broadcast.hint') };
}

/** The conversation after a digest or alert was sent: its numbers open the vacancies it showed and "lagi" pages on. */
export function afterDigest(state: unknown, digest: DigestPayload, vacancies: VacancyIndex): DialogueState {
  const base: DialogueState = { ...readState(state), welcomed: true };
  const p = known(digest, vacancies);
  return {
    ...base,
    screen: { flow: 'results', offset: 0 },
    back: [],
    search: { filters: p.filters, ids: p.ids, total: p.total },
    choices: p.ids.slice(0, PAGE).map((id, i) => ({ key: String(i + 1), action: { do: 'open', id, index: i } })),
  };
}

// The digest's vacancies that still exist, so the numbers shown and the numbers answered are the same.
function known(p: DigestPayload, vacancies: VacancyIndex): DigestPayload {
  const ids = p.ids.filter((id) => vacancies.get(id) !== undefined);
  return { ...p, ids, total: p.total - (p.ids.length - ids.length) };
}
