/**
 * What pseudo-relevance feedback costs, on the synthetic corpus: build time (the option changes
 * nothing stored, so it should be the same), recommend p50 without feedback, with it, and of its
 * second pass alone (the moved query built from the first pass's neighbours and searched), in
 * alternating rounds (medians); then relatedAll on one thread with and without.
 *
 *   npx tsx bench/feedback.ts [--n 10000] [--queries 200] [--rounds 5] [--no-related-all]
 */
import { parseArgs } from "node:util";
import { Recommender, type FeedbackOptions } from "../src/index.js";
import { internalsOf } from "../src/internal.js";
import { indexView, queryOf } from "../src/lists.js";
import { Scratch } from "../src/search/kernels/scratch.js";
import { searchIndex } from "../src/search/query.js";
import { generateArticle } from "./synthetic.js";

const { values: args } = parseArgs({
  options: { n: { type: "string", default: "10000" }, queries: { type: "string", default: "200" }, rounds: { type: "string", default: "5" }, "no-related-all": { type: "boolean", default: false } },
});
const N = Number(args.n);
const Q = Number(args.queries);
const ROUNDS = Number(args.rounds);

const SETTINGS: Record<string, FeedbackOptions | undefined> = {
  off: undefined,
  "3, 0.1, 20 (true)": { docs: 3, weight: 0.1, terms: 20 },
  "5, 0.5, 20": { docs: 5, weight: 0.5, terms: 20 },
  "10, 0.5, 100": { docs: 10, weight: 0.5, terms: 100 },
  "5, 0.5, 0 (own terms)": { docs: 5, weight: 0.5, terms: 0 },
};

const articles = Array.from({ length: N }, (_, i) => {
  const a = generateArticle(i, 1);
  return { id: a.id, title: a.title, text: a.text };
});
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[xs.length >> 1] as number;
const ms = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e6;

const recs: Record<string, Recommender> = {};
const buildMs: Record<string, number[]> = {};
for (let r = 0; r < 3; r++) {
  for (const [name, feedback] of Object.entries(SETTINGS)) {
    const t = process.hrtime.bigint();
    const rec = new Recommender(feedback === undefined ? {} : { feedback });
    rec.add(articles).build();
    (buildMs[name] ??= []).push(ms(t));
    rec.keepLists = false;
    recs[name] = rec;
  }
}
const queries = Array.from({ length: Q }, (_, i) => (articles[(i * 7919) % N] as { id: string }).id);

/** p50 µs of recommend, and of the second pass alone (moved query made, then searched for 10). */
function p50(rec: Recommender): { all: number; second: number } {
  const us: number[] = [];
  for (const q of queries) {
    const t = process.hrtime.bigint();
    rec.recommend(q);
    us.push(ms(t) * 1000);
  }
  const second: number[] = [];
  if (rec.options.feedback !== undefined) {
    // The moved query as recommend makes it (first pass included), then its search timed alone.
    const state = internalsOf(rec).state(true);
    const m = state.matrix;
    const view = indexView({ matrix: () => m, store: () => state.store!, kernel: () => "exhaustive", generation: () => 0, bounds: () => { throw new Error("unused"); }, minWeight: 0, feedback: rec.options.feedback, termOf: (t) => state.vocabulary.termOf(t) });
    const scratch = new Scratch();
    for (const q of queries) {
      const d = state.store!.docOf(q) as number;
      const moved = queryOf(view, d, scratch, null);
      if (moved === null) continue;
      const t = process.hrtime.bigint();
      searchIndex(m, moved, { k: 10, minScore: 0, maxQueryTerms: Infinity, accept: (x) => x !== d, weigh: null, plain: false }, d, { ids: state.ids, scratch, kernel: "exhaustive", bounds: view.bounds }, null);
      second.push(ms(t) * 1000);
    }
  }
  return { all: median(us), second: second.length === 0 ? 0 : median(second) };
}

for (const rec of Object.values(recs)) p50(rec);
const times: Record<string, { all: number[]; second: number[] }> = {};
for (let r = 0; r < ROUNDS; r++) {
  for (const [name, rec] of Object.entries(recs)) {
    const t = p50(rec);
    const slot = (times[name] ??= { all: [], second: [] });
    slot.all.push(t.all);
    slot.second.push(t.second);
  }
}
const off = median((times.off as { all: number[] }).all);
console.log(`feedback at ${N} synthetic articles, ${Q} queries, median of ${ROUNDS} alternating rounds (node ${process.version})\n`);
console.log("| feedback (docs, weight, terms) | build ms | recommend p50 µs | ÷ off | second pass p50 µs |\n| --- | ---: | ---: | ---: | ---: |");
for (const name of Object.keys(SETTINGS)) {
  const t = times[name] as { all: number[]; second: number[] };
  const all = median(t.all);
  console.log(`| ${name} | ${median(buildMs[name] as number[]).toFixed(0)} | ${all.toFixed(0)} | ${(all / off).toFixed(2)} | ${name === "off" ? "-" : median(t.second).toFixed(0)} |`);
}

if (!args["no-related-all"]) {
  console.log("\n| feedback | relatedAll s (one thread, k 10) |\n| --- | ---: |");
  for (const name of ["off", "3, 0.1, 20 (true)", "5, 0.5, 20"]) {
    const rec = recs[name] as Recommender;
    rec.keepLists = true;
    const t = process.hrtime.bigint();
    rec.relatedAll({ k: 10 });
    console.log(`| ${name} | ${(ms(t) / 1000).toFixed(2)} |`);
    rec.keepLists = false;
  }
}
