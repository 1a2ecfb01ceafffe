// Services that are down: every outside service is checked at start-up
// with a bounded time-out and a message naming it and its setting; a worker
// whose Redis goes away says so once and still stops on SIGTERM; a turn
// that hangs gets a polite "try again" instead of holding the person's queue.
// The bounds below are process exits with generous limits, not speed claims.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisOptions } from '../src/app/rate-limit.ts';
import { FakeGraph } from './fakes/graph-api.ts';
import { FakeTelegram } from './fakes/telegram-bot-api.ts';
import { runPasker } from './support/cli.ts';
import { POSTGRES_URL, sqliteDatabase, tempDir } from './support/databases.ts';
import { countRedisKeys, dropRedisKeys, freePort, redisPrefix, startPrivateRedis, waitForPort } from './support/redis.ts';
import { person, startRuntime } from './support/runtime.ts';
import { KeyedQueue, TurnTimeoutError } from '../src/app/keyed-queue.ts';
import { createLogger } from '../src/log.ts';
import { startTestService } from './support/service.ts';

const sqlite = sqliteDatabase();
afterAll(() => sqlite.dropAll());

/** A server that accepts connections and never answers (a service that hangs). */
async function silentServer(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => sockets.add(s));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((r) => (sockets.forEach((s) => s.destroy()), server.close(() => r()))),
  };
}

/** Runs `pasker ARGS` and how long it took to exit, in ms. */
async function timed(args: string[], env: Record<string, string>): Promise<{ code: number; stderr: string; stdout: string; ms: number }> {
  const started = Date.now();
  const result = await runPasker(args, { env });
  return { ...result, ms: Date.now() - started };
}

const BOUND_MS = 30_000;

/** Starts `pasker ARGS` and waits (at most 60 s) until its standard error shows `line` or it exits. */
async function startUntil(args: string[], env: Record<string, string>, line: string): Promise<{ process: ChildProcess; stderr(): string }> {
  let stderr = '';
  const child = spawn(process.execPath, ['bin/pasker.js', ...args], { env: { ...process.env, DATA_DIR: 'data/test-cache', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr!.on('data', (d) => (stderr += d));
  const deadline = Date.now() + 60_000;
  while (!stderr.includes(line) && child.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  return { process: child, stderr: () => stderr };
}

describe('start-up with a service that is down', () => {
  let hanging: { url: string; close(): Promise<void> };
  beforeAll(async () => {
    hanging = await silentServer();
  });
  afterAll(() => hanging.close());

  it('Telegram not answering: start-up stops after STARTUP_TIMEOUT_SECONDS, naming Telegram and TELEGRAM_API_ROOT', async () => {
    const r = await timed(['start'], { DATABASE_URL: await sqlite.create(), TELEGRAM_BOT_TOKEN: '123456789:AAFakeTokenForTestsOnly_abcdefghij', TELEGRAM_API_ROOT: hanging.url, STARTUP_TIMEOUT_SECONDS: '1', PORT: '0' });
    expect(r.stderr).toContain('checking the services');
    expect(r.stderr).toContain(`Telegram at ${hanging.url} (TELEGRAM_API_ROOT) did not answer within 1 s`);
    expect(r.code).toBe(1);
    expect(r.ms).toBeLessThan(BOUND_MS);
  });

  it('SIGTERM while start-up waits for a service ends the process then, not after the time-out', { timeout: 120_000 }, async () => {
    const env = { DATABASE_URL: await sqlite.create(), TELEGRAM_BOT_TOKEN: '123456789:AAFakeTokenForTestsOnly_abcdefghij', TELEGRAM_API_ROOT: hanging.url, STARTUP_TIMEOUT_SECONDS: '600', PORT: '0' };
    const bot = await startUntil(['start'], env, 'checking the services');
    expect(bot.stderr()).toContain('checking the services');
    bot.process.kill('SIGTERM');
    expect(await exited(bot.process)).toBe(0);
    expect(bot.stderr()).not.toContain('did not answer');
  });

  it('a token Telegram does not know is named as TELEGRAM_BOT_TOKEN', async () => {
    const fake = await new FakeTelegram().start();
    try {
      const r = await timed(['start'], { DATABASE_URL: await sqlite.create(), TELEGRAM_BOT_TOKEN: '987654321:AAAnotherTokenNotKnownHere_abcdef', TELEGRAM_API_ROOT: fake.apiRoot, PORT: '0' });
      expect(r.stderr).toContain('TELEGRAM_BOT_TOKEN: Telegram does not accept this token (401 Unauthorized); get the token again from @BotFather');
      expect(r.code).toBe(1);
    } finally {
      await fake.stop();
    }
  });

  it("Meta's Graph API not answering, or not knowing the number: named with its setting", async () => {
    const graph = await new FakeGraph().start();
    try {
      const cloud = { WHATSAPP_CLOUD_TOKEN: graph.token, WHATSAPP_PHONE_NUMBER_ID: graph.phoneNumberId, WHATSAPP_APP_SECRET: 's', WHATSAPP_VERIFY_TOKEN: 'v', PORT: '0', STARTUP_TIMEOUT_SECONDS: '1' };
      const hung = await timed(['start'], { DATABASE_URL: await sqlite.create(), ...cloud, WHATSAPP_CLOUD_API_ROOT: hanging.url });
      expect(hung.stderr).toContain(`the WhatsApp Cloud API at ${hanging.url} (WHATSAPP_CLOUD_API_ROOT) did not answer within 1 s`);
      expect(hung.code).toBe(1);
      expect(hung.ms).toBeLessThan(BOUND_MS);
      const unknown = await timed(['start'], { DATABASE_URL: await sqlite.create(), ...cloud, WHATSAPP_CLOUD_API_ROOT: graph.apiRoot, WHATSAPP_PHONE_NUMBER_ID: '555' });
      expect(unknown.stderr).toContain('WHATSAPP_PHONE_NUMBER_ID: Meta does not know the phone number id 555');
    } finally {
      await graph.stop();
    }
  });

  it('Redis refusing connections: the worker stops at once, naming REDIS_URL', async () => {
    const port = await freePort();
    const r = await timed(['worker'], { DATABASE_URL: await sqlite.create(), REDIS_URL: `redis://127.0.0.1:${port}` });
    expect(r.stderr).toContain(`REDIS_URL: Redis at 127.0.0.1:${port} refuses connections; start Redis or correct REDIS_URL`);
    expect(r.stderr.split('\n').filter((l) => l.includes('ECONNREFUSED')).length).toBeLessThanOrEqual(1);
    expect(r.code).toBe(1);
    expect(r.ms).toBeLessThan(BOUND_MS);
  });

  it('rediss:// is honoured: TLS is used (here against a Redis without TLS, which fails and says so)', async () => {
    expect(redisOptions('rediss://:pw@redis.example:6380/2')).toEqual({ host: 'redis.example', port: 6380, password: 'pw', db: 2, tls: { servername: 'redis.example' } });
    expect(redisOptions('redis://redis.example')).not.toHaveProperty('tls');
    const redis = await startPrivateRedis();
    try {
      const r = await timed(['worker'], { DATABASE_URL: await sqlite.create(), REDIS_URL: redis.url.replace('redis://', 'rediss://'), STARTUP_TIMEOUT_SECONDS: '2' });
      expect(r.stderr).toMatch(/REDIS_URL: (the TLS connection to 127\.0\.0\.1:\d+ failed|Redis at 127\.0\.0\.1:\d+ did not answer within 2 s)/);
      expect(r.code).toBe(1);
    } finally {
      await redis.stop();
    }
  });

  it('rediss:// really speaks TLS and checks the certificate: a Redis with TLS is used when its CA is trusted, refused when not', { timeout: 120_000 }, async () => {
    const dir = tempDir();
    const ssl = (args: string[]) => expect(spawnSync('openssl', args, { cwd: dir, stdio: 'ignore' }).status).toBe(0);
    ssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Pasker Test CA']);
    ssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost']);
    fs.writeFileSync(path.join(dir, 'ext.cnf'), 'subjectAltName=DNS:localhost\n');
    ssl(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'ext.cnf']);
    const port = await freePort();
    const tls = spawn('redis-server', ['--port', '0', '--tls-port', String(port), '--bind', '127.0.0.1', '--tls-cert-file', 'server.pem', '--tls-key-file', 'server.key', '--tls-ca-cert-file', 'ca.pem', '--tls-auth-clients', 'no', '--save', '', '--appendonly', 'no'], { cwd: dir, stdio: 'ignore' });
    try {
      await waitForPort(port, 'redis-server with TLS');
      const env = { DATABASE_URL: await sqlite.create(), REDIS_URL: `rediss://localhost:${port}`, STARTUP_TIMEOUT_SECONDS: '5', LOG_LEVEL: 'info' };
      const untrusted = await timed(['worker'], env);
      expect(untrusted.stderr).toMatch(/REDIS_URL: the TLS connection to localhost:\d+ failed \(.*certificate/);
      expect(untrusted.code).toBe(1);
      const worker = await startUntil(['worker'], { ...env, NODE_EXTRA_CA_CERTS: path.join(dir, 'ca.pem') }, 'worker ready');
      expect(worker.stderr()).toContain('worker ready');
      worker.process.kill('SIGTERM');
      expect(await exited(worker.process)).toBe(0);
    } finally {
      tls.kill('SIGKILL');
    }
  });

  it('PostgreSQL refusing connections, or without the database: named as DATABASE_URL', async () => {
    const port = await freePort();
    const refused = await timed(['inbox'], { DATABASE_URL: `postgresql://postgres@127.0.0.1:${port}/pasker` });
    expect(refused.stderr).toContain(`DATABASE_URL: PostgreSQL at 127.0.0.1:${port}/pasker refuses connections`);
    expect(refused.code).toBe(1);
    if (!POSTGRES_URL) return;
    const missing = new URL(POSTGRES_URL);
    missing.pathname = '/pasker_no_such_database';
    const r = await timed(['inbox'], { DATABASE_URL: missing.toString() });
    expect(r.stderr).toContain('DATABASE_URL: the database "pasker_no_such_database" does not exist');
    expect(r.code).toBe(1);
  });

  it('a DATA_DIR that cannot be written, and a read-only SQLite file: named, without a stack', async () => {
    const dir = tempDir();
    const notAFolder = path.join(dir, 'file.txt');
    fs.writeFileSync(notAFolder, '');
    const dataDir = await timed(['inbox'], { DATABASE_URL: await sqlite.create(), DATA_DIR: path.join(notAFolder, 'cache') });
    expect(dataDir.stderr).toContain(`DATA_DIR: Pasker cannot write to ${path.join(notAFolder, 'cache')}`);
    expect(dataDir.stderr).not.toMatch(/\n\s+at /);
    expect(dataDir.code).toBe(1);

    const url = await sqlite.create();
    expect((await runPasker(['db', 'migrate'], { env: { DATABASE_URL: url } })).code).toBe(0);
    const file = url.slice('file:'.length);
    // root may write any file; an immutable one it may not (ext4's chattr +i).
    await new Promise<void>((resolve, reject) => spawn('chattr', ['+i', file]).on('exit', (c) => (c === 0 ? resolve() : reject(new Error('chattr +i failed')))));
    try {
      const r = await timed(['inbox'], { DATABASE_URL: url });
      expect(r.stderr).toContain(`DATABASE_URL: the SQLite file ${file} is read-only`);
      expect(r.code).toBe(1);
    } finally {
      await new Promise((r) => spawn('chattr', ['-i', file]).on('exit', r));
    }
  });
});

function exited(p: ChildProcess): Promise<number> {
  return new Promise((r) => (p.exitCode !== null ? r(p.exitCode) : p.once('exit', (code, signal) => r(code ?? (signal ? 128 : -1)))));
}

describe('a worker whose Redis goes away', () => {
  it('reports it once, not once per retry, and SIGTERM still ends it within 5 s', { timeout: 120_000 }, async () => {
    const redis = await startPrivateRedis();
    const fake = await new FakeTelegram().start();
    const prefix = redisPrefix();
    let stderr = '';
    const worker = spawn(process.execPath, ['bin/pasker.js', 'worker'], {
      env: { ...process.env, DATA_DIR: 'data/test-cache', DATABASE_URL: await sqlite.create(), REDIS_URL: redis.url, REDIS_PREFIX: prefix, TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, LOG_LEVEL: 'info' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    worker.stderr!.on('data', (d) => (stderr += d));
    try {
      const deadline = Date.now() + 60_000;
      while (!stderr.includes('worker ready')) {
        if (Date.now() > deadline || worker.exitCode !== null) throw new Error(`the worker did not start: ${stderr}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      await redis.stop();
      // Long enough for many reconnection attempts.
      while (!stderr.includes('redis is unreachable') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      await new Promise((r) => setTimeout(r, 3000));
      expect(stderr.split('\n').filter((l) => l.includes('redis is unreachable')).length, stderr).toBe(1);
      expect(stderr).not.toMatch(/ECONNREFUSED.*\n.*ECONNREFUSED.*\n.*ECONNREFUSED/);

      const signalled = Date.now();
      worker.kill('SIGTERM');
      const exit = await Promise.race([exited(worker), new Promise<'still running'>((r) => setTimeout(() => r('still running'), 5000))]);
      expect(exit).not.toBe('still running');
      expect(Date.now() - signalled).toBeLessThan(5000);
    } finally {
      if (worker.exitCode === null && worker.signalCode === null) worker.kill('SIGKILL');
      await fake.stop();
      await redis.stop();
    }
  });
});

describe('/healthz while Redis goes and comes back', () => {
  it('shows Redis down (503) once it is lost, logs that once, and shows it up again when it is back', { timeout: 180_000 }, async () => {
    const redis = await startPrivateRedis();
    const fake = await new FakeTelegram().start();
    const prefix = redisPrefix();
    const lines: string[] = [];
    const log = createLogger('info', (l) => lines.push(l));
    const service = await startTestService(await sqlite.create(), { REDIS_URL: redis.url, REDIS_PREFIX: prefix, TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot }, { log, fixtures: false });
    let again: Awaited<ReturnType<typeof startPrivateRedis>> | null = null;
    const health = async () => {
      const res = await fetch(`${service.url}/healthz`);
      return { code: res.status, body: (await res.json()) as { services?: Record<string, { state: string }> } };
    };
    const until = async (check: () => Promise<boolean>, what: string) => {
      const deadline = Date.now() + 90_000;
      while (!(await check())) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    try {
      await until(async () => (await health()).body.services?.redis?.state === 'up', 'redis up');
      expect((await health()).code).toBe(200);
      await redis.stop();
      await until(async () => (await health()).body.services?.redis?.state === 'down', 'redis down');
      expect((await health()).code).toBe(503);
      again = await startPrivateRedis(redis.port);
      await until(async () => (await health()).body.services?.redis?.state === 'up', 'redis up again');
      expect((await health()).code).toBe(200);
      expect(lines.filter((l) => l.includes('redis is unreachable')).length).toBe(1);
      expect(lines.filter((l) => l.includes('redis is reachable again')).length).toBe(1);
    } finally {
      await service.stop();
      await dropRedisKeys((again ?? redis).url, prefix).catch(() => undefined);
      await again?.stop();
      await redis.stop();
      await fake.stop();
    }
  });
});

describe('a turn that hangs', () => {
  it('the queue moves on after the time-out: the next task of the same person runs', async () => {
    const queue = new KeyedQueue(200);
    const hung = queue.run('a', () => new Promise<string>(() => undefined));
    await expect(hung).rejects.toThrow(TurnTimeoutError);
    await expect(queue.run('a', async () => 'next')).resolves.toBe('next');
  });

  it('the person is told politely to try again shortly (words from flows/messages.yaml), and their next message is answered', async () => {
    const runtime = await startRuntime(await sqlite.create(), { TURN_TIMEOUT_SECONDS: '0.5' });
    try {
      const store = runtime.store as { load: (...args: never[]) => Promise<unknown> };
      const load = store.load.bind(store);
      let hang = true;
      store.load = (...args: never[]) => (hang ? ((hang = false), new Promise(() => undefined)) : load(...args));
      const seeker = person(runtime);
      expect(await seeker.say('halo')).toContain('Coba kirim lagi pesannya sebentar lagi');
      expect(await seeker.say('menu')).toContain('Mau dibantu apa');
    } finally {
      await runtime.close();
    }
  });
});

describe('a turn that answers after its time-out', () => {
  it('sends only the "try again" reply, never its late replies after the next message\'s', async () => {
    const runtime = await startRuntime(await sqlite.create(), { TURN_TIMEOUT_SECONDS: '0.5' });
    try {
      const store = runtime.store as { load: (...args: never[]) => Promise<unknown> };
      const load = store.load.bind(store);
      let slow = true;
      // The first load answers, but only after the time-out.
      store.load = (...args: never[]) => (slow ? ((slow = false), new Promise((r) => setTimeout(r, 1500)).then(() => load(...args))) : load(...args));
      const sent: string[] = [];
      const send = async (reply: { text: string }) => (sent.push(reply.text), { ok: true });
      await runtime.conversations.handleAndSend({ channel: 'telegram', userId: '7700', text: 'halo' }, send);
      await runtime.conversations.handleAndSend({ channel: 'telegram', userId: '7700', text: 'menu' }, send);
      const answered = sent.length;
      expect(sent[0]).toContain('Coba kirim lagi pesannya sebentar lagi');
      expect(sent.at(-1)).toContain('Mau dibantu apa');
      // The slow turn finishes meanwhile: nothing more reaches the person.
      await new Promise((r) => setTimeout(r, 2500));
      expect(sent.length).toBe(answered);
    } finally {
      await runtime.close();
    }
  });
});

describe('Redis keys of tests', () => {
  it('a prefix is cleaned up completely', async () => {
    const redis = await startPrivateRedis();
    try {
      const prefix = redisPrefix();
      const { Redis } = await import('ioredis');
      const client = new Redis(redis.url);
      await client.set(`${prefix}:a`, '1');
      await client.set(`b_${prefix}:rate:telegram_settings`, '1');
      client.disconnect();
      expect(await countRedisKeys(redis.url, prefix)).toBe(2);
      await dropRedisKeys(redis.url, prefix);
      expect(await countRedisKeys(redis.url, prefix)).toBe(0);
    } finally {
      await redis.stop();
    }
  });
});
