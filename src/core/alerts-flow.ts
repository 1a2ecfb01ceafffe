// Subscribing to vacancy alerts in plain steps: which kecamatan, which
// education, an optional job, how often, where to (for a person on two
// channels), then a summary to confirm. Also "ubah langganan", "jeda",
// "aktifkan langganan" and "stop".

import type { Education } from '../domain/education.ts';
import type { Region } from '../domain/region.ts';
import { describeFilters, listNames } from './format.ts';
import type { Catalogue } from './messages.ts';
import type { Action, AlertDraft, AlertMove, ChannelName, DialogueState, Effect, Screen } from './types.ts';

/** The person's current alerts, as stored. */
export interface SubscriptionView {
  kecamatan: string[];
  education: Education | null;
  keyword: string | null;
  immediate: boolean;
  status: 'active' | 'paused' | 'stopped';
  channel: ChannelName;
}

export interface AlertsHost {
  state: DialogueState;
  readonly m: Catalogue;
  show(screen: Screen, text: string, choices: Array<{ label: string; action: Action }>, options?: { hint?: string; remember?: boolean }): void;
  say(text: string): void;
  effect(e: Effect): void;
}

export interface AlertsContext {
  region: Region;
  channel: ChannelName;
  subscription: SubscriptionView | null;
  /** The person's other channels (linked with a code). */
  linkedChannels: ChannelName[];
  /** Hour of the daily digest, e.g. "07.00". */
  digestTime: string;
  profileEducation: Education | null;
}

const CHANNEL_NAMES: Record<ChannelName, string> = { whatsapp: 'WhatsApp', telegram: 'Telegram', terminal: 'chat ini' };

// Words around a job name that are not the job ("bagian gudang", "jadi operator").
const KEYWORD_FILLER = new Set(['bagian', 'posisi', 'sebagai', 'jadi', 'jd', 'kerja', 'kerjaan', 'pekerjaan', 'lowongan', 'loker', 'yang', 'yg', 'untuk', 'buat', 'mau', 'saya', 'aku', 'di', 'ingin', 'pengen', 'pingin']);
const QUESTION = /[?]|\b(apa|apakah|kapan|berapa|bagaimana|gimana|kenapa|mengapa|siapa|dimana|mana|bisa|boleh)\b/;

export class AlertsFlow {
  constructor(
    private readonly host: AlertsHost,
    private readonly ctx: AlertsContext,
  ) {}

  private get m(): Catalogue {
    return this.host.m;
  }

  /** Starts subscribing, with what the message already said ("kabarin loker operator di setu"). */
  start(prefill: { kecamatan: string[]; ambiguous: { label: string; codes: string[] } | null; education: Education | null; keyword: string | null }): void {
    const draft: AlertDraft = {
      kecamatan: prefill.kecamatan.length ? prefill.kecamatan : null,
      ...(prefill.education ? { education: prefill.education } : {}),
      ...(prefill.keyword ? { keyword: prefill.keyword } : {}),
    };
    // "Cikarang" is asked about, also next to a clear place (which is kept).
    if (prefill.ambiguous) return this.pick(draft, prefill.ambiguous);
    this.next(draft);
  }

  /** "ubah langganan": the same steps, starting from nothing. */
  change(): void {
    this.next({ kecamatan: null });
  }

  /** Free text typed while a question of the flow is open; false when it is no answer to it. */
  answer(screen: Extract<Screen, { kind: 'alerts' }>, text: string, found: { kecamatan: string[]; ambiguous: { label: string; codes: string[] } | null; outside: boolean; education: Education | null; job: string | null }): boolean {
    const all = /^(semua|semuanya|all|bebas|mana saja|dimana saja|di mana saja|semua kecamatan|seluruh)$/.test(text);
    switch (screen.step) {
      case 'places':
        if (all) return this.next({ ...screen.draft, kecamatan: [] }), true;
        if (found.ambiguous) return this.pick({ ...screen.draft, kecamatan: found.kecamatan.length ? found.kecamatan : null }, found.ambiguous), true;
        if (found.kecamatan.length) return this.next({ ...screen.draft, kecamatan: found.kecamatan }), true;
        this.host.show(screen, this.m.t('alerts.ask_places_again'), [], { remember: false });
        return true;
      case 'pick':
        if (all && screen.pick) return this.next({ ...screen.draft, kecamatan: union(screen.draft.kecamatan, screen.pick.codes) }), true;
        if (found.kecamatan.length) return this.next({ ...screen.draft, kecamatan: union(screen.draft.kecamatan, found.kecamatan) }), true;
        return false;
      case 'education':
        if (all) return this.next({ ...screen.draft, education: null }), true;
        if (found.education) return this.next({ ...screen.draft, education: found.education }), true;
        return false;
      case 'keyword':
        if (all || /^(tidak|gak|ga|nggak|enggak|lewati|skip|apa saja|apa aja)$/.test(text)) return this.next({ ...screen.draft, keyword: null }), true;
        if (found.job) return this.next({ ...screen.draft, keyword: found.job }), true;
        // "d2" or "setu" here corrects an earlier answer; the job question stays open.
        if (found.education || found.kecamatan.length) {
          return this.next({ ...screen.draft, ...(found.education ? { education: found.education } : {}), ...(found.kecamatan.length ? { kecamatan: found.kecamatan } : {}) }), true;
        }
        {
          // A job the understanding does not know is taken as typed when short; a question is not a job.
          const words = text.split(/\s+/).filter((w) => w && !KEYWORD_FILLER.has(w));
          if (!QUESTION.test(text) && words.length >= 1 && words.length <= 2) return this.next({ ...screen.draft, keyword: words.join(' ') }), true;
        }
        this.host.show(screen, this.m.t('alerts.ask_keyword_again'), [{ label: this.m.t('alerts.any_job'), action: { do: 'alerts', go: 'keyword', keyword: null } }], { remember: false });
        return true;
      default:
        return false;
    }
  }

  act(move: AlertMove): void {
    const s = this.host.state.screen;
    const draft: AlertDraft = s.kind === 'alerts' ? s.draft : { kecamatan: null };
    switch (move.go) {
      case 'places':
        // From the "Cikarang" list: added to a place named clearly in the same message.
        return this.next({ ...draft, kecamatan: s.kind === 'alerts' && s.step === 'pick' ? union(draft.kecamatan, move.codes) : move.codes });
      case 'education':
        return this.next({ ...draft, education: move.level });
      case 'keyword':
        return this.next({ ...draft, keyword: null });
      case 'timing':
        return this.next({ ...draft, immediate: move.immediate });
      case 'channel':
        return this.next({ ...draft, deliverTo: move.channel });
      case 'change':
        return this.change();
      case 'pause':
        return this.pause(false);
      case 'resume':
        return this.pause(true);
      case 'stop':
        return this.stop();
      case 'keep':
        this.host.state.screen = { kind: 'other' };
        this.host.state.choices = [];
        return this.host.say(this.m.t('alerts.kept'));
      case 'confirm': {
        const d = this.complete(draft);
        this.host.effect({ type: 'subscribe', kecamatan: d.kecamatan, education: d.education, keyword: d.keyword, immediate: d.immediate, deliverTo: d.deliverTo });
        this.host.state.screen = { kind: 'other' };
        this.host.state.choices = [];
        const moved = d.deliverTo !== this.ctx.channel ? `\n${this.m.t('alerts.moved', { channel: CHANNEL_NAMES[d.deliverTo] })}` : '';
        return this.host.say(this.m.t('alerts.done', { what: this.what(d), when: this.when(d.immediate) }) + moved);
      }
    }
  }

  /** The alerts as they are, with what can be done to them. */
  manage(): void {
    const sub = this.ctx.subscription;
    if (!sub || sub.status === 'stopped') return this.start({ kecamatan: [], ambiguous: null, education: null, keyword: null });
    const text = this.m.t(sub.status === 'paused' ? 'alerts.status_paused' : 'alerts.status', { what: this.what(sub), when: this.when(sub.immediate), channel: CHANNEL_NAMES[sub.channel] });
    this.host.show({ kind: 'other' }, text, [
      { label: this.m.t('alerts.change'), action: { do: 'alerts', go: 'change' } },
      sub.status === 'paused' ? { label: this.m.t('alerts.resume'), action: { do: 'alerts', go: 'resume' } } : { label: this.m.t('alerts.pause'), action: { do: 'alerts', go: 'pause' } },
      { label: this.m.t('alerts.stop'), action: { do: 'alerts', go: 'stop' } },
    ]);
  }

  /** A message that only sounds like "stop" (the classifier's guess): ask before stopping anything. */
  confirmStop(): void {
    this.host.show({ kind: 'alerts', step: 'stop', draft: { kecamatan: null } }, this.m.t('alerts.confirm_stop'), [
      { label: this.m.t('alerts.stop_yes'), action: { do: 'alerts', go: 'stop' } },
      { label: this.m.t('alerts.stop_no'), action: { do: 'alerts', go: 'keep' } },
    ]);
  }

  /** "stop": alerts and announcements end at once; says what was stopped. */
  stop(): void {
    const sub = this.ctx.subscription;
    this.host.effect({ type: 'alerts', action: 'stop' });
    if (this.host.state.screen.kind === 'alerts') this.host.state.screen = { kind: 'other' };
    if (sub && sub.status !== 'stopped') this.host.say(this.m.t('alerts.stopped', { what: this.what(sub) }));
    else this.host.say(this.m.t('alerts.stopped_nothing'));
  }

  /** "jeda" and "aktifkan langganan". */
  pause(resume: boolean): void {
    const sub = this.ctx.subscription;
    if (this.host.state.screen.kind === 'alerts') this.host.state.screen = { kind: 'other' };
    if (!sub || sub.status === 'stopped') return this.host.say(this.m.t('alerts.not_subscribed'));
    this.host.effect({ type: 'alerts', action: resume ? 'resume' : 'pause' });
    this.host.say(resume ? this.m.t('alerts.resumed', { what: this.what(sub), when: this.when(sub.immediate) }) : this.m.t('alerts.paused'));
  }

  /** "hubungkan": a code to send from the person's other channel. */
  linkCode(code: string): void {
    const other = this.ctx.channel === 'telegram' ? 'WhatsApp' : 'Telegram';
    this.host.effect({ type: 'link_code', code });
    this.host.say(this.m.t('alerts.link_code', { other, code }));
  }

  /** Just linked with another channel: where should alerts go? */
  linked(): void {
    const channels = [this.ctx.channel, ...this.ctx.linkedChannels].filter((c, i, a) => a.indexOf(c) === i && c !== 'terminal');
    const sub = this.ctx.subscription;
    const draft: AlertDraft = sub ? { kecamatan: sub.kecamatan, education: sub.education, keyword: sub.keyword, immediate: sub.immediate } : { kecamatan: null };
    this.host.show({ kind: 'alerts', step: 'channel', draft }, this.m.t('alerts.linked', { channels: listNames(channels.map((c) => CHANNEL_NAMES[c]), this.m) }), channels.map((c) => ({ label: CHANNEL_NAMES[c], action: { do: 'alerts', go: 'channel', channel: c } })));
  }

  // Asks the first thing the draft still lacks, or shows the summary.
  private next(draft: AlertDraft): void {
    if (draft.kecamatan === null) return this.host.show({ kind: 'alerts', step: 'places', draft }, this.m.t('alerts.ask_places'), []);
    if (draft.education === undefined) {
      const known = this.ctx.profileEducation;
      if (known) return this.next({ ...draft, education: known });
      const levels: Array<[Education, string]> = [['SD', this.m.t('search.edu_sd')], ['SMP', this.m.t('search.edu_smp')], ['SMA', this.m.t('search.edu_sma')], ['D3', this.m.t('search.edu_diploma')], ['S1', this.m.t('search.edu_sarjana')]];
      return this.host.show({ kind: 'alerts', step: 'education', draft }, this.m.t('alerts.ask_education'), levels.map(([level, label]) => ({ label, action: { do: 'alerts', go: 'education', level } })), { hint: this.m.t('alerts.hint_all') });
    }
    if (draft.keyword === undefined) {
      return this.host.show({ kind: 'alerts', step: 'keyword', draft }, this.m.t('alerts.ask_keyword'), [{ label: this.m.t('alerts.any_job'), action: { do: 'alerts', go: 'keyword', keyword: null } }]);
    }
    if (draft.immediate === undefined) {
      return this.host.show({ kind: 'alerts', step: 'timing', draft }, this.m.t('alerts.ask_timing'), [
        { label: this.m.t('alerts.daily', { time: this.ctx.digestTime }), action: { do: 'alerts', go: 'timing', immediate: false } },
        { label: this.m.t('alerts.immediate'), action: { do: 'alerts', go: 'timing', immediate: true } },
      ]);
    }
    const channels = [this.ctx.channel, ...this.ctx.linkedChannels].filter((c, i, a) => a.indexOf(c) === i && c !== 'terminal');
    if (!draft.deliverTo && channels.length > 1) {
      return this.host.show({ kind: 'alerts', step: 'channel', draft }, this.m.t('alerts.ask_channel'), channels.map((c) => ({ label: CHANNEL_NAMES[c], action: { do: 'alerts', go: 'channel', channel: c } })));
    }
    const d = this.complete(draft);
    this.host.show({ kind: 'alerts', step: 'confirm', draft: d }, this.m.t('alerts.summary', { what: this.what(d), when: this.when(d.immediate), channel: CHANNEL_NAMES[d.deliverTo] }), [
      { label: this.m.t('alerts.yes'), action: { do: 'alerts', go: 'confirm' } },
      { label: this.m.t('alerts.change'), action: { do: 'alerts', go: 'change' } },
    ]);
  }

  private pick(draft: AlertDraft, place: { label: string; codes: string[] }): void {
    const label = place.label.charAt(0).toUpperCase() + place.label.slice(1);
    this.host.show({ kind: 'alerts', step: 'pick', draft, pick: { label: place.label, codes: place.codes } }, this.m.t('alerts.pick', { place: label }), place.codes.map((c) => ({ label: this.ctx.region.nameOf(c), action: { do: 'alerts', go: 'places', codes: [c] } })), { hint: this.m.t('search.pick_hint') });
  }

  private complete(d: AlertDraft): Required<Omit<AlertDraft, 'kecamatan'>> & { kecamatan: string[]; education: Education | null; keyword: string | null } {
    return { kecamatan: d.kecamatan ?? [], education: d.education ?? null, keyword: d.keyword ?? null, immediate: d.immediate ?? false, deliverTo: d.deliverTo ?? (this.ctx.channel === 'terminal' ? 'terminal' : this.ctx.channel) };
  }

  private what(d: { kecamatan: string[]; education: Education | null; keyword: string | null }): string {
    return describeFilters({ kecamatan: d.kecamatan, education: d.education, keyword: d.keyword }, this.ctx.region, this.m, { everywhere: true });
  }

  private when(immediate: boolean): string {
    return immediate ? this.m.t('alerts.when_immediate') : this.m.t('alerts.when_daily', { time: this.ctx.digestTime });
  }
}

function union(kept: string[] | null, more: string[]): string[] {
  return [...new Set([...(kept ?? []), ...more])];
}
