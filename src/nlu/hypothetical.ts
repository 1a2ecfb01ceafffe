// What a message asks about stopping or erasing without asking for it.

// A question about what would happen if ("kalau saya unsub, nanti bisa langganan lagi ga?", "kalo hapus data harus daftar
// ulang?"): a condition word before a stop or erase word, in a message that asks. "kalo bisa stop aja" is a request.
const CONDITION = /\b(kalau|kalo|klo|kl|jika|jikalau|apabila|seandainya|misal|misalnya|andai)\b(?! bisa\b)/;
const STOP_OR_ERASE = /\b(stop\w*|setop|distop|berhenti\w*|brenti|hentikan|dihentikan|matikan|matiin|dimatiin|dimatikan|unsub\w*|udahan|cabut|hapus\w*|dihapus\w*|apus\w*|delete)\b/;
const ASKS_AT_END = /(\?|\b(ga|gak|gk|nggak|ngga|engga|enggak|tidak|ndak|kah|gimana|gmn|bagaimana|apa|nggih)\s*[.!]*)\s*$/;

const WILL = /\b(akan|bakal|bakalan|otomatis|sendiri|sendirinya)\b/;
// "cara unsubscribe email promosi", "gmn cara hapus langganan?": how it is done is asked; the dialogue says how.
const HOW = /\b(cara|caranya|carane|carana|gimana|gmn|gmna|bagaimana|kumaha)\b/;

/** Whether `text` asks what stopping or erasing would do, or how it is done, rather than asking for it. */
export function askedIf(text: string): boolean {
  const t = text.toLowerCase();
  // "notifnya bakal berhenti sendiri ga?", "kalo udah kerja akan distop ga notifnya": what will happen, asked.
  if (WILL.test(t) && STOP_OR_ERASE.test(t) && ASKS_AT_END.test(t)) return true;
  const how = HOW.exec(t);
  if (how && STOP_OR_ERASE.test(t.slice(how.index)) && (/^\s*(cara|caranya|gimana|gmn|bagaimana|kumaha)\b/.test(t) || ASKS_AT_END.test(t))) return true;
  const condition = CONDITION.exec(t);
  if (!condition || !ASKS_AT_END.test(t)) return false;
  return STOP_OR_ERASE.test(t.slice(condition.index));
}
