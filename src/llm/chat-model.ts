// The one way Pasker talks to a language model: a structured call (function
// calling or a JSON-schema response format) to an OpenAI-compatible
// chat-completions API through LangChain, under a hard time budget. LangChain
// is imported on first use, so a start-up with the model off never loads it.

import type { ChatOpenAICompletions } from '@langchain/openai';
import type { LlmSettings } from '../config.ts';

/** How one call to the model ended (also counted on /healthz). */
export const CALL_OUTCOMES = ['ok', 'timeout', 'error', 'refused', 'invalid', 'guard_rejected', 'budget', 'paused'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

/** A structured request: the model must answer with arguments matching `schema`. */
export interface StructuredRequest {
  /** The function (tools) or schema (json_schema) name, e.g. "understanding". */
  name: string;
  description: string;
  /** JSON Schema of the answer, strict-mode ready (every property required, no others). */
  schema: Record<string, unknown>;
  system: string;
  user: string;
  /** Give up after this long; the caller falls back to what it has without the model. */
  timeoutMs: number;
  /** Upper bound of tokens the model may write. */
  maxTokens: number;
}

export interface TokenUsage {
  prompt: number;
  completion: number;
}

export type StructuredResult =
  | { outcome: 'ok'; value: unknown; ms: number; usage: TokenUsage | null }
  | { outcome: 'timeout' | 'error' | 'refused' | 'invalid'; detail: string; ms: number; usage: TokenUsage | null; retryAfterMs?: number };

/** What the assistant and the understanding wrapper need from a model. */
export interface StructuredModel {
  call(request: StructuredRequest): Promise<StructuredResult>;
}

class Timeout extends Error {}

type Unmeasured = StructuredResult extends infer R ? (R extends unknown ? Omit<R, 'ms'> : never) : never;

/** A model behind an OpenAI-compatible /v1/chat/completions (Ollama, vLLM, llama.cpp, a hosted provider). */
export class OpenAiCompatibleModel implements StructuredModel {
  private loading: Promise<{ model: (maxTokens: number) => ChatOpenAICompletions; messages: typeof import('@langchain/core/messages') }> | null = null;

  constructor(private readonly settings: Pick<LlmSettings, 'baseUrl' | 'model' | 'apiKey' | 'structuredOutput'>) {}

  /** Starts loading LangChain in the background, so the first message does not wait for it. */
  warm(): void {
    void this.load().catch(() => undefined);
  }

  private load() {
    this.loading ??= (async () => {
      // The person's words go to LLM_BASE_URL and nowhere else: LangChain's tracing (LangSmith) and
      // verbose mode (prompts printed on stdout, the terminal chat's output) stay off whatever the environment says.
      for (const name of ['LANGSMITH_TRACING_V2', 'LANGCHAIN_TRACING_V2', 'LANGSMITH_TRACING', 'LANGCHAIN_TRACING', 'LANGCHAIN_VERBOSE']) delete process.env[name];
      const [{ ChatOpenAICompletions }, messages] = await Promise.all([import('@langchain/openai'), import('@langchain/core/messages')]);
      // Chat Completions only (never the Responses API): it is what every OpenAI-compatible server speaks.
      // No retries: a retry would not fit the time budget, and the rules answer instead.
      // max_tokens is a setting of the client, not of a call: one client per limit.
      const clients = new Map<number, ChatOpenAICompletions>();
      const model = (maxTokens: number) => {
        let client = clients.get(maxTokens);
        if (!client) {
          client = new ChatOpenAICompletions({
            model: this.settings.model,
            apiKey: this.settings.apiKey,
            configuration: { baseURL: this.settings.baseUrl },
            temperature: 0,
            maxTokens,
            maxRetries: 0,
            __includeRawResponse: true,
          });
          clients.set(maxTokens, client);
        }
        return client;
      };
      return { model, messages };
    })();
    return this.loading;
  }

  async call(request: StructuredRequest): Promise<StructuredResult> {
    const started = performance.now();
    const ms = () => Math.round(performance.now() - started);
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    // The race, not only the abort signal, keeps the budget: loading LangChain or a server
    // that ignores the abort cannot hold the person's reply.
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new Timeout(`no answer within ${request.timeoutMs} ms`));
      }, request.timeoutMs);
    });
    try {
      const raw = await Promise.race([this.invoke(request, controller.signal), deadline]);
      return { ...raw, ms: ms() } as StructuredResult;
    } catch (err) {
      if (err instanceof Timeout || controller.signal.aborted) return { outcome: 'timeout', detail: (err as Error).message, ms: ms(), usage: null };
      // A 429 always pauses calls (CallMeter: 0 = its default pause); other errors only when they say how long.
      const retryAfterMs = retryAfter(err) ?? ((err as { status?: number } | null)?.status === 429 ? 0 : null);
      return { outcome: 'error', detail: describe(err), ms: ms(), usage: null, ...(retryAfterMs !== null ? { retryAfterMs } : {}) };
    } finally {
      clearTimeout(timer);
    }
  }

  private async invoke(request: StructuredRequest, signal: AbortSignal): Promise<Unmeasured> {
    const { model: client, messages } = await this.load();
    const model = client(request.maxTokens);
    const input = [new messages.SystemMessage(request.system), new messages.HumanMessage(request.user)];
    const ai =
      this.settings.structuredOutput === 'tools'
        ? await model
            .bindTools([{ type: 'function', function: { name: request.name, description: request.description, parameters: request.schema, strict: true } }], {
              tool_choice: { type: 'function', function: { name: request.name } },
            })
            .invoke(input, { signal })
        : await model.invoke(input, {
            signal,
            response_format: { type: 'json_schema', json_schema: { name: request.name, description: request.description, schema: request.schema, strict: true } },
          } as never);
    const usage = ai.usage_metadata ? { prompt: ai.usage_metadata.input_tokens, completion: ai.usage_metadata.output_tokens } : null;
    const rawResponse = ai.additional_kwargs?.__raw_response as { choices?: Array<{ finish_reason?: string; message?: { refusal?: string | null } }> } | undefined;
    const choice = rawResponse?.choices?.[0];
    if (choice?.message?.refusal || choice?.finish_reason === 'content_filter') {
      return { outcome: 'refused', detail: String(choice.message?.refusal ?? choice.finish_reason).slice(0, 200), usage };
    }
    if (this.settings.structuredOutput === 'tools') {
      const call = ai.tool_calls?.find((c) => c.name === request.name);
      if (call) return { outcome: 'ok', value: call.args, usage };
      const broken = ai.invalid_tool_calls?.[0];
      return { outcome: 'invalid', detail: broken ? `arguments are not JSON: ${String(broken.error ?? '').slice(0, 120)}` : 'no function call in the answer', usage };
    }
    const text = typeof ai.content === 'string' ? ai.content : '';
    try {
      return { outcome: 'ok', value: JSON.parse(text) as unknown, usage };
    } catch {
      return { outcome: 'invalid', detail: 'content is not JSON', usage };
    }
  }
}

// A 429's Retry-After (seconds or an HTTP date) or retry-after-ms, in milliseconds.
function retryAfter(err: unknown): number | null {
  const headers = (err as { headers?: Headers | Record<string, string> } | null)?.headers;
  if (!headers) return null;
  const get = (name: string) => (typeof (headers as Headers).get === 'function' ? (headers as Headers).get(name) : (headers as Record<string, string>)[name]) ?? null;
  const ms = Number(get('retry-after-ms'));
  if (Number.isFinite(ms) && ms > 0) return ms;
  const value = get('retry-after');
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

function describe(err: unknown): string {
  const e = err as { status?: number; message?: string; name?: string } | null;
  const status = typeof e?.status === 'number' ? `HTTP ${e.status}: ` : '';
  return `${status}${String(e?.message ?? e?.name ?? err).split('\n')[0]!.slice(0, 200)}`;
}
