/**
 * Sums over a snapshot's words, taken by the loops that read them: the checksum (a two-lane
 * Fletcher-style sum), and the sums by which `decodeSnapshot` checks that the postings, the rows
 * and the norm sums describe the same index (checkPostings, checkRows).
 */
import { fail } from "./errors.js";
import type { NormSums, RowTerms } from "./corpus/matrix.js";
import type { ResolvedOptions } from "./options.js";
import { dfBound, idfOffset } from "./corpus/weighting.js";

/** What Fletcher#addAscending returns when the words do not strictly ascend from 0. */
export const NOT_ASCENDING = -2;
/**
 * Long loops run in calls of this many words: V8 (Node 20) runs a loop entered by on-stack
 * replacement about 3x slower than the same loop in a function it optimized whole, and a
 * snapshot is often loaded once per process (measured: 125 vs 40 ms per 86 MB section).
 */
export const CHUNK = 1 << 16;

/**
 * A Fletcher-style running sum over 4-byte little-endian words, `a += w; b += a` (mod 2^32), in
 * two lanes (even and odd word positions, for instruction-level parallelism): any single changed
 * word changes an `a`, and moved words change a `b`. Two additions per word let the structure
 * checks of `decodeSnapshot` sum the sections they read anyway, so a snapshot is read once. Not
 * cryptographic: it detects corruption and truncation, not tampering.
 */
export class Fletcher {
  /** a0, b0 (even words), a1, b1 (odd words): int32 slots, so the sums never box. */
  readonly #s = Int32Array.of(0x9e3779b9 | 0, 0x85ebca6b | 0, 0xc2b2ae35 | 0, 0x27d4eb2f | 0);

  add(words: Int32Array, from: number, to: number): void {
    for (let at = from; at < to; at += CHUNK) this.#add(words, at, Math.min(to, at + CHUNK));
  }

  #add(words: Int32Array, from: number, to: number): void {
    const s = this.#s;
    let a0 = s[0] as number;
    let b0 = s[1] as number;
    let a1 = s[2] as number;
    let b1 = s[3] as number;
    let i = from;
    if (i < to && (i & 1) === 1) {
      a1 = (a1 + (words[i] as number)) | 0;
      b1 = (b1 + a1) | 0;
      i++;
    }
    for (; i + 1 < to; i += 2) {
      a0 = (a0 + (words[i] as number)) | 0;
      b0 = (b0 + a0) | 0;
      a1 = (a1 + (words[i + 1] as number)) | 0;
      b1 = (b1 + a1) | 0;
    }
    if (i < to) {
      a0 = (a0 + (words[i] as number)) | 0;
      b0 = (b0 + a0) | 0;
    }
    s[0] = a0;
    s[1] = b0;
    s[2] = a1;
    s[3] = b1;
  }

  /** The sum (mod 2^32) of the words the last addAscending added: its lanes sum them anyway. */
  added = 0;

  /**
   * Adds words[from, to) (a run of at most a posting list or a row) and returns the last one if
   * they strictly ascend from 0 (-1 if there are none), NOT_ASCENDING otherwise.
   */
  addAscending(words: Int32Array, from: number, to: number): number {
    const s = this.#s;
    let a0 = s[0] as number;
    let b0 = s[1] as number;
    let a1 = s[2] as number;
    let b1 = s[3] as number;
    const before = (a0 + a1) | 0;
    let bad = 0;
    let prev = -1;
    let i = from;
    if (i < to && (i & 1) === 1) {
      prev = words[i] as number;
      a1 = (a1 + prev) | 0;
      b1 = (b1 + a1) | 0;
      bad |= prev < 0 ? 1 : 0;
      i++;
    }
    for (; i + 1 < to; i += 2) {
      const x = words[i] as number;
      const y = words[i + 1] as number;
      a0 = (a0 + x) | 0;
      b0 = (b0 + a0) | 0;
      a1 = (a1 + y) | 0;
      b1 = (b1 + a1) | 0;
      bad |= x <= prev || y <= x ? 1 : 0;
      prev = y;
    }
    if (i < to) {
      const x = words[i] as number;
      a0 = (a0 + x) | 0;
      b0 = (b0 + a0) | 0;
      bad |= x <= prev ? 1 : 0;
      prev = x;
    }
    s[0] = a0;
    s[1] = b0;
    s[2] = a1;
    s[3] = b1;
    this.added = (a0 + a1 - before) | 0;
    return bad === 0 ? prev : NOT_ASCENDING;
  }

  /** Adds float32 bit patterns; 1 if any is not a positive finite float (bits 1 .. 0x7f7fffff). */
  addPositiveFloats(bits: Int32Array, from: number, to: number): number {
    const s = this.#s;
    let a0 = s[0] as number;
    let b0 = s[1] as number;
    let a1 = s[2] as number;
    let b1 = s[3] as number;
    let bad = 0;
    let i = from;
    if (i < to && (i & 1) === 1) {
      const x = bits[i] as number;
      a1 = (a1 + x) | 0;
      b1 = (b1 + a1) | 0;
      bad |= x > 0 && x < 0x7f800000 ? 0 : 1;
      i++;
    }
    for (; i + 1 < to; i += 2) {
      const x = bits[i] as number;
      const y = bits[i + 1] as number;
      a0 = (a0 + x) | 0;
      b0 = (b0 + a0) | 0;
      a1 = (a1 + y) | 0;
      b1 = (b1 + a1) | 0;
      bad |= x > 0 && x < 0x7f800000 && y > 0 && y < 0x7f800000 ? 0 : 1;
    }
    if (i < to) {
      const x = bits[i] as number;
      a0 = (a0 + x) | 0;
      b0 = (b0 + a0) | 0;
      bad |= x > 0 && x < 0x7f800000 ? 0 : 1;
    }
    s[0] = a0;
    s[1] = b0;
    s[2] = a1;
    s[3] = b1;
    return bad;
  }

  /** Mixes the four sums with the length (murmur3's finalizer), so similar files differ widely. */
  digest(length: number): number {
    const s = this.#s;
    const rotl = (x: number, r: number) => (x << r) | (x >>> (32 - r));
    let h = (s[0] as number) ^ Math.imul(rotl(s[1] as number, 8), 0x85ebca6b) ^ Math.imul(rotl(s[2] as number, 16), 0xc2b2ae35) ^ Math.imul(rotl(s[3] as number, 24), 0x27d4eb2f) ^ length;
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    return h >>> 0;
  }
}

/** The checksum of `bytes[0, length)` (a trailing partial word counts one byte per word). */
export function checksum(bytes: Uint8Array, length: number): number {
  const sum = new Fletcher();
  const whole = length >>> 2;
  // Views need 4-byte alignment; an unaligned input is read through a copy.
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice(0, whole * 4);
  sum.add(new Int32Array(aligned.buffer, aligned.byteOffset, whole), 0, whole);
  const tail = new Int32Array(length - whole * 4);
  for (let j = 0; j < tail.length; j++) tail[j] = bytes[whole * 4 + j] as number;
  sum.add(tail, 0, tail.length);
  return sum.digest(length);
}

// ---------------------------------------------------------------------------------------------
// Consistency. A checksum recomputed after an edit passes, so the structures are also checked
// against each other, by sums the loops that read them take as they go.

/**
 * What the postings agree with the rows and the norm sums on, checked by sums over the pairs
 * (document d, term t) of the index, taken once from the postings (per term, in the loop that
 * sums them for the checksum) and once from the rows (per document):
 *
 *  - Pairs: the sums of d, t and t * d (mod 2^32). From the postings, a term's sum of d comes
 *    free from the checksum's lanes (Fletcher#added); from the rows, a row's sum of t comes with
 *    the check that it ascends. An entry that names another term or document changes the sum of
 *    d or of t; an entry moved to another row (a swap across a row's end) changes that of t * d.
 *  - Norm sums: the sum over documents of r_d (α S0 + β S1 + γ S2) equals the sum over postings
 *    of r_d w^2 (α + β b_t + γ b_t^2), over the terms that count (b_t the idf offset that
 *    DocTermMatrix derives from df), with α, β, γ and the key of r_d (docWeight) drawn at random
 *    for each load: a changed or exchanged sum moves the total by an amount its author cannot
 *    fit. As floats, the totals agree to within their rounding (`agrees`), so one document's
 *    sums could be off by that much of the total and pass: about 1e-6 of them at 100k articles
 *    (moving its scores by half that), 1e-10 at 1,000.
 *
 * So any one edit of a section is refused, and so are edits that do not aim at these sums. The
 * pair sums are fixed, though: several entries can be moved so that all three stay as they were.
 * Keyed pair sums (random keys per term and per document, u_t v_d summed per pair) would refuse
 * those too, for a key lookup per posting and per row entry in arrays that miss the caches:
 * measured +60% on loading a 100k-article snapshot. Exact checks cost more (measured, on a
 * 150 ms load: matching each row entry to its posting +200 ms, recomputing each document's sums
 * +110 ms): they read large arrays in random order. These sums cost about +7% (pairs) and +20%
 * (norm sums, whose loop reads postDoc a second time) on that load.
 */
/** Terms, and documents, whose float sums are summed together before they are added to a total (rounding depth, see `agrees`). */
const GROUP = 256;

export interface Tally {
  /** Per term: α + β b_t + γ b_t^2 when it counts, else 0. */
  k: Float64Array;
  alpha: number;
  beta: number;
  gamma: number;
  /** Keys each document's weight r_d (docWeight). */
  key: number;
  /** The pairs' sums of d and of t * d (mod 2^32). */
  docs: number;
  cross: number;
  /** The sum of k_t w^2 over the postings, and the roundings an addend of it goes through (`agrees`). */
  squares: number;
  depth: number;
}

/**
 * The postings, read in file order: df from 1 up, ascending (compaction numbers terms by df),
 * termPtr tiling the postings by df, each term's documents strictly ascending below nDocs, each
 * weight positive and finite. Adds postDoc (words[at..]: int32, so a document past 2^31 is
 * negative) and its padding to `sum`, then postW (`weights`, which follows); returns the Tally,
 * its norm sums NaN (not checked) unless `normSums`.
 */
export function checkPostings(words: Int32Array, at: number, weights: Float32Array, df: Int32Array, termPtr: Uint32Array, nDocs: number, options: ResolvedOptions, normSums: boolean, sum: Fletcher): Tally {
  const nnz = weights.length;
  const docs = words.subarray(at, at + nnz);
  const nTerms = df.length;
  if (termPtr[0] !== 0 || termPtr[nTerms] !== nnz) throw fail("INVALID_SNAPSHOT", "termPtr: postings offsets out of range");
  const units = randomUnits(4);
  const alpha = units[0] as number;
  const beta = units[1] as number;
  const gamma = units[2] as number;
  const key = ((units[3] as number) * 2 ** 31) | 0;
  // As DocTermMatrix#restoreSums: a term counts when its df is within minDf..maxDf of nDocs.
  const lo = dfBound(options.minDf, nDocs);
  const hi = dfBound(options.maxDf, nDocs);
  const k = new Float64Array(nTerms);
  for (let t = 0; t < nTerms; t++) {
    const f = df[t] as number;
    const b = idfOffset(f, options.idf);
    // b^2 rounded as the saved S2 rounds it (w^2 * (b * b)).
    k[t] = f >= lo && f <= hi ? alpha + beta * b + gamma * (b * b) : 0;
  }
  // [the pairs' sums of d, of t * d, the norm sums' total, problems]; terms GROUP at a time, in
  // calls V8 optimizes whole (see CHUNK).
  const state = new Float64Array(4);
  for (let t = 0; t < nTerms && state[3] === 0; t += GROUP) tallyTerms(t, Math.min(nTerms, t + GROUP), docs, weights, df, termPtr, k, nDocs, normSums ? key : null, sum, state);
  if (state[3] === 1) throw fail("INVALID_SNAPSHOT", "df, termPtr: postings offsets do not match ascending document frequencies");
  if (state[3] === 2) throw fail("INVALID_SNAPSHOT", "postDoc: a term's documents do not ascend below nDocs");
  sum.add(words, at + nnz, (weights.byteOffset - words.byteOffset) / 4);
  const bits = new Int32Array(weights.buffer, weights.byteOffset, nnz);
  let bad = 0;
  for (let i = 0; i < nnz; i += CHUNK) bad |= sum.addPositiveFloats(bits, i, Math.min(nnz, i + CHUNK));
  if (bad !== 0) throw fail("INVALID_SNAPSHOT", "postW: a weight is not positive and finite");
  // An addend's roundings: r_d w^2, its term's sum (two of them), k_t (5) and the product, its group's, the groups'.
  const maxDf = nTerms > 0 ? (df[nTerms - 1] as number) : 0;
  const depth = 1 + Math.ceil(maxDf / 2) + 2 + 6 + GROUP + Math.ceil(nTerms / GROUP);
  return { k, alpha, beta, gamma, key, docs: state[0] as number, cross: state[1] as number, squares: normSums ? (state[2] as number) : NaN, depth };
}

/**
 * Terms [from, to) of checkPostings (see there): adds their postings to `sum`, their sums into
 * `state`, and sets state[3] to 1 (bad offsets) or 2 (bad postings) at a problem. The norm sums'
 * squares are taken (with the key of r_d) while the term's documents are in the cache; its
 * weights are read again later, for the checksum in file order (one loop over both sections ran
 * slower, measured).
 */
function tallyTerms(from: number, to: number, docs: Int32Array, weights: Float32Array, df: Int32Array, termPtr: Uint32Array, k: Float64Array, nDocs: number, key: number | null, sum: Fletcher, state: Float64Array): void {
  let pairs = state[0] as number;
  let cross = state[1] as number;
  let group = 0;
  for (let t = from; t < to; t++) {
    const start = termPtr[t] as number;
    const end = termPtr[t + 1] as number;
    const f = df[t] as number;
    if (end - start !== f || f < (t > 0 ? (df[t - 1] as number) : 1)) {
      state[3] = 1;
      return;
    }
    const last = sum.addAscending(docs, start, end);
    if (last === NOT_ASCENDING || last >= nDocs) {
      state[3] = 2;
      return;
    }
    // The checksum's lanes just summed the term's documents.
    pairs = (pairs + sum.added) | 0;
    cross = (cross + Math.imul(t, sum.added)) | 0;
    const kt = k[t] as number;
    if (kt !== 0 && key !== null) group += kt * weightedSquares(docs, weights, start, end, key);
  }
  state[0] = pairs;
  state[1] = cross;
  state[2] = (state[2] as number) + group;
}

/**
 * The rows: rowPtr tiles rowTerm in document order, and each row holds strictly ascending term
 * ids below nTerms. Returns the pairs' sums of t and of t * d (mod 2^32), for checkRows.
 */
export function tallyRows(rowPtr: Uint32Array, rowTerm: RowTerms, nTerms: number): { terms: number; cross: number } {
  const nDocs = rowPtr.length - 1;
  let bad = rowPtr[0] === 0 && rowPtr[nDocs] === rowTerm.length ? 0 : 1;
  for (let d = 0; d < nDocs; d++) bad |= (rowPtr[d + 1] as number) >= (rowPtr[d] as number) ? 0 : 1;
  if (bad !== 0) throw fail("INVALID_SNAPSHOT", "rowPtr: rows do not tile their section");
  let terms = 0;
  let cross = 0;
  rowBad = 0;
  for (let d = 0; d < nDocs; d++) {
    const sum = rowSum(rowTerm, rowPtr[d] as number, rowPtr[d + 1] as number, nTerms);
    terms = (terms + sum) | 0;
    cross = (cross + Math.imul(d, sum)) | 0;
  }
  if (rowBad !== 0) throw fail("INVALID_SNAPSHOT", "rowTerm: a row's terms are not ascending term ids below nTerms");
  return { terms, cross };
}

/** The sum of values[from, to) (mod 2^32); sets `rowBad` unless they strictly ascend below `below`. */
function rowSum(values: RowTerms, from: number, to: number, below: number): number {
  let bad = 0;
  let prev = -1;
  let sum = 0;
  for (let i = from; i < to; i++) {
    const x = values[i] as number;
    bad |= x <= prev ? 1 : 0;
    prev = x;
    sum = (sum + x) | 0;
  }
  if (bad !== 0 || prev >= below) rowBad = 1;
  return sum;
}

/** rowSum's finding, read once after every row (a second return value without an allocation). */
let rowBad = 0;

/**
 * The norm sums are positive and finite, and rows (`rows`: tallyRows' sums), postings and norm
 * sums agree (see Tally).
 */
export function checkRows(rowPtr: Uint32Array, rows: { terms: number; cross: number }, df: Int32Array, sums: NormSums, tally: Tally): void {
  const nDocs = rowPtr.length - 1;
  const nTerms = df.length;
  const { s0, s1, s2 } = sums;
  const { alpha, beta, gamma, key } = tally;
  let pairs = 0;
  let squares = 0;
  let group = 0;
  let spread = 0;
  let bad = 0;
  for (let d = 0; d < nDocs; d++) {
    const n = (rowPtr[d + 1] as number) - (rowPtr[d] as number);
    pairs = (pairs + Math.imul(d, n)) | 0;
    const x0 = s0[d] as number;
    const x1 = s1[d] as number;
    const x2 = s2[d] as number;
    bad |= x0 >= 0 && x1 >= 0 && x2 >= 0 && x0 + x1 + x2 < Infinity ? 0 : 1;
    const x = docWeight(d, key) * (alpha * x0 + beta * x1 + gamma * x2);
    if (d % GROUP === 0) {
      squares += group;
      group = 0;
    }
    group += x;
    spread += n * x;
  }
  squares += group;
  if (bad !== 0) throw fail("INVALID_SNAPSHOT", "s0, s1, s2: a norm sum is negative or not finite");
  // The pairs' sum of t, from the postings: the sum of t * df_t.
  let terms = 0;
  for (let t = 0; t < nTerms; t++) terms = (terms + Math.imul(t, df[t] as number)) | 0;
  if (pairs !== tally.docs || rows.terms !== terms || rows.cross !== tally.cross) {
    throw fail("INVALID_SNAPSHOT", "rowPtr, rowTerm, postDoc: rows and postings hold different (document, term) pairs");
  }
  // A document's addend: r_d (α S0 + β S1 + γ S2) (6 roundings), within its group, the groups.
  const depth = tally.depth + 6 + GROUP + Math.ceil(nDocs / GROUP);
  if (!Number.isNaN(tally.squares) && !agrees(squares, tally.squares, spread, depth)) throw fail("INVALID_SNAPSHOT", "s0, s1, s2: norm sums disagree with the weights");
}

/**
 * Whether two float totals of the same exact value agree to within their rounding. Every addend
 * on both sides is positive, so each total is within depth * 2^-53 of the exact value
 * (relatively): `depth` bounds the additions and products an addend goes through, and `spread`
 * (each document's addend times its row length) covers the roundings inside the saved sums.
 * Twice that is allowed (Number.EPSILON is 2^-52): a saved file always agrees.
 */
function agrees(rows: number, postings: number, spread: number, depth: number): boolean {
  return Math.abs(rows - postings) <= Number.EPSILON * (spread + depth * Math.max(rows, postings));
}

/**
 * r_d: a weight in [1, 2) of each document, from a keyed hash of its index (murmur3's finalizer
 * steps): so that the norm sums of two documents cannot be exchanged unseen.
 */
function docWeight(d: number, key: number): number {
  let h = Math.imul(d ^ key, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return 1 + (h >>> 11) * 4.76837158203125e-7;
}

/** The sum of r_d w^2 over postings [from, to), in two sums (each addition waits for half as many). */
function weightedSquares(docs: Int32Array, weights: Float32Array, from: number, to: number, key: number): number {
  let even = 0;
  let odd = 0;
  let i = from;
  for (; i + 1 < to; i += 2) {
    const x = weights[i] as number;
    const y = weights[i + 1] as number;
    even += docWeight(docs[i] as number, key) * (x * x);
    odd += docWeight(docs[i + 1] as number, key) * (y * y);
  }
  if (i < to) {
    const x = weights[i] as number;
    even += docWeight(docs[i] as number, key) * (x * x);
  }
  return even + odd;
}

/**
 * `n` random numbers in [1, 2) with 52 random bits each, from `crypto` where there is one (every
 * supported runtime): a file's author must not know the factors its sums are checked with.
 */
function randomUnits(n: number): Float64Array {
  const bits = new Uint32Array(2 * n);
  const source = globalThis.crypto as Crypto | undefined;
  if (source?.getRandomValues) source.getRandomValues(bits);
  else for (let j = 0; j < bits.length; j++) bits[j] = Math.floor(Math.random() * 2 ** 32);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = 1 + (((bits[2 * i] as number) >>> 12) * 2 ** 32 + (bits[2 * i + 1] as number)) * 2 ** -52;
  return out;
}
