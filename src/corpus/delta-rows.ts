/**
 * The buffer of recent additions: documents added since the last compaction, one small sparse
 * row each, numbered after the base's documents (row i is document baseDocs + i, null once
 * removed). The next compaction moves them into the base.
 *
 * A row may arrive in any term order: compaction does not need order, so a full build never
 * sorts a row; rows added to a base are sorted at once (DocTermMatrix#addDoc), and a refresh
 * (which every query passes first) sorts any left.
 *
 * The rows are also kept term-major, as small postings (row, weight pairs per term), so that a
 * query scores the delta term at a time as it scores the base (kernels/kernel.ts offerDelta),
 * walking only the postings of its own terms instead of merging every row. They are made when a
 * query first asks (then kept up to date by each push): a bulk build adds every article before
 * its first query and compaction, and would otherwise hold its whole corpus twice.
 */
import type { SparseRow } from "./segment.js";

/** The rows added since the last compaction (see the file comment). */
export class DeltaRows {
  #rows: (SparseRow | null)[] = [];
  /** Per term id: row, weight, row, weight, ... in row order (rows dropped since stay until clear); null until asked. */
  #postings: number[][] | null = null;

  /** The rows, null where removed. */
  get rows(): readonly (SparseRow | null)[] {
    return this.#rows;
  }

  get length(): number {
    return this.#rows.length;
  }

  push(row: SparseRow): void {
    const r = this.#rows.length;
    this.#rows.push(row);
    if (this.#postings !== null) index(this.#postings, r, row);
  }

  /** Term `t`'s postings in the delta: row, weight pairs in row order (removed rows included). */
  postingsOf(t: number): readonly number[] | undefined {
    if (this.#postings === null) {
      const postings: number[][] = [];
      this.#rows.forEach((row, r) => row && index(postings, r, row));
      this.#postings = postings;
    }
    return this.#postings[t];
  }

  /** Row `i`, which must not have been removed. */
  get(i: number): SparseRow {
    return this.#rows[i] as SparseRow;
  }

  /** Forgets row `i` (its document was removed). */
  drop(i: number): void {
    this.#rows[i] = null;
  }

  /** Forgets every row (they are in the base now). */
  clear(): void {
    this.#rows = [];
    this.#postings = null;
  }

  /** Sorts each row by term id (O(n) per row that already ascends). */
  ascendAll(): void {
    const rows = this.#rows;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      if (row) ascend(row);
    }
  }

  /** Bytes of the rows' typed arrays, for memory figures. */
  bytes(): number {
    let n = 0;
    for (const row of this.#rows) if (row) n += row.terms.byteLength + row.weights.byteLength;
    // The term-major copy: two doubles per posting in a JS array.
    for (const list of this.#postings ?? []) if (list) n += list.length * 8;
    return n;
  }

  /** Number of postings held, for memory figures. */
  postings(): number {
    let n = 0;
    for (const row of this.#rows) if (row) n += row.terms.length;
    return n;
  }
}

/** Appends row `r`'s postings to the term-major copy. */
function index(postings: number[][], r: number, row: SparseRow): void {
  const { terms, weights } = row;
  for (let i = 0; i < terms.length; i++) {
    const list = (postings[terms[i] as number] ??= []);
    list.push(r, weights[i] as number);
  }
}

/** Sorts a row by term id in place, weights alongside (O(n) when it already ascends). */
export function ascend(row: SparseRow): void {
  const { terms, weights } = row;
  let i = 1;
  while (i < terms.length && (terms[i - 1] as number) < (terms[i] as number)) i++;
  if (i >= terms.length) return;
  const n = terms.length;
  const order = n < POSITIONS ? packedOrder(terms) : Array.from(terms.keys()).sort((a, b) => (terms[a] as number) - (terms[b] as number));
  const t = terms.slice();
  const w = weights.slice();
  for (let k = 0; k < n; k++) {
    terms[k] = t[order[k] as number] as number;
    weights[k] = w[order[k] as number] as number;
  }
}

/** Positions a packed sort key can hold next to a 32-bit term id in a double's 53 bits. */
const POSITIONS = 1 << 21;

/** Positions of `terms` by ascending term: keys term * 2^21 + position sort natively, without comparator calls. */
function packedOrder(terms: Uint32Array): Uint32Array {
  const n = terms.length;
  const keys = new Float64Array(n);
  for (let k = 0; k < n; k++) keys[k] = (terms[k] as number) * POSITIONS + k;
  keys.sort();
  const order = new Uint32Array(n);
  for (let k = 0; k < n; k++) order[k] = (keys[k] as number) % POSITIONS;
  return order;
}
