// Builds a running Pasker from the settings: database migrated (and seeded
// with samples when empty), content checked, understanding trained, and the
// conversation service ready for channels.

import { digestTime, llmSettings, quietHoursText, type Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import { openConversationStore, type ConversationStore } from '../db/conversations.ts';
import type { Assistant } from '../llm/assistant.ts';
import type { LlmHealth } from '../llm/call-meter.ts';
import type { Logger } from '../log.ts';
import { Understander } from '../nlu/understand.ts';
import { loadContent, type Content } from './content.ts';
import { prepareDatabase } from './database.ts';
import { Conversations } from './conversations.ts';
import { VacancyCatalog } from './vacancy-catalog.ts';
import { loadSamplesIfEmpty } from './vacancy-files.ts';
import { loadServiceSamplesIfEmpty, ServiceCatalog } from './service-files.ts';

export interface Runtime {
  config: Config;
  db: Db;
  /** The per-message conversation store (fast path on SQLite). */
  store: ConversationStore;
  content: Content;
  /** The rules' understanding (what the dialogue uses when the language model is off). */
  understander: Understander;
  /**
   * Grounded answers to free questions from Pasker's own knowledge; null when
   * the language model is off (LLM_* unset). See Assistant.answer for when it
   * returns null.
   */
  assistant: Assistant | null;
  /** The language model's counts for /healthz; null when it is off. */
  llm: { health(): LlmHealth } | null;
  catalog: VacancyCatalog;
  /** Job fairs and training programmes (reload after an import: invalidate()). */
  services: ServiceCatalog;
  conversations: Conversations;
  close(): Promise<void>;
}

// Here too for the commands that import it from the runtime.
export { prepareDatabase };

/** Everything needed to answer messages. */
export async function createRuntime(config: Config, log: Logger): Promise<Runtime> {
  const [db, content] = await Promise.all([prepareDatabase(config, log), loadContent(config)]);
  try {
    const [understander] = await Promise.all([
      Understander.create(content.nlu, { cacheDir: config.DATA_DIR }),
      config.LOAD_SAMPLE_DATA
        ? loadSamplesIfEmpty(db, { region: content.region, timeZone: config.TIMEZONE }).then((r) => {
            if (r) log.info('sample vacancies loaded into the empty database', { created: r.created, refused: r.errors.length });
          }).then(() => loadServiceSamplesIfEmpty(db, { region: content.region, timeZone: config.TIMEZONE }))
        : Promise.resolve(),
    ]);
    const catalog = new VacancyCatalog(db, content.jobs, config.TIMEZONE);
    await catalog.current();
    const services = new ServiceCatalog(db);
    const store = openConversationStore(config.DATABASE_URL, log);
    // The language model only when LLM_* are set; its module (and LangChain) is not even loaded otherwise.
    const settings = llmSettings(config);
    const modelPath = settings ? (await import('../llm/model-path.ts')).createModelPath(settings, content, understander, log, { sipkerjaUrl: config.SIPKERJA_URL }) : null;
    const conversations = new Conversations(store, content, modelPath?.understander ?? understander, catalog, log, {
      keepLog: config.MESSAGE_LOG_DAYS > 0, timeZone: config.TIMEZONE, digestTime: digestTime(config), quietHours: quietHoursText(config), reviewTime: config.REPORT_REVIEW_TIME, services, assistant: modelPath?.assistant ?? null,
      turnTimeoutMs: config.TURN_TIMEOUT_SECONDS * 1000,
    });
    // Staff console accounts answer hand-overs, whichever process serves the console.
    conversations.console = config.WEB_CONSOLE;
    return {
      config, db, store, content, understander, catalog, services, conversations,
      assistant: modelPath?.assistant ?? null,
      llm: modelPath ? { health: () => modelPath.health() } : null,
      async close() {
        await store.close();
        await db.$disconnect();
      },
    };
  } catch (err) {
    await db.$disconnect();
    throw err;
  }
}
