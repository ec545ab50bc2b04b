/**
 * A compacted, refreshed matrix as plain typed arrays on SharedArrayBuffers, so worker threads
 * can run the kernels on the very same memory without copying it once per thread.
 */
import { DocTermMatrix } from "./matrix.js";
import type { MatrixOptions, RowTerms } from "./matrix.js";

/** Everything a kernel reads, as transferable-by-sharing arrays. */
export interface SharedIndex {
  options: MatrixOptions;
  baseDocs: number;
  baseTerms: number;
  idfA: number;
  termPtr: Uint32Array;
  postDoc: Uint32Array;
  postW: Float32Array;
  rowPtr: Uint32Array;
  rowTerm: RowTerms;
  invNorm: Float64Array;
  b: Float64Array;
  active: Uint8Array;
  ids: string[];
}

type Typed = Uint32Array | Uint16Array | Float32Array | Float64Array | Uint8Array;

function share<T extends Typed>(a: T, length = a.length): T {
  const Ctor = a.constructor as new (buffer: SharedArrayBuffer) => T;
  const out = new Ctor(new SharedArrayBuffer(length * a.BYTES_PER_ELEMENT));
  (out as Typed).set(a.subarray(0, length) as never);
  return out;
}

/** Copies a compacted matrix (no delta, refreshed) into shared memory. */
export function shareIndex(m: DocTermMatrix, ids: string[]): SharedIndex {
  return {
    options: m.options,
    baseDocs: m.baseDocs,
    baseTerms: m.baseTerms,
    idfA: m.idfA,
    termPtr: share(m.termPtr),
    postDoc: share(m.postDoc),
    postW: share(m.postW),
    rowPtr: share(m.rowPtr),
    rowTerm: share(m.rowTerm),
    invNorm: share(m.invNorm, m.nDocs),
    b: share(m.b, m.nTerms),
    active: share(m.active, m.nTerms),
    ids,
  };
}

/** A read-only matrix over shared arrays (inside a worker). */
export function openIndex(s: SharedIndex): { matrix: DocTermMatrix } {
  const m = new DocTermMatrix(s.options);
  m.baseDocs = m.nDocs = m.nAlive = s.baseDocs;
  m.baseTerms = m.nTerms = s.baseTerms;
  m.idfA = s.idfA;
  m.termPtr = s.termPtr;
  m.postDoc = s.postDoc;
  m.postW = s.postW;
  m.rowPtr = s.rowPtr;
  m.rowTerm = s.rowTerm;
  m.invNorm = s.invNorm;
  m.b = s.b;
  m.active = s.active;
  m.alive = new Uint8Array(s.baseDocs).fill(1);
  return { matrix: m };
}
