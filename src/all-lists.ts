/**
 * Every article's list at once (`relatedAll`): which way answers. Kept cosine lists answer when
 * every article's is kept, current and long enough; otherwise the symmetric pass scores each pair
 * once (search/related-all.ts) and its lists are kept; options that multiply scores are not
 * symmetric, so each article is then searched on its own (lists.ts `everyList`). The index is
 * read through its IndexView and its kept lists through a small door, so the Recommender keeps
 * its fields private.
 */
import { keptDepth, type ListCache } from "./search/kept-lists.js";
import type { Scratch } from "./search/kernels/scratch.js";
import { listsById, relatedAllOnOneThread } from "./search/related-all.js";
import { firstPool } from "./rank/rerank.js";
import { cosineListsAnswer, everyList, multiplies, type IndexView, type Recommendation } from "./lists.js";
import type { CheckedRelatedAllOptions } from "./validate.js";

/** The kept lists of an index, as a Recommender lends them. */
export interface KeptListsDoor {
  /** The kept lists, when they are of the index's current generation and documents; else null. */
  current(): ListCache | null;
  /** Keeps `lists`, computed for the index as it is now. */
  keep(lists: ListCache): void;
}

/**
 * Every list, cut to `k`, from the kept cosine lists when all are kept, at least `k` long and
 * current (call on a compacted index); null otherwise.
 */
export function fullKeptLists(view: IndexView, kept: KeptListsDoor, k: number): ListCache | null {
  const lists = kept.current();
  if (lists === null || k > lists.width) return null;
  for (let d = 0, n = view.m.nDocs; d < n; d++) if (!lists.holdsTop(d, Math.min(k, n - 1))) return null;
  return lists;
}

/**
 * Every list made from `lists` (cosine lists of every article, at least k long) under `o`;
 * `progress` reports the whole run as done (the lists were there before it).
 */
export function listsFromCosine(
  view: IndexView,
  lists: ListCache,
  o: CheckedRelatedAllOptions,
  scratch: Scratch,
  progress: boolean,
): Map<string, Recommendation[]> {
  const { m, store } = view;
  const n = m.nDocs;
  // Under feedback every list is a second search (its first pass reads these lists); under the
  // shared-neighbours rerank, a rerank of these lists.
  if (view.feedback === null && view.shared === null && cosineListsAnswer(store, n, o.signals)) {
    const out = listsById(store.ids as string[], lists);
    if (o.k < lists.width) for (const list of out.values()) list.length = Math.min(list.length, o.k);
    if (progress) o.onProgress?.(n, n);
    return out;
  }
  return everyList(view, { k: o.k, signals: o.signals, lists, onProgress: progress ? o.onProgress : undefined, signal: o.signal }, scratch);
}

/**
 * How deep the cosine lists of every article must be for `relatedAll` under `o`: each list's first
 * search (variety asks for a pool), and feedback's first pass.
 */
export function cosineWidth(view: Pick<IndexView, "feedback" | "shared">, o: Pick<CheckedRelatedAllOptions, "k" | "signals">): number {
  return Math.max(firstPool(o.k, o.signals), view.feedback?.docs ?? 0, view.shared?.pool ?? 0, view.shared?.depth ?? 0);
}

/** Every article's list of a compacted index under `o`, each exactly what `recommend` gives. */
export function allLists(view: IndexView, kept: KeptListsDoor, o: CheckedRelatedAllOptions, scratch: Scratch): Map<string, Recommendation[]> {
  // Scores multiplied per query are not symmetric: each article is searched on its own.
  if (multiplies(o.signals)) return everyList(view, { ...o, lists: fullKeptLists(view, kept, 1) }, scratch);
  // Cosine lists long enough to answer each list's first search (variety asks for a pool; feedback's first pass).
  const width = cosineWidth(view, o);
  let lists = fullKeptLists(view, kept, width);
  const computed = lists === null;
  // With a second pass (feedback, shared neighbours) progress counts the second pass's lists:
  // the cosine lists are the shorter part of the work.
  const second = view.feedback !== null || view.shared !== null;
  if (lists === null) {
    lists = relatedAllOnOneThread(view.m, view.store.ids as string[], keptDepth(width), scratch, second ? undefined : o.onProgress, o.signal);
    kept.keep(lists);
  }
  return listsFromCosine(view, lists, o, scratch, !computed || second);
}
