// The `pasker` command: every way to run or operate Pasker. Each subcommand
// lives in src/commands/; this file only knows the commands, their flags
// (node:util parseArgs: `--help` on every command, unknown flags refused),
// reads the settings and turns every failure into one line that says what
// to do. Exit codes: 0 ok, 1 failed, 2 refused input (src/errors.ts).

import { parseArgs, type ParseArgsConfig } from 'node:util';
import { loadConfig, ConfigError, type Config } from './config.ts';
import { ContentError } from './core/messages.ts';
import { EXIT, InputError, ServiceError } from './errors.ts';
import { explainError } from './app/explain-error.ts';

type Options = NonNullable<ParseArgsConfig['options']>;
type Values = Record<string, string | boolean | undefined>;

interface Command {
  /** The words that name it: ['import', 'vacancies']. */
  words: string[];
  /** Its arguments and flags as the usage line shows them. */
  args?: string;
  summary: string;
  /** More lines for `--help`. */
  details?: string;
  options?: Options;
  /** Names of the positional arguments, in order; a trailing "..." takes any number. */
  positionals?: string[];
  /** False when the command needs no settings (developer tools). */
  settings?: false;
  run(config: Config, values: Values, positionals: string[]): Promise<number>;
}


const COMMANDS: Command[] = [
  {
    words: ['start'], args: '[--verbose]', summary: 'run the bot: every channel whose settings are set, or a chat in this terminal when none is',
    details: 'In the terminal chat the log goes to DATA_DIR/pasker.log; --verbose also shows it on standard error.',
    options: { verbose: { type: 'boolean' } },
    run: async (c, v) => (await import('./commands/start.ts')).start(c, { verbose: Boolean(v.verbose) }),
  },
  {
    words: ['chat'], args: '[--user ID] [--json]', summary: 'read one message per line from standard input and print the replies (for scripts and tests)',
    options: { user: { type: 'string' }, json: { type: 'boolean' } },
    run: async (c, v) => (await import('./commands/chat.ts')).chat(c, { user: requiredValue(v.user, '--user', 'the id of the person to chat as, e.g. --user budi', 'local'), json: Boolean(v.json) }),
  },
  {
    words: ['nlu'], args: "[--context '{\"pending\":\"education\"}']", summary: 'read messages from standard input, print what each means as one JSON line',
    details: 'A line may also be {"text": "...", "context": {"pending": "district"}}: the question the dialogue is waiting for (pending: district, education, keyword, frequency, confirm, choice, guide_step, erase_confirm, form, free_text; options: the labels shown; topic: a platform).',
    options: { context: { type: 'string' } },
    run: async (c, v) => (await import('./commands/nlu.ts')).nlu(c, { context: typeof v.context === 'string' ? v.context : undefined }),
  },
  {
    words: ['eval', 'nlu'], args: 'FILE.jsonl [--misses]', summary: 'score understanding against a labelled file', positionals: ['FILE'],
    options: { misses: { type: 'boolean' } },
    run: async (c, v, p) => (await import('./commands/eval-nlu.ts')).evalNlu(c, p[0]!, { misses: Boolean(v.misses) }),
  },
  {
    words: ['import', 'vacancies'], args: 'FILE', summary: 'import vacancies from a .csv, .xlsx or .json file', positionals: ['FILE'],
    details: 'CSV separated by , or ; (or tabs), UTF-8 or Windows-1252; the first sheet of an .xlsx; column names in Indonesian or English (README "Importing vacancies").\nExit 0 when every row was imported, 2 when the file or any row was refused, 1 when the import failed.',
    run: async (c, _v, p) => (await import('./commands/import.ts')).importVacancies(c, p[0]!),
  },
  {
    words: ['import', 'events'], args: 'FILE', summary: 'import job fairs and events from a .csv, .xlsx or .json file', positionals: ['FILE'],
    details: 'Columns in README "Importing job fairs and training". Exit 0 when every row was imported, 2 when the file or any row was refused.',
    run: async (c, _v, p) => (await import('./commands/import.ts')).importServices(c, 'events', p[0]!),
  },
  {
    words: ['import', 'training'], args: 'FILE', summary: 'import training programmes from a .csv, .xlsx or .json file', positionals: ['FILE'],
    details: 'Columns in README "Importing job fairs and training". Exit 0 when every row was imported, 2 when the file or any row was refused.',
    run: async (c, _v, p) => (await import('./commands/import.ts')).importServices(c, 'training', p[0]!),
  },
  { words: ['import', 'samples'], summary: 'load (or refresh) the sample vacancies, job fairs and training (marked CONTOH)', run: async (c) => (await import('./commands/import.ts')).importSamples(c) },
  { words: ['samples', 'remove'], summary: 'remove every sample vacancy, job fair and training programme at once', run: async (c) => (await import('./commands/import.ts')).samplesRemove(c) },
  { words: ['db', 'migrate'], summary: 'apply pending database migrations', run: async (c) => (await import('./commands/db.ts')).migrateCommand(c) },
  { words: ['db', 'status'], summary: 'list pending database migrations (exit 1 when some are pending)', run: async (c) => (await import('./commands/db.ts')).statusCommand(c) },
  { words: ['db', 'schemas'], summary: 'write prisma/*/schema.prisma from prisma/models.prisma (developers)', settings: false, run: async () => (await import('./commands/db.ts')).writeSchemas() },
  {
    words: ['db', 'new-migration'], args: 'NAME', summary: 'after editing prisma/models.prisma: write the migrations for both databases (developers)', positionals: ['NAME'], settings: false,
    run: async (_c, _v, p) => (await import('./commands/db.ts')).newMigration(p[0]!),
  },
  {
    words: ['alerts', 'run'], args: '[--plan-only]', summary: 'plan the daily digest and immediate alerts now and send them (terminal subscriptions are shown here)',
    options: { 'plan-only': { type: 'boolean' } },
    run: async (c, v) => (await import('./commands/alerts.ts')).alertsRun(c, { planOnly: Boolean(v['plan-only']) }),
  },
  {
    words: ['alerts', 'preview'], args: '[--user CHANNEL:ID]', summary: 'show what each active subscription would get now, without sending or recording anything',
    options: { user: { type: 'string' } },
    run: async (c, v) => (await import('./commands/alerts.ts')).alertsPreview(c, { user: typeof v.user === 'string' ? v.user : null }),
  },
  { words: ['worker'], summary: 'deliver queued messages (digests, alerts, broadcasts) only', run: async (c) => (await import('./commands/alerts.ts')).worker(c) },
  {
    words: ['broadcast', 'send'], args: '--text TEXT [--to SEGMENT] [--yes] [--by NAME] [--queue-only]', summary: 'send an announcement to subscribers (shows the count and asks first)',
    details: 'SEGMENT: semua, or any of telegram / whatsapp, a kecamatan, an education level, separated by commas ("Setu, SMA").',
    options: { text: { type: 'string' }, to: { type: 'string' }, yes: { type: 'boolean' }, by: { type: 'string' }, 'queue-only': { type: 'boolean' } },
    run: async (c, v) =>
      (await import('./commands/broadcast.ts')).broadcastSend(c, {
        text: requiredValue(v.text, '--text', 'the announcement, e.g. --text "Bursa kerja Sabtu 08.00"'),
        to: typeof v.to === 'string' ? v.to : 'semua', yes: Boolean(v.yes), by: typeof v.by === 'string' ? v.by : null, queueOnly: Boolean(v['queue-only']),
      }),
  },
  { words: ['broadcast', 'status'], args: 'ID', summary: 'what became of a broadcast', positionals: ['ID'], run: async (c, _v, p) => (await import('./commands/broadcast.ts')).broadcastStatus(c, broadcastId(p[0]!)) },
  { words: ['broadcast', 'cancel'], args: 'ID', summary: 'stop the rest of a broadcast', positionals: ['ID'], run: async (c, _v, p) => (await import('./commands/broadcast.ts')).broadcastCancel(c, broadcastId(p[0]!)) },
  { words: ['broadcast', 'list'], summary: 'the latest 20 broadcasts', run: async (c) => (await import('./commands/broadcast.ts')).broadcastList(c) },
  {
    words: ['reports', 'list'], args: '[--status pending|approved|rejected|all]', summary: 'vacancies employers reported in chat (pending ones by default)',
    options: { status: { type: 'string' } },
    run: async (c, v) => (await import('./commands/reports.ts')).reportsList(c, typeof v.status === 'string' ? v.status : 'pending'),
  },
  { words: ['reports', 'show'], args: 'REF', summary: 'every item of one report (LP-2026-0042)', positionals: ['REF'], run: async (c, _v, p) => (await import('./commands/reports.ts')).reportsShow(c, p[0]!) },
  {
    words: ['reports', 'approve'], args: 'REF [--by NAME]', summary: 'publish a report as a verified vacancy (alerts follow) and tell the employer', positionals: ['REF'],
    options: { by: { type: 'string' } },
    run: async (c, v, p) => (await import('./commands/reports.ts')).reportsApprove(c, p[0]!, typeof v.by === 'string' ? v.by : null),
  },
  {
    words: ['reports', 'reject'], args: 'REF --reason TEXT [--by NAME]', summary: 'refuse a report; the employer is told the reason', positionals: ['REF'],
    options: { reason: { type: 'string' }, by: { type: 'string' } },
    run: async (c, v, p) => (await import('./commands/reports.ts')).reportsReject(c, p[0]!, requiredValue(v.reason, '--reason', 'why it is refused, which the employer is told, e.g. --reason "alamat kurang jelas"'), typeof v.by === 'string' ? v.by : null),
  },
  {
    words: ['flows', 'check'], args: '[DIR]', summary: 'check the content files (messages, office, region, guides)', positionals: ['DIR?'],
    run: async (c, _v, p) => (await import('./commands/flows.ts')).flowsCheck(c, p[0]),
  },
  { words: ['funnel'], summary: 'how many people started, reached and finished each guide step', run: async (c) => (await import('./commands/flows.ts')).funnel(c) },
  { words: ['inbox'], summary: 'people waiting for staff, and recent feedback', run: async (c) => (await import('./commands/inbox.ts')).inbox(c) },
  {
    words: ['staff', 'add'], args: 'NAME --role admin|reviewer|petugas [--name "Bu Sari"]', summary: 'a staff account for the web console (/admin); prints a one-time password', positionals: ['NAME'],
    options: { role: { type: 'string' }, name: { type: 'string' } },
    run: async (c, v, p) => (await import('./commands/staff.ts')).staff(c, ['add', p[0]!, ...(typeof v.role === 'string' ? ['--role', v.role] : []), ...(typeof v.name === 'string' ? ['--name', v.name] : [])]),
  },
  { words: ['staff', 'list'], summary: 'the console accounts and their state', run: async (c) => (await import('./commands/staff.ts')).staff(c, ['list']) },
  { words: ['staff', 'reset'], args: 'NAME', summary: 'a new one-time password (unlocks the account, signs it out)', positionals: ['NAME'], run: async (c, _v, p) => (await import('./commands/staff.ts')).staff(c, ['reset', p[0]!]) },
  { words: ['staff', 'disable'], args: 'NAME', summary: 'stop an account signing in', positionals: ['NAME'], run: async (c, _v, p) => (await import('./commands/staff.ts')).staff(c, ['disable', p[0]!]) },
  { words: ['staff', 'enable'], args: 'NAME', summary: 'let a disabled account sign in again', positionals: ['NAME'], run: async (c, _v, p) => (await import('./commands/staff.ts')).staff(c, ['enable', p[0]!]) },
  { words: ['purge'], summary: 'delete message-log rows older than MESSAGE_LOG_DAYS', run: async (c) => (await import('./commands/purge.ts')).purge(c) },
  {
    words: ['bench'], args: '[nlu|core|alerts|delivery|import|startup|peer] [--users N] [--warmup N] [--runs N]', summary: 'measure speed (see README)', positionals: ['PART?', 'ARG?'],
    details: 'peer: the BuilderBot peer workload (../shared/peer-builderbot) through Pasker, BuilderBot in the same run when installed; --users, --warmup, --runs apply to it.',
    options: { users: { type: 'string' }, warmup: { type: 'string' }, runs: { type: 'string' } },
    run: async (_c, v, p) => (await import('../bench/run.ts')).bench(p, { users: typeof v.users === 'string' ? v.users : undefined, warmup: typeof v.warmup === 'string' ? v.warmup : undefined, runs: typeof v.runs === 'string' ? v.runs : undefined }),
  },
];

function usageLine(c: Command): string {
  return `pasker ${c.words.join(' ')}${c.args ? ` ${c.args}` : ''}`;
}

function overview(commands = COMMANDS): string {
  const lines = commands.map((c) => {
    const u = usageLine(c).slice('pasker '.length);
    return u.length < 34 ? `  ${u.padEnd(34)}${c.summary}` : `  ${u}\n  ${''.padEnd(34)}${c.summary}`;
  });
  return `Usage: pasker <command> [options]   (pasker <command> --help for one command)\n\n${lines.join('\n')}\n\nExit codes: 0 ok, 1 failed, 2 refused input. LOG_LEVEL=debug adds the stack of an error.\n`;
}

function commandHelp(c: Command): string {
  const flags = Object.entries(c.options ?? {}).map(([name, o]) => `  --${name}${o.type === 'string' ? ' VALUE' : ''}`);
  return `Usage: ${usageLine(c)}\n\n${c.summary}\n${c.details ? `\n${c.details}\n` : ''}${flags.length ? `\nOptions:\n${flags.join('\n')}\n  --help\n` : '\nOptions:\n  --help\n'}`;
}

/** A flag that needs a value: missing or empty is refused with what to write. */
function requiredValue(v: string | boolean | undefined, flag: string, what: string, fallback?: string): string {
  if (v === undefined && fallback !== undefined) return fallback;
  if (typeof v !== 'string' || !v.trim()) throw new InputError(`${flag} needs a value: ${what}`);
  return v.trim();
}

function broadcastId(text: string): number {
  if (!/^\d+$/.test(text)) throw new InputError(`broadcast id must be a number, as "pasker broadcast list" shows it (got "${text}")`);
  return Number(text);
}

/** Finds the command that `argv` names; null with what to print when it names none. */
function findCommand(argv: string[]): { command: Command; rest: string[] } | { help: string; code: number } {
  // Command words come first, before any flag.
  const lead = argv.findIndex((a) => a.startsWith('-'));
  const words = lead < 0 ? argv : argv.slice(0, lead);
  let best: Command | null = null;
  for (const c of COMMANDS) if (c.words.every((w, i) => words[i] === w) && (!best || c.words.length > best.words.length)) best = c;
  if (best) return { command: best, rest: argv.slice(best.words.length) };
  const asksHelp = argv.includes('--help') || argv.includes('-h') || argv[0] === 'help';
  const group = COMMANDS.filter((c) => c.words.length > 1 && c.words[0] === words[0]);
  if (group.length) {
    const unknown = words[1] ? `pasker ${words[0]}: unknown command "${words[1]}"\n\n` : '';
    return { help: `${unknown}Usage:\n${group.map((c) => `  ${usageLine(c)}\n      ${c.summary}`).join('\n')}\n`, code: asksHelp && !words[1] ? EXIT.ok : EXIT.refused };
  }
  if (!argv.length) return { help: overview(), code: EXIT.refused };
  if (asksHelp && (!words.length || words[0] === 'help')) return { help: overview(), code: EXIT.ok };
  // The names only, so the refusal stays short however many commands there are; --help explains each.
  const names = [...new Set(COMMANDS.map((c) => c.words[0]!))].join(', ');
  return { help: `pasker: unknown command "${words[0] ?? argv[0]}"\ncommands: ${names}\nsee pasker --help for what each does, or pasker COMMAND --help\n`, code: EXIT.refused };
}

async function main(argv: string[]): Promise<number> {
  const found = findCommand(argv);
  if ('help' in found) {
    (found.code === EXIT.ok ? process.stdout : process.stderr).write(found.help);
    return found.code;
  }
  const { command, rest } = found;
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({ args: rest, options: { ...command.options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true }) as typeof parsed;
  } catch (err) {
    throw new InputError(`${usageLine(command).split(' ').slice(0, 1 + command.words.length).join(' ')}: ${parseArgsProblem(err)}; see pasker ${command.words.join(' ')} --help`);
  }
  if (parsed.values.help) {
    process.stdout.write(commandHelp(command));
    return EXIT.ok;
  }
  const names = command.positionals ?? [];
  const needed = names.filter((n) => !n.endsWith('?')).length;
  const name = `pasker ${command.words.join(' ')}`;
  if (parsed.positionals.length < needed) throw new InputError(`${name}: ${names[parsed.positionals.length]} is missing; usage: ${usageLine(command)}`);
  if (parsed.positionals.length > names.length) throw new InputError(`${name}: unexpected "${parsed.positionals[names.length]}"; usage: ${usageLine(command)}`);
  if (command.settings === false) return command.run(null as unknown as Config, parsed.values, parsed.positionals);
  loadDotEnv();
  return command.run(loadConfig(), parsed.values, parsed.positionals);
}

function parseArgsProblem(err: unknown): string {
  const e = err as { code?: string; message?: string };
  const flag = /'(-[^' ]+)/.exec(e.message ?? '')?.[1];
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${flag ?? ''}`.trim();
  if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return /argument missing/.test(e.message ?? '') ? `${flag ?? 'the option'} needs a value` : `${flag ?? 'an option'} takes no value`;
  return e.message ?? String(err);
}

function loadDotEnv(): void {
  try {
    process.loadEnvFile?.('.env');
  } catch {
    // No .env file: settings come from the environment only.
  }
}

/** Writes the one-line message for a failure (the stack too with LOG_LEVEL=debug) and returns its exit code. */
function report(err: unknown): number {
  const debug = (process.env.LOG_LEVEL ?? '').toLowerCase() === 'debug';
  let shown: Error & { exitCode?: number } = err as Error;
  if (!(err instanceof InputError || err instanceof ServiceError || err instanceof ConfigError || err instanceof ContentError)) shown = explainError(err) ?? (err as Error);
  const known = shown instanceof InputError || shown instanceof ServiceError || shown instanceof ConfigError || shown instanceof ContentError;
  const message = shown instanceof Error ? shown.message : String(shown);
  process.stderr.write(`${known ? '' : 'pasker: unexpected error: '}${message}\n`);
  if (!known && !debug) process.stderr.write('(run again with LOG_LEVEL=debug for the details)\n');
  if (debug && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  return shown instanceof InputError ? EXIT.refused : EXIT.failed;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.exitCode = report(err);
  },
);
