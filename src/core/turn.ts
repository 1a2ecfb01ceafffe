// One turn of the dialogue: what every flow reads (the state, the message,
// the context) and how it answers (replies, numbered choices, effects). The
// flows in src/core/flows/ work through this one host; the router in
// dialogue.ts decides which flow gets the message.

import type { Education } from '../domain/education.ts';
import type { Region } from '../domain/region.ts';
import type { EventItem, TrainingItem } from '../domain/services.ts';
import type { VacancyIndex } from '../domain/vacancy-index.ts';
import type { DailyKey, ActivityKind } from '../domain/metrics.ts';
import type { GuideBook } from './guide-types.ts';
import type { Catalogue } from './messages.ts';
import type { Action, ChannelName, Choice, DialogueState, Effect, Inbound, Reply, Screen } from './types.ts';
import type { Message, Words } from './words.ts';
import type { Understanding } from '../nlu/types.ts';

/** Facts about the office that the bot may tell; null = not confirmed, never stated. */
export interface OfficeInfo {
  name: string;
  location: string | null;
  address: string | null;
  hours: string | null;
  phone: string | null;
  whatsapp: string | null;
  email: string | null;
  instagram: string | null;
  website: string | null;
  mapUrl: string | null;
  trainingNote: string | null;
  /** The industrial-relations service (labour disputes): where, when, what to bring; null = not set, never stated. */
  industrial?: { place: string | null; hours: string | null; bring: string | null };
}

/** One of the person's subscriptions to vacancy alerts, as stored. */
export interface SubscriptionView {
  id: number;
  /** Whose alerts ("suami"); null = the person's own. */
  label: string | null;
  kecamatan: string[];
  education: Education | null;
  keyword: string | null;
  immediate: boolean;
  status: 'active' | 'paused' | 'stopped';
  channel: ChannelName;
  stoppedAt: Date | null;
}

/** A vacancy the person reported (the VacancyReport table), for "laporan saya". */
export interface ReportView {
  reference: string;
  status: 'pending' | 'approved' | 'rejected';
  title: string;
  reason: string | null;
  /** The company and its contact as that report gave them (offered again for the next report). */
  company?: string;
  contactName?: string;
  contactPhone?: string;
}

/** The person's request to talk to staff, as stored (the Handoff table). */
export interface HandoffView {
  status: 'waiting' | 'open' | 'closed';
  /** Place in the queue of waiting requests (1 = next); null when not waiting. */
  position: number | null;
  staffName: string | null;
  createdAt: Date;
  closedAt: Date | null;
}

/** What the core reads but never changes. */
export interface CoreContext {
  vacancies: VacancyIndex;
  region: Region;
  messages: Catalogue;
  office: OfficeInfo;
  guides: GuideBook;
  words: Words;
  /** Local time of the daily digest as people read it, e.g. "07.00". */
  digestTime: string;
  /** Quiet hours as people read them ("21.00–06.00"); null when there are none. */
  quietHours?: string | null;
  /** The office's time zone (office hours, closing dates). */
  timeZone?: string;
  /** Staff get handed-over chats (a staff chat or console is set up); otherwise the bot says no one is connected. */
  staffReachable?: boolean;
  /** A review time for employer reports, as people read it ("2 hari kerja"); null = none promised. */
  reviewTime?: string | null;
  /** Services that plug into the dialogue (job fairs, training, employer reports). */
  services?: ServiceContext;
}

/** Data for the office's other services (src/core/flows/services*), filled by the app. */
export interface ServiceContext {
  events: EventItem[];
  training: TrainingItem[];
}

export interface TurnInput {
  /** Null for a person we have never talked to. */
  state: DialogueState | null;
  /** `state` is the caller's own fresh copy (just read from storage): the turn changes it instead of a copy of it. */
  stateIsCopy?: boolean;
  inbound: Inbound;
  understanding: Understanding;
  /** What the person told us before (stored on the contact). */
  profile: { education: Education | null; kecamatan: string | null };
  /** Secrets found (and already removed) in the message. */
  secrets: { nik: boolean; password: boolean; code: boolean };
  /** The person's subscriptions (own and on linked channels), oldest first. */
  subscriptions?: SubscriptionView[];
  /** The person's other channels (linked with a code). */
  linkedChannels?: ChannelName[];
  /** This message was a link code: 'linked' when it joined this contact to the person's other channel. */
  link?: 'linked' | 'unknown';
  /** A fresh code to offer if the person asks to link another channel. */
  linkCode?: string;
  /** The person's latest request to talk to staff. */
  handoff?: HandoffView | null;
  /** The person's vacancy reports, oldest first. */
  reports?: ReportView[];
  /** The reference number a report sent in this turn gets (LP-2026-0042). */
  nextReport?: string;
  /** A grounded answer to a free question (the optional language-model path), when one was made. */
  knowledge?: { text: string; sources: string[] } | null;
}

const MAX_BACK = 6;

/** The turn every flow writes to. */
export class Turn {
  state: DialogueState;
  readonly replies: Reply[] = [];
  readonly effects: Effect[] = [];
  /** The screen before this message (what the person was answering). */
  readonly before: Screen;
  /** A reply was a repair (re-ask) of the pending question. */
  repaired = false;
  /** Something was done with the message (cleared by `unhandled`). */
  handled = false;

  constructor(
    readonly input: TurnInput,
    readonly ctx: CoreContext,
    readonly msg: Message,
    state: DialogueState,
  ) {
    this.state = state;
    this.before = state.screen;
  }

  get m(): Catalogue {
    return this.ctx.messages;
  }

  get u(): Understanding {
    return this.msg.u;
  }

  get words(): Words {
    return this.ctx.words;
  }

  get at(): Date {
    return this.input.inbound.at;
  }

  get channel(): ChannelName {
    return this.input.inbound.channel;
  }

  /** A plain message with no choices. */
  say(text: string): void {
    this.handled = true;
    this.replies.push({ text, choices: [] });
  }

  /** Adds a line to the last reply (or says it when there is none). */
  addLine(text: string): void {
    const last = this.replies.at(-1);
    if (!last) return this.say(text);
    // A lead into the numbered choices ("Balas dengan angka:") stays right above them.
    const lines = last.text.split('\n');
    const lead = last.choices.length ? /^(.*[.!?])\s+([^.!?]+:)$/.exec(lines.at(-1)!.trimEnd()) : null;
    if (last.choices.length && lines.length > 1 && lines.at(-1)!.trimEnd().endsWith(':')) lines.splice(lines.length - 1, 0, text);
    else if (lead) lines.splice(lines.length - 1, 1, lead[1]!, text, lead[2]!);
    else lines.push(text);
    last.text = lines.join('\n');
  }

  effect(e: Effect): void {
    this.effects.push(e);
  }

  count(key: DailyKey): void {
    this.effects.push({ type: 'count', key });
  }

  note(kind: ActivityKind, detail: string | null): void {
    this.effects.push({ type: 'activity', kind, detail });
  }

  /** Shows a screen with numbered choices 1..n and remembers the previous one for "0". */
  show(screen: Screen, text: string, choices: Array<{ label: string; action: Action }>, options: { hint?: string; remember?: boolean } = {}): void {
    this.showChoices(screen, text, choices.map((c, i) => ({ choice: { key: String(i + 1), label: c.label }, action: c.action })), options.hint ?? this.m.t('nav.hint'), options.remember);
  }

  /** As `show`, with choices that carry their own keys and details (vacancy lists). */
  showChoices(screen: Screen, text: string, choices: Array<{ choice: Choice; action: Action }>, hint: string, remember = true): void {
    this.handled = true;
    const current = this.state.screen;
    // Going from one vacancy's details to another's keeps "0" pointing at the list.
    const sameKind = current.flow === screen.flow && (screen.flow === 'details' || screen.flow === 'results');
    if (remember && current.flow !== 'other' && !sameKind) this.state.back = [...this.state.back, current].slice(-MAX_BACK);
    if (screen.flow !== current.flow || JSON.stringify(screen) !== JSON.stringify(current)) this.state.repairs = 0;
    this.state.screen = screen;
    this.state.choices = choices.map((c) => ({ key: c.choice.key, action: c.action }));
    this.replies.push({ text, choices: choices.map((c) => c.choice), hint });
  }

  /** Nothing is asked any more (an answer was given). */
  settle(): void {
    this.state.screen = { flow: 'other' };
    this.state.choices = [];
    this.state.repairs = 0;
  }

  /** Adds a numbered choice to the last reply (e.g. "Lanjut: panduan SIAPkerja"). */
  addChoice(label: string, action: Action): void {
    const last = this.replies.at(-1);
    if (!last) return;
    const key = String(last.choices.filter((c) => /^\d+$/.test(c.key)).length + 1);
    // Vacancy lists are numbered by their place in the results: never mix another number into them.
    if (last.choices.some((c) => c.key !== String(last.choices.indexOf(c) + 1))) return;
    last.choices.push({ key, label });
    this.state.choices.push({ key, action });
  }
}
