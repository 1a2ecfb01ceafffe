// What Pasker asks a model, word for word: the instructions and JSON schemas
// of the two structured calls (understanding a message, answering a question
// from retrieved passages). Only the person's redacted message and Pasker's
// own texts are in them; never a name, a number or an earlier message.

import { EDUCATION_LEVELS } from '../domain/education.ts';
import { PLATFORMS, type Intent } from '../nlu/types.ts';
import type { Passage } from './knowledge.ts';

/** The intents a model may return. Never `unsubscribe` or `delete_my_data`: a guess must not stop alerts or erase data. */
export const MODEL_INTENTS = [
  'search_vacancies', 'registration_help', 'subscribe', 'report_vacancy', 'job_fair', 'training',
  'office_info', 'human_handoff', 'greeting', 'thanks', 'help_menu', 'feedback', 'out_of_scope',
] as const satisfies readonly Intent[];

const INTENT_MEANINGS: Record<(typeof MODEL_INTENTS)[number], string> = {
  search_vacancies: 'wants to find or asks about job vacancies (lowongan, loker)',
  registration_help: 'needs help registering or logging in on SIAPkerja, Karirhub or SIP-Kerja, or getting the job-seeker card (kartu kuning, AK/1)',
  subscribe: 'wants to receive vacancy alerts',
  report_vacancy: 'is an employer who wants to report or post a vacancy',
  job_fair: 'asks about job fairs or recruitment events',
  training: 'asks about job training or skills programmes (pelatihan, BLK)',
  office_info: "asks about the labour office (Disnaker): address, hours, contact, services",
  human_handoff: 'wants to talk to a person (petugas, admin, staff)',
  greeting: 'only says hello',
  thanks: 'thanks or says goodbye',
  help_menu: 'asks for the menu or what the bot can do',
  feedback: 'gives feedback or a complaint about the service',
  out_of_scope: 'anything else, or you are not sure',
};

export const UNDERSTANDING_FUNCTION = 'understanding';

/** The instructions for understanding one message. */
export function understandingSystem(regencyName: string, kecamatan: string[]): string {
  return [
    `You read one chat message sent to Pasker, the chatbot of the labour office (Disnaker) of ${regencyName}, Indonesia. Messages are informal Indonesian with slang and typos.`,
    `Give what the message means, as the ${UNDERSTANDING_FUNCTION} schema asks. Choose exactly one intent:`,
    ...MODEL_INTENTS.map((i) => `- ${i}: ${INTENT_MEANINGS[i]}`),
    'district: the kecamatan the message names, spelled as in this list, only when the message itself names it (a typo is fine); otherwise []. Never guess a kecamatan from a wider name such as "Cikarang", "Tambun" or "Bekasi".',
    `Kecamatan: ${kecamatan.join(', ')}.`,
    `education: the school level named (${EDUCATION_LEVELS.join(', ')}; SMK, MA, STM, SLTA and Paket C are SMA; "sarjana" is S1), else null.`,
    `platform: ${PLATFORMS.join(', ')} when named ("kartu kuning" is ak1), else null.`,
    'keyword: the job or field asked for, lower case, in the words of the message, else null.',
    'When unsure, use out_of_scope.',
  ].join('\n');
}

/** The message as the model sees it, with the topic of the conversation when there is one. */
export function understandingUser(message: string, topic: string | null): string {
  return topic ? `Topic of the conversation so far: ${topic}\nMessage: ${message}` : `Message: ${message}`;
}

/** JSON Schema of an understanding (strict mode: every property required, nothing else). */
export function understandingSchema(kecamatan: string[]): Record<string, unknown> {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['intent', 'district', 'education', 'platform', 'keyword'],
    properties: {
      intent: { type: 'string', enum: [...MODEL_INTENTS] },
      district: { type: 'array', items: { type: 'string', enum: kecamatan } },
      education: { type: ['string', 'null'], enum: [...EDUCATION_LEVELS, null] },
      platform: { type: ['string', 'null'], enum: [...PLATFORMS, null] },
      keyword: { type: ['string', 'null'] },
    },
  };
}

export const ANSWER_FUNCTION = 'answer';

/** The instructions for answering a question from the passages found for it. */
export function answerSystem(officeName: string, passages: Passage[]): string {
  return [
    `You answer questions for Pasker, the chatbot of ${officeName}, Indonesia. The people asking are job seekers, many with little schooling.`,
    'Use ONLY the facts below. If they do not answer the question, set known to false and answer to "".',
    'Never add a number, date, day, address, fee, phone number, web address, document, company, vacancy or requirement that the facts do not state, and never guess.',
    'Write in plain, short, polite everyday Indonesian, calling the person "Kak": at most 3 short sentences, no headings, no links the facts do not give.',
    'Never ask for a NIK, password or verification code.',
    'In used, list the ids of the facts your answer comes from.',
    '',
    'Facts:',
    ...passages.map((p) => `[${p.id}] (${p.title}) ${p.text.replace(/\s+/g, ' ').trim()}`),
  ].join('\n');
}

export function answerUser(question: string): string {
  return `Question: ${question}`;
}

/** JSON Schema of an answer. */
export function answerSchema(passageIds: string[]): Record<string, unknown> {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['known', 'answer', 'used'],
    properties: {
      known: { type: 'boolean' },
      answer: { type: 'string' },
      used: { type: 'array', items: { type: 'string', enum: passageIds } },
    },
  };
}
