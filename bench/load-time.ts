/**
 * Snapshot load time: `tsx bench/load-time.ts [--n 100000] [--runs 7] [--lists] [--dir /tmp]`.
 *
 * Builds the seeded synthetic corpus of bench/scale.ts once (n articles, seed 1) and saves its
 * snapshot to `<dir>/alsolike-load-<n>.bin` (with `--lists`, after a one-thread `relatedAll`, to
 * `...-lists.bin`; that takes minutes at 100k). Later runs reuse the file, so the same bytes are
 * timed before and after a change to `load`. The timing runs in a fresh process: the first
 * `Recommender.load`, then `--runs` more, each after a GC; prints the median, min and max.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
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
    time: { type: "string" },
  },
});

if (args.time !== undefined) {
  const bytes = new Uint8Array(readFileSync(args.time));
  gc();
  let t = performance.now();
  Recommender.load(bytes);
  const first = performance.now() - t;
  const ms: number[] = [];
  for (let i = 0; i < Number(args.runs); i++) {
    gc();
    t = performance.now();
    Recommender.load(bytes);
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  const median = ms[Math.floor(ms.length / 2)] as number;
  const f = (x: number) => x.toFixed(1);
  console.log(`${args.time} (${(bytes.length / 1e6).toFixed(0)} MB): first ${f(first)} ms; median of ${ms.length} ${f(median)} ms (min ${f(ms[0] as number)}, max ${f(ms[ms.length - 1] as number)}); node ${process.version}`);
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
  const r = spawnSync(process.execPath, [...process.execArgv, self, "--time", file, "--runs", args.runs as string], { stdio: "inherit" });
  process.exitCode = r.status ?? 1;
}
