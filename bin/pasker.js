#!/usr/bin/env node
// The `pasker` command. Pasker is written in TypeScript and runs through tsx,
// so there is no build step between editing and running. It runs in the
// project folder (content, migrations and data are found from there);
// file names typed on the command line stay relative to where it was typed.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
if (path.resolve(process.cwd()) !== root) {
  process.env.PASKER_CWD ??= process.cwd();
  process.chdir(root);
}
register();
await import('../src/cli.ts');
