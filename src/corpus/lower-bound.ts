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
