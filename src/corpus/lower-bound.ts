/** Sorted typed arrays searched by `lowerBound`: postings' documents, rows' term ids. */
export type SortedIds = Uint16Array | Uint32Array | Int32Array;

/**
 * The first index in `arr[lo, hi)` whose value is at least `value` (`hi` when none is): the one
 * binary search of the index, for a document in a term's postings and a term in a document's row.
 */
export function lowerBound(arr: SortedIds, lo: number, hi: number, value: number): number {
  let l = lo;
  let h = hi;
  while (l < h) {
    const mid = (l + h) >>> 1;
    if ((arr[mid] as number) < value) l = mid + 1;
    else h = mid;
  }
  return l;
}

/**
 * `lowerBound` started from a guess: gallops from `guess` towards `value` (steps 1, 2, 4, ...)
 * and finishes with a binary search of the last step. Postings list documents in order and
 * spread over the corpus, so a document's position is close to `lo + (hi - lo) * d / n`: a few
 * probes near the guess instead of log2(hi - lo) across the list (cache misses, mostly).
 */
export function lowerBoundNear(arr: SortedIds, lo: number, hi: number, value: number, guess: number): number {
  if (lo >= hi) return lo;
  let g = guess < lo ? lo : guess >= hi ? hi - 1 : guess;
  if ((arr[g] as number) < value) {
    // The answer is after g: gallop right.
    let step = 1;
    let prev = g;
    while (g + step < hi && (arr[g + step] as number) < value) {
      prev = g + step;
      step *= 2;
    }
    return lowerBound(arr, prev + 1, Math.min(hi, g + step + 1), value);
  }
  // arr[g] >= value: the answer is g or before it: gallop left.
  let step = 1;
  let next = g;
  while (g - step >= lo && (arr[g - step] as number) >= value) {
    next = g - step;
    step *= 2;
  }
  return lowerBound(arr, Math.max(lo, g - step), next, value);
}
