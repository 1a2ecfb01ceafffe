// The names of what the service counts for staff: daily counts (DailyCount,
// nothing that identifies a person) and activities kept with their words
// (Activity, erased with the person). The dialogue writes them; the staff
// console and `pasker` commands read them.

/** Keys of DailyCount rows (one row per key per local day). */
export const DAILY_KEYS = [
  /** People who wrote that day (counted at their first message of the day). */
  'people',
  /** People who wrote for the first time. */
  'new_people',
  'messages_in',
  'messages_out',
  /** Vacancy searches answered, and those that found nothing. */
  'searches',
  'searches_empty',
  /** A vacancy's details opened, and its "cara melamar" shown on its own. */
  'vacancy_views',
  'apply_views',
  'guide_starts',
  'guide_finishes',
  'subscriptions_new',
  'subscriptions_stopped',
  'handoffs',
  /** Asked for a person while no staff chat or console account could answer. */
  'handoffs_unreachable',
  'complaints',
  'scam_reports',
  /** Messages the bot could not place (answered with the repair ladder or "belum bisa"). */
  'unanswered',
  'erasures',
  /** Vacancies employers reported in chat (sent for review). */
  'reports',
] as const;
export type DailyKey = (typeof DAILY_KEYS)[number];

/** Kinds of Activity rows (kept with the person's redacted words until erased or purged). */
export const ACTIVITY_KINDS = ['search_empty', 'unanswered', 'complaint', 'scam', 'vacancy_closed', 'feedback'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];
