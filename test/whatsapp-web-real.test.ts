// The real whatsapp-web.js with Debian's Chromium: it starts the browser,
// keeps its session under the data folder, and when WhatsApp Web cannot be
// reached (no internet here) it keeps the bot running and retries.

import { execSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sqliteDatabase, tempDir } from './support/databases.ts';
import { startTestService } from './support/service.ts';

const CHROMIUM = '/usr/bin/chromium';
const db = sqliteDatabase();
afterAll(() => db.dropAll());

if (!fs.existsSync(CHROMIUM)) process.stderr.write(`\n[pasker tests] ${CHROMIUM} is missing: the real whatsapp-web.js test is SKIPPED (.ci/run installs Debian's chromium).\n\n`);

describe.runIf(fs.existsSync(CHROMIUM))('WhatsApp Web with the real library and Chromium', () => {
  it('launches Chromium with a LocalAuth session folder, and retries instead of crashing when WhatsApp Web is unreachable', async () => {
    const dataDir = path.join(tempDir(), 'wa');
    const service = await startTestService(await db.create(), { WHATSAPP_WEB: '1', WHATSAPP_WEB_DATA: dataDir, CHROMIUM_PATH: CHROMIUM });
    try {
      const deadline = Date.now() + 60_000;
      while (service.channels[0]!.health().state !== 'reconnecting' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(service.channels[0]!.health().state).toBe('reconnecting');
      expect(fs.existsSync(path.join(dataDir, 'session-pasker'))).toBe(true);
      const health = await fetch(`${service.url}/healthz`);
      expect(((await health.json()) as { channels: Record<string, { state: string }> }).channels['whatsapp-web']!.state).toBe('reconnecting');
    } finally {
      await service.stop();
    }
    await new Promise((r) => setTimeout(r, 500));
    const left = execSync('ps -eo pid,args').toString().split('\n').filter((l) => l.includes('chrom') && l.includes(dataDir));
    expect(left, 'Chromium processes left running').toEqual([]);
  });
});
