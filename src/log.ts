// One small logger: JSON lines on stderr (stdout belongs to the chat), with
// NIK-like numbers removed from every line whatever the caller passes.

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

/** A logger writing lines at `level` and above to `write` (stderr by default). */
export function createLogger(level: LogLevel = 'info', write: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Logger {
  const emit = (lvl: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (LEVELS[lvl] < LEVELS[level]) return;
    // Every text field is redacted on its own: a secret never reaches the log, whatever the caller passed.
    const idLists = new WeakSet<object>();
    const line = JSON.stringify({ time: new Date().toISOString(), level: lvl, msg, ...fields }, function (this: unknown, k: string, v: unknown) {
      const value = v instanceof Error ? v.message : v;
      if (ID_FIELDS.has(k) && Array.isArray(value)) idLists.add(value);
      if (typeof value !== 'string' || k === 'time') return value;
      const isId = (ID_FIELDS.has(k) || (Array.isArray(this) && idLists.has(this))) && KNOWLEDGE_ID.test(value);
      return isId ? value : redactForLog(value);
    });
    write(line);
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
  };
}

/** A logger that drops everything (for tests and scripts that print their own output). */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
