// Loads the content files (messages, office facts, region, word lists) that
// the core and understanding read, checking each and naming file and line
// when something is wrong.

import fs from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { Config } from '../config.ts';
import type { OfficeInfo } from '../core/dialogue.ts';
import { buildWords, WORD_LISTS, type WordList, type Words } from '../core/words.ts';
import { parseCatalogue, type Catalogue } from '../core/messages.ts';
import { loadJobWords, type JobWords } from '../domain/job-words.ts';
import { loadRegion, type Region } from '../domain/region.ts';
import { loadCorpus } from '../nlu/classifier.ts';
import { loadSlang, loadWordList } from '../nlu/lexicon.ts';
import type { NluResources } from '../nlu/understand.ts';
import type { GuideBook } from '../core/guide-types.ts';
import { guidePlaceholders, loadGuides } from './guides.ts';
import { loadServiceWords, type ServiceWords } from './service-words.ts';

/** Reads and checks flows/messages.yaml. */
export function loadCatalogue(file = 'flows/messages.yaml'): Catalogue {
  return parseCatalogue(fs.readFileSync(file, 'utf8'), file);
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
  };
}

const wordsSchema = z.strictObject(Object.fromEntries(WORD_LISTS.map((k) => [k, z.array(z.union([z.string(), z.number()]).transform(String)).min(1)])) as unknown as Record<WordList, z.ZodType<string[]>>);

/** Reads and checks flows/words.yaml (the words the dialogue reads answers with). */
export function loadWords(file = 'flows/words.yaml'): Words {
  const parsed = wordsSchema.safeParse(parseYaml(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'file'}: ${i.message}`).join('; ')}`);
  return buildWords(parsed.data as Record<WordList, string[]>);
}

export interface Content {
  region: Region;
  jobs: JobWords;
  messages: Catalogue;
  /** What the service says around the dialogue (flows/service.yaml). */
  service: ServiceWords;
  words: Words;
  office: OfficeInfo;
  guides: GuideBook;
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
    words: loadWords(),
    office,
    guides: loadGuides('flows/guides', guidePlaceholders(office, config.SIPKERJA_URL)),
    nlu: { region, jobs, slang: loadSlang(), stopwords: loadWordList('nlu/lexicon/stopwords.txt'), corpus: loadCorpus() },
  };
}
