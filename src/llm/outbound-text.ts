// What of a person's message may leave for a language model: the words, with
// secrets (NIK, passwords, codes), phone numbers, e-mail addresses and a
// name the person gives ("nama saya ...") removed first.

import { redactSecrets } from '../domain/secrets.ts';

export const PHONE_MARK = '[nomor dihapus]';
export const EMAIL_MARK = '[email dihapus]';
export const NAME_MARK = '[nama dihapus]';

const EMAIL = /[\w.+-]+@[\w-]+(\.[\w-]+)+/g;
// Indonesian mobile and landline numbers as people type them: 08..., +62..., 62..., (021) ...,
// with spaces, dots or dashes; 8 to 15 digits in all. Shorter numbers (ages, years, 1500537-like
// call-centre numbers of 7 digits) stay: the model needs "umur 25" and it names no one.
const PHONE = /(?<![\w])\(?(?:\+?62|0)[\s.-]?\(?\d{2,4}\)?(?:[\s.-]?\d){6,11}(?!\d)/g;
// "nama saya Budi Santoso", "namaku siti", "nama: Ani": the name is up to three words after it,
// ending early at punctuation or at a word that starts the rest of the sentence.
const NAME = /\b(nama\s?(?:saya|aku|ku|sy|gw|gue)\s*(?:adalah|:|=|-)?|nama\s*[:=])\s*([A-Za-z][\w'.-]*(?:[ \t]+[A-Za-z][\w'.-]*){0,2})/gi;
const AFTER_NAME = new Set(['mau', 'ingin', 'pengen', 'pgn', 'mo', 'mw', 'tanya', 'nanya', 'dari', 'di', 'umur', 'usia', 'lulusan', 'kak', 'min', 'dan', 'ya', 'saya', 'aku', 'minta', 'cari', 'nyari', 'butuh', 'ada', 'tinggal', 'asal', 'alamat', 'boleh', 'bisa', 'gimana', 'bagaimana', 'apa', 'sudah', 'udah', 'belum', 'lagi', 'sedang', 'lg', 'dr', 'yg', 'yang', 'kok', 'tapi', 'tp', 'no', 'nomor', 'nik', 'email', 'hp', 'wa']);

/** The message as it may be sent to a model; never the person's number, name, e-mail or a secret. */
export function outboundText(text: string): string {
  return redactSecrets(text)
    .text.replace(EMAIL, EMAIL_MARK)
    .replace(PHONE, PHONE_MARK)
    .replace(NAME, (_whole, word: string, name: string) => {
      const words = name.split(/[ \t]+/);
      const end = words.findIndex((w, i) => i > 0 && AFTER_NAME.has(w.toLowerCase()));
      const rest = end > 0 ? ` ${words.slice(end).join(' ')}` : '';
      return `${word} ${NAME_MARK}${rest}`;
    })
    .replace(/\s+/g, ' ')
    .trim();
}
