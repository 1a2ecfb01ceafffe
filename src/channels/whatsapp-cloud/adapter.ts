// WhatsApp through Meta's Cloud API: sends with the Graph API, receives on
// the webhook /webhooks/whatsapp (the GET verification handshake; POSTs only
// with a valid X-Hub-Signature-256, checked against a schema before use), and
// reports status callbacks (sent, delivered, read, failed) for our outgoing
// messages. A POST is answered 200 once every message in it is accepted
// (its turn saved); otherwise 503, and Meta delivers it again (a message
// already answered is recognised by its id and not answered twice).

import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Reply } from '../../core/types.ts';
import type { Logger } from '../../log.ts';
import { DeliveryError, type Channel, type ChannelHealth, type InboundHandler } from '../channel.ts';
import { LIMITS } from '../limits.ts';
import { renderCloud } from './render.ts';

export interface WhatsAppCloudOptions {
  token: string;
  phoneNumberId: string;
  appSecret: string;
  verifyToken: string;
  /** Graph API root (default https://graph.facebook.com) and version. */
  apiRoot: string;
  apiVersion: string;
  /** Called for each status callback; true when the message was ours. */
  onStatus: (providerMessageId: string, status: 'sent' | 'delivered' | 'read' | 'failed', error?: string) => Promise<unknown>;
}

export const WHATSAPP_WEBHOOK_PATH = '/webhooks/whatsapp';

// Meta batches up to 1,000 updates in one POST, of up to 3 MB.
const BODY_LIMIT = 3 * 1024 * 1024;

// The parts of Meta's webhook body Pasker reads, checked before use: an id
// that is an object, a number where text belongs, never reaches the database.
const id = z.string().min(1).max(256);
const caption = z.object({ caption: z.string().optional() }).optional();
const messageSchema = z.object({
  from: id,
  id,
  type: z.string(),
  /** Set for a message in a WhatsApp group: not for the bot. */
  group_id: z.string().optional(),
  text: z.object({ body: z.string() }).optional(),
  interactive: z.object({ type: z.string(), button_reply: z.object({ id: z.string() }).optional(), list_reply: z.object({ id: z.string() }).optional() }).optional(),
  button: z.object({ text: z.string().optional(), payload: z.string().optional() }).optional(),
  image: caption,
  video: caption,
  document: caption,
});
const statusSchema = z.object({
  id,
  status: z.string(),
  errors: z.array(z.object({ code: z.number(), title: z.string().optional(), message: z.string().optional() })).optional(),
});
const bodySchema = z.object({
  object: z.string().optional(),
  entry: z
    .array(
      z.object({
        changes: z
          .array(
            z.object({
              value: z
                .object({
                  metadata: z.object({ phone_number_id: z.string().optional() }).optional(),
                  // Checked one by one, so one odd item does not lose the others.
                  messages: z.array(z.unknown()).optional(),
                  statuses: z.array(z.unknown()).optional(),
                })
                .optional(),
            }),
          )
          .optional(),
      }),
    )
    .optional(),
});

export type WebhookBody = z.infer<typeof bodySchema>;

// Message types that carry a file; the bot never downloads them.
const MEDIA_TYPES = new Set(['image', 'audio', 'video', 'document', 'sticker']);

/** True when `signature` is "sha256=" + the HMAC-SHA256 of the raw body with the app secret. */
export function validSignature(raw: Buffer, signature: string | undefined, appSecret: string): boolean {
  if (!signature?.startsWith('sha256=')) return false;
  const expected = Buffer.from(crypto.createHmac('sha256', appSecret).update(raw).digest('hex'));
  const given = Buffer.from(signature.slice(7));
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}

export class WhatsAppCloudChannel implements Channel {
  readonly name = 'whatsapp' as const;
  readonly provider = 'whatsapp-cloud';
  readonly redelivers = true;
  readonly maxTextLength = LIMITS.whatsappCloud.text;
  private onMessage: InboundHandler | null = null;
  private state: ChannelHealth = { state: 'starting' };

  constructor(
    private readonly options: WhatsAppCloudOptions,
    private readonly log: Logger,
  ) {}

  async start(onMessage: InboundHandler): Promise<void> {
    this.onMessage = onMessage;
    this.state = { state: 'ready', detail: `webhook ${WHATSAPP_WEBHOOK_PATH}` };
  }

  async stop(): Promise<void> {
    this.state = { state: 'stopped' };
  }

  health(): ChannelHealth {
    return this.state;
  }

  /** The webhook routes, in their own scope so the raw body is kept for the signature check. */
  register(app: FastifyInstance): void {
    void app.register(async (scope) => {
      scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
      scope.get(WHATSAPP_WEBHOOK_PATH, async (req, res) => {
        const q = req.query as Record<string, string | undefined>;
        if (q['hub.mode'] === 'subscribe' && q['hub.verify_token'] === this.options.verifyToken && q['hub.challenge']) {
          return res.type('text/plain').send(q['hub.challenge']);
        }
        return res.code(403).send({ error: 'verification failed' });
      });
      scope.post(WHATSAPP_WEBHOOK_PATH, { bodyLimit: BODY_LIMIT }, async (req, res) => {
        const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.from('');
        if (!validSignature(raw, req.headers['x-hub-signature-256'] as string | undefined, this.options.appSecret)) {
          this.log.warn('whatsapp webhook refused: bad or missing signature');
          return res.code(401).send({ error: 'invalid signature' });
        }
        let json: unknown;
        try {
          json = JSON.parse(raw.toString('utf8'));
        } catch {
          return res.code(400).send({ error: 'invalid JSON' });
        }
        const body = bodySchema.safeParse(json);
        if (!body.success) {
          this.log.warn('whatsapp webhook body not understood', { problem: body.error.issues[0]?.message });
          return res.code(400).send({ error: 'unexpected body' });
        }
        // 200 only when every message is safely taken; otherwise Meta sends the body again.
        const accepted = await this.process(body.data);
        return res.code(accepted ? 200 : 503).send(accepted ? { ok: true } : { error: 'try again later' });
      });
    });
  }

  /** Handles a verified webhook body; false when a message in it could not be taken (Meta should send it again). */
  async process(body: WebhookBody): Promise<boolean> {
    let accepted = true;
    for (const entry of body.entry ?? []) {
      for (const change of entry.changes ?? []) {
        const value = change.value;
        if (!value || (value.metadata?.phone_number_id && value.metadata.phone_number_id !== this.options.phoneNumberId)) continue;
        for (const item of value.statuses ?? []) {
          const s = statusSchema.safeParse(item);
          if (!s.success) {
            this.log.warn('whatsapp status callback not understood', { problem: s.error.issues[0]?.message });
            continue;
          }
          const { id, status, errors } = s.data;
          if (status === 'sent' || status === 'delivered' || status === 'read' || status === 'failed') {
            const error = errors?.map((e) => `${e.code}: ${e.title ?? e.message ?? ''}`).join('; ');
            await this.options.onStatus(id, status, error).catch((err: unknown) => this.log.error('status not recorded', { error: err }));
          }
        }
        for (const item of value.messages ?? []) {
          const parsed = messageSchema.safeParse(item);
          if (!parsed.success) {
            this.log.warn('whatsapp message not understood', { problem: parsed.error.issues[0]?.message });
            continue;
          }
          const m = parsed.data;
          if (m.group_id) continue;
          // Photos, voice notes, files...: never downloaded; a caption, if any, is read.
          const media = MEDIA_TYPES.has(m.type);
          const text = m.type === 'text' ? m.text?.body : m.type === 'interactive' ? (m.interactive?.button_reply?.id ?? m.interactive?.list_reply?.id) : m.type === 'button' ? (m.button?.payload ?? m.button?.text) : media ? (m.image?.caption ?? m.video?.caption ?? m.document?.caption ?? '') : undefined;
          if (text === undefined || (!text && !media)) continue;
          try {
            await this.onMessage?.({ channel: 'whatsapp', userId: m.from, text, seenKey: `whatsapp-cloud:${m.id}`, ...(media ? { media } : {}) });
          } catch (err) {
            accepted = false;
            this.log.warn('whatsapp message not taken yet; Meta will send it again', { error: err });
          }
        }
      }
    }
    return accepted;
  }

  async send(to: string, reply: Reply): Promise<{ providerMessageId?: string }> {
    return this.post({ messaging_product: 'whatsapp', recipient_type: 'individual', to, ...renderCloud(reply) });
  }

  /** Sends an approved template (for messages outside the 24-hour window). */
  async sendTemplate(to: string, name: string, language: string, parameters: string[]): Promise<{ providerMessageId?: string }> {
    return this.post({
      messaging_product: 'whatsapp', to, type: 'template',
      template: { name, language: { code: language }, components: parameters.length ? [{ type: 'body', parameters: parameters.map((text) => ({ type: 'text', text })) }] : [] },
    });
  }

  private async post(payload: Record<string, unknown>): Promise<{ providerMessageId?: string }> {
    const url = `${this.options.apiRoot.replace(/\/$/, '')}/${this.options.apiVersion}/${this.options.phoneNumberId}/messages`;
    let response: Response;
    try {
      response = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${this.options.token}`, 'content-type': 'application/json' }, body: JSON.stringify(payload), signal: AbortSignal.timeout(20_000) });
    } catch (err) {
      throw new DeliveryError('temporary', `Graph API unreachable: ${(err as Error).message}`);
    }
    const json = (await response.json().catch(() => ({}))) as { messages?: Array<{ id: string }>; error?: { code?: number; message?: string } };
    if (response.ok && json.messages?.[0]?.id) return { providerMessageId: json.messages[0].id };
    throw cloudError(response.status, json.error?.code, json.error?.message ?? `HTTP ${response.status}`, response.headers.get('retry-after'));
  }
}

/** Meta's error codes in the shared vocabulary. */
export function cloudError(httpStatus: number, code: number | undefined, message: string, retryAfter?: string | null): DeliveryError {
  // 130429 rate limit, 131056 too many messages to one user, 80007 / 4 account limits.
  if (code === 130429 || code === 131056 || code === 80007 || code === 4 || httpStatus === 429) {
    return new DeliveryError('throttled', message, Number(retryAfter) || 5, code ?? httpStatus);
  }
  // 131026 not on WhatsApp or cannot receive; 131050 the person stopped marketing messages.
  if (code === 131026 || code === 131050) return new DeliveryError('gone', message, undefined, code);
  if (httpStatus >= 500 || code === 131000 || code === 131016 || code === 2) return new DeliveryError('temporary', message, undefined, code ?? httpStatus);
  // 131047: more than 24 hours since the person's last message (a template is needed); 190: token; others.
  return new DeliveryError('permanent', message, undefined, code ?? httpStatus);
}
