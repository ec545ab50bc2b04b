/**
 * Measurements of alsolike for bench/scale.ts: build, memory, query latency, relatedAll (time-capped),
 * snapshots and single-article updates. Corpora are held in memory or streamed in batches (1M).
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { Recommender, type RecommendOptions, type RecommenderOptions } from "../src/index.js";
import { internalsOf } from "../src/internal.js";
import type { AlsolikeResult, Capped } from "./report.js";
import { generateArticle, generateCorpus, mixSeed, mulberry32 } from "./synthetic.js";

// A real GC between phases makes heap deltas mean something (tsx gives no way to pass --expose-gc).
setFlagsFromString("--expose-gc");
export const gc = runInNewContext("gc") as () => void;

export interface BenchArticle {
  id: string;
  title: string;
  text: string;
  date?: string;
  label: string;
}

/** A corpus: either held in memory, or regenerated batch by batch (1M). */
export interface Corpus {
  name: string;
  n: number;
  synthetic: boolean;
  /** Articles in order, in batches. */
  batches(): Generator<BenchArticle[]>;
  idAt(i: number): string;
  labelOf(id: string): string;
  /** Held articles (null when streamed). */
  all: BenchArticle[] | null;
}

export function heldCorpus(name: string, synthetic: boolean, all: BenchArticle[]): Corpus {
  const labels = new Map(all.map((a) => [a.id, a.label]));
  return {
    name, n: all.length, synthetic, all,
    *batches() { yield all; },
    idAt: (i) => (all[i] as BenchArticle).id,
    labelOf: (id) => labels.get(id) ?? "?",
  };
}

export function syntheticArticle(i: number, seed: number): BenchArticle {
  const a = generateArticle(i, seed);
  return { id: a.id, title: a.title, text: a.text, date: a.date, label: String(a.topic) };
}

export function streamedCorpus(n: number, seed: number): Corpus {
  return {
    name: `synthetic ${sizeLabel(n)}`, n, synthetic: true, all: null,
    *batches() {
      let batch: BenchArticle[] = [];
      for (const a of generateCorpus({ n, seed })) {
        batch.push({ id: a.id, title: a.title, text: a.text, date: a.date, label: String(a.topic) });
        if (batch.length === 10_000) { yield batch; batch = []; }
      }
      if (batch.length > 0) yield batch;
    },
    idAt: (i) => `a${String(i).padStart(7, "0")}`,
    labelOf: (id) => String(generateArticle(Number(id.slice(1)), seed).topic),
  };
}

/** "10k", "1M". */
export function sizeLabel(n: number): string {
  return n >= 1e6 && n % 1e6 === 0 ? `${n / 1e6}M` : n >= 1000 && n % 1000 === 0 ? `${n / 1000}k` : String(n);
}

// ---------------------------------------------------------------------------------------------

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] as number;
}

export function median(xs: readonly number[]): number {
  return percentile([...xs].sort((a, b) => a - b), 0.5);
}

/** heapUsed + external (typed arrays live outside the JS heap) and RSS, after a full GC. */
export const memory = () => {
  gc();
  const m = process.memoryUsage();
  return { heap: m.heapUsed + m.external, rss: m.rss };
};

/** `maxQueryTerms` settings of the approximate mode the bench times. */
const APPROXIMATE_TERMS = [25, 100];
/** The signals the issue "News-grade lists" times: target no more than 1.3x the plain search. */
const SIGNALS: Omit<RecommendOptions, "k"> = { recency: { halfLife: "30d" }, boost: { section: 0.5 }, duplicates: 0.95 };

/** Seeded query sample (article indices); the same for every kernel and configuration. */
export function queryIndices(n: number, count: number, seed: number): number[] {
  const rng = mulberry32(mixSeed(seed, n));
  return Array.from({ length: count }, () => Math.floor(rng() * n));
}


export function build(corpus: Corpus, options: RecommenderOptions): { rec: Recommender; addMs: number; buildMs: number; textBytes: number } {
  const rec = new Recommender(options);
  // The search is what is timed; kept lists are measured on their own (measureAlsolike).
  rec.keepLists = false;
  let addMs = 0;
  let textBytes = 0;
  for (const batch of corpus.batches()) {
    for (const a of batch) textBytes += Buffer.byteLength(a.title) + Buffer.byteLength(a.text);
    // The topic (synthetic) or Brown category is the section: signals read it, the vectors do not.
    const input = batch.map((a) => ({ id: a.id, title: a.title, text: a.text, date: a.date, section: a.label }));
    const t = performance.now();
    rec.add(input);
    addMs += performance.now() - t;
  }
  const t = performance.now();
  rec.build();
  return { rec, addMs, buildMs: addMs + performance.now() - t, textBytes };
}

/** Times `recommend` over the query sample (after a warm-up); returns the lists too. */
export function timeQueries(rec: Recommender, ids: readonly string[], k: number, extra: Omit<RecommendOptions, "k"> = {}) {
  const options = { k, ...extra };
  for (let i = 0; i < Math.min(100, ids.length); i++) rec.recommend(ids[i] as string, options);
  const us: number[] = [];
  const lists: string[] = [];
  for (const id of ids) {
    const t = process.hrtime.bigint();
    const r = rec.recommend(id, options);
    us.push(Number(process.hrtime.bigint() - t) / 1000);
    lists.push(r.map((x) => `${x.id}:${x.score}`).join(","));
  }
  const sorted = [...us].sort((a, b) => a - b);
  return { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), mean: us.reduce((s, x) => s + x, 0) / us.length, lists };
}

class CapReached extends Error {}

/** alsolike/node's relatedAll from the built package (worker threads need dist/worker.js), if built. */
type Threaded = (rec: Recommender, o: { k: number; threads?: number }) => Promise<Map<string, unknown>>;
let threaded: Threaded | null | undefined;
async function threadedRelatedAll(): Promise<Threaded | null> {
  if (threaded === undefined) {
    try {
      const url = new URL("../dist/node.js", import.meta.url).href;
      threaded = ((await import(url)) as { relatedAll: Threaded }).relatedAll;
    } catch {
      threaded = null;
    }
  }
  return threaded;
}

/**
 * relatedAll on worker threads (alsolike/node, run to completion) when the package is built;
 * otherwise on one thread, stopped at the cap via onProgress and extrapolated from the fraction
 * done (an overestimate: the first articles pair with every later one and cost the most).
 */
export async function timeRelatedAll(rec: Recommender, capMs: number, k: number): Promise<Capped> {
  const parallel = await threadedRelatedAll();
  if (parallel) {
    const t = performance.now();
    await parallel(rec, { k });
    return { ms: performance.now() - t, extrapolated: false, fraction: 1, threads: true };
  }
  const t = performance.now();
  let done = 0;
  let total = 1;
  try {
    rec.relatedAll({
      k,
      onProgress: (d, n) => {
        done = d;
        total = n;
        if (d < n && performance.now() - t > capMs) throw new CapReached();
      },
    });
  } catch (e) {
    if (!(e instanceof CapReached)) throw e;
  }
  const ms = performance.now() - t;
  const fraction = done / total;
  return { ms: fraction < 1 ? ms / fraction : ms, extrapolated: fraction < 1, fraction, threads: false };
}

export interface MeasureSettings {
  k: number;
  seed: number;
  /** Builds to take the median of. */
  repeats: number;
  relatedCapMs: number;
  log: (message: string) => void;
}

/** Everything about alsolike with default options on one corpus. */
export async function measureAlsolike(corpus: Corpus, queries: readonly string[], settings: MeasureSettings, notes: string[]): Promise<{ result: AlsolikeResult; textBytes: number }> {
  const { k: K, seed, repeats, relatedCapMs, log } = settings;
  const builds: { addMs: number; buildMs: number }[] = [];
  let rec: Recommender | null = null;
  let textBytes = 0;
  let heapBytes = 0;
  let rssBytes = 0;
  for (let r = 0; r < repeats; r++) {
    rec = null;
    const before = memory();
    const b = build(corpus, {});
    const after = memory();
    rec = b.rec;
    textBytes = b.textBytes;
    builds.push({ addMs: b.addMs, buildMs: b.buildMs });
    // From the first build only: before a later one, the previous index may not be freed yet
    // (a typed array's memory goes back after its wrapper is collected, not always by the next GC).
    if (r === 0) {
      heapBytes = after.heap - before.heap;
      rssBytes = after.rss - before.rss;
    }
  }
  if (!rec) throw new Error("no build");
  // The process's peak so far: the corpus held in memory plus the builds (each corpus runs in its own process).
  const peakRssBytes = process.resourceUsage().maxRSS * 1024;
  const buildMs = median(builds.map((b) => b.buildMs));
  const internals = internalsOf(rec);
  const stats = rec.stats();
  const postings = stats.postings;

  log(`${corpus.name}: built in ${(buildMs / 1000).toFixed(2)} s; ${queries.length} queries`);
  gc();
  const q = timeQueries(rec, queries, K);
  let same = 0;
  let listed = 0;
  for (let i = 0; i < queries.length; i++) {
    const want = corpus.labelOf(queries[i] as string);
    const list = q.lists[i] as string;
    if (list === "") continue;
    for (const item of list.split(",")) {
      listed++;
      if (corpus.labelOf(item.slice(0, item.indexOf(":"))) === want) same++;
    }
  }

  let pruned: AlsolikeResult["pruned"] = null;
  {
    const previous = internals.kernel;
    // The default kernel is the exhaustive one; this times the pruned kernel against it.
    internals.kernel = "pruned";
    const e = timeQueries(rec, queries, K);
    internals.kernel = previous;
    const sameLists = e.lists.every((l, i) => l === q.lists[i]);
    if (!sameLists) notes.push("pruned and default kernels returned different lists");
    pruned = { p50Us: e.p50, p99Us: e.p99, sameLists };
  }

  // The news signals the issue times against the plain search: alternating rounds, medians.
  let signals: AlsolikeResult["signals"] = null;
  {
    const plain: number[] = [];
    const signalled: { p50: number; p99: number }[] = [];
    for (let round = 0; round < 3; round++) {
      plain.push(timeQueries(rec, queries, K).p50);
      signalled.push(timeQueries(rec, queries, K, SIGNALS));
    }
    signalled.sort((x, y) => x.p50 - y.p50);
    const mid = signalled[1] as { p50: number; p99: number };
    signals = { p50Us: mid.p50, p99Us: mid.p99, plainP50Us: median(plain) };
  }

  // The opt-in approximate mode, against the exact lists: recall@k = share of exact items found.
  const approximate: AlsolikeResult["approximate"] = [];
  for (const maxQueryTerms of APPROXIMATE_TERMS) {
    const a = timeQueries(rec, queries, K, { maxQueryTerms });
    let found = 0;
    let wanted = 0;
    a.lists.forEach((list, i) => {
      const exact = new Set((q.lists[i] as string).split(",").filter(Boolean));
      wanted += exact.size;
      for (const item of list.split(",")) if (exact.has(item)) found++;
    });
    approximate.push({ maxQueryTerms, p50Us: a.p50, p99Us: a.p99, recall: wanted > 0 ? found / wanted : 1 });
  }

  log(`${corpus.name}: relatedAll (cap ${relatedCapMs / 1000} s)`);
  rec.keepLists = true;
  const relatedAll = await timeRelatedAll(rec, relatedCapMs, K);
  log(`${corpus.name}: snapshot`);
  let t = performance.now();
  const bytes = rec.save();
  const saveMs = performance.now() - t;
  // The first load in a process also pays V8's first compile of the validation loops; a server
  // loads once at start, a CLI on every call. Both are reported: first, and the median of 3 more.
  // A GC before each, so that a load does not pay for collecting the bench's own garbage.
  gc();
  t = performance.now();
  const loaded = Recommender.load(bytes);
  const firstLoadMs = performance.now() - t;
  const again: number[] = [];
  for (let i = 0; i < 3; i++) {
    gc();
    t = performance.now();
    Recommender.load(bytes);
    again.push(performance.now() - t);
  }
  const loadMs = again.sort((x, y) => x - y)[1] as number;
  notes.push(`${corpus.name}: snapshot load ${firstLoadMs.toFixed(0)} ms the first time in this process, median of 3 more ${loadMs.toFixed(0)} ms (the table shows the median)`);
  t = performance.now();
  const first = loaded.recommend(queries[0] as string, { k: K });
  const firstQueryAfterLoadMs = performance.now() - t;
  let snapshotRoundTrip = first.map((x) => `${x.id}:${x.score}`).join(",") === q.lists[0];
  for (let i = 1; i < Math.min(50, queries.length); i++) {
    const l = loaded.recommend(queries[i] as string, { k: K }).map((x) => `${x.id}:${x.score}`).join(",");
    if (l !== q.lists[i]) snapshotRoundTrip = false;
  }
  if (!snapshotRoundTrip) notes.push("Recommender.load(save()) answers differently from the original");

  // Lists kept by a relatedAll that ran to the end: recommend looks them up.
  let kept: AlsolikeResult["kept"] = null;
  const keptCount = rec.stats().keptLists;
  if (keptCount === rec.size) {
    const l = timeQueries(rec, queries, K);
    const sameLists = l.lists.every((x, i) => x === q.lists[i]);
    if (!sameLists) notes.push("kept lists answered differently from the search");
    // What a server that loads lists saved at build time pays: the load, then lookups.
    const withLists = rec.save({ lists: true });
    gc();
    const t0 = performance.now();
    const server = Recommender.load(withLists);
    const loadMs = performance.now() - t0;
    const served = timeQueries(server, queries, K);
    if (!served.lists.every((x, i) => x === q.lists[i])) notes.push("lists loaded from a snapshot answered differently from the search");
    kept = {
      p50Us: l.p50,
      p99Us: l.p99,
      sameLists: sameLists && served.lists.every((x, i) => x === q.lists[i]),
      listBytes: rec.stats().listBytes,
      snapshotBytes: withLists.length,
      loadMs,
      loadedP50Us: served.p50,
    };
  } else notes.push(`kept lists not measured: relatedAll kept ${keptCount} of ${rec.size} lists (capped)`);

  log(`${corpus.name}: add/remove one article`);
  const updates = { add: [] as number[], next: [] as number[], remove: [] as number[], after: [] as number[] };
  for (let r = 0; r < 20; r++) {
    const extra = syntheticArticle(corpus.synthetic ? corpus.n + r : 10_000_000 + r, seed);
    const article = { id: corpus.synthetic ? extra.id : `extra-${r}`, title: extra.title, text: extra.text, date: extra.date };
    t = performance.now();
    rec.add(article);
    updates.add.push(performance.now() - t);
    t = performance.now();
    rec.recommend(article.id, { k: K });
    updates.next.push(performance.now() - t);
    t = performance.now();
    rec.remove(article.id);
    updates.remove.push(performance.now() - t);
    t = performance.now();
    rec.recommend(queries[r] as string, { k: K });
    updates.after.push(performance.now() - t);
  }

  const result: AlsolikeResult = {
    options: "defaults (stop words, Porter stemming, sublinear tf, smooth idf, l2; title x3)",
    buildMs,
    addMs: median(builds.map((b) => b.addMs)),
    buildRepeats: repeats,
    articlesPerSecond: corpus.n / (buildMs / 1000),
    mbPerSecond: textBytes / 1e6 / (buildMs / 1000),
    postings,
    terms: stats?.terms ?? null,
    indexBytes: stats?.bytes ?? null,
    heapBytes,
    rssBytes,
    peakRssBytes,
    snapshotBytes: bytes.length,
    saveMs,
    loadMs,
    firstQueryAfterLoadMs,
    snapshotRoundTrip,
    recommendP50Us: q.p50,
    recommendP99Us: q.p99,
    recommendMeanUs: q.mean,
    sameLabelP10: listed > 0 ? same / listed : NaN,
    relatedAll,
    pruned,
    kept,
    approximate,
    signals,
    update: {
      repeats: 20,
      addMs: median(updates.add),
      nextRecommendMs: median(updates.next),
      removeMs: median(updates.remove),
      recommendAfterRemoveMs: median(updates.after),
    },
  };
  return { result, textBytes };
}

