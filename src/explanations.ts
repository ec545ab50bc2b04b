/**
 * `explain`: why article B is in article A's list. The shared words and what each adds (and its
 * field, under fieldScoring "apart"), for the query lists are searched with: the cosine query, the
 * query moved by feedback, or the cosine scaled by the shared-neighbours rerank beside the share of
 * neighbours the two have in common. The score is the one `recommend` gives, before the signals.
 */
import type { DocIndex } from "./corpus/segment.js";
import type { FieldName } from "./corpus/field-terms.js";
import type { ResolvedOptions } from "./options.js";
import { explainPair, explainQuery, type Explanation } from "./search/explain.js";
import type { ListCache } from "./search/kept-lists.js";
import type { Scratch } from "./search/kernels/scratch.js";
import { queryOf, sharedNeighbourCount, type IndexView, type SecondPasses } from "./lists.js";

/** What an explanation reads besides the two documents. */
export interface ExplainContext {
  view: IndexView;
  options: ResolvedOptions;
  /** The word shown for a term (its readable word). */
  word: (t: number) => string;
  /** The field of a term, under fieldScoring "apart". */
  fieldOf: ((t: number) => FieldName) | undefined;
  /** Runs a search with the index's scratch space (query-runs.ts). */
  run: <T>(work: (scratch: Scratch) => T) => T;
  /** The kept lists, which the first pass of a second-pass option reads and keeps. */
  lists: ListCache | null;
}

/** The explanation of documents `dA` and `dB` of a refreshed index. */
export function explainArticles(c: ExplainContext, dA: DocIndex, dB: DocIndex): Explanation {
  const { view, word, fieldOf } = c;
  const m = view.m;
  const shared = c.options.sharedNeighbours;
  if (shared !== undefined) {
    const e = explainPair(m, dA, dB, word, fieldOf);
    const count = c.run((scratch) => sharedNeighbourCount(view, dA, dB, scratch, c.lists));
    const keep = 1 - shared.weight;
    const fields = e.fields === undefined ? {} : { fields: { title: e.fields.title * keep, text: e.fields.text * keep, tags: e.fields.tags * keep } };
    return {
      score: (view.passes as SecondPasses).sharedScore(e.score, count, shared),
      terms: e.terms.map((t) => ({ ...t, contribution: t.contribution * keep })),
      ...fields,
      sharedNeighbours: { count, contribution: shared.weight * (count / (shared.depth + 1)) },
    };
  }
  if (c.options.feedback === undefined) return explainPair(m, dA, dB, word, fieldOf);
  // The moved query of A (its first pass may keep A's cosine list, as recommend's does).
  return c.run((scratch) => explainQuery(m, queryOf(view, dA, scratch, c.lists), dB, word, fieldOf));
}
