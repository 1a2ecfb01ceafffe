// Walking a person through a guide: one step per message with a check,
// answered in numbers or in words ("udah", "sudah muncul", "kodenya ga
// masuk"), help branches where people get stuck, questions about the topic
// answered from the guide's own facts, skipping ahead when the person is
// further than the bot thought, and the step remembered so "lanjut" resumes
// days later.

import { bestMatch, longestMatch, guideWords, matchGuide, type Guide, type GuideBranch } from '../guide-types.ts';
import type { Catalogue } from '../messages.ts';
import type { Action, GuideMove, Screen } from '../types.ts';
import type { Dialogue } from '../dialogue.ts';
import { assertNever, type FlowHandler, type ScreenOf } from './flow.ts';

type GuideScreen = ScreenOf<'guide'>;

// A question, not a report that something is done ("dimasukin kemana?").
// "terus gmn dong", "trus apa lagi", "lalu gimana": asking what to do next when a tip did not help.
const WHAT_NOW = /^(terus|trus|trs|terusnya|lalu|teros|jadi|jd|abis itu|habis itu|terus ini|trus ini)\b( (gimana|gmn|gmna|bagaimana|apa|apa lagi|ngapain|ngapain lagi|lagi))( (ya|kak|min|dong|nih|sih|deh))*$/;
const QUESTION = /\?|\b(gimana|bagaimana|gmn|gmana|kemana|kmana|dimana|di mana|mana|apa|apakah|kapan|berapa|brp|bisa (ga|gak|tidak|nggak|engga)|boleh (ga|gak|tidak|nggak)|harus|wajib|perlu|kudu|naon|kumaha|iraha|sabaraha|teu|nteu|henteu|atau (tidak|nggak|ga|gak)|ato (ga|gak|nggak))\b/;
// A rule for filling in a registration form asked about ("password harus berapa huruf", "email harus gmail?"):
// a field of the form, and words of a rule.
const FORM_FIELD = /\b(password|passwordnya|pw|sandi|sandinya|username|email|emailnya|surel|nik|niknya|foto|fotonya|pasfoto|nomor hp|no hp)\b/;
const RULE_ASK = /\b(berapa|brp|minimal|minimum|maksimal|maksimum|harus|wajib|kudu|boleh|bisa pake|bisa pakai|pake apa|pakai apa|ukuran|huruf|karakter|digit)\b/;
const RULE_PROBLEM = /\b(lupa|hilang|ditolak|tidak bisa|ga bisa|gak bisa|gabisa|error|salah|terdaftar|gagal|gimana|gmn|bagaimana|cara|caranya)\b/;
// Someone else's guide was finished, or a long pause: say where the person is.
const RESUME_AFTER_MS = 6 * 3_600_000;

// "lupa sampai mana", "hilap dugi ka mana" (Sundanese): which step the person was on.
const FORGOT_WHERE = /\b(lupa|hilap|poho|ga inget|gak inget|tidak ingat|nggak inget|lali)\b.{0,20}\b(sampai|sampe|nyampe|dugi|nepi|tekan|langkah|step)\b|\b(sampai|sampe|dugi) (mana|ka mana|langkah berapa) (tadi|td|kemarin|kmrn|kamari)\b/;
// "akun siapkerja udh punya", "udah ada akun siapkerja": an account the person already has.
const OWNED = /\b(?:akun )?(siap ?kerja|karir ?hub)\w*\b(?:(?!siap ?kerja|karir ?hub).){0,20}?\b(?:udah|sudah|udh|sdh|dah|uda) (?:punya|ada|jadi)\b|\b(?:udah|sudah|udh|sdh|dah|uda) (?:punya|ada) (?:akun )?(siap ?kerja|karir ?hub)\b/;
const PLATFORM_WORDS: Record<string, string[]> = { siapkerja: ['siapkerja', 'siap', 'akun'], 'siap kerja': ['siapkerja', 'siap', 'akun'], karirhub: ['karirhub', 'karir', 'hub'], 'karir hub': ['karirhub', 'karir', 'hub'] };

export class GuideFlow implements FlowHandler<GuideScreen | ScreenOf<'guides'>> {
  constructor(private readonly d: Dialogue) {}

  private get t() {
    return this.d.turn;
  }

  private get m(): Catalogue {
    return this.d.turn.m;
  }

  private get book() {
    return this.d.turn.ctx.guides;
  }

  /** The guide with this id. */
  guide(id: string): Guide | undefined {
    return this.book.guides.find((g) => g.id === id);
  }

  // --- the flow's questions -------------------------------------------------

  answer(s: GuideScreen | ScreenOf<'guides'>): boolean {
    if (s.flow === 'guides') return this.openFor(false);
    const msg = this.t.msg;
    const guide = this.guide(s.id);
    const pick = (key: string) => {
      const c = this.d.state.choices.find((x) => x.key === key);
      if (c) this.d.act(c.action);
      return Boolean(c);
    };
    if (s.part === 'done' || !guide && s.part !== 'branch' && s.part !== 'branch_failed') return false;
    // A clear request about something else (the office's address, a vacancy) leaves the guide, which waits.
    const u = this.t.u;
    const elsewhere = ['office_info', 'search_vacancies', 'job_fair', 'training', 'report_vacancy', 'subscribe'].includes(u.intent) && (u.score >= 0.5 || u.source === 'rule');
    const words = guideWords(this.t.u.words);
    const question = isQuestion(msg.original, msg.text);
    const problemSaid = msg.has('problem');
    // "udah dicek spam juga": tried already, not done.
    const tried = msg.has('tried') && !question;
    const doneSaid = msg.has('done') && !problemSaid && !msg.has('no') && !question && !tried;
    const repair = msg.starts('correction');

    // "siap makasih min, ntar sy siapin berkasnya dulu": leaving for now, a goodbye (the guide is kept).
    if (msg.has('goodbye') && !question && !problemSaid && (/\b(ntar|nanti|besok|lain kali|dulu)\b/.test(msg.text) || !msg.has('done'))) return false;
    // A problem in words opens the matching help of this guide (also one step further on: "udah pencet daftar tp kode ga masuk").
    const ahead = guide && !this.aboutSomethingElse(guide) && (s.part === 'step' || s.part === 'intro' || s.part === 'simple' || s.part === 'problems' || s.part === 'question') ? this.skipTarget(guide, Math.max(s.step, 0), words, question) : null;
    const found = matchGuide(this.book, this.t.u.words);
    // "lupa password siapkerja nya, td nyoba masuk gabisa" in the Karirhub guide: this guide's own help for it, not another guide.
    const branch = found?.branch ? (guide?.branches[found.branch.id] ?? this.book.shared[found.branch.id] ?? null) : guide ? this.ownBranch(guide, words)?.branch ?? null : null;
    if (branch && (s.part !== 'branch' || s.branch !== branch.id)) {
      if (repair && s.part === 'branch') this.t.say(this.m.t('guide.misunderstood'));
      const returnTo = ahead ?? s.returnTo ?? Math.max(s.step, 0);
      if (ahead !== null && guide) this.moveTo(guide, ahead);
      return this.openBranch(guide ?? null, branch, 0, returnTo), true;
    }
    // "tos jadi akunna", "udh kesimpen semua 👍": the whole guide is done, from whatever step (and a question after it answered).
    if (guide && s.part !== 'intro' && !problemSaid && (!msg.has('no') || question) && !/\b(kalau|kalo|klo|kl|nanti|setelah|sesudah|abis|habis)\b/.test(msg.text) && bestMatch(guide.finished, words)) {
      if (question) return this.doneThenAsked(guide, guide.steps.length - 1), true;
      return this.done(guide), true;
    }
    // A question about the guide's topic ("syaratnya apa?", "bayar ga?"): answered from the guide, which waits.
    if (guide && (question || s.part === 'intro') && !this.aboutSomethingElse(guide)) {
      const q = this.question(guide, words);
      if (q) {
        if (ahead !== null) this.moveTo(guide, ahead);
        return this.answerQuestion(guide, ahead !== null ? { ...s, part: 'step', step: ahead } : s, q), true;
      }
    }
    if (s.part === 'branch' || s.part === 'branch_failed') {
      if (repair) return this.unknownProblem(guide ?? null, s, true), true;
      if (doneSaid || (msg.only('yes', 'done') && !tried)) return pick('1');
      // "terus gmn dong", "trus apa lagi", "udah dicek spam juga": this tip did not do it; the next one.
      if (msg.only('no') || tried || (problemSaid && !question) || WHAT_NOW.test(msg.text)) return pick('2');
      return false;
    }
    if (!guide) return false;
    // Further on than the bot thought: "skrg udah muncul disuruh isi email sm no hp".
    if (ahead !== null && ahead > Math.max(s.step, -1)) return this.step(guide, ahead, this.m.t('guide.moved_ahead', { step: ahead + 1 })), true;
    if (s.part === 'intro') {
      if (doneSaid || msg.only('yes', 'done', 'resume')) return pick('1');
      if (msg.only('no', 'cancel')) return pick('2');
      return false;
    }
    if (s.part === 'unknown_problem' || s.part === 'problems' || s.part === 'question') {
      if (doneSaid || msg.only('yes', 'done')) return this.move({ go: 'to_step' }), true;
      return false;
    }
    // "bade neraskeun daftar nu kamari, tapi hilap dugi ka mana": where the person stopped, said plainly.
    if ((s.part === 'step' || s.part === 'simple' || s.part === 'question') && FORGOT_WHERE.test(msg.text)) return this.step(guide, Math.max(s.step, 0), this.m.t('guide.resume', { step: Math.max(s.step, 0) + 1, total: guide.steps.length, title: guide.title })), true;
    // After a night away, "lanjut" shows where the person stopped rather than skipping a step.
    if (this.stale() && msg.only('resume', 'salam', 'yes', 'hello')) return this.step(guide, Math.max(s.step, 0), this.m.t('guide.resume', { step: Math.max(s.step, 0) + 1, total: guide.steps.length, title: guide.title })), true;
    // "udh keisi semua datanya. trs foto 3x4 nya hrs background merah?": the step is done, then the question.
    if (question && msg.starts('done') && !problemSaid) return this.doneThenAsked(guide, Math.max(s.step, 0)), true;
    // On a step: done, not yet, or a problem in words that no help covers.
    if (doneSaid || (msg.only('yes', 'done') && !tried)) return this.move({ go: 'yes' }), true;
    if (msg.only('no') || tried) return this.move({ go: 'no' }), true;
    if (repair) return this.unknownProblem(guide, s, true), true;
    if (problemSaid && !elsewhere) {
      // The first time: the step said more simply; after that, what can be done.
      if (s.part === 'step') return this.simple(guide, s.step), true;
      return this.unknownProblem(guide, s, false), true;
    }
    // "terus apa lagi" on a step: what to do now, said more simply (not "belum ada di data saya").
    if (s.part === 'step' && WHAT_NOW.test(msg.text)) return this.simple(guide, s.step), true;
    if (question && (s.part === 'step' || s.part === 'simple') && !elsewhere) {
      // "apa tadi syaratnya?": the step again as it was.
      if (msg.has('repeat')) return this.step(guide, s.step), true;
      // A question about another platform or topic is for the router (answered, the guide waits).
      if (this.aboutSomethingElse(guide)) return false;
      if (msg.has('confused')) return this.simple(guide, s.step), true;
      // Pasker's knowledge (the optional assistant) may know; otherwise said honestly, the step waits.
      if (this.t.input.knowledge) return this.answered(guide, s.step, this.t.input.knowledge.text), true;
      return this.answered(guide, s.step, this.m.t('guide.question_unknown')), true;
    }
    return false;
  }

  // The message names another guide's platform or topic ("sip-kerja itu apa?" during the SIAPkerja guide).
  private aboutSomethingElse(guide: Guide): boolean {
    const u = this.t.u;
    if (u.entities.platform && u.entities.platform !== guide.platform) return true;
    const found = matchGuide(this.book, u.words);
    return Boolean(found && found.guide && found.guide.id !== guide.id && !found.branch);
  }

  // An answer to a question asked on a step, and the step's check again (the guide waits there).
  private answered(guide: Guide, index: number, answer: string): void {
    const step = guide.steps[index]!;
    this.t.show({ flow: 'guide', id: guide.id, part: 'question', step: index }, `${answer}\n\n${step.check}`, this.stepChoices(guide, index), { hint: this.m.t('guide.hint'), remember: false });
    this.d.state.screen = { flow: 'guide', id: guide.id, part: 'step', step: index };
  }

  // A step reported done together with a question: the question answered (or honestly not), then the next step.
  private doneThenAsked(guide: Guide, index: number): void {
    const words = guideWords(this.t.u.words);
    const next = index + 1;
    const q = this.question(guide, words);
    // "udh kesimpen semua 👍 trs kartu kuning bisa sekalian ga?": this guide done, and the other one it asks about offered.
    const found = q ? null : matchGuide(this.book, this.t.u.words);
    const platform = this.t.u.entities.platform;
    const other = found?.guide && found.guide.id !== guide.id && !found.branch ? found.guide : !q && platform && platform !== guide.platform ? (this.book.guides.find((g) => g.platform === platform) ?? null) : null;
    if (other && next >= guide.steps.length) {
      this.done(guide);
      return this.begin(other);
    }
    const answer = q?.answer.trim() ?? this.t.input.knowledge?.text ?? this.m.t('guide.question_unknown');
    if (q) this.d.answeredFromGuide = true;
    if (next >= guide.steps.length) {
      this.t.say(answer);
      return this.done(guide);
    }
    this.step(guide, next, answer);
  }

  redraw(s: GuideScreen | ScreenOf<'guides'>, level: number): void {
    if (s.flow === 'guides') return this.list(s.page ?? 0, level ? this.m.t('repair.options_again') : undefined);
    const guide = this.guide(s.id);
    if (!guide && s.part !== 'branch' && s.part !== 'branch_failed') return this.d.menu('menu.text', false);
    const intro = level === 1 ? this.m.t('guide.reask') : level >= 2 ? this.m.t('guide.reask_last') : undefined;
    switch (s.part) {
      case 'intro':
        return this.intro(guide!, intro);
      case 'done':
        return this.done(guide!);
      case 'branch':
      case 'branch_failed': {
        const branch = s.branch ? (guide?.branches[s.branch] ?? this.book.shared[s.branch]) : undefined;
        if (branch) return this.openBranch(guide ?? null, branch, s.branchStep ?? 0, s.returnTo, intro);
        return guide ? this.step(guide, Math.max(s.step, 0)) : this.d.menu('menu.text', false);
      }
      case 'problems':
        return this.problems(guide!, s.step);
      case 'simple':
      case 'question':
      case 'unknown_problem':
      case 'step':
        if (level >= 2) return this.problems(guide!, Math.max(s.step, 0), intro);
        if (level === 1) return this.simple(guide!, Math.max(s.step, 0), intro);
        return this.step(guide!, Math.max(s.step, 0));
      default:
        return assertNever(s.part);
    }
  }

  progress(s: GuideScreen | ScreenOf<'guides'>): string | null {
    if (s.flow === 'guides') return null;
    // An answer about a guide not started (its intro) names the guide in progress, if any.
    if (s.part === 'intro') {
      const progress = this.d.state.guide;
      const current = progress && this.guide(progress.id);
      return current ? this.m.t('guide.progress', { title: current.title, step: progress!.step + 1, total: current.steps.length }) : null;
    }
    const guide = this.guide(s.id);
    if (!guide || s.part === 'done') return null;
    const step = Math.max(s.part === 'branch' || s.part === 'branch_failed' ? (s.returnTo ?? s.step) : s.step, 0);
    return this.m.t('guide.progress', { title: guide.title, step: step + 1, total: guide.steps.length });
  }

  // --- opening guides -------------------------------------------------------

  /**
   * Opens the guide or help branch that a registration question asks for
   * (the intro with step 1, or the answer to a question about it); false when
   * nothing fits.
   */
  openFor(listIfNone = true): boolean {
    const u = this.t.u;
    // "bikin profil karirhub, akun siapkerja udh punya": what the person already has is not what they ask for.
    const owned = OWNED.exec(this.t.msg.text);
    const ownedWords = owned ? new Set(PLATFORM_WORDS[owned[1] ?? owned[2] ?? ''] ?? []) : null;
    const asked = ownedWords ? u.words.filter((w) => !ownedWords.has(w)) : u.words;
    const found = (ownedWords && matchGuide(this.book, asked)?.guide ? matchGuide(this.book, asked) : null) ?? matchGuide(this.book, u.words);
    const progress = this.d.state.guide;
    const current = progress ? this.guide(progress.id) : undefined;
    const words = guideWords(u.words);
    if (found?.branch) {
      // A shared branch belongs to the guide in progress when that guide offers it.
      const guide = found.guide ?? (current && current.branches[found.branch.id] ? current : null);
      return this.openBranch(guide, found.branch, 0, guide && current?.id === guide.id ? progress!.step : undefined), true;
    }
    const byPlatform = u.entities.platform && !(found?.guide) ? this.book.guides.find((g) => g.platform === u.entities.platform) : undefined;
    const guide = found?.guide ?? byPlatform ?? null;
    // "lg isi karirhub ... tp pas upload foto katanya kebesaran": the guide named, and a problem it has help for: that help first.
    const problem = guide ? this.ownBranch(guide, words) : null;
    if (guide && problem) {
      if (current?.id !== guide.id) this.t.effect({ type: 'funnel', guide: guide.id, step: 0, event: 'start' });
      return this.openBranch(guide, problem.branch, 0, problem.step), true;
    }
    if (guide) {
      const q = this.question(guide, words);
      if (q && isQuestion(this.t.msg.original, this.t.msg.text)) return this.answerQuestion(guide, null, q), true;
      // The guide already in progress: back to where the person was.
      if (current?.id === guide.id && progress!.step > 0) return this.resume(), true;
      return this.begin(guide), true;
    }
    if (listIfNone) this.list();
    return listIfNone;
  }

  /** True for a question about a rule of a registration form asked outside a guide ("password harus berapa huruf"). */
  ruleAsked(): boolean {
    const msg = this.t.msg;
    // Short and about the rule only: a problem told ("lupa passwordnya", "ditolak") or a guide named has its own help.
    if (inGuide(this.d.state.screen) || msg.raw.length > 10 || RULE_PROBLEM.test(msg.text) || matchGuide(this.book, this.t.u.words)) return false;
    return isQuestion(msg.original, msg.text) && FORM_FIELD.test(msg.text) && RULE_ASK.test(msg.text);
  }

  /**
   * The rule as a guide states it (the guide of the topic talked about first, else the one guide that answers); when no
   * guide states it, said to be unknown with the guides and a person offered, never guessed.
   */
  answerRule(): void {
    const words = guideWords(this.t.u.words);
    const answering = this.book.guides.map((g) => ({ guide: g, q: this.question(g, words) })).filter((x): x is { guide: Guide; q: Guide['questions'][number] } => x.q !== null);
    const topic = this.d.state.guide?.id ?? null;
    const platform = this.t.u.entities.platform ?? this.d.state.facts.topics?.at(-1) ?? null;
    const pick = answering.find((x) => x.guide.id === topic) ?? answering.find((x) => x.guide.platform && x.guide.platform === platform) ?? (new Set(answering.map((x) => x.q.answer)).size === 1 ? answering[0] : undefined);
    if (pick) return this.answerQuestion(pick.guide, null, pick.q);
    this.t.show({ flow: 'other' }, this.m.t('guide.rule_unknown'), [
      { label: this.m.t('clarify.guides'), action: { do: 'menu', item: 'guides' } },
      { label: this.m.t('guide.human'), action: { do: 'handoff' } },
    ]);
  }

  /** The guides to choose from, in their `order`: five at most, the fifth being "Panduan lainnya" when there are more. */
  list(page = 0, intro?: string): void {
    const all = this.book.guides;
    const perPage = all.length <= 5 ? 5 : 4;
    const shown = all.slice(page * perPage, (page + 1) * perPage);
    const choices: Array<{ label: string; action: Action }> = shown.map((g) => ({ label: g.title, action: { do: 'guide', go: 'open', id: g.id } }));
    if (all.length > (page + 1) * perPage) choices.push({ label: this.m.t('guide.more'), action: { do: 'guide', go: 'list', page: page + 1 } });
    this.t.show({ flow: 'guides', page }, [intro, this.m.t('guide.list')].filter(Boolean).join('\n'), choices, { hint: this.m.t('guide.list_hint') });
  }

  private pageOf(id: string): number {
    const perPage = this.book.guides.length <= 5 ? 5 : 4;
    return Math.max(0, Math.floor(this.book.guides.findIndex((g) => g.id === id) / perPage));
  }

  /** A guide asked for by name: what to prepare, then step 1 (two short messages). */
  begin(guide: Guide): void {
    this.t.effect({ type: 'funnel', guide: guide.id, step: 0, event: 'start' });
    this.t.count('guide_starts');
    this.t.say([this.m.t('guide.intro_header', { title: guide.title }), guide.intro, this.m.t('guide.free')].join('\n'));
    this.step(guide, 0);
  }

  /** "lanjut": back to where the person left the guide, saying where that is. */
  resume(): void {
    const progress = this.d.state.guide;
    const guide = progress && this.guide(progress.id);
    if (!progress || !guide) return this.t.say(this.m.t('guide.nothing_to_resume'));
    const step = Math.min(progress.step, guide.steps.length - 1);
    this.step(guide, step, this.m.t('guide.resume', { step: step + 1, total: guide.steps.length, title: guide.title }));
  }

  /** A one-line reminder of the guide in progress; null when there is none. */
  reminder(): string | null {
    const progress = this.d.state.guide;
    const guide = progress && this.guide(progress.id);
    if (!progress || !guide) return null;
    return this.m.t('guide.offer_resume', { title: guide.title, step: Math.min(progress.step, guide.steps.length - 1) + 1, total: guide.steps.length });
  }

  /** True when the person last wrote long ago (the bot says where in the guide they are). */
  stale(): boolean {
    const at = this.d.state.at;
    return Boolean(at && this.t.at.getTime() - Date.parse(at) > RESUME_AFTER_MS);
  }

  /** "0" on a guide screen: one step back. */
  back(s: GuideScreen): void {
    const guide = this.guide(s.id);
    if (!guide) return this.d.menu('menu.text', false);
    if (s.part === 'step' || s.part === 'simple') {
      if (s.step === 0) return this.intro(guide);
      return this.step(guide, s.step - 1);
    }
    if (s.part === 'intro' || s.part === 'done' || s.id === '') return this.list(this.pageOf(s.id));
    return this.step(guide, Math.max(s.returnTo ?? s.step, 0));
  }

  /** A numbered choice on a guide screen. */
  act(action: GuideMove): void {
    this.move(action);
  }

  private move(action: GuideMove): void {
    const s = this.d.state.screen;
    const screen: GuideScreen | null = s.flow === 'guide' ? s : null;
    const guide = screen ? this.guide(screen.id) : undefined;
    switch (action.go) {
      case 'open': {
        const opened = this.guide(action.id);
        return opened ? this.begin(opened) : this.d.menu();
      }
      case 'resume':
        return this.resume();
      case 'list':
        return this.list(action.page);
      case 'start':
        if (!guide) return this.d.menu();
        this.t.effect({ type: 'funnel', guide: guide.id, step: 0, event: 'start' });
        this.t.count('guide_starts');
        return this.step(guide, 0);
      case 'later':
        this.t.settle();
        return this.d.menu();
      case 'yes': {
        if (!guide || !screen) return this.d.menu();
        const next = screen.part === 'intro' ? 0 : screen.step + 1;
        return next < guide.steps.length ? this.step(guide, next) : this.done(guide);
      }
      case 'no': {
        if (!guide || !screen) return this.d.menu();
        const step = guide.steps[Math.max(screen.step, 0)];
        const other = step?.ifNo ? this.guide(step.ifNo) : undefined;
        if (other) {
          this.t.say(this.m.t('guide.first_other', { first: other.title, then: guide.title }));
          return this.begin(other);
        }
        const branch = step?.ifNo ? guide.branches[step.ifNo] : undefined;
        if (branch) return this.openBranch(guide, branch, 0, Math.max(screen.step, 0));
        return this.problems(guide, screen.step);
      }
      case 'problems':
        if (!guide || !screen) return this.d.menu();
        return this.problems(guide, screen.step);
      case 'simple':
        if (!guide || !screen) return this.d.menu();
        return this.simple(guide, Math.max(screen.step, 0));
      case 'branch': {
        const branch = guide?.branches[action.id] ?? this.book.shared[action.id];
        return branch ? this.openBranch(guide ?? null, branch, 0, screen ? (screen.returnTo ?? Math.max(screen.step, 0)) : undefined) : this.d.menu();
      }
      case 'solved':
        if (!guide || screen?.returnTo === undefined) {
          this.t.say(this.m.t('guide.solved_alone'));
          return this.d.menu();
        }
        return this.step(guide, screen.returnTo, this.m.t('guide.solved_back', { step: screen.returnTo + 1 }));
      case 'unsolved': {
        if (!screen) return this.d.menu();
        const branch = screen.branch ? (guide?.branches[screen.branch] ?? this.book.shared[screen.branch]) : undefined;
        if (branch && (screen.branchStep ?? 0) + 1 < branch.steps.length) return this.openBranch(guide ?? null, branch, (screen.branchStep ?? 0) + 1, screen.returnTo);
        if (guide) this.t.effect({ type: 'funnel', guide: guide.id, step: (screen.returnTo ?? screen.step) + 1, event: 'stuck' });
        return this.failed(guide ?? null, screen);
      }
      case 'to_step':
        if (!guide || !screen) return this.d.menu();
        return this.step(guide, Math.max(screen.returnTo ?? screen.step, 0));
      case 'human':
        return this.d.handoff();
      case 'next': {
        const next = guide?.next ? this.guide(guide.next) : undefined;
        return next ? this.begin(next) : this.d.menu();
      }
      default:
        return assertNever(action);
    }
  }

  // --- screens --------------------------------------------------------------

  private intro(guide: Guide, lead?: string): void {
    const text = [lead, this.m.t('guide.intro_header', { title: guide.title }), guide.intro, this.m.t('guide.free')].filter(Boolean).join('\n');
    this.t.show({ flow: 'guide', id: guide.id, part: 'intro', step: -1 }, text, [
      { label: this.m.t('guide.start'), action: { do: 'guide', go: 'start' } },
      { label: this.m.t('guide.later'), action: { do: 'guide', go: 'later' } },
    ], { remember: false });
  }

  // Records that the person is at step `index` (funnel counts a step once per person).
  private moveTo(guide: Guide, index: number): void {
    const progress = this.d.state.guide;
    const reached = progress && progress.id === guide.id ? progress.reached : -1;
    for (let k = Math.max(reached + 1, 0); k <= index; k++) this.t.effect({ type: 'funnel', guide: guide.id, step: k + 1, event: 'reach' });
    this.d.state.guide = { id: guide.id, step: index, reached: Math.max(reached, index) };
  }

  step(guide: Guide, index: number, lead?: string): void {
    const step = guide.steps[index]!;
    this.moveTo(guide, index);
    const lines = [lead, this.m.t('guide.header', { title: guide.title, step: index + 1, total: guide.steps.length }), step.text].filter((l): l is string => Boolean(l));
    // The 🔒 reminder, unless the step already says not to send it.
    if (step.secret && !/jangan (di)?kirim/i.test(step.text)) lines.push(this.m.t(`guide.secret_${step.secret}`));
    lines.push('', step.check);
    this.t.show({ flow: 'guide', id: guide.id, part: 'step', step: index }, lines.join('\n'), this.stepChoices(guide, index), { hint: this.m.t('guide.hint'), remember: false });
  }

  private stepChoices(guide: Guide, index: number): Array<{ label: string; action: Action }> {
    const step = guide.steps[index]!;
    const other = step.ifNo ? this.guide(step.ifNo) : undefined;
    const branch = step.ifNo ? guide.branches[step.ifNo] : undefined;
    return [
      { label: this.m.t('guide.yes'), action: { do: 'guide', go: 'yes' } },
      ...(other ? [{ label: this.m.t('guide.not_yet', { title: other.title }), action: { do: 'guide', go: 'no' } as Action }] : []),
      ...(branch ? [{ label: branch.title, action: { do: 'guide', go: 'no' } as Action }] : []),
      { label: this.m.t('guide.problem'), action: { do: 'guide', go: 'problems' } },
    ];
  }

  private problems(guide: Guide, index: number, lead?: string): void {
    const step = guide.steps[Math.max(index, 0)]!;
    const branches = step.problems.map((id) => guide.branches[id]).filter((b): b is GuideBranch => Boolean(b));
    this.t.show({ flow: 'guide', id: guide.id, part: 'problems', step: Math.max(index, 0) }, [lead, this.m.t('guide.problems')].filter(Boolean).join('\n'), [
      ...branches.map((b) => ({ label: b.title, action: { do: 'guide', go: 'branch', id: b.id } as Action })),
      { label: this.m.t('guide.not_understood'), action: { do: 'guide', go: 'simple' } },
      { label: this.m.t('guide.human'), action: { do: 'guide', go: 'human' } },
    ], { hint: this.m.t('guide.hint'), remember: false });
  }

  /** The step said more simply ("saya tidak mengerti", "ga ada tombolnya"), with the same check. */
  simple(guide: Guide, index: number, lead?: string): void {
    const step = guide.steps[index]!;
    const text = [lead, this.m.t('guide.simple_header', { step: index + 1, total: guide.steps.length }), step.simple, '', step.check].filter((l) => l !== undefined).join('\n');
    this.t.show({ flow: 'guide', id: guide.id, part: 'simple', step: index }, text, [
      { label: this.m.t('guide.yes'), action: { do: 'guide', go: 'yes' } },
      { label: this.m.t('guide.problem'), action: { do: 'guide', go: 'problems' } },
    ], { hint: this.m.t('guide.hint'), remember: false });
  }

  /** The help of this guide whose words the message holds, with the step that offers it (else the first step); null when none fits. */
  private ownBranch(guide: Guide, words: Set<string>): { branch: GuideBranch; step: number } | null {
    let best: { branch: GuideBranch; size: number } | null = null;
    for (const branch of Object.values(guide.branches)) {
      const size = bestMatch(branch.match, words);
      if (size && (!best || size > best.size)) best = { branch, size };
    }
    if (!best) return null;
    const step = guide.steps.findIndex((st) => st.problems.includes(best.branch.id));
    return { branch: best.branch, step: Math.max(step, 0) };
  }

  private openBranch(guide: Guide | null, branch: GuideBranch, index: number, returnTo?: number, lead?: string): void {
    const s = this.d.state.screen;
    const back = returnTo ?? (s.flow === 'guide' && guide && s.id === guide.id && s.part !== 'done' ? Math.max(s.returnTo ?? s.step, 0) : undefined);
    const tip = branch.steps[index]!;
    const text = [lead, this.m.t('guide.branch_header', { title: branch.title, step: index + 1, total: branch.steps.length }), tip.text, '', tip.check].filter((l) => l !== undefined).join('\n');
    if (guide && back !== undefined) this.moveTo(guide, back);
    this.t.show({ flow: 'guide', id: guide?.id ?? '', part: 'branch', step: back ?? -1, branch: branch.id, branchStep: index, ...(back !== undefined ? { returnTo: back } : {}) }, text, [
      { label: this.m.t('guide.solved'), action: { do: 'guide', go: 'solved' } },
      { label: this.m.t('guide.unsolved'), action: { do: 'guide', go: 'unsolved' } },
    ], { hint: this.m.t('guide.hint'), remember: false });
  }

  private failed(guide: Guide | null, s: GuideScreen): void {
    const choices: Array<{ label: string; action: Action }> = [{ label: this.m.t('guide.human'), action: { do: 'guide', go: 'human' } }];
    if (guide && s.returnTo !== undefined) choices.push({ label: this.m.t('guide.back_to_step', { step: s.returnTo + 1 }), action: { do: 'guide', go: 'to_step' } });
    this.t.show({ ...s, part: 'branch_failed' }, this.m.t('guide.branch_failed'), choices, { hint: this.m.t('guide.hint'), remember: false });
  }

  /** A problem the guide has no help for (an upload it does not cover): said honestly, with a person or the next step. */
  private unknownProblem(guide: Guide | null, s: GuideScreen, misunderstood: boolean): void {
    const step = Math.max(s.returnTo ?? s.step, 0);
    const choices: Array<{ label: string; action: Action }> = [{ label: this.m.t('guide.human'), action: { do: 'guide', go: 'human' } }];
    if (guide) {
      choices.push(step + 1 < guide.steps.length ? { label: this.m.t('guide.skip_to_next', { step: step + 2 }), action: { do: 'guide', go: 'yes' } } : { label: this.m.t('guide.back_to_step', { step: step + 1 }), action: { do: 'guide', go: 'to_step' } });
    }
    const text = [misunderstood ? this.m.t('guide.misunderstood') : null, this.m.t('guide.unknown_problem')].filter(Boolean).join('\n');
    this.t.show({ flow: 'guide', id: guide?.id ?? '', part: 'unknown_problem', step }, text, choices, { hint: this.m.t('guide.hint'), remember: false });
  }

  private question(guide: Guide, words: Set<string>): Guide['questions'][number] | null {
    let best: { q: Guide['questions'][number]; size: number } | null = null;
    for (const q of guide.questions) {
      const size = bestMatch(q.match, words);
      if (size && (!best || size > best.size)) best = { q, size };
    }
    return best?.q ?? null;
  }

  // Answers a question from the guide's facts; the guide waits where it was (or is offered when not started).
  private answerQuestion(guide: Guide, s: GuideScreen | null, q: Guide['questions'][number]): void {
    // The guide's own facts answer money questions too ("bayar gak?"): no second warning.
    this.d.answeredFromGuide = true;
    if (s && s.part !== 'intro') {
      const index = Math.max(s.returnTo ?? s.step, 0);
      const step = guide.steps[index]!;
      const lead = this.stale() ? `${this.m.t('guide.resume', { step: index + 1, total: guide.steps.length, title: guide.title })}\n` : '';
      this.t.show({ ...s, part: 'question', step: index }, `${lead}${q.answer}\n\n${step.check}`, this.stepChoices(guide, index), { hint: this.m.t('guide.hint'), remember: false });
      this.d.state.screen = { flow: 'guide', id: guide.id, part: 'step', step: index };
      return;
    }
    const other = q.offer && q.offer !== 'search' ? this.guide(q.offer) : undefined;
    const first: { label: string; action: Action } =
      q.offer === 'search'
        ? { label: this.m.t('guide.offer_search'), action: { do: 'menu', item: 'search' } }
        : other
          ? { label: this.m.t('guide.start_named', { title: other.title }), action: { do: 'guide', go: 'open', id: other.id } }
          : { label: this.m.t('guide.start_named', { title: guide.title }), action: { do: 'guide', go: 'start' } };
    this.t.show({ flow: 'guide', id: guide.id, part: 'intro', step: -1 }, q.answer, [first, { label: this.m.t('guide.human'), action: { do: 'handoff' } }]);
  }

  // The step a message says the person has reached ("skrg disuruh isi email sm no hp"), if it is after `from`.
  // The furthest step named wins; the same words on two steps ("pencet daftar sekarang" opens the form
  // and sends it) mean the nearer one.
  // In a question ("trs kata sandinya hrs pake simbol?") the words name what is asked about: the nearest step.
  private skipTarget(guide: Guide, from: number, words: Set<string>, nearest = false): number | null {
    let best: { index: number; size: number; phrase: string } | null = null;
    guide.steps.forEach((step, index) => {
      if (index <= from) return;
      const list = longestMatch(step.seen, words);
      if (!list) return;
      const phrase = list.join(' ');
      if (best && (list.length < best.size || phrase === best.phrase || (nearest && list.length === best.size))) return;
      best = { index, size: list.length, phrase };
    });
    return (best as { index: number } | null)?.index ?? null;
  }

  /** A finished guide: congratulations and the next guide as a numbered choice. */
  done(guide: Guide): void {
    this.t.effect({ type: 'funnel', guide: guide.id, step: guide.steps.length, event: 'finish' });
    this.t.count('guide_finishes');
    this.d.state.guide = null;
    const next = guide.next ? this.guide(guide.next) : undefined;
    const choices: Array<{ label: string; action: Action }> = [];
    if (next) choices.push({ label: this.m.t('guide.next', { title: next.title }), action: { do: 'guide', go: 'next' } });
    choices.push({ label: this.m.t('guide.menu'), action: { do: 'guide', go: 'later' } });
    this.t.show({ flow: 'guide', id: guide.id, part: 'done', step: guide.steps.length }, [this.m.t('guide.done_header', { title: guide.title }), guide.done].join('\n'), choices, { remember: false });
  }
}

/** True when a message asks something ("bayar gak?", "syaratnya naon wae", "dimasukin kemana"). */
function isQuestion(original: string, folded: string): boolean {
  return /\?/.test(original) || QUESTION.test(folded) || /\b(ga|gak|gk|nggak|ngga|tidak|enggak|ndak|kah|teu)$/.test(folded);
}

/** True for a screen inside a guide that is not finished. */
export function inGuide(s: Screen): boolean {
  return s.flow === 'guide' && s.part !== 'done';
}
