/**
 * Every article's top-k over a compacted index, for a range of documents: the loop that both the
 * single-threaded `relatedAll` and the worker threads run.
 */
import type { DocTermMatrix } from "./matrix.js";
import { PruneBounds, searchPruned } from "./prune.js";
import { prepareQuery, Scratch, searchExhaustive } from "./score.js";
import { TopK } from "./topk.js";

export type Kernel = "pruned" | "exhaustive";

/**
 * Writes the top-k of documents [start, end) into `docs`/`scores` (k slots per document, -1 /
 * 0 padded), exactly as `recommend(id, { k })` would rank them.
 */
export function topKRange(
  m: DocTermMatrix,
  bounds: PruneBounds,
  ids: readonly string[],
  kernel: Kernel,
  k: number,
  start: number,
  end: number,
  docs: Int32Array,
  scores: Float64Array,
  scratch: Scratch,
): void {
  const kk = Math.min(k, Math.max(1, m.nAlive));
  for (let d = start; d < end; d++) {
    const base = d * k;
    docs.fill(-1, base, base + k);
    scores.fill(0, base, base + k);
    const q = prepareQuery(m, m.row(d));
    if (q === null) continue;
    const heap = new TopK(kk, ids);
    const accept = (x: number) => x !== d;
    if (kernel === "exhaustive") searchExhaustive(m, q, heap, accept, 0, scratch);
    else searchPruned(m, q, heap, accept, 0, scratch, bounds);
    const top = heap.sorted();
    for (let i = 0; i < top.length; i++) {
      docs[base + i] = (top[i] as { doc: number }).doc;
      scores[base + i] = (top[i] as { score: number }).score;
    }
  }
}
