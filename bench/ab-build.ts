/**
 * Build time of this checkout against another, in one process (so both see the same machine at
 * the same moments): synthetic articles (bench/synthetic.ts), `add` then `build()`, rounds
 * alternating which side goes first, medians of each phase and of the paired ratios.
 *
 *   npx tsx bench/ab-build.ts <other-checkout> [articles = 10000] [rounds = 7] [--cpu] [--dist]
 *
 * The other checkout needs its own node_modules (or a link to this one's). `--cpu` times with
 * process.cpuUsage (less sensitive to other processes on a shared machine, but counting the
 * garbage collector's threads) instead of the wall clock. Run it with the same checkout on both
 * sides first: the ratio it gives is the noise. `--dist` imports each side's built package
 * (dist/index.js: run `npm run build` in both), what users run, instead of its sources under tsx
 * (each module compiled on its own, not bundled); A/Bs of checkouts with different module layouts
 * are best confirmed on it.
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { generateCorpusArray } from "./synthetic.js";

type Ctor = new () => { add(articles: unknown[]): { build(): unknown } };

const args = process.argv.slice(2).filter((a) => a !== "--cpu" && a !== "--dist");
const entry = process.argv.includes("--dist") ? "dist/index.js" : "src/recommender.ts";
const other = args[0];
if (other === undefined) {
  process.stderr.write("usage: npx tsx bench/ab-build.ts <other-checkout> [articles] [rounds] [--cpu] [--dist]\n");
  process.exit(2);
}
const n = Number(args[1] ?? 10_000);
const rounds = Number(args[2] ?? 7);
const now = process.argv.includes("--cpu")
  ? () => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1000;
    }
  : () => performance.now();

const load = async (root: string) => ((await import(pathToFileURL(resolve(root, entry)).href)) as { Recommender: Ctor }).Recommender;
const sides: [string, Ctor][] = [
  ["other", await load(other)],
  ["this", await load(resolve(import.meta.dirname, ".."))],
];
const articles = generateCorpusArray({ n }).map((d) => ({ id: d.id, title: d.title, text: d.text }));
const times = new Map<string, number[]>();
const record = (key: string, ms: number) => times.set(key, [...(times.get(key) ?? []), ms]);

function run(name: string, R: Ctor): number {
  const t0 = now();
  const rec = new R().add(articles);
  const t1 = now();
  rec.build();
  const t2 = now();
  record(`${name} add`, t1 - t0);
  record(`${name} build()`, t2 - t1);
  return t2 - t0;
}

for (const [name, R] of sides) run(`warm-up ${name}`, R);
for (let i = 0; i < rounds; i++) {
  const order = i % 2 === 0 ? sides : [...sides].reverse();
  const total: Record<string, number> = {};
  for (const [name, R] of order) total[name] = run(name, R);
  record("ratio", (total.this as number) / (total.other as number));
}
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] as number;
console.log(`Node ${process.version}, ${n} articles, ${rounds} rounds, ${process.argv.includes("--cpu") ? "CPU" : "wall-clock"} ms, medians`);
for (const [key, v] of times) if (!key.startsWith("warm-up")) console.log(`${key.padEnd(16)} ${key === "ratio" ? median(v).toFixed(3) : median(v).toFixed(0)}`);
