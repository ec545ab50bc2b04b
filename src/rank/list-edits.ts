/**
 * Edits of a list around the similarity matches: editors' picks first, fallback entries last.
 * Picks are the editor's choice: they pass the caller's `exclude` and `filter`, not the signals
 * (an editor may pin an older story, another section or a translation). Fallback entries pass
 * every test a match passes (the list's filters hold for each of its entries).
 */
import type { DocIndex, DocStore } from "../corpus/doc-store.js";
import type { Accept } from "../search/kernels/kernel.js";
import type { Hit } from "../search/query.js";

/** The documents of `related` (article ids, in order) that may be pinned: known, live, not `self`, accepted, once each. */
export function pinnedDocs(related: readonly string[], store: DocStore, self: DocIndex, accept: Accept, k: number): DocIndex[] {
  const out: DocIndex[] = [];
  for (const id of related) {
    if (out.length === k) break;
    const d = store.docOf(id);
    if (d === undefined || d === self || out.includes(d) || !accept(d)) continue;
    out.push(d);
  }
  return out;
}

/**
 * Documents from newest to oldest (undated last, later additions first among equals): the order
 * `fallback: "recent"` fills from. Made per state of the index (O(n log n)), when a list needs it.
 */
export function newestFirst(store: DocStore, nDocs: number): Int32Array {
  const dates = store.dates;
  const ids = store.ids;
  const docs: number[] = [];
  for (let d = 0; d < nDocs; d++) if (ids[d] !== undefined) docs.push(d);
  docs.sort((a, b) => {
    const x = dates[a] as number;
    const y = dates[b] as number;
    const nx = Number.isNaN(x);
    const ny = Number.isNaN(y);
    if (nx !== ny) return nx ? 1 : -1;
    return nx || x === y ? b - a : y - x;
  });
  return Int32Array.from(docs);
}

/**
 * `list` filled up to `k` with fallback entries (score 0, `reason: "fallback"`): the given ids in
 * order, or for "recent" the newest articles of `section` first, then the newest of all.
 */
export function fillFallback(
  list: Hit[],
  k: number,
  spec: "recent" | readonly string[],
  store: DocStore,
  accept: Accept,
  section: string | undefined,
  recent: () => Int32Array,
): Hit[] {
  if (list.length >= k) return list;
  const listed = new Set(list.map((h) => h.doc));
  const add = (d: DocIndex): boolean => {
    if (listed.has(d) || !accept(d)) return false;
    listed.add(d);
    list.push({ doc: d, score: 0, reason: "fallback" });
    return list.length === k;
  };
  if (spec !== "recent") {
    for (const id of spec) {
      const d = store.docOf(id);
      if (d !== undefined && add(d)) break;
    }
    return list;
  }
  const order = recent();
  if (section !== undefined) {
    for (const d of order) if (store.sectionOf(d) === section && add(d)) return list;
  }
  for (const d of order) if (add(d)) break;
  return list;
}
