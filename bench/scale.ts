/**
 * Corpus-size sweep: `npm run bench` (= tsx bench/scale.ts).
 *
 *   --sizes 1000,10000   synthetic sizes (default 1000,10000,100000); Brown (500) always comes first
 *   --1m                 add 1,000,000 (streamed; baselines skipped above --baseline-max)
 *   --quick              smoke run: 1k only, fewer queries, short caps
 *   --no-brown --no-sklearn --no-naive
 *   --queries 1000 --seed 1 --related-cap 120 --naive-cap 20 --sklearn-cap 120 (seconds)
 *   --baseline-max 100000   largest corpus the sklearn and naive baselines run on
 *   --stream-above 200000   larger synthetic corpora are streamed in batches, never held as an array
 *
 * Prints a Markdown table on stdout, progress on stderr; writes bench/results/scale.json and
 * bench/results/scale.svg. Each corpus is measured in a child process of its own. Single-threaded
 * except relatedAll (worker threads); run on an idle machine.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type { RecommenderOptions } from "../src/index.js";
import { loadBrown } from "../scripts/brown.js";
import { renderChart } from "./chart.js";
import { runNaive } from "./naive.js";
import { renderMarkdown, type CorpusResult, type ScaleResults } from "./report.js";
import { compareLists, runSklearn, sklearnAvailable, writeJsonl } from "./sklearn.js";
import { build, gc, heldCorpus, measureAlsolike, queryIndices, sizeLabel, streamedCorpus, syntheticArticle, timeQueries, timeRelatedAll, type BenchArticle, type Corpus } from "./measure.js";

const here = dirname(fileURLToPath(import.meta.url));

const { values: args } = parseArgs({
  options: {
    sizes: { type: "string" },
    "1m": { type: "boolean", default: false },
    quick: { type: "boolean", default: false },
    "no-brown": { type: "boolean", default: false },
    "no-sklearn": { type: "boolean", default: false },
    "no-naive": { type: "boolean", default: false },
    queries: { type: "string" },
    seed: { type: "string", default: "1" },
    "related-cap": { type: "string" },
    "naive-cap": { type: "string" },
    "sklearn-cap": { type: "string" },
    "baseline-max": { type: "string", default: "100000" },
    "stream-above": { type: "string", default: "200000" },
    out: { type: "string", default: join(here, "results") },
    // Internal: run one corpus ("brown" or a size) in this process and write its result as JSON.
    corpus: { type: "string" },
    result: { type: "string" },
  },
});
const quick = args.quick === true;
const sizes = quick ? [1000] : (args.sizes ?? "1000,10000,100000").split(",").map((s) => Number(s.trim()));
if (args["1m"]) sizes.push(1_000_000);
if (sizes.some((n) => !Number.isInteger(n) || n < 2)) throw new Error(`--sizes: expected integers >= 2, got ${args.sizes}`);
const seed = Number(args.seed);
const nQueries = Number(args.queries ?? (quick ? 200 : 1000));
const relatedCapMs = 1000 * Number(args["related-cap"] ?? (quick ? 10 : 120));
const naiveCapMs = 1000 * Number(args["naive-cap"] ?? (quick ? 3 : 20));
const sklearnCapS = Number(args["sklearn-cap"] ?? (quick ? 10 : 120));
const baselineMax = Number(args["baseline-max"]);
const outDir = args.out as string;
/** Corpora up to this size are held in memory as an array; larger ones are streamed. */
const STREAM_ABOVE = Number(args["stream-above"]);
const K = 10;
const SKLEARN_OPTIONS: RecommenderOptions = { analyzer: "sklearn", tf: "raw", fields: { title: 1, text: 1 } };

const started = performance.now();
const loadAtStart = loadavg()[0] ?? NaN;
const log = (msg: string) => process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(0).padStart(5)} s] ${msg}\n`);

// ---------------------------------------------------------------------------------------------

async function runCorpus(corpus: Corpus, generateMs: number, skNote: string | null): Promise<CorpusResult> {
  const notes: string[] = [];
  const queries = queryIndices(corpus.n, nQueries, seed).map((i) => corpus.idAt(i));
  log(`${corpus.name}: ${corpus.n} articles`);
  const { result: alsolike, textBytes } = await measureAlsolike(
    corpus,
    queries,
    { k: K, seed, repeats: corpus.n <= 10_000 && !quick ? 3 : 1, relatedCapMs, log },
    notes,
  );
  if (alsolike.relatedAll?.extrapolated) notes.push(`relatedAll stopped at ${(alsolike.relatedAll.fraction * 100).toFixed(1)}% (cap ${relatedCapMs / 1000} s), extrapolated`);

  const result: CorpusResult = {
    name: corpus.name, n: corpus.n, synthetic: corpus.synthetic, textBytes, generateMs,
    alsolike, sklearnMode: null, sklearn: { quality: null, plain: null }, naive: null, notes,
  };
  const baselines = corpus.all !== null && corpus.n <= baselineMax;
  if (corpus.all === null) notes.push("baselines skipped: corpus streamed, not held in memory");
  else if (!baselines) notes.push(`baselines skipped above --baseline-max ${baselineMax}`);

  if (baselines && !args["no-sklearn"]) {
    if (skNote) {
      result.sklearn.note = skNote;
      notes.push(skNote);
    } else {
      const all = corpus.all as BenchArticle[];
      mkdirSync(outDir, { recursive: true });
      const jsonl = join(outDir, `corpus-${corpus.n}.jsonl`);
      const listsPath = join(outDir, `sklearn-lists-${corpus.n}.json`);
      await writeJsonl(all, jsonl);
      try {
        log(`${corpus.name}: scikit-learn quality`);
        const run = { queries: nQueries, seed, k: K, capAllSeconds: sklearnCapS };
        result.sklearn.quality = runSklearn(jsonl, "quality", run);
        log(`${corpus.name}: scikit-learn plain`);
        result.sklearn.plain = runSklearn(jsonl, "plain", { ...run, listsOut: listsPath });
        for (const r of [result.sklearn.quality, result.sklearn.plain]) {
          if (r.all_lists_extrapolated) notes.push(`scikit-learn ${r.mode} all lists stopped at ${r.all_lists_rows_done} rows (cap ${sklearnCapS} s), extrapolated`);
        }
      } finally {
        rmSync(jsonl, { force: true });
      }
      log(`${corpus.name}: alsolike with analyzer "sklearn"`);
      const b = build(corpus, SKLEARN_OPTIONS);
      // The default measurement left garbage (indexes, snapshots) behind: collect it first, so
      // that a collection running during the queries does not time them (scikit-learn runs in a
      // fresh process).
      gc();
      const q = timeQueries(b.rec, queries, K);
      const relatedAll = await timeRelatedAll(b.rec, relatedCapMs, K);
      result.sklearnMode = { buildMs: b.buildMs, recommendP50Us: q.p50, recommendP99Us: q.p99, relatedAll, ...compareLists(b.rec, listsPath, K) };
      if (result.sklearnMode.different > 0) notes.push(`${result.sklearnMode.different} lists differ from scikit-learn's (see ${listsPath})`);
      else rmSync(listsPath, { force: true });
    }
  }

  if (baselines && !args["no-naive"]) {
    log(`${corpus.name}: naive baseline (cap ${naiveCapMs / 1000} s per phase)`);
    const all = corpus.all as BenchArticle[];
    const idx = new Map(all.map((a, i) => [a.id, i]));
    result.naive = runNaive(all, { queries: queries.map((id) => idx.get(id) as number), capMs: naiveCapMs, k: K });
    gc();
  }
  return result;
}

function machine(): ScaleResults["machine"] {
  const c = cpus();
  return {
    cpu: c[0]?.model.trim() ?? "unknown CPU",
    cores: c.length,
    memoryGiB: totalmem() / 2 ** 30,
    node: process.versions.node,
    platform: `${process.platform}-${process.arch}`,
    date: new Date().toISOString().slice(0, 10),
    loadAverage: { start: loadAtStart, end: loadavg()[0] ?? NaN },
  };
}

/** Generates (or loads) one corpus and measures it in this process. */
async function measureCorpus(which: string, skNote: string | null): Promise<CorpusResult> {
  const t = performance.now();
  if (which === "brown") {
    const brown = loadBrown().map((b) => ({ id: b.id, title: b.title, text: b.text, label: b.category }));
    return runCorpus(heldCorpus("Brown", false, brown), performance.now() - t, skNote);
  }
  const n = Number(which);
  let corpus: Corpus;
  if (n > STREAM_ABOVE) corpus = streamedCorpus(n, seed);
  else {
    const all: BenchArticle[] = [];
    for (let i = 0; i < n; i++) all.push(syntheticArticle(i, seed));
    corpus = heldCorpus(`synthetic ${sizeLabel(n)}`, true, all);
  }
  const generateMs = performance.now() - t;
  if (corpus.all) log(`${corpus.name}: generated in ${(generateMs / 1000).toFixed(1)} s`);
  return runCorpus(corpus, corpus.all ? generateMs : NaN, skNote);
}

/**
 * Each corpus is measured in a fresh child process, as scikit-learn is in its own Python
 * process: measured in one process, a 100k build after the smaller corpora and the naive
 * baseline (whose dense matrices take gigabytes) took about 1.4x as long as in a fresh one.
 */
function measureInChild(which: string): CorpusResult {
  mkdirSync(outDir, { recursive: true });
  const resultPath = join(outDir, `corpus-${which}.result.json`);
  const run = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2), "--corpus", which, "--result", resultPath], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  if (run.status !== 0) throw new Error(`measuring corpus ${which} failed (exit ${run.status ?? run.signal})`);
  const result = JSON.parse(readFileSync(resultPath, "utf8")) as CorpusResult;
  rmSync(resultPath, { force: true });
  return result;
}

async function main(): Promise<void> {
  const skNote = args["no-sklearn"] ? null : sklearnAvailable();
  if (args.corpus !== undefined) {
    const result = await measureCorpus(args.corpus, skNote);
    writeFileSync(args.result ?? join(outDir, `corpus-${args.corpus}.result.json`), JSON.stringify(result));
    return;
  }
  if (skNote) log(skNote);
  const corpora: CorpusResult[] = [];
  if (!args["no-brown"] && !quick) corpora.push(measureInChild("brown"));
  for (const n of sizes) corpora.push(measureInChild(String(n)));

  const results: ScaleResults = {
    machine: machine(),
    settings: { sizes, seed, queries: nQueries, k: K, relatedCapS: relatedCapMs / 1000, naiveCapS: naiveCapMs / 1000, sklearnCapS, baselineMax, quick },
    corpora,
    totalSeconds: (performance.now() - started) / 1000,
  };
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, "scale.json"), JSON.stringify(results, null, 2) + "\n");
  writeFileSync(join(outDir, "scale.svg"), renderChart(results));
  process.stdout.write(renderMarkdown(results));
  log(`wrote ${join(outDir, "scale.json")} and scale.svg`);
}

await main();
