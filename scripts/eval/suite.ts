// The index-option part of `npm run eval`: each configuration (a RecommenderOptions object) builds
// an index over each corpus of the suite and is judged on that corpus's queries (judgements.ts);
// then one MEAN row per configuration across the corpora, by which the defaults are chosen.
import { Recommender, RecommenderError, type RecommenderOptions } from "../../src/index.js";
import type { EvalCorpus } from "./corpus.js";
import { evaluateJudged, judgementsOf, type JudgedEvaluation } from "./judgements.js";

/** A named set of index options. */
export interface IndexConfig {
  name: string;
  options: RecommenderOptions;
}

/** One configuration on one corpus: its scores and times, or why the constructor refused it. */
export type SuiteRow =
  | ({ config: string; buildMs: number; queryMs: number } & JudgedEvaluation)
  | { config: string; skipped: string };

/** One corpus's rows, with what the report says about the corpus. */
export interface SuiteCorpus {
  name: string;
  description: string;
  sampling: string;
  articles: number;
  rows: SuiteRow[];
}

/**
 * Builds one index per configuration over the corpus and evaluates it on the corpus's judged
 * queries. A configuration that `new Recommender` refuses with INVALID_OPTION (an option or a
 * combination this version does not take) is skipped with the message, on every corpus alike.
 */
export function evaluateConfigs(corpus: EvalCorpus, configs: readonly IndexConfig[], k: number): SuiteCorpus {
  const judgements = judgementsOf(corpus);
  const rows: SuiteRow[] = [];
  // One untimed build and a few queries first, so that JIT warm-up is not charged to the first row.
  const warm = new Recommender().add(corpus.articles.slice(0, 2000)).build();
  for (const a of corpus.articles.slice(0, 50)) warm.recommend(a.id, { k });
  for (const { name, options } of configs) {
    let rec: Recommender;
    const start = performance.now();
    try {
      rec = new Recommender(options);
    } catch (e) {
      if (e instanceof RecommenderError && e.code === "INVALID_OPTION") {
        rows.push({ config: name, skipped: e.message });
        continue;
      }
      throw e;
    }
    rec.add(corpus.articles).build();
    const buildMs = performance.now() - start;
    const t = performance.now();
    const scores = evaluateJudged(rec, judgements, k);
    rows.push({ config: name, buildMs, queryMs: (performance.now() - t) / Math.max(1, scores.queries), ...scores });
  }
  return { name: corpus.name, description: corpus.description, sampling: corpus.sampling ?? `all ${judgements.size} judged articles`, articles: corpus.articles.length, rows };
}

const f = (x: number) => x.toFixed(3);

/** One corpus's table: a row per configuration, skipped ones as notes below. */
export function formatCorpus(part: SuiteCorpus, k: number): string {
  const lines = [`| configuration | P@${k} | nDCG@${k} | MRR | build s | ms/query |`, "| --- | ---: | ---: | ---: | ---: | ---: |"];
  const notes: string[] = [];
  for (const r of part.rows) {
    if ("skipped" in r) notes.push(`skipped ${r.config}: ${r.skipped}`);
    else lines.push(`| ${r.config} | ${f(r.precision)} | ${f(r.ndcg)} | ${f(r.mrr)} | ${(r.buildMs / 1000).toFixed(1)} | ${r.queryMs.toFixed(2)} |`);
  }
  return [...lines, ...(notes.length ? ["", ...notes] : [])].join("\n");
}

/** Per configuration, the mean of P@k, nDCG@k and MRR over the corpora where it ran, and each corpus's nDCG@k. */
export interface MeanRow {
  config: string;
  corpora: number;
  precision: number;
  ndcg: number;
  mrr: number;
  ndcgByCorpus: (number | null)[];
}

/** The MEAN rows: each corpus weighs the same, whatever its number of queries. */
export function meanRows(parts: readonly SuiteCorpus[], configs: readonly IndexConfig[]): MeanRow[] {
  return configs.map(({ name }) => {
    const ran = parts.map((p) => p.rows.find((r) => r.config === name)).map((r) => (r && !("skipped" in r) ? r : null));
    const done = ran.filter((r): r is NonNullable<typeof r> => r !== null);
    const mean = (pick: (r: (typeof done)[number]) => number) => (done.length === 0 ? NaN : done.reduce((s, r) => s + pick(r), 0) / done.length);
    return { config: name, corpora: done.length, precision: mean((r) => r.precision), ndcg: mean((r) => r.ndcg), mrr: mean((r) => r.mrr), ndcgByCorpus: ran.map((r) => (r ? r.ndcg : null)) };
  });
}

/** The MEAN table: one row per configuration that ran on every corpus, best mean nDCG@k marked. */
export function formatMeans(parts: readonly SuiteCorpus[], configs: readonly IndexConfig[], k: number): string {
  const rows = meanRows(parts, configs).filter((r) => r.corpora === parts.length && parts.length > 0);
  const best = Math.max(...rows.map((r) => r.ndcg));
  const lines = [
    `| configuration | MEAN P@${k} | MEAN nDCG@${k} | MEAN MRR | ${parts.map((p) => `${p.name} nDCG@${k}`).join(" | ")} |`,
    `| --- | ---: | ---: | ---: | ${parts.map(() => "---:").join(" | ")} |`,
    ...rows.map((r) => {
      const ndcg = r.ndcg === best ? `**${f(r.ndcg)}**` : f(r.ndcg);
      return `| ${r.config} | ${f(r.precision)} | ${ndcg} | ${f(r.mrr)} | ${r.ndcgByCorpus.map((x) => (x === null ? "n/a" : f(x))).join(" | ")} |`;
    }),
  ];
  return lines.join("\n");
}
