// A linear classifier (multinomial logistic regression) over the words, the
// word pairs and the letter groups of prepared text. It reads a word spelled
// in a way the examples never show ("lowonganya", "kerjan", "daptar") by the
// letter groups it shares with the words they do show, where NLP.js's network
// only knows whole stems; the two are asked together (see understand.ts).

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { replaceCacheFile } from './cache-file.ts';
import type { IntentClassifier, IntentScore } from './classifier.ts';
import type { Intent } from './types.ts';

// Placeholders of prepared text: whole words only, their letters mean nothing.
const PLACEHOLDERS = new Set(['lokasi', 'xedu', 'angka']);

/** The features of prepared text, each once: each word, and each group of three letters of a word (with its edges, "<lo", "er>"). */
export function features(text: string): string[] {
  const out = new Set<string>();
  for (const w of text.split(' ')) if (w) for (const f of wordFeatures(w)) out.add(f);
  return [...out];
}

function wordFeatures(w: string): string[] {
  const out = [w];
  if (PLACEHOLDERS.has(w) || w.length < 3) return out;
  const s = `<${w}>`;
  // Letter groups start with a space, so no word is taken for a group.
  for (let i = 0; i + 3 <= s.length; i++) out.push(` ${s.slice(i, i + 3)}`);
  return out;
}

// Words whose known features are remembered (people use few words, and often): beyond it, forgotten at once.
const KNOWN_WORDS = 20_000;

// A small deterministic generator, so the same examples always train the same model.
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface LinearModel {
  labels: Intent[];
  features: string[];
  /** features.length × labels.length weights, feature-major. */
  weights: number[];
  bias: number[];
}

export class LinearClassifier {
  private readonly index: Map<string, number>;
  /** Each word seen, with the indexes of its features the model knows. */
  private readonly known = new Map<string, number[]>();
  private readonly seen: Uint32Array;
  private calls = 0;
  private constructor(private readonly model: { labels: Intent[]; features: string[]; weights: Float64Array; bias: Float64Array }) {
    this.index = new Map(model.features.map((f, i) => [f, i]));
    this.seen = new Uint32Array(model.features.length);
  }

  /** Trains by stochastic gradient descent on the cross-entropy, with a little weight decay (deterministic for the same examples). */
  static train(examples: Array<{ intent: Intent; text: string }>, options: { epochs?: number; rate?: number; decay?: number } = {}): LinearClassifier {
    const epochs = options.epochs ?? 30;
    const rate = options.rate ?? 0.5;
    const decay = options.decay ?? 1e-4;
    const labels = [...new Set(examples.map((e) => e.intent))].sort();
    const labelIndex = new Map(labels.map((l, i) => [l, i]));
    const featureIndex = new Map<string, number>();
    const id = (f: string) => featureIndex.get(f) ?? featureIndex.set(f, featureIndex.size).get(f)!;
    const rows = examples.filter((e) => e.text).map((e) => ({ label: labelIndex.get(e.intent)!, feats: features(e.text).map(id) }));
    const k = labels.length;
    const weights = new Float64Array(featureIndex.size * k);
    const bias = new Float64Array(k);
    const p = new Float64Array(k);
    const rnd = mulberry32(7);
    const order = rows.map((_, i) => i);
    for (let epoch = 0; epoch < epochs; epoch++) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(rnd() * (i + 1));
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      const lr = rate / (1 + epoch * 0.2);
      for (const r of order) {
        const { label, feats } = rows[r]!;
        const norm = 1 / Math.sqrt(feats.length || 1);
        probabilities(weights, bias, feats, norm, k, p);
        for (let c = 0; c < k; c++) {
          const g = p[c]! - (c === label ? 1 : 0);
          bias[c]! -= lr * g;
          for (const f of feats) {
            const w = f * k + c;
            weights[w] = weights[w]! * (1 - lr * decay) - lr * g * norm;
          }
        }
      }
    }
    return new LinearClassifier({ labels, features: [...featureIndex.keys()], weights, bias });
  }

  /**
   * Trains on `examples`, or loads the model kept in `cacheDir` under the hash of the examples and
   * `salt` (training is a third of a second, loading a few milliseconds).
   */
  static create(examples: Array<{ intent: Intent; text: string }>, options: { cacheDir?: string | null; salt?: string; name: string }): LinearClassifier {
    const prefix = `${options.name}-`;
    const hash = crypto.createHash('sha256').update(options.salt ?? '').update(JSON.stringify(examples)).digest('hex').slice(0, 16);
    const file = options.cacheDir ? path.join(options.cacheDir, `${prefix}${hash}.json`) : null;
    if (file && fs.existsSync(file)) {
      try {
        return LinearClassifier.fromJSON(JSON.parse(fs.readFileSync(file, 'utf8')) as LinearModel);
      } catch {
        // A damaged file is trained again below.
      }
    }
    const model = LinearClassifier.train(examples);
    if (file) {
      try {
        replaceCacheFile(file, prefix, JSON.stringify(model));
      } catch {
        // Only a cache: the next start trains again.
      }
    }
    return model;
  }

  static fromJSON(model: LinearModel): LinearClassifier {
    if (model.weights.length !== model.features.length * model.labels.length || model.bias.length !== model.labels.length) throw new Error('the linear model does not fit its features and labels');
    return new LinearClassifier({ labels: model.labels, features: model.features, weights: Float64Array.from(model.weights), bias: Float64Array.from(model.bias) });
  }

  toJSON(): LinearModel {
    // Every digit: a model loaded from the cache reads exactly as the one just trained.
    return { labels: this.model.labels, features: this.model.features, weights: [...this.model.weights], bias: [...this.model.bias] };
  }

  /** Intents ranked by probability; empty when no feature of the text is known. */
  classify(text: string): IntentScore[] {
    const { weights, bias, labels } = this.model;
    const k = labels.length;
    const sums = new Float64Array(k);
    // Each feature counted once: marked with this call's number.
    if (this.calls === 0xffffffff) {
      this.seen.fill(0);
      this.calls = 0;
    }
    const call = ++this.calls;
    let n = 0;
    for (const w of text.split(' ')) {
      if (!w) continue;
      let ids = this.known.get(w);
      if (!ids) {
        ids = wordFeatures(w).flatMap((f) => this.index.get(f) ?? []);
        if (this.known.size >= KNOWN_WORDS) this.known.clear();
        this.known.set(w, ids);
      }
      for (const f of ids) {
        if (this.seen[f] === call) continue;
        this.seen[f] = call;
        n++;
        for (let c = 0; c < k; c++) sums[c]! += weights[f * k + c]!;
      }
    }
    if (!n) return [];
    const norm = 1 / Math.sqrt(n);
    for (let c = 0; c < k; c++) sums[c] = bias[c]! + sums[c]! * norm;
    softmax(sums);
    return labels.map((intent, c) => ({ intent, score: sums[c]! })).sort((a, b) => b.score - a.score);
  }
}

// Scores for training: the same as classify's, over feature indexes.
function probabilities(weights: Float64Array, bias: Float64Array, feats: number[], norm: number, k: number, out: Float64Array): void {
  for (let c = 0; c < k; c++) out[c] = bias[c]!;
  for (const f of feats) for (let c = 0; c < k; c++) out[c]! += weights[f * k + c]! * norm;
  softmax(out);
}

function softmax(out: Float64Array): void {
  const k = out.length;
  let max = -Infinity;
  for (let c = 0; c < k; c++) max = Math.max(max, out[c]!);
  let sum = 0;
  for (let c = 0; c < k; c++) sum += out[c] = Math.exp(out[c]! - max);
  for (let c = 0; c < k; c++) out[c]! /= sum;
}

/** The ranker understanding asks. */
export interface Ranker {
  classify(text: string): Promise<IntentScore[]>;
}

// How much the linear model's reading counts against NLP.js's, and the least score either gives
// (NLP.js gives many exact zeros, which would veto an intent outright). Chosen on the development
// sets (../shared/nlu-dev.jsonl, nlu/eval/dev-*.jsonl) and the chat scripts, never on the holdout.
const LINEAR_WEIGHT = 0.7;
const FLOOR = 0.001;

/**
 * NLP.js's network and the linear model together, as a product of experts:
 * each intent's score is the weighted geometric mean of the two, normalised.
 * An intent either model all but rules out stays unlikely ("kalo mau
 * berhenti gmn" stays a question about stopping), and the linear model's
 * letter groups decide where the network knows too few words. Where the
 * network knows no word at all, the linear model reads the text alone.
 */
export class Blend implements Ranker {
  constructor(private readonly network: IntentClassifier, private readonly linear: LinearClassifier) {}

  async classify(text: string): Promise<IntentScore[]> {
    const network = await this.network.classify(text);
    const linear = this.linear.classify(text);
    if (!network.length || !linear.length) return network.length ? network : linear;
    const scores = new Map(network.map((r) => [r.intent, r.score]));
    let sum = 0;
    const out = linear.map((r) => {
      const score = Math.max(scores.get(r.intent) ?? 0, FLOOR) ** (1 - LINEAR_WEIGHT) * Math.max(r.score, FLOOR) ** LINEAR_WEIGHT;
      sum += score;
      return { intent: r.intent, score };
    });
    return out.map((r) => ({ intent: r.intent, score: r.score / sum })).sort((a, b) => b.score - a.score);
  }
}
