// The message catalogue: every sentence the dialogue core says lives in
// flows/messages.yaml, so staff can change wording without a developer.
// This module knows which messages must exist and which {placeholders}
// each may use, and checks the file against that.

import { LineCounter, parseDocument, isMap, isScalar, type Node } from 'yaml';

// Every message and the placeholders it may use.
const SPEC = {
  welcome: ['office', 'regency'],
  'nav.hint': [], 'nav.hint_more': [], 'nav.bad_choice': ['choice', 'last'], 'nav.no_choices': [], 'nav.nothing_back': [],
  'menu.text': [], 'menu.again': [], 'menu.search': [], 'menu.guides': [], 'menu.office': [], 'menu.human': [],
  'search.ask_district': [], 'search.ask_district_again': [], 'search.ask_education': [],
  'search.edu_sd': [], 'search.edu_smp': [], 'search.edu_sma': [], 'search.edu_diploma': [], 'search.edu_sarjana': [],
  'search.pick_district': ['place'], 'search.pick_hint': [], 'search.pick_bekasi': ['regency'], 'search.bekasi_regency': ['regency'], 'search.bekasi_city': [],
  'search.far': [],
  'search.outside': ['place', 'regency'], 'search.outside_choice': ['regency'],
  'search.results': ['total', 'what', 'from', 'to'], 'search.results_one': ['what'], 'search.results_footer': [],
  'search.what_keyword': ['keyword'], 'search.what_places': ['places'], 'search.what_everywhere': [], 'search.what_education': ['education'], 'search.and': [],
  'search.no_more': [], 'search.no_list': [], 'search.none': ['what'], 'search.none_try': [],
  'search.alt_nearby': ['total', 'keyword', 'places'], 'search.alt_no_keyword': ['total', 'places', 'education'], 'search.alt_anywhere': ['total', 'keyword'], 'search.alt_intro': [],
  'search.item_detail': ['company', 'place', 'education', 'closing'], 'search.item_detail_open': ['company', 'place', 'education'],
  'search.sample_tag': [], 'search.sample_note': [], 'search.gone': [],
  'details.title_sample': ['title'], 'details.title': ['title'], 'details.company': ['company'], 'details.place': ['address', 'place'],
  'details.education': ['education'], 'details.education_major': ['education', 'major'],
  'details.type_tetap': [], 'details.type_kontrak': [], 'details.type_harian': [], 'details.type_magang': [], 'details.type_paruh_waktu': [],
  'details.quota': ['quota'], 'details.work': ['parts'], 'details.salary_range': ['min', 'max'], 'details.salary_one': ['amount'],
  'details.salary_from': ['amount'], 'details.salary_to': ['amount'], 'details.age_max': ['age'], 'details.age_min': ['age'], 'details.age_range': ['min', 'max'],
  'details.men': [], 'details.women': [], 'details.who': ['parts'], 'details.closing': ['date'], 'details.no_closing': [], 'details.how': ['how'],
  'details.verified': [], 'details.source': ['url'], 'details.posted': ['date', 'source'], 'details.posted_source': ['source'], 'details.source_sample': [], 'details.source_office': [], 'details.source_report': [], 'details.source_karirhub': [], 'details.free': [], 'details.hint': [],
  'secret.nik': [], media: [], money: [], bot: [], thanks: [], out_of_scope: [], handoff_contact: ['contact'], handoff_visit: ['name', 'location'],
  'office.where': ['name', 'location'], 'office.address': ['value'], 'office.hours': ['value'], 'office.phone': ['value'], 'office.whatsapp': ['value'],
  'office.email': ['value'], 'office.instagram': ['value'], 'office.website': ['value'], 'office.unknown': ['fields'],
  'office.unknown_address': [], 'office.unknown_hours': [], 'office.unknown_phone': [], 'office.free': [],
  job_fair: [], job_fair_choice: [], training: ['note'], training_choice: [], feedback: [],
  'report.thanks': [], 'report.free': [], 'report.karirhub': [], 'report.checked': [], 'report.start_choice': [], 'report.taken': ['what'],
  'report.fee_refused': [], 'report.fee_removed': [], 'report.fee_question': [], 'report.continue_choice': [], 'report.changed': [],
  'report.ask_position': [], 'report.ask_quota': [], 'report.ask_kecamatan': [], 'report.ask_education': [], 'report.ask_requirements': [],
  'report.ask_howToApply': [], 'report.ask_closing': [], 'report.ask_company': [], 'report.ask_contact': [], 'report.ask_pick': ['place'], 'report.hint': [],
  'report.summary_header': [], 'report.confirm_question': [], 'report.send_choice': [], 'report.change_choice': [], 'report.ask_change': [],
  'report.item_company': ['value'], 'report.item_position': ['value'], 'report.item_quota': ['value'], 'report.item_education': ['value'],
  'report.item_requirements': ['value'], 'report.item_wage': ['value'], 'report.item_place': ['value'], 'report.item_how': ['value'],
  'report.item_closing': ['value'], 'report.item_contact': ['value'], 'report.item_notes': ['value'], 'report.any_education': [],
  'report.people': ['n'], 'report.how_taken': [], 'report.closing_taken': ['date'], 'report.women': [], 'report.men': [], 'report.anyone': [],
  'report.age_range': ['min', 'max'], 'report.age_max': ['max'], 'report.age_min': ['min'],
  'report.sent': ['reference'], 'report.after': [], 'report.not_stored': [], 'report.cancelled': [], 'report.progress': [], 'report.not_understood': [],
  'report.none': [], 'report.unknown_reference': ['reference'], 'report.status_pending': ['reference', 'title'], 'report.status_approved': ['reference', 'title'],
  'report.status_rejected': ['reference', 'title', 'reason'], 'report.review_time': ['time'], 'report.no_review_time': [],
  'report.notice_approved': ['reference', 'title'], 'report.notice_rejected': ['reference', 'title', 'reason'],
  'delete.confirm': [], 'delete.yes': [], 'delete.no': [], 'delete.done': [], 'delete.cancelled': [],
  'menu.alerts': [],
  'alerts.ask_places': [], 'alerts.ask_places_again': [], 'alerts.pick': ['place'], 'alerts.ask_education': ['who'], 'alerts.hint_all': [],
  'alerts.ask_keyword': [], 'alerts.any_job': [], 'alerts.ask_timing': [], 'alerts.daily': ['time'], 'alerts.immediate': [],
  'alerts.ask_channel': [], 'alerts.summary': ['what', 'when', 'channel'], 'alerts.yes': [], 'alerts.change': [], 'alerts.pause': [], 'alerts.resume': [], 
  'alerts.when_daily': ['time'], 'alerts.when_immediate': [], 'alerts.done': ['what'], 'alerts.moved': ['channel'],
  'alerts.status': ['what', 'when', 'channel'], 'alerts.status_paused': ['what', 'when', 'channel'],
  'alerts.kept': [],
  'alerts.stopped_nothing': [], 'alerts.paused': [], 'alerts.resumed': ['what', 'when'], 'alerts.not_subscribed': [],
  'alerts.link_code': ['other', 'code'], 'alerts.link_unknown': [],
  'digest.header': ['date'], 'digest.count': ['total', 'what', 'shown'], 'digest.hint': [], 'digest.alert': ['what'],
  'broadcast.header': ['office'], 'broadcast.hint': [],
  'staff.usage': [], 'staff.bad_segment': ['problem'], 'staff.preview': ['id', 'total', 'text'], 'staff.not_draft': ['id'], 'staff.sending': ['id', 'total'],
  'staff.handoff': ['who', 'text'], 'staff.forward': ['who', 'text'], 'staff.usage_reply': [], 'staff.reply_prefix': ['text'], 'staff.replied': ['who'], 'staff.not_replied': ['who'], 'staff.closed': ['who'],
  'staff.unknown': ['id'], 'staff.cancelled': ['id', 'count'], 'staff.progress': ['id', 'status', 'sent', 'total', 'pending', 'failed', 'cancelled'],
  'secret.password': [], 'secret.code': [],
  'guide.list': [], 'guide.more': [], 'guide.list_hint': [], 'guide.intro_header': ['title'], 'guide.free': [], 'guide.start': [], 'guide.later': [],
  'guide.header': ['title', 'step', 'total'], 'guide.secret_nik': [], 'guide.secret_password': [], 'guide.secret_code': [],
  'guide.yes': [], 'guide.problem': [], 'guide.problems': [], 'guide.not_understood': [], 'guide.human': [], 'guide.hint': [],
  'guide.simple_header': ['step', 'total'], 'guide.branch_header': ['title', 'step', 'total'], 'guide.solved': [], 'guide.unsolved': [],
  'guide.solved_back': ['step'], 'guide.solved_alone': [], 'guide.branch_failed': [], 'guide.back_to_step': ['step'],
  'guide.done_header': ['title'], 'guide.next': ['title'], 'guide.menu': [], 'guide.resume': ['step', 'total', 'title'],
  'guide.offer_resume': ['title', 'step', 'total'], 'guide.nothing_to_resume': [],
  'alerts.all_places': [],
  'alerts.already': [],
  'alerts.not_subscribed_nothing_sent': [],
  'alerts.add_or_replace': ['what'], 'alerts.add_places': ['what'], 'alerts.replace_places': ['what'],
  'alerts.all_places_lower': [],
  'alerts.any_education': [],
  'alerts.any_job_lower': [],
  'alerts.any_job_taken': ['keyword'],
  'alerts.ask_education_other': ['who'],
  'alerts.ask_places_last': [],
  'alerts.both_here': ['count'],
  'alerts.change_draft': [],
  'alerts.change_hint': [],
  'alerts.change_nothing': [],
  'alerts.changed': [],
  'alerts.congrats': [],
  'alerts.corrected': ['what'],
  'alerts.daily_at': ['time'],
  'alerts.education_now': ['education'],
  'alerts.education_taken': ['education'],
  'alerts.filter_as_keyword': ['keyword'],
  'alerts.filter_no': [],
  'alerts.filter_unsupported': ['filter'],
  'alerts.for_education': ['education'],
  'alerts.for_whom': ['who'],
  'alerts.keep_off_none': [],
  'alerts.keep_off_note': ['what'],
  'alerts.keyword_taken': ['keyword'],
  'alerts.linked_done': ['channels'],
  'alerts.none_now': [],
  'alerts.until_stopped': [],
  'alerts.can_restart': [],
  'alerts.hired': [],
  'alerts.make_one': [],
  'alerts.linked_choose': ['channels'],
  'alerts.ask_delivery': [],
  'alerts.delivered': ['channel'],
  'alerts.list_footer': [],
  'alerts.list_header': ['count'],
  'alerts.list_hint': [],
  'alerts.manage_hint': [],
  'alerts.new': [],
  'alerts.no_quiet': [],
  'alerts.none_active_stopped': [],
  'alerts.nothing_active': [],
  'alerts.nothing_changed': [],
  'alerts.nothing_paused': [],
  'alerts.nothing_to_restore': [],
  'alerts.nothing_to_restore_active': [],
  'alerts.others_active': ['what'],
  'alerts.outside': ['place', 'regency'],
  'alerts.own': [],
  'alerts.part_education': [],
  'alerts.part_keyword': [],
  'alerts.part_places': [],
  'alerts.part_timing': [],
  'alerts.paused_note': [],
  'alerts.pick_keep': ['what'],
  'alerts.places_taken': ['what'],
  'alerts.progress': [],
  'alerts.quiet': ['hours'],
  'alerts.remove_keyword': ['keyword'],
  'alerts.remove_place': ['place'],
  'alerts.restore_choice': [],
  'alerts.restored': [],
  'alerts.separate': ['who'],
  'alerts.state_active': [],
  'alerts.state_paused': [],
  'alerts.state_stopped': [],
  'alerts.still_off': ['what'],
  'alerts.still_paused': [],
  'alerts.stopped_all': [],
  'alerts.stopped_all_note': [],
  'alerts.stopped_some': [],
  'alerts.stopped_some_note': [],
  'alerts.undo_education': ['education'],
  'alerts.what_to_change': [],
  'alerts.which_change': [],
  'alerts.which_subscription': [],
  'alerts.whose_other': ['who'],
  'alerts.whose_own': [],
  'clarify.alerts': [],
  'clarify.erase': [],
  'clarify.guides': [],
  'clarify.human': [],
  'clarify.office': [],
  'clarify.search': [],
  'clarify.stop': [],
  'clarify.which': [],
  'courtesy.alerts_kept': [],
  'courtesy.draft_not_saved': [],
  'courtesy.empathy': [],
  'courtesy.goodbye': [],
  'courtesy.goodbye_prayer': [],
  'courtesy.goodbye_sunda': [],
  'courtesy.guide_saved': ['title'],
  'courtesy.handoff_kept': [],
  'courtesy.hello_again': [],
  'courtesy.chitchat': [],
  'courtesy.chitchat_again': [],
  'courtesy.hint': [],
  'courtesy.offer_alerts': [],
  'courtesy.salam': [],
  'courtesy.sampurasun': [],
  'cancel.alerts': [],
  'cancel.guide': [],
  'cancel.search': [],
  'cancel.nothing': [],
  'delete.accounts_untouched': [],
  'delete.alerts_end': [],
  'delete.alerts_none': [],
  'delete.effect': [],
  'delete.hint': [],
  'delete.kept_alerts': ['count'],
  'delete.kept_guide': [],
  'delete.kept_history': [],
  'delete.kept_number': [],
  'delete.own_choice': [],
  'delete.photos': [],
  'delete.reask': [],
  'delete.reask_last': [],
  'delete.say_hapus': [],
  'delete.separate': [],
  'delete.stop_only': [],
  'delete.what_kept': [],
  'details.apply_intro': ['company', 'title'],
  'details.in_person_unknown': [],
  'details.in_person_yes': [],
  'details.salary_unknown': ['title'],
  'feedback_closed': [],
  'guide.first_other': ['first', 'then'],
  'guide.misunderstood': [],
  'guide.question_unknown': [],
  'guide.moved_ahead': ['step'],
  'guide.not_yet': ['title'],
  'guide.progress': ['step', 'title', 'total'],
  'guide.reask': [],
  'guide.reask_last': [],
  'guide.skip_to_next': ['step'],
  'guide.start_named': ['title'],
  'guide.offer_search': [],
  'guide.unknown_problem': [],
  'handoff.a_petugas': [],
  'handoff.answer_here': [],
  'handoff.bot_again': [],
  'handoff.bot_again_named': ['name'],
  'handoff.declined': [],
  'handoff.meanwhile': [],
  'handoff.none': [],
  'handoff.offer_after_confusion': [],
  'handoff.offer_chat': [],
  'handoff.offer_intro': [],
  'handoff.offer_visit': [],
  'handoff.offer_menu': [],
  'handoff.offer_unreachable': [],
  'handoff.passing': ['office'],
  'handoff.position': ['position'],
  'handoff.still_waiting': [],
  'handoff.still_waiting_short': [],
  'handoff.summary_intro': [],
  'handoff.summary_there': [],
  'handoff.taken': ['name'],
  'handoff.unavailable': ['office'],
  'scam.warning': [],
  'scam.agencies': [],
  'scam.no_source': [],
  'scam.report_choice': [],
  'scam.search_choice': ['what'],
  'nav.hint_last': [],
  'nav.resume_choice': ['what'],
  'nav.resume_line': ['what'],
  'office.ask_petugas': [],
  'office.closed_now': [],
  'office.closed_until': ['when'],
  'office.day_at': ['day', 'time'],
  'office.day_closed': ['day', 'hours'],
  'office.day_open': ['day', 'hours'],
  'office.hours_unknown_for_reply': [],
  'office.labour': [],
  'office.labour_details': [],
  'office.labour_details_unknown': [],
  'office.labour_no_advice': [],
  'office.map': ['value'],
  'office.no_hours': [],
  'office.no_map': [],
  'office.no_phone': [],
  'office.open_now': [],
  'office.today_at': ['time'],
  'office.tomorrow_at': ['day', 'time'],
  'office.visit_intro': [],
  'office.dukcapil': [],
  'office.bpjs': [],
  'office.city': [],
  'office.ktp_for_ak1': [],
  'repair.cannot_help': [],
  'repair.how_to_answer': [],
  'repair.human': [],
  'repair.human_hint': [],
  'repair.options_again': [],
  'repair.options_last': [],
  'repair.pick_again': [],
  'repair.pick_last': [],
  'repair.same': [],
  'repair.out_of_scope_again': [],
  'repair.menu_simple': [],
  'report_to_staff': [],
  'cannot_register': [],
  'search.all_places': [],
  'search.no_experience_some': [], 'search.no_experience_none': [],
  'search.alt_alerts': ['what'],
  'search.alt_no_keyword_anywhere': ['total'],
  'search.ask_district_last': [],
  'search.ask_education_again': [],
  'search.ask_education_last': [],
  'search.for_other': ['who'],
  'search.near_intro': ['place', 'regency'],
  'search.near_option': ['place'],
  'search.no_more_one_page': [],
  'search.or': [],
  'search.pick_keep': ['what'],
  'search.progress': [],
  'search.reask_details': [],
  'search.reask_list': [],
  'search.what_any': [],
  'secret.ktp_photo': [],
  'summary.age': ['age'],
  'summary.device': [],
  'summary.education': ['education'],
  'summary.for_whom': ['details', 'who'],
  'summary.guide': ['step', 'title', 'total'],
  'summary.hard': [],
  'summary.jobless': ['time'],
  'summary.labour': ['time', 'what'],
  'summary.labour_for': ['time'],
  'summary.money': ['amount', 'who'],
  'summary.money_who': ['who'],
  'summary.problems': ['what'],
  'summary.recent': [],
  'summary.reported': ['number'],
  'summary.scam': ['what'],
  'summary.search': ['what'],
  'summary.self': ['details'],
  'summary.since': ['year'],
  'summary.topics': ['what'],
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
