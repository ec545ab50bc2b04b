/**
 * The result types of bench/scale.ts and their Markdown rendering. Times are medians unless a
 * name says otherwise; a figure marked `~` was extrapolated from the part done within a time cap.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { NaiveResult } from "./naive.js";

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  platform: string;
  date: string;
  /** 1-minute load average at start and end: other work on the machine skews every figure. */
  loadAverage: { start: number; end: number };
}

/** A time that may have been capped and extrapolated. */
export interface Capped {
  ms: number;
  extrapolated: boolean;
  /** Fraction actually run. */
  fraction: number;
  /** Run on worker threads (alsolike/node) rather than one thread. */
  threads?: boolean;
}

export interface AlsolikeResult {
  options: string;
  buildMs: number;
  addMs: number;
  buildRepeats: number;
  articlesPerSecond: number;
  mbPerSecond: number;
  /** Recommender's postings (`stats()`; null when not reachable). */
  postings: number | null;
  /** Distinct terms and typed-array bytes of the index, from `stats()` (null before it existed). */
  terms?: number | null;
  indexBytes?: number | null;
  /** heapUsed + external growth after build, after GC. */
  heapBytes: number;
  /** RSS growth over the build (freed garbage the allocator kept counts too). */
  rssBytes: number;
  /** Peak RSS of the benchmark process after the builds (corpus texts included); absent in older runs. */
  peakRssBytes?: number;
  snapshotBytes: number;
  saveMs: number;
  loadMs: number;
  /** First recommend after load (any lazy work load defers). */
  firstQueryAfterLoadMs: number;
  snapshotRoundTrip: boolean;
  recommendP50Us: number;
  recommendP99Us: number;
  recommendMeanUs: number;
  /** Share of the top-10 that has the query's topic (synthetic) or Brown category: a sanity check. */
  sameLabelP10: number;
  relatedAll: Capped | null;
  /** The exact pruned kernel (the default is exhaustive), same queries; null when the switch is not exposed. */
  pruned: { p50Us: number; p99Us: number; sameLists: boolean } | null;
  /**
   * recommend answered from the lists relatedAll kept (see `keepLists`), same queries, against
   * the searched lists; cost = relatedAll time and the lists' bytes. Null in runs before it existed.
   */
  kept?: {
    p50Us: number;
    p99Us: number;
    sameLists: boolean;
    listBytes: number;
    /** A snapshot saved with the lists, its first load in the process, and lookups after it. */
    snapshotBytes: number;
    loadMs: number;
    loadedP50Us: number;
  } | null;
  /**
   * recommend with the news signals the issue names (recency 30d, boost section 0.5, duplicates
   * 0.95; sections are the corpus's topics or categories), same queries, right after the plain
   * ones. Null or absent in runs before it existed.
   */
  signals?: { p50Us: number; p99Us: number; plainP50Us: number } | null;
  /** recommend with `maxQueryTerms` (approximate, exact scores): speed and recall@10 against exact lists. */
  approximate?: { maxQueryTerms: number; p50Us: number; p99Us: number; recall: number }[];
  /** One add, then the next recommend (of the new article), then one remove (medians of repeats). */
  update: { repeats: number; addMs: number; nextRecommendMs: number; removeMs: number; recommendAfterRemoveMs: number };
}

export interface SklearnResult {
  mode: "quality" | "plain";
  fit_s: number;
  transpose_s: number;
  query_p50_ms: number;
  query_p99_ms: number;
  query_literal_p50_ms: number;
  all_lists_s: number;
  all_lists_extrapolated: boolean;
  all_lists_rows_done: number;
  vocabulary: number;
  nnz: number;
  peak_rss_bytes: number;
  rss_after_load_bytes: number;
  sklearn: string;
}

/** alsolike with `analyzer: "sklearn"`, compared list by list with scikit-learn's plain mode. */
export interface SklearnModeResult {
  buildMs: number;
  recommendP50Us: number;
  recommendP99Us: number;
  relatedAll: Capped | null;
  compared: number;
  identical: number;
  /** Lists equal up to the order of (near-)tied scores (|diff| <= 1e-6). */
  equalUpToTies: number;
  different: number;
  maxScoreDiff: number;
}

export interface CorpusResult {
  name: string;
  n: number;
  synthetic: boolean;
  textBytes: number;
  generateMs: number;
  alsolike: AlsolikeResult;
  sklearnMode: SklearnModeResult | null;
  sklearn: { quality: SklearnResult | null; plain: SklearnResult | null; note?: string };
  naive: NaiveResult | null;
  notes: string[];
}

export interface ScaleResults {
  machine: Machine;
  settings: Record<string, unknown>;
  corpora: CorpusResult[];
  totalSeconds: number;
}

// ---------------------------------------------------------------------------------------------

function num(x: number, digits = 0): string {
  if (!Number.isFinite(x)) return "n/a";
  return x.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Seconds with about 3 significant figures. */
function secs(ms: number): string {
  const s = ms / 1000;
  if (!Number.isFinite(s)) return "n/a";
  if (s >= 100) return num(s, 0);
  if (s >= 10) return num(s, 1);
  if (s >= 1) return num(s, 2);
  return num(s, 3);
}

function msec(ms: number): string {
  if (!Number.isFinite(ms)) return "n/a";
  return ms >= 100 ? num(ms, 0) : ms >= 10 ? num(ms, 1) : ms >= 1 ? num(ms, 2) : num(ms, 3);
}

const mb = (b: number) => num(b / 1e6, b >= 1e8 ? 0 : 1);
const mark = (extrapolated: boolean) => (extrapolated ? "~" : "");
/** How many times slower the baseline is: "12x". */
function ratio(baseline: number, ours: number): string {
  if (!Number.isFinite(baseline) || !Number.isFinite(ours) || ours <= 0) return "";
  const r = baseline / ours;
  return ` (${r >= 10 ? num(r, 0) : num(r, 1)}x)`;
}

function table(header: string[], rows: string[][]): string {
  const lines = [`| ${header.join(" | ")} |`, `|${header.map((_, i) => (i === 0 ? " --- " : " ---: ")).join("|")}|`];
  for (const r of rows) lines.push(`| ${r.join(" | ")} |`);
  return lines.join("\n");
}

/** The whole report as Markdown. */
export function renderMarkdown(r: ScaleResults): string {
  const m = r.machine;
  const out: string[] = [];
  out.push(`## alsolike scaling benchmark`);
  out.push("");
  out.push(`${m.cpu}, ${m.cores} cores, ${num(m.memoryGiB, 0)} GiB, Node ${m.node} (${m.platform}), ${m.date}. ` +
    `Load average ${num(m.loadAverage.start, 1)} at start, ${num(m.loadAverage.end, 1)} at end. ` +
    `Medians; \`~\` = extrapolated from the part done within a time cap. Total run ${num(r.totalSeconds, 0)} s.`);
  out.push("");
  out.push(`### Build and memory (default options: ${r.corpora[0]?.alsolike.options ?? ""})`);
  out.push("");
  out.push(table(
    ["corpus", "articles", "text MB", "build s", "articles/s", "text MB/s", "terms", "postings", "index MB (B/posting)", "heap+ext MB (B/posting)", "RSS growth MB", "peak RSS MB (with texts)", "snapshot MB (B/posting)", "save ms", "load ms"],
    r.corpora.map((c) => {
      const a = c.alsolike;
      const per = (bytes: number | null | undefined) =>
        bytes === null || bytes === undefined ? "n/a" : `${mb(bytes)}${a.postings ? ` (${num(bytes / a.postings, 1)})` : ""}`;
      return [
        c.name, num(c.n), mb(c.textBytes), secs(a.buildMs), num(a.articlesPerSecond), num(a.mbPerSecond, 2),
        a.terms === null || a.terms === undefined ? "n/a" : num(a.terms), a.postings === null ? "n/a" : num(a.postings),
        per(a.indexBytes), per(a.heapBytes), mb(a.rssBytes), a.peakRssBytes === undefined ? "n/a" : mb(a.peakRssBytes), per(a.snapshotBytes), msec(a.saveMs), msec(a.loadMs),
      ];
    }),
  ));
  out.push("");
  out.push(`### Queries and updates`);
  out.push("");
  out.push(table(
    ["corpus", "recommend p50 µs", "p99 µs", "pruned kernel p50 µs (÷ default)", "relatedAll s", "add ms", "next recommend ms", "remove ms", "same-topic P@10"],
    r.corpora.map((c) => {
      const a = c.alsolike;
      const ex = a.pruned;
      return [
        c.name, num(a.recommendP50Us), num(a.recommendP99Us),
        ex ? `${num(ex.p50Us)}${ratio(ex.p50Us, a.recommendP50Us)}${ex.sameLists ? "" : " LISTS DIFFER"}` : "not exposed",
        a.relatedAll ? `${mark(a.relatedAll.extrapolated)}${secs(a.relatedAll.ms)}${a.relatedAll.threads ? " (threads)" : " (1 thread)"}` : "skipped",
        msec(a.update.addMs), msec(a.update.nextRecommendMs), msec(a.update.removeMs), num(a.sameLabelP10, 3),
      ];
    }),
  ));
  const signalled = r.corpora.filter((c) => c.alsolike.signals);
  if (signalled.length > 0) {
    out.push("");
    out.push("### News signals (recency 30d + boost section 0.5 + duplicates 0.95), exact over the whole corpus");
    out.push("");
    out.push(table(
      ["corpus", "plain p50 µs (same run)", "signals p50 µs (÷ plain)", "signals p99 µs", "scikit-learn plain query p50 µs"],
      signalled.map((c) => {
        const g = c.alsolike.signals as NonNullable<AlsolikeResult["signals"]>;
        const sk = c.sklearn.plain?.query_p50_ms;
        return [c.name, num(g.plainP50Us), `${num(g.p50Us)}${ratio(g.p50Us, g.plainP50Us)}`, num(g.p99Us), sk === undefined ? "not run" : num(sk * 1000)];
      }),
    ));
  }
  const approx = r.corpora.filter((c) => (c.alsolike.approximate ?? []).length > 0);
  if (approx.length > 0) {
    out.push("");
    out.push("### Approximate mode (opt-in `maxQueryTerms`: candidates from the N strongest terms, scored exactly)");
    out.push("");
    const settings = approx[0]?.alsolike.approximate ?? [];
    out.push(table(
      ["corpus", "exact p50 µs", ...settings.flatMap((x) => [`N=${x.maxQueryTerms} p50 µs (speed-up)`, `N=${x.maxQueryTerms} recall@10`])],
      approx.map((c) => {
        const a = c.alsolike;
        return [c.name, num(a.recommendP50Us), ...(a.approximate ?? []).flatMap((x) => [`${num(x.p50Us)}${ratio(a.recommendP50Us, x.p50Us)}`, num(x.recall, 3)])];
      }),
    ));
  }
  const kept = r.corpora.filter((c) => c.alsolike.kept);
  if (kept.length > 0) {
    out.push("");
    out.push("### Kept lists: relatedAll once, then recommend is a lookup (exact until the corpus changes)");
    out.push("");
    out.push(table(
      ["corpus", "cost: relatedAll s", "cost: list MB", "kept p50 µs", "p99 µs", "search p50 µs (÷ kept)", "scikit-learn quality query p50 ms (÷ kept)", "snapshot with lists MB / load ms / p50 µs after", "lists"],
      kept.map((c) => {
        const a = c.alsolike;
        const k = a.kept as NonNullable<AlsolikeResult["kept"]>;
        const q = c.sklearn.quality;
        return [
          c.name,
          a.relatedAll ? `${mark(a.relatedAll.extrapolated)}${secs(a.relatedAll.ms)}` : "-",
          mb(k.listBytes), num(k.p50Us, 1), num(k.p99Us, 1),
          `${num(a.recommendP50Us)}${ratio(a.recommendP50Us, k.p50Us)}`,
          q ? `${msec(q.query_p50_ms)}${ratio(q.query_p50_ms * 1000, k.p50Us)}` : "-",
          `${mb(k.snapshotBytes)} / ${msec(k.loadMs)} / ${num(k.loadedP50Us, 1)}`,
          k.sameLists ? "identical to search" : "DIFFER",
        ];
      }),
    ));
  }
  const withSk = r.corpora.filter((c) => c.sklearn.quality || c.sklearn.plain);
  if (withSk.length > 0) {
    const sk = withSk[0]?.sklearn.quality ?? withSk[0]?.sklearn.plain;
    out.push("");
    out.push(`### scikit-learn ${sk?.sklearn ?? ""} (ratio = scikit-learn time / alsolike time)`);
    out.push("");
    out.push("quality = `TfidfVectorizer(stop_words=\"english\", sublinear_tf=True)` vs alsolike defaults; " +
      "plain = `TfidfVectorizer()` vs alsolike `{ analyzer: \"sklearn\", tf: \"raw\", fields: { title: 1, text: 1 } }` (same lists). " +
      "Query = `X[q] @ XT` (XT = X.T as CSR, made once) + argpartition; all lists = blocks of `X[rows] @ XT`, dense, argpartition.");
    out.push("");
    out.push(table(
      ["corpus", "quality fit s", "quality query p50 ms", "quality all lists s", "plain fit s", "plain query p50 ms", "plain all lists s", "alsolike sklearn-mode build s / p50 µs", "lists vs sklearn", "peak RSS MB (quality)"],
      withSk.map((c) => {
        const a = c.alsolike;
        const q = c.sklearn.quality;
        const p = c.sklearn.plain;
        const s = c.sklearnMode;
        const ra = a.relatedAll?.ms ?? NaN;
        const rs = s?.relatedAll?.ms ?? ra;
        return [
          c.name,
          q ? `${secs(q.fit_s * 1000)}${ratio(q.fit_s * 1000, a.buildMs)}` : "-",
          q ? `${msec(q.query_p50_ms)}${ratio(q.query_p50_ms * 1000, a.recommendP50Us)}` : "-",
          q ? `${mark(q.all_lists_extrapolated)}${secs(q.all_lists_s * 1000)}${ratio(q.all_lists_s * 1000, ra)}` : "-",
          p && s ? `${secs(p.fit_s * 1000)}${ratio(p.fit_s * 1000, s.buildMs)}` : "-",
          p && s ? `${msec(p.query_p50_ms)}${ratio(p.query_p50_ms * 1000, s.recommendP50Us)}` : "-",
          p ? `${mark(p.all_lists_extrapolated)}${secs(p.all_lists_s * 1000)}${ratio(p.all_lists_s * 1000, rs)}` : "-",
          s ? `${secs(s.buildMs)} / ${num(s.recommendP50Us)}` : "-",
          s && s.compared > 0 ? `${s.identical}/${s.compared} identical, ${s.equalUpToTies} tie-order, ${s.different} differ` : "-",
          q ? mb(q.peak_rss_bytes) : "-",
        ];
      }),
    ));
  }
  const withNaive = r.corpora.filter((c) => c.naive);
  if (withNaive.length > 0) {
    out.push("");
    out.push("### Naive baseline: natural TfIdf + dense vectors + ml-distance cosine per pair (ratio = naive / alsolike)");
    out.push("");
    out.push(table(
      ["corpus", "fit s", "query p50 ms", "all lists s", "dense matrix MB", "done within caps"],
      withNaive.map((c) => {
        const v = c.naive as NaiveResult;
        const a = c.alsolike;
        const e = v.extrapolated;
        const fitX = e.add || e.idf || e.vectorize;
        return [
          c.name,
          `${mark(fitX)}${secs(v.fitMs)}${ratio(v.fitMs, a.buildMs)}`,
          `${mark(e.query)}${msec(v.queryMs)}${ratio(v.queryMs * 1000, a.recommendP50Us)}`,
          `${mark(e.allLists)}${secs(v.allListsMs)}${ratio(v.allListsMs, a.relatedAll?.ms ?? NaN)}`,
          mb(v.denseBytes),
          `${num(v.done.added)} docs, ${num(v.done.idfTerms)}/${num(v.vocabulary)} idf, ${num(v.done.vectors)} vectors, ${v.done.queries} queries`,
        ];
      }),
    ));
  }
  const notes = r.corpora.flatMap((c) => c.notes.map((n) => `- ${c.name}: ${n}`));
  if (notes.length > 0) out.push("", "Notes:", ...notes);
  return out.join("\n") + "\n";
}

// Standalone: `tsx bench/report.ts [bench/results/scale.json]` re-renders the tables of a run.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const input = process.argv[2] ?? "bench/results/scale.json";
  process.stdout.write(renderMarkdown(JSON.parse(readFileSync(input, "utf8")) as ScaleResults));
}
