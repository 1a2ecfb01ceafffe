// A whole Pasker process in the test: real database, real HTTP server on a
// free port, channels pointed at loopback fakes.

import { loadSampleVacancies } from '../../src/app/vacancy-files.ts';
import { startService, type Service } from '../../src/app/service.ts';
import type { ChannelOverrides } from '../../src/app/channels.ts';
import { silentLogger, type Logger } from '../../src/log.ts';
import { testConfig } from './runtime.ts';
import type { LearningFiles } from '../../src/web/learning.ts';

export async function startTestService(databaseUrl: string, settings: Record<string, string>, overrides: ChannelOverrides & { log?: Logger; fixtures?: boolean; learningFiles?: LearningFiles } = {}): Promise<Service> {
  const log = overrides.log ?? silentLogger;
  const config = testConfig(databaseUrl, { PORT: '0', ...settings });
  const service = await startService(config, log, { ...(overrides.whatsAppWebClient ? { whatsAppWebClient: overrides.whatsAppWebClient } : {}), ...(overrides.learningFiles ? { learningFiles: overrides.learningFiles } : {}), schedule: false });
  if (overrides.fixtures !== false) {
    await loadSampleVacancies(service.runtime.db, { region: service.runtime.content.region, timeZone: 'Asia/Jakarta', file: 'test/fixtures/vacancies.csv' });
    service.runtime.catalog.invalidate();
  }
  return service;
}
