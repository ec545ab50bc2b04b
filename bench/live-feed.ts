/**
 * Live lists under a newsroom's feed (search/live-lists.ts). On the synthetic corpus, after
 * relatedAll: a feed of changes (90% new articles, 7% updates, 3% removes), each followed by
 * reads drawn as readers read (Zipf over recency: the newest most). Reports recommend p50/p99
 * under the feed, the cost of each change (the add, update or remove and the refresh of the
 * statistics the next query makes), how lists fared (settled, searched again), memory, and
 * exactness against a twin that searches every time, on a sample of reads; against
 * scikit-learn configured for quality (stop words, sublinear tf) on the same corpus in the same
 * run, and the twin's own searches (every change forgetting every list, as before live lists).
 * Also: a search while the delta segment holds the feed's additions against one after compaction.
 *
 *   npx tsx bench/live-feed.ts [--sizes 10000,100000] [--changes 1000] [--reads 100]
 *     [--sample 10] [--seed 1] [--no-sklearn] [--out bench-results]
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { Recommender, type Recommendation } from "../src/index.js";
import { internalsOf } from "../src/internal.js";
import { generateArticle, mulberry32 } from "./synthetic.js";
import { runSklearn, sklearnAvailable, writeJsonl } from "./sklearn.js";
import type { SklearnResult } from "./report.js";

const { values: args } = parseArgs({
  options: {
    sizes: { type: "string", default: "10000,100000" },
    changes: { type: "string", default: "1000" },
    reads: { type: "string", default: "100" },
    sample: { type: "string", default: "10" },
    seed: { type: "string", default: "1" },
    "no-sklearn": { type: "boolean", default: false },
    out: { type: "string", default: "bench-results" },
  },
});
const SIZES = String(args.sizes).split(",").map(Number);
const CHANGES = Number(args.changes);
const READS = Number(args.reads);
/** Every SAMPLE-th change, 5 reads are checked against the searching twin. */
const SAMPLE = Number(args.sample);
const SEED = Number(args.seed);

const now = () => Number(process.hrtime.bigint()) / 1e3;
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : (s[Math.min(s.length - 1, Math.floor(p * s.length))] as number);
};
const same = (a: Recommendation[], b: Recommendation[]) => a.length === b.length && a.every((x, i) => x.id === b[i]?.id && x.score === b[i]?.score);

interface FeedResult {
  n: number;
  changes: number;
  readsPerChange: number;
  relatedAllS: number;
  recommendP50Us: number;
  recommendP99Us: number;
  changeP50Ms: number;
  changeP99Ms: number;
  /** Per change, on average: lists settled, and reads that searched (a list searched again, an entry under its floor, a new article's first list). */
  settledPerChange: number;
  searchedPerChange: number;
  repairedShare: number;
  listBytes: number;
  heapMB: number;
  checked: number;
  mismatches: number;
  twinSearchP50Us: number;
  searchWithDeltaP50Us: number;
  searchCompactedP50Us: number;
  sklearnQuality: SklearnResult | null;
}

async function feed(n: number): Promise<FeedResult> {
  const log = (s: string) => process.stderr.write(`[${n}] ${s}\n`);
  const articles = Array.from({ length: n }, (_, i) => generateArticle(i, SEED));
  let sklearnQuality: SklearnResult | null = null;
  if (!args["no-sklearn"]) {
    const why = sklearnAvailable();
    if (why !== null) log(why);
    else {
      mkdirSync(String(args.out), { recursive: true });
      const path = join(String(args.out), `live-feed-${n}.jsonl`);
      await writeJsonl(articles, path);
      log("scikit-learn quality");
      sklearnQuality = runSklearn(path, "quality", { queries: 500, seed: SEED, k: 10, capAllSeconds: 1 });
    }
  }
  log("build + relatedAll");
  const kept = new Recommender().add(articles);
  const twin = new Recommender().add(articles);
  twin.keepLists = false;
  let t = now();
  kept.relatedAll();
  const relatedAllS = (now() - t) / 1e6;
  twin.build();
  const rnd = mulberry32(SEED * 7919 + n);
  const ids: string[] = articles.map((a) => a.id);
  const position = new Map(ids.map((id, i) => [id, i]));
  const zipf = () => ids[ids.length - Math.min(ids.length, Math.floor(Math.pow(ids.length, rnd())))] as string;
  let next = n;
  const readUs: number[] = [];
  const changeMs: number[] = [];
  const twinUs: number[] = [];
  let checked = 0;
  let mismatches = 0;
  let newLists = 0;
  const open = internalsOf(kept);
  const before = open.liveStats();
  log("feed");
  for (let c = 0; c < CHANGES; c++) {
    const r = rnd();
    let apply: (rec: Recommender) => void;
    if (r < 0.9) {
      const a = generateArticle(next++, SEED);
      apply = (rec) => void rec.add(a);
      position.set(a.id, ids.length);
      ids.push(a.id);
      newLists++;
    } else if (r < 0.97) {
      const id = zipf();
      const text = generateArticle(next++, SEED).text;
      apply = (rec) => void rec.update({ id, text });
      newLists++;
    } else {
      const at = Math.floor(rnd() * ids.length);
      const id = ids[at] as string;
      apply = (rec) => void rec.remove(id);
      const last = ids.pop() as string;
      if (at < ids.length) {
        ids[at] = last;
        position.set(last, at);
      }
      position.delete(id);
    }
    t = now();
    apply(kept);
    // The refresh the next query would make (statistics, norms, the drift scan; a compaction when due).
    open.row(ids[0] as string);
    changeMs.push((now() - t) / 1e3);
    apply(twin);
    // The twin refreshes at the same points (rounding follows the order of refreshes and compactions).
    internalsOf(twin).row(ids[0] as string);
    for (let i = 0; i < READS; i++) {
      const id = zipf();
      t = now();
      const got = kept.recommend(id);
      readUs.push(now() - t);
      if (c % SAMPLE === 0 && i < 5) {
        t = now();
        const want = twin.recommend(id);
        twinUs.push(now() - t);
        checked++;
        if (!same(got, want)) {
          if (mismatches === 0) log(`first mismatch at change ${c}, ${id}:\n${JSON.stringify(got)}\n${JSON.stringify(want)}`);
          mismatches++;
        }
      }
    }
  }
  const after = open.liveStats();
  const settled = after.settled - before.settled;
  const searched = after.repaired - before.repaired + (after.uncertain - before.uncertain) + newLists;
  const mem = process.memoryUsage();
  // A search while the delta holds the feed's additions, then after compaction (the twin searches).
  const probe = Array.from({ length: 300 }, () => zipf());
  const time = () => {
    const us: number[] = [];
    for (const id of probe) {
      const s = now();
      twin.recommend(id);
      us.push(now() - s);
    }
    return pct(us, 0.5);
  };
  time();
  const searchWithDeltaP50Us = time();
  twin.build();
  time();
  const searchCompactedP50Us = time();
  return {
    n,
    changes: CHANGES,
    readsPerChange: READS,
    relatedAllS,
    recommendP50Us: pct(readUs, 0.5),
    recommendP99Us: pct(readUs, 0.99),
    changeP50Ms: pct(changeMs, 0.5),
    changeP99Ms: pct(changeMs, 0.99),
    settledPerChange: settled / CHANGES,
    searchedPerChange: searched / CHANGES,
    repairedShare: (after.repaired - before.repaired) / Math.max(1, settled + after.repaired - before.repaired),
    listBytes: kept.stats().listBytes,
    heapMB: (mem.heapUsed + mem.arrayBuffers) / 2 ** 20,
    checked,
    mismatches,
    twinSearchP50Us: pct(twinUs, 0.5),
    searchWithDeltaP50Us,
    searchCompactedP50Us,
    sklearnQuality,
  };
}

const results: FeedResult[] = [];
for (const n of SIZES) results.push(await feed(n));
const f = (x: number, d = 0) => (Number.isFinite(x) ? x.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d }) : "n/a");
console.log(`live feed: ${CHANGES} changes (90% add, 7% update, 3% remove), ${READS} Zipf reads after each (node ${process.version})\n`);
console.log("| articles | recommend p50 / p99 µs | scikit-learn quality p50 µs | ÷ | searching twin p50 µs | change p50 / p99 ms | settled / searched per change | lists repaired | exact | list MB | heap MB |");
console.log("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
for (const r of results) {
  const sk = r.sklearnQuality === null ? NaN : r.sklearnQuality.query_p50_ms * 1000;
  console.log(
    `| ${f(r.n)} | ${f(r.recommendP50Us, 1)} / ${f(r.recommendP99Us)} | ${f(sk)} | ${f(sk / r.recommendP50Us, 1)}x | ${f(r.twinSearchP50Us)} | ${f(r.changeP50Ms, 2)} / ${f(r.changeP99Ms, 1)} | ${f(r.settledPerChange, 1)} / ${f(r.searchedPerChange, 1)} | ${f(100 * r.repairedShare, 1)}% | ${r.checked - r.mismatches}/${r.checked} | ${f(r.listBytes / 2 ** 20, 1)} | ${f(r.heapMB)} |`,
  );
}
console.log("\n| articles | relatedAll s | search with the feed's delta p50 µs | after compaction p50 µs | ratio |");
console.log("| ---: | ---: | ---: | ---: | ---: |");
for (const r of results) console.log(`| ${f(r.n)} | ${f(r.relatedAllS, 1)} | ${f(r.searchWithDeltaP50Us)} | ${f(r.searchCompactedP50Us)} | ${f(r.searchWithDeltaP50Us / r.searchCompactedP50Us, 2)}x |`);
mkdirSync(String(args.out), { recursive: true });
writeFileSync(join(String(args.out), "live-feed.json"), JSON.stringify(results, null, 2) + "\n");
if (results.some((r) => r.mismatches > 0)) {
  console.error("live lists differ from the searching twin");
  process.exitCode = 1;
}
