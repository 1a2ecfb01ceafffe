// Pasker's own knowledge as passages a model may answer from: office facts,
// the step-by-step guides and the staff-edited FAQ. Other tables (job fairs,
// training programmes) plug in as further KnowledgeSources.

import type { OfficeInfo } from '../core/dialogue.ts';
import type { GuideBook } from '../core/guide-types.ts';

/** One fact text the assistant may retrieve and a model may answer from. */
export interface Passage {
  /** Stable id staff can look up: "faq:ak1-gratis", "guide:ak1/siapkan-dokumen", "office:location". */
  id: string;
  /** A few words saying what it is about (shown to the model with the text). */
  title: string;
  /** The facts themselves: the only text a model's answer is checked against. */
  text: string;
  /** How people ask for it (FAQ question forms); they help retrieval but are never facts. */
  questions: string[];
}

/**
 * A pluggable store of passages. `passages()` is called before each answer,
 * so a source backed by a table (job fairs, training) may return what is
 * current; a source that fails is skipped for that answer.
 */
export interface KnowledgeSource {
  /** The source's name in logs ("faq", "guides", "office", "events"). */
  readonly name: string;
  passages(): Passage[] | Promise<Passage[]>;
}

/** A source whose passages never change while the process runs. */
export function staticSource(name: string, passages: Passage[]): KnowledgeSource {
  return { name, passages: () => passages };
}

/** One FAQ entry of flows/faq.yaml. */
export interface FaqEntry {
  id: string;
  questions: string[];
  answer: string;
  /** Where the fact comes from (a URL from ../shared/domain.md), for staff. */
  source: string;
}

/** The FAQ file: its entries and the sentences the assistant says itself. */
export interface Faq {
  entries: FaqEntry[];
  /** Said when the data holds no answer (or a model's answer was dropped). */
  notKnown: string;
}

export function faqSource(faq: Faq): KnowledgeSource {
  return staticSource(
    'faq',
    faq.entries.map((e) => ({ id: `faq:${e.id}`, title: e.questions[0]!, text: e.answer.trim(), questions: e.questions })),
  );
}

/** Every step, branch tip, introduction and ending of the guides (placeholders already filled from settings). */
export function guideSource(book: GuideBook): KnowledgeSource {
  const out: Passage[] = [];
  const seenBranches = new Set<string>();
  for (const g of book.guides) {
    out.push({ id: `guide:${g.id}/intro`, title: g.title, text: g.intro, questions: [] });
    for (const s of g.steps) out.push({ id: `guide:${g.id}/${s.id}`, title: g.title, text: s.text, questions: [] });
    out.push({ id: `guide:${g.id}/done`, title: g.title, text: g.done, questions: [] });
    for (const b of Object.values(g.branches)) {
      const owner = book.shared[b.id] ? '_shared' : g.id;
      if (seenBranches.has(`${owner}/${b.id}`)) continue;
      seenBranches.add(`${owner}/${b.id}`);
      out.push({ id: `guide:${owner}/${b.id}`, title: b.title, text: b.steps.map((s) => s.text.trim()).join('\n'), questions: [b.title, ...b.match.map((words) => words.join(' '))] });
    }
  }
  return staticSource('guides', out.filter((p) => p.text.trim()));
}

/** The office facts that are set (flows/office.yaml and OFFICE_* settings); unset ones are simply absent. */
export function officeSource(office: OfficeInfo, sipkerjaUrl: string | null): KnowledgeSource {
  const facts: Array<[string, string, string | null, string[]]> = [
    ['location', 'Letak kantor', office.location && `${office.name} ada di ${office.location}.`, ['kantor disnaker dimana', 'lokasi kantor']],
    ['address', 'Alamat kantor', office.address && `Alamat ${office.name}: ${office.address}.`, ['alamat kantor disnaker']],
    ['hours', 'Jam buka kantor', office.hours && `Jam buka ${office.name}: ${office.hours}.`, ['jam buka kantor', 'kantor buka jam berapa']],
    ['phone', 'Telepon kantor', office.phone && `Telepon ${office.name}: ${office.phone}.`, ['nomor telepon kantor']],
    ['whatsapp', 'WhatsApp kantor', office.whatsapp && `WhatsApp ${office.name}: ${office.whatsapp}.`, ['nomor wa kantor']],
    ['email', 'Email kantor', office.email && `Email ${office.name}: ${office.email}.`, ['email kantor']],
    ['instagram', 'Instagram kantor', office.instagram && `Instagram ${office.name}: ${office.instagram}.`, ['instagram disnaker']],
    ['website', 'Situs kantor', office.website && `Situs ${office.name}: ${office.website}.`, ['website disnaker']],
    ['sipkerja', 'Situs SIP-Kerja', sipkerjaUrl && `Situs SIP-Kerja: ${sipkerjaUrl}.`, ['alamat situs sip kerja']],
    ['training', 'Pelatihan kerja', office.trainingNote, ['tempat pelatihan kerja', 'blk dimana']],
  ];
  return staticSource(
    'office',
    facts.flatMap(([id, title, text, questions]) => (text ? [{ id: `office:${id}`, title, text, questions }] : [])),
  );
}
