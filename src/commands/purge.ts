// `pasker purge`: deletes message-log rows older than MESSAGE_LOG_DAYS.

import { prepareDatabase } from '../app/runtime.ts';
import { checkServices } from '../app/startup-checks.ts';
import type { Config } from '../config.ts';
import { purgeMessageLog } from '../db/conversations.ts';
import { createLogger } from '../log.ts';

export async function purge(config: Config): Promise<number> {
  const log = createLogger('warn', undefined, config.LOG_FILE);
  await checkServices(config, log, { channels: false });
  const db = await prepareDatabase(config, log);
  try {
    const removed = await purgeMessageLog(db, config.MESSAGE_LOG_DAYS, new Date());
    process.stdout.write(`message log: ${removed} rows older than ${config.MESSAGE_LOG_DAYS} days deleted\n`);
    return 0;
  } finally {
    await db.$disconnect();
  }
}
