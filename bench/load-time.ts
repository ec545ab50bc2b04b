/**
 * Snapshot load time: `tsx bench/load-time.ts [--n 100000] [--runs 7] [--lists] [--dir /tmp]
 * [--against <checkout>[,<checkout>...]] [--dist]`.
 *
 * Builds the seeded synthetic corpus of bench/scale.ts once (n articles, seed 1) and saves its
 * snapshot to `<dir>/alsolike-load-<n>.bin` (with `--lists`, after a one-thread `relatedAll`, to
 * `...-lists.bin`; that takes minutes at 100k). Later runs reuse the file, so the same bytes are
 * timed before and after a change to `load`. The timing runs in a fresh process: the first
 * `Recommender.load`, then `--runs` more, each after a GC; prints the median, min and max.
 *
 * `--against` compares with other checkouts of alsolike (e.g. `git worktree add ../old HEAD~1`
 * and a node_modules link): in one fresh process, each checkout's `Recommender.load` in turn,
 * alternating the order every round, `--runs` rounds after a first load of each; prints each
 * one's first load, median, min and max, then this checkout's median and min as a ratio of each
 * other's. On a shared machine this is steadier than timing each in its own process (the first
 * loads are not comparable: the process's first also warms what every checkout shares). `--dist`
 * times each checkout's built package (dist/index.js, after `npm run build` in each) instead of
 * its sources under tsx (see bench/ab-build.ts).
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { Recommender } from "../src/index.js";
import { generateCorpus } from "./synthetic.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const { values: args } = parseArgs({
  options: {
    n: { type: "string", default: "100000" },
    runs: { type: "string", default: "7" },
    lists: { type: "boolean", default: false },
    dir: { type: "string", default: "/tmp" },
    against: { type: "string" },
    dist: { type: "boolean", default: false },
    time: { type: "string" },
  },
});

const f = (x: number) => x.toFixed(1);
const median = (ms: number[]) => [...ms].sort((a, b) => a - b)[Math.floor(ms.length / 2)] as number;

/** Times each checkout's Recommender.load on the bytes of `file`: a first load each, then `--runs` rounds in alternating order. */
async function time(file: string, checkouts: string[]): Promise<void> {
  const bytes = new Uint8Array(readFileSync(file));
  const entry = args.dist ? "dist/index.js" : "src/index.ts";
  const self = args.dist ? ((await import(pathToFileURL(join(import.meta.dirname, "..", entry)).href)) as { Recommender: typeof Recommender }).Recommender : Recommender;
  const loads: ((b: Uint8Array) => unknown)[] = [(b) => self.load(b)];
  for (const dir of checkouts.slice(1)) {
    const other = (await import(pathToFileURL(join(resolve(dir), entry)).href)) as { Recommender: typeof Recommender };
    loads.push((b) => other.Recommender.load(b));
  }
  const first: number[] = [];
  const ms: number[][] = loads.map(() => []);
  const timed = (i: number) => {
    gc();
    const t = performance.now();
    (loads[i] as (b: Uint8Array) => unknown)(bytes);
    return performance.now() - t;
  };
  for (let i = 0; i < loads.length; i++) first.push(timed(i));
  for (let round = 0; round < Number(args.runs); round++) {
    for (let j = 0; j < loads.length; j++) {
      const i = round % 2 === 0 ? j : loads.length - 1 - j;
      (ms[i] as number[]).push(timed(i));
    }
  }
  const mb = (bytes.length / 1e6).toFixed(0);
  for (let i = 0; i < loads.length; i++) {
    const m = ms[i] as number[];
    console.log(`${checkouts[i]}: ${file} (${mb} MB): first ${f(first[i] as number)} ms; median of ${m.length} ${f(median(m))} ms (min ${f(Math.min(...m))}, max ${f(Math.max(...m))}); node ${process.version}`);
  }
  const mine = ms[0] as number[];
  for (let i = 1; i < loads.length; i++) {
    const m = ms[i] as number[];
    console.log(`this checkout / ${checkouts[i]}: median x${(median(mine) / median(m)).toFixed(3)}, min x${(Math.min(...mine) / Math.min(...m)).toFixed(3)}`);
  }
}

if (args.time !== undefined) {
  await time(args.time, ["this checkout", ...(args.against?.split(",") ?? [])]);
} else {
  const n = Number(args.n);
  const file = join(args.dir as string, `alsolike-load-${n}${args.lists ? "-lists" : ""}.bin`);
  if (!existsSync(file)) {
    const rec = new Recommender();
    rec.keepLists = args.lists === true;
    const batch = [];
    for (const a of generateCorpus({ n, seed: 1 })) batch.push({ id: a.id, title: a.title, text: a.text, date: a.date });
    rec.add(batch);
    rec.build();
    if (args.lists) rec.relatedAll();
    writeFileSync(file, rec.save({ lists: args.lists === true }));
    console.error(`wrote ${file}`);
  }
  const self = fileURLToPath(import.meta.url);
  const against = [...(args.against === undefined ? [] : ["--against", args.against]), ...(args.dist ? ["--dist"] : [])];
  const r = spawnSync(process.execPath, [...process.execArgv, self, "--time", file, "--runs", args.runs as string, ...against], { stdio: "inherit" });
  process.exitCode = r.status ?? 1;
}
