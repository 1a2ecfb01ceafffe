// Pasker's TypeScript compiled ahead of time into dist/, so that `pasker`
// starts without transpiling through tsx's loader thread (about half a second
// of every start). It is a cache, never a step to remember: `npm ci` builds it
// (postinstall), and bin/pasker.js rebuilds it when a source file changed
// since, or runs the sources through tsx when it cannot be built at all.
//
// dist/ holds the chunks (named by a hash of their content, so a new build
// never rewrites a file a running process may still import lazily) and
// dist/current.json: the entry chunk and the size and time of every source
// file it was built from.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const DIST = path.join(ROOT, 'dist');
const CURRENT = path.join(DIST, 'current.json');
// Besides the sources esbuild reports: what changes the output without being imported.
const ALSO = ['tsconfig.json', 'bin/compile.js'];
// Chunks no build uses any more are removed after a day: long enough for a
// process started from an older build to import its remaining chunks.
const KEEP_MS = 24 * 3600_000;

function stamp(file) {
  const s = fs.statSync(path.join(ROOT, file));
  return `${s.size}:${s.mtimeMs}`;
}

/** The entry module of the build made from the sources as they are now, or null when there is none. */
export function freshEntry() {
  let current;
  try {
    current = JSON.parse(fs.readFileSync(CURRENT, 'utf8'));
    for (const [file, was] of Object.entries(current.inputs)) if (stamp(file) !== was) return null;
  } catch {
    return null;
  }
  const entry = path.join(DIST, current.entry);
  return fs.existsSync(entry) ? entry : null;
}

/** Builds dist/ from src/cli.ts and returns the entry module. Throws when esbuild is missing or the build fails. */
export async function compile() {
  const esbuild = await import('esbuild');
  // Times are taken before reading, so a file saved during the build makes the next start rebuild.
  const before = new Map();
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: ['src/cli.ts'],
    outdir: DIST,
    bundle: true,
    // Modules imported with import() stay separate chunks, loaded (with their packages) only when used.
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    entryNames: '[name]-[hash]',
    chunkNames: '[name]-[hash]',
    // Packages and the generated Prisma client are loaded from where they are installed.
    packages: 'external',
    sourcemap: 'linked',
    metafile: true,
    write: false,
    logLevel: 'silent',
    plugins: [{
      name: 'pasker',
      setup(build) {
        build.onResolve({ filter: /\/generated\// }, (args) => ({ path: `./${path.relative(DIST, path.resolve(args.resolveDir, args.path))}`, external: true }));
        // All chunks sit in dist/: a module's own URL (which a few use to find files next to them) is
        // rewritten to the source file's, relative to the chunk so that the project folder can move.
        build.onLoad({ filter: /\.ts$/ }, (args) => {
          const rel = path.relative(ROOT, args.path);
          before.set(rel, stamp(rel));
          const text = fs.readFileSync(args.path, 'utf8');
          const own = `new URL(${JSON.stringify(path.relative(DIST, args.path).split(path.sep).join('/'))}, import.meta.url).href`;
          return { contents: text.replaceAll('import.meta.url', own), loader: 'ts' };
        });
      },
    }],
  });
  fs.mkdirSync(DIST, { recursive: true });
  const outputs = new Set();
  for (const file of result.outputFiles) {
    outputs.add(path.basename(file.path));
    // Same name, same content: a file another build wrote is kept, never rewritten under a reader.
    if (fs.existsSync(file.path)) continue;
    const tmp = `${file.path}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, file.contents);
    fs.renameSync(tmp, file.path);
  }
  const entry = Object.entries(result.metafile.outputs).find(([, o]) => o.entryPoint === 'src/cli.ts')?.[0];
  if (!entry) throw new Error('esbuild reported no entry chunk');
  const inputs = {};
  for (const file of Object.keys(result.metafile.inputs)) inputs[file] = before.get(file) ?? stamp(file);
  for (const file of ALSO) inputs[file] = stamp(file);
  const tmp = `${CURRENT}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify({ entry: path.basename(entry), inputs }, null, 1)}\n`);
  fs.renameSync(tmp, CURRENT);
  for (const name of fs.readdirSync(DIST)) {
    const file = path.join(DIST, name);
    if (!outputs.has(name) && name !== 'current.json' && Date.now() - fs.statSync(file).mtimeMs > KEEP_MS) fs.rmSync(file, { force: true });
  }
  return path.join(DIST, path.basename(entry));
}

// `node bin/compile.js` (postinstall): build now, or say why not without failing the install.
if (process.argv[1] && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url) {
  try {
    await compile();
  } catch (err) {
    process.stderr.write(`pasker: not compiled ahead of time (${err instanceof Error ? err.message.split('\n')[0] : String(err)}); it will run through tsx\n`);
  }
}
