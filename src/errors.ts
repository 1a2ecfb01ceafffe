// The errors a command reports to the person who ran it, each a one-line
// message naming the setting, file, line or id and what to do. The exit code
// says which kind: 1 = something failed (a service, the disk), 2 = the
// input was refused (a bad file, flag or id). README "Exit codes" lists them.

/** Exit codes of every `pasker` command. */
export const EXIT = { ok: 0, failed: 1, refused: 2 } as const;

/** Input the person gave was refused (a file, a flag, an id): exit 2. */
export class InputError extends Error {
  readonly exitCode = EXIT.refused;
}

/** Something Pasker needs is not there or not working (a service, a folder): exit 1. */
export class ServiceError extends Error {
  readonly exitCode = EXIT.failed;
}
