/**
 * What the shared-neighbours rerank costs, on the synthetic corpus: relatedAll on one thread with
 * and without it, then recommend p50 with every cosine list kept (after relatedAll: the rerank
 * reads them) and with none kept (each candidate's neighbourhood is a search), against the plain
 * search, in alternating rounds (medians).
 *
 *   npx tsx bench/shared-neighbours.ts [--n 10000] [--queries 200] [--rounds 5]
 */
import { parseArgs } from "node:util";
import { Recommender } from "../src/index.js";
import { generateArticle } from "./synthetic.js";

const { values: args } = parseArgs({
  options: { n: { type: "string", default: "10000" }, queries: { type: "string", default: "200" }, rounds: { type: "string", default: "5" } },
});
const N = Number(args.n);
const Q = Number(args.queries);
const ROUNDS = Number(args.rounds);

const articles = Array.from({ length: N }, (_, i) => {
  const a = generateArticle(i, 1);
  return { id: a.id, title: a.title, text: a.text };
});
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[xs.length >> 1] as number;
const seconds = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e9;

const plain = new Recommender().add(articles).build();
const shared = new Recommender({ sharedNeighbours: true }).add(articles).build();
console.log(`sharedNeighbours ${JSON.stringify(shared.options.sharedNeighbours)} at ${N} synthetic articles, ${Q} queries, median of ${ROUNDS} alternating rounds (node ${process.version})\n`);
let t = process.hrtime.bigint();
plain.relatedAll({ k: 10 });
const allPlain = seconds(t);
t = process.hrtime.bigint();
shared.relatedAll({ k: 10 });
const allShared = seconds(t);
console.log(`relatedAll, one thread, k 10: ${allPlain.toFixed(2)} s without, ${allShared.toFixed(2)} s with (${(allShared / allPlain).toFixed(2)}x)\n`);

const queries = Array.from({ length: Q }, (_, i) => (articles[(i * 7919) % N] as { id: string }).id);
const p50 = (rec: Recommender): number => {
  const us: number[] = [];
  for (const q of queries) {
    const s = process.hrtime.bigint();
    rec.recommend(q);
    us.push(Number(process.hrtime.bigint() - s) / 1000);
  }
  return median(us);
};
const searching = new Recommender({ sharedNeighbours: true }).add(articles).build();
searching.keepLists = false;
const plainSearch = new Recommender().add(articles).build();
plainSearch.keepLists = false;
const cases: [string, Recommender][] = [
  ["plain search (no kept list)", plainSearch],
  ["plain, kept lists (lookup)", plain],
  ["sharedNeighbours, kept lists", shared],
  ["sharedNeighbours, no kept list", searching],
];
for (const [, rec] of cases) p50(rec);
const times = new Map<string, number[]>();
for (let r = 0; r < ROUNDS; r++) for (const [name, rec] of cases) times.set(name, [...(times.get(name) ?? []), p50(rec)]);
console.log("| recommend | p50 µs |\n| --- | ---: |");
for (const [name] of cases) console.log(`| ${name} | ${median(times.get(name) as number[]).toFixed(1)} |`);
