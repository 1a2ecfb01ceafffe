// `pasker` runs the TypeScript compiled ahead of time into dist/ (bin/compile.js)
// for a quicker start. What a developer must never notice: an edited source is
// what runs at once, with no build step to remember, compiled or through tsx.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPasker } from './support/cli.ts';

const SKIP = new Set(['node_modules', '.git', 'data', 'dist', 'coverage', 'test-output', 'scratch', 'tmp']);
let copy: string;
beforeAll(() => {
  // A copy of the project, so that editing a source does not touch the one the other tests run.
  copy = fs.mkdtempSync(path.join(os.tmpdir(), 'pasker-build-'));
  fs.cpSync('.', copy, { recursive: true, filter: (src) => !SKIP.has(path.relative('.', src).split(path.sep)[0]!) && path.relative('.', src) !== path.join('src', 'db', 'generated') });
  fs.symlinkSync(path.resolve('node_modules'), path.join(copy, 'node_modules'));
  fs.symlinkSync(path.resolve('src/db/generated'), path.join(copy, 'src/db/generated'));
});
afterAll(() => fs.rmSync(copy, { recursive: true, force: true }));

const help = (env: Record<string, string> = {}) => runPasker(['--help'], { bin: path.join(copy, 'bin/pasker.js'), env });

describe('the compiled start', () => {
  it('is built on the first start and runs an edited source on the next one, as tsx does', async () => {
    const first = await help();
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('measure speed (see README)');
    expect(fs.existsSync(path.join(copy, 'dist/current.json'))).toBe(true);

    const cli = path.join(copy, 'src/cli.ts');
    fs.writeFileSync(cli, fs.readFileSync(cli, 'utf8').replace("summary: 'measure speed (see README)'", "summary: 'measure how fast it is'"));
    const edited = await help();
    expect(edited.code).toBe(0);
    expect(edited.stdout).toContain('measure how fast it is');
    expect(edited.stdout).not.toContain('measure speed (see README)');
    const tsx = await help({ PASKER_TSX: '1' });
    expect(tsx.stdout).toEqual(edited.stdout);
  });
});
