// One small logger: JSON lines on standard error (standard output belongs to
// the chat and to command results), or appended to a file (LOG_FILE, and the
// terminal chat's default so that log lines never land in its screen). Every
// text field is redacted except the few that Pasker itself fills with
// known-safe values (migration names, channel names, ids).

import fs from 'node:fs';
import path from 'node:path';
import { redactForLog } from './domain/secrets.ts';

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;
export type LogLevel = keyof typeof LEVELS;

// Fields that hold Pasker's own knowledge ids ("faq:ak1-online", "guide:ak1/siapkan-dokumen"), which the
// password rule would take for passwords. Only values of exactly that shape are left as they are.
const ID_FIELDS = new Set(['factIds', 'retrievedIds']);
const KNOWLEDGE_ID = /^[a-z]+:[a-z0-9_]+(?:[/-][a-z0-9_]+)*$/;

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

// Fields whose values come from Pasker, never from a person: redacting them only garbles them
// ("20261201093000_add_staff" looks like a password to the secret finder).
const SAFE_FIELDS = new Set(['time', 'level', 'applied', 'provider', 'database', 'channels', 'channel', 'mode', 'bot', 'job', 'url', 'webhooks', 'queue', 'service', 'services', 'state', 'outbox', 'contactId', 'file']);

/** A logger writing lines at `level` and above to `write` (stderr by default), or appending them to `file`. */
export function createLogger(level: LogLevel = 'info', write?: (line: string) => void, file?: string | null): Logger {
  const out = write ?? (file ? fileWriter(file) : (l: string) => process.stderr.write(`${l}\n`));
  const emit = (lvl: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (LEVELS[lvl] < LEVELS[level]) return;
    const idLists = new WeakSet<object>();
    let safe = false;
    const line = JSON.stringify({ time: new Date().toISOString(), level: lvl, msg, ...fields }, function (this: unknown, k: string, v: unknown) {
      // Inside a safe field (an array of migration names) every string stays as it is.
      if (this && typeof this === 'object' && !Array.isArray(this)) safe = SAFE_FIELDS.has(k);
      const value = v instanceof Error ? v.message : v;
      if (ID_FIELDS.has(k) && Array.isArray(value)) idLists.add(value);
      if (typeof value !== 'string' || safe) return value;
      const isId = (ID_FIELDS.has(k) || (Array.isArray(this) && idLists.has(this))) && KNOWLEDGE_ID.test(value);
      return isId ? value : redactForLog(value);
    });
    out(line);
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
  };
}

function fileWriter(file: string): (line: string) => void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  return (line) => fs.appendFileSync(file, `${line}\n`);
}

/** A logger that drops everything (for tests and scripts that print their own output). */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
