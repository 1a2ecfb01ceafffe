// Keeps the model's use in bounds and in view: the per-day call budget
// (LLM_DAILY_CALLS), a pause after a 429 or after failures in a row, and the
// counts and latencies shown on /healthz.
//
// Counted in memory, per process: the budget caps what one process can
// spend, and a restart starts the day's count again. It is a cost brake, not
// an accounting record, so it does not cost a database write per message;
// with several processes answering messages the day's ceiling is their
// number times LLM_DAILY_CALLS (README, "Language model").

import { localDate } from '../domain/time.ts';
import { CALL_OUTCOMES, type CallOutcome, type TokenUsage } from './chat-model.ts';

export type CallKind = 'understand' | 'answer';

// A 429 without Retry-After waits this long; a Retry-After longer than the cap is cut to it.
const DEFAULT_PAUSE_MS = 30_000;
const MAX_PAUSE_MS = 10 * 60_000;
// After this many time-outs or errors in a row the model is left alone for FAILURE_PAUSE_MS,
// so a dead server does not add its whole time budget to every message.
const FAILURES_BEFORE_PAUSE = 3;
const FAILURE_PAUSE_MS = 30_000;
const LATENCY_SAMPLES = 200;

/** What /healthz shows under `llm`. */
export interface LlmHealth {
  model: string;
  structuredOutput: string;
  /** Calls made today (local day) by this process, against the daily limit. */
  today: { day: string; calls: number; limit: number };
  /** Set while calls are paused (after a 429 or failures in a row). */
  pausedUntil: string | null;
  outcomes: Record<CallKind, Record<CallOutcome, number>>;
  /** Questions answered from the cache of identical questions, without a call. */
  cached: Record<CallKind, number>;
  /** Over the last calls that reached the server. */
  latencyMs: { median: number | null; p95: number | null; samples: number };
  tokens: { prompt: number; completion: number };
}

export class CallMeter {
  private day = '';
  private callsToday = 0;
  private pausedUntil = 0;
  private failuresInRow = 0;
  private readonly latencies: number[] = [];
  private readonly outcomes: Record<CallKind, Record<CallOutcome, number>> = { understand: zeroes(), answer: zeroes() };
  private readonly cached: Record<CallKind, number> = { understand: 0, answer: 0 };
  private readonly tokens = { prompt: 0, completion: 0 };

  constructor(
    private readonly options: { model: string; structuredOutput: string; dailyCalls: number; timeZone: string; now?: () => Date },
  ) {}

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  /**
   * Takes one call from today's budget, or says why no call may be made now
   * ('budget': the day's calls are spent; 'paused': after a 429 or failures).
   */
  take(): 'budget' | 'paused' | null {
    const now = this.now();
    const day = localDate(now, this.options.timeZone);
    if (day !== this.day) {
      this.day = day;
      this.callsToday = 0;
    }
    if (now.getTime() < this.pausedUntil) return 'paused';
    if (this.callsToday >= this.options.dailyCalls) return 'budget';
    this.callsToday++;
    return null;
  }

  /** Counts how a call (or a refusal to call) ended. */
  record(kind: CallKind, outcome: CallOutcome, result: { ms?: number; usage?: TokenUsage | null; retryAfterMs?: number | undefined } = {}): void {
    this.outcomes[kind][outcome]++;
    if (result.usage) {
      this.tokens.prompt += result.usage.prompt;
      this.tokens.completion += result.usage.completion;
    }
    if (outcome === 'budget' || outcome === 'paused') return;
    if (result.ms !== undefined) {
      this.latencies.push(result.ms);
      if (this.latencies.length > LATENCY_SAMPLES) this.latencies.shift();
    }
    const now = this.now().getTime();
    if (result.retryAfterMs !== undefined) {
      this.pausedUntil = now + Math.min(MAX_PAUSE_MS, result.retryAfterMs || DEFAULT_PAUSE_MS);
    }
    if (outcome === 'timeout' || outcome === 'error') {
      if (++this.failuresInRow >= FAILURES_BEFORE_PAUSE) {
        this.pausedUntil = Math.max(this.pausedUntil, now + FAILURE_PAUSE_MS);
        this.failuresInRow = 0;
      }
    } else this.failuresInRow = 0;
  }

  /** Counts a question answered from the cache. */
  hit(kind: CallKind): void {
    this.cached[kind]++;
  }

  health(): LlmHealth {
    const sorted = [...this.latencies].sort((a, b) => a - b);
    const at = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : null);
    const now = this.now();
    return {
      model: this.options.model,
      structuredOutput: this.options.structuredOutput,
      today: { day: localDate(now, this.options.timeZone), calls: this.day === localDate(now, this.options.timeZone) ? this.callsToday : 0, limit: this.options.dailyCalls },
      pausedUntil: now.getTime() < this.pausedUntil ? new Date(this.pausedUntil).toISOString() : null,
      outcomes: { understand: { ...this.outcomes.understand }, answer: { ...this.outcomes.answer } },
      cached: { ...this.cached },
      latencyMs: { median: at(0.5), p95: at(0.95), samples: sorted.length },
      tokens: { ...this.tokens },
    };
  }
}

function zeroes(): Record<CallOutcome, number> {
  return Object.fromEntries(CALL_OUTCOMES.map((o) => [o, 0])) as Record<CallOutcome, number>;
}

/** A small cache of answers to identical questions (least recently used dropped first, entries expire). */
export class RecentAnswers<T> {
  private readonly entries = new Map<string, { value: T; until: number }>();

  constructor(
    private readonly size = 500,
    private readonly ttlMs = 60 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): T | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    this.entries.delete(key);
    if (e.until < this.now()) return undefined;
    this.entries.set(key, e);
    return e.value;
  }

  set(key: string, value: T): void {
    this.entries.delete(key);
    this.entries.set(key, { value, until: this.now() + this.ttlMs });
    while (this.entries.size > this.size) this.entries.delete(this.entries.keys().next().value!);
  }
}
