// The `pasker` command: every way to run or operate Pasker. Each subcommand
// lives in src/commands/; this file only reads the settings and dispatches.

import { loadConfig, ConfigError } from './config.ts';
import { ContentError } from './core/messages.ts';

const USAGE = `Usage: pasker <command>

  start                         run the bot: every channel whose settings are set,
                                or a chat in this terminal when none is
  chat [--user ID] [--json]     read one message per line from standard input and
                                print the bot's replies (for scripts and tests)
  nlu                           read messages from standard input, print what each
                                means as one JSON line (../shared/nlu-contract.md)
  eval nlu FILE.jsonl           score understanding against a labelled file
  import vacancies FILE         import vacancies from a .csv or .json file
  import samples                load (or refresh) the sample vacancies
  db migrate                    apply pending database migrations
  db status                     list pending database migrations
  db schemas                    write prisma/*/schema.prisma from prisma/models.prisma
  db new-migration NAME         after editing prisma/models.prisma: write the
                                migrations for both databases (developers)
  alerts run [--plan-only]      plan the daily digest now and send it
  worker                        deliver queued messages (digests, alerts, broadcasts) only
  broadcast send --text TEXT [--to SEGMENT] [--yes] [--by NAME]
                                send an announcement to subscribers (asks first)
  broadcast status ID | cancel ID | list
  flows check [DIR]             check the content files (messages, office, region, guides)
  funnel                        how many people started, reached and finished each guide step
  inbox                         people waiting for staff, and recent feedback
  staff add NAME --role admin|reviewer|petugas [--name "Bu Sari"]
                                a staff account for the web console (/admin);
                                prints a one-time password
  staff list | reset NAME | disable NAME | enable NAME
  purge                         delete message-log rows older than MESSAGE_LOG_DAYS
  bench                         measure speed (see README)
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(USAGE);
    return command ? 0 : 1;
  }
  if (command === 'db' && rest[0] === 'schemas') return (await import('./commands/db.ts')).writeSchemas();
  if (command === 'db' && rest[0] === 'new-migration' && rest[1]) return (await import('./commands/db.ts')).newMigration(rest[1]);
  try {
    process.loadEnvFile?.('.env');
  } catch {
    // No .env file: settings come from the environment only.
  }
  const config = loadConfig();
  switch (command) {
    case 'start':
      return (await import('./commands/start.ts')).start(config);
    case 'chat':
      return (await import('./commands/chat.ts')).chat(config, rest);
    case 'nlu':
      return (await import('./commands/nlu.ts')).nlu(config);
    case 'eval':
      if (rest[0] === 'nlu' && rest[1]) return (await import('./commands/eval-nlu.ts')).evalNlu(config, rest[1]);
      break;
    case 'import':
      if (rest[0] === 'vacancies' && rest[1]) return (await import('./commands/import.ts')).importVacancies(config, rest[1]);
      if (rest[0] === 'samples') return (await import('./commands/import.ts')).importSamples(config);
      break;
    case 'db':
      if (rest[0] === 'migrate') return (await import('./commands/db.ts')).migrateCommand(config);
      if (rest[0] === 'status') return (await import('./commands/db.ts')).statusCommand(config);
      break;
    case 'alerts':
      if (rest[0] === 'run') return (await import('./commands/alerts.ts')).alertsRun(config, rest.slice(1));
      break;
    case 'worker':
      return (await import('./commands/alerts.ts')).worker(config);
    case 'broadcast':
      return (await import('./commands/broadcast.ts')).broadcast(config, rest);
    case 'flows':
      if (rest[0] === 'check') return (await import('./commands/flows.ts')).flowsCheck(config, rest[1]);
      break;
    case 'inbox':
      return (await import('./commands/inbox.ts')).inbox(config);
    case 'staff':
      return (await import('./commands/staff.ts')).staff(config, rest);
    case 'funnel':
      return (await import('./commands/flows.ts')).funnel(config);
    case 'purge':
      return (await import('./commands/purge.ts')).purge(config);
    case 'bench':
      return (await import('../bench/run.ts')).bench(rest);
  }
  process.stderr.write(`pasker: unknown command "${argv.join(' ')}"\n\n${USAGE}`);
  return 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof ConfigError || err instanceof ContentError) process.stderr.write(`${err.message}\n`);
    else process.stderr.write(`pasker: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
