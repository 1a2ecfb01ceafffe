// Handing a chat to a person (Chatwoot's model: waiting, open, closed). The
// person is told it is a bot passing the chat on, sees the summary staff get
// (so they need not repeat their story), whether the office is open, and the
// real queue state when they ask ("petugasnya udah ada?"). After staff close
// the chat the bot says it is the bot again.

import { educationLabel } from '../../domain/education.ts';
import { describeFilters, listNames } from '../format.ts';
import type { Catalogue } from '../messages.ts';
import type { Facts } from '../types.ts';
import { asks, type Dialogue } from '../dialogue.ts';
import type { FlowHandler, ScreenOf } from './flow.ts';

type HandoffScreen = ScreenOf<'handoff'>;

const STATUS_QUESTION = /\b(udah|sudah|udh|sdh|dah|blm|belum) (ada )?(yg|yang) (bales|balas|bls|jawab|respon|baca|nanggepin)\b|\b(petugas\w*|orang\w*|admin\w*) (udah|sudah|udh|sdh|blm|belum) (baca|bales|balas|jawab|respon)\b|\b(petugas\w*|orang\w*|admin\w*|cs) (nya )?(udah|sudah|sdh|udh|dah|blm|belum) (ada|dateng|datang|online|bales|balas|masuk)|\b(sudah|udah|udh) ada (petugas|orang)|\bkapan (dibalas|dibales|di ?balas|dijawab)|\bmasih (lama|nunggu|menunggu)|\b(antrean|antrian|antri)\b|\bnomor (berapa|brp) (antri|antre)|\bbelum (dibalas|dibales|dijawab)\b|\bgimana (petugas|orang)nya\b|\bsudah ada petugas\b/;
const PLATFORM_NAMES: Record<string, string> = { siapkerja: 'akun SIAPkerja', karirhub: 'profil Karirhub', ak1: 'kartu kuning (AK/1)', sipkerja: 'SIP-Kerja' };

export class HandoffFlow implements FlowHandler<HandoffScreen> {
  constructor(private readonly d: Dialogue) {}

  private get t() {
    return this.d.turn;
  }

  private get m(): Catalogue {
    return this.d.turn.m;
  }

  /** True when the message asks about a hand-over already asked for. */
  isStatusQuestion(): boolean {
    const h = this.t.input.handoff;
    return Boolean(h && h.status !== 'closed' && STATUS_QUESTION.test(this.t.msg.text));
  }

  /** Hands the chat to staff with a summary, saying honestly what happens next. */
  start(): void {
    const t = this.t;
    const o = t.ctx.office;
    const waiting = t.input.handoff && t.input.handoff.status !== 'closed';
    if (waiting) return this.status();
    const summary = this.summary();
    const lines: string[] = [];
    if (t.ctx.staffReachable) {
      t.effect({ type: 'handoff', topic: this.topic(), summary: this.staffSummary(summary) });
      t.count('handoffs');
      this.d.state.handoff = { status: 'waiting' };
      lines.push(this.m.t('handoff.passing', { office: o.name }));
      if (summary.length) lines.push(this.m.t('handoff.summary_intro'), ...summary.map((s) => `• ${s}`));
      lines.push(this.m.t('handoff.answer_here'));
      const open = this.d.office.openLine(true);
      if (open) lines.push(open);
      lines.push(this.m.t('handoff.meanwhile'));
    } else {
      // Nobody would read a request: nothing is queued, and the person is told where people can be reached.
      t.count('handoffs_unreachable');
      lines.push(this.m.t('handoff.unavailable', { office: o.name }));
      // Where and when the office can be reached, from the settings only (what is unset is said to be unknown).
      lines.push(...this.d.office.visitLines());
      const phone = [o.whatsapp && `WhatsApp ${o.whatsapp}`, o.phone && `telepon ${o.phone}`].filter(Boolean).join(', ');
      if (phone) lines.push(this.m.t('handoff_contact', { contact: phone }));
      // The list or question on screen stays usable ("3" still opens the third vacancy): the message is offered in words.
      const screen = this.d.state.screen.flow;
      if (screen === 'results' || screen === 'details' || asks(this.d.state.screen) && screen !== 'handoff' && screen !== 'clarify') {
        lines.push(this.m.t('handoff.leave_message_line'));
        return t.say(lines.join('\n'));
      }
      lines.push(this.m.t('handoff.leave_message_offer'));
      return t.show({ flow: 'handoff', step: 'offer' }, lines.join('\n'), [{ label: this.m.t('handoff.leave_message_choice'), action: { do: 'leave_message' } }]);
    }
    t.settle();
    t.say(lines.join('\n'));
  }

  /** No staff connected: the person may leave one message, which waits for staff like a hand-over. */
  askMessage(): void {
    this.t.show({ flow: 'handoff', step: 'message' }, this.m.t('handoff.ask_message'), []);
  }

  /** The message left: queued for staff with the summary, and said plainly that no one can promise when it is read. */
  private leaveMessage(): void {
    const t = this.t;
    t.effect({ type: 'handoff', topic: this.topic(), summary: this.staffSummary(this.summary()) });
    t.count('handoffs');
    this.d.state.handoff = { status: 'waiting' };
    t.settle();
    const lines = [this.m.t('handoff.message_saved', { office: t.ctx.office.name })];
    const open = this.d.office.openLine();
    if (open) lines.push(open);
    t.say(lines.join('\n'));
  }

  /** "petugasnya udah ada?": the real state of the request, never a pretended petugas. */
  status(): void {
    const h = this.t.input.handoff;
    const lines: string[] = [];
    if (!h || h.status === 'closed') {
      if (!this.t.ctx.staffReachable) return this.start();
      return this.t.show({ flow: 'handoff', step: 'offer' }, this.m.t('handoff.none'), [{ label: this.m.t('handoff.offer_chat'), action: { do: 'handoff' } }]);
    }
    if (h.status === 'open') lines.push(this.m.t('handoff.taken', { name: h.staffName ?? this.m.t('handoff.a_petugas') }));
    else {
      lines.push(this.m.t('handoff.still_waiting'));
      if (h.position && h.position > 1) lines.push(this.m.t('handoff.position', { position: h.position }));
      lines.push(this.m.t('handoff.summary_there'));
    }
    const open = this.d.office.openLine();
    if (open) lines.push(open);
    lines.push(this.m.t('handoff.meanwhile'));
    this.t.say(lines.join('\n'));
  }

  /** After two "saya tidak mengerti": a person instead of more steps (here in the chat, or at the office). */
  offer(intro?: string): void {
    const lines = [intro ?? this.m.t('handoff.offer_intro')];
    // Nobody to answer in the chat: the office, or the menu; never a choice that cannot be kept.
    if (!this.t.ctx.staffReachable) {
      return this.t.show({ flow: 'handoff', step: 'offer' }, this.m.t('handoff.offer_unreachable'), [
        { label: this.m.t('handoff.offer_visit'), action: { do: 'visit' } },
        { label: this.m.t('handoff.offer_menu'), action: { do: 'home' } },
      ]);
    }
    this.t.show({ flow: 'handoff', step: 'offer' }, lines.join('\n'), [
      { label: this.m.t('handoff.offer_chat'), action: { do: 'handoff' } },
      { label: this.m.t('handoff.offer_visit'), action: { do: 'visit' } },
    ]);
  }

  /** The bot speaks again after staff closed the chat. */
  backToBot(): void {
    const name = this.d.state.handoff?.staffName ?? this.t.input.handoff?.staffName ?? null;
    this.d.state.handoff = null;
    this.d.backFromStaff = true;
    this.t.say(this.m.t(name ? 'handoff.bot_again_named' : 'handoff.bot_again', { name: name ?? '' }));
  }

  answer(s: HandoffScreen): boolean {
    const msg = this.t.msg;
    if (s.step === 'message') {
      if (msg.only('no', 'cancel')) return this.t.settle(), this.t.say(this.m.t('handoff.declined')), true;
      // A message too short to be one ("ya", "oke") is asked for again.
      if (msg.raw.length < 2 && !/\?/.test(msg.original)) return false;
      return this.leaveMessage(), true;
    }
    if (s.step === 'offer') {
      if (msg.only('yes') || msg.has('human') || (msg.starts('yes') && /\b(sambung|sambungin|sambungkan|disambungkan|disambungin|hubungkan|hubungin|teruskan|terusin|boleh|mau|tolong)\b/.test(msg.text))) {
        const first = this.d.state.choices.find((c) => c.key === '1');
        if (first && first.action.do !== 'handoff') return this.d.act(first.action), true;
        return this.start(), true;
      }
      if (/\b(datang|dateng|ke kantor|kantor|alamat)\b/.test(msg.text)) return this.d.office.visit(), true;
      if (msg.only('no', 'cancel')) return this.t.settle(), this.t.say(this.m.t('handoff.declined')), true;
    }
    return false;
  }

  redraw(s: HandoffScreen, level: number): void {
    if (s.step === 'message') return this.askMessage();
    if (s.step === 'offer') return this.offer(level ? this.m.t('repair.options_again') : undefined);
    this.status();
  }

  progress(): string | null {
    return null;
  }

  // --- the summary ----------------------------------------------------------

  private topic(): string {
    const f = this.d.state.facts;
    if (f.labour?.length) return 'complaint';
    if (f.money || f.scam || f.reported) return 'scam';
    if (this.d.state.guide || f.topics?.length) return 'guide';
    if (this.d.state.search) return 'search';
    return 'other';
  }

  /** The facts the person told, as short lines (no NIK, password or code is ever among them). */
  summary(): string[] {
    const f: Facts = this.d.state.facts;
    const m = this.m;
    const region = this.t.ctx.region;
    const lines: string[] = [];
    const who: string[] = [];
    if (f.age) who.push(m.t('summary.age', { age: f.age }));
    if (f.education) who.push(m.t('summary.education', { education: educationLabel(f.education) }));
    if (f.kecamatan?.length) who.push(listNames(f.kecamatan.map((c) => region.nameOf(c)), m));
    if (f.forWhom) lines.push(m.t('summary.for_whom', { who: f.forWhom, details: who.length ? ` (${who.join(', ')})` : '' }));
    else if (who.length) lines.push(m.t('summary.self', { details: who.join(', ') }));
    if (f.experience) lines.push(m.t('summary.experience', { what: f.experience }));
    if (f.jobless) lines.push(m.t('summary.jobless', { time: f.jobless }));
    if (f.anyJob) lines.push(m.t('summary.any_job'));
    if (f.anonymous) lines.push(m.t('summary.anonymous'));
    if (f.labour?.length) lines.push(m.t('summary.labour', { what: f.labour.join(', '), time: f.labourFor ? m.t('summary.labour_for', { time: f.labourFor }) : '' }));
    const topics = (f.topics ?? []).map((p) => PLATFORM_NAMES[p] ?? p);
    const progress = this.d.state.guide ? this.d.guides.guide(this.d.state.guide.id) : undefined;
    if (progress) lines.push(m.t('summary.guide', { title: progress.title, step: this.d.state.guide!.step + 1, total: progress.steps.length }));
    else if (topics.length) lines.push(m.t('summary.topics', { what: listNames(topics, m) }));
    if (f.since) lines.push(m.t('summary.since', { year: f.since }));
    if (f.problems?.length) lines.push(m.t('summary.problems', { what: f.problems.join(', ') }));
    if (f.device) lines.push(m.t('summary.device'));
    if (f.hard) lines.push(m.t('summary.hard'));
    if (f.scam) lines.push(m.t('summary.scam', { what: f.scam }));
    if (f.money) lines.push(m.t('summary.money', { amount: f.money, who: f.moneyWho ? m.t('summary.money_who', { who: f.moneyWho }) : '' }));
    if (f.reported) lines.push(m.t('summary.reported', { number: f.reported }));
    const s = this.d.state.search;
    if (s && !progress && !f.labour?.length) lines.push(m.t('summary.search', { what: describeFilters(s.filters, region, m, { everywhere: !s.filters.kecamatan.length }).trim() }));
    return lines.slice(0, 10);
  }

  // What staff receive: the summary and the words the person asked with (already redacted); the app adds the last few messages from the log.
  private staffSummary(lines: string[]): string {
    return [...lines.map((l) => `• ${l}`), `«${this.t.msg.original.slice(0, 300)}»`].join('\n');
  }
}
