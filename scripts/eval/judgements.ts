// Per-query relevance for every eval corpus, labelled or linked, and P@k, nDCG@k and MRR over it
// with src/eval/metrics.ts's formulas. metrics.ts's `evaluate` judges by labels (same label =
// relevant), which a man page's SEE ALSO links cannot be written as: a page's links are its own,
// not a class it shares. Here both kinds become one map, query -> relevant ids.
import { ndcgAtK, precisionAtK, reciprocalRank, type Ranker } from "../../src/eval/metrics.js";
import type { EvalCorpus } from "./corpus.js";

/**
 * Query id -> the ids relevant to it. The set may hold the query itself (a label's members do):
 * the query is never counted as relevant, nor among its relevant items.
 */
export type Judgements = ReadonlyMap<string, ReadonlySet<string>>;

/**
 * A corpus's judgements over its queries: its `relevant` map when it has one, else its labels
 * (relevant = the other articles with the query's label). Without a `queries` list, the queries are
 * the labelled articles that have another article with their label.
 */
export function judgementsOf(corpus: EvalCorpus): Judgements {
  if (corpus.relevant) {
    const queries = corpus.queries ?? [...corpus.relevant.keys()];
    return new Map(queries.flatMap((q) => {
      const rel = corpus.relevant?.get(q);
      return rel ? [[q, rel] as const] : [];
    }));
  }
  // One shared set per label: a label with thousands of members is not copied for each query.
  const members = new Map<string, Set<string>>();
  for (const a of corpus.articles) {
    const label = corpus.labels.get(a.id);
    if (label === undefined) continue;
    let set = members.get(label);
    if (!set) members.set(label, (set = new Set()));
    set.add(a.id);
  }
  const queries = corpus.queries ?? corpus.articles.map((a) => a.id);
  const out = new Map<string, ReadonlySet<string>>();
  for (const q of queries) {
    const label = corpus.labels.get(q);
    const set = label === undefined ? undefined : members.get(label);
    if (set && set.size > (set.has(q) ? 1 : 0)) out.set(q, set);
  }
  return out;
}

/** Mean P@k, nDCG@k and MRR@k over the judged queries. */
export interface JudgedEvaluation {
  k: number;
  queries: number;
  precision: number;
  ndcg: number;
  mrr: number;
  /** Mean number of relevant items per query (the query excluded). */
  meanRelevant: number;
}

/**
 * Asks each judged query for its top k and averages P@k, nDCG@k (ideal = min(k, relevant count))
 * and reciprocal rank within the top k, exactly as metrics.ts's `evaluate` does for labels.
 * @param rec a ranker over the corpus (every query must be indexed)
 * @param judgements query -> relevant ids (see Judgements)
 * @param k cut-off, default 10
 * @returns the means; all 0 when there is no query
 */
export function evaluateJudged(rec: Ranker, judgements: Judgements, k = 10): JudgedEvaluation {
  let precision = 0;
  let ndcg = 0;
  let mrr = 0;
  let relevantTotal = 0;
  for (const [q, rel] of judgements) {
    const total = rel.size - (rel.has(q) ? 1 : 0);
    const ranked = rec.recommend(q, { k }).map((r) => r.id !== q && rel.has(r.id));
    precision += precisionAtK(ranked, k);
    ndcg += ndcgAtK(ranked, k, total);
    mrr += reciprocalRank(ranked.slice(0, k));
    relevantTotal += total;
  }
  const n = judgements.size;
  const mean = (sum: number) => (n === 0 ? 0 : sum / n);
  return { k, queries: n, precision: mean(precision), ndcg: mean(ndcg), mrr: mean(mrr), meanRelevant: mean(relevantTotal) };
}
