// The contract between understanding and the dialogue (../shared/nlu-contract.md).

import type { Education } from '../domain/education.ts';

export const INTENTS = [
  'search_vacancies', 'registration_help', 'subscribe', 'unsubscribe', 'report_vacancy', 'job_fair', 'training',
  'office_info', 'human_handoff', 'greeting', 'thanks', 'help_menu', 'feedback', 'delete_my_data', 'out_of_scope',
] as const;
export type Intent = (typeof INTENTS)[number];

export const PLATFORMS = ['siapkerja', 'karirhub', 'ak1', 'sipkerja'] as const;
export type Platform = (typeof PLATFORMS)[number];

/** The entities of the contract, exactly as `npm run -s nlu` prints them. */
export interface Entities {
  /** Canonical kecamatan names, in the order written. */
  district: string[];
  education: Education | null;
  platform: Platform | null;
  keyword: string | null;
}

/**
 * What the dialogue was waiting for when the message came, so that an answer
 * is read as an answer ("sma" while the education is asked).
 */
export interface UnderstandContext {
  /** The kind of answer the pending question wants; null/undefined when nothing is pending. */
  pending?: PendingKind | null;
  /** Labels of the numbered options just shown, in order (e.g. "Tambun Selatan", "Tambun Utara"). */
  options?: string[];
  /** The platform the conversation is about (a guide in progress or the last topic), for "syaratnya apa". */
  topic?: Platform | null;
}

/** What a pending question asks for. */
export const PENDING_KINDS = ['district', 'education', 'keyword', 'frequency', 'confirm', 'choice', 'guide_step', 'erase_confirm', 'form', 'free_text'] as const;
export type PendingKind = (typeof PENDING_KINDS)[number];

/** Who decided the intent. */
export type IntentSource = 'rule' | 'classifier' | 'context' | 'model';

/** What a message means, with the extra detail the dialogue needs. */
export interface Understanding {
  intent: Intent;
  /** Classifier confidence, 0..1 (1 for rules). */
  score: number;
  /** The intent was decided by a fixed rule ("stop", "menu", a number), not the classifier (source === 'rule'). */
  byRule: boolean;
  /** Who decided the intent. */
  source: IntentSource;
  /**
   * The most likely intents with their scores, best first (the chosen intent
   * need not be first: a classifier's `unsubscribe` without stop words stays
   * here as a suspicion while `intent` is the next one).
   */
  alternatives: Array<{ intent: Intent; score: number }>;
  /** Explicit words of the closed stop / erase lexicon, not negated ("ga mau berhenti" is neither). */
  explicit: { stop: boolean; erase: boolean };
  /** The pending question (from the context) that this message answers; null or absent when none is waiting or it answers none. */
  answers?: PendingKind | null;
  /** A second request in the same message ("cari loker di setu, terus cara bikin ak1"): its intent and clause. Polite tails are not one. */
  also: { intent: Intent; clause: string } | null;
  entities: Entities;
  /** Kemendagri codes of `entities.district`. */
  districtCodes: string[];
  /** Names that cover several kecamatan ("cikarang"), with the codes they may mean. */
  ambiguousPlaces: Array<{ label: string; codes: string[] }>;
  /** Places named that lie outside the regency ("Karawang"). */
  outsidePlaces: string[];
  /** The message names the whole regency ("Kabupaten Bekasi"). */
  regencyNamed: boolean;
  /** The message's words after normalising slang and typos, and as typed (folded), for matching guides. */
  words: string[];
  /** The message's words after normalising slang and typos, in order ("udh ga masuk" -> sudah tidak masuk). */
  tokens: string[];
  /** The job or field named, whatever the intent ("kalau admin?" follows up a search). */
  job: string | null;
  /** "yang kedua", "nomor 3" -> 2, 3; a bare number too. */
  ordinal: number | null;
  /** The message is only a number ("2"). */
  bareNumber: boolean;
}
