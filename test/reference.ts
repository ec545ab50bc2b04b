/**
 * A brute-force TF-IDF cosine reference for the tests, written without src/matrix.ts or
 * src/kernels/: every article becomes a dense float64 vector over the whole vocabulary, and
 * scores come from ml-distance's dense cosine (or a plain dot product for norm "none").
 * Only the analyzer (tested on its own in tokenize.test.ts) and option resolution are shared.
 *
 * The one rounding copied from the index is its documented storage: tf weights are float32 (STYLE.md
 * section 4: weights may be float32, sums may not). Everything else is float64, so results agree to
 * about 1e-15 and REFERENCE_TOLERANCE can catch any float32 norm, idf or sum (errors near 1e-8).
 * test/sklearn.test.ts bounds what the float32 weights themselves cost against scikit-learn.
 */
import { similarity } from "ml-distance";
import { expect } from "vitest";
import { analyzerFor, resolveOptions, type RecommenderOptions } from "../src/options.js";
import type { Analyzer } from "../src/analysis/analyzer.js";

export interface RefArticle {
  id: string;
  title?: string;
  text: string;
  tags?: readonly string[];
}

export interface Scored {
  id: string;
  score: number;
}

export interface ReferenceModel {
  ids: string[];
  /** Terms that pass minDf/maxDf, in the order of the vector components. */
  terms: string[];
  /** One dense tf-idf vector per article. */
  vectors: number[][];
  norm: "l2" | "none";
}

/**
 * Largest |actual - expected| (relative above 1) allowed between the Recommender and this reference:
 * about 4x the worst measured, 8.5e-15 over 885,000 scores (50x the runs of test/properties.test.ts:
 * every tf, idf and norm, field weights, drafts, incremental updates; all but 28 within 2e-15).
 * Without the float32 tf weights below, the worst would be 4.1e-8, the size of the errors (float32
 * norms, idf or sums) this tolerance is there to catch.
 */
export const REFERENCE_TOLERANCE = 3.5e-14;

/**
 * The textbook definitions, written out again (not imported from src/weighting.ts). `length` is
 * the article's length for BM25: the sum of all its field-weighted term counts.
 */
function tf(count: number, length: number, o: Resolved): number {
  if (o.tf === "bm25") {
    // Robertson's BM25 tf, with the fixed pivot avgLength in place of the corpus's mean length.
    const { k1, b, avgLength } = o.bm25;
    return (count * (k1 + 1)) / (count + k1 * (1 - b + b * (length / avgLength)));
  }
  return o.tf === "sublinear" && count > 1 ? 1 + Math.log(count) : count;
}

function idf(n: number, df: number, mode: "smooth" | "plain" | "none"): number {
  if (mode === "smooth") return Math.log((1 + n) / (1 + df)) + 1;
  if (mode === "plain") return Math.log(n / df) + 1;
  return 1;
}

function bound(value: number, n: number): number {
  return value > 0 && value < 1 ? value * n : value;
}

interface Resolved {
  analyze: Analyzer;
  fields: { title: number; text: number; tags: number };
  tf: "raw" | "sublinear" | "bm25";
  bm25: { k1: number; b: number; avgLength: number };
  idf: "smooth" | "plain" | "none";
  norm: "l2" | "none";
  minDf: number;
  maxDf: number;
  /** fieldScoring "apart": a title's and a tag's terms are components of their own. */
  apart: boolean;
  wordPairs: number;
}

/** Option defaults and presets come from src/options.ts (they are options, not arithmetic). */
function resolve(options: RecommenderOptions): Resolved {
  const o = resolveOptions(options);
  // BM25's parameters are NaN unless tf is "bm25" (then resolveOptions fills in their defaults).
  const bm25 = { k1: o.k1 ?? NaN, b: o.b ?? NaN, avgLength: o.avgLength ?? NaN };
  return { analyze: analyzerFor(o), fields: o.fields, tf: o.tf, bm25, idf: o.idf, norm: o.norm, minDf: o.minDf, maxDf: o.maxDf, apart: o.fieldScoring === "apart", wordPairs: o.wordPairs };
}

// Word pairs, as the README defines them: words are cut at ASCII whitespace; a pair is two
// neighbouring tokens of one field that both have a term, with no dropped token between them and
// no break: a word ending, or the next one starting, with one of these characters.
const PAIR_BREAKS = new Set([...'.,;:!?()[]{}"', ..."\u00a1\u00ab\u00bb\u00bf\u2013\u2014\u201c\u201d\u201e\u2026\u3001\u3002\u3008\u3009\u300a\u300b\u300c\u300d\u300e\u300f\u3010\u3011\uff01\uff08\uff09\uff0c\uff0e\uff1a\uff1b\uff1f"]);

/** The pairs of a field's text, in order, as "term term" keys. */
export function referencePairs(analyze: Analyzer, text: string): string[] {
  const words = text.split(/[ \t\n\v\f\r]+/).filter((w) => w !== "");
  const pairs: string[] = [];
  let prev = "";
  words.forEach((word, i) => {
    if (i > 0 && (PAIR_BREAKS.has(word[0] as string) || PAIR_BREAKS.has((words[i - 1] as string).at(-1) as string))) prev = "";
    for (const token of analyze.tokens(word)) {
      const term = analyze.term(token);
      if (prev !== "" && term !== "") pairs.push(`${prev} ${term}`);
      prev = term;
    }
  });
  return pairs;
}

/**
 * Field-weighted term counts of one article, in the order terms first occur (title, text, tags).
 * Under fieldScoring "apart" a title's or a tag's term is keyed by its field too ("title title|x"),
 * so that it is a component of its own, never the text's "x" (this file's own keys, not the index's).
 */
function countTerms(a: Omit<RefArticle, "id">, o: Resolved): Map<string, number> {
  const c = new Map<string, number>();
  const field = (text: string | undefined, weight: number, name: string) => {
    if (text === undefined || weight === 0) return;
    // Under "apart" a title's or a tag's terms, and their pairs, are components of their own.
    const key = (t: string) => (o.apart && name !== "text" ? `${name} field|${t}` : t);
    for (const t of o.analyze(text)) c.set(key(t), (c.get(key(t)) ?? 0) + weight);
    // Pairs count the field's weight times wordPairs.
    if (o.wordPairs > 0) for (const pair of referencePairs(o.analyze, text)) c.set(key(pair), (c.get(key(pair)) ?? 0) + weight * o.wordPairs);
  };
  field(a.title, o.fields.title, "title");
  field(a.text, o.fields.text, "text");
  for (const tag of a.tags ?? []) field(tag, o.fields.tags, "tags");
  return c;
}

interface Corpus {
  model: ReferenceModel;
  df: Map<string, number>;
  o: Resolved;
}

function buildCorpus(articles: readonly RefArticle[], options: RecommenderOptions): Corpus {
  const o = resolve(options);
  const counts = articles.map((a) => countTerms(a, o));
  const n = articles.length;
  const df = new Map<string, number>();
  for (const c of counts) for (const term of c.keys()) df.set(term, (df.get(term) ?? 0) + 1);
  const lo = bound(o.minDf, n);
  const hi = bound(o.maxDf, n);
  const terms = [...df.keys()].filter((t) => (df.get(t) as number) >= lo && (df.get(t) as number) <= hi).sort();
  const vectors = counts.map((c) => vectorOver(c, terms, df, n, o));
  return { model: { ids: articles.map((a) => a.id), terms, vectors, norm: o.norm }, df, o };
}

function vectorOver(c: Map<string, number>, terms: readonly string[], df: Map<string, number>, n: number, o: Resolved): number[] {
  // Every term counts in the length, also those minDf/maxDf or the vocabulary leave out.
  let length = 0;
  for (const count of c.values()) length += count;
  return terms.map((t) => {
    const count = c.get(t);
    // The index stores tf weights as float32 (idf and norms are float64).
    return count === undefined ? 0 : Math.fround(tf(count, length, o)) * idf(n, df.get(t) as number, o.idf);
  });
}

/** Dense tf-idf vectors of `articles` under `options` (the Recommender's options, defaults filled in). */
export function referenceModel(articles: readonly RefArticle[], options: RecommenderOptions = {}): ReferenceModel {
  return buildCorpus(articles, options).model;
}

function isZero(v: readonly number[]): boolean {
  return v.every((x) => x === 0);
}

/** The similarity of two dense vectors: ml-distance's cosine (0 for a zero vector, where it gives NaN), or a dot product. */
export function referenceScore(a: readonly number[], b: readonly number[], norm: "l2" | "none"): number {
  if (norm === "none") return a.reduce((sum, x, i) => sum + x * (b[i] as number), 0);
  if (isZero(a) || isZero(b)) return 0;
  return similarity.cosine(a as number[], b as number[]);
}

function ranked(model: ReferenceModel, q: readonly number[], skip: number): Scored[] {
  const out: Scored[] = [];
  model.ids.forEach((id, j) => {
    if (j === skip) return;
    const score = referenceScore(q, model.vectors[j] as number[], model.norm);
    if (score > 0) out.push({ id, score });
  });
  return out.sort((x, y) => y.score - x.score || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
}

/** Every other article with a positive score, best first, ties by id (what `recommend(id, { k: all })` must return). */
export function referenceRecommend(model: ReferenceModel, id: string): Scored[] {
  const i = model.ids.indexOf(id);
  return ranked(model, model.vectors[i] as number[], i);
}

/**
 * What `recommendText(draft, { k: all })` must return: idf and minDf/maxDf come from the corpus
 * alone, and the draft's terms that the corpus does not use are ignored.
 */
export function referenceRecommendText(
  articles: readonly RefArticle[],
  options: RecommenderOptions,
  draft: Omit<RefArticle, "id">,
): Scored[] {
  const { model, df, o } = buildCorpus(articles, options);
  return ranked(model, vectorOver(countTerms(draft, o), model.terms, df, articles.length, o), -1);
}

/** Tolerance of `expected`: absolute, or relative to |expected| when it exceeds 1 (dot products under norm "none"). */
function close(actual: number, expected: number, tol: number): boolean {
  return Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected));
}

/**
 * Asserts that two complete result lists agree: same ids with the same scores (within `tol`),
 * position by position within `tol` too, so that only articles whose scores are within `tol` of
 * each other may trade places. (Checked in plain code, with one `expect` per list: suites call
 * this hundreds of thousands of times.)
 */
export function expectSameResults(actual: readonly Scored[], expected: readonly Scored[], tol: number, label = ""): void {
  const problem = compareResults(actual, expected, tol);
  if (problem !== null) {
    const fmt = (l: readonly Scored[]) => l.map((r) => `${r.id}:${r.score.toFixed(12)}`).join(" ");
    expect.fail(`${label}: ${problem}\nactual:   ${fmt(actual)}\nexpected: ${fmt(expected)}`);
  }
}

function compareResults(actual: readonly Scored[], expected: readonly Scored[], tol: number): string | null {
  if (actual.length !== expected.length) return `${actual.length} results, expected ${expected.length}`;
  const byId = new Map(expected.map((r) => [r.id, r.score]));
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i] as Scored;
    const e = expected[i] as Scored;
    if (!close(a.score, e.score, tol)) return `score at position ${i}: ${a.score} vs ${e.score}`;
    const mine = byId.get(a.id);
    if (mine === undefined) return `${a.id} is not expected`;
    if (!close(a.score, mine, tol)) return `score of ${a.id}: ${a.score} vs ${mine}`;
  }
  return null;
}

/** Asserts the documented order: score descending, then id ascending. */
export function expectWellOrdered(list: readonly Scored[]): void {
  for (let i = 1; i < list.length; i++) {
    const p = list[i - 1] as Scored;
    const c = list[i] as Scored;
    if (!(p.score > c.score || (p.score === c.score && p.id < c.id))) {
      expect.fail(`${p.id}:${p.score} is listed before ${c.id}:${c.score}`);
    }
  }
}

/** The dense model of `articles` and a draft's vector over its terms, as `referenceRecommendText` builds them. */
export function referenceDraftModel(
  articles: readonly RefArticle[],
  options: RecommenderOptions,
  draft: Omit<RefArticle, "id">,
): { model: ReferenceModel; vector: number[] } {
  const { model, df, o } = buildCorpus(articles, options);
  return { model, vector: vectorOver(countTerms(draft, o), model.terms, df, articles.length, o) };
}
