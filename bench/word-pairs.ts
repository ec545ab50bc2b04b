/**
 * What word pairs (option wordPairs) cost: `npx tsx bench/word-pairs.ts [--sizes 10000] [--weight 0.5]
 * [--rounds 3] [--queries 1000] [--no-man]`. For Brown, the installed manual pages (real text, from
 * scripts/eval) and synthetic corpora, the defaults and the defaults with wordPairs: build time
 * (add + build, median of the rounds), terms, postings, index bytes (typed arrays) and snapshot
 * bytes, bytes per posting, recommend p50/p99 over a seeded query sample, and relatedAll (k 10)
 * on one thread. The two settings alternate within each round, so that load on the machine
 * weighs on both alike. Prints a Markdown table; single-threaded throughout.
 */
import { cpus } from "node:os";
import { parseArgs } from "node:util";
import { loadBrown } from "../scripts/brown.js";
import { loadManPages } from "../scripts/eval/man-pages.js";
import type { RecommenderOptions } from "../src/index.js";
import { build, gc, heldCorpus, median, queryIndices, syntheticArticle, timeQueries, type BenchArticle, type Corpus } from "./measure.js";

const { values: args } = parseArgs({
  options: {
    sizes: { type: "string", default: "10000" },
    weight: { type: "string", default: "0.5" },
    rounds: { type: "string", default: "3" },
    queries: { type: "string", default: "1000" },
    seed: { type: "string", default: "1" },
    "no-man": { type: "boolean", default: false },
  },
});
const rounds = Number(args.rounds);
const seed = Number(args.seed);
const nQueries = Number(args.queries);
const settings: [string, RecommenderOptions][] = [
  ["defaults", {}],
  [`wordPairs ${args.weight}`, { wordPairs: Number(args.weight) }],
];

const corpora: Corpus[] = [
  heldCorpus(
    "brown",
    false,
    loadBrown().map((t) => ({ id: t.id, title: "", text: t.text, date: "1970-01-01", label: t.category }) as BenchArticle),
  ),
];
if (!args["no-man"]) {
  try {
    const man = loadManPages({ lang: "en" });
    corpora.push(heldCorpus("man-pages", false, man.articles.map((a) => ({ id: a.id, title: a.title ?? "", text: a.text, date: "1970-01-01", label: "" }))));
  } catch (e) {
    process.stderr.write(`man-pages: not available here (${(e as Error).message})\n`);
  }
}
for (const n of args.sizes.split(",").filter(Boolean).map(Number)) {
  corpora.push(heldCorpus(`synthetic ${n / 1000}k`, true, Array.from({ length: n }, (_, i) => syntheticArticle(i, seed))));
}

interface Row {
  buildMs: number[];
  terms: number;
  postings: number;
  bytes: number;
  snapshot: number;
  p50: number[];
  p99: number[];
  relatedAllMs: number[];
}

const lines = [
  `Node ${process.version}, ${cpus()[0]?.model ?? "?"} x ${cpus().length}; medians of ${rounds} rounds; recommend k 10 over ${nQueries} queries; relatedAll k 10 on one thread.`,
  "",
  "| corpus | setting | build ms | terms | postings | index MB | snapshot MB | bytes/posting | recommend p50 us | p99 us | relatedAll ms |",
  "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
];
for (const corpus of corpora) {
  const rows = new Map<string, Row>(settings.map(([name]) => [name, { buildMs: [], terms: 0, postings: 0, bytes: 0, snapshot: 0, p50: [], p99: [], relatedAllMs: [] }]));
  const ids = queryIndices(corpus.n, Math.min(nQueries, corpus.n), seed).map((i) => corpus.idAt(i));
  for (let r = 0; r < rounds; r++) {
    for (const [name, options] of settings) {
      gc();
      const row = rows.get(name) as Row;
      const { rec, buildMs } = build(corpus, options);
      row.buildMs.push(buildMs);
      const s = rec.stats();
      row.terms = s.terms;
      row.postings = s.postings;
      row.bytes = s.bytes;
      row.snapshot = rec.save().length;
      const q = timeQueries(rec, ids, 10);
      row.p50.push(q.p50);
      row.p99.push(q.p99);
      const t = performance.now();
      rec.relatedAll({ k: 10 });
      row.relatedAllMs.push(performance.now() - t);
      process.stderr.write(`${corpus.name} ${name} round ${r + 1}: build ${buildMs.toFixed(0)} ms\n`);
    }
  }
  for (const [name] of settings) {
    const row = rows.get(name) as Row;
    const mb = (b: number) => (b / 1e6).toFixed(1);
    lines.push(
      `| ${corpus.name} | ${name} | ${median(row.buildMs).toFixed(0)} | ${row.terms} | ${row.postings} | ${mb(row.bytes)} | ${mb(row.snapshot)} | ${(row.snapshot / row.postings).toFixed(1)} | ${median(row.p50).toFixed(0)} | ${median(row.p99).toFixed(0)} | ${median(row.relatedAllMs).toFixed(0)} |`,
    );
  }
}
console.log(lines.join("\n"));
