/**
 * Runs bench/sklearn_bench.py (Debian's /usr/bin/python3, which has scikit-learn) and checks
 * alsolike's `analyzer: "sklearn"` lists against the ones it writes.
 */
import { spawnSync } from "node:child_process";
import { createWriteStream, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Recommender } from "../src/index.js";
import type { SklearnModeResult, SklearnResult } from "./report.js";

const here = dirname(fileURLToPath(import.meta.url));
const PYTHON = "/usr/bin/python3";

/** Null when the baseline can run, else why not. */
export function sklearnAvailable(): string | null {
  const r = spawnSync(PYTHON, ["-c", "import sklearn, numpy, scipy"], { encoding: "utf8" });
  if (r.error) return `${PYTHON} not found: scikit-learn baseline skipped`;
  if (r.status !== 0) return `${PYTHON} lacks scikit-learn/numpy/scipy: scikit-learn baseline skipped`;
  return null;
}

/** Writes the corpus as JSONL ({ id, title, text } per line), the script's input. */
export async function writeJsonl(corpus: readonly { id: string; title: string; text: string }[], path: string): Promise<void> {
  const out = createWriteStream(path);
  for (const a of corpus) {
    if (!out.write(JSON.stringify({ id: a.id, title: a.title, text: a.text }) + "\n")) {
      await new Promise<void>((resolve) => out.once("drain", () => resolve()));
    }
  }
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
}

export interface SklearnRun {
  queries: number;
  seed: number;
  k: number;
  capAllSeconds: number;
  /** Where to write the top-k lists of the first 200 sampled queries. */
  listsOut?: string;
}

export function runSklearn(path: string, mode: "quality" | "plain", o: SklearnRun): SklearnResult {
  const argv = [join(here, "sklearn_bench.py"), path, mode, "--queries", String(o.queries), "--seed", String(o.seed), "--k", String(o.k), "--cap-all", String(o.capAllSeconds)];
  if (o.listsOut) argv.push("--lists-out", o.listsOut, "--lists-sample", "200");
  const r = spawnSync(PYTHON, argv, { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`sklearn_bench.py ${mode} failed with status ${r.status}`);
  return JSON.parse(r.stdout) as SklearnResult;
}

/**
 * Compares alsolike's lists with scikit-learn's. Scores differ by ~1e-7 (float32 weights vs
 * float64), so lists may legitimately swap near-tied neighbours: those count as equal up to ties.
 */
export function compareLists(rec: Recommender, listsPath: string, k: number): Pick<SklearnModeResult, "compared" | "identical" | "equalUpToTies" | "different" | "maxScoreDiff"> {
  const TOL = 1e-6;
  const { lists } = JSON.parse(readFileSync(listsPath, "utf8")) as { lists: Record<string, [string, number][]> };
  let identical = 0;
  let ties = 0;
  let different = 0;
  let maxScoreDiff = 0;
  for (const [id, theirs] of Object.entries(lists)) {
    const ours = rec.recommend(id, { k });
    if (ours.length === theirs.length && ours.every((x, i) => x.id === theirs[i]?.[0])) {
      identical++;
      ours.forEach((x, i) => (maxScoreDiff = Math.max(maxScoreDiff, Math.abs(x.score - (theirs[i]?.[1] ?? 0)))));
      continue;
    }
    // Same length, position-wise scores within TOL, and every swapped id tied within TOL.
    const theirScore = new Map(theirs.map(([i, s]) => [i, s]));
    const last = theirs[theirs.length - 1]?.[1] ?? 0;
    const ok =
      ours.length === theirs.length &&
      ours.every((x, i) => {
        const d = Math.abs(x.score - (theirs[i]?.[1] ?? Infinity));
        maxScoreDiff = Math.max(maxScoreDiff, d);
        const s = theirScore.get(x.id);
        return d <= TOL && (s === undefined ? Math.abs(x.score - last) <= TOL : Math.abs(s - x.score) <= TOL);
      });
    if (ok) ties++;
    else different++;
  }
  return { compared: identical + ties + different, identical, equalUpToTies: ties, different, maxScoreDiff };
}
