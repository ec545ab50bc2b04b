/**
 * The loop that reads a snapshot's postings for `decodeSnapshot` (snapshot-checks.ts says what it
 * checks and why): each posting's document (postDoc) and weight (postW) are read once, side by
 * side, summed for the checksum (appendSideBySide), checked, and weighed for the norm-sum check.
 *
 * Written for what V8 (Node 20) makes of it, measured at 100k articles: every typed array a loop
 * reads is checked again on every iteration, so one int32 view holds both sections; the running
 * sums stay in registers only while there are few of them (the eight lanes of the two sections'
 * checksums went to the stack, +15 ms; six here, and problems end the loop instead of being
 * or-ed into a flag); and a term's odd last posting is taken outside the loop's function (inside
 * it cost 5-10% of the loop).
 */

/**
 * The running sums, by the parity of a posting's index (its words' lanes): S of document plus
 * weight bits, T of S (Fletcher's b), D of documents, lane 0 then lane 1 (what appendSideBySide
 * takes); then the last document read.
 */
export const SUMS = 7;
const LAST = 6;

/**
 * Terms [from, to) (postings [termPtr[t], termPtr[t + 1]) each; documents at post[i], weights
 * at post[gap + i] as bits and floats[gap + i] as floats): sums their postings into `sums` (see
 * SUMS), each term's documents into docSums (mod 2^32), and k_t times its sum of r_d w^2 into
 * squares[1], the open group, which goes into the total squares[0] at every `group`-th term.
 * Returns `to`, or the first term whose documents do not strictly ascend below nDocs or whose
 * weights are not positive finite floats.
 */
export function sumTerms(from: number, to: number, post: Int32Array, floats: Float32Array, gap: number, r: Float32Array, termPtr: Uint32Array, k: Float64Array, nDocs: number, group: number, sums: Int32Array, docSums: Int32Array, squares: Float64Array): number {
  let total = squares[0] as number;
  let open = squares[1] as number;
  let t = from;
  for (; t < to; t++) {
    const start = termPtr[t] as number;
    const end = termPtr[t + 1] as number;
    const before = ((sums[4] as number) + (sums[5] as number)) | 0;
    const i = sumPairs(post, floats, gap, r, start, end, sums, squares);
    if (i + 1 < end || (i < end && !addLast(post, floats, gap, r, i, sums, squares)) || (sums[LAST] as number) >= nDocs) break;
    docSums[t] = ((sums[4] as number) + (sums[5] as number) - before) | 0;
    if (t % group === 0) {
      total += open;
      open = 0;
    }
    open += (k[t] as number) * (squares[2] as number);
  }
  squares[0] = total;
  squares[1] = open;
  return t;
}

/**
 * Postings from `from` two at a time, to `to` or one short of it (an odd count): adds them to
 * `sums` (the first of each pair in the lane of `from`'s parity) and their r_d w^2 to squares[2],
 * while documents strictly ascend from 0 and weights are positive finite floats (bits 1 ..
 * 0x7f7fffff; `(y - 1) >>> 0` maps 0 and negative bits past them). Returns where it stopped:
 * before `to - 1` only at a problem.
 */
function sumPairs(post: Int32Array, floats: Float32Array, gap: number, r: Float32Array, from: number, to: number, sums: Int32Array, squares: Float64Array): number {
  const p = from & 1;
  const q = 1 - p;
  let s0 = sums[2 * p] as number;
  let t0 = sums[2 * p + 1] as number;
  let s1 = sums[2 * q] as number;
  let t1 = sums[2 * q + 1] as number;
  let d0 = sums[4 + p] as number;
  let d1 = sums[4 + q] as number;
  let f0 = 0;
  let f1 = 0;
  let prev = -1;
  let i = from;
  for (; i + 1 < to; i += 2) {
    const x = post[i] as number;
    const u = post[i + 1] as number;
    const y = post[gap + i] as number;
    const v = post[gap + i + 1] as number;
    if (x <= prev || u <= x || (y - 1) >>> 0 >= 0x7f7fffff || (v - 1) >>> 0 >= 0x7f7fffff) break;
    s0 = (s0 + ((x + y) | 0)) | 0;
    t0 = (t0 + s0) | 0;
    s1 = (s1 + ((u + v) | 0)) | 0;
    t1 = (t1 + s1) | 0;
    d0 = (d0 + x) | 0;
    d1 = (d1 + u) | 0;
    prev = u;
    const w = floats[gap + i] as number;
    const z = floats[gap + i + 1] as number;
    f0 += (r[x] as number) * (w * w);
    f1 += (r[u] as number) * (z * z);
  }
  sums[2 * p] = s0;
  sums[2 * p + 1] = t0;
  sums[2 * q] = s1;
  sums[2 * q + 1] = t1;
  sums[4 + p] = d0;
  sums[4 + q] = d1;
  sums[LAST] = prev;
  squares[2] = f0 + f1;
  return i;
}

/** Adds posting i, the last of its term, as sumPairs would; false if it breaks the term's order or is not a weight. */
function addLast(post: Int32Array, floats: Float32Array, gap: number, r: Float32Array, i: number, sums: Int32Array, squares: Float64Array): boolean {
  const x = post[i] as number;
  const y = post[gap + i] as number;
  if (x <= (sums[LAST] as number) || (y - 1) >>> 0 >= 0x7f7fffff) return false;
  const l = i & 1;
  sums[2 * l] = ((sums[2 * l] as number) + ((x + y) | 0)) | 0;
  sums[2 * l + 1] = ((sums[2 * l + 1] as number) + (sums[2 * l] as number)) | 0;
  sums[4 + l] = ((sums[4 + l] as number) + x) | 0;
  sums[LAST] = x;
  const w = floats[gap + i] as number;
  squares[2] = (squares[2] as number) + (r[x] as number) * (w * w);
  return true;
}

/** Whether the weights' bits at post[gap + from, gap + to) are all positive finite floats (which section a problem is in). */
export function weightsFine(post: Int32Array, gap: number, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (((post[gap + i] as number) - 1) >>> 0 >= 0x7f7fffff) return false;
  return true;
}
