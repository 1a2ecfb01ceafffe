// What every loopback fake needs: a server on a free port of 127.0.0.1, a
// clean stop, and a wait for the messages it should have received.

import type http from 'node:http';
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
