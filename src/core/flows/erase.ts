// "hapus data saya": what is kept about the person is listed, that it cannot
// be undone and that their SIAPkerja / Karirhub / kartu kuning records are
// separate; only "HAPUS", "ya hapus", "hapus semua" or its number erases.
// Questions asked while it is pending are answered; "terserah" is no choice.

import type { Catalogue } from '../messages.ts';
import type { Action } from '../types.ts';
import type { Dialogue } from '../dialogue.ts';
import type { FlowHandler, ScreenOf } from './flow.ts';
import { titleCase } from './search.ts';

type EraseScreen = ScreenOf<'erase'>;

// Leading words that only acknowledge ("oh gitu, yaudah hapus aja semuanya").
const CONFIRM = /^((oh|o|owh|gitu|begitu|oh gitu|ya ?udah|ya ?udh|yaudh|yasudah|ya sudah|udah|udh|sudah|sdh|dah|ok|oke|okay|baik|baiklah|kalau gitu|kalo gitu|klo gitu|sip|siap|ya|iya|yes|kak|min|tolong|langsung) )*(hapus|hapuskan|hapusin|dihapus|delete)( (semua|semuanya|aja|saja|semua aja|semua saja|sekarang|data saya|data sy|data|min|kak|ya|dong|deh))*$/;
// "bentar, yg kehapus apa aja?": what erasing takes away, asked before answering.
const ERASED_YET = /\b(kehapus|terhapus|dihapus|dihapusin|hilang|ilang)\b/;
const ASKS_AT_END = /\b(belum|blm|belom|blom|kah|ga|gak|gk|nggak|ngga|apa|ya)\s*$/;
const WHAT_GOES = /\b(kehapus|terhapus|dihapus|hilang|ilang|ikut (kehapus|terhapus|hilang))\b.{0,15}\b(apa|apaan)\b|\b(apa|apaan) (aja|saja|ajah)?\s?(yang|yg) (kehapus|terhapus|dihapus|hilang|ilang)\b|\b(apa|apaan) (aja|saja) (yang|yg) (disimpan|kesimpen|tersimpan)\b/;
const ABOUT_ACCOUNTS = /\b(siapkerja|siap kerja|karirhub|karir hub|kartu kuning|ak1|ak 1|kemnaker|akun)\b/;
const ABOUT_ALERTS = /\b(notif|notifikasi|kabar|langganan|loker yang tiap|lowongan tiap|tiap pagi|alert)\b/;
const STOP_ONLY = /\b(stop|berhenti|matikan|matiin|hentikan|stopin)\b.{0,30}\b(notif|kabar|langganan)\w*\b.{0,20}\b(aja|saja|doang)\b|\b(notif|kabar|langganan)\w* (aja|saja|doang) (yang )?(di ?stop|distop|dihentikan|dimatikan|berhenti)\b/;

export class EraseFlow implements FlowHandler<EraseScreen> {
  constructor(private readonly d: Dialogue) {}

  private get t() {
    return this.d.turn;
  }

  private get m(): Catalogue {
    return this.d.turn.m;
  }

  /** The question before erasing: what is kept, what erasing does, numbered choices. */
  ask(intro: string | null = null): void {
    const text = [intro, this.kept(), this.m.t('delete.separate'), this.m.t('delete.confirm')].filter(Boolean).join('\n');
    this.t.show({ flow: 'erase', step: 'confirm' }, text, this.choices(), { hint: this.m.t('delete.hint') });
  }

  // What the bot keeps about the person, and what erasing it does.
  private kept(): string {
    const subs = this.d.alerts.visible();
    const kept = [this.m.t('delete.kept_number'), this.m.t('delete.kept_history')];
    if (subs.length) kept.push(this.m.t('delete.kept_alerts', { count: subs.length }));
    if (this.d.state.guide) kept.push(this.m.t('delete.kept_guide'));
    return [this.m.t('delete.what_kept'), ...kept.map((k) => `• ${k}`), this.m.t('delete.photos'), this.m.t('delete.effect')].join('\n');
  }

  private choices(): Array<{ label: string; action: Action }> {
    const subs = this.d.alerts.visible();
    return [
      { label: this.m.t('delete.yes'), action: { do: 'erase' } },
      ...(subs.length ? [{ label: this.m.t('delete.stop_only'), action: { do: 'alerts', go: 'stop_all' } as Action }] : []),
      { label: this.m.t('delete.no'), action: { do: 'keep' } },
    ];
  }

  /** True when the words confirm erasing ("HAPUS", "ya hapus", "hapus semua aja"). */
  confirms(): boolean {
    return CONFIRM.test(this.t.msg.text) && !this.askedWhether();
  }

  // "udah kehapus belom", "udah dihapus?": asked whether it is done, not told to do it.
  private askedWhether(): boolean {
    const msg = this.t.msg;
    return ERASED_YET.test(msg.text) && (msg.original.includes('?') || ASKS_AT_END.test(msg.text));
  }

  answer(s: EraseScreen): boolean {
    const msg = this.t.msg;
    const text = msg.text;
    if (this.confirms()) return this.erase(), true;
    if (msg.has('whatever')) return this.show(this.m.t('delete.own_choice')), true;
    if (ABOUT_ACCOUNTS.test(text) && /\?|\b(ikut|juga|kehapus|terhapus|hilang|gimana|gmn|bagaimana|apa)\b/.test(text)) return this.show(this.m.t('delete.accounts_untouched')), true;
    if (WHAT_GOES.test(text)) return this.show([this.kept(), this.m.t('delete.nothing_yet')].join('\n')), true;
    // Asked whether: nothing is erased yet, and the question stays.
    if (this.askedWhether()) return this.show(this.m.t('delete.nothing_yet')), true;
    if (STOP_ONLY.test(text) && this.d.alerts.visible().length) return this.d.alerts.stop(), true;
    // "loker di surabaya bisa dikirim?": only this regency's vacancies, and the question stays.
    if (this.t.u.outsidePlaces.length) return this.show([this.m.t('search.outside', { place: titleCase(this.t.u.outsidePlaces[0]!), regency: this.t.ctx.region.name }), this.m.t('search.far')].join('\n')), true;
    if (ABOUT_ALERTS.test(text)) return this.show(this.m.t(this.d.alerts.visible().length ? 'delete.alerts_end' : 'delete.alerts_none')), true;
    if (msg.only('no', 'cancel')) return this.keep(), true;
    if (msg.only('yes')) return this.show(this.m.t('delete.say_hapus')), true;
    void s;
    return false;
  }

  redraw(_s: EraseScreen, level: number): void {
    this.show(this.m.t(level >= 2 ? 'delete.reask_last' : level === 1 ? 'delete.reask' : 'delete.confirm'));
  }

  progress(): string | null {
    return null;
  }

  // The choices again, after an answer to a question asked at this moment.
  private show(text: string): void {
    this.t.show({ flow: 'erase', step: 'confirm' }, [text, this.m.t('delete.confirm')].join('\n'), this.choices(), { hint: this.m.t('delete.hint'), remember: false });
  }

  /** Erases now: everything about the person goes, and they are told they can start again. */
  erase(): void {
    this.t.effect({ type: 'erase' });
    this.t.count('erasures');
    this.d.reset();
    this.t.say(this.m.t('delete.done'));
  }

  keep(): void {
    this.t.settle();
    this.t.say(this.m.t('delete.cancelled'));
  }
}
