// Conversation scripts (test/conversations/*.chat): a person's messages and
// what each answer must and must not contain, with the set-up a
// conversation needs (settings, vacancies, the clock, existing alerts, a
// guide in progress, staff taking and closing the chat, the morning digest).
// See test/conversations/README.md for the format.

import fs from 'node:fs';
import path from 'node:path';
import { afterDigest, digestReply } from '../../src/core/alerts.ts';
import { readState } from '../../src/core/dialogue.ts';
import { renderText } from '../../src/channels/render-text.ts';
import { loadSampleVacancies } from '../../src/app/vacancy-files.ts';
import { loadServiceFile } from '../../src/app/service-files.ts';
import type { Runtime } from '../../src/app/runtime.ts';
import { parseKecamatanColumn } from '../../src/domain/alerts.ts';
import { educationRank } from '../../src/domain/education.ts';
import type { Education } from '../../src/domain/education.ts';
import { kecamatanColumn } from '../../src/domain/alerts.ts';
import { startRuntime } from './runtime.ts';

export interface Check {
  line: number;
  kind: 'has' | 'not' | 'match' | 'not_match';
  text: string;
}

export interface ScriptStep {
  line: number;
  /** A message from the person, or a set-up action between messages. */
  say?: string;
  action?: { name: string; args: string };
  checks: Check[];
  /** The turn's number in the source conversation ("D01.3"), for counting turns passed. */
  turn?: string;
}

export interface Script {
  file: string;
  title: string;
  settings: Record<string, string>;
  channel: 'terminal' | 'telegram' | 'whatsapp';
  vacancies: string | null;
  /** Job fairs and training programmes (dates as days from the first @at). */
  events: string | null;
  training: string | null;
  start: Date | null;
  steps: ScriptStep[];
}

/** Reads a script; directives before the first message set it up. */
// Set-up lines that may come before the script's @at.
const SETUP = new Set(['welcomed', 'subscription', 'guide']);

export function parseScript(file: string): Script {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const script: Script = { file, title: path.basename(file), settings: {}, channel: 'terminal', vacancies: null, events: null, training: null, start: null, steps: [] };
  let titled = false;
  let turn: string | undefined;
  lines.forEach((raw, i) => {
    const line = raw.trimEnd();
    const n = i + 1;
    if (line.startsWith('# ')) {
      if (!titled) script.title = line.slice(2);
      titled = true;
      return;
    }
    const directive = /^@(\w+)\s*(.*)$/.exec(line);
    if (directive) {
      const [, name, args] = directive;
      if (name === 'set') {
        const eq = args!.indexOf('=');
        script.settings[args!.slice(0, eq).trim()] = args!.slice(eq + 1).trim();
      } else if (name === 'channel') script.channel = args!.trim() as Script['channel'];
      else if (name === 'vacancies') {
        // Relative to the script's folder (data/x.csv), or to the project as the older scripts wrote it.
        const beside = path.resolve(path.dirname(file), args!.trim());
        script.vacancies = fs.existsSync(beside) ? beside : args!.trim();
      }
      else if (name === 'events' || name === 'training') {
        const beside = path.resolve(path.dirname(file), args!.trim());
        script[name] = fs.existsSync(beside) ? beside : args!.trim();
      }
      else if (name === 'turn') turn = args!.trim();
      // An @at before the first message or digest is the script's start: the vacancies' relative dates are counted
      // from it, and set-up lines above it (@welcomed, @subscription) happen then too. Without this, a script whose
      // @at came after @welcomed counted its dates from the real today, and its expected dates held for one day only.
      else if (name === 'at' && !script.steps.some((s) => s.say !== undefined || !SETUP.has(s.action!.name))) script.start = localTime(args!.trim(), script.settings.TIMEZONE ?? 'Asia/Jakarta');
      else script.steps.push({ line: n, action: { name: name!, args: args!.trim() }, checks: [], ...(turn ? { turn } : {}) });
      return;
    }
    if (line.startsWith('> ')) {
      script.steps.push({ line: n, say: line.slice(2), checks: [], ...(turn ? { turn } : {}) });
      turn = undefined;
      return;
    }
    const last = script.steps.at(-1);
    if (!last) return;
    if (line.startsWith('<! ')) last.checks.push({ line: n, kind: 'not', text: line.slice(3) });
    else if (line.startsWith('<~! ')) last.checks.push({ line: n, kind: 'not_match', text: line.slice(4) });
    else if (line.startsWith('<~ ')) last.checks.push({ line: n, kind: 'match', text: line.slice(3) });
    else if (line.startsWith('< ')) last.checks.push({ line: n, kind: 'has', text: line.slice(2) });
  });
  return script;
}

/** "2026-12-07 09:30" in the office's time zone (Asia/Jakarta is UTC+7 all year). */
export function localTime(text: string, timeZone: string): Date {
  const m = /^(\d{4})-(\d\d)-(\d\d)[ T](\d\d):(\d\d)$/.exec(text);
  if (!m) throw new Error(`@at needs "YYYY-MM-DD HH:MM", got "${text}"`);
  const offset = timeZone === 'Asia/Jakarta' ? 7 : 0;
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]) - offset, Number(m[5])));
}

export interface TurnResult {
  step: ScriptStep;
  answer: string;
  failures: Check[];
}

/** Whether an answer passes a check (case is ignored). */
export function passes(answer: string, check: Check): boolean {
  const a = answer.toLowerCase();
  switch (check.kind) {
    case 'has':
      return a.includes(check.text.toLowerCase());
    case 'not':
      return !a.includes(check.text.toLowerCase());
    case 'match':
      return new RegExp(check.text, 'iu').test(answer);
    case 'not_match':
      return !new RegExp(check.text, 'iu').test(answer);
  }
}

/** Runs a script on a fresh runtime over `databaseUrl`; returns each message's answer and failed checks. */
export async function runScript(script: Script, databaseUrl: string, options: { fixtures?: string } = {}): Promise<TurnResult[]> {
  const runtime = await startRuntime(databaseUrl, script.settings);
  const results: TurnResult[] = [];
  try {
    let clock = script.start ?? new Date();
    const vacancies = script.vacancies ?? options.fixtures;
    if (vacancies) {
      await loadSampleVacancies(runtime.db, { region: runtime.content.region, timeZone: runtime.config.TIMEZONE, file: vacancies, now: clock });
      runtime.catalog.invalidate();
    }
    for (const kind of ['events', 'training'] as const) {
      const file = script[kind];
      if (!file) continue;
      const report = await loadServiceFile(runtime.db, kind, file, { region: runtime.content.region, timeZone: runtime.config.TIMEZONE, now: clock });
      if (report.errors.length) throw new Error(`${file}: ${report.errors.map((e) => `line ${e.line}: ${e.reason}`).join('; ')}`);
      runtime.services.invalidate();
    }
    const userId = `script-${path.basename(script.file, '.chat')}-${Math.random().toString(36).slice(2, 8)}`;
    for (const step of script.steps) {
      if (step.action) {
        const shown: string[] = [];
        clock = await act(runtime, step.action, { userId, channel: script.channel, clock, staffNotices: shown });
        // What the bot sent on its own (the morning digest) is part of the conversation as the person saw it.
        if (step.action.name === 'digest') results.push({ step, answer: shown.join('\n\n'), failures: step.checks.filter((c) => !passes(shown.join('\n\n'), c)) });
        continue;
      }
      const replies = await runtime.conversations.handle({ channel: script.channel, userId, text: step.say!, at: clock });
      const answer = replies.map(renderText).join('\n\n');
      results.push({ step, answer, failures: step.checks.filter((c) => !passes(answer, c)) });
      clock = new Date(clock.getTime() + 60_000);
    }
  } finally {
    await runtime.close();
  }
  return results;
}

// A set-up action between messages; returns the clock after it.
async function act(runtime: Runtime, action: { name: string; args: string }, who: { userId: string; channel: Script['channel']; clock: Date; staffNotices: string[] }): Promise<Date> {
  const db = runtime.db;
  const contact = async () => {
    const c = await db.contact.findUnique({ where: { channel_externalId: { channel: who.channel, externalId: who.userId } } });
    if (c) return c;
    return db.contact.create({ data: { channel: who.channel, externalId: who.userId, firstSeenAt: who.clock, lastSeenAt: who.clock } });
  };
  switch (action.name) {
    case 'at':
      return localTime(action.args, runtime.config.TIMEZONE);
    case 'staff': {
      const [verb, ...rest] = action.args.split(' ');
      const c = await contact();
      if (verb === 'reachable') {
        runtime.conversations.onHandoff = async () => undefined;
      } else if (verb === 'take') {
        await db.conversation.updateMany({ where: { contactId: c.id }, data: { status: 'open' } });
        await db.handoff.updateMany({ where: { contactId: c.id, status: 'waiting' }, data: { status: 'open', staffName: rest.join(' ') || null, takenAt: who.clock, takenBy: 'script' } });
      } else if (verb === 'close') {
        await db.conversation.updateMany({ where: { contactId: c.id }, data: { status: 'bot' } });
        await db.handoff.updateMany({ where: { contactId: c.id, status: { in: ['waiting', 'open'] } }, data: { status: 'closed', closedAt: who.clock } });
      } else throw new Error(`@staff ${verb}: unknown`);
      return who.clock;
    }
    case 'subscription': {
      // @subscription [label:] kecamatan, kecamatan | education | keyword | harian|langsung [| paused|stopped]
      const c = await contact();
      let args = action.args;
      let label: string | null = null;
      const labelled = /^(\w+):\s*(.*)$/.exec(args);
      if (labelled && !labelled[1]!.includes(',')) {
        label = labelled[1]!;
        args = labelled[2]!;
      }
      const [places, education, keyword, timing, status] = args.split('|').map((s) => s.trim());
      const codes = places === 'semua' ? [] : places!.split(',').map((p) => {
        const r = runtime.content.region.resolve(p.trim());
        if (!r.ok) throw new Error(`@subscription: ${r.reason}`);
        return r.code;
      });
      const level = (education === 'semua' ? null : education) as Education | null;
      await db.subscription.create({
        data: { contactId: c.id, label, kecamatan: kecamatanColumn(codes), education: level, educationRank: level ? educationRank(level) : 8, keyword: keyword === 'semua' || !keyword ? null : keyword, immediate: timing === 'langsung', status: status ?? 'active', lastDigestAt: new Date(who.clock.getTime() - 86_400_000) },
      });
      return who.clock;
    }
    case 'guide': {
      // @guide siapkerja 3: the person is at step 3 of that guide (left it a while ago).
      const [id, step] = action.args.split(' ');
      const c = await contact();
      const n = Number(step) - 1;
      const state = { ...readState(null), welcomed: true, guide: { id: id!, step: n, reached: n }, screen: { flow: 'other' } };
      await db.conversation.upsert({ where: { contactId: c.id }, create: { contactId: c.id, state: JSON.stringify(state), version: 0 }, update: { state: JSON.stringify(state) } });
      return who.clock;
    }
    case 'welcomed': {
      const c = await contact();
      const existing = await db.conversation.findUnique({ where: { contactId: c.id } });
      if (!existing) await db.conversation.create({ data: { contactId: c.id, state: JSON.stringify({ ...readState(null), welcomed: true }), version: 0 } });
      return who.clock;
    }
    case 'digest': {
      // The morning digest for this person's subscriptions, shown as the bot sent it, with its numbers and "lagi" working.
      const c = await contact();
      const subs = await db.subscription.findMany({ where: { contactId: c.id, status: 'active' } });
      const index = await runtime.catalog.current();
      for (const s of subs) {
        const filters = { kecamatan: parseKecamatanColumn(s.kecamatan), education: s.education as Education | null, keyword: s.keyword };
        const found = index.search(filters, who.clock, 100);
        if (!found.total) continue;
        const payload = { ids: found.ids, total: found.total, filters };
        const reply = digestReply(payload, index, runtime.content.region, runtime.content.messages, who.clock);
        if (reply) who.staffNotices.push(renderText(reply));
        const conv = await db.conversation.findUnique({ where: { contactId: c.id } });
        const state = afterDigest(conv ? JSON.parse(conv.state) : null, payload, index);
        await db.conversation.upsert({ where: { contactId: c.id }, create: { contactId: c.id, state: JSON.stringify(state), version: 0 }, update: { state: JSON.stringify(state), version: { increment: 1 } } });
      }
      return who.clock;
    }
    default:
      throw new Error(`unknown directive @${action.name}`);
  }
}
