// Runs `recommend` option sets over an eval corpus and measures the lists (src/eval/metrics.ts's
// evaluateLists): accuracy against the corpus's labels and the beyond-accuracy measures.
import { Recommender, RecommenderError, type RecommendOptions } from "../../src/index.js";
import { evaluateLists, type ListEvaluation, type PairSimilarity } from "../../src/eval/metrics.js";
import type { EvalCorpus } from "./corpus.js";

/** One option set's outcome: its measures, or why it was skipped. */
export type OptionSetRow =
  | ({ options: Record<string, unknown>; ms: number } & ListEvaluation)
  | { options: Record<string, unknown>; skipped: string };

/** `{ recency: { halfLife: "30d" } }`: an option set as it would be written in code. */
export function describeOptions(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(describeOptions).join(", ")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value);
    return entries.length === 0 ? "{}" : `{ ${entries.map(([key, v]) => `${key}: ${describeOptions(v)}`).join(", ")} }`;
  }
  return JSON.stringify(value) ?? String(value);
}

/**
 * Indexes the corpus once with the default options, then, for each option set, asks every query
 * for its top k with `{ k, ...options }` and evaluates the lists. An option set that `recommend`
 * refuses with INVALID_OPTION (an option this version does not have yet) is skipped, with the
 * message. Pair similarities are `explain(a, b).score`, cached across option sets (it is symmetric).
 */
export function evaluateOptionSets(corpus: EvalCorpus, optionSets: readonly Record<string, unknown>[], k: number): OptionSetRow[] {
  const rec = new Recommender().add(corpus.articles).build();
  // Every option set searches: kept lists would make the sets after the first look-ups, and their
  // times incomparable (kept lists answer only queries without ranking options anyway).
  rec.keepLists = false;
  const docs = corpus.articles.map(({ id, date }) => ({ id, date, label: corpus.labels.get(id) }));
  const queries = corpus.queries ?? corpus.articles.map((a) => a.id);
  const cache = new Map<string, number>();
  const similarity: PairSimilarity = (a, b) => {
    const key = a < b ? `${a}\0${b}` : `${b}\0${a}`;
    let s = cache.get(key);
    if (s === undefined) cache.set(key, (s = rec.explain(a, b).score));
    return s;
  };
  // Untimed warm-up queries, so that JIT compilation is not charged to the first option set.
  for (const id of queries.slice(0, 200)) rec.recommend(id, { k });
  const rows: OptionSetRow[] = [];
  for (const options of optionSets) {
    const start = performance.now();
    const lists = new Map<string, { id: string }[]>();
    try {
      for (const id of queries) lists.set(id, rec.recommend(id, { ...options, k } as RecommendOptions));
    } catch (e) {
      if (e instanceof RecommenderError && e.code === "INVALID_OPTION") {
        rows.push({ options, skipped: e.message });
        continue;
      }
      throw e;
    }
    const ms = performance.now() - start;
    rows.push({ options, ms, ...evaluateLists(lists, docs, similarity, { k }) });
  }
  return rows;
}

/** The rows as a Markdown table, skipped option sets as one line each below it. */
export function formatRows(rows: readonly OptionSetRow[], k: number): string {
  const f = (x: number | null, digits = 3) => (x === null ? "n/a" : x.toFixed(digits));
  const lines = [
    `| option set | P@${k} | nDCG@${k} | MRR | intra-list sim | near-dup rate | mean age gap days | coverage | mean length | ms/query |`,
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  const notes: string[] = [];
  for (const r of rows) {
    const name = `\`${describeOptions(r.options)}\``;
    if ("skipped" in r) {
      notes.push(`skipped ${name}: ${r.skipped}`);
      continue;
    }
    // Every (query, result) pair is either dated or undated: together they are all the results.
    const length = r.lists === 0 ? null : (r.datedPairs + r.undatedPairs) / r.lists;
    const gap = r.meanAgeGapDays === null ? "n/a" : r.meanAgeGapDays.toFixed(0);
    lines.push(`| ${name} | ${f(r.precision)} | ${f(r.ndcg)} | ${f(r.mrr)} | ${f(r.intraListSimilarity)} | ${f(r.nearDuplicateRate)} | ${gap} | ${f(r.coverage)} | ${f(length, 1)} | ${f(r.lists === 0 ? null : r.ms / r.lists, 2)} |`);
  }
  return [...lines, ...(notes.length ? ["", ...notes] : [])].join("\n");
}
