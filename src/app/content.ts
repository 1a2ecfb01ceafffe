// Loads the content files (messages, office facts, region, word lists) that
// the core and understanding read, checking each and naming file and line
// when something is wrong.

import fs from 'node:fs';
import { isMap, isScalar, LineCounter, parse as parseYaml, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import type { Config } from '../config.ts';
import type { OfficeInfo } from '../core/dialogue.ts';
import { buildWords, WORD_LISTS, type WordList, type Words } from '../core/words.ts';
import { loadJobWords, type JobWords } from '../domain/job-words.ts';
import { loadRegion, type Region } from '../domain/region.ts';
import { loadCorpus } from '../nlu/classifier.ts';
import { loadSlang, loadWordList } from '../nlu/lexicon.ts';
import type { NluResources } from '../nlu/understand.ts';
import type { GuideBook } from '../core/guide-types.ts';
import type { Faq } from '../llm/knowledge.ts';
import { checkCatalogue, ContentError, type Catalogue } from '../core/messages.ts';
import { guidePlaceholders, LIMITS, lineOf, loadGuides, readYaml, type Problem } from './guides.ts';
import { loadServiceWords, type ServiceWords } from './service-words.ts';
import { DestructiveLexicon } from '../nlu/destructive.ts';

/** Reads and checks flows/messages.yaml (the dialogue core's messages; the `app:` section is read by loadAppMessages). */
export function loadCatalogue(file = 'flows/messages.yaml'): Catalogue {
  const { core, lineCounter } = splitAppSection(fs.readFileSync(file, 'utf8'));
  return checkCatalogue(core, lineCounter, file);
}

/** What the app layer itself says to people (not the dialogue core), from the `app:` section of flows/messages.yaml. */
export interface AppMessages {
  /** A turn took longer than TURN_TIMEOUT_SECONDS: ask the person to try again shortly. */
  busy: string;
}

const APP_MESSAGE_KEYS: Array<keyof AppMessages> = ['busy'];

/** Reads and checks the `app:` section of flows/messages.yaml. */
export function loadAppMessages(file = 'flows/messages.yaml'): AppMessages {
  const { app, line } = splitAppSection(fs.readFileSync(file, 'utf8'));
  const problems: Array<{ file: string; line: number; problem: string }> = [];
  const values = (app && typeof app === 'object' ? app : {}) as Record<string, unknown>;
  for (const key of APP_MESSAGE_KEYS) {
    if (typeof values[key] !== 'string' || !(values[key] as string).trim()) problems.push({ file, line: line || 1, problem: `message "app.${key}" is missing or empty` });
  }
  for (const key of Object.keys(values)) if (!(APP_MESSAGE_KEYS as string[]).includes(key)) problems.push({ file, line, problem: `"app.${key}" is not a message the bot uses (a typo?)` });
  if (problems.length) throw new ContentError(problems);
  return { busy: String(values.busy) };
}

// The file is parsed once (it is the largest content file) and the `app:` section taken out of
// the document the core's catalogue checks; the line counter still names the file's own lines.
// The catalogue and the app messages both read flows/messages.yaml at start-up: the last file's split is kept.
interface Split {
  /** The document without its `app:` section (only read after the split). */
  core: Document;
  lineCounter: LineCounter;
  app: unknown;
  line: number;
}
let lastSplit: { text: string; result: Split } | null = null;

function splitAppSection(text: string): Split {
  if (lastSplit?.text === text) return { ...lastSplit.result, app: structuredClone(lastSplit.result.app) };
  const result = splitAppSectionNow(text);
  lastSplit = { text, result: { ...result, app: structuredClone(result.app) } };
  return result;
}

function splitAppSectionNow(text: string): Split {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  if (!isMap(doc.contents)) return { core: doc, lineCounter, app: null, line: 0 };
  const items = doc.contents.items;
  const index = items.findIndex((p) => isScalar(p.key) && p.key.value === 'app');
  const pair = items[index];
  const start = pair && isScalar(pair.key) ? pair.key.range?.[0] : undefined;
  if (!pair?.value || start === undefined) return { core: doc, lineCounter, app: null, line: 0 };
  const app = (pair.value as { toJSON(): unknown }).toJSON();
  items.splice(index, 1);
  return { core: doc, lineCounter, app, line: lineCounter.linePos(start).line };
}

const officeSchema = z.object({
  name: z.string().min(1),
  location: z.string().nullable().default(null),
  address: z.string().nullable().default(null),
  hours: z.string().nullable().default(null),
  phone: z.string().nullable().default(null),
  whatsapp: z.string().nullable().default(null),
  email: z.string().nullable().default(null),
  instagram: z.string().nullable().default(null),
  website: z.string().nullable().default(null),
  map_url: z.string().nullable().default(null),
  training_note: z.string().nullable().default(null),
});

/** Office facts from flows/office.yaml, with OFFICE_* settings taking precedence. */
export function loadOffice(config: Config, file = 'flows/office.yaml'): OfficeInfo {
  const parsed = officeSchema.safeParse(parseYaml(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const o = parsed.data;
  return {
    name: config.OFFICE_NAME ?? o.name,
    location: o.location,
    address: config.OFFICE_ADDRESS ?? o.address,
    hours: config.OFFICE_HOURS ?? o.hours,
    phone: config.OFFICE_PHONE ?? o.phone,
    whatsapp: config.OFFICE_WHATSAPP ?? o.whatsapp,
    email: config.OFFICE_EMAIL ?? o.email,
    instagram: config.OFFICE_INSTAGRAM ?? o.instagram,
    website: config.OFFICE_WEBSITE ?? o.website,
    mapUrl: config.OFFICE_MAP_URL ?? o.map_url,
    trainingNote: o.training_note,
    industrial: { place: config.INDUSTRIAL_RELATIONS_PLACE, hours: config.INDUSTRIAL_RELATIONS_HOURS, bring: config.INDUSTRIAL_RELATIONS_BRING },
  };
}

const wordsSchema = z.strictObject(Object.fromEntries(WORD_LISTS.map((k) => [k, z.array(z.union([z.string(), z.number()]).transform(String)).min(1)])) as unknown as Record<WordList, z.ZodType<string[]>>);

/** Reads and checks flows/words.yaml (the words the dialogue reads answers with). */
export function loadWords(file = 'flows/words.yaml'): Words {
  const parsed = wordsSchema.safeParse(parseYaml(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'file'}: ${i.message}`).join('; ')}`);
  return buildWords(parsed.data as Record<WordList, string[]>);
}

const faqText = z.string().trim().min(1, 'must not be empty').max(LIMITS.message, `is longer than ${LIMITS.message} characters`);
const faqSchema = z.strictObject({
  not_known: faqText,
  entries: z
    .array(
      z.strictObject({
        id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lower-case words joined by "-"'),
        questions: z.array(z.string().trim().min(3, 'is too short to be a question')).min(2, 'needs at least 2 ways of asking'),
        answer: faqText,
        source: z.string().regex(/^https?:\/\/\S+(,\s*https?:\/\/\S+)*$/, 'must be the address(es) the fact comes from (from ../shared/domain.md), separated by commas'),
      }),
    )
    .min(1, 'needs at least one entry'),
});

/** Reads and checks flows/faq.yaml; throws ContentError naming the line of every problem. */
export function loadFaq(file = 'flows/faq.yaml'): Faq {
  const problems: Problem[] = [];
  const read = readYaml(file, problems);
  if (!read) throw new ContentError(problems);
  const parsed = faqSchema.safeParse(read.data);
  if (!parsed.success) {
    throw new ContentError(parsed.error.issues.map((i) => ({ file, line: lineOf(read.doc, read.lineCounter, i.path), problem: `${i.path.join('.') || 'file'} ${i.message}` })));
  }
  const seen = new Set<string>();
  parsed.data.entries.forEach((e, i) => {
    if (seen.has(e.id)) problems.push({ file, line: lineOf(read.doc, read.lineCounter, ['entries', i, 'id']), problem: `id "${e.id}" is used twice` });
    seen.add(e.id);
    // The answer is said as written: a {placeholder} would reach the person unfilled.
    if (/\{\w+\}/.test(e.answer)) problems.push({ file, line: lineOf(read.doc, read.lineCounter, ['entries', i, 'answer']), problem: 'answer must not use {placeholders}: office details come from flows/office.yaml' });
  });
  if (problems.length) throw new ContentError(problems);
  return { notKnown: parsed.data.not_known, entries: parsed.data.entries };
}

export interface Content {
  region: Region;
  jobs: JobWords;
  messages: Catalogue;
  /** What the service says around the dialogue (flows/service.yaml). */
  service: ServiceWords;
  /** What the app layer says (flows/messages.yaml, `app:`). */
  app: AppMessages;
  words: Words;
  office: OfficeInfo;
  guides: GuideBook;
  /** flows/faq.yaml: what the optional assistant may answer from. */
  faq: Faq;
  nlu: NluResources;
}

/** Everything the dialogue reads, for the configured region. */
export async function loadContent(config: Config): Promise<Content> {
  const region = await loadRegion(config.REGION_CODE, config.REGION_ALIASES ?? undefined);
  const jobs = loadJobWords();
  const office = loadOffice(config);
  return {
    region,
    jobs,
    messages: loadCatalogue(),
    service: loadServiceWords(),
    app: loadAppMessages(),
    words: loadWords(),
    office,
    guides: loadGuides('flows/guides', guidePlaceholders(office, config.SIPKERJA_URL)),
    faq: loadFaq(),
    nlu: { region, jobs, slang: loadSlang(), stopwords: loadWordList('nlu/lexicon/stopwords.txt'), corpus: loadCorpus(), destructive: DestructiveLexicon.load() },
  };
}
