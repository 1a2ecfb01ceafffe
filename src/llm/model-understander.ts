// Understanding with a model's help when the rules are unsure: the rules
// first, and only when they fall back to out_of_scope or a low classifier
// score (and the message does not answer a pending question) a structured
// model call that may name only known intents and entities. Time-outs,
// errors and anything invalid leave the rules' answer as it was.

import { z } from 'zod';
import type { LlmSettings } from '../config.ts';
import { isEducation } from '../domain/education.ts';
import type { Region } from '../domain/region.ts';
import { compact, editDistance, fold } from '../domain/text.ts';
import type { Logger } from '../log.ts';
import { answersPending } from '../nlu/context.ts';
import { PLATFORMS, type Intent, type Platform, type UnderstandContext, type Understanding } from '../nlu/types.ts';
import type { StructuredModel } from './chat-model.ts';
import type { CallMeter } from './call-meter.ts';
import { RecentAnswers } from './call-meter.ts';
import { outboundText } from './outbound-text.ts';
import { MODEL_INTENTS, UNDERSTANDING_FUNCTION, understandingSchema, understandingSystem, understandingUser } from './prompts.ts';

/** What the dialogue calls to understand a message (the rules' Understander has the same method). */
export interface Understands {
  understand(text: string, context?: UnderstandContext): Promise<Understanding>;
}

// The model gives no probability: a model-decided intent is reported with this score, above
// LLM_UNSURE_BELOW's default, so it reads as understood; `source: 'model'` says who decided.
export const MODEL_SCORE = 0.9;
const MAX_TOKENS = 120;
// Intents whose messages name a job or field (as in src/nlu/understand.ts).
const KEYWORD_INTENTS = new Set<Intent>(['search_vacancies', 'subscribe', 'report_vacancy', 'training']);

// The model's answer, read leniently: an unknown entity value is dropped, not fatal.
const wireUnderstanding = z.object({
  intent: z.string(),
  district: z.array(z.string()).catch([]),
  education: z.string().nullable().catch(null),
  platform: z.string().nullable().catch(null),
  keyword: z.string().nullable().catch(null),
});
type WireUnderstanding = z.infer<typeof wireUnderstanding>;

/** A drop-in for the rules' Understander that asks a model when the rules are unsure. */
export class ModelUnderstander implements Understands {
  private readonly cache = new RecentAnswers<WireUnderstanding>();
  private readonly kecamatan: string[];

  constructor(
    private readonly rules: Understands,
    private readonly model: StructuredModel,
    private readonly meter: CallMeter,
    private readonly region: Region,
    private readonly settings: Pick<LlmSettings, 'understandTimeoutMs' | 'unsureBelow'>,
    private readonly log: Logger,
  ) {
    this.kecamatan = region.kecamatan.map((k) => k.name);
  }

  async understand(text: string, context: UnderstandContext = {}): Promise<Understanding> {
    const rules = await this.rules.understand(text, context);
    if (!this.unsure(rules, context)) return rules;
    const message = outboundText(text);
    if (!fold(message)) return rules;
    const key = `${context.topic ?? ''}|${fold(message)}`;
    const cached = this.cache.get(key);
    if (cached) {
      this.meter.hit('understand');
      return this.merge(rules, cached, text) ?? rules;
    }
    const refused = this.meter.take();
    if (refused) {
      this.meter.record('understand', refused);
      this.log.info('llm understand', { outcome: refused, rulesIntent: rules.intent });
      return rules;
    }
    const result = await this.model.call({
      name: UNDERSTANDING_FUNCTION,
      description: 'What the chat message means: one intent and the entities it names.',
      schema: understandingSchema(this.kecamatan),
      system: understandingSystem(this.region.name, this.kecamatan),
      user: understandingUser(message, context.topic ?? null),
      timeoutMs: this.settings.understandTimeoutMs,
      maxTokens: MAX_TOKENS,
    });
    const tokens = result.usage ? { promptTokens: result.usage.prompt, completionTokens: result.usage.completion } : {};
    if (result.outcome !== 'ok') {
      this.meter.record('understand', result.outcome, result);
      this.log.info('llm understand', { outcome: result.outcome, ms: result.ms, detail: result.detail, rulesIntent: rules.intent, ...tokens });
      return rules;
    }
    const parsed = wireUnderstanding.safeParse(result.value);
    const allowed = parsed.success && (MODEL_INTENTS as readonly string[]).includes(parsed.data.intent);
    if (!parsed.success || !allowed) {
      this.meter.record('understand', 'invalid', result);
      const detail = parsed.success ? `intent "${parsed.data.intent.slice(0, 40)}" is not one the model may give` : 'the answer does not have the expected fields';
      this.log.info('llm understand', { outcome: 'invalid', ms: result.ms, detail, rulesIntent: rules.intent, ...tokens });
      return rules;
    }
    this.meter.record('understand', 'ok', result);
    this.cache.set(key, parsed.data);
    const merged = this.merge(rules, parsed.data, text);
    this.log.info('llm understand', { outcome: 'ok', ms: result.ms, rulesIntent: rules.intent, modelIntent: parsed.data.intent, used: Boolean(merged), ...tokens });
    return merged ?? rules;
  }

  /** The rules are unsure and nothing pending is answered by the message (then a model may help). */
  private unsure(u: Understanding, context: UnderstandContext): boolean {
    // A fixed rule or the dialogue's context decided; a stop or erase word is never second-guessed.
    if (u.source !== 'classifier' || u.explicit.stop || u.explicit.erase) return false;
    if (u.bareNumber || answersPending(u, context)) return false;
    return u.intent === 'out_of_scope' || u.score < this.settings.unsureBelow;
  }

  // The rules' understanding with the model's intent and the entities the rules missed; null
  // when the model adds nothing (it too says out_of_scope).
  private merge(rules: Understanding, m: WireUnderstanding, text: string): Understanding | null {
    const intent = m.intent as Intent;
    if (intent === 'out_of_scope' && rules.intent !== 'out_of_scope') return null;
    if (intent === rules.intent && intent === 'out_of_scope') return null;
    const words = fold(text).split(' ').filter(Boolean);
    // Places: only when the rules found none (a "Cikarang" they ask about stays asked), and only
    // a kecamatan the message itself names, typos allowed: a model never picks a place.
    const codes = [...rules.districtCodes];
    if (!codes.length && !rules.ambiguousPlaces.length) {
      for (const name of m.district) {
        const k = this.region.kecamatan.find((x) => compact(x.name) === compact(name));
        if (k && namedIn(words, k.name) && !codes.includes(k.code)) codes.push(k.code);
      }
    }
    const education = rules.entities.education ?? (isEducation(m.education) ? m.education : null);
    const platform = rules.entities.platform ?? ((PLATFORMS as readonly string[]).includes(m.platform ?? '') ? (m.platform as Platform) : null);
    const modelKeyword = m.keyword && m.keyword.length <= 40 && fold(m.keyword).split(' ').every((w) => words.includes(w)) ? fold(m.keyword) : null;
    const job = rules.job ?? modelKeyword;
    return {
      ...rules,
      intent,
      score: MODEL_SCORE,
      byRule: false,
      source: 'model',
      alternatives: [{ intent, score: MODEL_SCORE }, ...rules.alternatives.filter((a) => a.intent !== intent)],
      // Only the closed stop / erase lexicon sets these, never a model.
      explicit: { stop: rules.explicit.stop, erase: rules.explicit.erase },
      entities: { district: codes.map((c) => this.region.nameOf(c)), education, platform, keyword: KEYWORD_INTENTS.has(intent) ? job : null },
      districtCodes: codes,
      job,
    };
  }
}

/** The message answers what the dialogue is waiting for (shared with the rules: src/nlu/context.ts). */
export { answersPending };

// One, two or three neighbouring words spell the name, allowing a typo or two.
function namedIn(words: string[], name: string): boolean {
  const target = compact(name);
  const allowed = target.length <= 5 ? 1 : 2;
  for (let i = 0; i < words.length; i++) {
    for (let n = 1; n <= 3 && i + n <= words.length; n++) {
      if (editDistance(words.slice(i, i + n).join(''), target, allowed) <= allowed) return true;
    }
  }
  return false;
}
