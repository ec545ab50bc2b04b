/**
 * A seeded synthetic news corpus for the scaling benchmark.
 *
 * Words are the real lowercase alphabetic words of the Brown corpus, ranked by frequency there.
 * Every token is drawn from a mixture: the background Zipf law (P(rank r) ~ 1 / r^s, s = 1) over
 * the whole vocabulary, or one of the article's 1-2 topics. A topic is a few hundred mid-frequency
 * words with its own Zipf law, so articles on one topic share distinctive terms the way real
 * articles on one story do, while function words dominate the raw counts as they do in English.
 * Lengths are lognormal (median 400 tokens, sigma 0.5).
 *
 * Article i depends only on (seed, i): a corpus of n articles is a prefix of every larger one with
 * the same seed, and `generateArticle` gives random access (handy for "add one more article").
 */
import { loadBrown } from "../scripts/brown.js";
import { mulberry32 } from "../scripts/seeded-random.js";

/** One synthetic article. */
export interface SyntheticArticle {
  /** `a0000042`: zero-padded so that id order is generation order. */
  id: string;
  title: string;
  text: string;
  /** ISO 8601 date; article i is published about i * 10 minutes after 2015-01-01. */
  date: string;
  /** The article's main topic (0 .. TOPICS - 1). */
  topic: number;
  /** Every topic mixed into the article, main topic first. */
  topics: number[];
}

export interface CorpusOptions {
  /** Number of articles. */
  n: number;
  /** Default 1. */
  seed?: number;
  /** Index of the first article (default 0): `{ start: n, n: 1 }` is the article after a corpus of n. */
  start?: number;
}

/** The generator's parameters, exported so that tests can check the statistics against them. */
export const PARAMS = Object.freeze({
  zipfS: 1.0,
  topics: 100,
  topicWords: 300,
  /** Topic words are drawn from these Brown frequency ranks (mid-frequency: no "the", no hapaxes). */
  topicRankMin: 150,
  topicRankMax: 8000,
  /** Share of an article's tokens drawn from its topics, uniform in this range. */
  topicShare: [0.25, 0.45] as const,
  /** Probability that an article mixes a second topic. */
  secondTopic: 0.4,
  medianLength: 400,
  sigmaLength: 0.5,
  minLength: 30,
  titleWords: [6, 10] as const,
  startDate: Date.UTC(2015, 0, 1),
  minutesApart: 10,
});

// ---------------------------------------------------------------------------------------------
// Seeds are mixed with a murmur3-style finaliser so that neighbouring (seed, i) pairs give unrelated
// streams; the generator itself is scripts/seeded-random.ts (the eval samples with it too).
export { mulberry32 };

/** Mixes two integers into one well-spread 32-bit seed. */
export function mixSeed(a: number, b: number): number {
  let h = (Math.imul(a >>> 0, 0x9e3779b1) ^ (b >>> 0)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A standard normal deviate (Box-Muller; one of the pair is dropped, which keeps streams simple). */
function normal(rng: () => number): number {
  const u = 1 - rng(); // (0, 1]: log(0) would be -Infinity
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

// ---------------------------------------------------------------------------------------------
// Sampling: Vose's alias method, O(1) per token, which matters at 40M tokens per 100k articles.

/** An O(1) sampler over indices 0 .. n-1 with the given (unnormalised) weights. */
export class AliasTable {
  readonly n: number;
  readonly #prob: Float64Array;
  readonly #alias: Uint32Array;

  constructor(weights: ArrayLike<number>) {
    const n = weights.length;
    this.n = n;
    this.#prob = new Float64Array(n);
    this.#alias = new Uint32Array(n);
    let sum = 0;
    for (let i = 0; i < n; i++) sum += weights[i] as number;
    const scaled = new Float64Array(n);
    const small: number[] = [];
    const large: number[] = [];
    for (let i = 0; i < n; i++) {
      scaled[i] = ((weights[i] as number) * n) / sum;
      ((scaled[i] as number) < 1 ? small : large).push(i);
    }
    while (small.length > 0 && large.length > 0) {
      const s = small.pop() as number;
      const l = large.pop() as number;
      this.#prob[s] = scaled[s] as number;
      this.#alias[s] = l;
      scaled[l] = (scaled[l] as number) + (scaled[s] as number) - 1;
      ((scaled[l] as number) < 1 ? small : large).push(l);
    }
    // Leftovers are 1 up to rounding.
    for (const i of large) this.#prob[i] = 1;
    for (const i of small) this.#prob[i] = 1;
  }

  /** One index; uses a single uniform draw (integer part picks the column, fraction the side). */
  sample(rng: () => number): number {
    const x = rng() * this.n;
    const i = Math.floor(x);
    return x - i < (this.#prob[i] as number) ? i : (this.#alias[i] as number);
  }
}

// ---------------------------------------------------------------------------------------------
// The model: vocabulary, background law and topics. Built once per seed (about 0.7 s, mostly
// reading Brown).

let brownWords: string[] | undefined;

/** Brown's lowercase alphabetic words, most frequent first (ties alphabetical, so deterministic). */
export function brownVocabulary(): readonly string[] {
  if (brownWords) return brownWords;
  const counts = new Map<string, number>();
  for (const text of loadBrown()) {
    for (const token of text.text.split(/\s+/)) {
      const w = token.toLowerCase();
      if (/^[a-z]+$/.test(w)) counts.set(w, (counts.get(w) ?? 0) + 1);
    }
  }
  const ranked = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  brownWords = ranked.map(([w]) => w);
  return brownWords;
}

interface Topic {
  words: Uint32Array;
  sampler: AliasTable;
}

interface Model {
  words: readonly string[];
  background: AliasTable;
  topics: Topic[];
}

const models = new Map<number, Model>();

function zipfWeights(n: number, s: number): Float64Array {
  const w = new Float64Array(n);
  for (let r = 0; r < n; r++) w[r] = 1 / Math.pow(r + 1, s);
  return w;
}

function modelFor(seed: number): Model {
  let model = models.get(seed);
  if (model) return model;
  const words = brownVocabulary();
  const rng = mulberry32(mixSeed(seed, 0xc0ffee));
  const topics: Topic[] = [];
  const span = Math.min(PARAMS.topicRankMax, words.length) - PARAMS.topicRankMin;
  for (let t = 0; t < PARAMS.topics; t++) {
    // Distinct words per topic (rejection is cheap: 300 out of ~7,850).
    const chosen = new Set<number>();
    while (chosen.size < PARAMS.topicWords) chosen.add(PARAMS.topicRankMin + Math.floor(rng() * span));
    // Set order is draw order, i.e. random: the topic's own Zipf ranks are a random permutation.
    topics.push({ words: Uint32Array.from(chosen), sampler: new AliasTable(zipfWeights(PARAMS.topicWords, PARAMS.zipfS)) });
  }
  model = { words, background: new AliasTable(zipfWeights(words.length, PARAMS.zipfS)), topics };
  models.set(seed, model);
  return model;
}

/** The words of topic `t` (for tests: articles on a topic should be full of them). */
export function topicWords(t: number, seed = 1): string[] {
  const { words, topics } = modelFor(seed);
  const topic = topics[t];
  if (!topic) throw new RangeError(`topic ${t} is not in 0..${PARAMS.topics - 1}`);
  return Array.from(topic.words, (id) => words[id] as string);
}

// ---------------------------------------------------------------------------------------------
// Articles.

function capitalise(w: string): string {
  return w.charAt(0).toUpperCase() + w.slice(1);
}

/**
 * Article number `i` of the corpus with this seed.
 * @example generateArticle(0, 1).id // "a0000000"
 */
export function generateArticle(i: number, seed = 1): SyntheticArticle {
  const { words, background, topics } = modelFor(seed);
  const rng = mulberry32(mixSeed(seed, i + 1));
  const main = Math.floor(rng() * PARAMS.topics);
  const mix = [main];
  if (rng() < PARAMS.secondTopic) {
    const other = Math.floor(rng() * (PARAMS.topics - 1));
    mix.push(other >= main ? other + 1 : other);
  }
  const [lo, hi] = PARAMS.topicShare;
  const topicShare = lo + (hi - lo) * rng();
  // Probability of drawing from the main topic; the second topic (if any) gets the rest of topicShare.
  const mainShare = mix.length === 1 ? topicShare : topicShare * (0.55 + 0.3 * rng());
  const t0 = topics[main] as Topic;
  const t1 = topics[mix[1] ?? main] as Topic;

  const word = (): string => {
    const u = rng();
    let id: number;
    if (u < mainShare) id = t0.words[t0.sampler.sample(rng)] as number;
    else if (u < topicShare) id = t1.words[t1.sampler.sample(rng)] as number;
    else id = background.sample(rng);
    return words[id] as string;
  };

  const [tMin, tMax] = PARAMS.titleWords;
  const titleLength = tMin + Math.floor(rng() * (tMax - tMin + 1));
  const titleWords: string[] = [];
  for (let j = 0; j < titleLength; j++) titleWords.push(capitalise(word()));

  const length = Math.max(PARAMS.minLength, Math.round(PARAMS.medianLength * Math.exp(PARAMS.sigmaLength * normal(rng))));
  // Sentences of 6-24 words, paragraphs of 3-6 sentences: only the tokenizer cares, but it should
  // see punctuation and case as in real text.
  const paragraphs: string[] = [];
  let sentences: string[] = [];
  let left = length;
  let paragraphLeft = 3 + Math.floor(rng() * 4);
  while (left > 0) {
    const m = Math.min(left, 6 + Math.floor(rng() * 19));
    const s: string[] = new Array<string>(m);
    for (let j = 0; j < m; j++) s[j] = word();
    s[0] = capitalise(s[0] as string);
    sentences.push(s.join(" ") + ".");
    left -= m;
    if (--paragraphLeft === 0 || left === 0) {
      paragraphs.push(sentences.join(" "));
      sentences = [];
      paragraphLeft = 3 + Math.floor(rng() * 4);
    }
  }

  const minutes = PARAMS.minutesApart * (i + rng());
  return {
    id: `a${String(i).padStart(7, "0")}`,
    title: titleWords.join(" "),
    text: paragraphs.join("\n\n"),
    date: new Date(PARAMS.startDate + minutes * 60_000).toISOString(),
    topic: main,
    topics: mix,
  };
}

/**
 * Streams a corpus: articles `start` .. `start + n - 1` (use this for 1M articles, which do not
 * fit comfortably in memory as strings).
 */
export function* generateCorpus(options: CorpusOptions): Generator<SyntheticArticle> {
  const { n, seed = 1, start = 0 } = options;
  for (let i = start; i < start + n; i++) yield generateArticle(i, seed);
}

/** The whole corpus as an array. */
export function generateCorpusArray(options: CorpusOptions): SyntheticArticle[] {
  return [...generateCorpus(options)];
}
