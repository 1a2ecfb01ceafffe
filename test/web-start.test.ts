// `pasker start` with no channel: the terminal chat and the staff console
// run side by side; `pasker staff` manages the console's accounts.

import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPasker } from './support/cli.ts';
import { tempDir } from './support/databases.ts';

const dir = tempDir();

describe('pasker start without a channel', () => {
  it('answers in the terminal and serves the console at the same time', async () => {
    const child = spawn(process.execPath, ['bin/pasker.js', 'start'], { env: { ...process.env, DATABASE_URL: `file:${path.join(dir, 'start.db')}`, PORT: '0', DATA_DIR: 'data/test-cache' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const exited = new Promise<number>((r) => child.on('close', (code) => r(code ?? -1)));
    const wait = async (re: RegExp) => {
      const deadline = Date.now() + 60_000;
      while (!re.test(out)) {
        if (Date.now() > deadline) throw new Error(`no ${re} in: ${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return re.exec(out)!;
    };
    try {
      const url = (await wait(/Konsol petugas: (http:\/\/\S+\/admin)/))[1]!;
      child.stdin.write('halo\n');
      await wait(/Saya Pasker, bot/);
      const login = await fetch(`${url}/login`);
      expect(login.status).toBe(200);
      expect(await login.text()).toContain('Masuk ke konsol petugas');
      child.stdin.write('loker di setu\n');
      await wait(/Setu/);
    } finally {
      child.stdin.end();
    }
    expect(await exited).toBe(0);
  });
});

describe('pasker staff', () => {
  const env = { DATABASE_URL: `file:${path.join(dir, 'staff.db')}` };

  it('adds an account with a one-time password, lists it, resets it, and refuses a taken name or an unknown role', async () => {
    const added = await runPasker(['staff', 'add', 'Budi', '--role', 'petugas', '--name', 'Pak Budi'], { env });
    expect(added.code).toBe(0);
    const first = /One-time password: (\S+)/.exec(added.stdout)![1]!;
    expect(first).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    expect((await runPasker(['staff', 'list'], { env })).stdout).toBe('budi\tpetugas\tone-time password\tPak Budi\n');
    const again = await runPasker(['staff', 'add', 'budi', '--role', 'admin'], { env });
    expect([again.code, again.stderr]).toEqual([1, 'pasker staff: Nama pengguna "budi" sudah dipakai.\n']);
    const badRole = await runPasker(['staff', 'add', 'sari', '--role', 'boss'], { env });
    expect([badRole.code, badRole.stderr]).toEqual([1, 'pasker staff: --role must be one of petugas, reviewer, admin\n']);
    const reset = await runPasker(['staff', 'reset', 'budi'], { env });
    expect(reset.code).toBe(0);
    expect(/for budi: (\S+)/.exec(reset.stdout)![1]).not.toBe(first);
    expect((await runPasker(['staff', 'disable', 'budi'], { env })).stdout).toBe('budi disabled\n');
    expect((await runPasker(['staff', 'list'], { env })).stdout).toContain('budi\tpetugas\tdisabled');
  });
});
