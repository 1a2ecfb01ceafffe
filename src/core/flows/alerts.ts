// Vacancy alerts as data a person edits in words. Subscribing asks only what
// is missing (kecamatan, education, job, how often, where to) and saves
// nothing before the summary is confirmed; a person may hold several (their
// own, one "untuk suami"); each can be shown, changed in words ("hapus
// cibitung, tambah setu", "sekarang sudah D3"), paused, resumed, stopped, and
// the last stopped ones restored ("aktifkan lagi", "jgn distop yg punya suami").
// Stopping everything happens only on explicit stop words (dialogue.ts).

import { educationLabel, type Education } from '../../domain/education.ts';
import { listNames } from '../format.ts';
import type { Catalogue } from '../messages.ts';
import type { SubscriptionView } from '../turn.ts';
import type { Action, AlertDraft, AlertMove, ChannelName, SubscriptionChanges } from '../types.ts';
import type { Dialogue } from '../dialogue.ts';
import { editChanges, OTHER_TIMING, readAlertEdit, type AlertEdit } from './alert-edits.ts';
import { assertNever, type FlowHandler, type ScreenOf } from './flow.ts';

type AlertsScreen = ScreenOf<'alerts'>;

// Asking whether there are vacancies somewhere ("ada loker di setu skrg?", "loker di setu ada ga").
const VACANCY_ASK = /\b(ada|cari|nyari|carikan|cariin)\b.{0,12}\b(loker|lowongan|lowker|kerjaan|lowong\w*)\b|\b(loker|lowongan|lowker)\b.{0,25}\b(ada|gak|ga|nggak|kagak|engga|enggak)\b/;
const CHANNEL_NAMES: Record<ChannelName, string> = { whatsapp: 'WhatsApp', telegram: 'Telegram', terminal: 'chat ini' };

// Words around a job name that are not the job ("bagian gudang", "jadi operator").
const KEYWORD_FILLER = new Set(['bagian', 'posisi', 'sebagai', 'jadi', 'jd', 'kerja', 'kerjaan', 'pekerjaan', 'lowongan', 'loker', 'yang', 'yg', 'untuk', 'buat', 'mau', 'saya', 'aku', 'di', 'ingin', 'pengen', 'pingin', 'aja', 'saja', 'deh', 'kak', 'min']);
const QUESTION = /[?]|\b(apa|apakah|kapan|berapa|bagaimana|gimana|gmn|kenapa|mengapa|siapa|dimana|mana|bisa|boleh)\b/;
const SHOW = /\b(apa (aja|saja)|lihat|liat|liatin|lihatin|cek|settingan|setingan|pengaturan|yang aktif|yg aktif|aktif apa|langganan (aku|saya|sy|gw) apa|notif (aku|saya|sy|gw) apa|isinya apa|daftar langganan)\b/;
const RESTORE = /\b(aktifkan|aktifin|aktipin|hidupkan|hidupin|nyalakan|nyalain|idupin|balikin|kembalikan|pulihkan|restore)\b|\b(jangan|jgn|ga usah|gak usah|tidak usah) ?(di ?stop|distop|dimatikan|dimatiin|dimatikan|berhenti|dihentikan|dihapus)\b|\bkepencet\b|\bsalah pencet\b/;
const WHY_QUIET = /\b(kenapa|knp|napa|mengapa|kok)\b.{0,40}\b(berhenti|mati|tidak (masuk|datang|dateng|ada)|ga (masuk|dateng|ada)|gak (masuk|dateng|ada)|belum (masuk|dateng|ada)|sepi|jarang)\b/;
const KEEP_OFF = /\b(biarin|biarkan|biar) (aja |saja )?(mati|off|berhenti|stop)\b|\btetap (mati|berhenti|off)\b/;
const QUIET = /\b(malam|malem|jam \d+|tengah malam|dini hari|subuh|kebangun|tidur|ganggu tidur)\b/;
const CHANGE_WISH = /\b(ganti|ubah|ubahin|gantiin|rubah|edit|atur ulang|mau ganti|cuma mau ganti)\b/;
// The message is about alerts.
const ABOUT = /\b(notif|notifikasi|langganan|kabar|kabarin|alert|info loker|info lowongan)\w*\b/;
// Asking whether alerts still come.
const STATUS = /\b(masih|msh|tetap|tetep|udah|sudah|sdh) (jalan|aktif|nyala|dikirim|ada|berjalan|hidup|berhenti|mati|stop)\b|\b(masih|msh|tetap|tetep) (langganan|berlangganan)\b( (ga|gak|gk|nggak|ngga|tidak|engga|enggak|kah|ya|kan))?$|\b(jalan|aktif|nyala) (ga|gak|nggak|tidak|engga|enggak)\b/;
const NEW_ONE = /\b(nambah|tambah|bikin|buat|satu lagi|lagi) (notif|langganan|kabar)\b|\b(notif|langganan|kabar)\w* (lagi|baru|satu lagi|tambahan)\b|\b(buat|untuk|utk) (suami|istri|anak|adik|adek|ade|kakak|keponakan|ponakan)\b/;
const REMOVAL = /\b(hapus|hapusin|buang|buangin|hilangkan|hilangin|coret|cabut|keluarkan|keluarin|ga usah|gak usah|tidak usah|gausah)\b/;
// Other words for the people alerts are made for.
const LABEL_ALIASES: Record<string, string[]> = { adik: ['adek', 'ade', 'adeknya', 'adiknya'], keponakan: ['ponakan', 'keponakannya'], istri: ['bini', 'istriku'], suami: ['laki', 'suamiku'], anak: ['anakku', 'anaknya'], kakak: ['kaka', 'kakaknya'] };
// Words of another matter, so that "apa aja" in "syarat kartu kuning apa aja" is not an answer.
const OTHER_TOPIC = /\b(syarat\w*|cara\w*|gimana|bagaimana|kartu|kuning|ak1|daftar\w*|siapkerja|karirhub|gaji\w*|bayar|biaya\w*|alamat\w*|kantor|job ?fair|pelatihan|dokumen|berkas\w*)\b/;
// A time to come ("nanti", "kalau udah kerja"), and the words of stopping alerts asked about for then.
const LATER = /\b(nanti|ntar|entar|kalau|kalo|klo|kl|jika|besok|suatu saat|kapan ?kapan|sewaktu ?waktu|kapan saja|kapan aja)\b/;
const STOP_LATER = /\b(stop|setop|distop|stopin|berhenti|berhentiin|berenti|brenti|dihentikan|hentikan|dimatiin|matiin|matikan|dimatikan|udahan|unsubscribe|unsub)\b/;
// With the news of a job, words of another request ("udah kerja tapi gajinya telat", "udah kerja, mau cari yg lain"),
// or of a wish, not news ("mugi2 anak saya cepet dapat kerja aamiin").
const HIRED_WITH_REQUEST = /\b(semoga|moga|mudah ?mudahan|mugi|mugia|cepat|cepet|doakan|doain|aamiin|amin|insya ?allah|cari|nyari|mencari|carikan|mau|pengen|ingin|pingin|loker|lowongan|lowker|ada|gimana|gmn|bagaimana|cara|caranya|tanya|nanya|daftar|tapi|tp|pindah|lain|sampingan|tambahan|bisa|tolong|minta|kontrak|habis|abis|phk|gaji\w*|lembur|dipecat|resign|keluar|telat|belum)\b/;
const ALL = /\b(semua|semuanya|dua ?duanya|keduanya|semua notif|semua langganan)\b/;

export class AlertsFlow implements FlowHandler<AlertsScreen> {
  constructor(private readonly d: Dialogue) {}

  private get t() {
    return this.d.turn;
  }

  private get m(): Catalogue {
    return this.d.turn.m;
  }

  /** Every subscription of the person, stopped ones too, oldest first. */
  private all(): SubscriptionView[] {
    return this.t.input.subscriptions ?? [];
  }

  /** The ones the person sees and numbers: not stopped. */
  visible(): SubscriptionView[] {
    return this.all().filter((s) => s.status !== 'stopped');
  }

  // --- words that work everywhere -------------------------------------------

  /** Explicit stop words: the named subscription, or every alert and announcement. */
  stop(): void {
    const targets = this.targets(this.visible(), { allWhenNone: true });
    const all = targets.length === this.visible().length;
    if (all) this.t.effect({ type: 'alerts', action: 'stop' });
    else this.t.effect({ type: 'subscription_status', ids: targets.map((s) => s.id), status: 'stopped' });
    this.t.count('subscriptions_stopped');
    this.d.state.stopped = targets.map((s) => s.id);
    if (this.d.state.screen.flow === 'alerts') this.t.settle();
    // "alhamdulillah sudah keterima kerja, stop notifnya": the good news first.
    const hired = hiredSaid(this.t.msg.text) ? (targets.length && targets.every((x) => x.label) && new Set(targets.map((x) => x.label)).size === 1 ? this.m.t('alerts.hired_other', { who: targets[0]!.label! }) : this.m.t('alerts.hired')) : null;
    if (!targets.length) return this.t.say([hired, this.m.t('alerts.stopped_nothing')].filter(Boolean).join('\n'));
    const lines = [this.m.t(all ? 'alerts.stopped_all' : 'alerts.stopped_some'), ...targets.map((s) => `• ${this.describe(s, false, false)}`), this.m.t(all ? 'alerts.stopped_all_note' : 'alerts.stopped_some_note')];
    if (hired) lines.unshift(hired);
    this.t.show({ flow: 'alerts', step: 'offer_restore', draft: { kecamatan: null } }, lines.join('\n'), [{ label: this.m.t('alerts.restore_choice'), action: { do: 'alerts', go: 'restore', ids: targets.map((s) => s.id) } }]);
  }

  /**
   * "alhamdulillah udah kerja sekarang": the news of a job and no request with it. Congratulated; the alerts of the one
   * hired are offered to stop as a numbered choice, never stopped on the news alone (they may still want them).
   */
  hiredNews(): boolean {
    const t = this.t;
    return hiredSaid(t.msg.text) && !/\?/.test(t.msg.original) && t.msg.raw.length <= 12 && !HIRED_WITH_REQUEST.test(t.msg.text);
  }

  /**
   * "kalau udah dapet kerja nanti bisa stop?", "nanti bisa berhenti langganan ga?": a question whether alerts can be
   * stopped later. It is answered; nothing stops now ("kalo bisa stop aja" is a request, not this question).
   */
  stopLaterAsked(): boolean {
    const t = this.t;
    const text = t.msg.text;
    const asked = /\?/.test(t.msg.original) || /\b(ga|gak|gk|nggak|ngga|engga|enggak|tidak|kan|kah|ya|nggih)$/.test(text);
    const later = LATER.test(text.replace(/\b(kalau|kalo|klo|kl) bisa\b/g, ' '));
    return asked && later && /\b(bisa|boleh|bisakah|bolehkah)\b/.test(text) && STOP_LATER.test(text) && !/\b(gimana|gmn|bagaimana|cara|caranya|kenapa|knp|kok|tolong|sekarang|skrg)\b/.test(text);
  }

  /** The answer to the news of a job (`hiredNews`). */
  hired(): void {
    const t = this.t;
    const subs = this.visible();
    // Someone else's alerts named ("adek sy udah dapet kerja") are theirs; otherwise the person's own.
    const whose = this.whoseNamed(subs);
    const theirs = whose?.length && whose.every((x) => x.label) ? whose : null;
    const congrats = theirs ? this.m.t('alerts.hired_other', { who: theirs[0]!.label! }) : this.m.t('alerts.hired');
    const targets = theirs ?? subs.filter((x) => !x.label);
    if (!targets.length) return t.say([congrats, this.m.t('alerts.hired_wish')].join('\n'));
    const stop: Action = targets.length === subs.length ? { do: 'alerts', go: 'stop_all' } : { do: 'alerts', go: 'stop', ids: targets.map((x) => x.id) };
    t.show({ flow: 'other' }, [congrats, this.m.t('alerts.hired_offer_stop')].join('\n'), [
      { label: this.m.t('alerts.hired_stop_choice'), action: stop },
      { label: this.m.t('alerts.hired_keep_choice'), action: { do: 'alerts', go: 'keep' } },
    ]);
  }

  /** "jeda" / "aktifkan": the named subscriptions, or all of them. */
  pause(resume: boolean): void {
    const subs = this.visible();
    if (this.d.state.screen.flow === 'alerts') this.t.settle();
    if (!subs.length) {
      if (resume && this.restorable().length) return this.restore(this.restorable().map((s) => s.id));
      return this.t.say(this.m.t('alerts.not_subscribed'));
    }
    const targets = this.targets(subs.filter((s) => (resume ? s.status === 'paused' : s.status === 'active')), { allWhenNone: true, pool: subs });
    if (!targets.length) return this.t.say(this.m.t(resume ? 'alerts.nothing_paused' : 'alerts.nothing_active'));
    this.t.effect({ type: 'subscription_status', ids: targets.map((s) => s.id), status: resume ? 'active' : 'paused' });
    const others = subs.filter((s) => !targets.includes(s) && s.status === 'active');
    const lines = [this.m.t(resume ? 'alerts.resumed' : 'alerts.paused'), ...targets.map((s) => `• ${this.describe(s, false, false)}`)];
    if (!resume) lines.push(this.m.t('alerts.paused_note'));
    // "lg dirawat di rs": a kind word first; "udh pulang dr rs": glad to hear it.
    const text = this.t.msg.text;
    if (!resume && /\b(sakit|dirawat|rawat inap|opname|rumah sakit|rs|kecelakaan|melahirkan|lahiran)\b/.test(text)) lines.unshift(this.m.t('alerts.get_well'));
    if (resume && /\b(sembuh|sehat|pulang (dari|dr) (rs|rumah sakit))\b/.test(text)) lines.unshift(this.m.t('alerts.glad_well'));
    if (others.length) lines.push(this.m.t('alerts.others_active', { what: others.map((s) => this.describe(s, true)).join('; ') }));
    this.t.say(lines.join('\n'));
  }

  /**
   * True when the message asks for stopped alerts back, with none running: "aktifin lagi", "nyalain lagi notifnya",
   * "mau langganan lagi yg kemarin", "notif yg dulu hidupin lagi". A new place, level or job makes it a new subscription.
   */
  restoreAsked(): boolean {
    const t = this.t;
    const text = t.msg.text;
    if (this.visible().length || !this.restorable().length) return false;
    if (t.u.districtCodes.length || t.u.ambiguousPlaces.length || t.u.entities.education || t.u.job) return false;
    if (/\b(jangan|jgn|ga usah|gak usah|tidak usah|gausah|ga mau|gak mau|tidak mau|nggak mau)\b/.test(text) || (/\?/.test(t.msg.original) && !/\b(bisa|tolong|boleh)\b/.test(text))) return false;
    const again = /\b(lagi|lg|kembali|balik|yang (kemarin|kemaren|kmrn|dulu|lama|tadi|td)|yg (kemarin|kemaren|kmrn|dulu|lama|tadi|td)|kayak dulu|kaya dulu|seperti dulu|kayak kemarin|kaya kemarin|seperti kemarin|seperti sebelumnya|kayak sebelumnya)\b/.test(text);
    const verb = RESTORE.test(text) || /\b(langganan|berlangganan|notif|notifikasi|kabar|kabarin|dikabarin|dapat|dapet|terima|nerima|kirim|kirimin|dikirimin)\w*\b/.test(text);
    return again && verb && (ABOUT.test(text) || RESTORE.test(text));
  }

  /** "aktifkan lagi": the last stopped subscriptions (or those named) come back exactly as they were. */
  restore(ids?: number[]): void {
    const stopped = this.restorable();
    const chosen = ids ? stopped.filter((s) => ids.includes(s.id)) : this.targets(stopped, { allWhenNone: true });
    if (this.d.state.screen.flow === 'alerts') this.t.settle();
    if (!chosen.length) return this.t.say(this.m.t(this.visible().length ? 'alerts.nothing_to_restore_active' : 'alerts.nothing_to_restore'));
    this.t.effect({ type: 'subscription_status', ids: chosen.map((s) => s.id), status: 'active' });
    this.d.state.stopped = (this.d.state.stopped ?? []).filter((id) => !chosen.some((s) => s.id === id));
    const stillOff = stopped.filter((s) => !chosen.includes(s) && (this.d.state.stopped ?? []).includes(s.id));
    const lines = [this.m.t('alerts.restored'), ...chosen.map((s) => `• ${this.describe({ ...s, status: 'active' })}`)];
    if (stillOff.length) lines.push(this.m.t('alerts.still_off', { what: stillOff.map((s) => this.whose(s)).join(', ') }));
    this.t.say(lines.join('\n'));
  }

  // The stopped subscriptions that "aktifkan lagi" may bring back: the last stop's, or any stopped one.
  /** "itu stop apa? sy cuma mau udahan chat" just after a stop: what was stopped, and the way back. */
  explainStopped(): boolean {
    if (this.visible().length || !this.d.state.stopped?.length) return false;
    const stopped = this.restorable();
    if (!stopped.length) return false;
    this.show({ flow: 'alerts', step: 'offer_restore', draft: { kecamatan: null } }, [this.m.t('alerts.stopped_explain'), ...stopped.map((x) => `• ${this.describe(x, false, false)}`), this.m.t('alerts.stopped_explain_ask')].join('\n'), [{ label: this.m.t('alerts.restore_choice'), action: { do: 'alerts', go: 'restore', ids: stopped.map((x) => x.id) } }]);
    return true;
  }

  private restorable(): SubscriptionView[] {
    const stopped = this.all().filter((s) => s.status === 'stopped');
    const last = this.d.state.stopped;
    const recent = last?.length ? stopped.filter((s) => last.includes(s.id)) : [];
    if (recent.length) return recent;
    const latest = Math.max(0, ...stopped.map((s) => s.stoppedAt?.getTime() ?? 0));
    return stopped.filter((s) => (s.stoppedAt?.getTime() ?? 0) === latest);
  }

  /** A goodbye that also says to leave something off ("yg punya sy biarin aja mati"): the state confirmed. */
  keepNote(): string | null {
    if (!KEEP_OFF.test(this.t.msg.text)) return null;
    const on = this.visible().filter((s) => s.status === 'active');
    return on.length ? this.m.t('alerts.keep_off_note', { what: on.map((s) => this.whose(s)).join(', ') }) : this.m.t('alerts.keep_off_none');
  }

  // --- a message about alerts (intent subscribe) -----------------------------

  /** What a message about alerts asks: show them, change one in words, restore, start a new one. */
  request(): void {
    const t = this.t;
    const text = t.msg.text;
    const subs = this.visible();
    if (RESTORE.test(text) && this.restorable().length) return this.restore();
    if (QUIET.test(text) && /\b(notif|kabar|kirim|pesan|bunyi|matiin|matikan|jangan|jgn)\b/.test(text) && !t.u.districtCodes.length) return this.quietHours();
    // "notif yg kemarin masih jalan?" with none: said plainly, and a new one only if wanted.
    if (!subs.length && (STATUS.test(text) || SHOW.test(text)) && !t.u.districtCodes.length && !t.u.entities.education) {
      return this.t.show({ flow: 'other' }, this.m.t('alerts.none_now'), [{ label: this.m.t('alerts.make_one'), action: { do: 'alerts', go: 'new' } }]);
    }
    // "langganan" again while a draft waits (left for a question, or on screen): that draft goes on, what it has kept.
    const kept = this.d.state.suspended ?? null;
    if (kept?.flow === 'alerts' && this.progress(kept) && !NEW_ONE.test(text) && !REMOVAL.test(text)) {
      const more = this.prefill();
      const { ambiguous: _a, ...given } = more;
      if (more.kecamatan === null) delete (given as Partial<AlertDraft>).kecamatan;
      if (!Object.keys(given).length && !more.ambiguous) return this.d.takeBack(kept);
      this.d.state.suspended = null;
      return this.start({ ...kept.draft, ...given, ...(more.ambiguous ? { ambiguous: more.ambiguous } : {}) });
    }
    const fromSearch = this.fromSearch();
    if (!subs.length || (NEW_ONE.test(text) && (t.u.districtCodes.length || t.u.entities.education || t.state.facts.forWhom))) {
      return fromSearch ? this.start(fromSearch, this.m.t('alerts.from_search')) : this.start(this.prefill());
    }
    if (fromSearch && !subs.some((s) => sameAs(s, fromSearch))) return this.start(fromSearch, this.m.t('alerts.from_search'));
    const target = this.targets(subs, { allWhenNone: false });
    const edit = this.edit(target[0] ?? subs[0]!);
    if (editChanges(edit) || edit.unsupported || edit.vagueRemoval || edit.otherTiming) {
      // "kabarin loker operator di setu" names what to get, with no word of change: a new subscription, confirmed at its summary.
      const wantsNew = !edit.remove.length && !edit.add.length && !edit.replaceAll && !edit.vagueRemoval && !REMOVAL.test(text) && (t.u.districtCodes.length > 0 || Boolean(t.u.job)) && !CHANGE_WISH.test(text);
      if (wantsNew) return this.start(this.prefill());
      if (target.length !== 1 && subs.length > 1) return this.which(subs, edit);
      return this.applyEdit(target[0] ?? subs[0]!, edit);
    }
    if ((t.u.districtCodes.length || t.u.ambiguousPlaces.length || t.u.job) && !CHANGE_WISH.test(text) && !SHOW.test(text)) return this.start(this.prefill());
    if (SHOW.test(text) || subs.length > 1) return this.list();
    if (CHANGE_WISH.test(text)) {
      const part = partOf(text);
      return part && subs.length === 1 ? this.askPart(subs[0]!, part) : this.manage(subs[0]!);
    }
    return this.list();
  }

  /** True when the message asks about alerts at night ("matiin notifnya jam 9 malem"): the quiet hours answer it. */
  quietAsked(): boolean {
    const text = this.t.msg.text;
    return this.all().length > 0 && QUIET.test(text) && /\b(notif|kabar|kirim|pesan|bunyi|matiin|matikan|jangan|jgn)\w*\b/.test(text) && !this.t.u.districtCodes.length;
  }

  /** True when the message asks to see the person's alerts ("notif yg aktif apa aja"). */
  showRequested(): boolean {
    // Also with none (after erasing data): "langganan aku apa aja" is answered with "none now", not "out of scope".
    const still = !this.visible().length && /\b(masih|msh|tetap|tetep|udah|sudah|sdh) (langganan|berlangganan|terdaftar (langganan|notif))\b/.test(this.t.msg.text);
    return (SHOW.test(this.t.msg.text) || still) && /\b(notif|notifikasi|langganan|kabar|alert|settingan|setingan|pengaturan)\w*\b/.test(this.t.msg.text);
  }

  /** True when the message changes the person's alerts in words (and they have some to change). */
  editApplies(): boolean {
    const subs = this.visible();
    if (!subs.length) return false;
    const t = this.t;
    const about = /\b(notif|notifikasi|langganan|kabar|kabarin|alert|info loker|info lowongan)\w*\b/.test(t.msg.text) || this.t.before.flow === 'alerts';
    const edit = this.edit(subs[0]!);
    if (edit.wordRemoved) return true;
    if (edit.vagueRemoval) return Boolean(this.d.state.changed) || about;
    if (!editChanges(edit) && !edit.unsupported && !edit.otherTiming) return false;
    // Places with a verb, or a job or level change, only when the message is about alerts or nothing else.
    const intents = ['subscribe', 'unsubscribe', 'delete_my_data', 'out_of_scope', 'thanks', 'feedback'];
    return about || (intents.includes(t.u.intent) && (edit.add.length > 0 || edit.remove.length > 0 || edit.replaceAll !== null));
  }

  /**
   * A question about how alerts work, answered without changing anything:
   * "notifnya mati sendiri ga?", "nanti bisa nyalain lagi kan?".
   */
  question(): boolean {
    const text = this.t.msg.text;
    if (!ABOUT.test(text) && !this.visible().length && !this.restorable().length) return false;
    if (/\b(mati|berhenti|stop|hilang|selesai|off) (sendiri|otomatis)\b|\botomatis (mati|berhenti|stop)\b/.test(text)) return this.t.say(this.m.t('alerts.until_stopped')), true;
    // "kenapa notif saya berhenti?", "kok ga ada kabar lagi": how the subscriptions stand, and when a digest comes.
    if (WHY_QUIET.test(text) && !/\b(ga|gak|gk|tidak|nggak|ngga|bukan|jangan|jgn) (mau |ingin |pengen )?(berhenti|mati|dimatiin|distop)\b|\b(ganti|ubah|tambah|hapus)\b/.test(text) && this.all().length) {
      const subs = this.all().filter((x) => x.status !== 'stopped' || (this.d.state.stopped ?? []).includes(x.id));
      const lines = [...(subs.length ? subs : this.all()).map((x) => `• ${this.describe(x)}`), this.m.t('alerts.why_quiet')];
      const off = this.all().filter((x) => x.status !== 'active');
      if (off.length) return this.t.show({ flow: 'alerts', step: 'offer_restore', draft: { kecamatan: null } }, lines.join('\n'), [{ label: this.m.t('alerts.restore_choice'), action: off.every((x) => x.status === 'paused') ? { do: 'alerts', go: 'resume', ids: off.map((x) => x.id) } : { do: 'alerts', go: 'restore', ids: off.map((x) => x.id) } }]), true;
      return this.t.say(lines.join('\n')), true;
    }
    const future = /\b(nanti|ntar|kalau|kalo|klo|kl|besok|suatu saat)\b/.test(text) && /\b(bisa|boleh)\b/.test(text);
    if (future && /\b(nyala|nyalain|nyalakan|aktif|aktifin|aktifkan|hidupin|langganan|daftar)\w*\b/.test(text)) return this.t.say(this.m.t('alerts.can_restart')), true;
    return false;
  }

  /** The main menu's alerts item: the subscriptions with what can be done, or a new one. */
  menu(): void {
    if (!this.visible().length) return this.start({ kecamatan: null });
    this.list();
  }

  // --- screens --------------------------------------------------------------

  answer(s: AlertsScreen): boolean {
    const t = this.t;
    const msg = t.msg;
    const u = t.u;
    const pick = (key: string) => {
      const c = this.d.state.choices.find((x) => x.key === key);
      if (c) this.d.act(c.action);
      return Boolean(c);
    };
    const draft = s.draft;
    // A bare number answers the numbered options (the router reads it against them).
    if (u.bareNumber) return false;
    switch (s.step) {
      case 'places':
      case 'pick': {
        if (msg.only('all', 'whatever', 'skip')) return this.next({ ...draft, kecamatan: s.step === 'pick' ? union(draft.kecamatan, s.pick?.codes ?? []) : [] }), true;
        if (s.step === 'pick' && s.pick) {
          const hit = s.pick.codes.filter((c) => msg.raw.some((w) => w.length > 3 && t.ctx.region.nameOf(c).toLowerCase().split(' ').includes(w)));
          if (hit.length === 1 && !u.districtCodes.length) return this.next({ ...draft, kecamatan: union(draft.kecamatan, hit) }), true;
        }
        if (u.ambiguousPlaces[0]) return this.pick({ ...draft, kecamatan: u.districtCodes.length ? union(draft.kecamatan, u.districtCodes) : draft.kecamatan }, u.ambiguousPlaces[0]), true;
        if (u.districtCodes.length) return this.next({ ...draft, kecamatan: s.step === 'pick' ? union(draft.kecamatan, u.districtCodes) : u.districtCodes, ...this.otherFacts(draft) }), true;
        if (u.outsidePlaces.length) {
          t.say(this.m.t('alerts.outside', { place: u.outsidePlaces[0]!, regency: t.ctx.region.name }));
          return this.redraw(s, 0), true;
        }
        // "oh iya sy udah kuliah d3 skrg" while the place is asked: the level is kept, the place asked again.
        if (u.entities.education && !QUESTION.test(msg.text)) {
          t.say(this.m.t('alerts.noted_education', { education: educationLabel(u.entities.education) }));
          return this.next({ ...draft, education: u.entities.education }), true;
        }
        return false;
      }
      case 'education':
        if (msg.only('all', 'whatever', 'skip')) return this.next({ ...draft, education: null }), true;
        if (u.entities.education) return this.next({ ...draft, education: u.entities.education }), true;
        return this.correction(s);
      case 'keyword': {
        // "ada loker di cikarang?", "lowongan satpam ada ga?": a search asked in between, not the job for the alerts.
        if (searchQuestion(msg.original, msg.text)) return false;
        // "apa aja", "bebas kak", "semua boleh": any job; "syarat kartu kuning apa aja" is a question of its own.
        if (msg.only('all', 'no', 'whatever', 'skip') || (/\b(apa (aja|saja)|semua|semuanya|bebas|yang penting kerja|yg penting kerja|terserah)\b/.test(msg.text) && msg.raw.length <= 8 && !OTHER_TOPIC.test(msg.text))) return this.next({ ...draft, keyword: null }), true;
        if (u.job) return this.next({ ...draft, keyword: u.job }), true;
        if (this.correction(s)) return true;
        // A job the understanding does not know is taken as typed when short; a question is not a job.
        const words = msg.raw.filter((w) => !KEYWORD_FILLER.has(w));
        if (!QUESTION.test(msg.text) && words.length >= 1 && words.length <= 2 && u.intent === 'out_of_scope' && !msg.only('yes', 'goodbye')) return this.next({ ...draft, keyword: words.join(' ') }), true;
        return false;
      }
      case 'timing': {
        const edit = this.edit(null);
        if (edit.immediate !== undefined) return this.next({ ...draft, immediate: edit.immediate }), true;
        const text = msg.text;
        // "seminggu sekali bisa?", "bedanya apa?": answered, and the same two numbered choices again.
        if (OTHER_TIMING.test(text)) return t.say(this.m.t('alerts.timing_only_two')), this.redraw(s, 0), true;
        // "yg pagi aja", "sekali aja": the morning digest.
        if (/\b(pagi|sehari|harian|sekali (aja|saja))\b/.test(text) && !/\?/.test(msg.original)) return this.next({ ...draft, immediate: false }), true;
        if (/\b(beda|bedanya|maksudnya|artinya|gimana|bagaimana)\b/.test(text) && !OTHER_TOPIC.test(text)) return t.say(this.m.t('alerts.timing_explain', { time: t.ctx.digestTime })), this.redraw(s, 0), true;
        if (msg.only('whatever', 'skip')) return this.next({ ...draft, immediate: false }, this.m.t('alerts.timing_default', { time: t.ctx.digestTime })), true;
        return this.correction(s);
      }
      case 'channel':
      case 'deliver': {
        const channel = channelNamed(msg.text);
        if (!channel || !this.channels().includes(channel)) return false;
        return this.act(s.step === 'channel' ? { go: 'channel', channel } : { go: 'deliver', channel }), true;
      }
      case 'confirm': {
        if (msg.only('yes') || msg.only('yes', 'done')) return pick('1');
        const edit = this.edit(null, draft.kecamatan ?? [], draft.keyword ?? null);
        if (editChanges(edit)) return this.next(applyToDraft(draft, edit)), true;
        if (msg.only('no') || CHANGE_WISH.test(msg.text)) return this.changeDraft(draft), true;
        return false;
      }
      case 'manage':
      case 'edit': {
        const sub = this.visible().find((x) => x.id === draft.id) ?? (this.visible().length === 1 ? this.visible()[0] : undefined);
        if (s.step === 'manage' && t.msg.ordinal !== null && u.bareNumber) return false;
        if (SHOW.test(msg.text) && !editChanges(this.edit(sub ?? null))) return this.list(), true;
        if (sub) {
          const after = this.visible().find((x) => x.id === sub.id)!;
          // The change just made, as stored this turn, is what the next edit starts from.
          const current = this.d.state.changed?.id === sub.id ? { ...after, ...this.d.state.changed.after, kecamatan: this.d.state.changed.after.kecamatan ?? after.kecamatan } : after;
          const edit = this.edit(current);
          if (editChanges(edit) || edit.unsupported || edit.vagueRemoval || edit.otherTiming) return this.applyEdit(current, edit), true;
          // A place named with no verb: added, or instead of the others? Asked, nothing changed yet.
          // "ada loker di setu skrg?": a question for vacancies there is a search, not a change to the alert.
          if (u.districtCodes.length && !u.ambiguousPlaces.length && !VACANCY_ASK.test(msg.text)) {
            const named = this.placesText(u.districtCodes);
            return this.show({ flow: 'alerts', step: 'which', draft: { id: current.id, kecamatan: current.kecamatan } }, this.m.t('alerts.add_or_replace', { what: named }), [
              { label: this.m.t('alerts.add_places', { what: named }), action: { do: 'alerts', go: 'apply', id: current.id, changes: { kecamatan: [...new Set([...current.kecamatan, ...u.districtCodes])] } } },
              { label: this.m.t('alerts.replace_places', { what: named }), action: { do: 'alerts', go: 'apply', id: current.id, changes: { kecamatan: u.districtCodes } } },
            ]), true;
          }
          const part = partOf(msg.text);
          if (part && msg.length <= 4) return this.askPart(current, part), true;
        } else {
          // Several subscriptions listed: "yang punya suami", "no 2".
          const target = this.targets(this.visible(), { allWhenNone: false });
          if (target.length === 1) {
            const edit = this.edit(target[0]!);
            if (editChanges(edit)) return this.applyEdit(target[0]!, edit), true;
            return this.manage(target[0]!), true;
          }
        }
        return false;
      }
      case 'which': {
        // The change said in words instead of picked: applied to the subscription asked about.
        const sub = this.visible().find((x) => x.id === draft.id);
        if (!sub) return false;
        const edit = this.edit(sub);
        if (editChanges(edit)) return this.applyEdit(sub, edit), true;
        return false;
      }
      case 'offer_restore':
        // "nanti bisa nyalain lagi kan?" asks about later: answered, nothing restored.
        if (this.question()) return true;
        if (RESTORE.test(msg.text)) return this.restore(), true;
        if (msg.only('yes')) return pick('1');
        return false;
      case 'filter_offer':
        if (msg.only('yes')) return pick('1');
        if (msg.only('no', 'cancel')) return pick('2');
        return false;
      default:
        return assertNever(s.step);
    }
  }

  // "eh salah, maksudnya setu bukan cibarusah" while another question is open: the earlier answer changes, the question stays.
  private correction(s: AlertsScreen): boolean {
    const u = this.t.u;
    if (!u.districtCodes.length && !u.entities.education) return false;
    // "ada loker di setu?" asks for vacancies there; it does not change the alert's places.
    if (searchQuestion(this.t.msg.original, this.t.msg.text)) return false;
    const edit = this.edit(null, s.draft.kecamatan ?? [], s.draft.keyword ?? null);
    if (!editChanges(edit) && !u.districtCodes.length) return false;
    const fixed = editChanges(edit) ? applyToDraft(s.draft, edit) : { ...s.draft, kecamatan: u.districtCodes };
    const placesChanged = JSON.stringify(fixed.kecamatan) !== JSON.stringify(s.draft.kecamatan);
    const echo = placesChanged
      ? this.m.t('alerts.corrected', { what: this.placesText(fixed.kecamatan ?? []) })
      : fixed.education && fixed.education !== s.draft.education
        ? this.m.t('alerts.education_taken', { education: educationLabel(fixed.education) })
        : null;
    if (echo) this.t.say(echo);
    this.next(fixed);
    return true;
  }

  redraw(s: AlertsScreen, level: number): void {
    const again = level === 1 ? this.m.t('repair.options_again') : level >= 2 ? this.m.t('repair.options_last') : null;
    switch (s.step) {
      case 'places':
        return this.show(s, level ? this.m.t(level === 1 ? 'alerts.ask_places_again' : 'alerts.ask_places_last') : this.m.t('alerts.ask_places'), level ? [{ label: this.m.t('alerts.all_places'), action: { do: 'alerts', go: 'places', codes: [] } }] : [], { human: level >= 2 });
      case 'pick':
        return this.pick(s.draft, s.pick ?? { label: '', codes: [] }, again, level >= 2);
      case 'education':
      case 'keyword':
      case 'timing':
      case 'channel':
      case 'confirm':
        return this.next(s.draft, again, level >= 2);
      case 'manage':
      case 'edit': {
        const sub = this.visible().find((x) => x.id === s.draft.id);
        return sub ? this.manage(sub, again, level >= 2) : this.list(again, level >= 2);
      }
      case 'which':
      case 'offer_restore':
      case 'filter_offer':
        return this.list(again, level >= 2);
      case 'deliver':
        return this.askDelivery(again);
      default:
        return assertNever(s.step);
    }
  }

  progress(s: AlertsScreen): string | null {
    if (['places', 'pick', 'education', 'keyword', 'timing', 'channel', 'confirm'].includes(s.step)) return this.m.t('alerts.progress');
    return null;
  }

  act(move: AlertMove): void {
    const s = this.d.state.screen;
    const draft: AlertDraft = s.flow === 'alerts' ? s.draft : { kecamatan: null };
    switch (move.go) {
      case 'places':
        // From the "Cikarang" list: added to a place named clearly in the same message.
        return this.next({ ...draft, kecamatan: s.flow === 'alerts' && s.step === 'pick' ? union(draft.kecamatan, move.codes) : move.codes });
      case 'education':
        return this.next({ ...draft, education: move.level });
      case 'keyword':
        return this.next({ ...draft, keyword: null });
      case 'timing':
        return this.next({ ...draft, immediate: move.immediate });
      case 'channel':
        return this.next({ ...draft, deliverTo: move.channel });
      case 'deliver': {
        for (const x of this.visible()) if (x.channel !== move.channel) this.t.effect({ type: 'subscription', id: x.id, changes: { deliverTo: move.channel } });
        this.t.settle();
        return this.t.say(this.m.t('alerts.delivered', { channel: CHANNEL_NAMES[move.channel] }));
      }
      case 'change':
        return this.changeDraft(draft);
      case 'new':
        return this.start({ kecamatan: null });
      case 'list':
        return this.list();
      case 'keep':
        this.t.settle();
        return this.t.say(this.m.t('alerts.kept'));
      case 'edit': {
        const sub = this.visible().find((x) => x.id === move.id);
        if (!sub) return this.list();
        return move.part ? this.askPart(sub, move.part) : this.manage(sub);
      }
      case 'pause':
      case 'resume': {
        const ids = move.ids;
        this.t.effect({ type: 'subscription_status', ids, status: move.go === 'pause' ? 'paused' : 'active' });
        this.t.settle();
        const subs = this.visible().filter((x) => ids.includes(x.id));
        return this.t.say([this.m.t(move.go === 'pause' ? 'alerts.paused' : 'alerts.resumed'), ...subs.map((x) => `• ${this.describe({ ...x, status: move.go === 'pause' ? 'paused' : 'active' })}`), move.go === 'pause' ? this.m.t('alerts.paused_note') : ''].filter(Boolean).join('\n'));
      }
      case 'stop': {
        this.t.effect({ type: 'subscription_status', ids: move.ids, status: 'stopped' });
        this.d.state.stopped = move.ids;
        this.t.settle();
        const subs = this.visible().filter((x) => move.ids.includes(x.id));
        return this.t.say([this.m.t('alerts.stopped_some'), ...subs.map((x) => `• ${this.describe(x, false, false)}`), this.m.t('alerts.stopped_some_note')].join('\n'));
      }
      case 'stop_all':
        return this.stop();
      case 'restore':
        return this.restore(move.ids);
      case 'apply': {
        if (!move.id) return this.start({ kecamatan: move.changes.kecamatan ?? null, ...('education' in move.changes ? { education: move.changes.education ?? null } : {}), ...('keyword' in move.changes ? { keyword: move.changes.keyword ?? null } : {}) });
        const sub = this.visible().find((x) => x.id === move.id);
        if (!sub) return this.list();
        return this.save(sub, move.changes);
      }
      case 'confirm': {
        const d = this.complete(draft);
        if (draft.id) {
          const sub = this.visible().find((x) => x.id === draft.id);
          if (sub) return this.save(sub, { kecamatan: d.kecamatan, education: d.education, keyword: d.keyword, immediate: d.immediate });
        }
        this.t.effect({ type: 'subscribe', kecamatan: d.kecamatan, education: d.education, keyword: d.keyword, immediate: d.immediate, deliverTo: d.deliverTo, label: draft.label ?? null });
        this.t.count('subscriptions_new');
        this.t.settle();
        const moved = d.deliverTo !== this.t.channel && this.t.channel !== 'terminal' ? `\n${this.m.t('alerts.moved', { channel: CHANNEL_NAMES[d.deliverTo] })}` : '';
        const others = this.visible().length ? `\n${this.m.t('alerts.both_here', { count: this.visible().length + 1 })}` : '';
        return this.t.say(this.m.t('alerts.done', { what: this.summaryText(d, draft.label ?? null) }) + others + moved + (d.immediate ? `\n${this.quietLine()}` : ''));
      }
      default:
        return assertNever(move);
    }
  }

  /** Starts a new subscription with what is known, asking only for what is missing. */
  start(prefill: AlertDraft & { ambiguous?: { label: string; codes: string[] } | null }, intro: string | null = null): void {
    const { ambiguous, ...draft } = prefill;
    if (this.visible().length && draft.label) this.t.say(this.m.t('alerts.separate', { who: draft.label }));
    if (ambiguous) return this.pick(draft, ambiguous, intro);
    this.next(draft, intro);
  }

  // What the message itself gives a new subscription ("buat suami, lulusan sd, daerah karang bahagia ato sukatani, apa aja").
  private prefill(): AlertDraft & { ambiguous?: { label: string; codes: string[] } | null } {
    const u = this.t.u;
    const text = this.t.msg.text;
    const forWhom = this.t.state.facts.forWhom && /\b(suami|istri|anak|adik|adek|ade|kakak|keponakan|ponakan)\b/.test(text) ? this.t.state.facts.forWhom : undefined;
    const anyJob = /\b(apa (aja|saja)|semua (pekerjaan|kerjaan|loker|lowongan)|yang penting (halal|kerja)|yg penting (halal|kerja)|bebas)\b/.test(text);
    const edit = this.edit(null);
    // "langganan loker semua kecamatan sma": the whole regency, said with the request.
    const everywhere = !u.districtCodes.length && !u.ambiguousPlaces.length && /\b(semua|seluruh) (kecamatan|daerah|tempat|wilayah)\b/.test(text);
    return {
      kecamatan: u.districtCodes.length ? u.districtCodes : everywhere ? [] : null,
      ambiguous: u.ambiguousPlaces[0] ?? null,
      ...(u.entities.education ? { education: u.entities.education } : {}),
      ...(u.job ? { keyword: u.job } : anyJob ? { keyword: null } : {}),
      // "tiap pagi aja" is a timing; "kabar lowongan tiap hari" is the name of the service, not a choice.
      ...(edit.immediate === true || (edit.immediate === false && !/\b(kabar|info|notif)\w* (lowongan|loker)\w* (tiap|setiap) hari\b/.test(text)) ? { immediate: edit.immediate } : {}),
      ...(forWhom ? { label: forWhom } : {}),
    };
  }

  // "kabarin kalau ada yang baru di setu" after a search: that search, with what the message adds.
  private fromSearch(): AlertDraft | null {
    const search = this.d.state.search;
    const text = this.t.msg.text;
    // "kabarin tiap hari ya", "kirimin tiap ada yg baru": the search just made, sent on (said back at the summary).
    if (!search || !/\b(di ?)?(kabar|kabarin|kabari|kasih tau|kasih tahu|infoin|info|notif|beritahu|kirim)\w*\b/.test(text) || !/\b(baru|ada lagi|kalau ada|kalo ada|klo ada|kl ada|tiap|setiap|sehari|langsung|begitu ada|rutin)\b/.test(text)) return null;
    const u = this.t.u;
    const edit = this.edit(null);
    // "kirimin tiap ada yg baru" after a search names the timing too.
    const immediate = edit.immediate ?? (/\b(tiap|setiap) ada (yg|yang) ?baru\b/.test(text) ? true : undefined);
    return { kecamatan: u.districtCodes.length ? u.districtCodes : search.filters.kecamatan, education: u.entities.education ?? search.filters.education, keyword: u.job ?? search.filters.keyword, ...(search.label ? { label: search.label } : {}), ...(immediate !== undefined ? { immediate } : {}) };
  }

  // Keeps, on a correction, the facts the same message adds ("cibitung, lulusan smk").
  private otherFacts(draft: AlertDraft): Partial<AlertDraft> {
    const u = this.t.u;
    return {
      ...(u.entities.education && draft.education === undefined ? { education: u.entities.education } : {}),
      ...(u.job && draft.keyword === undefined ? { keyword: u.job } : {}),
    };
  }

  /** Asks the first thing the draft still lacks, or shows the summary; what this message just gave is said back. */
  next(draft: AlertDraft, intro: string | null = null, human = false): void {
    const lead = (text: string) => [intro, text].filter(Boolean).join('\n');
    if (draft.kecamatan === null) return this.show({ flow: 'alerts', step: 'places', draft }, lead(this.m.t('alerts.ask_places')), [], { human });
    const before = this.d.state.screen.flow === 'alerts' ? this.d.state.screen : null;
    const was = before ? before.draft : null;
    // What this message just answered is said back; a part kept from an edit ("4. Waktu kirim") is not.
    const answered = (step: string) => before?.step === step || (step === 'places' && before?.step === 'pick');
    let echo = draft.kecamatan.length && was && was.kecamatan === null && answered('places') ? `${this.m.t('alerts.places_taken', { what: this.placesText(draft.kecamatan) })}\n` : '';
    const known = draft.education === undefined && !draft.label ? this.t.input.profile.education : null;
    if (known) {
      // The level told earlier is used, and said, so that a wrong one is seen and corrected.
      draft = { ...draft, education: known };
      echo += `${this.m.t('alerts.education_known', { education: educationLabel(known) })}\n`;
    }
    if (draft.education === undefined) {
      const levels: Array<[Education, string]> = [['SD', this.m.t('search.edu_sd')], ['SMP', this.m.t('search.edu_smp')], ['SMA', this.m.t('search.edu_sma')], ['D3', this.m.t('search.edu_diploma')], ['S1', this.m.t('search.edu_sarjana')]];
      return this.show({ flow: 'alerts', step: 'education', draft }, lead(echo + this.m.t(draft.label ? 'alerts.ask_education_other' : 'alerts.ask_education', { who: draft.label ?? '' })), levels.map(([level, label]) => ({ label, action: { do: 'alerts', go: 'education', level } })), { hint: this.m.t('alerts.hint_all'), human });
    }
    if (draft.keyword === undefined) {
      const took = was && was.education === undefined && draft.education && answered('education') && !known ? `${this.m.t('alerts.education_taken', { education: educationLabel(draft.education) })}\n` : echo;
      return this.show({ flow: 'alerts', step: 'keyword', draft }, lead(took + this.m.t('alerts.ask_keyword')), [{ label: this.m.t('alerts.any_job'), action: { do: 'alerts', go: 'keyword', keyword: null } }], { human });
    }
    if (draft.immediate === undefined) {
      // "kalau ada lowongan baru di cikarang pusat untuk lulusan sma tolong dikabari ya": one message gave the rest, so all of it is said back.
      const fresh = !before && !echo ? `${this.m.t('alerts.so_far', { what: this.describe({ kecamatan: draft.kecamatan ?? [], education: draft.education ?? null, keyword: draft.keyword ?? null, immediate: false, status: 'active', label: draft.label ?? null }, true) })}\n` : '';
      const took = was && was.keyword === undefined && answered('keyword') ? `${this.m.t(draft.keyword ? 'alerts.keyword_taken' : 'alerts.any_job_taken', { keyword: draft.keyword ?? '' })}\n` : echo || fresh;
      return this.show({ flow: 'alerts', step: 'timing', draft }, lead(took + this.m.t('alerts.ask_timing')), [
        { label: this.m.t('alerts.daily', { time: this.t.ctx.digestTime }), action: { do: 'alerts', go: 'timing', immediate: false } },
        { label: this.m.t('alerts.immediate'), action: { do: 'alerts', go: 'timing', immediate: true } },
      ], { human });
    }
    const channels = this.channels();
    if (!draft.deliverTo && channels.length > 1) {
      return this.show({ flow: 'alerts', step: 'channel', draft }, lead(this.m.t('alerts.ask_channel')), channels.map((c) => ({ label: CHANNEL_NAMES[c], action: { do: 'alerts', go: 'channel', channel: c } })), { human });
    }
    const d = this.complete(draft);
    // "tiap pagi aja. udah ya makasih": leaving now would save nothing, so that is said.
    const leavingNow = this.t.msg.has('goodbye') ? `\n${this.m.t('alerts.not_saved_yet')}` : '';
    // "Setiap ada lowongan baru" still waits for the night to pass: said before it is saved.
    const quiet = d.immediate ? `\n${this.quietLine()}` : '';
    const text = this.m.t('alerts.summary', { what: this.summaryText(d, draft.label ?? null) }) + quiet + leavingNow;
    this.show({ flow: 'alerts', step: 'confirm', draft: { ...draft, ...d } }, lead(text), [
      { label: this.m.t('alerts.yes'), action: { do: 'alerts', go: 'confirm' } },
      { label: this.m.t('alerts.change'), action: { do: 'alerts', go: 'change' } },
    ], { human });
  }

  // "Ubah" on a summary: asked again from the place, keeping the other answers.
  private changeDraft(draft: AlertDraft): void {
    this.next({ ...draft, kecamatan: null }, this.m.t('alerts.change_draft'));
  }

  private pick(draft: AlertDraft, place: { label: string; codes: string[] }, intro: string | null = null, human = false): void {
    const label = place.label.charAt(0).toUpperCase() + place.label.slice(1);
    // "Bekasi" alone: the regency or the city (which has its own Disnaker). All of the regency, or its kecamatan next to the city.
    if (!place.codes.length) {
      const region = this.t.ctx.region;
      const near = region.nearOutside('kota bekasi').slice(0, 3);
      const choices = [{ label: this.m.t('alerts.all_places_of', { regency: region.name }), action: { do: 'alerts', go: 'places', codes: [] } as Action }, ...near.map((c) => ({ label: region.nameOf(c), action: { do: 'alerts', go: 'places', codes: [c] } as Action }))];
      return this.show({ flow: 'alerts', step: 'pick', draft, pick: { label: place.label, codes: [] } }, [intro, this.m.t('alerts.pick_bekasi', { regency: region.name })].filter(Boolean).join('\n'), choices, { hint: this.m.t('search.pick_hint'), human });
    }
    const keep = draft.kecamatan?.length ? `\n${this.m.t('alerts.pick_keep', { what: this.placesText(draft.kecamatan) })}` : '';
    this.show({ flow: 'alerts', step: 'pick', draft, pick: { label: place.label, codes: place.codes } }, [intro, this.m.t('alerts.pick', { place: label }) + keep].filter(Boolean).join('\n'), place.codes.map((c) => ({ label: this.t.ctx.region.nameOf(c), action: { do: 'alerts', go: 'places', codes: [c] } })), { hint: this.m.t('search.pick_hint'), human });
  }

  /** Every subscription, numbered, with its settings and whether it is active. */
  list(intro: string | null = null, human = false): void {
    const subs = this.visible();
    if (!subs.length) {
      const stopped = this.restorable();
      if (stopped.length) return this.show({ flow: 'alerts', step: 'offer_restore', draft: { kecamatan: null } }, this.m.t('alerts.none_active_stopped'), [{ label: this.m.t('alerts.restore_choice'), action: { do: 'alerts', go: 'restore', ids: stopped.map((s) => s.id) } }, { label: this.m.t('alerts.new'), action: { do: 'alerts', go: 'new' } }]);
      return this.start({ kecamatan: null });
    }
    if (subs.length === 1) return this.manage(subs[0]!, intro, human);
    const lines = [intro, this.m.t('alerts.list_header', { count: subs.length }), ...subs.map((s, i) => `${i + 1}. ${this.describe(s)}`), this.m.t('alerts.list_footer')].filter(Boolean);
    // The numbers open a subscription; the text says them already.
    this.t.showChoices({ flow: 'alerts', step: 'manage', draft: { kecamatan: null } }, lines.join('\n'), [], this.m.t('alerts.list_hint'));
    this.d.state.choices = subs.map((s, i) => ({ key: String(i + 1), action: { do: 'alerts', go: 'edit', id: s.id } }));
    if (human) this.t.addChoice(this.m.t('repair.human'), { do: 'handoff' });
  }

  /** One subscription with what can be changed (numbered): kecamatan, education, job, when. */
  manage(sub: SubscriptionView, intro: string | null = null, human = false): void {
    const text = [intro, this.m.t(sub.status === 'paused' ? 'alerts.status_paused' : 'alerts.status', { what: this.describe(sub) }), this.m.t('alerts.what_to_change')].filter(Boolean).join('\n');
    this.show({ flow: 'alerts', step: 'manage', draft: { id: sub.id, kecamatan: sub.kecamatan } }, text, [
      { label: this.m.t('alerts.part_places'), action: { do: 'alerts', go: 'edit', id: sub.id, part: 'places' } },
      { label: this.m.t('alerts.part_education'), action: { do: 'alerts', go: 'edit', id: sub.id, part: 'education' } },
      { label: this.m.t('alerts.part_keyword'), action: { do: 'alerts', go: 'edit', id: sub.id, part: 'keyword' } },
      { label: this.m.t('alerts.part_timing'), action: { do: 'alerts', go: 'edit', id: sub.id, part: 'timing' } },
      sub.status === 'paused' ? { label: this.m.t('alerts.resume'), action: { do: 'alerts', go: 'resume', ids: [sub.id] } } : { label: this.m.t('alerts.pause'), action: { do: 'alerts', go: 'pause', ids: [sub.id] } },
    ], { hint: this.m.t('alerts.manage_hint'), human });
  }

  // One part of a subscription asked again; the rest is kept.
  private askPart(sub: SubscriptionView, part: 'places' | 'education' | 'keyword' | 'timing'): void {
    const draft: AlertDraft = { id: sub.id, kecamatan: sub.kecamatan, education: sub.education, keyword: sub.keyword, immediate: sub.immediate, deliverTo: sub.channel, ...(sub.label ? { label: sub.label } : {}) };
    if (part === 'places') return this.next({ ...draft, kecamatan: null });
    if (part === 'education') {
      const { education: _e, ...rest } = draft;
      return this.next(rest);
    }
    if (part === 'keyword') {
      const { keyword: _k, ...rest } = draft;
      return this.next(rest);
    }
    const { immediate: _i, ...rest } = draft;
    return this.next(rest);
  }

  // "hapus yg tadi": which of the recent changes, numbered; nothing changes yet.
  private which(subs: SubscriptionView[], edit: AlertEdit): void {
    const options: Array<{ label: string; action: Action }> = [];
    const sub = this.visible().find((x) => x.id === this.d.state.changed?.id) ?? (subs.length === 1 ? subs[0] : undefined);
    if (edit.vagueRemoval && sub) {
      const changed = this.d.state.changed;
      if (changed?.id === sub.id) {
        if (changed.after.education !== undefined && changed.before.education !== undefined) options.push({ label: this.m.t('alerts.undo_education', { education: changed.before.education ? educationLabel(changed.before.education) : this.m.t('alerts.any_education') }), action: { do: 'alerts', go: 'apply', id: sub.id, changes: { education: changed.before.education } } });
        const added = (changed.after.kecamatan ?? []).filter((c) => !(changed.before.kecamatan ?? []).includes(c));
        for (const c of added) options.push({ label: this.m.t('alerts.remove_place', { place: this.t.ctx.region.nameOf(c) }), action: { do: 'alerts', go: 'apply', id: sub.id, changes: { kecamatan: sub.kecamatan.filter((k) => k !== c) } } });
      }
      if (sub.keyword) options.push({ label: this.m.t('alerts.remove_keyword', { keyword: sub.keyword }), action: { do: 'alerts', go: 'apply', id: sub.id, changes: { keyword: null } } });
      options.push({ label: this.m.t('alerts.change_nothing'), action: { do: 'alerts', go: 'keep' } });
      return this.show({ flow: 'alerts', step: 'which', draft: { id: sub.id, kecamatan: sub.kecamatan } }, this.m.t('alerts.which_change'), options.slice(0, 5));
    }
    // Several subscriptions and no telling which: ask.
    const lines = [this.m.t('alerts.which_subscription'), ...subs.map((s, i) => `${i + 1}. ${this.describe(s)}`)];
    this.t.showChoices({ flow: 'alerts', step: 'manage', draft: { kecamatan: null } }, lines.join('\n'), [], this.m.t('alerts.list_hint'));
    this.d.state.choices = subs.map((s, i) => ({ key: String(i + 1), action: editChanges(edit) ? { do: 'alerts', go: 'apply', id: s.id, changes: toChanges(s, edit) } : { do: 'alerts', go: 'edit', id: s.id } }));
  }

  private applyEdit(sub: SubscriptionView, edit: AlertEdit): void {
    if (edit.vagueRemoval && !editChanges(edit)) return this.which([sub], edit);
    if (edit.unsupported && !editChanges(edit)) {
      const keyword = edit.unsupported;
      return this.show({ flow: 'alerts', step: 'filter_offer', draft: { id: sub.id, kecamatan: sub.kecamatan } }, this.m.t('alerts.filter_unsupported', { filter: keyword }), [
        { label: this.m.t('alerts.filter_as_keyword', { keyword }), action: { do: 'alerts', go: 'apply', id: sub.id, changes: { keyword } } },
        { label: this.m.t('alerts.filter_no'), action: { do: 'alerts', go: 'keep' } },
      ]);
    }
    // "seminggu sekali bisa?": there are two timings; said plainly, and both offered.
    if (edit.otherTiming && !editChanges(edit)) {
      this.t.say(this.m.t('alerts.timing_only_two'));
      return this.askPart(sub, 'timing');
    }
    const changes = toChanges(sub, edit);
    // Nothing would change ("tiap hari" when it is daily already): the settings as they are.
    if (!Object.keys(changes).length) return this.manage(sub, this.m.t('alerts.already'));
    this.save(sub, changes);
  }

  // Writes a change and shows the subscription as it is now.
  private save(sub: SubscriptionView, changes: SubscriptionChanges): void {
    const after: SubscriptionView = { ...sub, ...changes, kecamatan: changes.kecamatan ?? sub.kecamatan };
    const before: SubscriptionChanges = {};
    for (const k of Object.keys(changes) as Array<keyof SubscriptionChanges>) (before as Record<string, unknown>)[k] = k === 'deliverTo' ? sub.channel : sub[k];
    this.t.effect({ type: 'subscription', id: sub.id, changes });
    this.d.state.changed = { id: sub.id, before, after: changes };
    // The subscription stays on screen: the next change can be said in words ("sekarang sudah D3").
    this.d.state.screen = { flow: 'alerts', step: 'manage', draft: { id: sub.id, kecamatan: after.kecamatan } };
    this.d.state.choices = [];
    const lines = [this.m.t('alerts.changed')];
    if (changes.education && changes.education !== sub.education) {
      if (/\b(lulus|wisuda|alhamdulillah)\b/.test(this.t.msg.text)) lines.unshift(this.m.t('alerts.congrats'));
      lines.push(this.m.t('alerts.education_now', { education: educationLabel(changes.education) }));
    }
    lines.push(`• ${this.describe(after)}`);
    if (changes.immediate === true) lines.push(this.quietLine());
    if (sub.status === 'paused') lines.push(this.m.t('alerts.still_paused'));
    lines.push(this.m.t('alerts.change_hint'));
    this.t.say(lines.join('\n'));
  }

  /** "jangan kirim malam-malam": the quiet hours and the digest time, nothing changed. */
  quietHours(): void {
    this.t.say([this.quietLine(), this.m.t('alerts.daily_at', { time: this.t.ctx.digestTime }), this.m.t('alerts.nothing_changed')].join('\n'));
  }

  private quietLine(): string {
    const q = this.t.ctx.quietHours;
    return q ? this.m.t('alerts.quiet', { hours: q }) : this.m.t('alerts.no_quiet');
  }

  // --- reading which subscription and what change ---------------------------

  // The edit a message asks for, against a subscription's places (or a draft's).
  private edit(sub: SubscriptionView | null, places: string[] = sub?.kecamatan ?? [], keyword: string | null = sub?.keyword ?? null): AlertEdit {
    return readAlertEdit(this.t.msg.original, this.t.u, this.t.ctx.region, places, keyword);
  }

  /**
   * The subscriptions a message names: by number ("yg no 1"), by whose ("yg
   * punya suami", "punya sy"), by a kecamatan only one of them has; all of
   * them for "semua"; none named = all when `allWhenNone`, else [].
   */
  private targets(pool: SubscriptionView[], options: { allWhenNone: boolean; pool?: SubscriptionView[] }): SubscriptionView[] {
    const t = this.t;
    const text = t.msg.text;
    const numbered = options.pool ?? this.visible();
    if (ALL.test(text)) return pool;
    if (t.msg.ordinal !== null && (/\b(no|nomor|nomer|yang|yg)\b/.test(text) || t.u.bareNumber) && numbered[t.msg.ordinal - 1]) {
      const s = numbered[t.msg.ordinal - 1]!;
      return pool.includes(s) ? [s] : [];
    }
    const whose = this.whoseNamed(pool);
    if (whose) return whose;
    if (t.u.districtCodes.length && pool.length > 1) {
      const hit = pool.filter((s) => t.u.districtCodes.some((c) => s.kecamatan.includes(c)));
      if (hit.length === 1) return hit;
    }
    if (pool.length === 1 && !options.allWhenNone) return pool;
    return options.allWhenNone ? pool : [];
  }

  // By whose: "yg punya suami", "punya siti", "adek sy" (a label), or "punya sy", "notif sy" (the person's own).
  private whoseNamed(pool: SubscriptionView[]): SubscriptionView[] | null {
    const text = this.t.msg.text;
    const said = (label: string) => {
      const name = label.toLowerCase();
      const aliases = [name, ...(LABEL_ALIASES[name] ?? [])];
      return aliases.some((a) => new RegExp(`\\b${a.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).test(text));
    };
    const labelled = pool.filter((s) => s.label && said(s.label));
    if (labelled.length) return labelled;
    if (/\b(punya|milik|yang|yg|notif|notifnya|langganan) (saya|sy|aku|ku|gw|gue|aye|abdi)\b|\bpunyaku\b|\bpunya sendiri\b|\bnotifku\b/.test(text)) {
      const hit = pool.filter((s) => !s.label);
      if (hit.length) return hit;
    }
    return null;
  }

  /** The subscriptions a message names by whose or number ("yg punya siti", "punya sy", "yg no 2"); null when it names none. */
  named(): SubscriptionView[] | null {
    const pool = this.visible();
    if (pool.length < 2) return null;
    const t = this.t;
    if (t.msg.ordinal !== null && /\b(no|nomor|nomer|yang|yg)\b/.test(t.msg.text) && pool[t.msg.ordinal - 1]) return [pool[t.msg.ordinal - 1]!];
    return this.whoseNamed(pool);
  }

  // --- words ----------------------------------------------------------------

  private show(screen: AlertsScreen, text: string, choices: Array<{ label: string; action: Action }>, options: { hint?: string; human?: boolean } = {}): void {
    const all = options.human ? [...choices, { label: this.m.t('repair.human'), action: { do: 'handoff' } as Action }] : choices;
    this.t.show(screen, text, all, options.hint ? { hint: options.hint } : {});
  }

  private complete(d: AlertDraft): { kecamatan: string[]; education: Education | null; keyword: string | null; immediate: boolean; deliverTo: ChannelName } {
    return { kecamatan: d.kecamatan ?? [], education: d.education ?? null, keyword: d.keyword ?? null, immediate: d.immediate ?? false, deliverTo: d.deliverTo ?? this.t.channel };
  }

  /** "Cibitung dan Setu · lulusan SMA/SMK ke bawah · semua pekerjaan · tiap hari jam 07.00 · aktif". */
  /** The channels this person can get alerts on (more than one once linked with a code). */
  channels(): ChannelName[] {
    return [this.t.channel, ...(this.t.input.linkedChannels ?? [])].filter((c, i, a) => a.indexOf(c) === i && c !== 'terminal');
  }

  /** Just linked on two channels: where alerts go, when there are any; otherwise only that the link is made. */
  linked(): void {
    const names = this.channels().map((c) => CHANNEL_NAMES[c]).join(' dan ');
    if (!this.visible().some((x) => x.status !== 'stopped')) return this.t.say(this.m.t('alerts.linked_done', { channels: names }));
    this.t.say(this.m.t('alerts.linked_choose', { channels: names }));
    this.askDelivery(null);
  }

  private askDelivery(again: string | null): void {
    const channels = this.channels();
    this.show({ flow: 'alerts', step: 'deliver', draft: { kecamatan: null } }, again ?? this.m.t('alerts.ask_delivery'), channels.map((c) => ({ label: CHANNEL_NAMES[c], action: { do: 'alerts', go: 'deliver', channel: c } })));
  }

  /** One subscription in a line: what it is about; unless short, when it comes and (unless told just now) its state. */
  describe(s: Pick<SubscriptionView, 'kecamatan' | 'education' | 'keyword' | 'immediate' | 'status' | 'label'>, short = false, withState = true): string {
    const parts = [this.placesText(s.kecamatan), s.education ? this.m.t('alerts.for_education', { education: educationLabel(s.education) }) : this.m.t('alerts.any_education'), s.keyword ? s.keyword : this.m.t('alerts.any_job_lower')];
    if (!short) parts.push(this.when(s.immediate));
    if (!short && withState) parts.push(this.m.t(s.status === 'paused' ? 'alerts.state_paused' : s.status === 'stopped' ? 'alerts.state_stopped' : 'alerts.state_active'));
    const whose = s.label ? this.m.t('alerts.for_whom', { who: s.label }) : this.all().length > 1 || this.d.state.screen.flow === 'alerts' && this.d.state.screen.draft.label ? this.m.t('alerts.own') : '';
    return `${whose ? `${whose} ` : ''}${parts.join(' · ')}`;
  }

  private whose(s: SubscriptionView): string {
    return s.label ? this.m.t('alerts.whose_other', { who: s.label }) : this.m.t('alerts.whose_own');
  }

  private summaryText(d: { kecamatan: string[]; education: Education | null; keyword: string | null; immediate: boolean }, label: string | null): string {
    return this.describe({ ...d, status: 'active', label }, false, false);
  }

  private placesText(codes: string[]): string {
    return codes.length ? listNames(codes.map((c) => this.t.ctx.region.nameOf(c)), this.m) : this.m.t('alerts.all_places_lower');
  }

  private when(immediate: boolean): string {
    return immediate ? this.m.t('alerts.when_immediate') : this.m.t('alerts.when_daily', { time: this.t.ctx.digestTime });
  }
}

// A question about vacancies ("ada loker di setu?", "lowongan satpam ada ga"), asked while an alert question waits.
export function searchQuestion(original: string, text: string): boolean {
  const vacancy = /\b(loker|lowongan|lowker|lowong)\w*\b/.test(text);
  return (vacancy && /\?/.test(original)) || /\b(ada|ono)\b.{0,30}\b(loker|lowongan|lowker)\w*\b|\b(loker|lowongan|lowker)\w*\b.{0,30}\b(ada|ono)\b( (ga|gak|gk|nggak|ngga|tidak|enggak|kah|nda|teu))?$/.test(text) || (/\?/.test(original) && /\b(ada|ono)\b/.test(text));
}

/** True when the message says the person (or the one the alerts are for) got a job: "udah dapet kerja", "keterima kerja". */
export function hiredSaid(text: string): boolean {
  return /\b(keterima|diterima|dapat|dapet|udah|sudah|udh|sdh) (kerja|kerjaan|pekerjaan)\b/.test(text) && !/\b(nanti|ntar|kalau|kalo|klo|kl|belum|blm)\b/.test(text);
}

function union(kept: string[] | null, more: string[]): string[] {
  return [...new Set([...(kept ?? []), ...more])];
}

function sameAs(s: SubscriptionView, d: AlertDraft): boolean {
  return JSON.stringify([...s.kecamatan].sort()) === JSON.stringify([...(d.kecamatan ?? [])].sort()) && s.education === (d.education ?? null) && s.keyword === (d.keyword ?? null);
}

function partOf(text: string): 'places' | 'education' | 'keyword' | 'timing' | null {
  if (/\b(kecamatan|daerah|tempat|lokasi|wilayah)\b/.test(text)) return 'places';
  if (/\b(pendidikan|lulusan|ijazah|sekolah)\b/.test(text)) return 'education';
  if (/\b(pekerjaan|kerjaan|posisi|bidang|kata)\b/.test(text)) return 'keyword';
  if (/\b(waktu|jam|kapan|harian|sering)\b/.test(text)) return 'timing';
  return null;
}

// The changes an edit makes to one subscription (what would stay the same is left out).
function toChanges(s: SubscriptionView, e: AlertEdit): SubscriptionChanges {
  const changes: SubscriptionChanges = {};
  const same = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));
  if (e.replaceAll) changes.kecamatan = e.replaceAll;
  else if (e.add.length || e.remove.length) {
    // Removing from "all kecamatan" keeps it all; adding to it narrows nothing.
    const base = s.kecamatan;
    const next = [...base.filter((c) => !e.remove.includes(c)), ...e.add.filter((c) => !base.includes(c))];
    if (base.length || e.add.length) changes.kecamatan = next;
  }
  if (changes.kecamatan && same(changes.kecamatan, s.kecamatan)) delete changes.kecamatan;
  if (e.education !== undefined && e.education !== s.education) changes.education = e.education;
  if (e.keyword !== undefined && e.keyword !== s.keyword) changes.keyword = e.keyword;
  if (e.immediate !== undefined && e.immediate !== s.immediate) changes.immediate = e.immediate;
  return changes;
}

// A correction to a draft.
function applyToDraft(d: AlertDraft, e: AlertEdit): AlertDraft {
  const base = d.kecamatan ?? [];
  const kecamatan = e.replaceAll ?? (e.add.length || e.remove.length ? [...base.filter((c) => !e.remove.includes(c)), ...e.add.filter((c) => !base.includes(c))] : d.kecamatan);
  return {
    ...d,
    kecamatan,
    ...(e.education !== undefined ? { education: e.education } : {}),
    ...(e.keyword !== undefined ? { keyword: e.keyword } : {}),
    ...(e.immediate !== undefined ? { immediate: e.immediate } : {}),
  };
}

// "telegram aja", "ke wa": the channel named in a message.
function channelNamed(text: string): ChannelName | null {
  if (/\b(telegram|tele|tg|telegra)\b/.test(text)) return 'telegram';
  if (/\b(whatsapp|wa|whatsap|watsap|wasap|whatapp)\b/.test(text)) return 'whatsapp';
  return null;
}
