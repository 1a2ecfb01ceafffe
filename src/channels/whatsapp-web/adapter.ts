// WhatsApp through whatsapp-web.js on the office's own number: the login QR
// code is shown in the terminal and saved as a PNG for staff, the session
// persists under data/ (LocalAuth) so a restart needs no new scan, the
// system Chromium is used (no browser download), and the client reconnects
// with growing pauses after a disconnect. Groups, status updates and the
// bot's own messages are ignored; choices are numbered text.

import fs from 'node:fs';
import path from 'node:path';
import wwebjs from 'whatsapp-web.js';
import QRCode from 'qrcode';
import qrTerminal from 'qrcode-terminal';
import type { Reply } from '../../core/types.ts';
import type { Logger } from '../../log.ts';
import { DeliveryError, type Channel, type ChannelHealth, type InboundHandler } from '../channel.ts';
import { LIMITS } from '../limits.ts';
import { renderText } from '../render-text.ts';

/** The parts of whatsapp-web.js's Client that Pasker uses (same event and method names). */
export interface WhatsAppWebClient {
  on(event: 'qr', listener: (qr: string) => void): unknown;
  on(event: 'ready' | 'authenticated', listener: () => void): unknown;
  on(event: 'auth_failure', listener: (message: string) => void): unknown;
  on(event: 'disconnected', listener: (reason: string) => void): unknown;
  on(event: 'message', listener: (message: WhatsAppWebMessage) => void): unknown;
  initialize(): Promise<void>;
  sendMessage(chatId: string, content: string): Promise<{ id: { _serialized: string } }>;
  destroy(): Promise<void>;
}

// Message types that carry a file (ptt is a voice note); the bot never downloads them.
const MEDIA_TYPES = new Set(['image', 'video', 'ptt', 'audio', 'document', 'sticker']);

export interface WhatsAppWebMessage {
  /** The message's id ("false_6281...@c.us_3EB0..."): the same message is answered once. */
  id?: { _serialized: string };
  from: string;
  body: string;
  fromMe: boolean;
  isStatus: boolean;
  type: string;
}

export interface WhatsAppWebOptions {
  /** Where LocalAuth keeps the session and the QR PNG goes. */
  dataDir: string;
  chromiumPath: string;
  /** Makes the client; tests pass a stand-in with the library's event and method names. */
  createClient?: (options: { dataDir: string; chromiumPath: string }) => WhatsAppWebClient;
  /** First reconnect pause in ms (doubles each time, up to 5 minutes). */
  reconnectDelayMs?: number;
}

function libraryClient({ dataDir, chromiumPath }: { dataDir: string; chromiumPath: string }): WhatsAppWebClient {
  const { Client, LocalAuth } = wwebjs;
  return new Client({
    authStrategy: new LocalAuth({ clientId: 'pasker', dataPath: dataDir }),
    puppeteer: {
      executablePath: chromiumPath,
      args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  }) as unknown as WhatsAppWebClient;
}

export class WhatsAppWebChannel implements Channel {
  readonly name = 'whatsapp' as const;
  readonly provider = 'whatsapp-web';
  readonly redelivers = false;
  readonly maxTextLength = LIMITS.whatsappWeb.text;
  private client: WhatsAppWebClient | null = null;
  private state: ChannelHealth = { state: 'starting' };
  private onMessage: InboundHandler | null = null;
  private retries = 0;
  private stopped = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly options: WhatsAppWebOptions,
    private readonly log: Logger,
  ) {}

  /** Where the login QR code is saved as a picture. */
  get qrFile(): string {
    return path.join(this.options.dataDir, 'whatsapp-login-qr.png');
  }

  async start(onMessage: InboundHandler): Promise<void> {
    if (!this.options.createClient && !fs.existsSync(this.options.chromiumPath)) {
      throw new Error(`CHROMIUM_PATH: no browser at ${this.options.chromiumPath} (install Debian's chromium, or set CHROMIUM_PATH)`);
    }
    fs.mkdirSync(this.options.dataDir, { recursive: true });
    this.onMessage = onMessage;
    this.stopped = false;
    this.connect();
  }

  private connect(): void {
    const client = (this.options.createClient ?? libraryClient)({ dataDir: this.options.dataDir, chromiumPath: this.options.chromiumPath });
    this.client = client;
    this.state = { state: 'starting' };
    client.on('qr', (qr) => {
      this.state = { state: 'waiting_for_login', detail: `scan the QR code (also saved as ${this.qrFile})` };
      // The picture in the terminal for whoever started the bot; the PNG for staff elsewhere.
      if (process.stderr.isTTY) qrTerminal.generate(qr, { small: true }, (art) => process.stderr.write(`\nWhatsApp: scan this with the office phone (Linked devices):\n${art}\n`));
      this.log.info('whatsapp-web waiting for the QR code to be scanned', { picture: this.qrFile });
      QRCode.toFile(this.qrFile, qr, { width: 320 }).catch((err: unknown) => this.log.warn('could not save the QR code picture', { error: err }));
    });
    client.on('authenticated', () => this.log.info('whatsapp-web authenticated'));
    client.on('ready', () => {
      this.retries = 0;
      this.state = { state: 'ready' };
      fs.rmSync(this.qrFile, { force: true });
      this.log.info('whatsapp-web ready');
    });
    client.on('auth_failure', (message) => {
      this.state = { state: 'failed', detail: `login failed: ${message}` };
      this.log.error('whatsapp-web login failed', { error: message });
    });
    client.on('disconnected', (reason) => {
      this.log.warn('whatsapp-web disconnected', { reason });
      this.reconnect();
    });
    client.on('message', (m) => void this.receive(m));
    client.initialize().catch((err: unknown) => {
      this.log.warn('whatsapp-web could not start', { error: err });
      this.reconnect();
    });
  }

  private reconnect(): void {
    if (this.stopped || this.timer) return;
    const delay = Math.min((this.options.reconnectDelayMs ?? 2000) * 2 ** this.retries, 300_000);
    this.retries++;
    this.state = { state: 'reconnecting', detail: `next try in ${Math.round(delay / 1000)} s` };
    const old = this.client;
    this.timer = setTimeout(() => {
      this.timer = null;
      void (old?.destroy() ?? Promise.resolve()).catch(() => undefined).then(() => {
        if (!this.stopped) this.connect();
      });
    }, delay);
  }

  private async receive(m: WhatsAppWebMessage): Promise<void> {
    // Only a person's own chat (@c.us, or @lid for a number WhatsApp hides): not the bot's own messages,
    // status updates, groups, broadcast lists, channels, calls or other events.
    if (m.fromMe || m.isStatus || !/@(c\.us|lid)$/.test(m.from)) return;
    // Photos, voice notes, files...: never downloaded; the body is the caption, if any.
    const media = MEDIA_TYPES.has(m.type);
    if (!media && (m.type !== 'chat' || !m.body)) return;
    try {
      await this.onMessage?.({ channel: 'whatsapp', userId: userIdOf(m.from), text: m.body ?? '', ...(m.id?._serialized ? { seenKey: `whatsapp-web:${m.id._serialized}` } : {}), ...(media ? { media } : {}) });
    } catch (err) {
      this.log.error('whatsapp-web message not handled', { error: err });
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.client?.destroy().catch(() => undefined);
    this.state = { state: 'stopped' };
  }

  health(): ChannelHealth {
    return this.state;
  }

  async send(to: string, reply: Reply): Promise<{ providerMessageId?: string }> {
    if (!this.client || this.state.state !== 'ready') throw new DeliveryError('temporary', `WhatsApp Web is ${this.state.state}`);
    try {
      const sent = await this.client.sendMessage(chatIdOf(to), renderText(reply));
      return { providerMessageId: sent.id._serialized };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (/not registered|invalid wid|no lid for user/i.test(message)) throw new DeliveryError('gone', message);
      throw new DeliveryError('temporary', message);
    }
  }
}

/** "6281234567890@c.us" -> "6281234567890" (the same id the Cloud API uses); other ids stay whole. */
export function userIdOf(from: string): string {
  return from.endsWith('@c.us') ? from.slice(0, -5) : from;
}

function chatIdOf(userId: string): string {
  return /^\d+$/.test(userId) ? `${userId}@c.us` : userId;
}
