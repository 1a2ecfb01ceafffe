// Calendar dates in the office's time zone. Closing and published dates are
// calendar dates, stored as midnight UTC of that date.

/** Calendar date (YYYY-MM-DD) of an instant in the given time zone. */
export function localDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** The calendar date `days` after `at`'s local date, as midnight UTC. */
export function dateAfter(at: Date, days: number, timeZone: string): Date {
  const [y, m, d] = localDate(at, timeZone).split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days));
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'Mei', 'Jun', 'Jul', 'Agu', 'Sep', 'Okt', 'Nov', 'Des'];

/** A stored calendar date the way Indonesians write it: "31 Des 2026". */
export function formatDate(date: Date): string {
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}
