// Every path of every guide: no dead ends, every option leads somewhere,
// every step and help branch reachable, every message within its length;
// and `pasker flows check` names file and line of a broken guide.

import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadContent, type Content } from '../src/app/content.ts';
import { LIMITS } from '../src/app/guides.ts';
import { loadConfig } from '../src/config.ts';
import { initialState, respond } from '../src/core/dialogue.ts';
import type { DialogueState, Screen } from '../src/core/types.ts';
import { VacancyIndex } from '../src/domain/vacancy-index.ts';
import type { Understanding } from '../src/nlu/types.ts';
import { runPasker } from './support/cli.ts';
import { tempDir } from './support/databases.ts';

let content: Content;
beforeAll(async () => {
  content = await loadContent(loadConfig({}));
});

// What understanding would say for a bare digit: the core reads it against the choices.
function digit(n: number): Understanding {
  return {
    intent: 'out_of_scope', score: 1, byRule: true, source: 'rule', alternatives: [{ intent: 'out_of_scope', score: 1 }], explicit: { stop: false, erase: false }, also: null, entities: { district: [], education: null, platform: null, keyword: null },
    districtCodes: [], ambiguousPlaces: [], outsidePlaces: [], regencyNamed: false, words: [String(n)], tokens: [String(n)], job: null, ordinal: n, bareNumber: true,
  };
}

function press(state: DialogueState, key: string) {
  return respond(
    { state, inbound: { channel: 'terminal', userId: 'walker', text: key, at: new Date() }, understanding: digit(Number(key)), profile: { education: null, kecamatan: null }, secrets: { nik: false, password: false, code: false } },
    { vacancies: new VacancyIndex([], content.jobs), region: content.region, messages: content.messages, words: content.words, office: content.office, guides: content.guides, digestTime: '07.00' },
  );
}

describe('guides, walked on every path', () => {
  it('have no dead end, reach every step and help branch, and keep every message short', () => {
    for (const guide of content.guides.guides) {
      // Open the guide from the list of guides, as a person would.
      const opened = press({ ...initialState(), welcomed: true, screen: { flow: 'guides' }, choices: [{ key: '1', action: { do: 'guide', go: 'open', id: guide.id } }] }, '1');
      const seen = new Set<string>();
      const stepsReached = new Set<number>();
      const branchesReached = new Set<string>();
      let finished = false;
      const queue: DialogueState[] = [opened.state];
      while (queue.length) {
        const state = queue.shift()!;
        const screen = state.screen as Screen;
        const key = JSON.stringify(screen);
        if (seen.has(key)) continue;
        seen.add(key);
        if (screen.flow !== 'guide' || screen.id !== guide.id) continue; // left the guide: menu, person, next guide
        if (screen.part === 'step') stepsReached.add(screen.step);
        if (screen.branch) branchesReached.add(screen.branch);
        if (screen.part === 'done') finished = true;
        expect(state.choices.length, `${guide.id}: ${key} is a dead end`).toBeGreaterThan(0);
        for (const choice of state.choices) {
          const turn = press(state, choice.key);
          expect(turn.replies.length, `${guide.id}: ${key} choice ${choice.key} says nothing`).toBeGreaterThan(0);
          for (const r of turn.replies) {
            expect(r.choices.length, `${guide.id}: more than 5 choices`).toBeLessThanOrEqual(5);
            expect(r.text.length, `${guide.id}: a message of ${r.text.length} characters: ${r.text}`).toBeLessThanOrEqual(LIMITS.message + 160);
          }
          queue.push(turn.state);
        }
      }
      expect([...stepsReached].sort((a, b) => a - b), guide.id).toEqual(guide.steps.map((_, i) => i));
      const listed = new Set(guide.steps.flatMap((s) => s.problems));
      for (const b of listed) expect(branchesReached.has(b), `${guide.id}: branch ${b} never reached`).toBe(true);
      expect(finished, `${guide.id} can never be finished`).toBe(true);
    }
  });

  it('every step text, simple wording, intro and done fits in 300 characters', () => {
    for (const g of content.guides.guides) {
      for (const t of [g.intro, g.done, ...g.steps.flatMap((s) => [s.text, s.simple])]) expect(t.length, `${g.id}: ${t}`).toBeLessThanOrEqual(LIMITS.message);
    }
  });
});

describe('pasker flows check', () => {
  it('passes on the shipped guides', async () => {
    const result = await runPasker(['flows', 'check']);
    expect(result.stdout).toContain('flows OK');
    expect(result.code).toBe(0);
  });

  it('names the file and line of a broken guide', async () => {
    const dir = tempDir();
    for (const f of fs.readdirSync('flows/guides')) fs.copyFileSync(path.join('flows/guides', f), path.join(dir, f));
    const file = path.join(dir, 'siapkerja.yaml');
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    const at = lines.findIndex((l) => l.includes('problems: [kode-tidak-masuk, tidak-bisa-masuk]'));
    lines[at] = lines[at]!.replace('kode-tidak-masuk', 'kode-hilang');
    fs.writeFileSync(file, lines.join('\n'));
    const result = await runPasker(['flows', 'check', dir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${file}:${at + 1}: problem "kode-hilang" is not a branch of this file or of _shared.yaml`);
  });
});
