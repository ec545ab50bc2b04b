// Retrieval quality on the Brown Corpus: for each configuration, every one of the 500 texts queries
// its top 10, and a neighbour is relevant when it shares the query's category (15 categories).
// Prints a Markdown table (or JSON with --json) to stdout. Usage: npm run eval [-- --json]
//
// Not tried: a larger stop word list such as scikit-learn's English one, which has no JS package.
import { parseArgs } from "node:util";
import { Recommender, type RecommenderOptions } from "../src/index.js";
import { loadBrown } from "./brown.js";
import { evaluate, type Evaluation } from "../src/eval/metrics.js";
import { words as naturalStopWords } from "natural/lib/natural/util/stopwords.js";

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

const { values } = parseArgs({ options: { json: { type: "boolean", default: false } } });

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

const date = new Date().toISOString();
if (values.json) {
  console.log(JSON.stringify({ node: process.version, date, corpus: "brown", docs: brown.length, k: K, rows }, null, 2));
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
  console.log(lines.join("\n"));
}
