// Every setting Pasker reads, validated once at start-up. A bad value stops
// the process with the variable's name and what is wrong with it. The same
// list is documented in README.md and .env.example.

import cron from 'node-cron';
import { z } from 'zod';

function urlWithHost(value: string): boolean {
  try {
    return Boolean(new URL(value).hostname);
  } catch {
    return false;
  }
}

function cronValid(expression: string): boolean {
  return cron.validate(expression);
}

const flag = (fallback: boolean) =>
  z
    .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'], { message: 'must be 1/0, true/false, yes/no or on/off' })
    .optional()
    .transform((v) => (v === undefined ? fallback : ['1', 'true', 'yes', 'on'].includes(v)));

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() ? v.trim() : null));

const schema = z.object({
  DATABASE_URL: z
    .string()
    .default('file:./data/pasker.db')
    .refine((v) => /^(file:|postgres(ql)?:\/\/)/.test(v), 'must start with file: (SQLite) or postgresql:// (PostgreSQL)')
    .refine((v) => !/^postgres/.test(v) || urlWithHost(v), 'is not a valid address: write postgresql://user:password@host:5432/database (characters such as @ : / # in the password must be percent-encoded, e.g. %40 for @)')
    .refine((v) => !v.startsWith('file:') || v.replace(/^file:(\/\/)?/, '').split('?')[0] !== '', 'needs a file name after file:, e.g. file:./data/pasker.db'),
  AUTO_MIGRATE: flag(true),
  LOAD_SAMPLE_DATA: flag(true),
  REGION_CODE: z.string().regex(/^\d{2}\.\d{2}$/, 'must be a Kemendagri regency code like 32.16').default('32.16'),
  REGION_ALIASES: optionalText,
  TIMEZONE: z
    .string()
    .default('Asia/Jakarta')
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'must be an IANA time zone such as Asia/Jakarta'),
  MESSAGE_LOG_DAYS: z.coerce.number().int('must be a whole number of days').min(0).default(30),
  DATA_DIR: z.string().default('data'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  OFFICE_NAME: optionalText,
  OFFICE_ADDRESS: optionalText,
  OFFICE_HOURS: optionalText,
  OFFICE_PHONE: optionalText,
  OFFICE_WHATSAPP: optionalText,
  OFFICE_EMAIL: optionalText,
  OFFICE_INSTAGRAM: optionalText,
  OFFICE_WEBSITE: optionalText,
  OFFICE_MAP_URL: optionalText,
  SIPKERJA_URL: optionalText,
  REPORT_REVIEW_TIME: optionalText,
  INDUSTRIAL_RELATIONS_PLACE: optionalText,
  INDUSTRIAL_RELATIONS_HOURS: optionalText,
  INDUSTRIAL_RELATIONS_BRING: optionalText,
  PORT: z.coerce.number().int().min(0).max(65535, 'must be a port number (0 = any free port)').default(3000),
  TELEGRAM_BOT_TOKEN: optionalText.refine((v) => v === null || /^\d+:[\w-]{20,}$/.test(v), 'must look like 123456789:ABC... (from @BotFather)'),
  TELEGRAM_API_ROOT: z.string().url('must be a URL').default('https://api.telegram.org'),
  TELEGRAM_WEBHOOK_URL: optionalText.refine((v) => v === null || /^https?:\/\/\S+$/.test(v), 'must be the public https:// URL of /webhooks/telegram'),
  TELEGRAM_WEBHOOK_SECRET: optionalText.refine((v) => v === null || /^[A-Za-z0-9_-]{1,256}$/.test(v), 'may use only A-Z, a-z, 0-9, _ and - (1-256 characters)'),
  WHATSAPP_WEB: flag(false),
  WHATSAPP_WEB_DATA: z.string().default('data/whatsapp-web'),
  CHROMIUM_PATH: z.string().default('/usr/bin/chromium'),
  WHATSAPP_CLOUD_TOKEN: optionalText,
  WHATSAPP_PHONE_NUMBER_ID: optionalText,
  WHATSAPP_APP_SECRET: optionalText,
  WHATSAPP_VERIFY_TOKEN: optionalText,
  WHATSAPP_CLOUD_API_ROOT: z.string().url('must be a URL').default('https://graph.facebook.com'),
  WHATSAPP_GRAPH_VERSION: z.string().regex(/^v\d+\.\d+$/, 'must look like v23.0').default('v23.0'),
  WHATSAPP_TEMPLATE: optionalText,
  WHATSAPP_TEMPLATE_LANGUAGE: z.string().default('id'),
  DIGEST_CRON: z.string().default('0 7 * * *').refine((v) => cronValid(v), 'must be a cron expression such as "0 7 * * *" (07:00 every day)'),
  QUIET_HOURS: z
    .string()
    .default('21:00-06:00')
    .refine((v) => v === '' || v === 'off' || /^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/.test(v), 'must look like 21:00-06:00 (or off)'),
  REDIS_URL: optionalText
    .refine((v) => v === null || /^rediss?:\/\//.test(v), 'must start with redis:// (or rediss:// for TLS)')
    .refine((v) => v === null || !/^rediss?:\/\//.test(v) || urlWithHost(v), 'is not a valid address: write redis://[:password@]host:6379[/db] (rediss:// for TLS)'),
  REDIS_PREFIX: z.string().regex(/^[a-z0-9_-]+$/i, 'may use letters, digits, _ and -').default('pasker'),
  TELEGRAM_RATE_PER_SECOND: z.coerce.number().positive().default(30),
  WHATSAPP_RATE_PER_SECOND: z.coerce.number().positive().default(20),
  DELIVERY_LOCK_SECONDS: z.coerce.number().int().min(1).default(60),
  STARTUP_TIMEOUT_SECONDS: z.coerce.number().positive('must be a number of seconds above 0').default(10),
  TURN_TIMEOUT_SECONDS: z.coerce.number().positive('must be a number of seconds above 0').default(60),
  SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().positive('must be a number of seconds above 0').default(3),
  LOG_FILE: optionalText,
  WEB_CONSOLE: flag(true),
  CONSOLE_SECRET: optionalText.refine((v) => v === null || v.length >= 32, 'must be at least 32 characters (unset = one is made and kept in the database)'),
  TRUST_PROXY: flag(false),
  // Staff are people: a group id (negative) would make every member of the group staff.
  STAFF_TELEGRAM_IDS: z
    .string()
    .default('')
    .refine((v) => !/-\s*\d/.test(v), 'must be the staff members\' own Telegram user ids; a group id (starting with -) is not allowed, because every member of the group would be staff')
    .refine((v) => /^(\s*\d+\s*(,\s*\d+\s*)*)?$/.test(v), 'must be Telegram user ids separated by commas')
    .transform((v) => v.split(',').map((x) => x.trim()).filter(Boolean)),
  // The optional language-model path (README, "Language model"): off unless all three are set.
  LLM_BASE_URL: optionalText.refine((v) => v === null || /^https?:\/\/\S+$/.test(v), 'must be the http(s):// address of an OpenAI-compatible API, usually ending in /v1 (Ollama: http://127.0.0.1:11434/v1)'),
  LLM_MODEL: optionalText,
  LLM_API_KEY: optionalText,
  LLM_STRUCTURED_OUTPUT: z.enum(['tools', 'json_schema'], { message: 'must be tools (function calling) or json_schema (response_format)' }).default('tools'),
  LLM_UNDERSTAND_TIMEOUT_MS: z.coerce.number().int('must be whole milliseconds').min(50).max(60_000).default(2500),
  LLM_ANSWER_TIMEOUT_MS: z.coerce.number().int('must be whole milliseconds').min(50).max(60_000).default(6000),
  LLM_DAILY_CALLS: z.coerce.number().int('must be a whole number of calls').min(0).default(500),
  LLM_UNSURE_BELOW: z.coerce.number().min(0).max(1, 'must be a classifier score between 0 and 1').default(0.8),
}).superRefine((c, ctx) => {
  const cloud = ['WHATSAPP_CLOUD_TOKEN', 'WHATSAPP_PHONE_NUMBER_ID', 'WHATSAPP_APP_SECRET', 'WHATSAPP_VERIFY_TOKEN'] as const;
  const set = cloud.filter((k) => c[k]);
  if (set.length && set.length < cloud.length) {
    for (const k of cloud.filter((k) => !c[k])) ctx.addIssue({ code: 'custom', path: [k], message: `is needed too: the WhatsApp Cloud API needs all of ${cloud.join(', ')}` });
  }
  if (set.length === cloud.length && c.WHATSAPP_WEB) ctx.addIssue({ code: 'custom', path: ['WHATSAPP_WEB'], message: 'choose one WhatsApp connection: WHATSAPP_WEB=1 or the Cloud API settings, not both' });
  const llm = ['LLM_BASE_URL', 'LLM_MODEL', 'LLM_API_KEY'] as const;
  if (llm.some((k) => c[k])) {
    for (const k of llm.filter((k) => !c[k])) ctx.addIssue({ code: 'custom', path: [k], message: `is needed too: the language-model path needs all of ${llm.join(', ')} (a local server such as Ollama accepts any LLM_API_KEY)` });
  }
  if ((c.TELEGRAM_WEBHOOK_URL || c.TELEGRAM_WEBHOOK_SECRET) && !c.TELEGRAM_BOT_TOKEN) ctx.addIssue({ code: 'custom', path: ['TELEGRAM_BOT_TOKEN'], message: 'is needed for TELEGRAM_WEBHOOK_URL' });
});

export type Config = z.infer<typeof schema>;

/** A setting that is missing or wrong; the message names the variable. */
export class ConfigError extends Error {}

/** Reads and checks the settings from `env` (process.env by default). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const blanksRemoved = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = schema.safeParse(blanksRemoved);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const name = String(i.path[0] ?? '');
      const given = env[name];
      // Tokens, passwords and URLs that may hold a password are never echoed back.
      const shown = given === undefined || /TOKEN|SECRET|PASSWORD|_URL$/.test(name) ? '' : ` (got "${given}")`;
      return `${i.path.join('.')}: ${i.message}${shown}`;
    });
    throw new ConfigError(`Pasker cannot start, a setting is wrong:\n  ${lines.join('\n  ')}`);
  }
  return parsed.data;
}

/** Quiet hours as people read them ("21.00–06.00"); null when off. */
export function quietHoursText(config: Pick<Config, 'QUIET_HOURS'>): string | null {
  const m = /^(\d\d):(\d\d)-(\d\d):(\d\d)$/.exec(config.QUIET_HOURS);
  return m ? `${m[1]}.${m[2]}–${m[3]}.${m[4]}` : null;
}

/** The language-model settings, when the path is on (all of LLM_BASE_URL, LLM_MODEL, LLM_API_KEY set); null otherwise. */
export function llmSettings(config: Config): LlmSettings | null {
  if (!config.LLM_BASE_URL || !config.LLM_MODEL || !config.LLM_API_KEY) return null;
  return {
    baseUrl: config.LLM_BASE_URL,
    model: config.LLM_MODEL,
    apiKey: config.LLM_API_KEY,
    structuredOutput: config.LLM_STRUCTURED_OUTPUT,
    understandTimeoutMs: config.LLM_UNDERSTAND_TIMEOUT_MS,
    answerTimeoutMs: config.LLM_ANSWER_TIMEOUT_MS,
    dailyCalls: config.LLM_DAILY_CALLS,
    unsureBelow: config.LLM_UNSURE_BELOW,
    timeZone: config.TIMEZONE,
  };
}

export interface LlmSettings {
  baseUrl: string;
  model: string;
  apiKey: string;
  structuredOutput: 'tools' | 'json_schema';
  understandTimeoutMs: number;
  answerTimeoutMs: number;
  dailyCalls: number;
  unsureBelow: number;
  /** The office's time zone: the daily call budget starts again at local midnight. */
  timeZone: string;
}

/** The digest time as people read it ("07.00"), from a daily DIGEST_CRON; "" when it is not a plain daily time. */
export function digestTime(config: Pick<Config, 'DIGEST_CRON'>): string {
  const m = /^(\d{1,2}) (\d{1,2}) \* \* \*$/.exec(config.DIGEST_CRON.trim());
  return m ? `${m[2]!.padStart(2, '0')}.${m[1]!.padStart(2, '0')}` : '';
}
