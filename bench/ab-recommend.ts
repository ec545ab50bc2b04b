/**
 * recommend p50 of this checkout against others, in one process: each side builds the same
 * synthetic index once (lists not kept, so every query searches), then rounds alternate which
 * side answers the same queries first; prints each side's median of its rounds' p50s and the
 * median of the paired ratios. For finding which change made the search slower.
 *
 *   npx tsx bench/ab-recommend.ts <other-checkout>[,<other>...] [--n 10000] [--rounds 9] [--queries 300] [--dist]
 *
 * `--dist`: each side's built package (dist/index.js, after `npm run build` there) instead of its
 * sources under tsx (see bench/ab-build.ts).
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { generateCorpusArray } from "./synthetic.js";

interface Rec {
  keepLists: boolean;
  add(articles: unknown[]): Rec;
  build(): Rec;
  recommend(id: string, options?: { k?: number }): unknown[];
}
const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: { n: { type: "string", default: "10000" }, rounds: { type: "string", default: "9" }, queries: { type: "string", default: "300" }, dist: { type: "boolean", default: false } },
});
const others = (positionals[0] ?? "").split(",").filter(Boolean);
if (others.length === 0) {
  process.stderr.write("usage: npx tsx bench/ab-recommend.ts <other-checkout>[,<other>...] [--n N] [--rounds R] [--queries Q] [--dist]\n");
  process.exit(2);
}
const n = Number(args.n);
const roots = [resolve(import.meta.dirname, ".."), ...others.map((o) => resolve(o))];
const articles = generateCorpusArray({ n, seed: 1 }).map((d) => ({ id: d.id, title: d.title, text: d.text, date: d.date }));
const step = Math.max(1, Math.floor(n / Number(args.queries)));
const queries = articles.filter((_, i) => i % step === 0).map((a) => a.id);
const median = (v: readonly number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] as number;

const recs: Rec[] = [];
for (const root of roots) {
  const { Recommender } = (await import(pathToFileURL(resolve(root, args.dist ? "dist/index.js" : "src/recommender.ts")).href)) as { Recommender: new () => Rec };
  const rec = new Recommender();
  rec.keepLists = false;
  recs.push(rec.add(articles).build());
}
const p50s: number[][] = roots.map(() => []);
const p50 = (rec: Rec): number => {
  const us: number[] = [];
  for (const id of queries) {
    const t = performance.now();
    rec.recommend(id, { k: 10 });
    us.push((performance.now() - t) * 1000);
  }
  return median(us);
};
for (const rec of recs) p50(rec); // warm-up
for (let r = 0; r < Number(args.rounds); r++) {
  const order = r % 2 === 0 ? recs.map((_, i) => i) : recs.map((_, i) => recs.length - 1 - i);
  for (const i of order) (p50s[i] as number[]).push(p50(recs[i] as Rec));
}
console.log(`Node ${process.version}, synthetic ${n} articles, ${queries.length} queries, ${args.rounds} rounds: recommend p50 (us), median of rounds`);
const mine = p50s[0] as number[];
roots.forEach((root, i) => {
  const v = p50s[i] as number[];
  const ratio = median(mine.map((x, j) => x / (v[j] as number)));
  console.log(`${i === 0 ? "this checkout" : root}: ${median(v).toFixed(0)} us${i === 0 ? "" : `; this / it x${ratio.toFixed(3)}`}`);
});
