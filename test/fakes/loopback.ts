// What every loopback fake needs: a server on a free port of 127.0.0.1, a
// clean stop, and a wait for the messages it should have received.

import http from 'node:http';
import type { AddressInfo } from 'node:net';

export async function listenOnLoopback(server: http.Server): Promise<number> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

export async function closeServer(server: http.Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
}

/** Resolves once `count()` reaches `expected`; rejects after `ms`, saying how many arrived. */
export async function waitForCount(count: () => number, expected: number, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (count() < expected) {
    if (Date.now() > deadline) throw new Error(`only ${count()} of ${expected} messages were sent`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A fake service on a free loopback port: subclasses answer its requests. */
export abstract class LoopbackFake {
  protected readonly server = http.createServer((req, res) => void this.handle(req, res));
  port = 0;

  protected abstract handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void>;

  get apiRoot(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    this.port = await listenOnLoopback(this.server);
    return this;
  }

  async stop(): Promise<void> {
    await closeServer(this.server);
  }
}
