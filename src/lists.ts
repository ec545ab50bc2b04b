/**
 * Answering for lists: one article's, a draft's, every article's. Each list is the rank stage's
 * (rank/rerank.ts) over the exact search (search/), which kept lists answer where they hold the
 * answer exactly (cosine lists: no multiplier; their filters are the query's acceptor).
 */
import type { DocStore } from "./corpus/doc-store.js";
import type { Segment } from "./corpus/segment.js";
import type { ListCache } from "./search/kept-lists.js";
import type { Kernel } from "./search/kernels/kernel.js";
import type { Scratch } from "./search/kernels/scratch.js";
import { searchIndex, type Hit, type SearchContext } from "./search/query.js";
import { capsAtOne, dot, finish, prepareQuery, type PreparedQuery } from "./search/similarity.js";
import { profileOf, type QueryProfile } from "./rank/query-plan.js";
import { primaryLanguage } from "./analysis/registry.js";
import { rankList, type PoolRequest, type RankContext } from "./rank/rerank.js";
import { NO_SIGNALS, type CheckedSignals } from "./rank/signal-options.js";
import { newestFirst } from "./rank/list-edits.js";
import { PairScores } from "./rank/variety.js";
import { acceptor } from "./search/query.js";
import type { FeedbackSettings, movedQuery } from "./search/feedback.js";
import type { rerankShared, sharedCount, sharedScore, SharedNeighboursSettings } from "./rank/shared-neighbours.js";
import { throwIfAborted } from "./errors.js";
import type { CheckedRecommendOptions } from "./validate.js";

/** One related article, and why it is listed when it is not a similarity match. */
export interface Recommendation {
  /** The related article's id. */
  id: string;
  /** Its cosine similarity to the query (after the signals' factors, when any apply), in [0, 1]. */
  score: number;
  /** `"pinned"` for an editor's pick, `"fallback"` for a fallback entry; absent for a match. */
  reason?: "pinned" | "fallback";
}

/**
 * The code of the `feedback` and `sharedNeighbours` options: a part of its own (parts/slots.ts),
 * which the browser entry leaves out until `alsolike/second-passes` is imported.
 */
export interface SecondPasses {
  readonly movedQuery: typeof movedQuery;
  readonly rerankShared: typeof rerankShared;
  readonly sharedCount: typeof sharedCount;
  readonly sharedScore: typeof sharedScore;
}

/** What answering reads of the index. */
export interface IndexView {
  m: Segment;
  store: DocStore;
  kernel: "pruned" | "exhaustive";
  /** The pruned kernel over the current bounds (search/query.ts SearchContext). */
  pruned: () => Kernel;
  /** Documents newest first, for `fallback: "recent"` (cached per state of the index). */
  recent: () => Int32Array;
  /** The smallest tf weight a stored term can have (from the field weights and tf mode): variety's bound. */
  minWeight: number;
  /** Pseudo-relevance feedback's settings (search/feedback.ts), or null when off. */
  feedback: FeedbackSettings | null;
  /** The shared-neighbours rerank's settings (rank/shared-neighbours.ts), or null when off. */
  shared: SharedNeighboursSettings | null;
  /** The second passes' code: there whenever `feedback` or `shared` is on (the Recommender checks). */
  passes: SecondPasses | null;
  /** Term `t`'s name (feedback's ties). */
  termOf: (t: number) => string;
}

/** Where an IndexView reads an index's current parts (a Recommender lends its private fields so). */
export interface ViewSource {
  matrix(): Segment;
  store(): DocStore;
  kernel(): "pruned" | "exhaustive";
  /** Bumped by every change to the corpus and every renumbering of its documents. */
  generation(): number;
  pruned(): Kernel;
  minWeight: number;
  feedback: FeedbackSettings | null;
  shared: SharedNeighboursSettings | null;
  passes: SecondPasses | null;
  termOf(t: number): string;
}

/** The IndexView of an index: one per Recommender, reading its current fields. */
export function indexView(source: ViewSource): IndexView {
  // Documents newest first, for `fallback: "recent"`, and the generation they are of.
  let recent: { generation: number; docs: Int32Array } | null = null;
  return {
    get m() {
      return source.matrix();
    },
    get store() {
      return source.store();
    },
    get kernel() {
      return source.kernel();
    },
    pruned: () => source.pruned(),
    minWeight: source.minWeight,
    feedback: source.feedback,
    shared: source.shared,
    passes: source.passes,
    termOf: (t) => source.termOf(t),
    recent: () => {
      const generation = source.generation();
      if (recent === null || recent.generation !== generation) recent = { generation, docs: newestFirst(source.store(), source.matrix().nDocs) };
      return recent.docs;
    },
  };
}

/** Article ids and reasons of a list of hits. */
export function named(store: DocStore, list: readonly Hit[]): Recommendation[] {
  const ids = store.ids;
  return list.map((h) => (h.reason === undefined ? { id: ids[h.doc] as string, score: h.score } : { id: ids[h.doc] as string, score: h.score, reason: h.reason }));
}

/**
 * The list of a query `q` (of stored document `profile.self`, or a draft), under `opts`. `lists`
 * (kept lists) answer cosine searches of a stored document where they can, and keep what a
 * plain search finds.
 */
export function listFor(
  view: IndexView,
  query: () => PreparedQuery | null,
  opts: CheckedRecommendOptions,
  profile: QueryProfile,
  scratch: Scratch,
  lists: ListCache | null,
  now: number,
): Hit[] {
  const { m, store } = view;
  const self = profile.self;
  const sctx: SearchContext = { ids: store.ids, scratch, kernel: view.kernel, pruned: view.pruned };
  const feedback = view.feedback;
  const shared = view.shared;
  const passes = view.passes;
  // Prepared only when needed: a kept list answers without it (a row costs a lookup per term).
  // Under feedback, the moved query (its first pass reads or keeps the cosine list).
  let q: PreparedQuery | null | undefined;
  const prepared = (): PreparedQuery | null => {
    if (q !== undefined) return q;
    q = query();
    if (q !== null && feedback !== null) q = (passes as SecondPasses).movedQuery(m, q, cosineNeighbours(m, q, self, feedback.docs, sctx, lists), feedback, view.termOf);
    return q;
  };
  // Kept lists are cosine lists: under feedback or the shared-neighbours rerank they answer the
  // cosine lists these read, never a list itself.
  const cosineOnly = feedback === null && shared === null;
  // The shared-neighbours rerank's view of this query (made on first use).
  let sharedCtx: ReturnType<typeof sharedContext> | undefined;
  const sharing = () => (sharedCtx ??= sharedContext(m, prepared(), self, shared as SharedNeighboursSettings, sctx, lists));
  const search = (req: PoolRequest): Hit[] => {
    if (cosineOnly && req.weigh === null && lists !== null && self >= 0 && lists.has(self)) {
      const kept = lists.answer(self, req.k, opts.minScore, req.accept);
      if (kept !== null) return kept;
    }
    if (shared !== null) {
      const ctx = sharing();
      return ctx === null ? [] : (passes as SecondPasses).rerankShared(ctx, { k: req.k, accept: req.accept, weigh: req.weigh, minScore: opts.minScore }, shared);
    }
    const pq = prepared();
    // A query with no counted term matches nothing (picks and fallback still apply).
    return pq === null ? [] : searchIndex(m, pq, { ...req, minScore: opts.minScore, maxQueryTerms: opts.maxQueryTerms }, self, sctx, cosineOnly ? lists : null);
  };
  const accept = acceptor(opts, self, store.ids, store.dates);
  const acceptsAll = opts.filter === undefined && opts.exclude === undefined;
  // No option and nothing on the article for the defaults to act on (picks, a language): the
  // cosine list itself, without the rank stage's per-query setup (a kept list answers in ~1 µs).
  if (opts.signals === NO_SIGNALS && profile.related.length === 0 && profile.lang === undefined) {
    return search({ k: opts.k, accept, weigh: null, plain: acceptsAll });
  }
  const cap = capsAtOne(m.options.norm);
  let pairs: PairScores | null = null;
  const ctx: RankContext = {
    store,
    alive: m.nAlive,
    search,
    pairs: () => (pairs ??= new PairScores(m, view.minWeight)),
    scoreOf: (d) => {
      const pq = prepared();
      const cos = pq === null ? 0 : finish(dot(pq, m.row(d)), pq.invNorm, m.invNorm[d] as number, cap);
      if (shared === null) return cos;
      // A pick's score under the rerank: the same mix, whether or not it is in the pool.
      const ctx = sharing();
      return ctx === null ? 0 : (passes as SecondPasses).sharedScore(cos, (passes as SecondPasses).sharedCount(ctx.own, ctx.neighbourhood(d)), shared);
    },
    recent: view.recent,
    now,
  };
  return rankList({ k: opts.k, signals: opts.signals, profile, accept, acceptsAll }, ctx);
}

/**
 * Feedback's first pass: the `docs` best cosine neighbours of `q` (of document `self`, or -1 for a
 * draft), no filter, never `self`; from its kept list when that can tell, else searched (and kept).
 */
function cosineNeighbours(m: Segment, q: PreparedQuery, self: number, docs: number, ctx: SearchContext, lists: ListCache | null): Hit[] {
  const accept = (d: number) => d !== self;
  if (lists !== null && self >= 0 && lists.has(self)) {
    const kept = lists.answer(self, docs, 0, accept);
    if (kept !== null) return kept;
  }
  return searchIndex(m, q, { k: docs, minScore: 0, maxQueryTerms: Infinity, accept, weigh: null, plain: true }, self, ctx, lists);
}

/**
 * What the shared-neighbours rerank reads for query `q` (of document `self`, or -1 for a draft):
 * its first `pool` cosine neighbours, its neighbourhood, and any article's (each cosine list from
 * the kept lists when they can tell, else searched and kept); null for a query with no counted term.
 */
function sharedContext(m: Segment, q: PreparedQuery | null, self: number, s: SharedNeighboursSettings, ctx: SearchContext, lists: ListCache | null) {
  if (q === null) return null;
  const first = cosineNeighbours(m, q, self, Math.max(s.pool, s.depth), ctx, lists);
  const own = new Set<number>(first.slice(0, s.depth).map((h) => h.doc));
  if (self >= 0) own.add(self);
  const cache = new Map<number, number[]>();
  const neighbourhood = (d: number): number[] => {
    let hood = cache.get(d);
    if (hood === undefined) {
      // A kept list answers without the row (a row costs a binary search per term).
      const kept = lists !== null && lists.has(d) ? lists.answer(d, s.depth, 0, (x) => x !== d) : null;
      const dq = kept === null ? prepareQuery(m, m.row(d), m.invNorm[d]) : null;
      const near = kept ?? (dq === null ? [] : cosineNeighbours(m, dq, d, s.depth, ctx, lists));
      hood = [d];
      for (const h of near) hood.push(h.doc);
      cache.set(d, hood);
    }
    return hood;
  };
  return { pool: first.slice(0, s.pool), own, neighbourhood, ids: ctx.ids };
}

/** How many articles the neighbourhoods of stored documents `a` and `b` share (the rerank's overlap count). */
export function sharedNeighbourCount(view: IndexView, a: number, b: number, scratch: Scratch, lists: ListCache | null): number {
  const { m, store } = view;
  const sctx: SearchContext = { ids: store.ids, scratch, kernel: view.kernel, pruned: view.pruned };
  const ctx = sharedContext(m, prepareQuery(m, m.row(a), m.invNorm[a]), a, view.shared as SharedNeighboursSettings, sctx, lists);
  return ctx === null ? 0 : (view.passes as SecondPasses).sharedCount(ctx.own, ctx.neighbourhood(b));
}

/**
 * The query of stored document `d` as lists are searched with it: its cosine query, moved by
 * feedback when that is on (explain reads it).
 */
export function queryOf(view: IndexView, d: number, scratch: Scratch, lists: ListCache | null): PreparedQuery | null {
  const { m, store } = view;
  const q = prepareQuery(m, m.row(d), m.invNorm[d]);
  if (q === null || view.feedback === null) return q;
  const sctx: SearchContext = { ids: store.ids, scratch, kernel: view.kernel, pruned: view.pruned };
  return (view.passes as SecondPasses).movedQuery(m, q, cosineNeighbours(m, q, d, view.feedback.docs, sctx, lists), view.feedback, view.termOf);
}

/** True when some option multiplies scores (so cosine lists cannot answer). */
export function multiplies(s: CheckedSignals): boolean {
  return s.halfLife > 0 || s.boostSection > 0 || s.boostTags > 0;
}

/**
 * True when every list is the cosine list cut to k: default options, no editor's pick, and one
 * language at most (so the language rule drops nothing).
 */
export function cosineListsAnswer(store: DocStore, n: number, s: CheckedSignals): boolean {
  if (s !== NO_SIGNALS) return false;
  let language: string | undefined;
  for (let d = 0; d < n; d++) {
    if (store.relatedOf(d).length > 0) return false;
    const lang = store.langOf(d);
    if (lang === undefined) continue;
    const primary = primaryLanguage(lang);
    if (language === undefined) language = primary;
    else if (primary !== language) return false;
  }
  return true;
}

/** Options of `everyList`. */
export interface EveryListOptions {
  k: number;
  signals: CheckedSignals;
  /** Lists that answer cosine searches where they can (kept, or just computed), or null. */
  lists: ListCache | null;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

/**
 * Every article's list of a compacted index (documents 0..n-1 all live), each exactly what
 * `recommend` gives with the same options; progress and abort every 1%.
 */
export function everyList(view: IndexView, o: EveryListOptions, scratch: Scratch): Map<string, Recommendation[]> {
  const { m, store } = view;
  const n = m.nDocs;
  const out = new Map<string, Recommendation[]>();
  const opts: CheckedRecommendOptions = { k: o.k, minScore: 0, maxQueryTerms: Infinity, signals: o.signals };
  const step = Math.max(1, Math.ceil(n / 100));
  // One clock for the whole run: "now" is the same instant for every list.
  const now = Date.now();
  for (let d = 0; d < n; d++) {
    if (d % step === 0) throwIfAborted(o.signal);
    const query = () => prepareQuery(m, m.row(d), m.invNorm[d]);
    out.set(store.ids[d] as string, named(store, listFor(view, query, opts, profileOf(store, d), scratch, o.lists, now)));
    if ((d + 1) % step === 0 || d + 1 === n) o.onProgress?.(d + 1, n);
  }
  return out;
}

