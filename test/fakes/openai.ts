// A loopback OpenAI chat-completions server: POST /v1/chat/completions with
// the real request checks (Bearer key, model, messages, tools, tool_choice,
// response_format), the real response, error and header shapes, and usage
// counted with the o200k_base tokenizer. Tests script each answer: valid
// JSON, malformed JSON, plain text, a refusal, a 429 with retry-after, a 500,
// or never answering.

import http from 'node:http';
import { Tiktoken } from 'js-tiktoken/lite';
import o200k from 'js-tiktoken/ranks/o200k_base';
import { LoopbackFake } from './loopback.ts';

export type FakeAnswer =
  | { kind: 'json'; value: unknown }
  | { kind: 'malformed' }
  | { kind: 'text'; text: string }
  | { kind: 'refusal'; text?: string }
  | { kind: 'rate_limit'; retryAfterSeconds: number }
  | { kind: 'server_error' }
  | { kind: 'hang' };

export interface ChatRequest {
  model: string;
  messages: Array<{ role: string; content: string | null }>;
  tools?: Array<{ type: string; function: { name: string; description?: string; parameters: Record<string, unknown>; strict?: boolean } }>;
  tool_choice?: { type: string; function: { name: string } } | string;
  response_format?: { type: string; json_schema?: { name: string; schema: Record<string, unknown>; strict?: boolean } };
  max_tokens?: number;
  temperature?: number;
  stream?: boolean;
}

export interface ReceivedRequest {
  authorization: string | undefined;
  body: ChatRequest;
}

const encoder = new Tiktoken(o200k);
const tokens = (text: string) => encoder.encode(text).length;

export class FakeOpenAI extends LoopbackFake {
  readonly received: ReceivedRequest[] = [];
  /** Usage of every answered request, as the response's usage field said. */
  readonly usages: Array<{ prompt_tokens: number; completion_tokens: number }> = [];
  private readonly script: Array<FakeAnswer | ((body: ChatRequest) => FakeAnswer)> = [];
  /** The answer when nothing is scripted. */
  otherwise: (body: ChatRequest) => FakeAnswer = () => ({ kind: 'server_error' });
  private next = 1;

  constructor(readonly apiKey = 'sk-fake-pasker-0123456789') {
    super();
  }

  /** The base URL a client is given (ends in /v1, as for OpenAI). */
  get baseUrl(): string {
    return `${this.apiRoot}/v1`;
  }

  /** Answers the next requests in this order. */
  answer(...answers: Array<FakeAnswer | ((body: ChatRequest) => FakeAnswer)>): this {
    this.script.push(...answers);
    return this;
  }

  /** Forgets what was received and scripted (between tests). */
  reset(): void {
    this.received.length = 0;
    this.usages.length = 0;
    this.script.length = 0;
    this.otherwise = () => ({ kind: 'server_error' });
  }

  /** Everything the server was sent in messages, tools and schemas (for privacy checks). */
  everythingReceived(): string {
    return this.received.map((r) => JSON.stringify(r.body)).join('\n');
  }

  protected async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const reply = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': `req_fake${this.next}`, ...headers });
      res.end(JSON.stringify(payload));
    };
    const error = (status: number, message: string, type: string, code: string | null, param: string | null = null, headers: Record<string, string> = {}) =>
      reply(status, { error: { message, type, param, code } }, headers);
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') return error(404, `Invalid URL (${req.method} ${req.url})`, 'invalid_request_error', null);
    if (req.headers.authorization !== `Bearer ${this.apiKey}`) {
      return error(401, `Incorrect API key provided: ${(req.headers.authorization ?? '').replace(/^Bearer /, '').slice(0, 8)}****. You can find your API key at https://platform.openai.com/account/api-keys.`, 'invalid_request_error', 'invalid_api_key');
    }
    let body: ChatRequest;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatRequest;
    } catch {
      return error(400, 'We could not parse the JSON body of your request.', 'invalid_request_error', null);
    }
    const problem = invalid(body);
    if (problem) return error(400, problem.message, 'invalid_request_error', null, problem.param);
    this.received.push({ authorization: req.headers.authorization, body });

    const scripted = this.script.shift() ?? this.otherwise;
    const answer = typeof scripted === 'function' ? scripted(body) : scripted;
    const id = `chatcmpl-FAKE${this.next++}`;
    switch (answer.kind) {
      case 'hang':
        return; // never answers; the connection is closed when the fake stops
      case 'rate_limit':
        return error(429, `Rate limit reached for ${body.model} in organization org-fake on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in ${answer.retryAfterSeconds}s.`, 'requests', 'rate_limit_exceeded', null, {
          'retry-after': String(answer.retryAfterSeconds),
          'x-ratelimit-limit-requests': '3',
          'x-ratelimit-remaining-requests': '0',
          'x-ratelimit-reset-requests': `${answer.retryAfterSeconds}s`,
        });
      case 'server_error':
        return error(500, 'The server had an error while processing your request. Sorry about that!', 'server_error', null);
      case 'json':
      case 'malformed':
      case 'text':
      case 'refusal': {
        const usesTools = Boolean(body.tools?.length);
        const output = answer.kind === 'json' ? JSON.stringify(answer.value) : answer.kind === 'malformed' ? '{"intent": "job_fair", "district": [' : answer.kind === 'text' ? answer.text : '';
        const toolName = typeof body.tool_choice === 'object' ? body.tool_choice.function.name : body.tools?.[0]?.function.name;
        const message =
          answer.kind === 'refusal'
            ? { role: 'assistant', content: null, refusal: answer.text ?? "I'm sorry, but I can't assist with that request.", annotations: [] }
            : usesTools && answer.kind !== 'text'
              ? { role: 'assistant', content: null, refusal: null, annotations: [], tool_calls: [{ id: `call_fake${this.next}`, type: 'function', function: { name: toolName, arguments: output } }] }
              : { role: 'assistant', content: output, refusal: null, annotations: [] };
        const usage = {
          prompt_tokens: promptTokens(body),
          completion_tokens: tokens(answer.kind === 'refusal' ? (message.refusal as string) : output),
        };
        this.usages.push(usage);
        return reply(200, {
          id,
          object: 'chat.completion',
          created: Math.floor(Date.now() / 1000),
          model: body.model,
          choices: [{ index: 0, message, logprobs: null, finish_reason: 'tool_calls' in message ? 'tool_calls' : 'stop' }],
          usage: {
            ...usage,
            total_tokens: usage.prompt_tokens + usage.completion_tokens,
            prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
            completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
          },
          service_tier: 'default',
          system_fingerprint: 'fp_fake',
        });
      }
    }
  }
}

// The checks OpenAI makes before answering (the ones a client of ours could get wrong).
function invalid(body: ChatRequest): { message: string; param: string } | null {
  if (typeof body.model !== 'string' || !body.model) return { message: 'you must provide a model parameter', param: 'model' };
  if (!Array.isArray(body.messages) || !body.messages.length) return { message: "Invalid 'messages': empty array. Expected an array with minimum length 1.", param: 'messages' };
  for (const [i, m] of body.messages.entries()) {
    if (!['system', 'developer', 'user', 'assistant', 'tool'].includes(m.role)) return { message: `Invalid value: '${m.role}'. Supported values are: 'system', 'assistant', 'user', 'tool', 'function', and 'developer'.`, param: `messages[${i}].role` };
  }
  for (const [i, t] of (body.tools ?? []).entries()) {
    if (t.type !== 'function' || !t.function?.name || typeof t.function.parameters !== 'object') return { message: `Invalid tools[${i}]: expected a function with a name and parameters.`, param: `tools[${i}]` };
  }
  if (typeof body.tool_choice === 'object' && !(body.tools ?? []).some((t) => t.function.name === (body.tool_choice as { function: { name: string } }).function.name)) {
    return { message: "Invalid value for 'tool_choice': the function named in tool_choice is not in tools.", param: 'tool_choice' };
  }
  if (body.response_format?.type === 'json_schema' && (!body.response_format.json_schema?.name || typeof body.response_format.json_schema.schema !== 'object')) {
    return { message: "Missing required parameter: 'response_format.json_schema'.", param: 'response_format.json_schema' };
  }
  return null;
}

// OpenAI's chat format adds about 3 tokens per message and 3 to prime the answer; function
// definitions are counted as their JSON (close to, not exactly, what OpenAI bills for them).
function promptTokens(body: ChatRequest): number {
  let n = 3;
  for (const m of body.messages) n += 3 + tokens(m.content ?? '');
  if (body.tools?.length) n += tokens(JSON.stringify(body.tools));
  if (body.response_format?.json_schema) n += tokens(JSON.stringify(body.response_format.json_schema));
  return n;
}
