// A loopback WhatsApp Cloud API (Graph API) server: POST
// /{version}/{phone-number-id}/messages with the real request and response
// shapes and error bodies, the limits Meta enforces (./platform-limits.ts;
// refused messages are recorded in `refused`), plus a helper that signs
// webhook bodies the way Meta does (X-Hub-Signature-256).

import crypto from 'node:crypto';
import http from 'node:http';
import { LoopbackFake, waitForCount } from './loopback.ts';
import { graphProblem } from './platform-limits.ts';

export interface GraphSent {
  to: string;
  type: string;
  body: Record<string, unknown>;
  id: string;
  /** When it arrived (ms since 1970). */
  at: number;
}

export class FakeGraph extends LoopbackFake {
  readonly sent: GraphSent[] = [];
  readonly refused: Array<{ to: unknown; error: string }> = [];
  private readonly failures: Array<{ status: number; error: Record<string, unknown>; times: number }> = [];
  private next = 1;
  private readonly holds = new Map<string, () => void>();

  constructor(
    readonly token = 'EAAFakeCloudToken',
    readonly phoneNumberId = '109876543210',
  ) {
    super();
  }

  failNext(status: number, error: Record<string, unknown>, times = 1): void {
    this.failures.push({ status, error, times });
  }

  /**
   * The next message to `to` is never answered (as when the sender dies while Meta is still
   * reading the request) and not sent; resolves once that request has arrived.
   */
  holdNextTo(to: string): Promise<void> {
    return new Promise((r) => this.holds.set(to, r));
  }

  messagesTo(to: string): GraphSent[] {
    return this.sent.filter((m) => m.to === to);
  }

  waitForSent(count: number, ms = 20_000): Promise<void> {
    return waitForCount(() => this.sent.length, count, ms);
  }

  protected async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const reply = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
    };
    // GET /{version}/{phone-number-id}: the number's details (what Pasker asks at start-up).
    const number = /^\/(v\d+\.\d+)\/(\d+)(\?.*)?$/.exec(req.url ?? '');
    if (req.method === 'GET' && number) {
      if (req.headers.authorization !== `Bearer ${this.token}`) return reply(401, { error: { message: 'Invalid OAuth access token.', type: 'OAuthException', code: 190 } });
      if (number[2] !== this.phoneNumberId) return reply(400, { error: { message: `Unsupported get request. Object with ID '${number[2]}' does not exist`, type: 'GraphMethodException', code: 100 } });
      return reply(200, { id: this.phoneNumberId });
    }
    const match = /^\/(v\d+\.\d+)\/(\d+)\/messages$/.exec(req.url ?? '');
    if (req.method !== 'POST' || !match) return reply(404, { error: { message: 'Unknown path', type: 'GraphMethodException', code: 100 } });
    if (req.headers.authorization !== `Bearer ${this.token}`) return reply(401, { error: { message: 'Invalid OAuth access token.', type: 'OAuthException', code: 190 } });
    if (match[2] !== this.phoneNumberId) return reply(400, { error: { message: 'Unsupported post request.', type: 'GraphMethodException', code: 100 } });
    const failure = this.failures[0];
    if (failure) {
      if (--failure.times <= 0) this.failures.shift();
      return reply(failure.status, { error: { type: 'OAuthException', fbtrace_id: 'fake', ...failure.error } });
    }
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
    if (body.messaging_product !== 'whatsapp' || typeof body.to !== 'string') return reply(400, { error: { message: '(#100) Invalid parameter', type: 'OAuthException', code: 100 } });
    const held = this.holds.get(body.to);
    if (held) {
      this.holds.delete(body.to);
      return held();
    }
    const problem = graphProblem(body);
    if (problem) {
      this.refused.push({ to: body.to, error: problem });
      return reply(400, { error: { message: problem, type: 'OAuthException', code: Number(/#(\d+)/.exec(problem)?.[1] ?? 100) } });
    }
    const id = `wamid.FAKE${this.next++}`;
    this.sent.push({ to: body.to, type: String(body.type), body, id, at: Date.now() });
    return reply(200, { messaging_product: 'whatsapp', contacts: [{ input: body.to, wa_id: body.to }], messages: [{ id }] });
  }
}

/** A webhook body as Meta sends it for one incoming text message. */
export function inboundText(phoneNumberId: string, from: string, text: string, id = `wamid.IN${crypto.randomUUID()}`): Record<string, unknown> {
  return {
    object: 'whatsapp_business_account',
    entry: [{ id: 'WABA1', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '6281100000000', phone_number_id: phoneNumberId }, contacts: [{ profile: { name: 'Tester' }, wa_id: from }], messages: [{ from, id, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: text } }] } }] }],
  };
}

/** A webhook body for a press on an interactive reply button or list row. */
export function inboundChoice(phoneNumberId: string, from: string, id: string, kind: 'button_reply' | 'list_reply' = 'list_reply'): Record<string, unknown> {
  const body = inboundText(phoneNumberId, from, '') as { entry: Array<{ changes: Array<{ value: { messages: Array<Record<string, unknown>> } }> }> };
  const m = body.entry[0]!.changes[0]!.value.messages[0]!;
  delete m.text;
  m.type = 'interactive';
  m.interactive = { type: kind, [kind]: { id, title: id } };
  return body;
}

/** A status callback body. */
export function statusUpdate(phoneNumberId: string, messageId: string, status: string, recipient: string): Record<string, unknown> {
  return { object: 'whatsapp_business_account', entry: [{ id: 'WABA1', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { phone_number_id: phoneNumberId }, statuses: [{ id: messageId, status, timestamp: String(Math.floor(Date.now() / 1000)), recipient_id: recipient }] } }] }] };
}

/** POSTs a webhook body the way Meta does, signed with the app secret (or with `signature` as given). */
export async function postWebhook(url: string, body: unknown, appSecret: string | null, signature?: string): Promise<Response> {
  const raw = JSON.stringify(body);
  const sig = signature ?? (appSecret ? `sha256=${crypto.createHmac('sha256', appSecret).update(raw).digest('hex')}` : undefined);
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(sig ? { 'x-hub-signature-256': sig } : {}) }, body: raw });
}
