// The understanding's files kept in the cache folder (prepared corpus, trained models): one file per
// kind, named `<prefix><16 hex digits>.json` after what it was made from.

import fs from 'node:fs';
import path from 'node:path';

/** Writes `content` to `file`, removing the files of the same kind made from other inputs. */
export function replaceCacheFile(file: string, prefix: string, content: string): void {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true });
  for (const old of fs.readdirSync(dir)) {
    if (old.startsWith(prefix) && /^[0-9a-f]{16}\.json$/.test(old.slice(prefix.length)) && old !== path.basename(file)) fs.rmSync(path.join(dir, old), { force: true });
  }
  // Written aside and renamed, so that a process starting meanwhile never reads half a file.
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, content);
  fs.renameSync(tmp, file);
}
