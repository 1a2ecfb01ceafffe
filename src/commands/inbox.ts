// `pasker inbox`: people waiting for staff (hand-overs) and recent feedback.

import { createRuntime } from '../app/runtime.ts';
import { checkServices } from '../app/startup-checks.ts';
import type { Config } from '../config.ts';
import { createLogger } from '../log.ts';

export async function inbox(config: Config): Promise<number> {
  const log = createLogger('warn', undefined, config.LOG_FILE);
  await checkServices(config, log, { channels: false });
  const runtime = await createRuntime({ ...config, LOAD_SAMPLE_DATA: false }, log);
  try {
    const waiting = await runtime.db.conversation.findMany({ where: { status: { in: ['pending', 'open'] } }, include: { contact: true }, orderBy: { updatedAt: 'asc' } });
    process.stdout.write(`waiting for staff: ${waiting.length}\n`);
    for (const c of waiting) {
      const last = await runtime.db.messageLog.findFirst({ where: { contactId: c.contactId, direction: 'in' }, orderBy: { id: 'desc' } });
      process.stdout.write(`  ${c.contact.channel}:${c.contact.externalId}  ${c.status}  since ${c.updatedAt.toISOString()}  "${last?.text ?? ''}"\n`);
    }
    const feedback = await runtime.db.messageLog.findMany({ where: { intent: 'feedback', direction: 'in' }, include: { contact: true }, orderBy: { id: 'desc' }, take: 20 });
    process.stdout.write(`recent feedback: ${feedback.length}\n`);
    for (const f of feedback) process.stdout.write(`  ${f.createdAt.toISOString()}  ${f.contact.channel}:${f.contact.externalId}  "${f.text}"\n`);
    return 0;
  } finally {
    await runtime.close();
  }
}
