/**
 * What fieldScoring "apart" costs against "merged" on the synthetic corpus (titles of 6-10 words,
 * 3 tags per article from the article's topic and two shared desks): build time, postings and
 * bytes per posting, recommend p50 (searches: kept lists off) and relatedAll on one thread, in
 * alternating rounds, medians.
 *
 *   npx tsx bench/fields.ts [--n 10000] [--queries 200] [--rounds 3]
 */
import { parseArgs } from "node:util";
import { Recommender, type RecommenderOptions } from "../src/index.js";
import { generateArticle } from "./synthetic.js";

const { values: args } = parseArgs({
  options: { n: { type: "string", default: "10000" }, queries: { type: "string", default: "200" }, rounds: { type: "string", default: "3" } },
});
const N = Number(args.n);
const Q = Number(args.queries);
const ROUNDS = Number(args.rounds);

const articles = Array.from({ length: N }, (_, i) => {
  const a = generateArticle(i, 1);
  return { id: a.id, title: a.title, text: a.text, tags: [`topic ${a.topic}`, `desk ${i % 12}`, `region ${i % 30}`] };
});
const queries = Array.from({ length: Q }, (_, i) => (articles[(i * 7919) % N] as { id: string }).id);
const MODES: Record<string, RecommenderOptions> = { merged: {}, apart: { fieldScoring: "apart" } };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const results: Record<string, { build: number[]; p50: number[]; all: number[]; postings: number; bytes: number; terms: number }> = {};

for (let round = 0; round < ROUNDS; round++) {
  for (const [name, options] of round % 2 === 0 ? Object.entries(MODES) : Object.entries(MODES).reverse()) {
    globalThis.gc?.();
    const t0 = performance.now();
    const rec = new Recommender(options).add(articles).build();
    const build = performance.now() - t0;
    rec.keepLists = false;
    const times: number[] = [];
    for (const id of queries) {
      const t = performance.now();
      rec.recommend(id);
      times.push(performance.now() - t);
    }
    const t1 = performance.now();
    rec.relatedAll({ k: 10 });
    const all = performance.now() - t1;
    const s = rec.stats();
    const r = (results[name] ??= { build: [], p50: [], all: [], postings: s.postings, bytes: s.bytes, terms: s.terms });
    r.build.push(build);
    r.p50.push(median(times));
    r.all.push(all);
  }
}

console.log(`synthetic ${N} articles with titles and 3 tags; Node ${process.version}; ${ROUNDS} alternating rounds, medians`);
console.log("| fieldScoring | build s | terms | postings | index B/posting | recommend p50 ms | relatedAll s (1 thread) |");
console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
for (const [name, r] of Object.entries(results)) {
  console.log(`| ${name} | ${(median(r.build) / 1000).toFixed(2)} | ${r.terms} | ${r.postings} | ${(r.bytes / r.postings).toFixed(1)} | ${median(r.p50).toFixed(3)} | ${(median(r.all) / 1000).toFixed(2)} |`);
}
