// The step-by-step guides as the dialogue core sees them (loaded and
// checked from flows/guides/*.yaml by src/app/guides.ts).

import type { Platform } from '../nlu/types.ts';

export type SecretKind = 'nik' | 'password' | 'code';

export interface GuideStep {
  id: string;
  text: string;
  check: string;
  simple: string;
  /** Branch ids offered when the person has a problem here. */
  problems: string[];
  secret: SecretKind | null;
  /** Word lists describing what the person sees once this step is reached ("disuruh isi email dan no hp"): a message with all words of one list moves here. */
  seen: string[][];
  /** Answering "belum" here opens another guide first, or a help branch of this one (its id). */
  ifNo: string | null;
}

export interface BranchStep {
  text: string;
  check: string;
}

export interface GuideBranch {
  id: string;
  title: string;
  /** Word lists: a message with all words of one list opens this help directly. */
  match: string[][];
  steps: BranchStep[];
}

/** A question about a guide's topic answered from the guide's own facts ("syaratnya apa?", "bayar ga?"). */
export interface GuideQuestion {
  match: string[][];
  answer: string;
  /** What the answer offers as its first numbered choice: this guide (null), another guide's id, or "search". */
  offer: string | null;
}

export interface Guide {
  id: string;
  title: string;
  platform: Platform | null;
  match: string[][];
  /** Position in the list of guides (lower first). */
  order: number;
  intro: string;
  steps: GuideStep[];
  done: string;
  /** Words that say the whole guide is done, from any step. */
  finished: string[][];
  next: string | null;
  /** The guide's own branches and the shared ones it refers to. */
  branches: Record<string, GuideBranch>;
  questions: GuideQuestion[];
}

/** All guides plus the shared help branches. */
export interface GuideBook {
  guides: Guide[];
  shared: Record<string, GuideBranch>;
}

/** The words of a message as guide matching sees them: "kodenya" counts as "kode" too. */
export function guideWords(words: string[]): Set<string> {
  return new Set(words.flatMap((w) => (w.length > 5 && w.endsWith('nya') ? [w, w.slice(0, -3)] : [w])));
}

/** The longest of `lists` whose words all occur in `have`, if any. */
export function longestMatch(lists: string[][], have: Set<string>): string[] | null {
  let best: string[] | null = null;
  for (const list of lists) if (list.length && list.length > (best?.length ?? 0) && list.every((w) => have.has(w))) best = list;
  return best;
}

/** The size of the longest list in `lists` whose words all appear in `have`; 0 when none fits. */
export function bestMatch(lists: string[][], have: Set<string>): number {
  let best = 0;
  for (const list of lists) if (list.length && list.length > best && list.every((w) => have.has(w))) best = list.length;
  return best;
}

/** Finds what a message asks for by the guides' and branches' `match` lists (the longest list that fits wins). */
export function matchGuide(book: GuideBook, words: string[]): { guide: Guide | null; branch: GuideBranch | null } | null {
  const have = guideWords(words);
  let best: { guide: Guide | null; branch: GuideBranch | null; size: number } | null = null;
  const consider = (guide: Guide | null, branch: GuideBranch | null, lists: string[][]) => {
    const size = bestMatch(lists, have);
    if (size && (!best || size > best.size)) best = { guide, branch, size };
  };
  // Guides first: a branch wins only with more words than every guide ("lupa password" is the recovery guide,
  // not the Karirhub guide's help for a failed log-in).
  for (const guide of book.guides) consider(guide, null, guide.match);
  for (const guide of book.guides) {
    for (const branch of Object.values(guide.branches)) if (!book.shared[branch.id]) consider(guide, branch, branch.match);
  }
  for (const branch of Object.values(book.shared)) consider(null, branch, branch.match);
  const found = best as { guide: Guide | null; branch: GuideBranch | null } | null;
  return found ? { guide: found.guide, branch: found.branch } : null;
}
