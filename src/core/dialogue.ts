// The dialogue core: (stored state, incoming message, its meaning) -> (new
// state, replies, effects). No I/O here: vacancies come in as an in-memory
// index and every sentence from the message catalogue, so a conversation can
// be tested in milliseconds and run from any channel or script.

import { educationLabel, type Education } from '../domain/education.ts';
import type { Region } from '../domain/region.ts';
import { fold } from '../domain/text.ts';
import type { VacancyIndex } from '../domain/vacancy-index.ts';
import { NO_FILTERS, type VacancyFilters } from '../domain/vacancy.ts';
import type { Understanding } from '../nlu/types.ts';
import { describeFilters, listNames, vacancyChoice, vacancyDetails } from './format.ts';
import { AlertsFlow, type SubscriptionView } from './alerts-flow.ts';
import { GuideFlow, type GuideHost } from './guide-flow.ts';
import type { GuideBook } from './guide-types.ts';
import type { Catalogue } from './messages.ts';
import type { Action, ChannelName, Choice, DialogueState, Effect, Inbound, MenuItem, Reply, Screen, Turn } from './types.ts';

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
  trainingNote: string | null;
}

/** What the core reads but never changes. */
export interface CoreContext {
  vacancies: VacancyIndex;
  region: Region;
  messages: Catalogue;
  office: OfficeInfo;
  guides: GuideBook;
  /** Local time of the daily digest as people read it, e.g. "07.00". */
  digestTime: string;
  /** Staff get handed-over chats (a staff Telegram chat is set up); otherwise the bot says no one is connected. */
  staffReachable?: boolean;
}

export interface TurnInput {
  /** Null for a person we have never talked to. */
  state: DialogueState | null;
  inbound: Inbound;
  understanding: Understanding;
  /** What the person told us before (stored on the contact). */
  profile: { education: Education | null; kecamatan: string | null };
  /** Secrets found (and already removed) in the message. */
  secrets: { nik: boolean; password: boolean; code: boolean };
  /** The person's vacancy alerts, if any. */
  subscription?: SubscriptionView | null;
  /** The person's other channels (linked with a code). */
  linkedChannels?: ChannelName[];
  /** This message was a link code: 'linked' when it joined this contact to the person's other channel. */
  link?: 'linked' | 'unknown';
  /** A fresh code to offer if the person asks to link another channel. */
  linkCode?: string;
}

const PAGE = 5;
const MAX_BACK = 6;
const MAX_IDS = 100;

const MENU_WORDS = new Set(['menu', 'menu utama', 'start', 'mulai', 'home', 'kembali ke menu', 'ke menu']);
const BACK_WORDS = new Set(['0', 'kembali', 'balik', 'back', 'batal']);
const MORE_WORDS = new Set(['lagi', 'next', 'berikutnya', 'selanjutnya', 'lagi dong', 'lanjut lagi', 'lebih banyak', 'more', 'lg', 'lagi kak', 'lagi min']);
const ALL_WORDS = new Set(['semua', 'semuanya', 'all', 'dimana saja', 'di mana saja', 'mana aja', 'mana saja', 'bebas', 'semua kecamatan']);
const HUMAN_WORDS = new Set(['petugas', 'cs', 'operator manusia', 'orang', 'admin asli']);
const PAUSE_WORDS = new Set(['jeda', 'jeda langganan', 'jeda dulu', 'pause', 'jeda kabar lowongan', 'berhenti sementara']);
const UNPAUSE_WORDS = new Set(['aktifkan langganan', 'aktifkan lagi', 'langganan lagi', 'lanjutkan langganan', 'aktifkan kabar lowongan', 'unpause']);
const CHANGE_WORDS = new Set(['ubah langganan', 'ganti langganan', 'ubah kabar lowongan', 'atur langganan']);
const LINK_WORDS = new Set(['hubungkan', 'hubungkan telegram', 'hubungkan whatsapp', 'hubungkan wa', 'kode hubung', 'sambungkan telegram', 'sambungkan whatsapp']);
const RESUME_WORDS = new Set(['lanjut', 'lanjutkan', 'lanjutin', 'teruskan', 'terusin', 'lanjut panduan', 'lanjut kak', 'lanjut min', 'lanjutkan panduan']);
const VACANCY_WORDS = /\b(loker|lowongan|lowker|lokr|lowongn|lowngan|kerja|kerjaan|pekerjaan|vacancy|vacancies|job|jobs)\b/;
// Words that start or end a short follow-up to the last search.
const FOLLOW_UP = /^(yang|yg|kalau|kalo|klo|kl|gimana kalau|gmn kalau|terus|trus|di|buat|untuk|utk|lulusan|tamatan|daerah|kalau yang|kalo yg)\b|\b(aja|saja|dong)$/;
const SECRET_MARK = /\[(nik|sandi|kode) dihapus\]/gi;
const SECRET_CONTEXT = new Set(['password', 'pass', 'pw', 'pwd', 'sandi', 'kata', 'sandinya', 'passwordnya', 'pin', 'nik', 'nomor', 'no', 'ktp', 'kode', 'kodenya', 'otp', 'code', 'token', 'verifikasi', 'saya', 'aku', 'ku', 'nya', 'adalah', 'yaitu', 'ini', 'itu', 'ya', 'min', 'kak', 'akun']);
const MONEY = /\b(bayar|biaya|bayaran|uang|duit|transfer|tf|fee|rp|rupiah|ongkos|setor|admin fee|uang muka|dp)\b/;
const BOT_QUESTION = /\b(bot|robot|mesin|manusia|orang asli|ai)\b.*\?|\b(kamu|ini|anda|km) (bot|robot|manusia|orang)\b|\bapakah (kamu|ini|anda) (bot|robot|manusia)/;

/** Handles one incoming message. */
export function respond(input: TurnInput, ctx: CoreContext): Turn {
  const turn = new TurnBuilder(input, ctx);
  turn.run();
  return turn.result();
}

/** A fresh conversation state. */
export function initialState(): DialogueState {
  return { v: 1, welcomed: false, screen: { kind: 'other' }, back: [], choices: [], search: null, guide: null };
}

class TurnBuilder implements GuideHost {
  state: DialogueState;
  readonly m: Catalogue;
  readonly book: GuideBook;
  private readonly replies: Reply[] = [];
  private readonly effects: Effect[] = [];
  private readonly u: Understanding;
  private readonly text: string;
  private readonly guides: GuideFlow;
  private readonly alerts: AlertsFlow;

  constructor(
    private readonly input: TurnInput,
    private readonly ctx: CoreContext,
  ) {
    this.state = { ...initialState(), ...structuredClone(input.state ?? {}) };
    this.m = ctx.messages;
    this.book = ctx.guides;
    this.u = input.understanding;
    this.text = fold(input.inbound.text);
    this.guides = new GuideFlow(this);
    this.alerts = new AlertsFlow(this, {
      region: ctx.region,
      channel: input.inbound.channel,
      subscription: input.subscription ?? null,
      linkedChannels: input.linkedChannels ?? [],
      digestTime: ctx.digestTime,
      profileEducation: input.profile.education,
    });
  }

  result(): Turn {
    return { state: this.state, replies: this.replies, effects: this.effects };
  }

  run(): void {
    const firstContact = !this.state.welcomed;
    if (firstContact) {
      this.say(this.m.t('welcome', { office: this.ctx.office.name, regency: this.ctx.region.name }));
      this.state.welcomed = true;
    }
    if (this.input.link === 'linked') return this.alerts.linked();
    if (this.input.link === 'unknown') return this.say(this.m.t('alerts.link_unknown'));
    const { secrets } = this.input;
    if (secrets.nik) this.say(this.m.t('secret.nik'));
    if (secrets.password) this.say(this.m.t('secret.password'));
    if (secrets.code) this.say(this.m.t('secret.code'));
    if (this.input.inbound.media) this.say(this.m.t('media'));
    // "password saya [sandi dihapus]": nothing left but the secret and the words around it.
    const anySecret = secrets.nik || secrets.password || secrets.code;
    const secretOnly = anySecret && fold(this.input.inbound.text.replace(SECRET_MARK, ' ')).split(' ').every((w) => !w || SECRET_CONTEXT.has(w));
    const before = this.state.screen;
    if (!this.text || secretOnly) {
      // Only a secret (now removed) or nothing readable: show again what was asked.
      if (before.kind === 'guide') this.guides.redraw(before);
      else if ((!anySecret && !this.input.inbound.media) || firstContact) this.showMenu(firstContact ? 'menu.text' : 'menu.again');
      return;
    }
    if (!this.command() && !this.guides.words(this.text, this.u.words) && !this.choice() && !this.answerToQuestion()) this.byIntent(firstContact);
    // Money mentioned: warn, unless the answer already warns against paying anyone.
    if (MONEY.test(this.text) && this.u.intent !== 'out_of_scope' && !this.replies.some((r) => /jangan mau membayar/i.test(r.text))) this.say(this.m.t('money'));
    // An answer to something else in the middle of a guide: offer the guide again.
    const after = this.state.screen;
    if (before.kind === 'guide' && before.part !== 'done' && after.kind !== 'guide' && after.kind !== 'menu' && after.kind !== 'guides') {
      const reminder = this.guides.reminder();
      if (reminder) this.say(reminder);
    }
  }

  // --- words that work everywhere -------------------------------------------

  private command(): boolean {
    const t = this.text;
    if (BOT_QUESTION.test(t)) {
      this.say(this.m.t('bot'));
      return true;
    }
    if (this.u.intent === 'unsubscribe' && this.u.byRule) {
      this.alerts.stop();
      return true;
    }
    if (PAUSE_WORDS.has(t) || UNPAUSE_WORDS.has(t)) {
      this.alerts.pause(UNPAUSE_WORDS.has(t));
      return true;
    }
    if (CHANGE_WORDS.has(t)) {
      this.alerts.change();
      return true;
    }
    if (LINK_WORDS.has(t) && this.input.linkCode) {
      this.alerts.linkCode(this.input.linkCode);
      return true;
    }
    if (MENU_WORDS.has(t) || (this.u.intent === 'help_menu' && this.u.byRule)) {
      this.state.back = [];
      this.showMenu('menu.text', false);
      return true;
    }
    if (BACK_WORDS.has(t)) {
      this.goBack();
      return true;
    }
    if (RESUME_WORDS.has(t) && this.state.screen.kind !== 'guide') {
      if (this.state.guide) this.guides.resume();
      else if (this.state.screen.kind === 'results' || this.state.screen.kind === 'details') this.more();
      else this.say(this.m.t('guide.nothing_to_resume'));
      return true;
    }
    if (MORE_WORDS.has(t) && this.state.screen.kind !== 'guide') {
      this.more();
      return true;
    }
    if (HUMAN_WORDS.has(t)) {
      this.handoff();
      return true;
    }
    return false;
  }

  // A bare number (or "yang kedua") is read against the last numbered choices.
  private choice(): boolean {
    const n = this.u.ordinal;
    if (n === null) return false;
    if (!this.u.bareNumber && this.u.intent !== 'out_of_scope' && (this.u.districtCodes.length || this.u.job)) return false;
    const picked = this.state.choices.find((c) => c.key === String(n));
    if (!picked) {
      if (!this.u.bareNumber && !/^(yang|yg|no|nomor|nomer|ke)\b/.test(this.text)) return false;
      this.say(this.state.choices.length ? this.m.t('nav.bad_choice', { choice: String(n) }) : this.m.t('nav.no_choices'));
      return true;
    }
    this.act(picked.action);
    return true;
  }

  // Free text that answers the question just asked ("Cikarang Barat" after "di kecamatan mana?").
  private answerToQuestion(): boolean {
    const screen = this.state.screen;
    const u = this.u;
    if (screen.kind === 'alerts') {
      const found = { kecamatan: u.districtCodes, ambiguous: u.ambiguousPlaces[0] ?? null, outside: u.outsidePlaces.length > 0, education: u.entities.education, job: u.job };
      if (this.alerts.answer(screen, this.text, found)) return true;
    }
    if (screen.kind === 'ask_district' || screen.kind === 'pick') {
      if (ALL_WORDS.has(this.text)) {
        const filters = { ...screen.pending, kecamatan: screen.kind === 'pick' ? [...new Set([...screen.pending.kecamatan, ...screen.codes])] : [] };
        if (screen.kind === 'ask_district' && !filters.education) this.askEducation(filters);
        else this.search(filters, { everywhere: true });
        return true;
      }
      if (screen.kind === 'pick' && screen.pending.kecamatan.length && u.districtCodes.length && !u.ambiguousPlaces.length && !u.job) {
        // "cikarang barat" typed on the "Cikarang" list: added to the place named before.
        this.search({ ...screen.pending, kecamatan: [...new Set([...screen.pending.kecamatan, ...u.districtCodes])] }, { everywhere: true });
        return true;
      }
      if (u.districtCodes.length || u.ambiguousPlaces.length || u.outsidePlaces.length || u.regencyNamed) {
        if (u.intent === 'search_vacancies' || u.intent === 'out_of_scope' || u.intent === 'greeting' || !u.job) {
          this.searchFromMessage(screen.pending, false, { askEducation: screen.kind === 'ask_district' });
          return true;
        }
      }
      if (screen.kind === 'ask_district' && u.intent === 'out_of_scope' && !u.entities.education && !u.job) {
        this.say(this.m.t('search.ask_district_again'));
        return true;
      }
    }
    if (screen.kind === 'ask_education' && u.entities.education) {
      this.effects.push({ type: 'profile', education: u.entities.education });
      this.search({ ...screen.pending, education: u.entities.education }, { everywhere: true });
      return true;
    }
    // A follow-up to a search: "yang di tambun selatan aja", "kalau lulusan SMP?", "kalau admin?".
    const fragment = FOLLOW_UP.test(this.text) && this.text.split(' ').length <= 7;
    if (this.state.search && !VACANCY_WORDS.test(this.text) && (fragment || ['search_vacancies', 'out_of_scope', 'greeting', 'thanks'].includes(u.intent))) {
      if (u.districtCodes.length || u.entities.education || u.job || u.ambiguousPlaces.length || u.outsidePlaces.length) {
        this.searchFromMessage(this.state.search.filters, false);
        return true;
      }
    }
    return false;
  }

  private byIntent(firstContact: boolean): void {
    const u = this.u;
    switch (u.intent) {
      case 'greeting':
        if (u.districtCodes.length || u.job || u.entities.education) return this.searchFromMessage(NO_FILTERS, true);
        return this.showMenu(firstContact ? 'menu.text' : 'menu.again');
      case 'help_menu':
        return this.showMenu('menu.text');
      case 'search_vacancies':
        return this.searchFromMessage(this.state.search?.filters ?? NO_FILTERS, true);
      case 'thanks':
        return this.say(this.m.t('thanks'));
      case 'human_handoff':
        return this.handoff();
      case 'office_info':
        return this.officeInfo();
      case 'registration_help':
        if (!this.guides.openFor(u.words, u.entities.platform)) this.guides.list();
        return;
      case 'report_vacancy':
        return this.show({ kind: 'other' }, this.m.t('report_vacancy'), [{ label: this.m.t('report_vacancy_choice'), action: { do: 'handoff' } }]);
      case 'job_fair':
        return this.show({ kind: 'other' }, this.m.t('job_fair'), [{ label: this.m.t('job_fair_choice'), action: { do: 'handoff' } }]);
      case 'training':
        return this.show({ kind: 'other' }, this.m.t('training', { note: this.ctx.office.trainingNote ?? '' }).trim(), [{ label: this.m.t('training_choice'), action: { do: 'handoff' } }]);
      case 'feedback':
        this.effects.push({ type: 'feedback' });
        return this.say(this.m.t('feedback'));
      case 'delete_my_data':
        return this.show({ kind: 'other' }, this.m.t('delete.confirm'), [
          { label: this.m.t('delete.yes'), action: { do: 'erase' } },
          { label: this.m.t('delete.no'), action: { do: 'keep' } },
        ]);
      case 'subscribe':
        // Already subscribed and nothing new said: show what they have, with change / pause / stop.
        if (this.input.subscription && this.input.subscription.status !== 'stopped' && !u.districtCodes.length && !u.ambiguousPlaces.length && !u.entities.education && !u.job) return this.alerts.manage();
        return this.alerts.start({ kecamatan: u.districtCodes, ambiguous: u.ambiguousPlaces[0] ?? null, education: u.entities.education, keyword: u.job });
      case 'unsubscribe':
        // Only the word "stop" itself stops at once (command()); a guess asks first.
        return this.alerts.confirmStop();
      case 'out_of_scope':
        if (u.districtCodes.length && (u.job || u.entities.education)) return this.searchFromMessage(NO_FILTERS, true);
        return this.showMenu('out_of_scope');
    }
  }

  private act(action: Action): void {
    switch (action.do) {
      case 'menu':
        return this.menuItem(action.item);
      case 'open':
        return this.open(action.id, action.index);
      case 'places': {
        // Picked from a "Cikarang" list: added to the places the message named clearly.
        const kept = this.state.screen.kind === 'pick' ? this.pending().kecamatan : [];
        return this.search({ ...this.pending(), kecamatan: [...new Set([...kept, ...action.codes])] }, { everywhere: true });
      }
      case 'city':
        return this.showMenu('search.city_outside', true, { regency: this.ctx.region.name });
      case 'education':
        this.effects.push({ type: 'profile', education: action.level });
        return this.search({ ...this.pending(), education: action.level }, { everywhere: true });
      case 'search':
        return this.search(action.filters, { everywhere: true });
      case 'guide':
        return this.guides.act(action);
      case 'alerts':
        return this.alerts.act(action);
      case 'handoff':
        return this.handoff();
      case 'erase':
        this.effects.push({ type: 'erase' });
        this.state = { ...initialState(), welcomed: true };
        return this.say(this.m.t('delete.done'));
      case 'keep':
        this.state.choices = [];
        this.state.screen = { kind: 'other' };
        return this.say(this.m.t('delete.cancelled'));
    }
  }

  // --- menu and information -------------------------------------------------

  /** The main menu (GuideHost). */
  showMenu(intro: 'menu.text' | 'menu.again' | 'out_of_scope' | 'search.city_outside' = 'menu.text', remember = true, vars?: { regency: string }): void {
    const text = intro === 'search.city_outside' ? `${this.m.t(intro, vars!)}\n\n${this.m.t('menu.text')}` : this.m.t(intro);
    const items: MenuItem[] = ['search', 'guides', 'alerts', 'office', 'human'];
    const choices: Array<{ label: string; action: Action }> = items.map((item) => ({ label: this.m.t(`menu.${item}`), action: { do: 'menu', item } }));
    // A guide in progress is offered in words: the menu keeps five numbers.
    const reminder = this.guides.reminder();
    this.show({ kind: 'menu' }, reminder ? `${text}\n${reminder}` : text, choices, { remember });
  }

  private menuItem(item: MenuItem): void {
    if (item === 'search') {
      return this.show({ kind: 'ask_district', pending: { ...NO_FILTERS, education: this.input.profile.education } }, this.m.t('search.ask_district'), []);
    }
    if (item === 'guides') return this.guides.list();
    if (item === 'alerts') {
      return this.alerts.manage();
    }
    if (item === 'office') return this.officeInfo();
    return this.handoff();
  }

  private officeInfo(): void {
    const o = this.ctx.office;
    const lines: string[] = [];
    if (o.location) lines.push(this.m.t('office.where', { name: o.name, location: o.location }));
    const fields = ['address', 'hours', 'phone', 'whatsapp', 'email', 'instagram', 'website'] as const;
    for (const f of fields) {
      const value = o[f];
      if (value) lines.push(this.m.t(`office.${f}`, { value }));
    }
    const unknown = (['address', 'hours', 'phone'] as const).filter((f) => !o[f]).map((f) => this.m.t(`office.unknown_${f}`));
    if (unknown.length) {
      const names = listNames(unknown, this.m);
      lines.push(this.m.t('office.unknown', { fields: names.charAt(0).toUpperCase() + names.slice(1) }));
    }
    lines.push(this.m.t('office.free'));
    this.show({ kind: 'other' }, lines.join('\n'), []);
  }

  /** Hands the conversation to staff (GuideHost). */
  handoff(): void {
    this.effects.push({ type: 'handoff' });
    const o = this.ctx.office;
    const contact = [o.whatsapp && `WhatsApp ${o.whatsapp}`, o.phone && `telepon ${o.phone}`].filter(Boolean).join(', ');
    const lines = [this.m.t(this.ctx.staffReachable ? 'handoff' : 'handoff_unavailable', { office: o.name })];
    if (contact) lines.push(this.m.t('handoff_contact', { contact }));
    else if (!this.ctx.staffReachable && o.location) lines.push(this.m.t('handoff_visit', { name: o.name, location: o.location }));
    this.show({ kind: 'other' }, lines.join('\n'), []);
  }

  // --- search ---------------------------------------------------------------

  /**
   * Search with what this message says. `fresh` = a new question ("ada loker
   * X di Y?"): places and job come from the message only; otherwise a
   * follow-up: what the message leaves out is kept from `base`.
   */
  private searchFromMessage(base: VacancyFilters, fresh: boolean, options: { askEducation?: boolean } = {}): void {
    const u = this.u;
    const newQuestion = fresh && VACANCY_WORDS.test(this.text);
    const education = u.entities.education ?? base.education ?? this.input.profile.education;
    const filters: VacancyFilters = newQuestion
      ? { kecamatan: u.districtCodes, education, keyword: u.job }
      : { kecamatan: u.districtCodes.length ? u.districtCodes : base.kecamatan, education, keyword: u.job ?? base.keyword };
    if (u.entities.education) this.effects.push({ type: 'profile', education: u.entities.education });

    // "Cikarang" is never guessed, also next to a clear place ("cibitung atau cikarang"): ask, keeping the clear one.
    const ambiguous = u.ambiguousPlaces[0];
    if (ambiguous && ambiguous.codes.length) {
      const choices = ambiguous.codes.map((c) => ({ label: this.ctx.region.nameOf(c), action: { do: 'places', codes: [c] } as Action }));
      const label = ambiguous.label.charAt(0).toUpperCase() + ambiguous.label.slice(1);
      return this.show({ kind: 'pick', label: ambiguous.label, codes: ambiguous.codes, pending: { ...filters, kecamatan: u.districtCodes } }, this.m.t('search.pick_district', { place: label }), choices, { hint: this.m.t('search.pick_hint') });
    }
    if (!u.districtCodes.length) {
      if (ambiguous && !u.regencyNamed) {
        // "Bekasi" alone: the regency or the city.
        return this.show({ kind: 'pick', label: 'bekasi', codes: [], pending: { ...filters, kecamatan: [] } }, this.m.t('search.pick_bekasi'), [
          { label: this.m.t('search.bekasi_regency'), action: { do: 'places', codes: [] } },
          { label: this.m.t('search.bekasi_city'), action: { do: 'city' } },
        ]);
      }
      if (u.outsidePlaces.length && !u.regencyNamed) {
        const text = this.m.t('search.outside', { place: titleCase(u.outsidePlaces[0]!), regency: this.ctx.region.name });
        return this.show({ kind: 'other' }, text, [{ label: this.m.t('search.outside_choice', { regency: this.ctx.region.name }), action: { do: 'search', filters: { ...filters, kecamatan: [] } } }]);
      }
      if (newQuestion && !filters.keyword && !u.regencyNamed && !u.entities.education && !this.state.search) {
        return this.show({ kind: 'ask_district', pending: filters }, this.m.t('search.ask_district'), []);
      }
    }
    if (filters.kecamatan.length === 1) this.effects.push({ type: 'profile', kecamatan: filters.kecamatan[0] });
    if (options.askEducation && !filters.education) {
      // The guided search asks one thing at a time: the place, then the schooling.
      return this.askEducation(filters);
    }
    this.search(filters, { everywhere: u.regencyNamed || !filters.kecamatan.length });
  }

  private askEducation(pending: VacancyFilters): void {
    this.show({ kind: 'ask_education', pending }, this.m.t('search.ask_education'), this.educationChoices());
  }

  /** The search waiting on the current question, if any. */
  private pending(): VacancyFilters {
    const s = this.state.screen;
    return s.kind === 'ask_district' || s.kind === 'ask_education' || s.kind === 'pick' ? s.pending : (this.state.search?.filters ?? NO_FILTERS);
  }

  private search(filters: VacancyFilters, options: { everywhere?: boolean } = {}): void {
    const result = this.ctx.vacancies.search(filters, this.input.inbound.at, MAX_IDS);
    this.state.back = this.state.back.filter((b) => b.kind !== 'results' && b.kind !== 'details');
    if (this.state.screen.kind === 'results' || this.state.screen.kind === 'details') this.state.screen = { kind: 'other' };
    if (!result.total) return this.noMatch(filters);
    this.state.search = { filters, ids: result.ids, total: result.total };
    this.showResults(0, options);
  }

  private showResults(offset: number, options: { everywhere?: boolean } = {}): void {
    const s = this.state.search!;
    const what = describeFilters(s.filters, this.ctx.region, this.m, { everywhere: options.everywhere ?? !s.filters.kecamatan.length });
    const page = s.ids.slice(offset, offset + PAGE);
    const vacancies = page.map((id) => this.ctx.vacancies.get(id)).filter((v) => v !== undefined);
    const header = s.total === 1 ? this.m.t('search.results_one', { what }) : this.m.t('search.results', { total: s.total, what, from: offset + 1, to: offset + page.length });
    const lines = [header];
    if (vacancies.some((v) => v.isSample)) lines.push(this.m.t('search.sample_note'));
    const choices = vacancies.map((v, i) => ({ choice: vacancyChoice(v, String(offset + i + 1), this.ctx.region, this.m), action: { do: 'open', id: v.id, index: offset + i } as Action }));
    const hasMore = offset + PAGE < s.ids.length;
    const hint = `${this.m.t('search.results_footer')}\n${this.m.t(hasMore ? 'nav.hint_more' : 'nav.hint')}`;
    this.showChoices({ kind: 'results', offset }, lines.join('\n'), choices, hint);
  }

  private more(): void {
    const s = this.state.search;
    const screen = this.state.screen;
    if (!s || (screen.kind !== 'results' && screen.kind !== 'details')) return this.say(this.m.t('search.no_list'));
    const offset = screen.kind === 'results' ? screen.offset + PAGE : Math.floor(screen.index / PAGE) * PAGE + PAGE;
    if (offset >= s.ids.length) return this.say(this.m.t('search.no_more'));
    this.showResults(offset);
  }

  private open(id: number, index: number): void {
    const v = this.ctx.vacancies.get(id);
    if (!v) return this.say(this.m.t('search.gone'));
    // The list's numbers keep working from the details ("3" opens the third).
    const keep = this.state.choices;
    this.show({ kind: 'details', id, index }, vacancyDetails(v, this.ctx.region, this.m), [], { hint: this.m.t('details.hint') });
    this.state.choices = keep;
  }

  private noMatch(filters: VacancyFilters): void {
    const { region, vacancies } = this.ctx;
    const at = this.input.inbound.at;
    const m = this.m;
    const what = describeFilters(filters, region, m);
    const keywordPart = filters.keyword ? m.t('search.what_keyword', { keyword: filters.keyword }) : '';
    const options: Array<{ label: string; action: Action }> = [];
    if (filters.kecamatan.length) {
      const near = [...new Set(filters.kecamatan.flatMap((c) => region.nearby(c)))].filter((c) => !filters.kecamatan.includes(c));
      if (near.length) {
        const alt = { ...filters, kecamatan: near };
        const found = vacancies.search(alt, at, 1).total;
        if (found) options.push({ label: m.t('search.alt_nearby', { total: found, keyword: keywordPart, places: listNames(near.map((c) => region.nameOf(c)), m) }), action: { do: 'search', filters: alt } });
      }
      if (filters.keyword) {
        const alt = { ...filters, keyword: null };
        const found = vacancies.search(alt, at, 1).total;
        if (found) options.push({ label: m.t('search.alt_no_keyword', { total: found, places: listNames(filters.kecamatan.map((c) => region.nameOf(c)), m) }), action: { do: 'search', filters: alt } });
        const anywhere = { ...filters, kecamatan: [] };
        const foundAnywhere = vacancies.search(anywhere, at, 1).total;
        if (foundAnywhere && !options.length) options.push({ label: m.t('search.alt_anywhere', { total: foundAnywhere, keyword: keywordPart }), action: { do: 'search', filters: anywhere } });
      }
    }
    this.state.search = { filters, ids: [], total: 0 };
    const text = options.length ? `${m.t('search.none', { what })}\n${m.t('search.alt_intro')}` : `${m.t('search.none', { what })}\n${m.t('search.none_try')}`;
    this.show({ kind: 'other' }, text, options);
  }

  private goBack(): void {
    const current = this.state.screen;
    if (current.kind === 'guide') return this.guides.back(current);
    const previous = this.state.back.pop();
    if (!previous) {
      if (this.state.screen.kind === 'menu') return this.say(this.m.t('nav.nothing_back'));
      return this.showMenu('menu.text', false);
    }
    this.state.screen = { kind: 'other' };
    this.redraw(previous);
  }

  // Shows a remembered screen again without pushing the current one.
  private redraw(screen: Screen): void {
    switch (screen.kind) {
      case 'menu':
        return this.showMenu('menu.text', false);
      case 'results':
        if (this.state.search?.ids.length) return this.showResultsNoPush(screen.offset);
        return this.showMenu('menu.text', false);
      case 'details':
        return this.open(screen.id, screen.index);
      case 'ask_district':
        return this.show(screen, this.m.t('search.ask_district'), [], { remember: false });
      case 'ask_education':
        return this.show(screen, this.m.t('search.ask_education'), this.educationChoices(), { remember: false });
      case 'guides':
        return this.guides.list(screen.page ?? 0);
      case 'guide':
        return this.guides.redraw(screen);
      default:
        return this.showMenu('menu.text', false);
    }
  }

  private showResultsNoPush(offset: number): void {
    this.state.screen = { kind: 'other' };
    this.showResults(offset);
    this.state.back.pop();
  }

  private educationChoices(): Array<{ label: string; action: Action }> {
    const levels: Array<[Parameters<Catalogue['t']>[0], Education]> = [['search.edu_sd', 'SD'], ['search.edu_smp', 'SMP'], ['search.edu_sma', 'SMA'], ['search.edu_diploma', 'D3'], ['search.edu_sarjana', 'S1']];
    return levels.map(([key, level]) => ({ label: this.m.t(key as 'search.edu_sd'), action: { do: 'education', level } }));
  }

  // --- output ---------------------------------------------------------------

  say(text: string): void {
    this.replies.push({ text, choices: [] });
  }

  effect(e: Effect): void {
    this.effects.push(e);
  }

  /** Shows a screen with numbered choices 1..n and remembers it for "0". */
  show(screen: Screen, text: string, choices: Array<{ label: string; action: Action }>, options: { hint?: string; remember?: boolean } = {}): void {
    this.showChoices(screen, text, choices.map((c, i) => ({ choice: { key: String(i + 1), label: c.label }, action: c.action })), options.hint ?? this.m.t('nav.hint'), options.remember);
  }

  private showChoices(screen: Screen, text: string, choices: Array<{ choice: Choice; action: Action }>, hint: string, remember = true): void {
    const current = this.state.screen;
    // Going from one vacancy's details to another's keeps "0" pointing at the list.
    const sameKind = current.kind === screen.kind && (screen.kind === 'details' || screen.kind === 'results');
    if (remember && current.kind !== 'other' && !sameKind) {
      this.state.back = [...this.state.back, current].slice(-MAX_BACK);
    }
    this.state.screen = screen;
    this.state.choices = choices.map((c) => ({ key: c.choice.key, action: c.action }));
    this.replies.push({ text, choices: choices.map((c) => c.choice), hint });
  }
}

function titleCase(s: string): string {
  return s.replace(/\b\p{L}/gu, (c) => c.toUpperCase());
}

/** Label for an education level (re-exported for channels and tests). */
export { educationLabel };
