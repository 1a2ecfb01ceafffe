// Two console processes behind one address (a load balancer): a session
// made on one is good on the other (sessions live in the database), and
// with REDIS_URL the sign-in limit counts the attempts made on both.

import crypto from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import type { Service } from '../src/app/service.ts';
import { ConsoleClient, staffWithPassword } from './support/console.ts';
import { sqliteDatabase } from './support/databases.ts';
import { startTestService } from './support/service.ts';

const REDIS_URL = process.env.TEST_REDIS_URL ?? '';
if (!REDIS_URL) process.stderr.write('\n[pasker tests] TEST_REDIS_URL is not set: the two-console Redis test is SKIPPED. .ci/run sets it.\n\n');

const db = sqliteDatabase();
const prefix = `pasker-test-${crypto.randomUUID().slice(0, 8)}`;
afterAll(async () => {
  await db.dropAll();
  if (!REDIS_URL) return;
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

describe.runIf(REDIS_URL)('two console processes', () => {
  it('share sessions through the database and the sign-in limit through Redis', async () => {
    const url = await db.create();
    const settings = { REDIS_URL, REDIS_PREFIX: prefix };
    const services: Service[] = [await startTestService(url, settings), await startTestService(url, settings, { fixtures: false })];
    try {
      const [one, two] = services.map((s) => s.url!);
      const staff = await staffWithPassword(services[0]!.runtime.db, 'lina', 'petugas');
      // Signed in on one, the same cookie opens pages on the other.
      const client = new ConsoleClient(one!);
      await client.login(staff.username, staff.password);
      const elsewhere = Object.assign(Object.create(Object.getPrototypeOf(client)), client, { base: two }) as ConsoleClient;
      expect((await elsewhere.get('/admin/vacancies')).status).toBe(200);

      // 20 sign-in attempts a minute from one address (lina's was the first), counted on both processes together.
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) {
        const c = new ConsoleClient(i % 2 ? two! : one!);
        statuses.push((await c.login('siapa-saja', 'salah')).status);
      }
      expect(statuses).toEqual([...Array<number>(19).fill(401), 429]);
    } finally {
      for (const s of services) await s.stop();
    }
  });
});
