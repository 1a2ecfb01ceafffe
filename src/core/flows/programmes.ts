// Job fairs and training programmes in chat: upcoming events (never a past
// one), training by skill, education and place, the details of one from the
// data only, and questions about the one opened ("bawa apa?", "daftarnya
// gmn?", "sy cewe gpp ikut?") answered from its data or honestly unknown,
// with a petugas offered. Money around them gets the warning that official
// training and job fairs never ask for a transfer.

import { educationLabel } from '../../domain/education.ts';
import { findTraining, trainingMatches, upcomingEvents, type EventItem, type TrainingItem, type TrainingQuery } from '../../domain/services.ts';
import { formatDate } from '../../domain/time.ts';
import type { Catalogue } from '../messages.ts';
import type { Action, Choice, Screen, ServiceMove } from '../types.ts';
import type { Dialogue } from '../dialogue.ts';

type ServiceScreen = Extract<Screen, { flow: 'service' }>;

const REGISTER = /\b(daftar|daftarnya|mendaftar|registrasi|cara ikut|caranya|ikutnya)\b/;
const DEADLINE = /\b(paling lambat|batas|terakhir|deadline|sampai kapan|sampe kapan|ditutup|tutup)\b/;
const COST = /\b(biaya|biayanya|bayar|gratis|harga|tiket|beli|\d+ ?(rb|ribu|k|jt|juta))\b/;
const BRING = /\b(bawa apa|bawa apa aja|bawa apa saja|dibawa|yang dibawa|bawaan|perlu dibawa)\b/;
const REQUIREMENTS = /\b(syarat|syaratnya|persyaratan)\b/;
const WHEN = /\b(kapan mulai|mulai kapan|tanggal|jadwal|berapa lama|jam berapa|kapan)\b/;
const ELIGIBLE = /\b(ktp|kota bekasi|luar daerah|luar kabupaten|domisili|warga)\b/;
const QUESTION = /\?|\b(boleh|bisa|gpp|ga papa|gapapa|apa boleh|apakah|ga apa apa|nggak apa apa)\b/;
const SERVICE_ALERT = /\b(kabari|kabarin|kabarkan|kabar2in|infoin|ingetin|ingatkan|kasih tau|kasih tahu|notif|notifin|langganan)\b.{0,30}\b(job ?fair|jobfair|bursa kerja|pelatihan|training|kursus)\b/;
const FEE_OFFER = /\b(jual|dijual|beli|tiket|bayar|transfer|tf)\b/;

export class ProgrammesFlow {
  constructor(private readonly d: Dialogue) {}

  private get t() {
    return this.d.turn;
  }

  private get m(): Catalogue {
    return this.d.turn.m;
  }

  private get events(): EventItem[] {
    return this.t.ctx.services?.events ?? [];
  }

  private get training(): TrainingItem[] {
    return this.t.ctx.services?.training ?? [];
  }

  private date(d: Date | null): string {
    return d ? formatDate(d) : '';
  }

  // --- job fairs -----------------------------------------------------------------

  /** "info job fair terdekat": the upcoming events, numbered; a question about the one in focus is answered. */
  jobFair(): void {
    const focus = this.focusEvent();
    if (focus && this.askedAbout()) return this.eventQuestion(focus);
    const upcoming = upcomingEvents(this.events, this.t.at, this.t.ctx.timeZone ?? 'Asia/Jakarta');
    const codes = this.t.u.districtCodes;
    const here = codes.length ? upcoming.filter((e) => e.kecamatan && codes.includes(e.kecamatan)) : upcoming;
    const shown = (here.length ? here : upcoming).slice(0, 5);
    if (!shown.length) {
      return this.t.show({ flow: 'other' }, [this.m.t('events.none'), this.m.t('events.fee_warning')].join('\n'), [{ label: this.m.t('handoff.offer_chat'), action: { do: 'handoff' } }]);
    }
    const lines = [];
    if (codes.length && !here.length) lines.push(this.m.t('events.none_here', { place: codes.map((c) => this.t.ctx.region.nameOf(c)).join(', ') }));
    lines.push(this.m.t(shown.length === 1 ? 'events.list_one' : 'events.list', { n: shown.length }));
    if (shown.some((e) => e.isSample)) lines.push(this.m.t('events.sample_note'));
    const choices = shown.map((e, i) => ({ choice: { key: String(i + 1), label: `${e.isSample ? `${this.m.t('events.sample_tag')} ` : ''}${e.name}`, detail: `${this.eventDates(e)} · ${e.place}` } as Choice, action: { do: 'service', move: { go: 'event_open', id: e.id, n: i + 1 } } as Action }));
    this.t.showChoices({ flow: 'service', name: 'events', step: 'list', data: { ids: shown.map((e) => e.id) } }, lines.join('\n'), choices, this.m.t('events.hint'));
  }

  private eventDates(e: EventItem): string {
    return e.endDate && e.endDate.getTime() !== e.startDate.getTime() ? `${this.date(e.startDate)}–${this.date(e.endDate)}` : this.date(e.startDate);
  }

  private openEvent(id: number, n: number): void {
    const e = this.events.find((x) => x.id === id);
    if (!e) return this.t.say(this.m.t('events.gone'));
    this.remember('event', id, n);
    const lines = [e.isSample ? this.m.t('events.title_sample', { name: e.name }) : this.m.t('events.title', { name: e.name }), this.m.t('events.date', { date: this.eventDates(e) }), this.m.t('events.place', { place: e.place })];
    if (e.organiser) lines.push(this.m.t('events.organiser', { value: e.organiser }));
    lines.push(e.howToRegister ? this.m.t('events.register', { value: e.howToRegister }) : this.m.t('events.register_unknown'));
    if (e.cost) lines.push(this.m.t('events.cost', { value: e.cost }));
    if (e.notes) lines.push(this.m.t('events.notes', { value: e.notes }));
    lines.push(e.bring ? this.m.t('events.bring', { value: e.bring }) : this.m.t('events.bring_unknown'));
    lines.push(this.m.t('events.fee_warning'));
    this.t.show({ flow: 'service', name: 'events', step: 'details', data: { id } }, lines.join('\n'), [{ label: this.m.t('handoff.offer_chat'), action: { do: 'handoff' } }]);
  }

  private focusEvent(): EventItem | null {
    const last = [...this.d.state.opened].reverse().find((o) => o.kind === 'event');
    const opened = last ? this.events.find((e) => e.id === last.id) : undefined;
    if (opened) return opened;
    const s = this.d.state.screen;
    if (s.flow === 'service' && s.name === 'events' && s.step === 'list') {
      const ids = ((s.data?.ids as number[]) ?? []);
      if (ids.length === 1) return this.events.find((e) => e.id === ids[0]) ?? null;
    }
    return null;
  }

  private askedAbout(): boolean {
    const text = this.t.msg.text;
    return REGISTER.test(text) || COST.test(text) || BRING.test(text) || ELIGIBLE.test(text) || REQUIREMENTS.test(text) || (QUESTION.test(this.t.msg.original) && !/\b(ada|info|kapan lagi|terdekat|lagi)\b.*\bjob ?fair\b|\bjob ?fair\b.*\b(ada|lagi|terdekat)\b/.test(text));
  }

  // A question about one event, answered from its data or honestly unknown.
  private eventQuestion(e: EventItem): void {
    const text = this.t.msg.text;
    const lines: string[] = [];
    if (COST.test(text) || FEE_OFFER.test(text)) {
      lines.push(e.cost ? this.m.t('events.cost_data', { name: e.name, value: e.cost }) : this.m.t('events.cost_unknown'));
      if (FEE_OFFER.test(text)) {
        lines.push(this.m.t('events.ticket_scam'), this.m.t('scam.agencies'));
        this.t.count('scam_reports');
        this.t.note('scam', this.t.msg.original.slice(0, 500));
        this.t.state.facts = { ...this.t.state.facts, scam: this.t.state.facts.scam ?? 'tiket job fair' };
      }
      this.d.moneyAnswered();
      return this.t.show({ flow: 'other' }, lines.join('\n'), [{ label: this.m.t(FEE_OFFER.test(text) ? 'scam.report_choice' : 'handoff.offer_chat'), action: { do: 'handoff' } }]);
    }
    if (BRING.test(text)) lines.push(e.bring ? this.m.t('events.bring', { value: e.bring }) : this.m.t('events.bring_unknown_long'));
    else if (ELIGIBLE.test(text)) {
      if (/\bkota bekasi|bekasi kota\b/.test(text)) lines.push(this.m.t('events.city_other_area'));
      lines.push(e.notes ? this.m.t('events.notes', { value: e.notes }) : this.m.t('events.no_rules'));
      lines.push(this.m.t('events.eligible_unknown'));
    } else if (REGISTER.test(text)) lines.push(e.howToRegister ? this.m.t('events.register', { value: e.howToRegister }) : this.m.t('events.register_unknown'));
    else if (WHEN.test(text)) lines.push(this.m.t('events.date', { date: this.eventDates(e) }), this.m.t('events.place', { place: e.place }));
    else lines.push(this.m.t('events.unknown'));
    this.t.show({ flow: 'other' }, lines.join('\n'), [{ label: this.m.t('handoff.offer_chat'), action: { do: 'handoff' } }]);
  }

  // --- training ------------------------------------------------------------------

  /** "ada pelatihan las gratis?": programmes by skill, education and place; a question about the one opened is answered. */
  trainingRequest(): void {
    const t = this.t;
    const keyword = this.skill();
    const focus = this.focusTraining();
    if (focus && (!keyword || trainingMatches(focus, keyword)) && this.askedAboutTraining()) return this.trainingQuestion(focus);
    const query: TrainingQuery = { keyword, education: t.u.entities.education ?? t.state.facts.education ?? null, kecamatan: t.u.districtCodes };
    const amb = t.u.ambiguousPlaces[0];
    if (!query.kecamatan.length && amb) {
      const choices = [...amb.codes.map((code) => ({ label: t.ctx.region.nameOf(code), action: { do: 'service', move: { go: 'training_pick', value: code } } as Action })), { label: this.m.t('training.everywhere'), action: { do: 'service', move: { go: 'training_pick', value: '' } } as Action }];
      return t.show({ flow: 'service', name: 'training', step: 'pick', data: { query, codes: amb.codes } }, this.m.t('training.ask_pick', { place: amb.label.charAt(0).toUpperCase() + amb.label.slice(1), what: this.what(query) }), choices);
    }
    this.list(query);
  }

  private skill(): string | null {
    const t = this.t;
    const raw = t.u.entities.keyword ?? t.u.job;
    if (raw) return raw.replace(/\b(gratis|pelatihan|kursus|training)\b/g, '').trim() || null;
    // A skill word the training data knows ("jahit2 gitu"), when the understanding found none.
    const words = new Set(t.msg.text.replace(/\d+/g, ' ').split(/\s+/));
    for (const x of this.training) for (const k of x.keywords) if (k.length >= 3 && words.has(k)) return k;
    const m = /\b(?:pelatihan|kursus|training)\s+([a-z]+)/.exec(t.msg.text);
    return m && !/^(gratis|yang|yg|apa|kerja|di|ga|gak|buat|untuk)$/.test(m[1]!) ? m[1]! : null;
  }

  private what(q: TrainingQuery): string {
    const parts = [q.keyword ? this.m.t('training.what_keyword', { keyword: q.keyword }) : this.m.t('training.what_any'), q.education ? this.m.t('training.what_education', { education: educationLabel(q.education) }) : ''];
    return parts.join('').trim();
  }

  private list(q: TrainingQuery): void {
    const t = this.t;
    const tz = t.ctx.timeZone ?? 'Asia/Jakarta';
    const places = q.kecamatan.map((c) => t.ctx.region.nameOf(c)).join(', ');
    let found = findTraining(this.training, q, t.at, tz);
    const lines: string[] = [];
    if (!found.length && q.kecamatan.length) {
      // None in the place asked: said plainly, then the same skill elsewhere, saying where.
      const elsewhere = findTraining(this.training, { ...q, kecamatan: [] }, t.at, tz);
      lines.push(this.m.t('training.none_here', { what: this.what(q), place: places }));
      found = elsewhere;
      if (found.length) lines.push(this.m.t('training.elsewhere'));
    }
    if (!found.length) {
      const others = findTraining(this.training, { keyword: null, education: q.education, kecamatan: [] }, t.at, tz);
      if (!lines.length) lines.push(this.m.t('training.none', { what: this.what(q) }));
      lines.push(this.m.t('training.fee_warning'));
      const choices: Array<{ label: string; action: Action }> = [];
      if (q.keyword && others.length) choices.push({ label: this.m.t('training.see_others', { n: others.length }), action: { do: 'service', move: { go: 'training_all' } } });
      choices.push({ label: this.m.t('handoff.offer_chat'), action: { do: 'handoff' } });
      return t.show({ flow: 'service', name: 'training', step: 'list', data: { ids: [] } }, lines.join('\n'), choices);
    }
    const shown = found.slice(0, 5);
    lines.push(this.m.t('training.list', { n: found.length, what: this.what(q) }));
    if (shown.some((x) => x.isSample)) lines.push(this.m.t('events.sample_note'));
    const choices = shown.map((x, i) => ({
      choice: { key: String(i + 1), label: `${x.isSample ? `${this.m.t('events.sample_tag')} ` : ''}${x.title}`, detail: `${x.place} · ${this.trainingDates(x)} · ${this.cost(x)}` } as Choice,
      action: { do: 'service', move: { go: 'training_open', id: x.id, n: i + 1 } } as Action,
    }));
    t.showChoices({ flow: 'service', name: 'training', step: 'list', data: { ids: shown.map((x) => x.id) } }, lines.join('\n'), choices, this.m.t('events.hint'));
  }

  private trainingDates(x: TrainingItem): string {
    if (x.rolling) return this.m.t('training.rolling');
    if (x.startDate && x.endDate) return `${this.date(x.startDate)}–${this.date(x.endDate)}`;
    if (x.startDate) return this.m.t('training.starts', { date: this.date(x.startDate) });
    return this.m.t('training.dates_unknown');
  }

  private cost(x: TrainingItem): string {
    if (x.cost === 0) return this.m.t('training.free');
    if (x.cost === null) return this.m.t('training.cost_unknown');
    return this.m.t('training.paid', { amount: `Rp${x.cost.toLocaleString('id-ID')}` });
  }

  private openTraining(id: number, n: number): void {
    const x = this.training.find((y) => y.id === id);
    if (!x) return this.t.say(this.m.t('events.gone'));
    this.remember('training', id, n);
    const lines = [
      x.isSample ? this.m.t('training.title_sample', { title: x.title }) : this.m.t('training.title', { title: x.title }),
      this.m.t('training.provider', { value: x.provider }),
      this.m.t('training.place', { value: x.place }),
      this.m.t('training.dates', { value: this.trainingDates(x) }),
    ];
    if (x.registrationCloses) lines.push(this.m.t('training.deadline', { date: this.date(x.registrationCloses) }));
    if (x.quota) lines.push(this.m.t('training.quota', { n: x.quota }));
    lines.push(this.m.t('training.education', { value: x.minEducation ? educationLabel(x.minEducation) : this.m.t('training.any_education') }));
    lines.push(x.requirements ? this.m.t('training.requirements', { value: x.requirements }) : this.m.t('training.requirements_unknown'));
    lines.push(x.bring ? this.m.t('training.bring', { value: x.bring }) : this.m.t('training.bring_unknown'));
    lines.push(this.m.t('training.cost', { value: this.cost(x) }));
    lines.push(x.howToRegister ? this.m.t('training.register', { value: x.howToRegister }) : this.m.t('training.register_unknown'));
    lines.push(this.m.t('training.fee_warning'));
    this.t.show({ flow: 'service', name: 'training', step: 'details', data: { id } }, lines.join('\n'), [{ label: this.m.t('handoff.offer_chat'), action: { do: 'handoff' } }]);
  }

  private focusTraining(): TrainingItem | null {
    const last = [...this.d.state.opened].reverse().find((o) => o.kind === 'training');
    return last ? (this.training.find((x) => x.id === last.id) ?? null) : null;
  }

  private askedAboutTraining(): boolean {
    const text = this.t.msg.text;
    return REGISTER.test(text) || DEADLINE.test(text) || COST.test(text) || BRING.test(text) || REQUIREMENTS.test(text) || WHEN.test(text) || QUESTION.test(this.t.msg.original) || /\b(td|tadi|itu)\b/.test(text);
  }

  private trainingQuestion(x: TrainingItem): void {
    const text = this.t.msg.text;
    const lines: string[] = [];
    if (DEADLINE.test(text) || REGISTER.test(text)) {
      if (DEADLINE.test(text)) lines.push(x.registrationCloses ? this.m.t('training.deadline_named', { title: x.title, date: this.date(x.registrationCloses) }) : this.m.t('training.deadline_unknown'));
      lines.push(x.howToRegister ? this.m.t('training.register', { value: x.howToRegister }) : this.m.t('training.register_unknown'));
      if (!DEADLINE.test(text) && x.registrationCloses) lines.push(this.m.t('training.deadline', { date: this.date(x.registrationCloses) }));
    } else if (COST.test(text)) {
      lines.push(this.m.t('training.cost', { value: this.cost(x) }), this.m.t('training.fee_warning'));
      this.d.moneyAnswered();
    } else if (BRING.test(text)) lines.push(x.bring ? this.m.t('training.bring', { value: x.bring }) : this.m.t('training.bring_unknown'));
    else if (REQUIREMENTS.test(text)) lines.push(this.m.t('training.education', { value: x.minEducation ? educationLabel(x.minEducation) : this.m.t('training.any_education') }), x.requirements ? this.m.t('training.requirements', { value: x.requirements }) : this.m.t('training.requirements_unknown'));
    else if (WHEN.test(text) && !QUESTION.test(text.replace(/\bkapan\b/, ''))) lines.push(this.m.t('training.dates', { value: this.trainingDates(x) }));
    else lines.push(this.m.t('training.unknown', { title: x.title }));
    this.t.show({ flow: 'other' }, lines.join('\n'), [{ label: this.m.t('handoff.offer_chat'), action: { do: 'handoff' } }]);
  }

  // --- alerts ----------------------------------------------------------------------

  /** "kabari kalau ada job fair", "kabarin kalo ada pelatihan las": a wish to hear of new ones; false when the message is not one. */
  alertAsked(): boolean {
    const text = this.t.msg.text;
    if (!SERVICE_ALERT.test(text)) return false;
    const t = this.t;
    if (/\b(job ?fair|jobfair|bursa kerja)\b/.test(text)) {
      t.effect({ type: 'service', name: 'service_alert', data: { kind: 'job_fair', keyword: null, education: null } });
      t.settle();
      t.say(this.m.t('events.alert_saved'));
      return true;
    }
    const keyword = this.skill();
    const education = t.u.entities.education ?? t.state.facts.education ?? null;
    t.effect({ type: 'service', name: 'service_alert', data: { kind: 'training', keyword, education } });
    t.settle();
    t.say(this.m.t('training.alert_saved', { what: this.what({ keyword, education, kecamatan: [] }) }));
    return true;
  }

  // --- shared ----------------------------------------------------------------------

  /** A question about the training or event opened earlier ("yg las td daftarnya gmn"); false when the message is not one. */
  followUp(): boolean {
    const keyword = this.skill();
    const x = this.focusTraining();
    if (x && (!keyword || trainingMatches(x, keyword)) && this.askedAboutTraining()) return this.trainingQuestion(x), true;
    const e = this.focusEvent();
    if (e && this.askedAbout()) return this.eventQuestion(e), true;
    return false;
  }

  private remember(kind: 'event' | 'training', id: number, n: number): void {
    const opened = this.d.state.opened.filter((o) => !(o.kind === kind && o.id === id));
    this.d.state.opened = [...opened, { id, n, kind }].slice(-8);
  }

  /** The message as an answer on one of these screens: a place picked, or a question about the item shown. */
  answer(screen: ServiceScreen): boolean {
    const t = this.t;
    if (t.u.bareNumber) return false;
    if (screen.name === 'training' && screen.step === 'pick') {
      const codes = (screen.data?.codes as string[]) ?? [];
      const text = t.msg.text;
      const picked = codes.find((c) => {
        const name = t.ctx.region.nameOf(c).toLowerCase();
        return text.includes(name) || name.split(' ').slice(1).some((w) => new RegExp(`\\b${w}\\b`).test(text));
      });
      const all = /\b(semua|mana aja|mana saja|dimana aja|bebas)\b/.test(text);
      if (!picked && !all && !t.u.districtCodes.length) return false;
      const query = screen.data?.query as TrainingQuery;
      this.list({ ...query, kecamatan: picked ? [picked] : all ? [] : t.u.districtCodes });
      return true;
    }
    if (screen.step !== 'details') return false;
    const other = this.skill();
    if (screen.name === 'training') {
      const x = this.training.find((y) => y.id === screen.data?.id);
      // A search leaves the programme, unless only guessed from words a question about it has too
      // ("bisa bawa anak ga kak?" names no job nor vacancy).
      const searching = t.u.intent === 'search_vacancies' && (t.u.score >= 0.8 || Boolean(t.u.entities.keyword) || /\b(loker|lowongan|lowker|kerja|kerjaan)\b/.test(t.msg.text));
      if (!x || (other && !trainingMatches(x, other)) || searching) return false;
      if (!this.askedAboutTraining()) return false;
      this.trainingQuestion(x);
      return true;
    }
    const e = this.events.find((y) => y.id === screen.data?.id);
    if (!e || t.u.intent === 'search_vacancies' || t.u.intent === 'training') return false;
    if (!this.askedAbout() || (/\b(loker|lowongan|kerja)\b/.test(t.msg.text) && !/\bjob ?fair\b/.test(t.msg.text))) return false;
    this.eventQuestion(e);
    return true;
  }

  redraw(screen: ServiceScreen, level: number): void {
    if (screen.name === 'training' && screen.step === 'pick') {
      const query = screen.data?.query as TrainingQuery;
      const codes = (screen.data?.codes as string[]) ?? [];
      const choices = [...codes.map((code) => ({ label: this.t.ctx.region.nameOf(code), action: { do: 'service', move: { go: 'training_pick', value: code } } as Action })), { label: this.m.t('training.everywhere'), action: { do: 'service', move: { go: 'training_pick', value: '' } } as Action }];
      return this.t.show(screen, `${level ? `${this.m.t('report.not_understood')}\n` : ''}${this.m.t('training.ask_pick', { place: 'Tempat', what: this.what(query) })}`, choices);
    }
    if (screen.step === 'details' && typeof screen.data?.id === 'number') return screen.name === 'events' ? this.openEvent(screen.data.id, 1) : this.openTraining(screen.data.id, 1);
    if (screen.name === 'events') return this.jobFair();
    this.list({ keyword: null, education: null, kecamatan: [] });
  }

  progress(): string | null {
    return null;
  }

  act(move: ServiceMove): void {
    switch (move.go) {
      case 'event_open':
        return this.openEvent(move.id ?? 0, move.n ?? 1);
      case 'training_open':
        return this.openTraining(move.id ?? 0, move.n ?? 1);
      case 'training_pick': {
        const s = this.d.state.screen;
        const query = (s.flow === 'service' && (s.data?.query as TrainingQuery)) || { keyword: null, education: null, kecamatan: [] };
        return this.list({ ...query, kecamatan: move.value ? [move.value] : [] });
      }
      case 'training_all':
        return this.list({ keyword: null, education: this.t.state.facts.education ?? null, kecamatan: [] });
      default:
        return this.d.menu();
    }
  }
}
