// Scores understanding against labelled messages (the format of
// ../shared/nlu-dev.jsonl): intent accuracy, worst confusions, and entity scores.

import type { Entities, Intent } from './types.ts';

export interface Labelled {
  text: string;
  intent: Intent;
  /** Absent in a set labelled for intents only: its entity scores are not counted. */
  entities?: Entities;
}

export interface Scores {
  total: number;
  /** Messages whose entities are labelled (entity scores are over these). */
  withEntities: number;
  intentAccuracy: number;
  perIntent: Array<{ intent: string; total: number; correct: number }>;
  confusions: Array<{ expected: string; got: string; count: number; example: string }>;
  districtExact: number;
  education: number;
  platform: number;
  keywordExact: number;
  keywordF1: number;
  misses: Array<{ text: string; field: string; expected: unknown; got: unknown }>;
}

/** Compares predictions with labels, item by item. */
export function score(items: Array<{ expected: Labelled; got: { intent: string; entities: Entities } }>): Scores {
  const perIntent = new Map<string, { total: number; correct: number }>();
  const confusions = new Map<string, { expected: string; got: string; count: number; example: string }>();
  const misses: Scores['misses'] = [];
  let withEntities = 0;
  let intentOk = 0, districtOk = 0, eduOk = 0, platformOk = 0, kwExact = 0, kwF1 = 0;
  for (const { expected: e, got: g } of items) {
    const row = perIntent.get(e.intent) ?? { total: 0, correct: 0 };
    row.total++;
    if (g.intent === e.intent) {
      row.correct++;
      intentOk++;
    } else {
      const key = `${e.intent}>${g.intent}`;
      const c = confusions.get(key) ?? { expected: e.intent, got: g.intent, count: 0, example: e.text };
      c.count++;
      confusions.set(key, c);
      misses.push({ text: e.text, field: 'intent', expected: e.intent, got: g.intent });
    }
    perIntent.set(e.intent, row);
    if (!e.entities) continue;
    withEntities++;
    if (JSON.stringify(g.entities.district) === JSON.stringify(e.entities.district)) districtOk++;
    else misses.push({ text: e.text, field: 'district', expected: e.entities.district, got: g.entities.district });
    if (g.entities.education === e.entities.education) eduOk++;
    else misses.push({ text: e.text, field: 'education', expected: e.entities.education, got: g.entities.education });
    if (g.entities.platform === e.entities.platform) platformOk++;
    else misses.push({ text: e.text, field: 'platform', expected: e.entities.platform, got: g.entities.platform });
    if ((g.entities.keyword ?? null) === (e.entities.keyword ?? null)) kwExact++;
    else misses.push({ text: e.text, field: 'keyword', expected: e.entities.keyword, got: g.entities.keyword });
    kwF1 += tokenF1(e.entities.keyword, g.entities.keyword);
  }
  const n = items.length || 1;
  const ne = withEntities || 1;
  return {
    total: items.length,
    withEntities,
    intentAccuracy: intentOk / n,
    perIntent: [...perIntent].map(([intent, r]) => ({ intent, ...r })).sort((a, b) => a.correct / a.total - b.correct / b.total),
    confusions: [...confusions.values()].sort((a, b) => b.count - a.count),
    districtExact: districtOk / ne,
    education: eduOk / ne,
    platform: platformOk / ne,
    keywordExact: kwExact / ne,
    keywordF1: kwF1 / ne,
    misses,
  };
}

// Token overlap of two keywords; both empty counts as a full match.
function tokenF1(a: string | null, b: string | null): number {
  if (!a && !b) return 1;
  if (!a || !b) return 0;
  const ta = a.split(/\s+/);
  const tb = b.split(/\s+/);
  const common = ta.filter((t) => tb.includes(t)).length;
  if (!common) return 0;
  const p = common / tb.length;
  const r = common / ta.length;
  return (2 * p * r) / (p + r);
}
