// The optional language-model path as one piece: the client, the call meter,
// the understanding wrapper and the assistant, built from the LLM_* settings
// and Pasker's content. Loaded by the runtime only when the settings are set.

import type { LlmSettings } from '../config.ts';
import type { OfficeInfo } from '../core/dialogue.ts';
import type { GuideBook } from '../core/guide-types.ts';
import type { Region } from '../domain/region.ts';
import type { Logger } from '../log.ts';
import { Assistant } from './assistant.ts';
import { CallMeter, type LlmHealth } from './call-meter.ts';
import { OpenAiCompatibleModel, type StructuredModel } from './chat-model.ts';
import { faqSource, guideSource, officeSource, type Faq, type KnowledgeSource } from './knowledge.ts';
import { ModelUnderstander, type Understands } from './model-understander.ts';

/** The content the model path reads (the runtime's Content has all of it). */
export interface ModelPathContent {
  region: Region;
  office: OfficeInfo;
  guides: GuideBook;
  faq: Faq;
  nlu: { slang: ReadonlyMap<string, string> };
}

export interface ModelPath {
  /** The rules' understanding, with the model asked when they are unsure. */
  understander: ModelUnderstander;
  assistant: Assistant;
  /** Counts and latencies for /healthz. */
  health(): LlmHealth;
}

/** Builds the model path; `model` replaces the OpenAI-compatible client (tests give their own). */
export function createModelPath(
  settings: LlmSettings,
  content: ModelPathContent,
  rules: Understands,
  log: Logger,
  options: { sipkerjaUrl?: string | null; model?: StructuredModel; sources?: KnowledgeSource[] } = {},
): ModelPath {
  let model = options.model;
  if (!model) {
    const client = new OpenAiCompatibleModel(settings);
    client.warm();
    model = client;
  }
  const meter = new CallMeter({ model: settings.model, structuredOutput: settings.structuredOutput, dailyCalls: settings.dailyCalls, timeZone: settings.timeZone });
  const understander = new ModelUnderstander(rules, model, meter, content.region, settings, log);
  const assistant = new Assistant({
    model,
    meter,
    sources: [faqSource(content.faq), guideSource(content.guides), officeSource(content.office, options.sipkerjaUrl ?? null), ...(options.sources ?? [])],
    faq: content.faq,
    lexicon: { slang: content.nlu.slang, common: [content.region.name, content.region.shortName] },
    officeName: content.office.name,
    allowedNames: [content.region.name, content.region.shortName],
    settings,
    log,
  });
  log.info('language model on', { model: settings.model, structuredOutput: settings.structuredOutput, dailyCalls: settings.dailyCalls });
  return { understander, assistant, health: () => meter.health() };
}
