#!/usr/bin/env node
// The `pasker` command. Pasker is written in TypeScript with no build step to
// remember: it runs the sources compiled ahead of time into dist/ when that
// build is up to date, rebuilds it when a source changed (bin/compile.js), and
// runs the sources through tsx when it cannot be built (esbuild missing, a
// read-only folder) or when PASKER_TSX=1. It runs in the project folder
// (content, migrations and data are found from there); file names typed on
// the command line stay relative to where it was typed.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compile, freshEntry } from './compile.js';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
if (path.resolve(process.cwd()) !== root) {
  process.env.PASKER_CWD ??= process.cwd();
  process.chdir(root);
}

async function compiledEntry() {
  if (process.env.PASKER_TSX === '1') return null;
  try {
    return freshEntry() ?? (await compile());
  } catch {
    return null;
  }
}

const entry = await compiledEntry();
if (entry) {
  // The stack of an error then names the TypeScript sources' lines.
  if ((process.env.LOG_LEVEL ?? '').toLowerCase() === 'debug') process.setSourceMapsEnabled(true);
  await import(pathToFileURL(entry).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli.ts');
}
