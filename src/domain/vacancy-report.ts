// An employer's vacancy report as facts read from their own words, in any
// order and several in one message ("syarat: pria/wanita usia maks 25 th,
// fresh graduate boleh, gaji sesuai UMK"). A fee charged to applicants
// (seragam, MCU, pelatihan, "uang administrasi") is recognised so that it is
// refused and never kept. Pure: no I/O.

import { parseEducation, type Education } from './education.ts';
import { dateAfter, localDate } from './time.ts';

/** What an employer told about one vacancy. Absent = not told yet. */
export interface ReportFields {
  company?: string;
  position?: string;
  quota?: number;
  /** null = any level. */
  education?: Education | null;
  /** L, P, or null when the employer said either. */
  gender?: 'L' | 'P' | null;
  ageMin?: number;
  ageMax?: number;
  experience?: string;
  /** Other requirements, as written ("tinggi min 155 cm"). */
  requirements?: string[];
  wage?: string;
  /** Kemendagri code of the kecamatan. */
  kecamatan?: string;
  /** An industrial estate or area named with it ("EJIP"). */
  area?: string;
  howToApply?: string;
  /** Calendar date YYYY-MM-DD. */
  closing?: string;
  contactName?: string;
  contactPhone?: string;
  /** Anything else worth telling applicants ("libur seminggu sekali"). */
  notes?: string[];
}

/** What one message said, as facts, and whether it tried to add a fee for applicants. */
export interface ReadReport {
  fields: ReportFields;
  fee: boolean;
  /** The message removes the fee line ("hapus aja yg biaya"). */
  feeRemoved: boolean;
}

const FEE_THING = /\b(seragam|mcu|medical|medical check ?up|cek kesehatan|pelatihan|training|administrasi|admin|pendaftaran|formulir|id ?card|jaminan|deposit)\b/;
const FEE_WORD = /\b(bayar|dibayar|membayar|biaya|biayanya|uang|duit|potong gaji|dipotong|ditanggung pelamar|setor|transfer)\b/;
const AMOUNT = /\b\d+([.,]\d+)?\s*(rb|ribu|k|jt|juta)\b|\brp\.?\s*\d/;
const HOW = /\b(lamar|lamaran|lamarannya|melamar|ngelamar|ngelamarnya|kirim cv|cv|walk ?in|interview|apply|datang langsung|dateng langsung|email|e-mail|surel|daftarnya|mendaftar)\b/;
const CLOSING = /\b(tutup|ditutup|dibuka (sampai|sampe|hingga|s\/d)|sampai|sampe|hingga|batas|deadline|paling lambat|berlaku|terakhir)\b/;
// A closing date said relatively, enough to read it as one even when it was not asked ("tutup minggu depan").
const RELATIVE_DAY = /\b((minggu|pekan) depan|\d{1,3} (hari|minggu|pekan) lagi|tgl \d{1,2}|tanggal \d{1,2})\b/;
const QUOTA = /\b(\d{1,4})\s*(orang|org|pelamar|karyawan|pekerja|personel|personil|tenaga|posisi)\b/;
const QUOTA_EDIT = /\bjumlah\w*\b\D{0,20}(\d{1,4})\b/;
const AGE_RANGE = /\b(usia|umur)\b\D{0,10}(\d{2})\s*(-|–|sampai|sampe|sd|s\/d|hingga)\s*(\d{2})/;
const AGE_MAX = /\b(usia|umur)\s*(maks|maksimal|max|maximal|maks\.|paling tua|dibawah|di bawah|tidak lebih dari)\.?\s*(\d{2})/;
// "maks 35", "max 30 th" without "usia": an age when requirements are asked, or when years are said.
const AGE_MAX_BARE = /\b(maks|maksimal|max|maximal)\.?\s*(\d{2})\s*(th|thn|tahun)?\b/;
const AGE_MIN = /\b(usia|umur)\s*(min|minimal|minimum|min\.|paling muda|diatas|di atas)\.?\s*(\d{2})/;
const GENDER_ANY = /\b(pria ?\/ ?wanita|wanita ?\/ ?pria|pria (dan|atau|&) wanita|laki laki ?\/ ?perempuan|l ?\/ ?p|cowo ?\/ ?cewe|cowok ?\/ ?cewek|bebas (pria|cowo|laki))\b/;
const WOMEN = /\b(cewe|cewek|wanita|perempuan|female|ibu ibu)\b/;
const MEN = /\b(cowo|cowok|pria|laki laki|laki|male)\b/;
const EXPERIENCE = /\b(fresh ?graduate|freshgraduate|lulusan baru|tanpa pengalaman|belum berpengalaman|berpengalaman|pengalaman)\b/;
const WAGE = /\b(gaji|gajinya|upah|salary|gapok|honor|bayaran)\b/;
const EDUCATION = /\b(sd|smp|mts|sma|smk|slta|sltp|stm|smu|d1|d2|d3|d4|s1|s2|sarjana|diploma)\b/;
const PHONE = /(\+?62|0)8[\d\s.-]{7,15}\d/;
const EMAIL = /[\w.+-]+@[\w-]+(\.[\w-]+)+/;
const NAME = /\b(bu|ibu|pak|bapak|mbak|mba|mas|kak|sdr|sdri)\.?\s+([A-Za-z][A-Za-z']+)/i;
const COMPANY = /\b(PT|CV|UD|PD|Koperasi|Toko|Rumah Makan|RM|Warung|Bengkel|Klinik|Apotek)\.?\s+([\w&.'-]+(?:\s+[\w&.'-]+)*)/i;
// "kirim cv ke email", "bawa CV dan fotokopi ijazah": a CV the applicant sends, not a company whose name starts "CV".
const CV_AS_DOCUMENT = /\b(kirim|kirimkan|kirimin|bawa|antar|antarkan|upload|unggah|lampirkan|serahkan|siapkan|taruh|titip)\s+(cv|CV)\b|\bcv\s+(ke|lewat|via|dan|atau|sama|nya|ya|lengkap|terbaru|&)\b/i;
const COMPANY_END = /\s+(di|yang|yg|dari|kami|mau|ingin|bergerak|kawasan|butuh|membutuhkan|sedang|lagi|ada|untuk|buat|dengan|dan|ya|kak|min)\b.*$/i;
const COMPANY_NAMED = /\b(?:nama (?:toko|usaha|perusahaan|pt|cv|warung|tempat)\w*|tokonya|usahanya|perusahaannya)\s*(?:adalah|yaitu|:)?\s*(.+)$/i;
const ESTATES: Array<[RegExp, string]> = [
  [/\bejip\b/, 'EJIP'],
  [/\bmm ?2100\b/, 'MM2100'],
  [/\bjababeka (2|ii)\b/, 'Jababeka II'],
  [/\bjababeka\b/, 'Jababeka'],
  [/\bdelta silicon\b/, 'Delta Silicon'],
  [/\blippo cikarang\b/, 'Lippo Cikarang'],
  [/\b(biie|hyundai)\b/, 'BIIE'],
  [/\b(giic|deltamas|kitic)\b/, 'GIIC Deltamas'],
  [/\bmarunda\b/, 'Marunda'],
];
// Conditions of the job rather than requirements of the applicant.
const BENEFIT = /\b(libur|makan|mess|bonus|tunjangan|lembur|bpjs|asuransi|jam kerja|shift|transport|uang makan|thr)\b/;
// Requirements of the applicant.
const REQUIREMENT = /\b(tinggi|berat|buta warna|sehat|jujur|rajin|disiplin|sim|sio|bisa|mampu|menguasai|berpenampilan|bersedia|tidak bertato|tidak bertindik|domisili|ktp|belum menikah|lajang|teliti|ramah)\b/;
const FILLER = /^(selamat (pagi|siang|sore|malam)|halo|hai|permisi|assalamualaikum|terima kasih|makasih|ok|oke|ya|iya|baik|siap|(udah |sudah )?itu (aja|saja|dulu)|segitu (aja|saja|dulu)|sekian|cukup|udah dulu|sudah dulu|udahan)\b/;

const MONTHS: Record<string, number> = {
  jan: 1, januari: 1, feb: 2, februari: 2, pebruari: 2, mar: 3, maret: 3, apr: 4, april: 4, mei: 5, jun: 6, juni: 6, jul: 7, juli: 7,
  agu: 8, agt: 8, agus: 8, agustus: 8, sep: 9, sept: 9, september: 9, okt: 10, oktober: 10, nov: 11, november: 11, des: 12, desember: 12,
};

/** Lower case, with "." and "," inside numbers kept and other punctuation as spaces. */
function fold(text: string): string {
  return text
    .toLowerCase()
    .replace(/(\d)[.,](\d)/g, '$1§$2')
    .replace(/[^\p{L}\p{N}§/@+\-–\s]/gu, ' ')
    .replace(/§/g, ',')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A message cut into clauses at commas, semicolons, full stops and new lines (not inside numbers, e-mail addresses or times). */
export function clauses(text: string): string[] {
  return text
    .split(/\n|;|,(?!\d)|\.(?=\s|$)|\s\+\s(?=[a-z]*\s*(biaya|bayar|uang|seragam|mcu))/i)
    .map((c) => c?.trim() ?? '')
    .filter(Boolean);
}

/** The next calendar date the words name ("30 juni", "akhir bulan ini", "tgl 15"), on or after today; null when none. */
export function readClosingDate(text: string, now: Date, timeZone: string): string | null {
  const t = fold(text);
  const today = localDate(now, timeZone);
  const [y, m] = today.split('-').map(Number) as [number, number];
  const iso = (year: number, month: number, day: number) => new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10);
  const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (/\bakhir bulan (ini)?\b|\bakhir bulan$/.test(t) && !/\bdepan\b/.test(t)) return iso(y, m, lastDay(y, m));
  if (/\bakhir bulan depan\b/.test(t)) return m === 12 ? iso(y + 1, 1, 31) : iso(y, m + 1, lastDay(y, m + 1));
  // Said relatively: "minggu depan" (a week from today), "2 minggu lagi", "10 hari lagi", "besok", "lusa".
  const after = (days: number) => dateAfter(now, days, timeZone).toISOString().slice(0, 10);
  const inDays = /\b(\d{1,3}|satu|dua|tiga|empat|lima|enam|tujuh) (hari|minggu|pekan)( lagi| ke depan| dari sekarang)\b/.exec(t);
  if (inDays) {
    const n = /^\d+$/.test(inDays[1]!) ? Number(inDays[1]) : ['satu', 'dua', 'tiga', 'empat', 'lima', 'enam', 'tujuh'].indexOf(inDays[1]!) + 1;
    return after(inDays[2] === 'hari' ? n : n * 7);
  }
  if (/\b(minggu|pekan) depan\b/.test(t) && !/\b(akhir|awal) (minggu|pekan) depan\b/.test(t)) return after(7);
  if (/\blusa\b/.test(t)) return after(2);
  if (/\bbesok\b/.test(t)) return after(1);
  const full = /\b(\d{1,2})[/-](\d{1,2})[/-](\d{4})\b/.exec(t);
  if (full) return iso(Number(full[3]), Number(full[2]), Number(full[1]));
  const named = new RegExp(`\\b(\\d{1,2})\\s*(${Object.keys(MONTHS).join('|')})\\b(\\s*(\\d{4}))?`).exec(t);
  const short = /\b(\d{1,2})\/(\d{1,2})\b/.exec(t);
  let day: number;
  let month: number;
  let year: number | null = null;
  if (named) [day, month, year] = [Number(named[1]), MONTHS[named[2]!]!, named[4] ? Number(named[4]) : null];
  else if (short) [day, month] = [Number(short[1]), Number(short[2])];
  else {
    const dayOnly = /\b(tanggal|tgl)\s*(\d{1,2})\b/.exec(t);
    if (!dayOnly) return null;
    day = Number(dayOnly[2]);
    month = m;
    const candidate = iso(y, m, day);
    if (candidate < today) month = m === 12 ? 1 : m + 1;
    year = month < m ? y + 1 : y;
  }
  if (!month || month > 12 || !day || day > 31) return null;
  if (year) return iso(year, month, day);
  const thisYear = iso(y, month, day);
  return thisYear >= today ? thisYear : iso(y + 1, month, day);
}

function titleCase(text: string): string {
  return text.trim().replace(/\s+/g, ' ').replace(/(^|\s)(\p{Ll})/gu, (_w, s: string, ch: string) => s + ch.toUpperCase());
}

function clean(text: string): string {
  const t = text.trim().replace(/\s+/g, ' ').replace(/^[-:•]+\s*/, '');
  return t.charAt(0).toUpperCase() + t.slice(1);
}

/** "2,5jt" -> "Rp2,5 juta", "250rb" -> "Rp250 ribu". */
export function moneyWords(text: string): string {
  return text.replace(/\b(?:rp\.?\s*)?(\d+(?:[.,]\d+)?)\s*(jt|juta)\b/gi, 'Rp$1 juta').replace(/\b(?:rp\.?\s*)?(\d+(?:[.,]\d+)?)\s*(rb|ribu)\b/gi, 'Rp$1 ribu');
}

/** True when the words ask applicants to pay (a fee the office never publishes). */
export function isApplicantFee(text: string): boolean {
  const t = fold(text);
  if (/\b(gratis|tanpa biaya|tidak (dipungut )?biaya|tidak ada biaya|free)\b/.test(t)) return false;
  return (FEE_WORD.test(t) && (FEE_THING.test(t) || AMOUNT.test(t))) || /\buang (administrasi|admin|seragam|pendaftaran|jaminan)\b/.test(t);
}

/**
 * Reads the facts of one message. `asking` is the item the bot asked for: a
 * clause that fits no other item is taken as its answer when it is free text.
 * `codes` are the kecamatan the understanding found in the message.
 */
export function readReport(text: string, options: { now: Date; timeZone: string; codes: string[]; job: string | null; asking?: string | null }): ReadReport {
  const fields: ReportFields = {};
  let fee = false;
  const whole = fold(text);
  const feeRemoved = /\b(hapus|hapusin|buang|hilangkan|tanpa|ga usah|gak usah|tidak usah|gausah|coret)\b.{0,20}\b(biaya|bayar|fee|seragam|mcu)\b/.test(whole);
  if (options.codes.length === 1) fields.kecamatan = options.codes[0]!;
  for (const [re, label] of ESTATES) if (re.test(whole)) {
    fields.area = label;
    break;
  }
  const phone = PHONE.exec(text);
  if (phone) fields.contactPhone = phone[0].replace(/[\s.-]/g, '');
  const free: string[] = [];
  for (const raw of clauses(text)) {
    const c = fold(raw.replace(/^syarat(nya)?\s*:?\s*/i, ''));
    if (!c) continue;
    if (isApplicantFee(c) && !feeRemoved) {
      fee = true;
      continue;
    }
    if (feeRemoved && /\b(biaya|bayar|fee)\b/.test(c)) continue;
    let used = false;
    const company = COMPANY.exec(raw);
    const companyName = company ? company[2]!.replace(COMPANY_END, '').trim() : '';
    const named = COMPANY_NAMED.exec(raw);
    if (named) {
      fields.company = clean(named[1]!.replace(/\s+(ya|yah|kak|min)$/i, ''));
      used = true;
    } else if (company && companyName && (company[1]!.length <= 3 || /^\p{Lu}/u.test(companyName)) && !/^(saya|sy|kami)$/i.test(companyName) && !CV_AS_DOCUMENT.test(raw)) {
      const kind = company[1]!.length <= 3 ? company[1]!.toUpperCase() : clean(company[1]!.toLowerCase());
      fields.company = `${kind} ${companyName.replace(/\b\p{Ll}/gu, (ch) => ch.toUpperCase())}`;
      used = true;
    }
    if (phone && raw.includes(phone[0].slice(0, 4))) {
      const name = NAME.exec(raw);
      if (name) fields.contactName = `${name[1]!.charAt(0).toUpperCase()}${name[1]!.slice(1).toLowerCase()} ${name[2]!.charAt(0).toUpperCase()}${name[2]!.slice(1)}`;
      used = true;
    } else if (phone && options.asking === 'contact' && NAME.test(raw) && !fields.contactName) {
      const name = NAME.exec(raw)!;
      fields.contactName = `${name[1]!.charAt(0).toUpperCase()}${name[1]!.slice(1).toLowerCase()} ${name[2]!.charAt(0).toUpperCase()}${name[2]!.slice(1)}`;
      used = true;
    }
    if (HOW.test(c) || EMAIL.test(raw)) {
      fields.howToApply = clean(raw.replace(/^(lamaran|cara melamar|cara ngelamar|ngelamarnya|melamarnya)\s*:?\s*/i, (w) => (/lamaran/i.test(w) ? 'Lamaran ' : '')));
      continue;
    }
    // A date alone ("tgl 20", "30 juni") when the closing date is what was asked.
    if (CLOSING.test(c) || /\bakhir bulan\b/.test(c) || options.asking === 'closing' || RELATIVE_DAY.test(c)) {
      const date = readClosingDate(c, options.now, options.timeZone);
      if (date) {
        fields.closing = date;
        continue;
      }
    }
    const quota = QUOTA.exec(c) ?? QUOTA_EDIT.exec(c);
    if (quota) {
      fields.quota = Number(quota[1]);
      used = true;
    }
    const range = AGE_RANGE.exec(c);
    const bare = AGE_MAX_BARE.exec(c);
    const max = AGE_MAX.exec(c) ?? (bare && (options.asking === 'requirements' || bare[3]) ? ([bare[0], '', '', bare[2]] as unknown as RegExpExecArray) : null);
    const min = AGE_MIN.exec(c);
    if (range) [fields.ageMin, fields.ageMax] = [Number(range[2]), Number(range[4])];
    if (max) fields.ageMax = Number(max[3]);
    if (min) fields.ageMin = Number(min[3]);
    if (range || max || min) used = true;
    if (GENDER_ANY.test(c)) {
      fields.gender = null;
      used = true;
    } else if (WOMEN.test(c) && !/\b(bu|ibu)\b/.test(c)) {
      fields.gender = 'P';
      used = true;
    } else if (MEN.test(c)) {
      fields.gender = 'L';
      used = true;
    }
    if (EXPERIENCE.test(c)) {
      fields.experience = clean(raw.replace(/^syarat(nya)?\s*:?\s*/i, '').replace(/.*\b(?=fresh|lulusan baru|tanpa|belum|berpengalaman|pengalaman)/i, ''));
      used = true;
    }
    if (WAGE.test(c)) {
      fields.wage = moneyWords(clean(raw.replace(/^.*?\b(gaji|gajinya|upah|salary|gapok|honor|bayaran)\b\s*:?\s*/i, '')));
      continue;
    }
    const level = EDUCATION.exec(c);
    if (level && !used) {
      const parsed = parseEducation(level[1]!) ?? (level[1] === 'sarjana' ? 'S1' : null);
      if (parsed) fields.education = parsed;
      used = true;
    } else if (level) {
      const parsed = parseEducation(level[1]!);
      if (parsed) fields.education = parsed;
    }
    if (/\b(minimal|min|lulusan|pendidikan)\b/.test(c) && /\b(bebas|semua|apa saja|apa aja)\b/.test(c)) {
      fields.education = null;
      used = true;
    }
    if (options.codes.length && /\b(penempatan|lokasi|di|daerah|kecamatan|kawasan)\b/.test(c)) used = true;
    if (used || /\?\s*$/.test(raw)) continue;
    if (BENEFIT.test(c)) (fields.notes ??= []).push(clean(raw));
    else if (REQUIREMENT.test(c)) (fields.requirements ??= []).push(clean(raw.replace(/^syarat(nya)?\s*:?\s*/i, '')));
    else if (!FILLER.test(c) && !/\?\s*$/.test(raw)) free.push(raw);
  }
  // A clause that fits no item answers the item asked, when that item is free text.
  const answer = free.join(', ').trim();
  if (answer && options.asking) {
    if (options.asking === 'company' && !fields.company) fields.company = clean(answer);
    else if (options.asking === 'position' && !fields.position) fields.position = clean(answer);
    else if (options.asking === 'howToApply' && !fields.howToApply) fields.howToApply = clean(answer);
    else if (options.asking === 'requirements') {
      if (/^(tidak ada|ga ada|gak ada|nggak ada|tidak|bebas|ga|gak)\b/.test(fold(answer))) fields.requirements = [];
      else (fields.requirements ??= []).push(clean(answer));
    }
  }
  if (options.job && !fields.position && (options.asking === 'position' || /\b(lowongan|loker|butuh|cari|mencari|posisi|bagian|sebagai|pasang|lapor)\b/.test(whole))) fields.position = titleCase(options.job.replace(/^(\d+\s*)?(orang|org)\s+/, '').replace(/\s+(cewe|cewek|cowo|cowok|wanita|pria|perempuan|laki laki)$/, ''));
  return { fields, fee, feeRemoved };
}

/** The next reference number of a year: LP-2026-0042 after LP-2026-0041. */
export function nextReference(year: number, last: string | null): string {
  const n = last ? Number(/-(\d+)$/.exec(last)?.[1] ?? 0) : 0;
  return `LP-${year}-${String(n + 1).padStart(4, '0')}`;
}

/** A reference number as a person may write it ("lp 2026 42", "LP-2026-0042"); null when none. */
export function findReference(text: string): string | null {
  const m = /\blp[\s-]*(\d{4})[\s-]*(\d{1,6})\b/i.exec(text);
  return m ? `LP-${m[1]}-${m[2]!.padStart(4, '0')}` : null;
}

/** Days from a date for closing dates said relatively in tests and samples. */
export function closingIn(now: Date, days: number, timeZone: string): string {
  return dateAfter(now, days, timeZone).toISOString().slice(0, 10);
}
