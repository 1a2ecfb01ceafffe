// Calendar dates in the office's time zone. Closing and published dates are
// calendar dates, stored as midnight UTC of that date.

// Making an Intl.DateTimeFormat is slow; one per time zone is kept.
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const timeFormats = new Map<string, Intl.DateTimeFormat>();

// Formatting is slow, and every message asks the date of the same few minutes: the date of each minute asked for is
// kept (when it is the same at both ends of the minute, it is the same all through it), a few thousand at most.
const minuteDates = new Map<string, string>();

/** Calendar date (YYYY-MM-DD) of an instant in the given time zone. */
export function localDate(at: Date, timeZone: string): string {
  const minute = Math.floor(at.getTime() / 60_000);
  const key = `${minute} ${timeZone}`;
  const known = minuteDates.get(key);
  if (known !== undefined) return known;
  let f = dateFormats.get(timeZone);
  if (!f) dateFormats.set(timeZone, (f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })));
  const date = f.format(at);
  if (Number.isFinite(minute) && f.format(minute * 60_000) === date && f.format(minute * 60_000 + 59_999) === date) {
    if (minuteDates.size >= 4096) minuteDates.clear();
    minuteDates.set(key, date);
  }
  return date;
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

/** Minutes since local midnight of an instant in the given time zone. */
function localMinutes(at: Date, timeZone: string): number {
  let f = timeFormats.get(timeZone);
  if (!f) timeFormats.set(timeZone, (f = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })));
  const parts = f.formatToParts(at);
  const hour = Number(parts.find((p) => p.type === 'hour')!.value);
  const minute = Number(parts.find((p) => p.type === 'minute')!.value);
  return hour * 60 + minute;
}

/**
 * When quiet hours ("21:00-06:00", local time) are on at `at`, the instant
 * they end; null outside them (or when `quiet` is empty or "off").
 */
export function quietUntil(at: Date, quiet: string, timeZone: string): Date | null {
  const m = /^(\d\d):(\d\d)-(\d\d):(\d\d)$/.exec(quiet);
  if (!m) return null;
  const start = Number(m[1]) * 60 + Number(m[2]);
  const end = Number(m[3]) * 60 + Number(m[4]);
  const now = localMinutes(at, timeZone);
  const inside = start <= end ? now >= start && now < end : now >= start || now < end;
  if (!inside) return null;
  const wait = (end - now + 1440) % 1440;
  const until = new Date(at.getTime() + wait * 60_000);
  until.setUTCSeconds(0, 0);
  return until;
}
