// Minimal typings for the parts of NLP.js (https://github.com/axa-group/nlp.js)
// that Pasker uses; the packages ship none.

declare module '@nlpjs/core' {
  export interface Container {
    use(plugin: unknown): void;
    get(name: string): unknown;
  }
  export function containerBootstrap(settings?: Record<string, unknown>): Promise<Container>;
}

declare module '@nlpjs/lang-id' {
  export const LangId: unknown;
  export class StemmerId {
    stemWord(word: string): string;
  }
}

declare module '@nlpjs/nlp' {
  import type { Container } from '@nlpjs/core';
  export interface NlpResult {
    intent: string;
    score: number;
    classifications: Array<{ intent: string; score: number }>;
  }
  export class Nlp {
    constructor(settings: { languages: string[]; autoSave?: boolean; autoLoad?: boolean; nlu?: Record<string, unknown>; container?: Container; forceNER?: boolean; threshold?: number });
    addDocument(locale: string, utterance: string, intent: string): void;
    train(): Promise<unknown>;
    process(locale: string, utterance: string): Promise<NlpResult>;
    export(minified?: boolean): string;
    /** A model as export() wrote it, as text or already parsed. */
    import(data: string | object): void;
    /** The intent classification step alone (what `process` runs first, before entities, answers and sentiment). */
    nluManager: { process(input: { locale: string; utterance: string; context: Record<string, unknown>; settings: unknown }): Promise<NlpResult> };
    settings: { nlu?: Record<string, unknown> };
    applySettings(settings: unknown, defaults: unknown): unknown;
  }
}
