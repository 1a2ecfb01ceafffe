// Paths a person gives on the command line are relative to the folder they
// ran `pasker` in; bin/pasker.js moves into the project folder (where
// flows/ and prisma/ are) and leaves that folder in PASKER_CWD.

import path from 'node:path';

/** `file` as the person meant it, whatever folder Pasker runs in. */
export function userPath(file: string): string {
  return path.resolve(process.env.PASKER_CWD ?? process.cwd(), file);
}
