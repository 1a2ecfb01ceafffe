// The office and other offices: address, hours, map and contacts only from
// settings (what is not set is said to be unknown); whether it is open now;
// labour disputes routed to the office's industrial-relations service;
// matters of other offices (KTP and KK at Disdukcapil, BPJS, Kota Bekasi's own
// Disnaker) named without inventing their addresses; scam warnings.

import { closingSoon, isOpen, nextOpening, parseOfficeHours, DAY_NAMES } from '../../domain/office-hours.ts';
import { listNames } from '../format.ts';
import type { Catalogue } from '../messages.ts';
import type { Action } from '../types.ts';
import type { Dialogue } from '../dialogue.ts';
import { titleCase } from './search.ts';

const LABOUR = /\b(phk|di ?phk|dipecat|pesangon|thr|gaji|upah|lembur)\b.*\b(tidak|belum|ga|gak|kagak|blm|nggak|enggak|ngga|gk) ?(dibayar|dibayarkan|cair|dikasih|diberi|turun|keluar)\b|\bphk\b|\bdi ?phk\b|\bpesangon\b|\bsengketa\b|\bperselisihan\b|\bhubungan industrial\b|\bdipecat\b|\bkontrak\b.*\b(diputus|sepihak)\b|\b(gaji|upah)\b.*\b(dipotong|telat|nunggak)\b/;
const KTP = /\b(ktp|e ?ktp|kk|kartu keluarga|akta|akte|dukcapil|disdukcapil|kependudukan)\b/;
const KTP_ACTION = /\b(patah|rusak|hilang|ganti|bikin|buat|urus|cetak|ubah|perbaiki|salah|beda|pindah|baru)\b/;
// A KTP or KK errand of its own (for any state, even mid-guide): the card broken or lost, a new one, its data wrong.
const KTP_ERRAND = /\b(patah|rusak|hilang|bikin (lagi|baru|ulang)|buat (lagi|baru|ulang)|cetak (lagi|ulang)|perbaiki|perbaikan|ganti (ktp|kk)|salah (nama|data|tanggal))\b/;
const BPJS = /\b(bpjs|jht|jkp|jaminan hari tua|klaim)\b/;
// A BPJS errand of its own (a claim, the card, the balance), whatever else is going on.
const BPJS_ERRAND = /\b(bpjs|jht|jaminan hari tua)\b.{0,25}\b(klaim|cair|cairin|pencairan|daftar|urus|kartu|saldo|gimana|gmn|bagaimana|cara)\b|\b(klaim|cair|cairin|pencairan|saldo)\b.{0,10}\b(bpjs|jht)\b/;
// The AK/1 is made by the Disnaker of the KTP's regency (domain.md §3): a KTP from elsewhere, or living here on a domicile letter.
const AK1 = /\b(kartu kuning|ak ?1|ak1|kartu pencari kerja|kartu pencaker|kartu ak)\b/;
const KTP_ELSEWHERE = /\b(luar|daerah lain|kota lain|kab lain|kabupaten lain|beda|bukan bekasi|bukan kabupaten|kampung|asal|jakarta|karawang|bogor|depok|bandung|jawa|sumatera|sumatra|kota bekasi|perantau|rantau|merantau)\b/;
const DOMICILE = /\b(domisili|surat keterangan (tinggal|domisili)|skd|ngontrak|ngekos|ngekost|kos|kost|numpang|tinggal di bekasi)\b/;
const CITY = /\b(kota bekasi|disnaker kota|bekasi kota)\b/;
const SCAM = /\b(nipu|penipu|penipuan|tipu|ditipu|scam|calo|abal abal|palsu|hoax|hoaks|ngaku|mengaku)\b|\b(minta|dimintai|diminta|disuruh|suruh|harus|wajib)\b.{0,20}\b(\d+ ?(rb|ribu|jt|juta|k)|uang|duit)\b.{0,40}\b(diterima|kerja|masuk|lolos|lulus)\b|\b(biar|supaya|agar) (cepet|cepat|pasti|langsung) (diterima|masuk kerja|kerja|lolos)\b|\b(minta|disuruh|harus|suruh) (transfer|tf|bayar|setor|uang)\b|\btransfer\b.*\b(rekening|rek)\b|\brekening (pribadi|atas nama)\b/;
const DAY_QUESTION = /\b(senin|selasa|rabu|kamis|jumat|jum at|sabtu|minggu|ahad|hari libur|tanggal merah)\b/;

export class OfficeFlow {
  constructor(private readonly d: Dialogue) {}

  private get t() {
    return this.d.turn;
  }

  private get m(): Catalogue {
    return this.d.turn.m;
  }

  /** What a question about the office asks: one thing (hours on a day, phone, map) or all that is known. */
  info(): void {
    const o = this.t.ctx.office;
    const text = this.t.msg.text;
    const lines: string[] = [];
    const wantsPhone = /\b(telepon|telpon|nelpon|nelepon|ditelpon|ditelepon|ditelp|tlp|telp|nomor|nomer|no hp|kontak|hubungi|dihubungi|call center|wa|whatsapp)\b/.test(text);
    const wantsMap = /\b(maps|map|peta|lokasi|share ?loc|gmaps|google maps)\b/.test(text);
    const wantsHours = /\b(jam|buka|tutup|libur|hari kerja|operasional)\b/.test(text) || DAY_QUESTION.test(text);
    const wantsWhere = /\b(dimana|di mana|alamat|alamatnya|lokasi|letak)\b/.test(text);
    if (wantsHours && DAY_QUESTION.test(text)) lines.push(this.dayAnswer(text));
    else if (wantsPhone && !wantsWhere && !wantsMap) {
      const contact = [o.phone && this.m.t('office.phone', { value: o.phone }), o.whatsapp && this.m.t('office.whatsapp', { value: o.whatsapp }), o.email && this.m.t('office.email', { value: o.email })].filter(Boolean) as string[];
      lines.push(...(contact.length ? contact : [this.m.t('office.no_phone')]));
      if (!contact.length) {
        this.t.say(lines.join('\n'));
        return this.offerHuman();
      }
    } else {
      if (o.location) lines.push(this.m.t('office.where', { name: o.name, location: o.location }));
      if (o.address) lines.push(this.m.t('office.address', { value: o.address }));
      if (o.mapUrl) lines.push(this.m.t('office.map', { value: o.mapUrl }));
      else if (wantsMap) lines.push(this.m.t('office.no_map'));
      if (o.hours) lines.push(this.m.t('office.hours', { value: o.hours }));
      // "masih bisa kesana hari ini?": whether it is open now, from the hours.
      if (o.hours && /\b(hari ini|sekarang|skrg|masih (bisa|buka|sempat|keburu)|jam segini|sore ini|siang ini|pagi ini)\b/.test(text)) {
        const now = this.openLine();
        if (now) lines.push(now);
      }
      for (const f of ['phone', 'whatsapp', 'email', 'instagram', 'website'] as const) {
        const value = o[f];
        if (value) lines.push(this.m.t(`office.${f}`, { value }));
      }
      const unknown = (['address', 'hours', 'phone'] as const).filter((f) => !o[f]).map((f) => this.m.t(`office.unknown_${f}`));
      if (unknown.length) {
        const names = listNames(unknown, this.m);
        lines.push(this.m.t('office.unknown', { fields: names.charAt(0).toUpperCase() + names.slice(1) }));
      }
    }
    this.t.settle();
    this.t.say(lines.join('\n'));
  }

  // "buka hari sabtu ga?": from the hours set, or honestly unknown.
  private dayAnswer(text: string): string {
    const o = this.t.ctx.office;
    const schedule = parseOfficeHours(o.hours);
    if (!schedule) return o.hours ? this.m.t('office.hours', { value: o.hours }) : this.m.t('office.no_hours');
    const day = DAY_NAMES.findIndex((d) => new RegExp(`\\b${d.toLowerCase()}\\b`).test(text.replace('jum at', 'jumat')));
    if (day < 0) return this.m.t('office.hours', { value: o.hours! });
    const open = schedule[day]!.length > 0;
    return this.m.t(open ? 'office.day_open' : 'office.day_closed', { day: DAY_NAMES[day]!, hours: o.hours! });
  }

  /** "Kantor sedang buka" / "kantor tutup, buka lagi Senin 08.00"; null when the hours are not set or cannot be read. */
  openLine(forReply = false): string | null {
    const o = this.t.ctx.office;
    const schedule = parseOfficeHours(o.hours);
    if (!schedule) return o.hours ? null : this.m.t('office.hours_unknown_for_reply');
    const tz = this.t.ctx.timeZone ?? 'Asia/Jakarta';
    // Open, but not for long: "buka sampai 16.00 (sekitar 15 menit lagi)", so no one sets out for a closed door.
    const soon = closingSoon(schedule, this.t.at, tz);
    if (soon) {
      const line = this.m.t('office.closing_soon', { time: soon.time, minutes: soon.minutes });
      if (!forReply) return line;
      // A petugas may not answer before closing: when they can next.
      const next = nextOpening(schedule, new Date(this.t.at.getTime() + soon.minutes * 60_000), tz);
      if (!next) return line;
      const when = next.tomorrow ? this.m.t('office.tomorrow_at', { day: next.day, time: next.time }) : this.m.t('office.day_at', { day: next.day, time: next.time });
      return `${line} ${this.m.t('office.reply_after_close', { when })}`;
    }
    if (isOpen(schedule, this.t.at, tz)) return this.m.t('office.open_now');
    const next = nextOpening(schedule, this.t.at, tz);
    if (!next) return this.m.t('office.closed_now');
    const when = next.today ? this.m.t('office.today_at', { time: next.time }) : next.tomorrow ? this.m.t('office.tomorrow_at', { day: next.day, time: next.time }) : this.m.t('office.day_at', { day: next.day, time: next.time });
    return this.m.t('office.closed_until', { when });
  }

  /** How to reach the office when no one is connected to the chat; null when nothing is known. */
  contactLine(): string | null {
    const o = this.t.ctx.office;
    const contact = [o.whatsapp && `WhatsApp ${o.whatsapp}`, o.phone && `telepon ${o.phone}`].filter(Boolean).join(', ');
    if (contact) return this.m.t('handoff_contact', { contact });
    if (o.location) return this.m.t('handoff_visit', { name: o.name, location: o.location });
    return null;
  }

  /** A visit to the office: where and when, from the settings. */
  visit(): void {
    this.t.settle();
    this.t.say([this.m.t('office.visit_intro'), ...this.visitLines()].join('\n'));
  }

  /** Where the office is and when it is open, from the settings (what is not set is said to be unknown). */
  visitLines(): string[] {
    const o = this.t.ctx.office;
    const lines: string[] = [];
    if (o.location) lines.push(this.m.t('office.where', { name: o.name, location: o.location }));
    if (o.address) lines.push(this.m.t('office.address', { value: o.address }));
    if (o.mapUrl) lines.push(this.m.t('office.map', { value: o.mapUrl }));
    lines.push(o.hours ? this.m.t('office.hours', { value: o.hours }) : this.m.t('office.no_hours'));
    return lines;
  }

  private offerHuman(): void {
    // No petugas connected: never "petugas bisa membantu lewat chat ini"; where and when the office is, and a message left.
    if (!this.t.ctx.staffReachable) {
      if (this.t.input.handoff && this.t.input.handoff.status !== 'closed') return this.t.say([...this.visitLines(), this.m.t('handoff.still_waiting_short')].join('\n'));
      return this.t.show({ flow: 'handoff', step: 'offer' }, [...this.visitLines(), this.m.t('handoff.leave_message_offer')].join('\n'), [{ label: this.m.t('handoff.leave_message_choice'), action: { do: 'leave_message' } }]);
    }
    this.t.show({ flow: 'handoff', step: 'offer' }, this.m.t('office.ask_petugas'), [{ label: this.m.t('handoff.offer_chat'), action: { do: 'handoff' } }]);
  }

  /** A labour dispute (PHK, pesangon or wages unpaid): the industrial-relations service, a petugas, no legal advice. */
  isLabour(): boolean {
    return LABOUR.test(this.t.msg.text);
  }

  /** "sy di phk bulan lalu" told as background: being laid off is named, but no dispute (pesangon, wages, a contract cut). */
  laidOffOnly(): boolean {
    const rest = this.t.msg.text.replace(/\b(kena |di ?)?phk\b|\bdipecat\b/g, ' ');
    return LABOUR.test(this.t.msg.text) && !LABOUR.test(rest);
  }

  labour(): void {
    this.t.count('complaints');
    this.t.note('complaint', this.t.msg.original.slice(0, 500));
    const o = this.t.ctx.office;
    const hi = o.industrial;
    // Where the industrial-relations service is, when, and what to bring: only what the settings say.
    const service = [hi?.place && this.m.t('office.labour_place', { value: hi.place }), hi?.hours && this.m.t('office.labour_hours', { value: hi.hours }), hi?.bring && this.m.t('office.labour_bring', { value: hi.bring })].filter(Boolean) as string[];
    const lines = [this.m.t('office.labour'), ...service, this.m.t('office.labour_no_advice')];
    const details = [o.location && this.m.t('office.where', { name: o.name, location: o.location }), o.address && this.m.t('office.address', { value: o.address }), o.hours && this.m.t('office.hours', { value: o.hours })].filter(Boolean) as string[];
    this.t.show({ flow: 'handoff', step: 'offer' }, lines.join('\n'), [
      { label: this.m.t('handoff.offer_chat'), action: { do: 'handoff' } },
      { label: this.m.t(details.length ? 'office.labour_details' : 'office.labour_details_unknown'), action: { do: 'visit' } },
    ]);
  }

  /** "ktp sy jakarta bisa bikin kartu kuning disini?", "pake surat domisili bisa?": where the AK/1 is made; false when not asked. */
  ak1Residence(): boolean {
    const t = this.t;
    const text = t.msg.text;
    const topic = AK1.test(text) || t.u.entities.platform === 'ak1' || this.d.state.guide?.id === 'ak1' || t.state.facts.topics?.at(-1) === 'ak1';
    if (!topic) return false;
    const elsewhere = /\bktp\w*\b/.test(text) && (KTP_ELSEWHERE.test(text) || t.u.outsidePlaces.length > 0);
    const domicile = DOMICILE.test(text);
    if (!elsewhere && !domicile) return false;
    const lines = [this.m.t('office.ak1_ktp_regency')];
    // "KTP abdi mah KTP karawang": the place named, so the person hears where to go.
    // Only a place right after "KTP" ("ktp sy karawang"), not where the person works or lives.
    const place = elsewhere ? t.u.outsidePlaces.find((p) => new RegExp(`\\bktp\\w*(\\s+\\S+){0,3}?\\s+${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i').test(text)) : undefined;
    if (place) lines.push(this.m.t('office.ak1_ktp_place', { place: titleCase(place) }));
    if (domicile) lines.push(this.m.t('office.ak1_domicile'));
    t.show({ flow: 'handoff', step: 'offer' }, lines.join('\n'), [{ label: this.m.t('handoff.offer_chat'), action: { do: 'handoff' } }]);
    return true;
  }

  /** A matter of another office: named, never with an invented address or hours; false when none. `strict`: only a KTP or KK errand. */
  otherOffice(strict = false): boolean {
    const text = this.t.msg.text;
    let key: 'office.dukcapil' | 'office.bpjs' | 'office.city' | null = null;
    if (KTP.test(text) && (strict ? KTP_ERRAND.test(text) && !/\b(foto|kirim)\b/.test(text) : KTP_ACTION.test(text) || /\?/.test(this.t.msg.original))) key = 'office.dukcapil';
    else if (BPJS_ERRAND.test(text) && !/\b(siapkerja|siap kerja|karirhub|akun|password|sandi)\b/.test(text)) key = 'office.bpjs';
    else if (strict) return false;
    else if (BPJS.test(text)) key = 'office.bpjs';
    else if (CITY.test(text) && /\b(disnaker|kantor|daftar|kartu)\b/.test(text)) key = 'office.city';
    if (!key) return false;
    const lines = [this.m.t(key)];
    // A KTP question during the AK/1 guide: whether the card office accepts it is not known.
    if (key === 'office.dukcapil' && (this.d.state.guide?.id === 'ak1' || this.t.state.facts.topics?.includes('ak1'))) lines.push(this.m.t('office.ktp_for_ak1'));
    this.t.show({ flow: 'handoff', step: 'offer' }, lines.join('\n'), [{ label: this.m.t('handoff.offer_chat'), action: { do: 'handoff' } }]);
    return true;
  }

  /** A scam told ("disuruh transfer", "ngaku dari disnaker"). */
  isScam(): boolean {
    return SCAM.test(this.t.msg.text);
  }

  scam(options: Array<{ label: string; action: Action }> = []): void {
    this.t.count('scam_reports');
    this.t.note('scam', this.t.msg.original.slice(0, 500));
    const lines = [this.m.t('scam.warning'), this.m.t('scam.agencies')];
    this.t.show({ flow: 'handoff', step: 'offer' }, lines.join('\n'), [...options, { label: this.m.t('scam.report_choice'), action: { do: 'handoff' } }]);
  }
}
