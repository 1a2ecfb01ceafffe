// Walking a person through a guide: one step per message with a yes/no
// check, help branches where people get stuck, a simpler wording on "saya
// tidak mengerti", and the step remembered so "lanjut" resumes days later.

import { matchGuide, type Guide, type GuideBook, type GuideBranch } from './guide-types.ts';
import type { Catalogue } from './messages.ts';
import type { Action, DialogueState, Effect, GuideMove, Screen } from './types.ts';

/** What the guide flow needs from the turn it runs in. */
export interface GuideHost {
  state: DialogueState;
  readonly m: Catalogue;
  readonly book: GuideBook;
  show(screen: Screen, text: string, choices: Array<{ label: string; action: Action }>, options?: { hint?: string; remember?: boolean }): void;
  say(text: string): void;
  effect(e: Effect): void;
  handoff(): void;
  showMenu(): void;
}

const YES = /^(1|sudah|udah|udh|sdh|ok|oke|okey|okay|sip|siap|berhasil|bisa|done|lanjut|next|iya|ya|y|yes|mulai|sudah bisa|udah bisa|sudah berhasil|berhasil kak|sudah kak|udah kak|sudah min|udah min)$/;
const NO = /^(2|belum|blm|gagal|error|masalah|ada masalah|tidak bisa|gak bisa|ga bisa|nggak bisa|gk bisa|tdk bisa|susah|belum bisa|blm bisa|belum berhasil|tidak berhasil|gak berhasil|no)$/;
const REPEAT = /^(ulang|ulangi|ulang lagi|ulangi langkah|diulang)$/;
const CONFUSED = /\b(tidak|gak|ga|nggak|gk|kurang|belum) (mengerti|ngerti|paham|jelas)\b|\bbingung\b|^maksudnya\b/;

/** The guide flow for one turn. */
export class GuideFlow {
  constructor(private readonly host: GuideHost) {}

  private get m(): Catalogue {
    return this.host.m;
  }

  /** The guide with this id. */
  guide(id: string): Guide | undefined {
    return this.host.book.guides.find((g) => g.id === id);
  }

  /**
   * Handles words typed on a guide screen ("sudah", "belum", "ulang", "ga
   * ngerti", or a problem in words: "kodenya gak masuk"); false when none applies.
   */
  words(text: string, words: string[]): boolean {
    const s = this.host.state.screen;
    if (s.kind !== 'guide') return false;
    const pick = (key: string) => {
      const c = this.host.state.choices.find((x) => x.key === key);
      if (c) this.act(c.action as Extract<Action, { do: 'guide' }>);
      return Boolean(c);
    };
    if (REPEAT.test(text)) return this.redraw(s), true;
    if (CONFUSED.test(text) && (s.part === 'step' || s.part === 'problems')) return this.move({ go: 'simple' }), true;
    if (YES.test(text)) return pick('1');
    if (NO.test(text)) return pick('2');
    // A problem told in words opens the matching help of this guide.
    const guide = this.guide(s.id);
    if (guide && s.part !== 'intro' && s.part !== 'done') {
      const found = matchGuide(this.host.book, words);
      const branch = found?.branch && (guide.branches[found.branch.id] ?? null);
      if (branch) return this.openBranch(guide, branch, 0, s.returnTo ?? Math.max(s.step, 0)), true;
    }
    return false;
  }

  /** Opens the guide or help branch that a registration question asks for; false when nothing fits. */
  openFor(words: string[], platform: string | null): boolean {
    const found = matchGuide(this.host.book, words);
    const current = this.host.state.guide ? this.guide(this.host.state.guide.id) : undefined;
    if (found?.branch) {
      // A shared branch belongs to the guide in progress when that guide offers it.
      const guide = found.guide ?? (current && current.branches[found.branch.id] ? current : null);
      return this.openBranch(guide, found.branch, 0), true;
    }
    if (found?.guide) return this.intro(found.guide), true;
    const byPlatform = platform ? this.host.book.guides.find((g) => g.platform === platform) : undefined;
    if (byPlatform) return this.intro(byPlatform), true;
    return false;
  }

  /** The guides to choose from, in their `order`: five at most, the fifth being "Panduan lainnya" when there are more. */
  list(page = 0): void {
    const all = this.host.book.guides;
    const perPage = this.perPage();
    const shown = all.slice(page * perPage, (page + 1) * perPage);
    const choices: Array<{ label: string; action: Action }> = shown.map((g) => ({ label: g.title, action: { do: 'guide', go: 'open', id: g.id } }));
    if (all.length > (page + 1) * perPage) choices.push({ label: this.m.t('guide.more'), action: { do: 'guide', go: 'list', page: page + 1 } });
    this.host.show({ kind: 'guides', page }, this.m.t('guide.list'), choices, { hint: this.m.t('guide.list_hint') });
  }

  private perPage(): number {
    return this.host.book.guides.length <= 5 ? 5 : 4;
  }

  // The page of the list that shows guide `id` (0 when it is not listed).
  private pageOf(id: string): number {
    return Math.max(0, Math.floor(this.host.book.guides.findIndex((g) => g.id === id) / this.perPage()));
  }

  /** "lanjut": back to where the person left the guide. */
  resume(): void {
    const progress = this.host.state.guide;
    const guide = progress && this.guide(progress.id);
    if (!progress || !guide) return this.host.say(this.m.t('guide.nothing_to_resume'));
    const step = Math.min(progress.step, guide.steps.length - 1);
    this.host.say(this.m.t('guide.resume', { step: step + 1, total: guide.steps.length }));
    this.step(guide, step);
  }

  /** A one-line reminder of the guide in progress, for after an unrelated answer. */
  reminder(): string | null {
    const progress = this.host.state.guide;
    const guide = progress && this.guide(progress.id);
    if (!progress || !guide) return null;
    return this.m.t('guide.offer_resume', { title: guide.title, step: Math.min(progress.step, guide.steps.length - 1) + 1, total: guide.steps.length });
  }


  /** Shows a guide screen again ("ulang", "0"). */
  redraw(s: Extract<Screen, { kind: 'guide' }>): void {
    const guide = this.guide(s.id);
    if (!guide) return this.host.showMenu();
    if (s.part === 'intro') return this.intro(guide);
    if (s.part === 'done') return this.done(guide);
    if (s.part === 'branch' || s.part === 'branch_failed') {
      const branch = s.branch ? (guide.branches[s.branch] ?? this.host.book.shared[s.branch]) : undefined;
      if (branch) return this.openBranch(guide, branch, s.branchStep ?? 0);
    }
    if (s.part === 'problems') return this.problems(guide, s.step);
    return this.step(guide, s.step);
  }

  /** "0" on a guide screen: one step back. */
  back(s: Extract<Screen, { kind: 'guide' }>): void {
    const guide = this.guide(s.id);
    if (!guide) return this.host.showMenu();
    if (s.part === 'step') {
      if (s.step === 0) return this.intro(guide);
      return this.step(guide, s.step - 1);
    }
    if (s.part === 'intro' || s.part === 'done' || s.id === '') return this.list(this.pageOf(s.id));
    return this.step(guide, s.step);
  }

  /** A numbered choice on a guide screen. */
  act(action: Extract<Action, { do: 'guide' }>): void {
    this.move(action);
  }

  private move(action: GuideMove): void {
    const s = this.host.state.screen;
    if (action.go === 'open') {
      const guide = this.guide(action.id);
      return guide ? this.intro(guide) : this.host.showMenu();
    }
    if (action.go === 'resume') return this.resume();
    if (action.go === 'list') return this.list(action.page);
    if (s.kind !== 'guide') return this.host.showMenu();
    const guide = this.guide(s.id);
    const standalone = !guide;
    switch (action.go) {
      case 'start':
        if (!guide) return this.host.showMenu();
        this.host.effect({ type: 'funnel', guide: guide.id, step: 0, event: 'start' });
        return this.step(guide, 0);
      case 'later':
        return this.host.showMenu();
      case 'yes':
        if (!guide) return this.host.showMenu();
        return s.step + 1 < guide.steps.length ? this.step(guide, s.step + 1) : this.done(guide);
      case 'problems':
        if (!guide) return this.host.showMenu();
        return this.problems(guide, s.step);
      case 'simple':
        if (!guide) return this.host.showMenu();
        return this.simple(guide, s.step);
      case 'branch': {
        const branch = guide?.branches[action.id] ?? this.host.book.shared[action.id];
        return branch ? this.openBranch(guide ?? null, branch, 0) : this.host.showMenu();
      }
      case 'solved':
        if (standalone || s.returnTo === undefined) {
          this.host.say(this.m.t('guide.solved_alone'));
          return this.host.showMenu();
        }
        this.host.say(this.m.t('guide.solved_back', { step: s.returnTo + 1 }));
        return this.step(guide!, s.returnTo);
      case 'unsolved': {
        const branch = s.branch ? (guide?.branches[s.branch] ?? this.host.book.shared[s.branch]) : undefined;
        if (branch && (s.branchStep ?? 0) + 1 < branch.steps.length) return this.openBranch(guide ?? null, branch, (s.branchStep ?? 0) + 1, s.returnTo);
        if (guide) this.host.effect({ type: 'funnel', guide: guide.id, step: (s.returnTo ?? s.step) + 1, event: 'stuck' });
        return this.failed(guide ?? null, s);
      }
      case 'to_step':
        if (!guide) return this.host.showMenu();
        return this.step(guide, s.returnTo ?? s.step);
      case 'human':
        return this.host.handoff();
      case 'next': {
        const next = guide?.next ? this.guide(guide.next) : undefined;
        return next ? this.intro(next) : this.host.showMenu();
      }
    }
  }

  private intro(guide: Guide): void {
    const text = [this.m.t('guide.intro_header', { title: guide.title }), guide.intro, this.m.t('guide.free')].join('\n');
    this.host.show({ kind: 'guide', id: guide.id, part: 'intro', step: -1 }, text, [
      { label: this.m.t('guide.start'), action: { do: 'guide', go: 'start' } },
      { label: this.m.t('guide.later'), action: { do: 'guide', go: 'later' } },
    ]);
  }

  private step(guide: Guide, index: number): void {
    const step = guide.steps[index]!;
    const progress = this.host.state.guide;
    const reached = progress && progress.id === guide.id ? progress.reached : -1;
    if (index > reached) this.host.effect({ type: 'funnel', guide: guide.id, step: index + 1, event: 'reach' });
    this.host.state.guide = { id: guide.id, step: index, reached: Math.max(reached, index) };
    const lines = [this.m.t('guide.header', { title: guide.title, step: index + 1, total: guide.steps.length }), step.text];
    // The 🔒 reminder, unless the step already says not to send it.
    if (step.secret && !/jangan (di)?kirim/i.test(step.text)) lines.push(this.m.t(`guide.secret_${step.secret}`));
    lines.push('', step.check);
    this.host.show({ kind: 'guide', id: guide.id, part: 'step', step: index }, lines.join('\n'), [
      { label: this.m.t('guide.yes'), action: { do: 'guide', go: 'yes' } },
      { label: this.m.t('guide.problem'), action: { do: 'guide', go: 'problems' } },
    ], { hint: this.m.t('guide.hint'), remember: false });
  }

  private problems(guide: Guide, index: number): void {
    const step = guide.steps[index]!;
    const branches = step.problems.map((id) => guide.branches[id]).filter((b): b is GuideBranch => Boolean(b));
    this.host.show({ kind: 'guide', id: guide.id, part: 'problems', step: index }, this.m.t('guide.problems'), [
      ...branches.map((b) => ({ label: b.title, action: { do: 'guide', go: 'branch', id: b.id } as Action })),
      { label: this.m.t('guide.not_understood'), action: { do: 'guide', go: 'simple' } },
      { label: this.m.t('guide.human'), action: { do: 'guide', go: 'human' } },
    ], { hint: this.m.t('guide.hint'), remember: false });
  }

  private simple(guide: Guide, index: number): void {
    const step = guide.steps[index]!;
    const text = [this.m.t('guide.simple_header'), step.simple, '', step.check].join('\n');
    this.host.show({ kind: 'guide', id: guide.id, part: 'simple', step: index }, text, [
      { label: this.m.t('guide.yes'), action: { do: 'guide', go: 'yes' } },
      { label: this.m.t('guide.human'), action: { do: 'guide', go: 'human' } },
    ], { hint: this.m.t('guide.hint'), remember: false });
  }

  private openBranch(guide: Guide | null, branch: GuideBranch, index: number, returnTo?: number): void {
    const s = this.host.state.screen;
    const back = returnTo ?? (s.kind === 'guide' && guide && s.id === guide.id && s.part !== 'intro' && s.part !== 'done' ? (s.returnTo ?? s.step) : undefined);
    const tip = branch.steps[index]!;
    const text = [this.m.t('guide.branch_header', { title: branch.title, step: index + 1, total: branch.steps.length }), tip.text, '', tip.check].join('\n');
    this.host.show({ kind: 'guide', id: guide?.id ?? '', part: 'branch', step: back ?? -1, branch: branch.id, branchStep: index, ...(back !== undefined ? { returnTo: back } : {}) }, text, [
      { label: this.m.t('guide.solved'), action: { do: 'guide', go: 'solved' } },
      { label: this.m.t('guide.unsolved'), action: { do: 'guide', go: 'unsolved' } },
    ], { hint: this.m.t('guide.hint'), remember: false });
  }

  private failed(guide: Guide | null, s: Extract<Screen, { kind: 'guide' }>): void {
    const choices: Array<{ label: string; action: Action }> = [{ label: this.m.t('guide.human'), action: { do: 'guide', go: 'human' } }];
    if (guide && s.returnTo !== undefined) choices.push({ label: this.m.t('guide.back_to_step', { step: s.returnTo + 1 }), action: { do: 'guide', go: 'to_step' } });
    this.host.show({ ...s, part: 'branch_failed' }, this.m.t('guide.branch_failed'), choices, { hint: this.m.t('guide.hint'), remember: false });
  }

  private done(guide: Guide): void {
    this.host.effect({ type: 'funnel', guide: guide.id, step: guide.steps.length, event: 'finish' });
    this.host.state.guide = null;
    const next = guide.next ? this.guide(guide.next) : undefined;
    const choices: Array<{ label: string; action: Action }> = [];
    if (next) choices.push({ label: this.m.t('guide.next', { title: next.title }), action: { do: 'guide', go: 'next' } });
    choices.push({ label: this.m.t('guide.menu'), action: { do: 'guide', go: 'later' } });
    this.host.show({ kind: 'guide', id: guide.id, part: 'done', step: guide.steps.length }, [this.m.t('guide.done_header', { title: guide.title }), guide.done].join('\n'), choices, { remember: false });
  }
}
