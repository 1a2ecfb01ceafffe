// The channel-neutral shapes that go into and come out of the dialogue core.

import type { Education } from '../domain/education.ts';
import type { VacancyFilters } from '../domain/vacancy.ts';

export type ChannelName = 'terminal' | 'telegram' | 'whatsapp';

/** A message from a person, as any channel delivers it. `text` is already redacted. */
export interface Inbound {
  channel: ChannelName;
  userId: string;
  text: string;
  at: Date;
  /** A photo, voice note, video, file or sticker came with it (never opened); `text` is its caption, if any. */
  media?: boolean;
}

/** A numbered choice: the person may answer with `key`. `detail` is a second line shown under it. */
export interface Choice {
  key: string;
  label: string;
  detail?: string;
}

/**
 * One message to send. Channels render `choices` natively (Telegram buttons,
 * WhatsApp numbered lines or interactive lists) and put `hint` last.
 */
export interface Reply {
  text: string;
  choices: Choice[];
  hint?: string;
}

/** What a numbered choice does when picked. */
export type Action =
  | { do: 'menu'; item: MenuItem }
  | { do: 'open'; id: number; index: number }
  | { do: 'places'; codes: string[] }
  | { do: 'city' }
  | { do: 'education'; level: Education }
  | { do: 'search'; filters: VacancyFilters }
  | ({ do: 'guide' } & GuideMove)
  | ({ do: 'alerts' } & AlertMove)
  | { do: 'handoff' }
  | { do: 'erase' }
  | { do: 'keep' };

export type MenuItem = 'search' | 'guides' | 'alerts' | 'office' | 'human';

/** Alerts as the person chose them (or is choosing them). */
export interface AlertDraft {
  /** null = not asked yet; [] = the whole regency. */
  kecamatan: string[] | null;
  /** undefined = not asked yet; null = any level. */
  education?: Education | null;
  /** undefined = not asked yet; null = any job. */
  keyword?: string | null;
  /** undefined = not asked yet. */
  immediate?: boolean;
  /** Where the alerts go (a person linked on two channels chooses). */
  deliverTo?: ChannelName;
}

/** A move in the alerts flow. */
export type AlertMove =
  | { go: 'places'; codes: string[] }
  | { go: 'education'; level: Education | null }
  | { go: 'keyword'; keyword: null }
  | { go: 'timing'; immediate: boolean }
  | { go: 'channel'; channel: ChannelName }
  | { go: 'confirm' | 'change' | 'pause' | 'resume' | 'stop' | 'keep' };

/** A move inside a step-by-step guide. */
export type GuideMove =
  | { go: 'start' | 'later' | 'yes' | 'problems' | 'simple' | 'solved' | 'unsolved' | 'to_step' | 'human' | 'next' | 'resume' }
  | { go: 'branch'; id: string }
  | { go: 'open'; id: string }
  | { go: 'list'; page: number };

/**
 * A screen that can be shown again (for "0 = kembali"). Questions carry the
 * search that waits for their answer (`pending`).
 */
export type Screen =
  | { kind: 'menu' }
  | { kind: 'ask_district'; pending: VacancyFilters }
  | { kind: 'ask_education'; pending: VacancyFilters }
  | { kind: 'pick'; label: string; codes: string[]; pending: VacancyFilters }
  | { kind: 'results'; offset: number }
  | { kind: 'details'; id: number; index: number }
  | { kind: 'guides'; page?: number }
  | { kind: 'alerts'; step: 'places' | 'pick' | 'education' | 'keyword' | 'timing' | 'channel' | 'confirm' | 'stop'; draft: AlertDraft; pick?: { label: string; codes: string[] } }
  | {
      kind: 'guide';
      /** Guide id ('' for a shared help branch opened on its own). */
      id: string;
      part: 'intro' | 'step' | 'problems' | 'simple' | 'branch' | 'branch_failed' | 'done';
      /** Step index (0-based); -1 for the intro. */
      step: number;
      branch?: string;
      branchStep?: number;
      /** The step a help branch returns to. */
      returnTo?: number;
    }
  | { kind: 'other' };

/** Everything the core remembers about a conversation between messages (stored as JSON). */
export interface DialogueState {
  v: 1;
  /** The two-line welcome was shown. */
  welcomed: boolean;
  screen: Screen;
  /** Screens to go back to, most recent last. */
  back: Screen[];
  /** What each number means right now. */
  choices: Array<{ key: string; action: Action }>;
  /** The last search: its filters and the ids it found, newest first. */
  search: { filters: VacancyFilters; ids: number[]; total: number } | null;
  /** The guide in progress (kept when the person leaves, so "lanjut" resumes). */
  guide: { id: string; step: number; reached: number } | null;
}

/** Changes outside the conversation state that the core asks for. */
export type Effect =
  | { type: 'profile'; education?: Education; kecamatan?: string }
  | { type: 'handoff' }
  | { type: 'erase' }
  | { type: 'feedback' }
  | { type: 'funnel'; guide: string; step: number; event: 'start' | 'reach' | 'finish' | 'stuck' }
  | { type: 'subscribe'; kecamatan: string[]; education: Education | null; keyword: string | null; immediate: boolean; deliverTo: ChannelName }
  | { type: 'alerts'; action: 'stop' | 'pause' | 'resume' }
  | { type: 'link_code'; code: string };

/** The result of one incoming message. */
export interface Turn {
  state: DialogueState;
  replies: Reply[];
  effects: Effect[];
}
