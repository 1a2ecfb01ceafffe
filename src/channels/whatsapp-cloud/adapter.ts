// WhatsApp through Meta's Cloud API: sends with the Graph API, receives on
// the webhook /webhooks/whatsapp (the GET verification handshake; POSTs only
// with a valid X-Hub-Signature-256), and reports status callbacks (sent,
// delivered, read, failed) for our outgoing messages.

import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Reply } from '../../core/types.ts';
import type { Logger } from '../../log.ts';
import { DeliveryError, type Channel, type ChannelHealth, type InboundHandler } from '../channel.ts';
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
  /** True the first time a message id is seen (Meta may deliver a webhook twice). */
  firstSighting: (key: string) => Promise<boolean>;
}

export const WHATSAPP_WEBHOOK_PATH = '/webhooks/whatsapp';

interface WebhookBody {
  object?: string;
  entry?: Array<{
    changes?: Array<{
      value?: {
        metadata?: { phone_number_id?: string };
        messages?: Array<{ from: string; id: string; type: string; text?: { body: string }; interactive?: { type: string; button_reply?: { id: string }; list_reply?: { id: string } }; button?: { text?: string; payload?: string }; image?: { caption?: string }; video?: { caption?: string }; document?: { caption?: string } }>;
        statuses?: Array<{ id: string; status: string; errors?: Array<{ code: number; title?: string; message?: string }> }>;
      };
    }>;
  }>;
}

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
      scope.post(WHATSAPP_WEBHOOK_PATH, async (req, res) => {
        const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.from('');
        if (!validSignature(raw, req.headers['x-hub-signature-256'] as string | undefined, this.options.appSecret)) {
          this.log.warn('whatsapp webhook refused: bad or missing signature');
          return res.code(401).send({ error: 'invalid signature' });
        }
        let body: WebhookBody;
        try {
          body = JSON.parse(raw.toString('utf8')) as WebhookBody;
        } catch {
          return res.code(400).send({ error: 'invalid JSON' });
        }
        // Meta wants a quick 200; the messages are handled after it.
        void res.code(200).send({ ok: true });
        await this.process(body);
        return res;
      });
    });
  }

  /** Handles a verified webhook body (exposed for tests of the parsing). */
  async process(body: WebhookBody): Promise<void> {
    for (const entry of body.entry ?? []) {
      for (const change of entry.changes ?? []) {
        const value = change.value;
        if (!value || (value.metadata?.phone_number_id && value.metadata.phone_number_id !== this.options.phoneNumberId)) continue;
        for (const s of value.statuses ?? []) {
          if (s.status === 'sent' || s.status === 'delivered' || s.status === 'read' || s.status === 'failed') {
            const error = s.errors?.map((e) => `${e.code}: ${e.title ?? e.message ?? ''}`).join('; ');
            await this.options.onStatus(s.id, s.status, error).catch((err: unknown) => this.log.error('status not recorded', { error: err }));
          }
        }
        for (const m of value.messages ?? []) {
          // Photos, voice notes, files...: never downloaded; a caption, if any, is read.
          const media = MEDIA_TYPES.has(m.type);
          const text = m.type === 'text' ? m.text?.body : m.type === 'interactive' ? (m.interactive?.button_reply?.id ?? m.interactive?.list_reply?.id) : m.type === 'button' ? (m.button?.payload ?? m.button?.text) : media ? (m.image?.caption ?? m.video?.caption ?? m.document?.caption ?? '') : undefined;
          if (text === undefined || (!text && !media) || !(await this.options.firstSighting(`whatsapp-cloud:${m.id}`))) continue;
          try {
            await this.onMessage?.({ channel: 'whatsapp', userId: m.from, text, ...(media ? { media } : {}) });
          } catch (err) {
            this.log.error('whatsapp message not handled', { error: err });
          }
        }
      }
    }
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
