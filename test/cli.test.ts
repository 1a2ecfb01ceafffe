// The commands a newcomer types, run as real processes.

import { afterAll, describe, expect, it } from 'vitest';
import { runPasker } from './support/cli.ts';
import { POSTGRES_URL, postgresDatabase, sqliteDatabase } from './support/databases.ts';

const sqlite = sqliteDatabase();
afterAll(() => sqlite.dropAll());

describe('pasker chat', () => {
  it('lists Cikarang Barat vacancies open to SMK graduates, then the second one in full (sample data, new database)', async () => {
    const url = await sqlite.create();
    const { code, stdout } = await runPasker(['chat'], { env: { DATABASE_URL: url }, input: 'halo\nada loker operator di cikbar lulusan smk?\n2\n' });
    expect(code).toBe(0);
    const [, , search, details] = stdout.split(/^> /m);
    expect(search).toMatch(/Ada \d+ lowongan operator di Cikarang Barat untuk lulusan SMA\/SMK/);
    expect(search).toContain('Ini data CONTOH');
    const listed = [...search!.matchAll(/^\d\. (.+)\n {3}(.+)$/gm)];
    expect(listed.length).toBeGreaterThan(1);
    for (const [, , detail] of listed) {
      expect(detail).toContain('Cikarang Barat');
      expect(detail).toMatch(/min\. (SD|SMP|SMA\/SMK) /);
    }
    const secondTitle = listed[1]![1]!.replace(' (CONTOH)', '');
    expect(details).toContain(`*${secondTitle}* — CONTOH, bukan lowongan asli`);
    expect(details).toContain('Cara melamar:');
  });

  it('prints one JSON object per message with --json', async () => {
    const { stdout } = await runPasker(['chat', '--json'], { env: { DATABASE_URL: await sqlite.create() }, input: 'menu\n' });
    const line = JSON.parse(stdout.trim()) as { in: string; replies: Array<{ text: string; choices: Array<{ key: string; label: string }> }> };
    expect(line.in).toBe('menu');
    expect(line.replies.at(-1)!.choices.map((c) => c.key)).toEqual(['1', '2', '3', '4', '5']);
  });
});

describe('pasker nlu', () => {
  it('prints the contract JSON for each line', async () => {
    const { stdout, code } = await runPasker(['nlu'], { input: 'ada loker operator di cikbar lulusan smk?\nstop\n' });
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toEqual({ text: 'ada loker operator di cikbar lulusan smk?', intent: 'search_vacancies', entities: { district: ['Cikarang Barat'], education: 'SMA', platform: null, keyword: 'operator' } });
    expect(lines[1]).toMatchObject({ text: 'stop', intent: 'unsubscribe' });
  });
});

describe('settings', () => {
  it('a wrong setting stops start-up with a message that names it', async () => {
    const result = await runPasker(['chat'], { env: { DATABASE_URL: 'mysql://x', MESSAGE_LOG_DAYS: 'lama' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('DATABASE_URL: must start with file: (SQLite) or postgresql:// (PostgreSQL)');
    expect(result.stderr).toContain('MESSAGE_LOG_DAYS');
  });

  it('with AUTO_MIGRATE=0 an unmigrated database is refused with the command to run', async () => {
    const result = await runPasker(['chat'], { env: { DATABASE_URL: await sqlite.create(), AUTO_MIGRATE: '0' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('pasker db migrate');
  });
});

describe('pasker inbox', () => {
  it('lists who asked for staff with their last words, and recent complaints', async () => {
    const url = await sqlite.create();
    // A console account exists, so a hand-over has someone to answer it.
    expect((await runPasker(['staff', 'add', 'rina', '--role', 'petugas'], { env: { DATABASE_URL: url } })).code).toBe(0);
    await runPasker(['chat'], { env: { DATABASE_URL: url }, input: 'halo\nbotnya error terus, tidak membantu\nsaya mau bicara dengan petugas\n' });
    const { code, stdout } = await runPasker(['inbox'], { env: { DATABASE_URL: url } });
    expect(code).toBe(0);
    expect(stdout).toContain('waiting for staff: 1');
    expect(stdout).toMatch(/terminal:\S+ +pending .*"saya mau bicara dengan petugas"/);
    expect(stdout).toContain('recent feedback: 1');
    expect(stdout).toContain('"botnya error terus, tidak membantu"');
  });
});

describe.runIf(POSTGRES_URL)('PostgreSQL from DATABASE_URL', () => {
  const pg = postgresDatabase();
  afterAll(() => pg.dropAll());

  it('a new database is migrated and seeded automatically, and the bot answers from it', async () => {
    const url = await pg.create();
    const { code, stdout } = await runPasker(['chat'], { env: { DATABASE_URL: url }, input: 'loker operator di cikbar lulusan smk\n1\n' });
    expect(code).toBe(0);
    expect(stdout).toMatch(/Ada \d+ lowongan operator di Cikarang Barat untuk lulusan SMA\/SMK/);
    expect(stdout).toContain('CONTOH, bukan lowongan asli');
    const status = await runPasker(['db', 'status'], { env: { DATABASE_URL: url } });
    expect(status.stdout).toContain('the database is up to date');
  });
});
