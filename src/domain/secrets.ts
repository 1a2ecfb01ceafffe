// Finds secrets people paste into chat (a NIK / KTP or KK number, a password,
// a verification code or PIN) so they are removed before anything is stored,
// logged or understood. Every pattern here is linear in the text's length:
// no quantifier can match the same characters two ways.

export interface Redacted {
  /** The text with every secret replaced by a marker. */
  text: string;
  nik: boolean;
  password: boolean;
  code: boolean;
}

export const NIK_MARK = '[NIK dihapus]';
export const PASSWORD_MARK = '[sandi dihapus]';
export const CODE_MARK = '[kode dihapus]';

// ---- NIK ------------------------------------------------------------------
// A NIK has 16 digits, written whole or in groups ("3216 0123 4567 8901",
// "321601 120590 0001", "3216-0123-4567-8901", "3216/0123/...", across a line
// break, with non-breaking spaces or in full-width digits). A number is a
// token: digits with single dots, commas, hyphens or slashes inside. Tokens
// next to each other (one or two spaces, or " - ", " / ", a line break
// between) are read together. Within such a chain, money ("5.200.000"),
// dates, times and telephone numbers (0..., 62 8...: 10 to 13 digits) are
// what they look like; the rest is a NIK once 15 or more digits come together
// (so a mistyped NIK, or an NPWP, is caught too).
const DIGIT = '[0-9\\uFF10-\\uFF19]';
const TOKEN = new RegExp(`${DIGIT}+(?:[.,/-]${DIGIT}+)*`, 'g');
const JOIN = /^(?:[ \t\u00A0\u2007\u202F\r\n]{1,2}|[ \t\u00A0\u2007\u202F]?[-/][ \t\u00A0\u2007\u202F]?)$/;
const MONEY = /^\d{1,3}(?:[.,]\d{3})+(?:-\d{1,3}(?:[.,]\d{3})+)?$/;
const DATE = /^(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{2}|\d{4})|\d{4}-\d{1,2}-\d{1,2})$/;
const TIME = /^\d{1,2}[.:]\d{2}(?:-\d{1,2}[.:]\d{2})?$/;

interface NumberToken {
  start: number;
  end: number;
  /** The digits alone, full-width ones made plain. */
  digits: string;
  /** Money, a date, a time or a name like "MM2100": never part of a NIK or a phone number. */
  other: boolean;
}

const plainDigits = (s: string) => s.replace(/[\uFF10-\uFF19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xff10 + 48));

// Two tokens are read together when at most a short gap of spaces, a line break, " - " or " / " is between them.
const joined = (between: string) => between.length <= 3 && JOIN.test(between);

/** The numbers in `text`, as chains of tokens read together. */
function numberChains(text: string): NumberToken[][] {
  const chains: NumberToken[][] = [];
  let last: NumberToken | null = null;
  for (const m of text.matchAll(TOKEN)) {
    const raw = plainDigits(m[0]);
    const token: NumberToken = { start: m.index, end: m.index + m[0].length, digits: raw.replace(/\D/g, ''), other: MONEY.test(raw) || DATE.test(raw) || TIME.test(raw) };
    // A short number glued to letters ("MM2100", "D3") is a name; a long one ("nik3216...") is still a NIK.
    if (token.digits.length < 15 && (/[A-Za-z]/.test(text[token.start - 1] ?? '') || /[A-Za-z]/.test(text[token.end] ?? ''))) token.other = true;
    if (last && joined(text.slice(last.end, token.start))) chains.at(-1)!.push(token);
    else chains.push([token]);
    last = token;
  }
  return chains;
}

/**
 * Spans of `text` that hold a NIK. Each chain is read from the left: a
 * telephone number (10 to 13 digits from a group of 3 or more that starts with
 * 0 or 62 8: "0812 8800 1234", "+62 812 8800 1234", "021 8990 1234") is
 * skipped whole; a NIK starts at a group that does not start with 0 and runs
 * until 15 digits or more have come together.
 */
function nikSpans(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (const chain of numberChains(text)) {
    for (let i = 0; i < chain.length; ) {
      const take = (limit: (n: number, next: NumberToken) => boolean) => {
        let n = 0;
        let j = i;
        let digits = '';
        while (j < chain.length && !chain[j]!.other && limit(n, chain[j]!)) {
          digits += chain[j]!.digits;
          n += chain[j++]!.digits.length;
        }
        return { n, j, digits };
      };
      const first = chain[i]!;
      if (first.other) {
        i++;
        continue;
      }
      const phone = take((n, next) => n + next.digits.length <= 13);
      if (phone.n >= 10 && /^(0|628)/.test(phone.digits) && (first.digits.length >= 3 || first.digits === '62')) {
        i = phone.j;
        continue;
      }
      const nik = take((n) => n < 15);
      if (nik.n >= 15 && !first.digits.startsWith('0')) {
        // A long number at the end stands alone: the short one before it is something else (an RW, a count).
        const lastToken = chain[nik.j - 1]!;
        const from = nik.j - 1 > i && lastToken.digits.length >= 15 ? nik.j - 1 : i;
        spans.push([chain[from]!.start, lastToken.end]);
        i = nik.j;
        continue;
      }
      i++;
    }
  }
  return spans;
}

// ---- Codes ----------------------------------------------------------------
// "kode otp 123456", "kodenya: 4821", "kode nya 4829 13", "Kode: A7B9C2", "PIN ATM saya 445566",
// "kode verifikasi dari SIAPkerja 551234". A code has digits; a word without them is no code
// ("kode verifikasi tidak masuk", "kode pos").
const CODE_WORD = String.raw`\b(kode|code|otp|token|pin)`;
// "kodenya udh masuk 482913": words between the code word and the code.
const CODE_SUFFIX = String.raw`((?:\s?nya\b|\s+(?:otp|verifikasi(?:nya)?|saya|aku|sms|masuk|atm|bank|kartu|akun|baru|udh|udah|sudah|sdh|dah|tadi|barusan|yg|yang|ini|itu|tuh|nih|dari\s+[A-Za-z][\w-]*|dikirim|terkirim|nyampe|sampai|sampe|ke|di|lewat|via|email|e-mail|hp|sms|wa|whatsapp)\b)*)`;
const CODE_VALUE = String.raw`(\d(?:[ -]?\d){3,7}|[A-Za-z0-9]{4,8})(?![A-Za-z0-9])`;
const AFTER_CODE_WORD = new RegExp(`${CODE_WORD}${CODE_SUFFIX}\\s*(adalah|yaitu|:|=|-)?\\s*${CODE_VALUE}`, 'gi');
// "123987 itu kode otp nya", "445566 pin atm saya": the number before the word.
const BEFORE_CODE_WORD = /(?<![\w.,/-])(\d(?:[ -]?\d){3,7})(\s+(?:itu|ini|adalah)\s+(?:kode|code|otp|token|pin)\b|\s+(?:kode|code)\s+(?:otp|verifikasi|sms)\b|\s+(?:otp|pin)\b)/gi;
// A message that is only a 4-8 digit number is a code (1-3 digits are menu choices).
const ONLY_CODE = /^\s*\d(?:[ -]?\d){3,7}\s*$/;

// ---- Passwords ------------------------------------------------------------
// "password saya Kerja#2026", "pw: rahasia1", "kata sandinya = abc", "pasword aku ...",
// "pw saya tuh ...", "sandi email saya ...", "password akun saya sekarang ...".
const PASSWORD_WORD = String.raw`\b(password|passwd|passwod|pasword|paswod|paswd|pass|pwd|pw|sandi|kata ?sandi|kata ?kunci)`;
// Whose and which password: "nya", "ku", "saya", "akun siapkerja", "email", "sekarang", "tuh".
const PASSWORD_SUFFIX = String.raw`((?:\s?nya\b|\s?ku\b|\s+(?:saya|aku|gue|gw|akun(?:\s+(?!saya\b|aku\b|sekarang\b)[a-z-]+)?|email|e-mail|gmail|siapkerja|karirhub|sekarang|skrg|baru|tuh|itu|ini)\b)*)`;
const AFTER_PASSWORD_WORD = new RegExp(`${PASSWORD_WORD}${PASSWORD_SUFFIX}\\b\\s*(adalah|yaitu|:|=|-)?\\s*(?!\\[)(\\S+)(?:(\\s+)(\\S+))?`, 'gi');
// A password word, then within a few words a colon or "=" and a value: "pw nya ya kak biar dibantu: rahasia123".
const LATER_PASSWORD_VALUE = new RegExp(`(${PASSWORD_WORD}[^:=\\n]{1,40}?)\\s*([:=])\\s*(?!\\[)(\\S+)`, 'gi');
// Words just before "password" that talk about it rather than give it.
const TALKED_ABOUT = /\b(lupa|lupa lagi|ganti|gantiin|reset|ubah|hapus|ada|salah|bikin|buat|ngisi|isi|ketik|masukin|masukkan|inget|ingat|keinget)\s*$/i;
// "pw nya aku kasih ke kakak": a verb of giving right after the password word is the sentence going on, not the password
// (a word after a value may still be a password's second word: "bunga kasih").
const GIVING = /^(kasih|kasi|kasihin|dikasih|ngasih|kasihkan|berikan|kirim|kirimin|kirimkan|dikirim|ngirim|share|bagi|tulis|tulisin|ketikin|nanti|ntar|mau)$/i;
// Words after "password ..." that are the sentence going on, not the password.
const NOT_A_PASSWORD = /^(saya|aku|lupa|salah|nya|baru|lama|apa|gimana|gmn|bagaimana|tidak|tdk|gak|ga|nggak|enggak|ditolak|harus|yang|yg|di|ke|untuk|utk|buat|dan|tapi|tp|ya|yaa|kak|min|admin|bisa|tolong|kok|kenapa|knp|kan|deh|dong|sih|ok|oke|terus|trus|lalu|benar|bener|masih|udah|sudah|apakah|mohon|juga|sama|kalau|kalo|jadi|jd|error|eror|reset|ganti|diganti|berubah|minimal|min\.|pakai|pake|harusnya|tuh|itu|ini|sekarang|skrg|email|e-mail|gmail|akun|siapkerja|karirhub|hrs|musti|mesti|mestinya|wajib|perlu|kudu|berapa|brp|brapa|boleh|blh|bs|maksimal|max|panjang|panjangnya|huruf|angka|simbol|kuat|lemah|susah|ribet|kayak|kaya|kyk|seperti|contoh|contohnya|kapital|besar|kecil|teh|mah|na|ge|oge|keliru|beda|sama|samain|dibuat|bikin|buat|dibikin|diisi|isi|ngisi|nulis|ditulis|kelupaan|hilang|ilang|lp|lupa2|kelihatan|keliatan|muncul|ga|gk|engga|ngga|belum|blm|lg|lagi|dong|nih|pas|waktu|wkt|pada|cuma|cm)$/i;

// A single word of 8 or more characters that looks made up: a digit with
// upper and lower case letters and a symbol (SIAPkerja's own rule), or
// mixed-case letters with at least two digits ("Budi1234"). Web and e-mail
// addresses, money, dates, times, education levels and streets are not.
function looksLikePassword(raw: string): boolean {
  const word = raw.replace(/[.,!?;:)]+$/, '');
  if (word.length < 8) return false;
  if (/^(https?:|www\.)|@|\.(com|id|net|org|go)\b/i.test(word)) return false;
  if (/^rp/i.test(word) || /^jl\b|^jln\b|^jl\./i.test(word)) return false;
  if (/\d\d[.:]\d\d/.test(word) || /^\d{4}-\d\d-\d\d/.test(word)) return false;
  if (/(^|[/-])(sd|smp|sma|smk|stm|d[1-4]|s[1-3])([/-]|$)/i.test(word)) return false;
  const lower = /[a-z]/.test(word);
  const upper = /[A-Z]/.test(word);
  const digits = (word.match(/\d/g) ?? []).length;
  const symbol = /[^A-Za-z0-9]/.test(word);
  if (digits && symbol && (lower || upper)) return true;
  return lower && upper && digits >= 2 && !symbol;
}

// The code Pasker gives to link two channels ("HUB7K3M9"): meant to be typed in the chat.
const LINK_CODE = /^HUB[A-HJ-NP-Z2-9]{5}[.,!?]*$/i;

/** Removes secrets from a message and says which kinds were found. */
export function redactSecrets(text: string): Redacted {
  const found = { nik: false, password: false, code: false };
  let out = text;
  const spans = nikSpans(text);
  if (spans.length) {
    found.nik = true;
    for (const [start, end] of spans.reverse()) out = `${out.slice(0, start)}${NIK_MARK}${out.slice(end)}`;
  }
  if (ONLY_CODE.test(out)) return { text: CODE_MARK, ...found, code: true };
  out = out.replace(BEFORE_CODE_WORD, (whole: string, value: string, rest: string) => {
    found.code = true;
    return `${CODE_MARK}${rest}`;
  });
  out = out.replace(AFTER_CODE_WORD, (whole: string, word: string, suffix: string | undefined, sep: string | undefined, value: string) => {
    // A code has digits ("kode verifikasi tidak masuk" has none); Pasker's own link code is no secret.
    if ((value.match(/\d/g) ?? []).length < 3 || LINK_CODE.test(value)) return whole;
    found.code = true;
    return `${word}${suffix ?? ''} ${sep ? `${sep} ` : ''}${CODE_MARK}`;
  });
  out = out.replace(AFTER_PASSWORD_WORD, (whole: string, word: string, suffix: string | undefined, sep: string | undefined, value: string, space: string | undefined, second: string | undefined, offset: number, input: string) => {
    if (NOT_A_PASSWORD.test(value) || GIVING.test(value) || value.startsWith('[') || !/[\p{L}\d]/u.test(value)) return whole;
    // "lupa passwordnya …", "hapus chat yg ada passwordnya …": the password is talked about, not given
    // (unless what follows looks made up).
    if (TALKED_ABOUT.test(input.slice(Math.max(0, offset - 16), offset)) && !sep && !looksLikePassword(value)) return whole;
    // Without "saya", ":" or "adalah", only a value that looks made-up counts ("password akun siapkerja" is not one).
    const claimed = Boolean(sep) || /\b(nya|ku|saya|aku|gue|gw|tuh|itu|sekarang|skrg|email|e-mail|gmail)\s*$/i.test(suffix ?? '') || /nya$|ku$/i.test(suffix ?? '');
    if (!claimed && !/[\dA-Z]|[^\w]/.test(value.replace(/[.,!?]+$/, ''))) return whole;
    found.password = true;
    // A claimed password may be two words ("bunga mawar"), unless the sentence goes on.
    const twoWords = claimed && second !== undefined && !/[.,!?]$/.test(value) && !NOT_A_PASSWORD.test(second) && !second.startsWith('[');
    return `${word}${suffix ?? ''} ${sep ? `${sep} ` : ''}${PASSWORD_MARK}${!twoWords && second !== undefined ? `${space}${second}` : ''}`;
  });
  // "ini pw nya ya kak biar dibantu: rahasia123": the value after a colon further on in a sentence about the password.
  out = out.replace(LATER_PASSWORD_VALUE, (whole: string, before: string, _word: string, sep: string, value: string) => {
    if (NOT_A_PASSWORD.test(value) || value.startsWith('[') || !/[\p{L}\d]/u.test(value) || value.replace(/[.,!?]+$/, '').length < 4) return whole;
    found.password = true;
    return `${before}${sep} ${PASSWORD_MARK}`;
  });
  out = out
    .split(/(\s+)/)
    .map((w) => {
      if (w.trim() && !LINK_CODE.test(w) && looksLikePassword(w)) {
        found.password = true;
        return PASSWORD_MARK;
      }
      return w;
    })
    .join('');
  return { text: out, ...found };
}

// A log line's field is cut to this length before it is redacted (and written).
const LOG_FIELD_MAX = 2000;

/** Removes secrets from a text headed for a log (one field at a time, not a whole JSON line). */
export function redactForLog(text: string): string {
  return redactSecrets(text.length > LOG_FIELD_MAX ? `${text.slice(0, LOG_FIELD_MAX)}…` : text).text;
}
