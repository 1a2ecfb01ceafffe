// What the dialogue was waiting for, and whether a message answers it: the
// one test the rules, the optional model path and the dialogue share.

import { fold } from '../domain/text.ts';
import type { PendingKind, UnderstandContext, Understanding } from './types.ts';

const YES_NO = new Set(['ya', 'iya', 'y', 'yes', 'ok', 'oke', 'okay', 'sip', 'siap', 'sudah', 'udah', 'sdh', 'dah', 'belum', 'blm', 'tidak', 'tdk', 'gak', 'ga', 'nggak', 'enggak', 'engga', 'gk', 'no', 'bisa', 'betul', 'benar', 'bener', 'salah', 'boleh', 'mau', 'jadi', 'batal', 'lanjut', 'jangan']);

/** The fields of an understanding that say what a message names. */
export type Answerable = Pick<Understanding, 'districtCodes' | 'ambiguousPlaces' | 'outsidePlaces' | 'regencyNamed' | 'words' | 'entities' | 'ordinal'>;

/** The message answers what the dialogue is waiting for (then the rules and the dialogue read it). */
export function answersPending(u: Answerable, context: UnderstandContext): boolean {
  const pending: PendingKind | null = context.pending ?? null;
  switch (pending) {
    case null:
      return false;
    case 'district':
      return u.districtCodes.length > 0 || u.ambiguousPlaces.length > 0 || u.outsidePlaces.length > 0 || u.regencyNamed || u.words.includes('semua');
    case 'education':
      return u.entities.education !== null;
    case 'choice': {
      // An option named in a word or two ("lowongan", "yang kantor"); a longer message that names a place or a level
      // of its own ("lulusan smk, cari kerja di cikarang") is a request, even when it shares a word with an option.
      if (u.ordinal !== null) return true;
      const size = new Set(u.words).size;
      if (size > 8 || (size > 5 && (u.districtCodes.length || u.ambiguousPlaces.length || u.outsidePlaces.length || u.entities.education))) return false;
      return (context.options ?? []).some((o) => fold(o).split(' ').some((w) => w.length > 2 && u.words.includes(w)));
    }
    case 'confirm':
    case 'guide_step':
      return u.words.some((w) => YES_NO.has(w));
    // The whole message is the answer (a job name, a form field, free text, how often), or a
    // yes/no to erasing data, where a guess must never be made.
    case 'keyword':
    case 'frequency':
    case 'form':
    case 'free_text':
    case 'erase_confirm':
      return true;
    default:
      return assertNever(pending);
  }
}

function assertNever(value: never): never {
  throw new Error(`unexpected pending kind ${String(value)}`);
}
