// The message catalogue: every sentence the dialogue core says lives in
// flows/messages.yaml, so staff can change wording without a developer.
// This module knows which messages must exist and which {placeholders}
// each may use, and checks the file against that.

import { LineCounter, parseDocument, isMap, isScalar, type Node } from 'yaml';

// Every message and the placeholders it may use.
const SPEC = {
  welcome: ['office', 'regency'],
  'nav.hint': [], 'nav.hint_more': [], 'nav.bad_choice': ['choice'], 'nav.no_choices': [], 'nav.nothing_back': [],
  'menu.text': [], 'menu.again': [], 'menu.search': [], 'menu.guides': [], 'menu.office': [], 'menu.human': [],
  'search.ask_district': [], 'search.ask_district_again': [], 'search.ask_education': [],
  'search.edu_sd': [], 'search.edu_smp': [], 'search.edu_sma': [], 'search.edu_diploma': [], 'search.edu_sarjana': [],
  'search.pick_district': ['place'], 'search.pick_hint': [], 'search.pick_bekasi': [], 'search.bekasi_regency': [], 'search.bekasi_city': [],
  'search.city_outside': ['regency'], 'search.outside': ['place', 'regency'], 'search.outside_choice': ['regency'],
  'search.results': ['total', 'what', 'from', 'to'], 'search.results_one': ['what'], 'search.results_footer': [],
  'search.what_keyword': ['keyword'], 'search.what_places': ['places'], 'search.what_everywhere': [], 'search.what_education': ['education'], 'search.and': [],
  'search.no_more': [], 'search.no_list': [], 'search.none': ['what'], 'search.none_try': [],
  'search.alt_nearby': ['total', 'keyword', 'places'], 'search.alt_no_keyword': ['total', 'places'], 'search.alt_anywhere': ['total', 'keyword'], 'search.alt_intro': [],
  'search.item_detail': ['company', 'place', 'education', 'closing'], 'search.item_detail_open': ['company', 'place', 'education'],
  'search.sample_tag': [], 'search.sample_note': [], 'search.gone': [],
  'details.title_sample': ['title'], 'details.title': ['title'], 'details.company': ['company'], 'details.place': ['address', 'place'],
  'details.education': ['education'], 'details.education_major': ['education', 'major'],
  'details.type_tetap': [], 'details.type_kontrak': [], 'details.type_harian': [], 'details.type_magang': [], 'details.type_paruh_waktu': [],
  'details.quota': ['quota'], 'details.work': ['parts'], 'details.salary_range': ['min', 'max'], 'details.salary_one': ['amount'],
  'details.salary_from': ['amount'], 'details.salary_to': ['amount'], 'details.age_max': ['age'], 'details.age_min': ['age'], 'details.age_range': ['min', 'max'],
  'details.men': [], 'details.women': [], 'details.who': ['parts'], 'details.closing': ['date'], 'details.no_closing': [], 'details.how': ['how'],
  'details.verified': [], 'details.source': ['url'], 'details.free': [], 'details.hint': [],
  'secret.nik': [], media: [], money: [], bot: [], thanks: [], out_of_scope: [], handoff: ['office'], handoff_unavailable: ['office'], handoff_contact: ['contact'], handoff_visit: ['name', 'location'],
  'office.where': ['name', 'location'], 'office.address': ['value'], 'office.hours': ['value'], 'office.phone': ['value'], 'office.whatsapp': ['value'],
  'office.email': ['value'], 'office.instagram': ['value'], 'office.website': ['value'], 'office.unknown': ['fields'],
  'office.unknown_address': [], 'office.unknown_hours': [], 'office.unknown_phone': [], 'office.free': [],
  job_fair: [], job_fair_choice: [], training: ['note'], training_choice: [], report_vacancy: [], report_vacancy_choice: [], feedback: [],
  'delete.confirm': [], 'delete.yes': [], 'delete.no': [], 'delete.done': [], 'delete.cancelled': [],
  'menu.alerts': [],
  'alerts.ask_places': [], 'alerts.ask_places_again': [], 'alerts.pick': ['place'], 'alerts.ask_education': [], 'alerts.hint_all': [],
  'alerts.ask_keyword': [], 'alerts.ask_keyword_again': [], 'alerts.any_job': [], 'alerts.ask_timing': [], 'alerts.daily': ['time'], 'alerts.immediate': [],
  'alerts.ask_channel': [], 'alerts.summary': ['what', 'when', 'channel'], 'alerts.yes': [], 'alerts.change': [], 'alerts.pause': [], 'alerts.resume': [], 'alerts.stop': [],
  'alerts.when_daily': ['time'], 'alerts.when_immediate': [], 'alerts.done': ['what', 'when'], 'alerts.moved': ['channel'],
  'alerts.status': ['what', 'when', 'channel'], 'alerts.status_paused': ['what', 'when', 'channel'],
  'alerts.confirm_stop': [], 'alerts.stop_yes': [], 'alerts.stop_no': [], 'alerts.kept': [],
  'alerts.stopped': ['what'], 'alerts.stopped_nothing': [], 'alerts.paused': [], 'alerts.resumed': ['what', 'when'], 'alerts.not_subscribed': [],
  'alerts.link_code': ['other', 'code'], 'alerts.linked': ['channels'], 'alerts.link_unknown': [],
  'digest.header': ['date'], 'digest.count': ['total', 'what', 'shown'], 'digest.hint': [], 'digest.alert': ['what'],
  'broadcast.header': ['office'], 'broadcast.hint': [],
  'staff.usage': [], 'staff.bad_segment': ['problem'], 'staff.preview': ['id', 'total', 'text'], 'staff.not_draft': ['id'], 'staff.sending': ['id', 'total'],
  'staff.handoff': ['who', 'text'], 'staff.forward': ['who', 'text'], 'staff.usage_reply': [], 'staff.reply_prefix': ['text'], 'staff.replied': ['who'], 'staff.not_replied': ['who'], 'staff.closed': ['who'],
  'staff.unknown': ['id'], 'staff.cancelled': ['id', 'count'], 'staff.progress': ['id', 'status', 'sent', 'total', 'pending', 'failed', 'cancelled'],
  'secret.password': [], 'secret.code': [],
  'guide.list': [], 'guide.more': [], 'guide.list_hint': [], 'guide.intro_header': ['title'], 'guide.free': [], 'guide.start': [], 'guide.later': [],
  'guide.header': ['title', 'step', 'total'], 'guide.secret_nik': [], 'guide.secret_password': [], 'guide.secret_code': [],
  'guide.yes': [], 'guide.problem': [], 'guide.problems': [], 'guide.not_understood': [], 'guide.human': [], 'guide.hint': [],
  'guide.simple_header': [], 'guide.branch_header': ['title', 'step', 'total'], 'guide.solved': [], 'guide.unsolved': [],
  'guide.solved_back': ['step'], 'guide.solved_alone': [], 'guide.branch_failed': [], 'guide.back_to_step': ['step'],
  'guide.done_header': ['title'], 'guide.next': ['title'], 'guide.menu': [], 'guide.resume': ['step', 'total'],
  'guide.offer_resume': ['title', 'step', 'total'], 'guide.nothing_to_resume': [],
} as const satisfies Record<string, readonly string[]>;

export type MessageKey = keyof typeof SPEC;
type Vars<K extends MessageKey> = Partial<Record<(typeof SPEC)[K][number], string | number>>;

/** A problem in a content file, with where it is. */
export class ContentError extends Error {
  constructor(
    readonly problems: Array<{ file: string; line: number; problem: string }>,
  ) {
    super(problems.map((p) => `${p.file}:${p.line}: ${p.problem}`).join('\n'));
  }
}

/** The loaded catalogue; `t` fills a message's placeholders. */
export class Catalogue {
  constructor(private readonly messages: ReadonlyMap<string, string>) {}

  /** The message `key` with its placeholders filled. */
  t<K extends MessageKey>(key: K, vars?: Vars<K>): string {
    const template = this.messages.get(key) ?? key;
    const values = (vars ?? {}) as Record<string, string | number>;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
  }
}

/** Checks a catalogue's text; returns the messages or throws ContentError naming file and line. */
export function parseCatalogue(text: string, file: string): Catalogue {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const problems: Array<{ file: string; line: number; problem: string }> = [];
  for (const e of doc.errors) problems.push({ file, line: lineCounter.linePos(e.pos[0]).line, problem: e.message.split('\n')[0]! });
  const messages = new Map<string, string>();
  const lines = new Map<string, number>();
  const walk = (node: Node | null, prefix: string) => {
    if (!isMap(node)) return;
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      const full = prefix ? `${prefix}.${key}` : key;
      const line = pair.key && isScalar(pair.key) && pair.key.range ? lineCounter.linePos(pair.key.range[0]).line : 0;
      if (isMap(pair.value)) walk(pair.value, full);
      else {
        lines.set(full, line);
        const value = isScalar(pair.value) ? pair.value.value : null;
        if (typeof value !== 'string' || !value.trim()) problems.push({ file, line, problem: `"${full}" must be a non-empty text` });
        else messages.set(full, value);
      }
    }
  };
  if (!problems.length) walk(doc.contents as Node | null, '');
  for (const [key, allowed] of Object.entries(SPEC)) {
    const message = messages.get(key);
    if (message === undefined) {
      if (!lines.has(key)) problems.push({ file, line: 1, problem: `message "${key}" is missing` });
      continue;
    }
    for (const [, name] of message.matchAll(/\{(\w+)\}/g)) {
      if (!(allowed as readonly string[]).includes(name!)) {
        problems.push({ file, line: lines.get(key) ?? 0, problem: `"${key}" uses {${name}}, which this message cannot fill (it may use: ${allowed.length ? allowed.map((a) => `{${a}}`).join(' ') : 'none'})` });
      }
    }
  }
  for (const key of messages.keys()) {
    if (!(key in SPEC)) problems.push({ file, line: lines.get(key) ?? 0, problem: `"${key}" is not a message the bot uses (a typo?)` });
  }
  if (problems.length) throw new ContentError(problems);
  return new Catalogue(messages);
}
