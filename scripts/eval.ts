// Retrieval quality, in two parts.
//
// 1. Index options on the Brown Corpus: for each configuration, every one of the 500 texts queries
//    its top 10, and a neighbour is relevant when it shares the query's category (15 categories).
// 2. `recommend` option sets (OPTION_SETS below) on each eval corpus (scripts/eval/*.ts: Brown, and
//    the changelog entries of the installed Debian packages, dated and sectioned): accuracy plus
//    what a news list also needs to be judged on: intra-list similarity, near-duplicate rate, mean
//    age gap to the query and catalogue coverage (definitions: src/eval/metrics.ts evaluateLists).
//    An option set that this version's `recommend` refuses with INVALID_OPTION is skipped with a note.
//
// Prints Markdown tables (or JSON with --json) to stdout.
// Usage: npm run eval [-- --json] [--queries N --seed 1] [--corpus brown,debian-changelogs]
// (--queries samples N of the Debian queries, seeded, when a run must be shorter.)
//
// Not tried: a larger stop word list such as scikit-learn's English one, which has no JS package.
import { parseArgs } from "node:util";
import { Recommender, type RecommenderOptions } from "../src/index.js";
import { loadBrown } from "./brown.js";
import { evaluate, type Evaluation } from "../src/eval/metrics.js";
import { words as naturalStopWords } from "natural/lib/natural/util/stopwords.js";
import type { EvalCorpus } from "./eval/corpus.js";
import { loadBrownCorpus } from "./eval/brown-corpus.js";
import { loadDebianChangelogs } from "./eval/debian-changelogs.js";
import { evaluateOptionSets, formatRows, type OptionSetRow } from "./eval/lists.js";

/**
 * The `recommend` option sets of part 2, each passed as `recommend(id, { k: 10, ...set })`. Edit
 * freely: a set using an option that `recommend` does not know yet is skipped with a one-line note.
 */
const OPTION_SETS: Record<string, unknown>[] = [
  {},
  { minScore: 0.1 },
  { recency: { halfLife: "30d" } },
  { maxAge: "365d" },
  { newer: false },
  { boost: { section: 0.5, tags: 0.3 } },
  { sameSection: true },
  { duplicates: 0.95 },
  { diversity: 0.7 },
];

const K = 10;

const CONFIGS: { name: string; options: RecommenderOptions }[] = [
  { name: "defaults", options: {} },
  { name: 'analyzer: "sklearn", tf: "raw"', options: { analyzer: "sklearn", tf: "raw" } },
  { name: 'analyzer: "sklearn", tf: "sublinear"', options: { analyzer: "sklearn", tf: "sublinear" } },
  { name: 'tf: "raw"', options: { tf: "raw" } },
  { name: 'idf: "plain"', options: { idf: "plain" } },
  { name: 'idf: "none"', options: { idf: "none" } },
  { name: "stemming: false", options: { stemming: false } },
  { name: "stopWords: false", options: { stopWords: false } },
  { name: "stopWords: natural's list only", options: { stopWords: [...naturalStopWords] } },
  { name: "numbers: false", options: { numbers: false } },
  { name: "minLength: 3", options: { minLength: 3 } },
  { name: "foldAccents: true", options: { foldAccents: true } },
  { name: "maxDf: 0.5", options: { maxDf: 0.5 } },
  { name: "maxDf: 0.3", options: { maxDf: 0.3 } },
  { name: "minDf: 1", options: { minDf: 1 } },
  { name: "minDf: 3", options: { minDf: 3 } },
  { name: "minDf: 5", options: { minDf: 5 } },
  { name: "maxDf: 0.5, minDf: 1", options: { maxDf: 0.5, minDf: 1 } },
];

const { values } = parseArgs({
  options: {
    json: { type: "boolean", default: false },
    // Debian entries that query: a seeded sample of this many (default: all, about 11k on a small install).
    queries: { type: "string" },
    seed: { type: "string", default: "1" },
    corpus: { type: "string", default: "brown,debian-changelogs" },
  },
});

const brown = loadBrown();
// Text only: Brown has no titles, and loadBrown's "title" is just the first sentence, which the
// default title weight (3) would count again.
const articles = brown.map(({ id, text }) => ({ id, text, title: undefined }));
const labelled = brown.map(({ id, category }) => ({ id, label: category }));

function build(options: RecommenderOptions): { rec: Recommender; ms: number } {
  const start = performance.now();
  const rec = new Recommender(options).add(articles).build();
  return { rec, ms: performance.now() - start };
}

// One untimed build first, so that JIT warm-up is not charged to the first row.
build({});

const rows: (Evaluation & { name: string; options: RecommenderOptions; buildMs: number })[] = [];
for (const { name, options } of CONFIGS) {
  const { rec, ms } = build(options);
  rows.push({ name, options, buildMs: ms, ...evaluate(rec, labelled, K) });
}

// Part 2: option sets over each corpus. A corpus that cannot be read here (no dpkg-query: not Debian) is noted and skipped.
const LOADERS: Record<string, () => EvalCorpus> = {
  brown: loadBrownCorpus,
  "debian-changelogs": () => loadDebianChangelogs({ queries: values.queries === undefined ? Infinity : Number(values.queries), seed: Number(values.seed) }),
};
const listParts: { corpus: string; description: string; sampling?: string; queries: number; rows: OptionSetRow[] }[] = [];
const unavailable: string[] = [];
for (const name of values.corpus.split(",").filter(Boolean)) {
  const load = LOADERS[name];
  if (!load) throw new Error(`Unknown corpus "${name}": one of ${Object.keys(LOADERS).join(", ")}`);
  let corpus: EvalCorpus;
  try {
    corpus = load();
  } catch (e) {
    unavailable.push(`${name}: not available here (${(e as Error).message.split("\n")[0]})`);
    continue;
  }
  const rows = evaluateOptionSets(corpus, OPTION_SETS, K);
  const queries = corpus.queries?.length ?? corpus.articles.length;
  listParts.push({ corpus: corpus.name, description: corpus.description, sampling: corpus.sampling, queries, rows });
}

const date = new Date().toISOString();
if (values.json) {
  console.log(JSON.stringify({ node: process.version, date, corpus: "brown", docs: brown.length, k: K, rows, lists: listParts, unavailable }, null, 2));
} else {
  const f = (x: number) => x.toFixed(3);
  const lines = [
    `Node ${process.version}, ${date}`,
    `Brown Corpus: ${brown.length} texts, text only, relevant = same category, k = ${K}. MRR is over the top ${K}.`,
    "",
    `| configuration | P@${K} | nDCG@${K} | MRR | build ms |`,
    "| --- | ---: | ---: | ---: | ---: |",
    ...rows.map((r) => `| ${r.name} | ${f(r.precision)} | ${f(r.ndcg)} | ${f(r.mrr)} | ${r.buildMs.toFixed(0)} |`),
  ];
  for (const part of listParts) {
    lines.push(
      "",
      `${part.corpus}: ${part.description}.`,
      `Queries: ${part.sampling ?? `all ${part.queries}`}. recommend(id, { k: ${K}, ...set }) on an index with the default options.`,
      `Intra-list sim = mean over lists of the mean explain(a, b).score over the list's pairs; near-dup rate = pairs above 0.9 / all within-list pairs;`,
      `mean age gap = mean |query date - result date| in days over dated pairs; coverage = share of all articles in at least one list.`,
      "",
      formatRows(part.rows, K),
    );
  }
  for (const note of unavailable) lines.push("", `skipped corpus ${note}`);
  console.log(lines.join("\n"));
}
