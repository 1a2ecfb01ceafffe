// Redis for tests: a key prefix of the test's own, and removing every key
// under it afterwards (BullMQ's and Bottleneck's too), because other
// engineers' tests use the same Redis at the same time. Also a private
// redis-server on a free port, for tests that stop Redis under a worker.

import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import net from 'node:net';
import { Redis } from 'ioredis';

export const REDIS_URL = process.env.TEST_REDIS_URL ?? '';

/** A REDIS_PREFIX no other test uses. */
export function redisPrefix(): string {
  return `pasker-test-${crypto.randomUUID().slice(0, 8)}`;
}

/** Deletes every key that Pasker made under `prefix` (BullMQ "prefix:...", Bottleneck "b_prefix:..."); returns how many. */
export async function dropRedisKeys(url: string, prefix: string): Promise<number> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    let removed = 0;
    for (const pattern of [`${prefix}:*`, `b_${prefix}:*`]) {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
        cursor = next;
        if (keys.length) removed += await redis.del(...keys);
      } while (cursor !== '0');
    }
    return removed;
  } finally {
    redis.disconnect();
  }
}

/** How many keys exist under `prefix` (BullMQ's and Bottleneck's). */
export async function countRedisKeys(url: string, prefix: string): Promise<number> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    let count = 0;
    for (const pattern of [`${prefix}:*`, `b_${prefix}:*`]) {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
        cursor = next;
        count += keys.length;
      } while (cursor !== '0');
    }
    return count;
  } finally {
    redis.disconnect();
  }
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Resolves once something listens on 127.0.0.1:`port`; rejects after 10 s naming `what`. */
export async function waitForPort(port: number, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => (socket.end(), resolve(true)));
      socket.on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${what} did not start listening on ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A redis-server of the test's own (nothing saved to disk), ready to answer. */
export async function startPrivateRedis(port?: number): Promise<{ url: string; port: number; process: ChildProcess; stop(): Promise<void> }> {
  port ??= await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const url = `redis://127.0.0.1:${port}`;
  await waitForPort(port, 'redis-server');
  return {
    url,
    port,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}
