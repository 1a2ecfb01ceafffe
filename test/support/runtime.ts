// A real Pasker runtime for tests: real database (SQLite file or PostgreSQL),
// real content files, real understanding. Only the clock can be set.

import path from 'node:path';
import { renderText } from '../../src/channels/render-text.ts';
import { createRuntime, type Runtime } from '../../src/app/runtime.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import type { Reply } from '../../src/core/types.ts';
import { silentLogger, type Logger } from '../../src/log.ts';

// One model cache for all test files, so the classifier trains once.
const CACHE_DIR = path.resolve('data/test-cache');

export function testConfig(databaseUrl: string, overrides: Record<string, string> = {}): Config {
  return loadConfig({ DATABASE_URL: databaseUrl, DATA_DIR: CACHE_DIR, LOAD_SAMPLE_DATA: '0', ...overrides });
}

export async function startRuntime(databaseUrl: string, overrides: Record<string, string> = {}, log: Logger = silentLogger): Promise<Runtime> {
  return createRuntime(testConfig(databaseUrl, overrides), log);
}

/** A person chatting on the terminal channel; `say` returns the replies as the person reads them. */
export function person(runtime: Runtime, userId = `user-${Math.random().toString(36).slice(2)}`, channel: 'terminal' | 'telegram' | 'whatsapp' = 'terminal') {
  return {
    userId,
    async say(text: string, at?: Date): Promise<string> {
      const replies = await runtime.conversations.handle({ channel, userId, text, ...(at ? { at } : {}) });
      return replies.map(renderText).join('\n\n');
    },
    async replies(text: string): Promise<Reply[]> {
      return runtime.conversations.handle({ channel, userId, text });
    },
  };
}
