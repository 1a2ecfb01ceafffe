// Loaded with `node --import` in a child process: records every module the
// process resolves and, at exit, writes those under node_modules/@langchain
// to the file named by TRACE_IMPORTS_FILE (one URL a line).
import fs from 'node:fs';
import { register } from 'node:module';
import { MessageChannel } from 'node:worker_threads';

const { port1, port2 } = new MessageChannel();
const loaded = new Set();
port1.on('message', (url) => loaded.add(url));
port1.unref();
register('./trace-imports-hooks.mjs', import.meta.url, { data: { port: port2 }, transferList: [port2] });
process.on('exit', () => {
  const file = process.env.TRACE_IMPORTS_FILE;
  if (file) fs.writeFileSync(file, [...loaded].filter((u) => u.includes('/node_modules/@langchain/')).join('\n'));
});
