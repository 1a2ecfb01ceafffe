// The channel-neutral shapes that go into and come out of the dialogue core,
// and the conversation state it keeps between messages.

import type { Education } from '../domain/education.ts';
import type { DailyKey, ActivityKind } from '../domain/metrics.ts';
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
  | { do: 'visit' }
  /** No staff connected: a message left for them. */
  | { do: 'leave_message' }
  | { do: 'erase' }
  | { do: 'erase_ask' }
  | { do: 'keep' }
  | { do: 'resume' }
  /** The main menu. */
  | { do: 'home' }
  | { do: 'service'; move: ServiceMove };

export type MenuItem = 'search' | 'guides' | 'alerts' | 'office' | 'human';

/** Alerts as the person chose them (or is choosing them). */
export interface AlertDraft {
  /** The subscription being changed; absent for a new one. */
  id?: number;
  /** Whose alerts ("suami"); absent = the person's own. */
  label?: string;
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
  /** Every alert of a person linked on two channels goes to this one. */
  | { go: 'deliver'; channel: ChannelName }
  | { go: 'confirm' | 'change' | 'keep' | 'new' | 'list' }
  | { go: 'edit'; id: number; part?: 'places' | 'education' | 'keyword' | 'timing' }
  | { go: 'pause' | 'resume' | 'stop'; ids: number[] }
  | { go: 'restore'; ids: number[] }
  | { go: 'stop_all' }
  | { go: 'apply'; id: number; changes: SubscriptionChanges };

/** A move in a service flow (employer reports, job fairs, training); owned by src/core/flows/services*. */
export type ServiceMove = { go: string; id?: number; n?: number; value?: string };

/** A move inside a step-by-step guide. */
export type GuideMove =
  | { go: 'start' | 'later' | 'yes' | 'no' | 'problems' | 'simple' | 'solved' | 'unsolved' | 'to_step' | 'human' | 'next' | 'resume' }
  | { go: 'branch'; id: string }
  | { go: 'open'; id: string }
  | { go: 'list'; page: number };

/** Changes to one subscription, as a person says them in words. */
export interface SubscriptionChanges {
  kecamatan?: string[];
  education?: Education | null;
  keyword?: string | null;
  immediate?: boolean;
  /** Moved to the person's contact on this channel. */
  deliverTo?: ChannelName;
}

/** The kind of step in the guided vacancy search. */
export type SearchAsk = 'district' | 'education' | 'pick' | 'bekasi' | 'city_near';

/**
 * What the bot is showing or asking now; each belongs to one flow (src/core/flows).
 * Questions carry what waits for their answer.
 */
export type Screen =
  | { flow: 'menu' }
  | { flow: 'other' }
  | { flow: 'search'; ask: SearchAsk; pending: VacancyFilters; label?: string; codes?: string[] }
  | { flow: 'results'; offset: number }
  | { flow: 'details'; id: number; index: number }
  | { flow: 'none'; filters: VacancyFilters }
  | { flow: 'guides'; page?: number }
  | {
      flow: 'guide';
      /** Guide id ('' for a shared help branch opened on its own). */
      id: string;
      part: 'intro' | 'step' | 'problems' | 'simple' | 'branch' | 'branch_failed' | 'unknown_problem' | 'done' | 'question';
      /** Step index (0-based); -1 for the intro. */
      step: number;
      branch?: string;
      branchStep?: number;
      /** The step a help branch returns to. */
      returnTo?: number;
    }
  | {
      flow: 'alerts';
      step: 'places' | 'pick' | 'education' | 'keyword' | 'timing' | 'channel' | 'confirm' | 'manage' | 'which' | 'edit' | 'offer_restore' | 'filter_offer' | 'deliver';
      draft: AlertDraft;
      pick?: { label: string; codes: string[] };
    }
  | { flow: 'erase'; step: 'confirm' | 'choose' }
  | { flow: 'handoff'; step: 'offer' | 'queued' | 'message' }
  | { flow: 'clarify' }
  | { flow: 'service'; name: string; step: string; data?: Record<string, unknown> };

export type Flow = Screen['flow'];

/** Facts a person told the bot, kept (never their raw words) for the hand-over summary. */
export interface Facts {
  /** Whom the person asks for: anak, suami, istri, adik, ... */
  forWhom?: string;
  age?: number;
  education?: Education;
  kecamatan?: string[];
  /** How long without work, as said ("setahun", "3 bulan"). */
  jobless?: string;
  /** Work experience as said ("10 tahun sebagai satpam"). */
  experience?: string;
  /** The person said any job will do. */
  anyJob?: boolean;
  /** The person asked that the employer not learn their name. */
  anonymous?: boolean;
  /** Money someone asked for, as said ("Rp2,5 juta"), and who asked (yayasan, calo, penelepon). */
  money?: string;
  moneyWho?: string;
  /** A phone number the person reports (a caller's, not theirs). */
  reported?: string;
  /** Problems met, as short labels ("kode OTP tidak masuk"). */
  problems?: string[];
  /** Platforms or guides talked about. */
  topics?: string[];
  /** Labour matters: PHK, pesangon, upah, kontrak; how long it has lasted ("3 bulan"); where. */
  labour?: string[];
  labourFor?: string;
  /** A scam: who asked for money and what they claimed ("mengaku dari Disnaker"). */
  scam?: string;
  /** The person said their phone is broken or poor. */
  device?: boolean;
  /** What to do after paying a scammer was said once (the second time, shorter). */
  scamAdvised?: boolean;
  /** The person found the steps hard (said they did not understand). */
  hard?: boolean;
  /** The person said they are a woman or a man ("sy perempuan"), for vacancies that are only for one. */
  gender?: 'L' | 'P';
  /** An account from an earlier year ("2022"). */
  since?: string;
}

/** Everything the core remembers about a conversation between messages (stored as JSON). */
export interface DialogueState {
  v: 2;
  /** The two-line welcome was shown. */
  welcomed: boolean;
  screen: Screen;
  /** Screens to go back to with "0", most recent last. */
  back: Screen[];
  /** What each number means right now. */
  choices: Array<{ key: string; action: Action }>;
  /** The last search: its filters and the ids it found, newest first. */
  search: { filters: VacancyFilters; ids: number[]; total: number; label?: string; anyWord?: boolean } | null;
  /** Vacancies (and other items) opened, most recent last, with the number they had in their list. */
  opened: Array<{ id: number; n: number; kind: 'vacancy' | 'event' | 'training' }>;
  /** The guide in progress (kept when the person leaves, so "lanjut" resumes). */
  guide: { id: string; step: number; reached: number } | null;
  /** The question the person left for something else, resumed by "lanjut". */
  suspended: Screen | null;
  /** The question was left with a goodbye: only "lanjut" brings it back, the next message is not read as its answer. */
  parked?: boolean;
  /** The last reply ended with "Ketik lanjut untuk meneruskan ..." for the suspended question. */
  resumeOffered?: boolean;
  /** How often the current question was asked again because the answer was not understood. */
  repairs: number;
  /** Times in a row the person said they did not understand. */
  confused: number;
  /** Messages in a row the bot could not place at all. */
  misses: number;
  facts: Facts;
  /** The replies of the last turn, for "ulang" / "apa tadi?". */
  last: Reply[];
  /** The hand-over as the core last saw it. */
  handoff: { status: 'waiting' | 'open' | 'closed'; staffName?: string | null } | null;
  /** What the last stop stopped (subscription ids), for "aktifkan lagi". */
  stopped: number[] | null;
  /** The last change to a subscription, for "hapus yg tadi" / undo. */
  changed: { id: number; before: SubscriptionChanges; after: SubscriptionChanges } | null;
  /** Alerts were offered at goodbye already (offered once). */
  offeredAlerts?: boolean;
  /** When the last message was handled (ISO), so a long pause can be told apart. */
  at?: string;
  /** The vacancy list (with the page shown) or the guide, whichever was on screen last: "yg tadi aja" goes back to it. */
  lastSeen?: { flow: 'list'; offset: number } | { flow: 'guide' };
}

/** Changes outside the conversation state that the core asks for. */
export type Effect =
  | { type: 'profile'; education?: Education; kecamatan?: string }
  | { type: 'handoff'; topic: string; summary: string }
  | { type: 'erase' }
  | { type: 'feedback'; detail?: string }
  | { type: 'funnel'; guide: string; step: number; event: 'start' | 'reach' | 'finish' | 'stuck' }
  | { type: 'subscribe'; kecamatan: string[]; education: Education | null; keyword: string | null; immediate: boolean; deliverTo: ChannelName; label: string | null }
  | { type: 'subscription'; id: number; changes: SubscriptionChanges }
  | { type: 'subscription_status'; ids: number[]; status: 'active' | 'paused' | 'stopped' }
  /** "stop": every alert and announcement ends; `all` also records the opt-out. */
  | { type: 'alerts'; action: 'stop' | 'pause' | 'resume' }
  | { type: 'link_code'; code: string }
  | { type: 'count'; key: DailyKey }
  | { type: 'activity'; kind: ActivityKind; detail: string | null }
  | { type: 'service'; name: string; data: Record<string, unknown> };

/** The result of one incoming message. */
export interface Turn {
  state: DialogueState;
  replies: Reply[];
  effects: Effect[];
}
