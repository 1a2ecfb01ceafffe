// Office hours as staff write them ("Senin–Jumat 08.00–16.00 WIB",
// "Senin-Kamis 08.00-15.30, Jumat 08.00-11.00"), read well enough to say
// whether the office is open now and when it opens next. Text that cannot be
// read gives no schedule, and the bot then says nothing about "open now".

const DAYS: Array<[RegExp, number]> = [
  [/^(minggu|ahad)/, 0], [/^senin/, 1], [/^selasa/, 2], [/^rabu/, 3], [/^kamis/, 4], [/^(jumat|jum'at|jum at)/, 5], [/^sabtu/, 6],
];
export const DAY_NAMES = ['Minggu', 'Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu'];

/** Opening minutes per weekday (0 = Sunday): [start, end) in minutes after midnight. */
export type Schedule = Array<Array<[number, number]>>;

function dayOf(word: string): number | null {
  for (const [re, d] of DAYS) if (re.test(word)) return d;
  return null;
}

/** Reads office hours; null when the text gives no day and time range that can be read. */
export function parseOfficeHours(text: string | null): Schedule | null {
  if (!text) return null;
  const schedule: Schedule = [[], [], [], [], [], [], []];
  const folded = text.toLowerCase().replace(/[–—]/g, '-').replace(/s\.?\s?d\.?/g, '-').replace(/\bsampai\b|\bhingga\b/g, '-');
  // Each part: a day or day range, then a time range ("senin-jumat 08.00-16.00").
  const part = /((?:minggu|ahad|senin|selasa|rabu|kamis|jum'?at|sabtu)(?:\s*-\s*(?:minggu|ahad|senin|selasa|rabu|kamis|jum'?at|sabtu))?)[^0-9]{0,20}?(\d{1,2})[.:](\d{2})\s*-\s*(\d{1,2})[.:](\d{2})/g;
  let found = false;
  for (const m of folded.matchAll(part)) {
    const [from, to] = m[1]!.split('-').map((s) => dayOf(s.trim()));
    if (from === null || from === undefined) continue;
    const last = to ?? from;
    const start = Number(m[2]) * 60 + Number(m[3]);
    const end = Number(m[4]) * 60 + Number(m[5]);
    if (!(end > start)) continue;
    for (let d = from; ; d = (d + 1) % 7) {
      schedule[d]!.push([start, end]);
      if (d === last) break;
    }
    found = true;
  }
  return found ? schedule : null;
}

function localParts(at: Date, timeZone: string): { day: number; minutes: number } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(get('weekday'));
  return { day, minutes: Number(get('hour')) * 60 + Number(get('minute')) };
}

/** True when the office is open at `at`. */
export function isOpen(schedule: Schedule, at: Date, timeZone: string): boolean {
  const { day, minutes } = localParts(at, timeZone);
  return schedule[day]!.some(([s, e]) => minutes >= s && minutes < e);
}

/** When the office is open at `at` and closes within `within` minutes: the closing time ("16.00") and the minutes left. */
export function closingSoon(schedule: Schedule, at: Date, timeZone: string, within = 60): { time: string; minutes: number } | null {
  const { day, minutes } = localParts(at, timeZone);
  const slot = schedule[day]!.find(([s, e]) => minutes >= s && minutes < e);
  if (!slot || slot[1] - minutes > within) return null;
  const e = slot[1];
  return { time: `${String(Math.floor(e / 60)).padStart(2, '0')}.${String(e % 60).padStart(2, '0')}`, minutes: e - minutes };
}

/** When the office opens next after `at`: the weekday's name (or "hari ini"/"besok") and the time ("08.00"). */
export function nextOpening(schedule: Schedule, at: Date, timeZone: string): { day: string; time: string; today: boolean; tomorrow: boolean } | null {
  const { day, minutes } = localParts(at, timeZone);
  for (let k = 0; k < 8; k++) {
    const d = (day + k) % 7;
    const starts = schedule[d]!.map(([s]) => s).filter((s) => k > 0 || s > minutes).sort((a, b) => a - b);
    if (starts.length) {
      const s = starts[0]!;
      const time = `${String(Math.floor(s / 60)).padStart(2, '0')}.${String(s % 60).padStart(2, '0')}`;
      return { day: DAY_NAMES[d]!, time, today: k === 0, tomorrow: k === 1 };
    }
  }
  return null;
}
