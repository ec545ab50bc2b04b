/**
 * What the news signals cost, on the synthetic corpus (sections = topics, dates from the
 * generator): recommend p50 with each option set against the plain search in alternating rounds
 * (medians), and relatedAll on one thread with each option set.
 *
 *   npx tsx bench/signals.ts [--n 10000] [--queries 200] [--rounds 5] [--no-related-all]
 */
import { parseArgs } from "node:util";
import { Recommender, type RecommendOptions } from "../src/index.js";
import { generateArticle } from "./synthetic.js";

const { values: args } = parseArgs({
  options: { n: { type: "string", default: "10000" }, queries: { type: "string", default: "200" }, rounds: { type: "string", default: "5" }, "no-related-all": { type: "boolean", default: false } },
});
const N = Number(args.n);
const Q = Number(args.queries);
const ROUNDS = Number(args.rounds);

const SETS: Record<string, Omit<RecommendOptions, "k">> = {
  plain: {},
  "recency 30d": { recency: { halfLife: "30d" } },
  "boost section 0.5": { boost: { section: 0.5 } },
  "sameSection": { sameSection: true },
  "duplicates 0.95": { duplicates: 0.95 },
  "diversity 0.7": { diversity: 0.7 },
  "recency + boost + duplicates": { recency: { halfLife: "30d" }, boost: { section: 0.5 }, duplicates: 0.95 },
};

const articles = Array.from({ length: N }, (_, i) => {
  const a = generateArticle(i, 1);
  return { id: a.id, title: a.title, text: a.text, date: a.date, section: `topic-${a.topic}` };
});
const build = () => {
  const r = new Recommender();
  r.keepLists = false;
  r.add(articles).build();
  return r;
};
const rec = build();
const queries = Array.from({ length: Q }, (_, i) => (articles[(i * 7919) % N] as { id: string }).id);
const p50 = (o: Omit<RecommendOptions, "k">): number => {
  const us: number[] = [];
  for (const q of queries) {
    const t = process.hrtime.bigint();
    rec.recommend(q, o);
    us.push(Number(process.hrtime.bigint() - t) / 1000);
  }
  us.sort((x, y) => x - y);
  return us[us.length >> 1] as number;
};
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[xs.length >> 1] as number;

for (const o of Object.values(SETS)) p50(o);
const times: Record<string, number[]> = {};
for (let r = 0; r < ROUNDS; r++) for (const [name, o] of Object.entries(SETS)) (times[name] ??= []).push(p50(o));
const plain = median(times.plain as number[]);
console.log(`recommend at ${N} synthetic articles, ${Q} queries, median of ${ROUNDS} alternating rounds (node ${process.version})\n`);
console.log("| options | p50 µs | ÷ plain |\n| --- | ---: | ---: |");
for (const name of Object.keys(SETS)) {
  const m = median(times[name] as number[]);
  console.log(`| ${name} | ${m.toFixed(0)} | ${(m / plain).toFixed(2)} |`);
}
if (!args["no-related-all"]) {
  console.log(`\nrelatedAll (k = 10, one thread, nothing kept before)\n\n| options | s |\n| --- | ---: |`);
  for (const [name, o] of Object.entries(SETS)) {
    const r = build();
    const t = performance.now();
    r.relatedAll({ k: 10, ...o });
    console.log(`| ${name} | ${((performance.now() - t) / 1000).toFixed(1)} |`);
  }
}
