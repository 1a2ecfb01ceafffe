// A stand-in for whatsapp-web.js's Client with the library's event and
// method names: initialize() shows a QR code until scan() is called, then
// 'ready'; people send messages; the connection can drop.

import { EventEmitter } from 'node:events';
import { waitForCount } from './loopback.ts';
import { whatsappWebProblem } from './platform-limits.ts';
import type { WhatsAppWebClient, WhatsAppWebMessage } from '../../src/channels/whatsapp-web/adapter.ts';

export class FakeWhatsAppWeb {
  /** Every client the adapter made (a reconnect makes a new one). */
  readonly clients: FakeClient[] = [];
  readonly sent: Array<{ chatId: string; content: string }> = [];
  /** The session is stored (as LocalAuth would): no QR needed on the next start. */
  sessionSaved = false;
  /** Make the next initialize() reject (network down). */
  failInitialize = 0;

  factory = (): WhatsAppWebClient => {
    const c = new FakeClient(this);
    this.clients.push(c);
    return c;
  };

  get current(): FakeClient {
    return this.clients.at(-1)!;
  }

  waitForSent(count: number, ms = 20_000): Promise<void> {
    return waitForCount(() => this.sent.length, count, ms);
  }
}

export class FakeClient extends EventEmitter implements WhatsAppWebClient {
  initialized = 0;
  destroyed = false;
  private received = 0;

  constructor(private readonly world: FakeWhatsAppWeb) {
    super();
  }

  async initialize(): Promise<void> {
    this.initialized++;
    if (this.world.failInitialize > 0) {
      this.world.failInitialize--;
      throw new Error('net::ERR_NAME_NOT_RESOLVED at https://web.whatsapp.com/');
    }
    setImmediate(() => {
      if (this.world.sessionSaved) {
        this.emit('authenticated');
        this.emit('ready');
      } else this.emit('qr', '2@FakeQrCodeContent,abc,def');
    });
  }

  /** The office phone scans the QR code. */
  scan(): void {
    this.world.sessionSaved = true;
    this.emit('authenticated');
    this.emit('ready');
  }

  /** A message arrives. */
  receive(from: string, body: string, extra: Partial<WhatsAppWebMessage> = {}): void {
    this.emit('message', { from, body, fromMe: false, isStatus: false, type: 'chat', id: { _serialized: `false_${from}_${++this.received}` }, ...extra });
  }

  /** The phone goes offline or logs out. */
  drop(reason = 'NAVIGATION'): void {
    this.emit('disconnected', reason);
  }

  async sendMessage(chatId: string, content: string): Promise<{ id: { _serialized: string } }> {
    const problem = whatsappWebProblem(content);
    if (problem) throw new Error(`Evaluation failed: ${problem}`);
    this.world.sent.push({ chatId, content });
    return { id: { _serialized: `true_${chatId}_${this.world.sent.length}` } };
  }

  async destroy(): Promise<void> {
    this.destroyed = true;
  }
}
