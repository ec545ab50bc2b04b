/**
 * The rows of a snapshot (rowPtr, rowTerm), read once for `decodeSnapshot`: checked (each row's
 * term ids strictly ascend below nTerms), summed for the pairs' check against the postings
 * (snapshot-checks.ts), and, 16-bit rows two entries a word, summed for the checksum in the same
 * loop.
 */
import { fail } from "../errors.js";
import { CHUNK, type Fletcher } from "./checksum.js";
import type { RowTerms } from "../corpus/matrix.js";

/**
 * The rows: rowPtr tiles rowTerm in document order, and each row holds strictly ascending term
 * ids below nTerms. Adds rowTerm (words[at..]) and its padding to `sum`; returns the pairs' sums
 * of t and of t * d (mod 2^32), for checkDocuments.
 */
export function tallyRows(words: Int32Array, at: number, rowPtr: Uint32Array, rowTerm: RowTerms, nTerms: number, sum: Fletcher): { terms: number; cross: number } {
  const nDocs = rowPtr.length - 1;
  const nnz = rowTerm.length;
  let bad = rowPtr[0] === 0 && rowPtr[nDocs] === nnz ? 0 : 1;
  for (let d = 0; d < nDocs; d++) bad |= (rowPtr[d + 1] as number) >= (rowPtr[d] as number) ? 0 : 1;
  if (bad !== 0) throw fail("INVALID_SNAPSHOT", "rowPtr: rows do not tile their section");
  const end = at + Math.ceil((nnz * rowTerm.BYTES_PER_ELEMENT) / 8) * 2;
  // [the pairs' sums of t, of t * d, problems (sign bit)]
  const state = new Int32Array(3);
  if (rowTerm instanceof Uint16Array) {
    // The checksum's lanes, and sumRowWords' sum.
    const lanes = new Int32Array(5);
    lanes.set(sum.lanes);
    // Rows in calls of about CHUNK entries (see CHUNK).
    for (let d = 0; d < nDocs && state[2] === 0; ) {
      const from = d;
      const until = (rowPtr[d] as number) + CHUNK;
      do d++;
      while (d < nDocs && (rowPtr[d] as number) < until);
      tallyRows16(from, d, words, at, rowPtr, nTerms, lanes, state);
    }
    sum.lanes.set(lanes.subarray(0, 4));
    // Each word whose high half is an entry was summed with that entry's row; the rest is padding.
    sum.add(words, at + Math.floor(nnz / 2), end);
  } else {
    for (let d = 0; d < nDocs; d++) {
      const x = rowSum(rowTerm, rowPtr[d] as number, rowPtr[d + 1] as number, nTerms, state);
      state[0] = ((state[0] as number) + x) | 0;
      state[1] = ((state[1] as number) + Math.imul(d, x)) | 0;
    }
    sum.add(words, at, end);
  }
  if ((state[2] as number) < 0) throw fail("INVALID_SNAPSHOT", "rowTerm: a row's terms are not ascending term ids below nTerms");
  return { terms: state[0] as number, cross: state[1] as number };
}

/**
 * Rows [from, to) of 16-bit entries, two to a word (entry 2j in the low half of word at + j),
 * read a word at a time: sums each row and checks that it ascends below nTerms (setting the sign
 * of state[2] otherwise), and adds each word to `lanes` (the checksum's) with the row that holds
 * its high half, so in file order. Rows tile their section (checked first), so every word but a
 * last one of padding is added once.
 */
function tallyRows16(from: number, to: number, words: Int32Array, at: number, rowPtr: Uint32Array, nTerms: number, lanes: Int32Array, state: Int32Array): void {
  let terms = state[0] as number;
  let cross = state[1] as number;
  for (let d = from; d < to; d++) {
    const start = rowPtr[d] as number;
    const end = rowPtr[d + 1] as number;
    let i = start;
    let prev = -1;
    let sum = 0;
    if (i < end && (i & 1) === 1) {
      // The high half of a word whose low half ends an earlier row.
      const k = at + (i >>> 1);
      const w = words[k] as number;
      const l = (k & 1) << 1;
      lanes[l] = ((lanes[l] as number) + w) | 0;
      lanes[l + 1] = ((lanes[l + 1] as number) + (lanes[l] as number)) | 0;
      prev = w >>> 16;
      sum = prev;
      i++;
    }
    // Words with both halves in the row.
    const k = at + (i >>> 1);
    const stop = at + (end >>> 1);
    const last = sumRowWords(words, k, stop, prev, lanes);
    if (last === -2) {
      state[2] = -1;
      return;
    }
    sum = (sum + (lanes[SUM] as number)) | 0;
    prev = last;
    if ((end & 1) === 1 && end - 1 >= i) {
      // The low half of a word that a later row adds.
      const x = (words[stop] as number) & 0xffff;
      if (x <= prev) {
        state[2] = -1;
        return;
      }
      sum = (sum + x) | 0;
      prev = x;
    }
    if (prev >= nTerms) {
      state[2] = -1;
      return;
    }
    terms = (terms + sum) | 0;
    cross = (cross + Math.imul(d, sum)) | 0;
  }
  state[0] = terms;
  state[1] = cross;
}

/** lanes[SUM]: sumRowWords' second result (the sum of the entries it read). */
const SUM = 4;

/**
 * Words [from, to) of a row, each two entries: adds them to the checksum's lanes (lanes[0..3],
 * by the parity of their index) and their entries to lanes[SUM]; returns the last entry, or -2
 * unless the entries strictly ascend after `prev`.
 */
function sumRowWords(words: Int32Array, from: number, to: number, prev: number, lanes: Int32Array): number {
  const p = (from & 1) << 1;
  const q = 2 - p;
  let a0 = lanes[p] as number;
  let b0 = lanes[p + 1] as number;
  let a1 = lanes[q] as number;
  let b1 = lanes[q + 1] as number;
  let sum = 0;
  let k = from;
  for (; k + 1 < to; k += 2) {
    const w = words[k] as number;
    const v = words[k + 1] as number;
    const w0 = w & 0xffff;
    const w1 = w >>> 16;
    const v0 = v & 0xffff;
    const v1 = v >>> 16;
    if (w0 <= prev || w1 <= w0 || v0 <= w1 || v1 <= v0) return -2;
    a0 = (a0 + w) | 0;
    b0 = (b0 + a0) | 0;
    a1 = (a1 + v) | 0;
    b1 = (b1 + a1) | 0;
    sum = (sum + ((w0 + w1 + v0 + v1) | 0)) | 0;
    prev = v1;
  }
  if (k < to) {
    const w = words[k] as number;
    const w0 = w & 0xffff;
    const w1 = w >>> 16;
    if (w0 <= prev || w1 <= w0) return -2;
    a0 = (a0 + w) | 0;
    b0 = (b0 + a0) | 0;
    sum = (sum + ((w0 + w1) | 0)) | 0;
    prev = w1;
  }
  lanes[p] = a0;
  lanes[p + 1] = b0;
  lanes[q] = a1;
  lanes[q + 1] = b1;
  lanes[SUM] = sum;
  return prev;
}

/** The sum of values[from, to) (mod 2^32); sets the sign of state[2] unless they strictly ascend below `below`. */
function rowSum(values: RowTerms, from: number, to: number, below: number, state: Int32Array): number {
  let bad = 0;
  let prev = -1;
  let sum = 0;
  for (let i = from; i < to; i++) {
    const x = values[i] as number;
    bad |= x <= prev ? 1 : 0;
    prev = x;
    sum = (sum + x) | 0;
  }
  if (bad !== 0 || prev >= below) state[2] = -1;
  return sum;
}
