// Grounded answers to free questions ("bisa bikin kartu kuning online?"):
// the passages of Pasker's own knowledge that the question is about are
// found without a network, a model answers from them only, and a guard drops
// any answer that adds a fact they do not hold. Every answer's sources are
// logged for staff.

import { z } from 'zod';
import type { LlmSettings } from '../config.ts';
import { fold } from '../domain/text.ts';
import type { Logger } from '../log.ts';
import type { Platform } from '../nlu/types.ts';
import type { StructuredModel } from './chat-model.ts';
import { RecentAnswers, type CallMeter } from './call-meter.ts';
import { asksForSecret, unsupportedClaims } from './grounding-guard.ts';
import type { Faq, KnowledgeSource, Passage } from './knowledge.ts';
import { outboundText } from './outbound-text.ts';
import { ANSWER_FUNCTION, answerSchema, answerSystem, answerUser } from './prompts.ts';
import { PassageIndex, SearchText, type Hit, type SearchLexicon } from './retrieval.ts';

/** An answer the person may read, and the ids of the passages it comes from ([] for "not in my data"). */
export interface AssistantAnswer {
  text: string;
  sources: string[];
}

/** What the dialogue knows about the conversation when it asks. */
export interface AssistantContext {
  /** The platform being talked about (a guide in progress or the last topic): "syaratnya apa?" then means its requirements. */
  topic?: Platform | null;
}

// Retrieval: up to 4 passages, each with a BM25 score of at least 3 whose shared words carry 30%
// of the question's weight (tuned on the questions in test/llm-assistant.test.ts).
const SEARCH = { limit: 4, minScore: 3, minCoverage: 0.3 };
// An FAQ entry this close to the question is said as staff wrote it when the model cannot answer.
const FAQ_FALLBACK_COVERAGE = 0.85;
const MAX_TOKENS = 300;
const MAX_ANSWER_CHARS = 600;
const TOPIC_WORDS: Record<Platform, string> = { ak1: 'kartu kuning ak1', siapkerja: 'siapkerja', karirhub: 'karirhub', sipkerja: 'sip kerja' };

const wireAnswer = z.object({
  known: z.boolean(),
  answer: z.string().catch(''),
  used: z.array(z.string()).catch([]),
});

export interface AssistantDeps {
  model: StructuredModel;
  meter: CallMeter;
  sources: KnowledgeSource[];
  faq: Faq;
  lexicon: SearchLexicon;
  /** The office's name (for the instructions, and a name the answer may always use). */
  officeName: string;
  /** Further names an answer may use without a passage holding them (the regency's). */
  allowedNames: string[];
  settings: Pick<LlmSettings, 'answerTimeoutMs'>;
  log: Logger;
}

/** Answers free questions from Pasker's own knowledge; see `answer`. */
export class Assistant {
  private readonly text: SearchText;
  private readonly cache = new RecentAnswers<AssistantAnswer>();
  private index: { signature: string; index: PassageIndex } | null = null;

  private readonly sources: KnowledgeSource[];

  constructor(private readonly deps: AssistantDeps) {
    this.text = new SearchText(deps.lexicon);
    this.sources = [...deps.sources];
  }

  /** Adds a knowledge source (job fairs, training programmes); its passages are searched from the next question on. */
  addSource(source: KnowledgeSource): void {
    this.sources.push(source);
  }

  /**
   * A grounded answer to `question`, or null.
   *
   * Returns `{ text, sources }` with `sources` naming the passages used
   * ("faq:ak1-biaya", "guide:ak1/siapkan-dokumen", "office:location") when
   * the model answered from them and the guard found nothing added; the text
   * of an FAQ entry itself when the model could not be used but that entry
   * matches the question closely; and the FAQ file's `not_known` sentence
   * with `sources: []` when the knowledge found does not answer the question
   * (the model says so, or its answer added a fact and was dropped).
   *
   * Returns null, and the dialogue answers as it would without a model, when
   * the question matches nothing in Pasker's knowledge (no model call is
   * made), or when the model could not be used (time-out, error, refusal,
   * malformed answer, the day's LLM_DAILY_CALLS spent, calls paused after a
   * 429) and no FAQ entry matches closely.
   */
  async answer(question: string, context: AssistantContext = {}): Promise<AssistantAnswer | null> {
    const asked = outboundText(question);
    if (!fold(asked)) return null;
    const query = context.topic ? `${asked} ${TOPIC_WORDS[context.topic]}` : asked;
    const hits = (await this.currentIndex()).search(query, SEARCH);
    if (!hits.length) {
      this.deps.log.debug('llm answer', { outcome: 'no_match' });
      return null;
    }
    const key = `${context.topic ?? ''}|${fold(asked)}`;
    const cached = this.cache.get(key);
    if (cached) {
      this.deps.meter.hit('answer');
      this.deps.log.info('llm answer', { outcome: 'cached', factIds: cached.sources });
      return cached;
    }
    const retrieved = hits.map((h) => h.passage.id);
    const refused = this.deps.meter.take();
    if (refused) {
      this.deps.meter.record('answer', refused);
      return this.fallback(hits, refused, { retrievedIds: retrieved });
    }
    const passages = hits.map((h) => h.passage);
    const result = await this.deps.model.call({
      name: ANSWER_FUNCTION,
      description: 'The answer to the question, from the facts given only.',
      schema: answerSchema(retrieved),
      system: answerSystem(this.deps.officeName, passages),
      user: answerUser(asked),
      timeoutMs: this.deps.settings.answerTimeoutMs,
      maxTokens: MAX_TOKENS,
    });
    const fields = { retrievedIds: retrieved, ms: result.ms, ...(result.usage ? { promptTokens: result.usage.prompt, completionTokens: result.usage.completion } : {}) };
    if (result.outcome !== 'ok') {
      this.deps.meter.record('answer', result.outcome, result);
      return this.fallback(hits, result.outcome, { ...fields, detail: result.detail });
    }
    const parsed = wireAnswer.safeParse(result.value);
    if (!parsed.success || (parsed.data.known && !parsed.data.answer.trim()) || parsed.data.answer.length > MAX_ANSWER_CHARS) {
      this.deps.meter.record('answer', 'invalid', result);
      return this.fallback(hits, 'invalid', { ...fields, detail: parsed.success ? 'empty or too long answer' : 'the answer does not have the expected fields' });
    }
    if (!parsed.data.known) {
      this.deps.meter.record('answer', 'ok', result);
      const notKnown = { text: this.deps.faq.notKnown, sources: [] };
      this.deps.log.info('llm answer', { outcome: 'ok', known: false, factIds: [], ...fields });
      this.cache.set(key, notKnown);
      return notKnown;
    }
    const text = parsed.data.answer.trim();
    const unsupported = unsupportedClaims(text, passages.map((p) => `${p.title}\n${p.text}`), { allowedNames: [this.deps.officeName, ...this.deps.allowedNames] });
    if (asksForSecret(text)) unsupported.push('asks for a secret');
    if (unsupported.length) {
      this.deps.meter.record('answer', 'guard_rejected', result);
      this.deps.log.warn('llm answer', { outcome: 'guard_rejected', unsupported, ...fields });
      return { text: this.deps.faq.notKnown, sources: [] };
    }
    const used = parsed.data.used.filter((id) => retrieved.includes(id));
    const answer = { text, sources: used.length ? used : retrieved };
    this.deps.meter.record('answer', 'ok', result);
    this.deps.log.info('llm answer', { outcome: 'ok', known: true, factIds: answer.sources, ...fields });
    this.cache.set(key, answer);
    return answer;
  }

  // Without a usable model answer: an FAQ entry that matches closely, as staff wrote it, or null.
  private fallback(hits: Hit[], outcome: string, fields: Record<string, unknown>): AssistantAnswer | null {
    const top = hits[0]!;
    const answer = top.passage.id.startsWith('faq:') && top.coverage >= FAQ_FALLBACK_COVERAGE ? { text: top.passage.text, sources: [top.passage.id] } : null;
    this.deps.log.info('llm answer', { outcome, fallback: answer ? 'faq' : 'none', factIds: answer?.sources ?? [], ...fields });
    return answer;
  }

  private async currentIndex(): Promise<PassageIndex> {
    const passages: Passage[] = [];
    for (const source of this.sources) {
      try {
        passages.push(...(await source.passages()));
      } catch (err) {
        this.deps.log.warn('knowledge source failed; answering without it', { source: source.name, err });
      }
    }
    const signature = passages.map((p) => `${p.id}:${p.text.length}:${p.text.slice(0, 24)}`).join('|');
    if (this.index?.signature !== signature) this.index = { signature, index: new PassageIndex(passages, this.text) };
    return this.index.index;
  }
}
