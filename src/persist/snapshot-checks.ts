/**
 * The structure checks of `decodeSnapshot`, taken by the loops that sum the large sections for
 * the checksum (../checksum.ts), so that each is read once: the postings (snapshot-postings.ts) and
 * the rows (snapshot-rows.ts) each on its own, then against each other and against the norm
 * sums (checkDocuments). A checksum recomputed after an edit passes, so the structures are checked
 * against each other by sums over the pairs (document d, term t) of the index, taken once from
 * the postings (per term) and once from the rows (per document):
 *
 *  - Pairs: the sums of d, t and t * d (mod 2^32). From the postings, a term's sum of d comes
 *    with the checksum's sums; from the rows, a row's sum of t comes with the check that it
 *    ascends. An entry that names another term or document changes the sum of d or of t; an
 *    entry moved to another row (a swap across a row's end) changes that of t * d.
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
 * +110 ms): they read large arrays in random order.
 *
 * Cost: the loops that read the postings and the rows for the checksum take these sums too
 * (snapshot-postings.ts, snapshot-rows.ts), each section read once; the norm-sum check adds a
 * float read, a lookup of r_d and a multiply-add per posting. Measured with bench/load-time.ts
 * (100k articles): a load as fast as before these checks, within the noise of a shared machine.
 */
import { fail } from "../errors.js";
import { appendSideBySide, CHUNK, type Fletcher } from "./checksum.js";
import type { NormSums } from "../corpus/matrix.js";
import type { ResolvedOptions } from "../options.js";
import { SUMS, sumTerms, weightsFine } from "./snapshot-postings.js";
import { dfBound, idfOffset } from "../corpus/weighting.js";

/** Terms, and documents, whose float sums are summed together before they are added to a total (rounding depth, see `agrees`). */
const GROUP = 256;

export interface Tally {
  /** Per term: α + β b_t + γ b_t^2 when it counts, else 0. */
  k: Float64Array;
  alpha: number;
  beta: number;
  gamma: number;
  /** r_d for each document (docWeight, under this load's key). */
  r: Float32Array;
  /** The pairs' sums of d and of t * d (mod 2^32). */
  docs: number;
  cross: number;
  /** The sum of k_t r_d w^2 over the postings (NaN: not checked), and the roundings an addend of it goes through (`agrees`). */
  squares: number;
  depth: number;
}

/**
 * The postings: df from 1 up, ascending (compaction numbers terms by df), termPtr tiling the
 * postings by df, each term's documents strictly ascending below nDocs, each weight positive and
 * finite. Adds postDoc (words[at..]: int32, so a document past 2^31 is negative), its padding,
 * and postW (`weights`, which follows) to `sum`; returns the Tally, its norm sums NaN (not
 * checked) unless `normSums`.
 */
export function checkPostings(words: Int32Array, at: number, weights: Float32Array, df: Int32Array, termPtr: Uint32Array, nDocs: number, options: ResolvedOptions, normSums: boolean, sum: Fletcher): Tally {
  const nnz = weights.length;
  const nTerms = df.length;
  if (termPtr[0] !== 0 || termPtr[nTerms] !== nnz || !offsetsMatch(df, termPtr)) throw fail("INVALID_SNAPSHOT", "df, termPtr: postings offsets do not match ascending document frequencies");
  // One view of both sections (postDoc at [0, nnz), postW at [gap, gap + nnz)) as int32 and
  // one as float32: V8 checks each typed array a loop reads on every iteration. Both sections
  // start at 8-byte offsets (even words), so a posting's index has its words' lanes in the file.
  const wAt = (weights.byteOffset - words.byteOffset) / 4;
  const gap = wAt - at;
  const post = new Int32Array(words.buffer, words.byteOffset + at * 4, gap + nnz);
  const floats = new Float32Array(words.buffer, words.byteOffset + at * 4, gap + nnz);
  const units = randomUnits(4);
  const alpha = units[0] as number;
  const beta = units[1] as number;
  const gamma = units[2] as number;
  const r = docWeights(nDocs, ((units[3] as number) * 2 ** 31) | 0);
  const k = termWeights(df, nDocs, options, alpha, beta, gamma);
  const sums = new Int32Array(SUMS);
  // Each term's sum of documents (mod 2^32), for the pairs' sums.
  const docSums = new Int32Array(nTerms);
  // The norm sums' total, its open group (see GROUP), a term's sum.
  const squares = new Float64Array(3);
  // Terms in calls of about CHUNK postings (see CHUNK).
  for (let t = 0; t < nTerms; ) {
    const from = t;
    const until = (termPtr[t] as number) + CHUNK;
    do t++;
    while (t < nTerms && (termPtr[t] as number) < until);
    const stop = sumTerms(from, t, post, floats, gap, r, termPtr, k, nDocs, GROUP, sums, docSums, squares);
    if (stop < t) {
      if (weightsFine(post, gap, termPtr[stop] as number, termPtr[stop + 1] as number)) throw fail("INVALID_SNAPSHOT", "postDoc: a term's documents do not ascend below nDocs");
      throw fail("INVALID_SNAPSHOT", "postW: a weight is not positive and finite");
    }
  }
  appendSideBySide(sum, sums, words, at, wAt, nnz);
  const [pairs, cross] = pairSums(docSums);
  // An addend's roundings: r_d w^2, its term's sum (one of two, holding up to half and one more,
  // then their sum), k_t (5) and the product, its group's, the groups'.
  const maxDf = nTerms > 0 ? (df[nTerms - 1] as number) : 0;
  const depth = 1 + (Math.ceil(maxDf / 2) + 2) + 6 + GROUP + Math.ceil(nTerms / GROUP);
  return { k, alpha, beta, gamma, r, docs: pairs, cross, squares: normSums ? (squares[0] as number) + (squares[1] as number) : NaN, depth };
}

/** Whether termPtr tiles the postings by df, and df ascends from 1 (termPtr[0] and termPtr[nTerms] checked before). */
function offsetsMatch(df: Int32Array, termPtr: Uint32Array): boolean {
  let bad = 0;
  let prev = 1;
  for (let t = 0; t < df.length; t++) {
    const f = df[t] as number;
    bad |= (termPtr[t + 1] as number) - (termPtr[t] as number) === f && f >= prev ? 0 : 1;
    prev = f;
  }
  return bad === 0;
}

/** r_d for each document, as float32 (which holds docWeight's 21 bits after the point exactly, in half a float64's cache lines). */
function docWeights(nDocs: number, key: number): Float32Array {
  const r = new Float32Array(nDocs);
  for (let d = 0; d < nDocs; d++) r[d] = docWeight(d, key);
  return r;
}

/** k_t for each term (see Tally): as DocTermMatrix#restoreSums, a term counts when its df is within minDf..maxDf of nDocs. */
function termWeights(df: Int32Array, nDocs: number, options: ResolvedOptions, alpha: number, beta: number, gamma: number): Float64Array {
  const lo = dfBound(options.minDf, nDocs);
  const hi = dfBound(options.maxDf, nDocs);
  const k = new Float64Array(df.length);
  for (let t = 0; t < df.length; t++) {
    const f = df[t] as number;
    const b = idfOffset(f, options.idf);
    // b^2 rounded as the saved S2 rounds it (w^2 * (b * b)).
    k[t] = f >= lo && f <= hi ? alpha + beta * b + gamma * (b * b) : 0;
  }
  return k;
}

/** The pairs' sums of d and of t * d (mod 2^32) from each term's sum of documents. */
function pairSums(docSums: Int32Array): [number, number] {
  let pairs = 0;
  let cross = 0;
  for (let t = 0; t < docSums.length; t++) {
    const x = docSums[t] as number;
    pairs = (pairs + x) | 0;
    cross = (cross + Math.imul(t, x)) | 0;
  }
  return [pairs, cross];
}

/**
 * The documents, in one pass: their norm sums positive and finite, rows (`rows`: tallyRows'
 * sums), postings and norm sums agreeing (see Tally), and their dates epoch milliseconds as Date
 * keeps them (integers within +-8.64e15), or NaN for none.
 */
export function checkDocuments(rowPtr: Uint32Array, rows: { terms: number; cross: number }, df: Int32Array, sums: NormSums, dates: Float64Array, tally: Tally): void {
  const nDocs = rowPtr.length - 1;
  const nTerms = df.length;
  const { s0, s1, s2 } = sums;
  const { alpha, beta, gamma, r } = tally;
  let pairs = 0;
  let squares = 0;
  let group = 0;
  let spread = 0;
  let bad = 0;
  let badDates = 0;
  const checked = !Number.isNaN(tally.squares);
  for (let d = 0; d < nDocs; d++) {
    const date = dates[d] as number;
    badDates |= date !== date || (Math.abs(date) <= 8.64e15 && Math.floor(date) === date) ? 0 : 1;
    const n = (rowPtr[d + 1] as number) - (rowPtr[d] as number);
    pairs = (pairs + Math.imul(d, n)) | 0;
    const x0 = s0[d] as number;
    const x1 = s1[d] as number;
    const x2 = s2[d] as number;
    bad |= x0 >= 0 && x1 >= 0 && x2 >= 0 && x0 + x1 + x2 < Infinity ? 0 : 1;
    if (!checked) continue;
    const x = (r[d] as number) * (alpha * x0 + beta * x1 + gamma * x2);
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
  if (checked && !agrees(squares, tally.squares, spread, depth)) throw fail("INVALID_SNAPSHOT", "s0, s1, s2: norm sums disagree with the weights");
  if (badDates !== 0) throw fail("INVALID_SNAPSHOT", "dates: not a valid date");
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
