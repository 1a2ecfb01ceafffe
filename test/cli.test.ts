// The commands a newcomer types, run as real processes.

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runPasker } from './support/cli.ts';
import { POSTGRES_URL, postgresDatabase, sqliteDatabase, tempDir } from './support/databases.ts';

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
    expect(lines[0]).toMatchObject({ text: 'ada loker operator di cikbar lulusan smk?', intent: 'search_vacancies', entities: { district: ['Cikarang Barat'], education: 'SMA', platform: null, keyword: 'operator' } });
    expect(lines[1]).toMatchObject({ text: 'stop', intent: 'unsubscribe' });
    // What the dialogue reads for repair: who decided, the likeliest intents, explicit stop words.
    expect(lines[0]).toMatchObject({ source: 'classifier', answers: null, also: null, explicit: { stop: false, erase: false } });
    expect(lines[0].alternatives[0]).toEqual({ intent: 'search_vacancies', score: lines[0].score });
    expect(lines[1]).toMatchObject({ source: 'rule', explicit: { stop: true, erase: false }, alternatives: [{ intent: 'unsubscribe', score: 1 }] });
  });

  it('reads an answer as the answer to the question waiting (--context, or a JSON line)', async () => {
    const input = ['sma', JSON.stringify({ text: 'cikarang utara deket pasar', context: { pending: 'district' } }), 'cikarang utara deket pasar', 'cara daftar siapkerja gimana'].join('\n');
    const { stdout, code } = await runPasker(['nlu', '--context', '{"pending":"education"}'], { input: `${input}\n` });
    expect(code).toBe(0);
    const [sma, place, placeWrongQuestion, other] = stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(sma).toMatchObject({ text: 'sma', source: 'context', answers: 'education', entities: { education: 'SMA' } });
    expect(place).toMatchObject({ source: 'context', answers: 'district', entities: { district: ['Cikarang Utara'] } });
    // Waiting for an education, a place answers nothing; a clear other request stays that request.
    expect(placeWrongQuestion).toMatchObject({ answers: null, source: 'classifier' });
    expect(other).toMatchObject({ intent: 'registration_help', source: 'classifier' });
  });

  it('refuses a context it does not know, naming the field', async () => {
    const { stderr, code } = await runPasker(['nlu', '--context', '{"pending":"umur"}'], { input: 'sma\n' });
    expect(code).toBe(2);
    expect(stderr).toContain('pending');
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

describe('the pasker command itself', () => {
  const COMMANDS = ['start', 'chat', 'nlu', 'eval nlu', 'import vacancies', 'import samples', 'db migrate', 'db status', 'db schemas', 'db new-migration', 'alerts run', 'alerts preview', 'worker', 'broadcast send', 'broadcast status', 'broadcast cancel', 'broadcast list', 'flows check', 'funnel', 'inbox', 'purge', 'bench'];

  it('pasker --help lists every command and the exit codes', async () => {
    const { code, stdout } = await runPasker(['--help']);
    expect(code).toBe(0);
    for (const c of COMMANDS) expect(stdout).toContain(`  ${c}`);
    expect(stdout).toContain('Exit codes: 0 ok, 1 failed, 2 refused input');
  });

  it('every command has --help, which prints its usage and does nothing else (start --help does not start the bot)', async () => {
    const dir = tempDir();
    for (const c of COMMANDS) {
      const { code, stdout } = await runPasker([...c.split(' '), '--help'], { env: { DATABASE_URL: `file:${dir}/never-created.db` } });
      expect(code, c).toBe(0);
      expect(stdout, c).toContain(`Usage: pasker ${c}`);
    }
    expect(fs.existsSync(`${dir}/never-created.db`)).toBe(false);
    const group = await runPasker(['import', '--help']);
    expect(group.code).toBe(0);
    expect(group.stdout).toContain('pasker import vacancies FILE');
  });

  it('refuses unknown commands, unknown flags, missing values and bad ids with exit 2 and one line', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['frob'], /pasker: unknown command "frob"/],
      [['import', 'vacanciez', 'x.csv'], /pasker import: unknown command "vacanciez"/],
      [['chat', '--usr', 'budi'], /^pasker chat: unknown option --usr; see pasker chat --help$/m],
      [['start', '--port', '80'], /^pasker start: unknown option --port/m],
      [['chat', '--user'], /^pasker chat: --user needs a value/m],
      [['broadcast', 'send', '--text', ''], /^--text needs a value: the announcement/m],
      [['broadcast', 'status', 'abc'], /^broadcast id must be a number, as "pasker broadcast list" shows it \(got "abc"\)$/m],
      [['import', 'vacancies'], /^pasker import vacancies: FILE is missing; usage: pasker import vacancies FILE$/m],
      [['import', 'vacancies', 'tidak-ada.csv'], /tidak-ada\.csv: no such file; check the name and the folder/],
    ];
    const url = await sqlite.create();
    for (const [args, message] of cases) {
      const { code, stderr } = await runPasker(args, { env: { DATABASE_URL: url } });
      expect(stderr, args.join(' ')).toMatch(message);
      expect(code, args.join(' ')).toBe(2);
      expect(stderr.length, args.join(' ')).toBeLessThan(3000);
      expect(stderr, args.join(' ')).not.toMatch(/\n\s+at |PrismaClient|invocation/);
    }
  });

  it('a broken DATABASE_URL names the setting without echoing the password; LOG_LEVEL=debug adds the stack of an error', async () => {
    const broken = await runPasker(['inbox'], { env: { DATABASE_URL: 'postgresql://pasker:rahasia@db@/pasker' } });
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('DATABASE_URL: is not a valid address: write postgresql://user:password@host:5432/database');
    expect(broken.stderr).not.toContain('rahasia');
    expect(broken.stderr).not.toContain('TypeError');
    const quiet = await runPasker(['broadcast', 'status', 'abc']);
    expect(quiet.stderr).not.toMatch(/\n\s+at /);
    const debug = await runPasker(['broadcast', 'status', 'abc'], { env: { LOG_LEVEL: 'debug' } });
    expect(debug.stderr).toMatch(/\n\s+at .*cli\.ts/);
  });

  it('file names are relative to the folder pasker was run in', async () => {
    const dir = tempDir();
    fs.copyFileSync('test/fixtures/windows-1252.csv', path.join(dir, 'lowongan.csv'));
    const { code, stdout } = await runPasker(['import', 'vacancies', 'lowongan.csv'], { cwd: dir, bin: path.resolve('bin/pasker.js'), env: { DATABASE_URL: await sqlite.create() } });
    expect(stdout).toContain('lowongan.csv: 2 rows: 2 created');
    expect(code).toBe(0);
  });
});

describe('pasker start in the terminal', () => {
  it('keeps log lines out of the chat screen: they go to DATA_DIR/pasker.log, with migration names as they are', async () => {
    const dataDir = tempDir();
    const { code, stdout, stderr } = await runPasker(['start'], { env: { DATABASE_URL: await sqlite.create(), DATA_DIR: dataDir }, input: 'halo\n' });
    expect(code).toBe(0);
    expect(stdout).toContain('Pasker siap');
    expect(stdout).toContain(`(log: ${path.join(dataDir, 'pasker.log')}`);
    expect(stdout + stderr).not.toContain('{"time"');
    const log = fs.readFileSync(path.join(dataDir, 'pasker.log'), 'utf8');
    const migrated = log.split('\n').find((l) => l.includes('database migrated'));
    expect(migrated).toMatch(/"applied":\["\d{14}_\w+"/);
    expect(log).not.toContain('[sandi dihapus]');
  });
});

describe('alerts in the terminal demo', () => {
  it('a subscription made in the terminal chat gets its digest from pasker alerts run, on screen, and its number opens the vacancy in the chat', async () => {
    const url = await sqlite.create();
    const env = { DATABASE_URL: url, QUIET_HOURS: 'off', LOAD_SAMPLE_DATA: '0' };
    const chat = await runPasker(['chat'], { env, input: 'langganan\nsemua\n3\n1\n1\n1\n' });
    expect(chat.stdout).toMatch(/langganan|kabar/i);
    const file = path.join(tempDir(), 'baru.csv');
    fs.writeFileSync(file, `source_id,title,company,district,min_education,keywords,employment_type,how_to_apply,closing_date\ndemo-1,Operator Forklift,PT Demo Angkut,Setu,SMA,forklift;operator,kontrak,Datang ke pos satpam,31/12/2099\n`);
    expect((await runPasker(['import', 'vacancies', file], { env })).code).toBe(0);

    const preview = await runPasker(['alerts', 'preview', '--user', 'terminal:local'], { env });
    expect(preview.stdout).toContain('=== terminal:local (daily');
    expect(preview.stdout).toContain('Operator Forklift');

    const run = await runPasker(['alerts', 'run'], { env });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('--- to terminal:local (pasker chat --user local) ---');
    expect(run.stdout).toContain('Operator Forklift');
    expect(run.stdout).toMatch(/sent or settled: 1;/);
    // Planned once: a second run has nothing new.
    expect((await runPasker(['alerts', 'run'], { env })).stdout).not.toContain('--- to terminal:local');
    const details = await runPasker(['chat'], { env, input: '1\n' });
    expect(details.stdout).toContain('Operator Forklift');
    expect(details.stdout).toContain('Datang ke pos satpam');
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
