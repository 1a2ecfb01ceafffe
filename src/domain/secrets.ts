// Finds secrets people paste into chat (a NIK / KTP or KK number) so they
// can be removed before anything is stored, logged or understood.

// A NIK has 16 digits, possibly written in groups ("3216 0123 4567 8901");
// any run of 15 or more is treated as one, so a mistyped NIK is caught too.
// Phone numbers (at most 13 digits) are left alone.
const NIK = /(?<!\d)\d(?:[ .-]?\d){14,}/g;

export interface Redacted {
  /** The text with every secret replaced by a marker. */
  text: string;
  /** A NIK-like number was found. */
  nik: boolean;
}

/** The marker that stands where a NIK was. */
export const NIK_MARK = '[NIK dihapus]';

/** Removes NIK-like numbers from a message. */
export function redactSecrets(text: string): Redacted {
  let nik = false;
  const out = text.replace(NIK, () => {
    nik = true;
    return NIK_MARK;
  });
  return { text: out, nik };
}

/** Removes NIK-like numbers from any text headed for a log. */
export function redactForLog(text: string): string {
  return text.replace(NIK, NIK_MARK);
}
