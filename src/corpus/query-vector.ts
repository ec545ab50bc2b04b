/**
 * The row of a draft (`recommendText`): the same terms and counts the row builder (vectorize.ts)
 * gives an indexed article, read the slow way (the analyzer's tokens, not the token tables), and
 * nothing recorded. Word pairs: analysis/word-pairs.ts; term spaces: field-terms.ts.
 */
import type { Analyzer } from "../analysis/analyzer.js";
import { eachPair, termsWithBreaks } from "../analysis/word-pairs.js";
import { spaceTerm, type TermSpace } from "./field-terms.js";
import type { SparseRow } from "./matrix.js";
import type { Vocabulary } from "./vocabulary.js";
import { bm25LengthFactor, bm25Weight, tfWeight, type Bm25Params, type TfMode } from "./weighting.js";
import { bm25Of, eachField, pairWeightOf, type ArticleText, type VectorizeOptions } from "./vector-options.js";

/**
 * Calls `visit(term, count)` for each term of a field (in its term space), then for each of its
 * word pairs (with `pairWeight` > 0): the order the row builder counts them in. A pair is of two
 * terms of the space, as the row builder makes it.
 */
function eachTerm(analyze: Analyzer, text: string, weight: number, pairWeight: number, space: TermSpace, visit: (term: string, count: number) => void): void {
  if (pairWeight === 0) {
    for (const term of analyze(text)) visit(spaceTerm(term, space), weight);
    return;
  }
  const terms = termsWithBreaks(analyze, text).map((t) => (t === "" ? t : spaceTerm(t, space)));
  for (const term of terms) if (term !== "") visit(term, weight);
  const w = weight * pairWeight;
  eachPair(terms, (pair) => visit(pair, w));
}

/** Sorts the counted term ids and turns counts into tf weights (`weigh`). */
function toRow(counts: Map<number, number>, weigh: (count: number) => number): SparseRow {
  const terms = Uint32Array.from(counts.keys()).sort();
  const weights = new Float32Array(terms.length);
  for (let i = 0; i < terms.length; i++) weights[i] = weigh(counts.get(terms[i] as number) as number);
  return { terms, weights };
}

/**
 * The row of a draft (a query that is not indexed): terms the vocabulary has never seen are
 * ignored (under bm25 they count in the length), and nothing is recorded.
 */
export function vectorizeQuery(article: ArticleText, analyze: Analyzer, options: VectorizeOptions, vocab: Vocabulary): SparseRow {
  const bm25 = bm25Of(options);
  if (bm25 !== null) return bm25Query(article, analyze, options, vocab, bm25);
  const counts = new Map<number, number>();
  const pairs = pairWeightOf(options);
  eachField(article, options, (text, weight, space) => {
    eachTerm(analyze, text, weight, pairs, space, (term, w) => {
      const id = vocab.idOf(term);
      if (id >= 0) counts.set(id, (counts.get(id) ?? 0) + w);
    });
  });
  const tf = options.tf as Exclude<TfMode, "bm25">;
  return toRow(counts, (c) => tfWeight(c, tf));
}

/** `vectorizeQuery` under tf "bm25": every term counted (by term, first-seen order, as RowBuilder adds a length), then the known ones kept. */
function bm25Query(article: ArticleText, analyze: Analyzer, options: VectorizeOptions, vocab: Vocabulary, bm25: Bm25Params): SparseRow {
  const all = new Map<string, number>();
  const pairs = pairWeightOf(options);
  eachField(article, options, (text, weight, space) => {
    eachTerm(analyze, text, weight, pairs, space, (term, w) => all.set(term, (all.get(term) ?? 0) + w));
  });
  let length = 0;
  for (const c of all.values()) length += c;
  const factor = bm25LengthFactor(length, bm25);
  const counts = new Map<number, number>();
  for (const [term, c] of all) {
    const id = vocab.idOf(term);
    if (id >= 0) counts.set(id, c);
  }
  return toRow(counts, (c) => bm25Weight(c, bm25.k1, factor));
}

