/**
 * The document store as snapshots save it: flat arrays per field, and the loops that turn them
 * back into the store's per-document views on load (doc-store.ts `restore`).
 */

/** The store's arrays, as snapshots save them. */
export interface StoreArrays {
  /** Article id of each document (all documents live: the store is compacted). */
  ids: string[];
  /** Epoch milliseconds, NaN when undated. */
  dates: Float64Array;
  /** Value number of each document's section, -1 when none. */
  sections: Int32Array;
  /** Value number of each document's language, -1 when none. */
  langs: Int32Array;
  /** Tags of document d: values tagValues[tagPtr[d] .. tagPtr[d+1]), ascending. */
  tagPtr: Uint32Array;
  tagValues: Int32Array;
  /** The table of section, language and tag strings. */
  values: readonly string[];
  /**
   * Editors' picks of document d, in order: relatedIds[relatedRefs[i]] for i in
   * relatedPtr[d] .. relatedPtr[d+1]. The table holds each picked id once, in order of first
   * pick (picks may name ids not in the index, so they are strings, not documents).
   */
  relatedPtr: Uint32Array;
  relatedRefs: Uint32Array;
  relatedIds: readonly string[];
  /** Title, URL and slug of each document ("" when none; format 6). */
  titles: readonly string[];
  urls: readonly string[];
  slugs: readonly string[];
}

/** The first `n` strings of `list`, "" for missing ones. */
export function fill(list: readonly (string | undefined)[], n: number): string[] {
  const out = new Array<string>(n);
  for (let d = 0; d < n; d++) out[d] = list[d] ?? "";
  return out;
}

/**
 * Documents per call of restore's loops: a loop run once over 100k documents runs mostly before
 * V8 optimizes it (entered by on-stack replacement); in calls, the function is optimized whole
 * after the first few.
 */
export const CALL = 4096;

/** Tags of documents [from, to) (restore): views of `values` where they have any. */
export function tagViews(from: number, to: number, tagPtr: Uint32Array, values: Int32Array, out: Int32Array[]): void {
  for (let d = from; d < to; d++) {
    const start = tagPtr[d] as number;
    const end = tagPtr[d + 1] as number;
    if (end > start) out[d] = values.subarray(start, end);
  }
}

/** Picks of documents [from, to) (restore): frozen lists of `relatedIds` where they have any. */
export function pickLists(from: number, to: number, relatedPtr: Uint32Array, relatedRefs: Uint32Array, relatedIds: readonly string[], out: (readonly string[] | undefined)[]): void {
  for (let d = from; d < to; d++) {
    const start = relatedPtr[d] as number;
    const end = relatedPtr[d + 1] as number;
    if (end === start) continue;
    const picks = new Array<string>(end - start);
    for (let i = start; i < end; i++) picks[i - start] = relatedIds[relatedRefs[i] as number] as string;
    out[d] = Object.freeze(picks);
  }
}
