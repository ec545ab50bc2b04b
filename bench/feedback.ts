/**
 * What pseudo-relevance feedback costs, on the synthetic corpus: build time (the option changes
 * nothing stored, so it should be the same), recommend p50 without feedback and with it, and its
 * three steps timed apart (pass 1: the cosine search for the neighbours; the moved vector, which
 * reads each neighbour's row; pass 2: the search with it), in alternating rounds (medians); then
 * relatedAll on one thread with and without.
 *
 *   npx tsx bench/feedback.ts [--n 10000] [--queries 200] [--rounds 5] [--no-related-all]
 */
import { parseArgs } from "node:util";
import { Recommender, type FeedbackOptions } from "../src/index.js";
import { internalsOf } from "../src/internal.js";
import { movedQuery } from "../src/search/feedback.js";
import { PruneBounds, prunedKernel } from "../src/search/kernels/pruned.js";
import { Scratch } from "../src/search/kernels/scratch.js";
import { searchIndex } from "../src/search/query.js";
import { prepareQuery } from "../src/search/similarity.js";
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

interface Times {
  all: number;
  /** The first pass (the cosine search for the neighbours), the moved vector, the second search. */
  first: number;
  moved: number;
  second: number;
}

const scratches = new Map<Recommender, Scratch>();

/** p50 µs of recommend, and of its three steps timed apart (the calls recommend makes, by hand). */
function p50(rec: Recommender): Times {
  const us: number[] = [];
  for (const q of queries) {
    const t = process.hrtime.bigint();
    rec.recommend(q);
    us.push(ms(t) * 1000);
  }
  const steps: [number[], number[], number[]] = [[], [], []];
  const f = rec.options.feedback;
  if (f !== undefined) {
    const state = internalsOf(rec).state(true);
    const m = state.matrix;
    const store = state.store as NonNullable<typeof state.store>;
    // One scratch per index for the whole run: its postings loop is compiled once and stays hot.
    let scratch = scratches.get(rec);
    if (scratch === undefined) scratches.set(rec, (scratch = new Scratch()));
    const ctx = { ids: state.ids, scratch, kernel: "exhaustive" as const, pruned: () => prunedKernel(new PruneBounds(m)) };
    for (const q of queries) {
      const d = store.docOf(q) as number;
      let t = process.hrtime.bigint();
      const pq = prepareQuery(m, m.row(d), m.invNorm[d]);
      if (pq === null) continue;
      const near = searchIndex(m, pq, { k: f.docs, minScore: 0, maxQueryTerms: Infinity, accept: (x) => x !== d, weigh: null, plain: true }, d, ctx, null);
      steps[0].push(ms(t) * 1000);
      t = process.hrtime.bigint();
      const moved = movedQuery(m, pq, near, f, (x) => state.vocabulary.termOf(x));
      steps[1].push(ms(t) * 1000);
      t = process.hrtime.bigint();
      searchIndex(m, moved, { k: 10, minScore: 0, maxQueryTerms: Infinity, accept: (x) => x !== d, weigh: null, plain: false }, d, ctx, null);
      steps[2].push(ms(t) * 1000);
    }
  }
  const med = (xs: number[]) => (xs.length === 0 ? 0 : median(xs));
  return { all: median(us), first: med(steps[0]), moved: med(steps[1]), second: med(steps[2]) };
}

for (const rec of Object.values(recs)) p50(rec);
const times: Record<string, Record<keyof Times, number[]>> = {};
for (let r = 0; r < ROUNDS; r++) {
  for (const [name, rec] of Object.entries(recs)) {
    const t = p50(rec);
    const slot = (times[name] ??= { all: [], first: [], moved: [], second: [] });
    for (const key of Object.keys(t) as (keyof Times)[]) slot[key].push(t[key]);
  }
}
const off = median((times.off as Record<keyof Times, number[]>).all);
console.log(`feedback at ${N} synthetic articles, ${Q} queries, median of ${ROUNDS} alternating rounds (node ${process.version})\n`);
console.log("| feedback (docs, weight, terms) | build ms | recommend p50 µs | ÷ off | pass 1 / moved vector / pass 2 p50 µs |\n| --- | ---: | ---: | ---: | ---: |");
for (const name of Object.keys(SETTINGS)) {
  const t = times[name] as Record<keyof Times, number[]>;
  const all = median(t.all);
  const steps = name === "off" ? "-" : `${median(t.first).toFixed(0)} / ${median(t.moved).toFixed(0)} / ${median(t.second).toFixed(0)}`;
  console.log(`| ${name} | ${median(buildMs[name] as number[]).toFixed(0)} | ${all.toFixed(0)} | ${(all / off).toFixed(2)} | ${steps} |`);
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
