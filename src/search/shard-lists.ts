/**
 * Partial lists of one query block against one shard (see corpus/shards.ts), and their merge.
 * Each query walks its own terms in ascending order and adds `addend(idf^2, wq, wd)` into a
 * float64 accumulator over the shard's documents, then `finish` scales by both norms: the same
 * addends in the same order as related-all.ts's symmetric pass and the kernels, so each score
 * is the single index's double. Each (block, shard) keeps the best k per query; the best k of the
 * union over shards is the best k overall (ties broken by id everywhere, as topk.ts does).
 */
import type { BlockRows, ShardPostings } from "../corpus/shards.js";
import { Scratch } from "./kernels/scratch.js";
import { capsAtOne, finish } from "./similarity.js";
import { heapOffer, sortByRank, type TieIds } from "./topk.js";
import type { NormMode } from "../corpus/weighting.js";

/** Each query's best k in a shard: `sizes[q]` entries at `q * k` in `docs` (global) and `scores`. */
export interface PartialLists {
  k: number;
  sizes: Uint32Array;
  docs: Uint32Array;
  scores: Float64Array;
}

/**
 * The best k documents of `shard` for every query of `block`, by the exact cosine, the query
 * itself excluded.
 * @param idf per term, from the global statistics
 * @param shardInv 1/|d| of the shard's documents; `blockInv` of the block's
 * @param shardIds article ids of the shard's documents (local numbering), for ties
 */
export function shardTopK(
  block: BlockRows,
  blockInv: Float64Array,
  shard: ShardPostings,
  shardInv: Float64Array,
  idf: Float64Array,
  shardIds: TieIds,
  k: number,
  norm: NormMode,
  scratch = new Scratch(),
): PartialLists {
  const nq = block.hi - block.lo;
  const nd = shard.hi - shard.lo;
  const scores = new Float64Array(nq * k);
  const local = new Int32Array(nq * k);
  const sizes = new Uint32Array(nq);
  scratch.fit(nd);
  const acc = scratch.acc;
  const range = scratch.range(shard.postDoc, shard.postW);
  const { termPtr } = shard;
  const { rowPtr, rowTerm, rowW } = block;
  const cap = capsAtOne(norm);
  for (let q = 0; q < nq; q++) {
    const qInv = blockInv[q] as number;
    if (qInv === 0) continue;
    for (let r = rowPtr[q] as number, re = rowPtr[q + 1] as number; r < re; r++) {
      const t = rowTerm[r] as number;
      const g = idf[t] as number;
      if (g === 0) continue;
      range(termPtr[t] as number, termPtr[t + 1] as number, g * g, rowW[r] as number);
    }
    // The query's own document, when it is in this shard, is not a candidate.
    const self = block.lo + q - shard.lo;
    let size = 0;
    const base = q * k;
    for (let d = 0; d < nd; d++) {
      const a = acc[d] as number;
      if (a === 0) continue;
      acc[d] = 0;
      if (d === self) continue;
      const s = finish(a, qInv, shardInv[d] as number, cap);
      if (s > 0) size = heapOffer(scores, local, base, size, k, d, s, shardIds);
    }
    sizes[q] = size;
    // Best first within the slot, in global document numbers.
    const hits: { doc: number; score: number }[] = [];
    for (let i = 0; i < size; i++) hits.push({ doc: local[base + i] as number, score: scores[base + i] as number });
    sortByRank(hits, shardIds);
    for (let i = 0; i < size; i++) {
      local[base + i] = (hits[i] as { doc: number }).doc + shard.lo;
      scores[base + i] = (hits[i] as { score: number }).score;
    }
  }
  return { k, sizes, docs: new Uint32Array(local.buffer), scores };
}

/**
 * The final list of query `q` from the partial lists of every shard: the best k of their union,
 * score descending, then id ascending.
 * @param idOf article id of a global document number (every document in the partials)
 */
export function mergePartials(parts: readonly PartialLists[], q: number, k: number, idOf: (doc: number) => string): { doc: number; score: number }[] {
  const hits: { doc: number; score: number }[] = [];
  for (const p of parts) {
    const base = q * p.k;
    for (let i = 0, n = p.sizes[q] as number; i < n; i++) hits.push({ doc: p.docs[base + i] as number, score: p.scores[base + i] as number });
  }
  const ids: string[] = [];
  for (const h of hits) ids[h.doc] = idOf(h.doc);
  return sortByRank(hits, ids).slice(0, k);
}
