/**
 * The state of an index that snapshots capture and restore: its own module, so that persist/
 * (bytes) and recommender.ts (the class) both depend on it and not on each other.
 */
import type { DocStore } from "./corpus/doc-store.js";
import type { DocTermMatrix } from "./corpus/matrix.js";
import type { Vocabulary } from "./corpus/vocabulary.js";
import type { TermForms } from "./corpus/term-forms.js";
import type { ResolvedOptions } from "./options.js";
import type { SparseRow } from "./corpus/segment.js";
import type { ListCache } from "./search/kept-lists.js";
import type { LiveStats } from "./search/live-lists.js";
import type { Recommendation } from "./lists.js";
import type { CheckedRelatedAllOptions } from "./validate.js";
import { fail } from "./errors.js";

/** @internal The state a snapshot captures. */
export interface RecommenderState {
  options: ResolvedOptions;
  /** The forms of each term and their counts: each term's readable word (corpus/term-forms.ts). */
  forms: TermForms;
  vocabulary: Vocabulary;
  matrix: DocTermMatrix;
  ids: string[];
  dates: Float64Array;
  /** The document store (sections, languages, tags besides ids and dates); rebuilt from ids and dates when absent. */
  store?: DocStore;
}

/**
 * @internal What alsolike/node, the CLI, tests and benchmarks reach behind the public API, through
 * src/internal.ts (never exported from the package's entries).
 */
export interface RecommenderInternals {
  /** Which exact kernel answers: "exhaustive" (default) or "pruned" (benchmarks compare them). */
  kernel: "pruned" | "exhaustive";
  /** The corpus generation, bumped by every change, for lists computed elsewhere. */
  readonly generation: number;
  /** Brings the index up to date (compacted when asked) and exposes its state (snapshots, workers). */
  state(compact: boolean): RecommenderState;
  /** An article's row of tf weights. */
  row(id: string): SparseRow;
  /** The kept lists when every article's is kept, current and at least `k` long (after `state(true)`), else null. */
  keptLists(k: number): ListCache | null;
  /** Every list made from cosine lists of every article (kept, or computed by worker threads) under `options`. */
  listsFrom(lists: ListCache, options: CheckedRelatedAllOptions, progress: boolean): Map<string, Recommendation[]>;
  /** Keeps lists computed for `generation` by worker threads, unless the corpus changed since. */
  adoptLists(lists: ListCache, generation: number): void;
  /** How many kept lists were settled across changes and how many searched again (live-lists.ts). */
  liveStats(): LiveStats;
}

/**
 * The key of the method that opens a Recommender's internals. A registered symbol, so that
 * another copy of the class (the CommonJS build beside the ES module one, a bundled copy)
 * opens its own instances: each method reads the private fields of the class that made it.
 */
export const INTERNALS = Symbol.for("alsolike.internals");

/** @internal The internals of a Recommender (see RecommenderInternals). */
export function internalsOf(rec: object): RecommenderInternals {
  const method = typeof rec === "object" && rec !== null ? (rec as Record<symbol, unknown>)[INTERNALS] : undefined;
  if (typeof method !== "function") throw fail("INVALID_OPTION", "rec", rec, "a Recommender");
  return (method as () => RecommenderInternals).call(rec);
}
