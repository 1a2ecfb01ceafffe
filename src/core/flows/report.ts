// Employers report a vacancy in chat: a short form that takes answers in any
// order and several facts at once, asks one missing item at a time, refuses
// a fee charged to applicants (and keeps it out), ends with a summary and
// "1. Kirim 2. Ubah", and changes any item said in words ("jumlahnya jadi
// 30"). "Kirim" stores it as pending with a reference number; nothing is
// public until staff approve it. The employer may ask its status later.

import { educationLabel } from '../../domain/education.ts';
import { formatDate } from '../../domain/time.ts';
import { findReference, readReport, type ReportFields } from '../../domain/vacancy-report.ts';
import type { Catalogue } from '../messages.ts';
import type { ReportView } from '../turn.ts';
import type { Action, Screen, ServiceMove } from '../types.ts';
import type { Dialogue } from '../dialogue.ts';

export type ReportStep = 'form' | 'pick' | 'reuse' | 'confirm' | 'fee' | 'sent';
type ReportScreen = Extract<Screen, { flow: 'service' }> & { name: 'report'; step: ReportStep; data: ReportData };

export interface ReportData {
  draft: ReportFields;
  /** The item asked now. */
  asking: Item | null;
  /** Kecamatan offered for an ambiguous place ("tambun"). */
  pick?: Array<{ code: string; name: string }>;
  /** The reference given when it was sent. */
  reference?: string;
  /** The company and contact of the employer's last report, offered once (after a yes they are used). */
  previous?: Company;
  reuse?: 'used' | 'declined';
}

type Company = Pick<ReportFields, 'company' | 'contactName' | 'contactPhone'>;

/** The items asked, in the order they are asked. */
const ITEMS = ['position', 'quota', 'kecamatan', 'education', 'requirements', 'howToApply', 'closing', 'company', 'contact'] as const;
type Item = (typeof ITEMS)[number];

const SEND = /\b(kirim|kirimkan|kirimin|submit|setuju|sudah benar|udah bener|udh bener|sudah sesuai|sesuai|benar|bener|betul|lanjut|ya|iya|iye|yes|ok|oke|okey|siap|muhun|leres|mangga)\b/;
const CHANGE = /\b(ubah|ganti|rubah|edit|koreksi|salah|perbaiki|keliru|kurang tepat|belum benar|belum bener|tidak benar|ga bener|gak bener)\b/;
// "ok tapi ...", "ya, cuma ...": a confirmation word followed by a reservation is not a confirmation.
const RESERVATION = /\b(tapi|tp|tapinya|cuma|cuman|kecuali|tunggu|bentar|sebentar|nanti|ntar|belum|blm|jangan|jgn|bukan|masih)\b/;
// What a correction names instead of a value ("gajinya salah"): not the new value.
const WRONG_VALUE = /^(salah|keliru|kurang tepat|belum benar|belum bener|tidak benar|ga bener|gak bener|ganti|diganti|ubah|diubah|perlu diubah)( (nya|ya|kak|min|tuh|itu|semua|juga))*$/i;
const CANCEL = /\b(ga jadi|gak jadi|nggak jadi|ngga jadi|tidak jadi|gajadi|batal|batalkan|batalin|cancel|nanti aja|nanti saja|ntar aja)\b/;
const WHEN = /\b(kapan|tayang|tayangnya|muncul|dipublikasi|dipublish|terbit|status|statusnya|sudah disetujui|udah disetujui|diproses|lama|berapa lama)\b/;
const MINE = /\blaporan (saya|sy|kami|aku|ku|gw|lowongan saya|lowongan kami)\b|\bstatus laporan\b/;
const INFO_QUESTION = /\b(bayar|biaya|gratis|karirhub|siapkerja|siap kerja)\b/;
// A question about another matter, typed while a report question waits ("eh mau tanya job fair kapan",
// "ada loker operator di setu?"): answered as itself, not stored as the answer (the form waits for "lanjut").
const OTHER_REQUEST = /\b(job ?fair|bursa kerja|pelatihan|training|kartu kuning|ak ?1|siap ?kerja|karirhub|alamat (kantor|disnaker)|kantor disnaker|jam (buka|kantor)|(ada|cari|nyari) (loker|lowongan|lowker)\w*|(loker|lowongan)\w* (buat|untuk) (saya|aku|anak|adik|suami|istri))\b/;
const ASKING = /\b(kapan|dimana|di mana|gimana|bagaimana|berapa|apa (aja|saja)|apakah|ada (ga|gak|gk|nggak|ngga|tidak|engga|enggak)|bisa (ga|gak|gk|nggak)|syarat\w* apa|mau tanya|numpang tanya|sekalian tanya|btw)\b/;
// A question typed at a form item ("ini gratis ga?", "kantornya dimana"): "kapan aja" (any time) and "siapa aja" are answers.
const ASIDE_QUESTION = /\b(apa|apakah|kapan|dimana|di mana|gimana|gmn|bagaimana|kenapa|knp|mengapa|siapa|berapa|brp|emang|memang|bukannya)\b|\b(ga|gak|gk|nggak|ngga|engga|enggak|kah)$/;
const ANY_WORD = /\b(kapan|mana|siapa|berapa|apa) (aja|saja)\b/g;
const MONEY_QUESTION = /\b(bayar|bayarnya|biaya|biayanya|gratis|berbayar|dipungut|tarif|ongkos)\b/;
// "gimana caranya", "caranya gmn": how reporting works, asked in the middle of it.
const HOW_QUESTION = /^(gimana|gmn|gmna|bagaimana|kumaha|terus|trus|lalu) ?(caranya|carana|carane|cara|nya)?( (min|kak|pak|bu|ya))?$|^(caranya|cara|carana) (gimana|gmn|gmna|bagaimana|kumaha)( (min|kak|pak|bu|ya))?$/;
const SAME = /^(ya|iya|iyah|y|yes|ok|oke|okey|boleh|betul|bener|benar|sama|masih|pakai|pake|pakai aja|pake aja|sama aja|masih sama|itu aja|yang itu|yg itu)\b/;
const NOT_SAME = /^(tidak|tdk|nggak|ngga|gak|ga|enggak|bukan|beda|lain|baru|ganti)\b|\b(beda|bukan itu|yang baru|yg baru|isi baru|sudah ganti|udah ganti)\b/;

export class ReportFlow {
  constructor(private readonly d: Dialogue) {}

  private get t() {
    return this.d.turn;
  }

  private get m(): Catalogue {
    return this.d.turn.m;
  }

  /** "mau lapor lowongan ...": the form, with what the message already told. */
  start(): void {
    const t = this.t;
    const read = this.read(null);
    const f = read.fields;
    const told = Object.keys(f).length > 0 && Boolean(f.position || f.quota || f.company || f.kecamatan);
    // "kalo pasang lagi bayar ga? bisa lewat karirhub?": a question about reporting, answered.
    if (!told && (INFO_QUESTION.test(t.msg.text) || /\?/.test(t.msg.original)) && !read.fee) return this.info();
    this.d.moneyAnswered();
    const data: ReportData = { draft: {}, asking: null, ...this.previous() };
    const lines = [this.m.t('report.thanks')];
    if (read.fee) lines.push(this.m.t('report.fee_refused'));
    this.merge(data.draft, f);
    const taken = this.taken(f);
    if (taken) lines.push(this.m.t('report.taken', { what: taken }));
    this.next(data, lines);
  }

  /** Reporting is free; Karirhub too; a petugas checks it before it is public. */
  info(): void {
    this.d.moneyAnswered();
    this.t.show({ flow: 'other' }, [this.m.t('report.free'), this.m.t('report.karirhub'), this.m.t('report.checked')].join('\n'), [
      { label: this.m.t('report.start_choice'), action: { do: 'service', move: { go: 'report_start' } } },
      { label: this.m.t('handoff.offer_chat'), action: { do: 'handoff' } },
    ]);
  }

  /** The message as the answer to the form on screen. */
  answer(screen: ReportScreen): boolean {
    const t = this.t;
    const text = t.msg.text;
    const data = structuredClone(screen.data);
    if (screen.step === 'sent') {
      if (WHEN.test(text) || MINE.test(text)) return this.status(data.reference ?? null), true;
      return false;
    }
    if (t.u.bareNumber) return false;
    if ((/\?/.test(t.msg.original) || ASKING.test(text)) && OTHER_REQUEST.test(text)) return false;
    if (CANCEL.test(text) && !/\b(biaya|bayar)\b/.test(text)) return this.cancel(), true;
    if (screen.step === 'reuse') return this.reuseAnswer(data);
    if (screen.step === 'pick') {
      const picked = data.pick?.find((p) => text.includes(p.name.toLowerCase()) || p.name.toLowerCase().split(' ').slice(1).some((w) => new RegExp(`\\b${w}\\b`).test(text)));
      if (picked) {
        data.draft.kecamatan = picked.code;
        delete data.pick;
        const rest = this.read(data.asking);
        this.merge(data.draft, { ...rest.fields, kecamatan: picked.code });
        this.next(data, [this.m.t('report.taken', { what: this.t.ctx.region.nameOf(picked.code) })]);
        return true;
      }
    }
    // A question at a form item is not its value: a fee question is answered here, any other by the dialogue (the form
    // waits for "lanjut"); the same item is asked again.
    if (screen.step === 'form' && this.asideQuestion()) {
      // "gimana caranya": this chat is the way; what happens to the report.
      if (HOW_QUESTION.test(text)) return this.next(data, [this.m.t('report.how')]), true;
      if (!MONEY_QUESTION.test(text)) return false;
      this.d.moneyAnswered();
      this.next(data, [this.m.t('report.free')]);
      return true;
    }
    const read = this.read(data.asking);
    const changed = Object.keys(read.fields).length > 0;
    const lines: string[] = [];
    if (read.fee) lines.push(this.m.t('report.fee_refused'));
    else if (read.feeRemoved) lines.push(this.m.t('report.fee_removed'));
    // A wage the employer gives ("gajinya 3 juta") is no payment asked of anyone: no warning about fees.
    if (read.fee || read.feeRemoved || read.fields.wage) this.d.moneyAnswered();
    if (screen.step === 'confirm' || screen.step === 'fee') {
      // "ok tapi gajinya salah": the item named as wrong is asked again, nothing is sent and "salah" is not its value.
      const named = Object.entries(read.fields).filter(([, v]) => typeof v === 'string' && WRONG_VALUE.test(v.trim()));
      if (named.length && named.length === Object.keys(read.fields).length) return this.askChange(data, [this.m.t('report.not_sent_yet')]), true;
      if (changed) {
        this.merge(data.draft, read.fields);
        lines.push(this.m.t('report.changed'));
        return this.next(data, lines, read.fee ? 'fee' : 'confirm'), true;
      }
      if (read.fee) return this.summary(data, lines, 'fee'), true;
      if (read.feeRemoved) return this.summary(data, lines, 'confirm'), true;
      if (CHANGE.test(text)) return this.askChange(data, RESERVATION.test(text) || SEND.test(text) ? [this.m.t('report.not_sent_yet')] : []), true;
      // Only a plain confirmation sends ("ok", "ya kirim", "iya betul makasih"); "ok tapi nanti dulu" does not.
      if (SEND.test(text) && !RESERVATION.test(text) && !/\?/.test(t.msg.original)) return this.send(data), true;
      if (SEND.test(text)) return this.summary(data, [this.m.t('report.not_sent_yet')], screen.step), true;
      return false;
    }
    if (!changed && !read.fee) return false;
    this.merge(data.draft, read.fields);
    const taken = this.taken(read.fields);
    if (taken) lines.push(this.m.t('report.taken', { what: taken }));
    this.next(data, lines);
    return true;
  }

  /** True when the message at a form item is a question with nothing of the form in it ("ini gratis ga?", "kantornya dimana"). */
  asideQuestion(): boolean {
    const t = this.t;
    const asked = /\?/.test(t.msg.original) || ASIDE_QUESTION.test(t.msg.text.replace(ANY_WORD, ' '));
    // Read without the item asked, a message that still names a fact of the form ("5 orang, gratis kan?") is an answer.
    return asked && Object.keys(this.read(null).fields).length === 0;
  }

  /** A numbered choice of this flow. */
  act(move: ServiceMove, screen: Screen): void {
    const data = screen.flow === 'service' && screen.name === 'report' ? structuredClone(screen.data as unknown as ReportData) : null;
    switch (move.go) {
      case 'report_start':
        return this.startEmpty();
      case 'report_send':
        if (data) return this.send(data);
        return this.startEmpty();
      case 'report_change':
        if (data) return this.askChange(data);
        return this.startEmpty();
      case 'report_continue':
        if (data) return this.summary(data, [], 'confirm');
        return this.startEmpty();
      case 'report_reuse':
        if (!data) return this.startEmpty();
        return move.value === 'yes' ? this.reuse(data) : this.declineReuse(data);
      case 'report_pick': {
        if (!data || !move.value) return this.startEmpty();
        data.draft.kecamatan = move.value;
        delete data.pick;
        return this.next(data, [this.m.t('report.taken', { what: this.t.ctx.region.nameOf(move.value) })]);
      }
      default:
        return this.startEmpty();
    }
  }

  private startEmpty(): void {
    this.next({ draft: {}, asking: null, ...this.previous() }, [this.m.t('report.thanks')]);
  }

  // The company and contact of the employer's latest report that gave them.
  private previous(): Pick<ReportData, 'previous'> {
    const last = [...(this.t.input.reports ?? [])].reverse().find((r) => r.company || r.contactPhone);
    if (!last) return {};
    const previous: Company = {};
    if (last.company) previous.company = last.company;
    if (last.contactName) previous.contactName = last.contactName;
    if (last.contactPhone) previous.contactPhone = last.contactPhone;
    return { previous };
  }

  // Offered when the form reaches the company (or the contact of the same company), not before.
  private offersReuse(data: ReportData, item: Item): boolean {
    const p = data.previous;
    if (!p || data.reuse) return false;
    if (item === 'company') return Boolean(p.company);
    const same = !p.company || !data.draft.company || p.company.toLowerCase() === data.draft.company.toLowerCase();
    return item === 'contact' && Boolean(p.contactPhone) && same;
  }

  private askReuse(data: ReportData, lines: string[]): void {
    const p = data.previous!;
    const details = [p.company ? this.m.t('report.item_company', { value: p.company }) : null, p.contactPhone ? this.m.t('report.item_contact', { value: [p.contactName, p.contactPhone].filter(Boolean).join(', ') }) : null].filter(Boolean).join('\n');
    const screen = { flow: 'service', name: 'report', step: 'reuse', data } as unknown as Screen;
    this.t.show(screen, [...lines, this.m.t('report.reuse_question', { details })].join('\n'), [
      { label: this.m.t('report.reuse_yes'), action: { do: 'service', move: { go: 'report_reuse', value: 'yes' } } },
      { label: this.m.t('report.reuse_no'), action: { do: 'service', move: { go: 'report_reuse', value: 'no' } } },
    ]);
  }

  // "ya, sama", "beda", or the new company typed straight away ("bukan, ini toko Berkah Jaya").
  private reuseAnswer(data: ReportData): boolean {
    const text = this.t.msg.text.trim();
    const read = this.read(data.asking);
    const told = Object.keys(read.fields).length > 0;
    if (SAME.test(text) && !NOT_SAME.test(text)) {
      // "iya, tapi kontaknya Pak Budi 0812...": what is typed now wins over the old details.
      if (told) this.merge(data.draft, read.fields);
      return this.reuse(data), true;
    }
    if (told) {
      this.merge(data.draft, read.fields);
      data.reuse = 'declined';
      const taken = this.taken(read.fields);
      this.next(data, taken ? [this.m.t('report.taken', { what: taken })] : []);
      return true;
    }
    if (NOT_SAME.test(text)) return this.declineReuse(data), true;
    return false;
  }

  private reuse(data: ReportData): void {
    const p = data.previous ?? {};
    // Only what this report does not say yet: a company named for this one stays.
    const sameCompany = !data.draft.company || !p.company || data.draft.company.toLowerCase() === p.company.toLowerCase();
    if (p.company && !data.draft.company) data.draft.company = p.company;
    if (sameCompany && !data.draft.contactPhone && p.contactPhone) {
      data.draft.contactPhone = p.contactPhone;
      if (p.contactName) data.draft.contactName = p.contactName;
    }
    data.reuse = 'used';
    this.next(data, [this.m.t('report.reused')]);
  }

  private declineReuse(data: ReportData): void {
    data.reuse = 'declined';
    this.next(data, []);
  }

  redraw(screen: ReportScreen, level: number): void {
    const data = structuredClone(screen.data);
    // A question nothing answered ("ini siapa yang baca?") is said to be one, not "not understood" as an answer.
    const lines = level > 0 ? [this.m.t(screen.step === 'form' && this.asideQuestion() ? 'report.question_aside' : 'report.not_understood')] : [];
    if (screen.step === 'confirm' || screen.step === 'fee') return this.summary(data, lines, screen.step);
    if (screen.step === 'sent') return this.status(data.reference ?? null);
    if (screen.step === 'reuse') return this.askReuse(data, lines);
    this.next(data, lines);
  }

  progress(screen: ReportScreen): string | null {
    return screen.step === 'sent' ? null : this.m.t('report.progress');
  }

  /** "ga jadi": nothing was sent or published. */
  cancel(): void {
    this.t.settle();
    this.t.say(this.m.t('report.cancelled'));
  }

  /** "laporan saya", "LP-2026-0042 gimana?": the status of the person's reports, or honestly none. */
  statusAsked(): boolean {
    const t = this.t;
    const ref = findReference(t.msg.original);
    if (!ref && !MINE.test(t.msg.text)) return false;
    this.status(ref);
    return true;
  }

  private status(ref: string | null): void {
    const t = this.t;
    const reports = t.input.reports ?? [];
    const chosen = ref ? reports.filter((r) => r.reference === ref) : reports.slice(-3);
    const lines: string[] = [];
    if (!chosen.length) lines.push(ref ? this.m.t('report.unknown_reference', { reference: ref }) : this.m.t('report.none'));
    for (const r of chosen) lines.push(this.statusLine(r));
    if (chosen.some((r) => r.status === 'pending')) lines.push(t.ctx.reviewTime ? this.m.t('report.review_time', { time: t.ctx.reviewTime }) : this.m.t('report.no_review_time'));
    t.show({ flow: 'other' }, lines.join('\n'), [{ label: this.m.t('handoff.offer_chat'), action: { do: 'handoff' } }]);
  }

  private statusLine(r: ReportView): string {
    const vars = { reference: r.reference, title: r.title };
    if (r.status === 'approved') return this.m.t('report.status_approved', vars);
    if (r.status === 'rejected') return this.m.t('report.status_rejected', { ...vars, reason: r.reason ?? '-' });
    return this.m.t('report.status_pending', vars);
  }

  // --- the form ----------------------------------------------------------------

  private read(asking: Item | null) {
    const t = this.t;
    const job = t.u.entities.keyword ?? t.u.job;
    return readReport(t.msg.original, { now: t.at, timeZone: t.ctx.timeZone ?? 'Asia/Jakarta', codes: t.u.districtCodes, job, asking: asking === 'contact' ? 'contact' : asking });
  }

  private merge(draft: ReportFields, f: ReportFields): void {
    for (const [k, v] of Object.entries(f) as Array<[keyof ReportFields, unknown]>) {
      if (v === undefined) continue;
      if ((k === 'requirements' || k === 'notes') && Array.isArray(v)) {
        const old = draft[k] ?? [];
        (draft as Record<string, unknown>)[k] = v.length ? [...old, ...v.filter((x: string) => !old.includes(x))] : old;
      } else (draft as Record<string, unknown>)[k] = v;
    }
  }

  private missing(d: ReportFields): Item | null {
    for (const item of ITEMS) {
      switch (item) {
        case 'requirements':
          if (d.requirements === undefined && d.gender === undefined && d.ageMax === undefined && d.ageMin === undefined && d.experience === undefined) return item;
          break;
        case 'contact':
          if (!d.contactPhone) return item;
          break;
        default:
          if (d[item] === undefined) return item;
      }
    }
    return null;
  }

  /** The next question, or the summary when nothing is missing. */
  private next(data: ReportData, lines: string[], step: 'confirm' | 'fee' = 'confirm'): void {
    const t = this.t;
    // An ambiguous place named ("tambun"): which kecamatan, numbered.
    const amb = t.u.ambiguousPlaces[0];
    if (!data.draft.kecamatan && amb && !data.pick) {
      data.pick = amb.codes.map((code) => ({ code, name: t.ctx.region.nameOf(code) }));
      data.asking = 'kecamatan';
      const screen = { flow: 'service', name: 'report', step: 'pick', data } as unknown as Screen;
      return t.show(screen, [...lines, this.m.t('report.ask_pick', { place: amb.label.charAt(0).toUpperCase() + amb.label.slice(1) })].join('\n'), data.pick.map((p) => ({ label: p.name, action: { do: 'service', move: { go: 'report_pick', value: p.code } } as Action })));
    }
    const item = this.missing(data.draft);
    if (!item) return this.summary(data, lines, step);
    data.asking = item;
    if (this.offersReuse(data, item)) return this.askReuse(data, lines);
    const screen = { flow: 'service', name: 'report', step: 'form', data } as unknown as Screen;
    t.show(screen, [...lines, this.m.t(`report.ask_${item}`)].join('\n'), [], { hint: this.m.t('report.hint') });
  }

  private summary(data: ReportData, lines: string[], step: 'confirm' | 'fee'): void {
    data.asking = null;
    const screen = { flow: 'service', name: 'report', step, data } as unknown as Screen;
    const text = [...lines, this.m.t('report.summary_header'), ...this.describe(data.draft), this.m.t(step === 'fee' ? 'report.fee_question' : 'report.confirm_question')].join('\n');
    const choices: Array<{ label: string; action: Action }> =
      step === 'fee'
        ? [
            { label: this.m.t('report.continue_choice'), action: { do: 'service', move: { go: 'report_continue' } } },
            { label: this.m.t('report.change_choice'), action: { do: 'service', move: { go: 'report_change' } } },
          ]
        : [
            { label: this.m.t('report.send_choice'), action: { do: 'service', move: { go: 'report_send' } } },
            { label: this.m.t('report.change_choice'), action: { do: 'service', move: { go: 'report_change' } } },
          ];
    this.t.show(screen, text, choices);
  }

  private askChange(data: ReportData, lines: string[] = []): void {
    const screen = { flow: 'service', name: 'report', step: 'confirm', data } as unknown as Screen;
    this.t.show(screen, [...lines, this.m.t('report.ask_change')].join('\n'), [{ label: this.m.t('report.send_choice'), action: { do: 'service', move: { go: 'report_send' } } }]);
  }

  private send(data: ReportData): void {
    const t = this.t;
    const reference = t.input.nextReport ?? null;
    if (!reference) {
      // The app gives the next reference number; without it nothing can be stored.
      return t.show({ flow: 'handoff', step: 'offer' }, this.m.t('report.not_stored'), [{ label: this.m.t('handoff.offer_chat'), action: { do: 'handoff' } }]);
    }
    t.effect({ type: 'service', name: 'report', data: { reference, fields: data.draft } });
    t.count('reports');
    const screen = { flow: 'service', name: 'report', step: 'sent', data: { draft: {}, asking: null, reference } } as unknown as Screen;
    const lines = [this.m.t('report.sent', { reference }), this.m.t('report.checked'), this.m.t('report.after')];
    t.show(screen, lines.join('\n'), [{ label: this.m.t('handoff.offer_chat'), action: { do: 'handoff' } }]);
  }

  /** The summary's lines: every item told, as the employer will see it published. */
  describe(d: ReportFields): string[] {
    const region = this.t.ctx.region;
    const out: string[] = [];
    const line = (key: Parameters<Catalogue['t']>[0], value: string | undefined | null) => {
      if (value) out.push(this.m.t(key as never, { value } as never));
    };
    line('report.item_company', d.company);
    line('report.item_position', d.position);
    line('report.item_quota', d.quota !== undefined ? String(d.quota) : null);
    line('report.item_education', d.education === undefined ? null : d.education === null ? this.m.t('report.any_education') : educationLabel(d.education));
    line('report.item_requirements', requirementText(d, this.m));
    line('report.item_wage', d.wage);
    line('report.item_place', d.kecamatan ? `${region.nameOf(d.kecamatan)}${d.area ? ` (${d.area})` : ''}` : null);
    line('report.item_how', d.howToApply);
    line('report.item_closing', d.closing ? formatDate(new Date(`${d.closing}T00:00:00Z`)) : null);
    line('report.item_contact', [d.contactName, d.contactPhone].filter(Boolean).join(', ') || null);
    line('report.item_notes', d.notes?.length ? d.notes.join('; ') : null);
    return out;
  }

  // What a message added, in a few words ("Operator Produksi, 25 orang").
  private taken(f: ReportFields): string {
    const region = this.t.ctx.region;
    const parts = [
      f.company,
      f.position,
      f.quota !== undefined ? this.m.t('report.people', { n: f.quota }) : null,
      f.education ? educationLabel(f.education) : null,
      requirementText(f, this.m),
      f.wage ? this.m.t('report.item_wage', { value: f.wage }).replace(/^•\s*/, '') : null,
      f.kecamatan ? `${region.nameOf(f.kecamatan)}${f.area ? ` (${f.area})` : ''}` : null,
      f.howToApply ? this.m.t('report.how_taken') : null,
      f.closing ? this.m.t('report.closing_taken', { date: formatDate(new Date(`${f.closing}T00:00:00Z`)) }) : null,
      f.contactPhone ? [f.contactName, f.contactPhone].filter(Boolean).join(', ') : null,
      f.notes?.length ? f.notes.join('; ') : null,
    ].filter(Boolean);
    return parts.join(', ');
  }
}

/** Gender, age, experience and other requirements in one line; null when none was told. */
export function requirementText(d: ReportFields, m: Catalogue): string | null {
  const parts: string[] = [];
  if (d.gender === 'P') parts.push(m.t('report.women'));
  else if (d.gender === 'L') parts.push(m.t('report.men'));
  else if (d.gender === null) parts.push(m.t('report.anyone'));
  if (d.ageMin !== undefined && d.ageMax !== undefined) parts.push(m.t('report.age_range', { min: d.ageMin, max: d.ageMax }));
  else if (d.ageMax !== undefined) parts.push(m.t('report.age_max', { max: d.ageMax }));
  else if (d.ageMin !== undefined) parts.push(m.t('report.age_min', { min: d.ageMin }));
  if (d.experience) parts.push(d.experience);
  parts.push(...(d.requirements ?? []));
  return parts.length ? parts.join('; ') : null;
}
