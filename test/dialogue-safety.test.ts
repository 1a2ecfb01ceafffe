// The repair rules as a person meets them, in every state the dialogue can
// be in: nothing is stopped or erased unless the person says so, and every
// question has a way out (an unrelated message is never answered with the
// same re-ask twice in a row; "makasih" closes politely; "menu" works).

import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadContent, type Content } from '../src/app/content.ts';
import { loadConfig } from '../src/config.ts';
import { readState, respond, understandingContext, type CoreContext, type SubscriptionView } from '../src/core/dialogue.ts';
import type { DialogueState, Effect, Reply, Screen } from '../src/core/types.ts';
import { readCsv, validateRows } from '../src/domain/vacancy-import.ts';
import { VacancyIndex } from '../src/domain/vacancy-index.ts';
import type { Vacancy } from '../src/domain/vacancy.ts';
import { Understander } from '../src/nlu/understand.ts';

let content: Content;
let understander: Understander;
let ctx: CoreContext;
const AT = new Date('2026-12-08T03:00:00Z');

const SUBSCRIPTIONS: SubscriptionView[] = [
  { id: 1, label: null, kecamatan: ['32.16.07'], education: 'SMA', keyword: 'gudang', immediate: false, status: 'active', channel: 'whatsapp', stoppedAt: null },
  { id: 2, label: 'suami', kecamatan: ['32.16.15'], education: 'SD', keyword: null, immediate: false, status: 'active', channel: 'whatsapp', stoppedAt: null },
];

async function turn(state: DialogueState | null, text: string) {
  const clean = text.replace(/\[(NIK|sandi|kode) dihapus\]/g, ' ');
  const understanding = await understander.understand(clean, understandingContext(state));
  return respond(
    {
      state,
      inbound: { channel: 'whatsapp', userId: 'safety', text, at: AT },
      understanding,
      profile: { education: null, kecamatan: null },
      secrets: { nik: false, password: false, code: false },
      subscriptions: SUBSCRIPTIONS,
      linkedChannels: [],
      handoff: null,
    },
    { ...ctx, staffReachable: true },
  );
}

// Conversations that bring the dialogue into each of its states; the state after every message is kept.
const PATHS: string[][] = [
  ['halo'],
  ['menu', '1', 'cikarang'],
  ['menu', '1', 'setu'],
  ['loker di bekasi'],
  ['loker di kota bekasi'],
  ['loker operator di cikarang barat'],
  ['loker operator di cikarang barat', '1'],
  ['loker pilot di pebayuran'],
  ['menu', '2'],
  ['cara bikin akun siapkerja', '2'],
  ['cara bikin akun siapkerja', 'ga ngerti'],
  ['cara bikin akun siapkerja', 'kodenya ga masuk', '2', '2'],
  ['cara bikin akun siapkerja', 'ijazahnya gabisa diupload'],
  ['cara bikin akun siapkerja', 'bukan itu maksud saya'],
  ['syarat kartu kuning apa aja?'],
  ['cara bikin kartu kuning', '1', '1', '1'],
  ['mau langganan untuk istri saya', 'cikarang'],
  ['mau langganan untuk istri saya', 'setu', '3', '1', '1'],
  ['langganan saya apa aja'],
  ['langganan saya apa aja', '1'],
  ['langganan saya apa aja', '1', 'hapus yg tadi'],
  ['langganan saya apa aja', '1', 'yg shift pagi aja'],
  ['stop'],
  ['hapus data saya'],
  ['saya bingung'],
  ['saya tidak mengerti', 'saya masih tidak mengerti'],
  ['gausah deh udahan'],
  ['menu', 'lowongan'],
];

interface Snapshot {
  name: string;
  state: DialogueState;
  replies: Reply[];
}

const snapshots: Snapshot[] = [];

// Words that say stop or erase, by the person (never only the bot's guess).
const SAYS_STOP = /\b(stop|stopp|berhenti|brenti|berenti|unsub|unsubscribe|unreg|cabut|hentikan|jangan kirim|jgn kirim|ga usah kirim|gak usah kirim|tidak usah kirim|gausah kirim|matikan|matiin|udahan langganan|keluar dari langganan|jeda|pause)\b/i;
const SAYS_ERASE = /\b(hapus|hapuskan|hapusin|delete|dihapus)\b/i;

function destructive(effects: Effect[]): { stop: boolean; erase: boolean } {
  return {
    erase: effects.some((e) => e.type === 'erase'),
    stop: effects.some((e) => (e.type === 'alerts' && e.action === 'stop') || (e.type === 'subscription_status' && e.status === 'stopped')),
  };
}

// The number of a destructive choice on screen (the person picked it by its number, which the screen showed).
function choiceFor(state: DialogueState, text: string, kind: 'stop' | 'erase'): boolean {
  const picked = state.choices.find((c) => c.key === text.trim());
  if (!picked) return false;
  const a = picked.action;
  if (kind === 'erase') return a.do === 'erase';
  return a.do === 'alerts' && (a.go === 'stop' || a.go === 'stop_all');
}

function messages(): string[] {
  const out = new Set<string>();
  const dev = path.resolve('../shared/nlu-dev.jsonl');
  if (fs.existsSync(dev)) for (const line of fs.readFileSync(dev, 'utf8').split('\n')) if (line.trim()) out.add((JSON.parse(line) as { text: string }).text);
  const convs = path.resolve('../shared/conversations-dev.md');
  if (fs.existsSync(convs)) for (const m of fs.readFileSync(convs, 'utf8').matchAll(/\*\*User:\*\* `([^`]+)`/g)) out.add(m[1]!);
  // This project's own scripts, so the test has its material even without ../shared.
  for (const f of fs.readdirSync('test/conversations').filter((x) => x.endsWith('.chat'))) {
    for (const line of fs.readFileSync(path.join('test/conversations', f), 'utf8').split('\n')) if (line.startsWith('> ')) out.add(line.slice(2));
  }
  return [...out];
}

beforeAll(async () => {
  content = await loadContent(loadConfig({}));
  understander = await Understander.create(content.nlu, { cacheDir: path.resolve('data/test-cache') });
  const csv = fs.readFileSync('test/fixtures/vacancies.csv', 'utf8');
  const raw = readCsv(csv).map(({ line, row }) => ({ line, row: { ...row, published_date: '2026-12-01', closing_date: '2027-01-31' } }));
  const parsed = validateRows(raw, { region: content.region, now: AT, timeZone: 'Asia/Jakarta', defaultSource: 'sample' });
  const vacancies: Vacancy[] = parsed.rows.map((r, i) => ({ ...r.vacancy, id: i + 1, isSample: true, verified: false, listedAt: AT, publishedAt: AT, status: 'published' }) as Vacancy);
  ctx = { vacancies: new VacancyIndex(vacancies, content.jobs), region: content.region, messages: content.messages, office: content.office, guides: content.guides, words: content.words, digestTime: '07.00', quietHours: '21.00–06.00', timeZone: 'Asia/Jakarta' };
  for (const p of PATHS) {
    let state: DialogueState | null = { ...readState(null), welcomed: true };
    for (let i = 0; i < p.length; i++) {
      const t = await turn(state, p[i]!);
      state = t.state;
      snapshots.push({ name: p.slice(0, i + 1).join(' → '), state, replies: t.replies });
    }
  }
}, 120_000);

describe('the dialogue in every state', () => {
  it('reaches every kind of screen the flows have', () => {
    const kinds = new Set(snapshots.map((s) => screenKind(s.state.screen)));
    const missing = ['menu', 'search:district', 'search:pick', 'search:bekasi', 'search:city_near', 'results', 'details', 'none', 'guides', 'guide:step', 'guide:problems', 'guide:simple', 'guide:branch', 'guide:branch_failed', 'guide:unknown_problem', 'guide:intro', 'alerts:places', 'alerts:pick', 'alerts:confirm', 'alerts:manage', 'alerts:which', 'alerts:offer_restore', 'alerts:filter_offer', 'erase:confirm', 'handoff:offer', 'clarify'].filter((k) => !kinds.has(k));
    expect(missing, `no path reaches these screens (reached: ${[...kinds].join(', ')})`).toEqual([]);
  });

  it('never stops alerts or erases data unless the message says so (every dev message, every state)', async () => {
    const all = messages();
    expect(all.length).toBeGreaterThan(150);
    const wrong: string[] = [];
    for (const snap of snapshots) {
      for (const text of all) {
        const t = await turn(snap.state, text);
        const d = destructive(t.effects);
        if (d.erase && !SAYS_ERASE.test(text) && !choiceFor(snap.state, text, 'erase')) wrong.push(`erased at [${snap.name}] on "${text}"`);
        if (d.stop && !SAYS_STOP.test(text) && !choiceFor(snap.state, text, 'stop')) wrong.push(`stopped at [${snap.name}] on "${text}"`);
      }
    }
    expect(wrong.slice(0, 20), `${wrong.length} destructive actions without their words`).toEqual([]);
  }, 600_000);

  it('answers an unrelated message differently each time, closes on "makasih" and shows the menu on "menu", in every state', async () => {
    const problems: string[] = [];
    for (const snap of snapshots) {
      const first = await turn(snap.state, 'siapa presiden indonesia sekarang');
      const second = await turn(first.state, 'siapa presiden indonesia sekarang');
      const a = first.replies.map((r) => r.text).join('\n');
      const b = second.replies.map((r) => r.text).join('\n');
      if (a === b) problems.push(`[${snap.name}] the same re-ask twice: ${a.slice(0, 80)}`);
      const third = await turn(second.state, 'siapa presiden indonesia sekarang');
      if (third.replies.map((r) => r.text).join('\n') === b) problems.push(`[${snap.name}] the same re-ask a third time`);
      const thanks = await turn(snap.state, 'makasih ya');
      if (!/sama-sama|terima kasih|aamiin|sami-sami/i.test(thanks.replies.map((r) => r.text).join('\n'))) problems.push(`[${snap.name}] "makasih" got no goodbye`);
      if (destructive(thanks.effects).stop || destructive(thanks.effects).erase) problems.push(`[${snap.name}] "makasih" stopped or erased`);
      const menu = await turn(snap.state, 'menu');
      if (!menu.replies.some((r) => r.choices.some((c) => c.label === content.messages.t('menu.search')))) problems.push(`[${snap.name}] "menu" did not show the menu`);
    }
    expect(problems, problems.join('\n')).toEqual([]);
  }, 300_000);
});

function screenKind(s: Screen): string {
  switch (s.flow) {
    case 'search':
      return `search:${s.ask}`;
    case 'guide':
      return `guide:${s.part}`;
    case 'alerts':
      return `alerts:${s.step}`;
    case 'erase':
      return `erase:${s.step}`;
    case 'handoff':
      return `handoff:${s.step}`;
    default:
      return s.flow;
  }
}
