/**
 * The state of an index that snapshots capture and restore: its own module, so that persist/
 * (bytes) and recommender.ts (the class) both depend on it and not on each other.
 */
import type { DocStore } from "./corpus/doc-store.js";
import type { DocTermMatrix } from "./corpus/matrix.js";
import type { Vocabulary } from "./corpus/vocabulary.js";
import type { ResolvedOptions } from "./options.js";

/** @internal The state a snapshot captures. */
export interface RecommenderState {
  options: ResolvedOptions;
  /** Readable word of each stemmed term (see Analyzer.surfaces). */
  surfaces: Map<string, string>;
  vocabulary: Vocabulary;
  matrix: DocTermMatrix;
  ids: string[];
  dates: Float64Array;
  /** The document store (sections, languages, tags besides ids and dates); rebuilt from ids and dates when absent. */
  store?: DocStore;
}
