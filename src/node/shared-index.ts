/**
 * A compacted, refreshed corpus as plain typed arrays on SharedArrayBuffers, so worker threads
 * can run the kernels on the very same memory without copying it once per thread.
 */
import { ReadOnlySegment, type Segment, type SegmentArrays } from "../corpus/segment.js";

/** Everything a kernel reads, as transferable-by-sharing arrays, and the article ids. */
export interface SharedIndex extends SegmentArrays {
  ids: string[];
}

type Typed = Uint32Array | Uint16Array | Int32Array | Float32Array | Float64Array;

function share<T extends Typed>(a: Readonly<T>, length = a.length): T {
  const Ctor = a.constructor as new (buffer: SharedArrayBuffer) => T;
  const out = new Ctor(new SharedArrayBuffer(length * a.BYTES_PER_ELEMENT));
  (out as Typed).set(a.subarray(0, length) as never);
  return out;
}

/** Copies a compacted segment (no delta, refreshed) into shared memory, idf frozen per term. */
export function shareIndex(m: Segment, ids: string[]): SharedIndex {
  const nt = m.baseTerms;
  const idf = new Float64Array(new SharedArrayBuffer(nt * Float64Array.BYTES_PER_ELEMENT));
  for (let t = 0; t < nt; t++) idf[t] = m.idf(t);
  return {
    options: m.options,
    termPtr: share<Uint32Array>(m.termPtr),
    postDoc: share<Uint32Array>(m.postDoc),
    postW: share<Float32Array>(m.postW),
    rowPtr: share<Uint32Array>(m.rowPtr, m.baseDocs + 1),
    rowTerm: share<Uint16Array | Uint32Array>(m.rowTerm),
    invNorm: share<Float64Array>(m.invNorm, m.nDocs),
    df: share<Int32Array>(m.df, nt),
    idf,
    ids,
  };
}

/** The read-only segment over shared arrays (inside a worker). */
export function openIndex(s: SharedIndex): Segment {
  return new ReadOnlySegment(s);
}
