/**
 * This checkout against another, in one process, phase by phase: both sides see the same machine
 * at the same moments, rounds alternate which side goes first, and the figure that counts is the
 * median of the paired ratios (this / other) of each phase.
 *
 *   npx tsx bench/ab.ts <other-checkout> [--n 10000] [--rounds 5] [--queries 300] [--all] [--load]
 *
 * Phases on the seeded synthetic corpus (bench/synthetic.ts, titles and dates):
 *   build       `add` of every article, then `build()`
 *   recommend   the p50 of `--queries` exact searches (lists not kept, so each one searches)
 *   all         with `--all`: `relatedAll({ k: 10 })` on one thread (minutes at 100k)
 *   load        with `--load`: `Recommender.load` of the side's own snapshot, and, with `--all`,
 *               of its snapshot with the kept lists (`save({ lists: true })`)
 * Each side loads its own snapshots: formats differ across versions, and so may the lists'
 * depth (printed, with the bytes). The other checkout needs a node_modules (a link to this one's).
 * Run it with this checkout on both sides first: the ratios it gives are the noise.
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { generateCorpusArray } from "./synthetic.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

interface Rec {
  keepLists: boolean;
  add(articles: unknown[]): Rec;
  build(): Rec;
  recommend(id: string, options?: { k?: number }): unknown[];
  relatedAll(options?: { k?: number }): unknown;
  save(options?: { lists?: boolean }): Uint8Array;
}
interface RecClass {
  new (): Rec;
  load(bytes: Uint8Array): Rec;
}

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    n: { type: "string", default: "10000" },
    rounds: { type: "string", default: "5" },
    queries: { type: "string", default: "300" },
    all: { type: "boolean", default: false },
    load: { type: "boolean", default: false },
  },
});
const other = positionals[0];
if (other === undefined) {
  process.stderr.write("usage: npx tsx bench/ab.ts <other-checkout> [--n N] [--rounds R] [--queries Q] [--all] [--load]\n");
  process.exit(2);
}
const n = Number(args.n);
const rounds = Number(args.rounds);

const classOf = async (root: string) => ((await import(pathToFileURL(resolve(root, "src/recommender.ts")).href)) as { Recommender: RecClass }).Recommender;
const sides: [string, RecClass][] = [
  ["other", await classOf(other)],
  ["this", await classOf(resolve(import.meta.dirname, ".."))],
];
const articles = generateCorpusArray({ n, seed: 1 }).map((d) => ({ id: d.id, title: d.title, text: d.text, date: d.date }));
// The same queries for both sides: every (n / queries)-th article.
const step = Math.max(1, Math.floor(n / Number(args.queries)));
const queries = articles.filter((_, i) => i % step === 0).map((a) => a.id);

const times = new Map<string, number[]>();
const record = (key: string, v: number) => times.set(key, [...(times.get(key) ?? []), v]);
const median = (v: readonly number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] as number;
const timed = <T>(work: () => T): [T, number] => {
  gc();
  const t = performance.now();
  const out = work();
  return [out, performance.now() - t];
};
const sizes = new Map<string, string>();

/** One round of every phase for one side: its times by phase. */
function round(name: string, R: RecClass): Record<string, number> {
  const out: Record<string, number> = {};
  const [rec, buildMs] = timed(() => {
    const r = new R();
    r.keepLists = false;
    return r.add(articles).build();
  });
  out.build = buildMs;
  const us: number[] = [];
  for (const id of queries) {
    const t = performance.now();
    rec.recommend(id, { k: 10 });
    us.push((performance.now() - t) * 1000);
  }
  out["recommend p50 (us)"] = median(us);
  if (args.load) {
    const bytes = rec.save();
    out.load = timed(() => R.load(bytes))[1];
    sizes.set(`${name} snapshot`, `${(bytes.length / 1e6).toFixed(1)} MB`);
  }
  if (args.all) {
    rec.keepLists = true;
    out["relatedAll k 10"] = timed(() => rec.relatedAll({ k: 10 }))[1];
    if (args.load) {
      const bytes = rec.save({ lists: true });
      out["load with lists"] = timed(() => R.load(bytes))[1];
      sizes.set(`${name} snapshot with lists`, `${(bytes.length / 1e6).toFixed(1)} MB`);
    }
  }
  return out;
}

for (const [name, R] of sides) round(name, R); // warm-up
for (let i = 0; i < rounds; i++) {
  const order = i % 2 === 0 ? sides : [...sides].reverse();
  const got: Record<string, Record<string, number>> = {};
  for (const [name, R] of order) got[name] = round(name, R);
  for (const phase of Object.keys(got.this as object)) {
    const a = (got.this as Record<string, number>)[phase] as number;
    const b = (got.other as Record<string, number>)[phase] as number;
    record(`${phase}|this`, a);
    record(`${phase}|other`, b);
    record(`${phase}|ratio`, a / b);
  }
}
console.log(`Node ${process.version}, synthetic ${n} articles, ${rounds} rounds (after a warm-up), medians; ratio = median of this/other per round`);
console.log(`${"phase".padEnd(22)}${"other".padStart(12)}${"this".padStart(12)}${"ratio".padStart(9)}`);
for (const phase of new Set([...times.keys()].map((k) => k.split("|")[0] as string))) {
  const get = (side: string) => median(times.get(`${phase}|${side}`) as number[]);
  const unit = phase.includes("(us)") ? "" : " ms";
  console.log(`${phase.padEnd(22)}${(get("other").toFixed(0) + unit).padStart(12)}${(get("this").toFixed(0) + unit).padStart(12)}${("x" + get("ratio").toFixed(3)).padStart(9)}`);
}
for (const [k, v] of sizes) console.log(`${k}: ${v}`);
