// Loads the step-by-step guides from flows/guides/*.yaml and checks them:
// the schema, message lengths, that every reference leads somewhere, and that
// settings placeholders are known. Problems name the file and line.

import fs from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import { z } from 'zod';
import type { OfficeInfo } from '../core/dialogue.ts';
import type { Guide, GuideBook, GuideBranch } from '../core/guide-types.ts';
import { ContentError } from '../core/messages.ts';
import { fold } from '../domain/text.ts';
import { PLATFORMS } from '../nlu/types.ts';

export const LIMITS = { message: 300, check: 120, title: 40, problems: 3 } as const;

const message = z.string().trim().min(1, 'must not be empty').max(LIMITS.message, `is longer than ${LIMITS.message} characters`);
const matchLists = z.array(z.array(z.string().min(1)).min(1)).default([]);
const id = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lower-case words joined by "-"');

const branchSchema = z.strictObject({
  id,
  title: z.string().trim().min(1).max(LIMITS.title, `is longer than ${LIMITS.title} characters`),
  match: matchLists,
  steps: z.array(z.strictObject({ text: message, check: z.string().trim().min(1).max(LIMITS.check, `is longer than ${LIMITS.check} characters`) })).min(1, 'needs at least one step'),
});

const guideSchema = z.strictObject({
  id,
  title: z.string().trim().min(1).max(LIMITS.title, `is longer than ${LIMITS.title} characters`),
  platform: z.enum(PLATFORMS).optional(),
  match: matchLists,
  order: z.number().int().optional(),
  intro: message,
  steps: z
    .array(
      z.strictObject({
        id,
        text: message,
        check: z.string().trim().min(1).max(LIMITS.check, `is longer than ${LIMITS.check} characters`),
        simple: message,
        problems: z.array(z.string()).max(LIMITS.problems, `lists more than ${LIMITS.problems} problems`).default([]),
        secret: z.enum(['nik', 'password', 'code']).optional(),
        seen: matchLists,
        if_no: z.string().optional(),
      }),
    )
    .min(1, 'needs at least one step'),
  done: message,
  /** Words that say the whole guide is done ("tos jadi akunna", "udh kesimpen semua"). */
  finished: matchLists,
  next: z.string().optional(),
  branches: z.array(branchSchema).default([]),
  questions: z
    .array(
      z.strictObject({
        match: z.array(z.array(z.string().min(1)).min(1)).min(1, 'needs at least one word list'),
        answer: message,
        /** Said instead when the answer's lines all need a setting that is empty. */
        unknown: message.optional(),
        offer: z.string().optional(),
      }),
    )
    .default([]),
});

const sharedSchema = z.strictObject({ branches: z.array(branchSchema) });

export type Problem = { file: string; line: number; problem: string };

/** Settings that guide texts may use as {placeholders}. */
export function guidePlaceholders(office: OfficeInfo, sipkerjaUrl: string | null): Record<string, string | null> {
  return {
    office_name: office.name,
    office_location: office.location,
    office_address: office.address,
    office_hours: office.hours,
    office_phone: office.phone,
    office_whatsapp: office.whatsapp,
    sipkerja_url: sipkerjaUrl,
  };
}

// Fills placeholders; a line whose placeholder has no value is left out.
function fill(text: string, values: Record<string, string | null>): string {
  return text
    .trim()
    .split('\n')
    .filter((line) => [...line.matchAll(/\{(\w+)\}/g)].every(([, name]) => values[name!]))
    .map((line) => line.replace(/\{(\w+)\}/g, (_, name: string) => values[name]!))
    .join('\n');
}

/** The line of the node at `pathParts` (or of its nearest parent) in a parsed YAML file. */
export function lineOf(doc: Document, lineCounter: LineCounter, pathParts: Array<string | number | symbol>): number {
  for (let n = pathParts.length; n >= 0; n--) {
    const node = doc.getIn(pathParts.slice(0, n) as Array<string | number>, true);
    if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
  }
  return 1;
}

/** Parses a YAML file keeping line numbers; syntax errors go to `problems`. */
export function readYaml(file: string, problems: Problem[]): { doc: Document; lineCounter: LineCounter; data: unknown } | null {
  const lineCounter = new LineCounter();
  const doc = parseDocument(fs.readFileSync(file, 'utf8'), { lineCounter });
  if (doc.errors.length) {
    for (const e of doc.errors) problems.push({ file, line: lineCounter.linePos(e.pos[0]).line, problem: e.message.split('\n')[0]! });
    return null;
  }
  return { doc, lineCounter, data: doc.toJS() };
}

/** Reads and checks every guide; throws ContentError listing every problem with its file and line. */
export function loadGuides(dir: string, placeholders: Record<string, string | null>): GuideBook {
  const problems: Problem[] = [];
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
  const shared: Record<string, GuideBranch> = {};
  const sharedFile = path.join(dir, '_shared.yaml');
  const where = new Map<string, { file: string; doc: Document; lineCounter: LineCounter }>();

  if (fs.existsSync(sharedFile)) {
    const read = readYaml(sharedFile, problems);
    if (read) {
      const parsed = sharedSchema.safeParse(read.data);
      if (!parsed.success) for (const i of parsed.error.issues) problems.push({ file: sharedFile, line: lineOf(read.doc, read.lineCounter, i.path), problem: `${i.path.join('.')} ${i.message}` });
      else for (const b of parsed.data.branches) shared[b.id] = { ...b, match: b.match.map((l) => l.map(fold)) };
    }
  }

  const guides: Guide[] = [];
  const raw: Array<{ file: string; data: z.infer<typeof guideSchema>; doc: Document; lineCounter: LineCounter }> = [];
  for (const name of files.filter((f) => f !== '_shared.yaml')) {
    const file = path.join(dir, name);
    const read = readYaml(file, problems);
    if (!read) continue;
    const parsed = guideSchema.safeParse(read.data);
    if (!parsed.success) {
      for (const i of parsed.error.issues) problems.push({ file, line: lineOf(read.doc, read.lineCounter, i.path), problem: `${i.path.join('.') || 'file'} ${i.message}` });
      continue;
    }
    if (parsed.data.id !== name.replace(/\.yaml$/, '')) problems.push({ file, line: lineOf(read.doc, read.lineCounter, ['id']), problem: `id "${parsed.data.id}" must be the file name "${name.replace(/\.yaml$/, '')}"` });
    raw.push({ file, data: parsed.data, doc: read.doc, lineCounter: read.lineCounter });
    where.set(parsed.data.id, { file, doc: read.doc, lineCounter: read.lineCounter });
  }

  const ids = new Set(raw.map((r) => r.data.id));
  const platforms = new Map<string, string>();
  for (const { file, data, doc, lineCounter } of raw) {
    const at = (p: Array<string | number>) => lineOf(doc, lineCounter, p);
    const own: Record<string, GuideBranch> = {};
    data.branches.forEach((b, i) => {
      if (own[b.id] || shared[b.id]) problems.push({ file, line: at(['branches', i, 'id']), problem: `branch id "${b.id}" is used twice` });
      own[b.id] = { ...b, match: b.match.map((l) => l.map(fold)) };
    });
    const stepIds = new Set<string>();
    const used = new Set<string>();
    data.steps.forEach((s, i) => {
      if (stepIds.has(s.id)) problems.push({ file, line: at(['steps', i, 'id']), problem: `step id "${s.id}" is used twice` });
      stepIds.add(s.id);
      if (s.if_no) used.add(s.if_no);
      s.problems.forEach((p, k) => {
        used.add(p);
        if (!own[p] && !shared[p]) problems.push({ file, line: at(['steps', i, 'problems', k]), problem: `problem "${p}" is not a branch of this file or of _shared.yaml` });
      });
    });
    data.branches.forEach((b, i) => {
      if (!used.has(b.id) && !b.match.length) problems.push({ file, line: at(['branches', i, 'id']), problem: `branch "${b.id}" can never be reached: no step lists it and it has no match` });
    });
    data.steps.forEach((s, i) => {
      if (s.if_no && !ids.has(s.if_no) && !own[s.if_no] && !shared[s.if_no]) problems.push({ file, line: at(['steps', i, 'if_no']), problem: `if_no "${s.if_no}" is neither a guide nor a branch` });
    });
    data.questions.forEach((q, i) => {
      if (q.offer && q.offer !== 'search' && !ids.has(q.offer)) problems.push({ file, line: at(['questions', i, 'offer']), problem: `offer "${q.offer}" is neither a guide nor "search"` });
    });
    if (data.next && !ids.has(data.next)) problems.push({ file, line: at(['next']), problem: `next guide "${data.next}" does not exist` });
    if (data.next === data.id) problems.push({ file, line: at(['next']), problem: 'a guide cannot suggest itself as next' });
    if (data.platform) {
      if (platforms.has(data.platform)) problems.push({ file, line: at(['platform']), problem: `platform "${data.platform}" already opens ${platforms.get(data.platform)}` });
      platforms.set(data.platform, data.id);
    }
    // Placeholders must be known settings.
    const texts: Array<[Array<string | number>, string]> = [[['intro'], data.intro], [['done'], data.done]];
    data.steps.forEach((s, i) => texts.push([['steps', i, 'text'], s.text], [['steps', i, 'simple'], s.simple], [['steps', i, 'check'], s.check]));
    data.branches.forEach((b, i) => b.steps.forEach((s, k) => texts.push([['branches', i, 'steps', k, 'text'], s.text])));
    data.questions.forEach((q, i) => texts.push([['questions', i, 'answer'], q.answer]));
    // A step's "if_no" branch is reachable like a listed problem.
    for (const st of data.steps) if (st.if_no && (own[st.if_no] || shared[st.if_no])) used.add(st.if_no);
    for (const [p, text] of texts) {
      for (const [, name] of text.matchAll(/\{(\w+)\}/g)) {
        if (!(name! in placeholders)) problems.push({ file, line: at(p), problem: `{${name}} is not a known setting (known: ${Object.keys(placeholders).map((k) => `{${k}}`).join(' ')})` });
      }
    }
    const branches: Record<string, GuideBranch> = { ...own };
    for (const s of data.steps) for (const p of [...s.problems, ...(s.if_no ? [s.if_no] : [])]) if (shared[p]) branches[p] = shared[p]!;
    const filled = (t: string) => fill(t, placeholders);
    guides.push({
      id: data.id,
      title: data.title,
      platform: data.platform ?? null,
      match: data.match.map((l) => l.map(fold)),
      order: data.order ?? 100,
      intro: filled(data.intro),
      steps: data.steps.map((s) => ({ id: s.id, text: filled(s.text), check: s.check, simple: filled(s.simple), problems: s.problems, secret: s.secret ?? null, seen: s.seen.map((l) => l.map(fold)), ifNo: s.if_no ?? null })),
      done: filled(data.done),
      finished: data.finished.map((l) => l.map(fold)),
      next: data.next ?? null,
      questions: data.questions.map((q) => ({ match: q.match.map((l) => l.map(fold)), answer: filled(q.answer) || (q.unknown ? filled(q.unknown) : ''), offer: q.offer ?? null })),
      branches: Object.fromEntries(Object.entries(branches).map(([k, b]) => [k, { ...b, steps: b.steps.map((s) => ({ text: filled(s.text), check: s.check })) }])),
    });
  }
  if (!raw.length && !problems.length) problems.push({ file: dir, line: 1, problem: 'no guide files found' });
  if (problems.length) throw new ContentError(problems);
  guides.sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
  return { guides, shared };
}
