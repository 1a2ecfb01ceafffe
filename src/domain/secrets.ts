// Finds secrets people paste into chat (a NIK / KTP or KK number, a password,
// a verification code) so they are removed before anything is stored,
// logged or understood.

// A NIK has 16 digits, possibly written in groups ("3216 0123 4567 8901");
// any run of 15 or more is treated as one, so a mistyped NIK is caught too.
// Phone numbers (at most 13 digits) are left alone.
const NIK = /(?<!\d)\d(?:[ .-]?\d){14,}/g;
// "password saya Kerja#2026", "pw: rahasia1", "kata sandinya = abc".
const AFTER_PASSWORD_WORD = /\b(password|passwd|pass|pw|pwd|sandi|kata ?sandi|kata ?kunci)(\s?nya|\s?ku|\s+saya|\s+aku|\s+akun(?:\s+[a-z-]+)?)?\b\s*(adalah|yaitu|:|=|-)?\s*(?!\[)(\S+)/gi;
// "kode otp 123456", "kodenya: 4821", "kode nya 4829 13", "Kode: A7B9C2".
const AFTER_CODE_WORD = /\b(kode|code|otp|token|pin)((?:\s?nya|\s+otp|\s+verifikasi(?:nya)?|\s+saya|\s+sms|\s+masuk)*)\s*(adalah|:|=|-)?\s*([A-Za-z0-9](?:[ -]?[A-Za-z0-9]){3,7})(?![A-Za-z0-9])/gi;
// A message that is only a 4-8 digit number is a code (1-3 digits are menu choices).
const ONLY_CODE = /^\s*\d(?:[ -]?\d){3,7}\s*$/;

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

/** Removes secrets from a message and says which kinds were found. */
// The code Pasker gives to link two channels ("HUB7K3M9"): meant to be typed in the chat.
const LINK_CODE = /^HUB[A-HJ-NP-Z2-9]{5}[.,!?]*$/i;

export function redactSecrets(text: string): Redacted {
  const found = { nik: false, password: false, code: false };
  let out = text.replace(NIK, () => {
    found.nik = true;
    return NIK_MARK;
  });
  if (ONLY_CODE.test(out)) return { text: CODE_MARK, ...found, code: true };
  out = out.replace(AFTER_CODE_WORD, (whole: string, word: string, suffix: string | undefined, sep: string | undefined, value: string) => {
    // A code has digits ("kode verifikasi tidak masuk" has none); Pasker's own link code is no secret.
    if ((value.match(/\d/g) ?? []).length < 3 || LINK_CODE.test(value)) return whole;
    found.code = true;
    return `${word}${suffix ?? ''} ${sep ? `${sep} ` : ''}${CODE_MARK}`;
  });
  out = out.replace(AFTER_PASSWORD_WORD, (whole: string, word: string, suffix: string | undefined, sep: string | undefined, value: string) => {
    if (/^(saya|aku|lupa|salah|nya|baru|lama|apa|gimana|gmn|bagaimana|tidak|gak|ga|ditolak|harus|yang|yg|di|ke|untuk|buat)$/i.test(value)) return whole;
    // Without "saya", ":" or "adalah", only a value that looks made-up counts ("password akun siapkerja" is not one).
    const claimed = Boolean(sep) || /^(nya|ku| saya| aku)$/i.test(suffix ?? '');
    if (!claimed && !/[\dA-Z]|[^\w]/.test(value.replace(/[.,!?]+$/, ''))) return whole;
    found.password = true;
    return `${word}${suffix ?? ''} ${sep ? `${sep} ` : ''}${PASSWORD_MARK}`;
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

/** Removes secrets from a text headed for a log (one field at a time, not a whole JSON line). */
export function redactForLog(text: string): string {
  return redactSecrets(text).text;
}
