/**
 * Snapshots: a compacted Recommender as one Uint8Array, and back.
 *
 *   offset 0   "ALSOLIKE" magic (8 bytes)
 *          8   format version, u32 little-endian
 *         12   header length H, u32
 *         16   header: UTF-8 JSON (options that shape the vectors, counts), padded to 8 bytes
 *              sections, each padded to 8 bytes, in this order:
 *                df i32[nTerms] | termPtr u32[nTerms+1] | postDoc u32[nnz] | postW f32[nnz]
 *                rowPtr u32[nDocs+1] | rowPos u32[nnz] | s0, s1, s2 f64[nDocs] | dates f64[nDocs]
 *                termEnds u32[nTerms] | termChars utf8 | idEnds u32[nDocs] | idChars utf8
 *                surfaceEnds u32[nTerms] | surfaceChars utf8   (readable word per stem, "" if none)
 *   end - 8    total length, u32 (catches truncation before the checksum is read)
 *   end - 4    checksum of every byte before it, u32
 *
 * The arrays are stored as they sit in memory (aligned), so `load` views them in place instead of
 * rebuilding rows or norms: loading costs one checksum pass and one validation pass. About 12
 * bytes per posting. No fs here: `alsolike/node` writes files.
 */
import { fail } from "./errors.js";
import { DocTermMatrix, type MatrixArrays, type NormSums } from "./matrix.js";
import type { ResolvedOptions } from "./options.js";
import { Vocabulary } from "./vocabulary.js";
import type { RecommenderState } from "./recommender.js";

export const SNAPSHOT_VERSION = 1;
const MAGIC = "ALSOLIKE";
const HEAD = 16;
const TRAILER = 8;

interface Header {
  options: Omit<ResolvedOptions, "maxDf"> & { maxDf: number | null };
  nDocs: number;
  nTerms: number;
  nnz: number;
  termChars: number;
  idChars: number;
  surfaceChars: number;
}

const pad8 = (n: number) => (n + 7) & ~7;

/** Serializes a compacted state (see Recommender#save). */
export function encodeSnapshot(state: RecommenderState): Uint8Array {
  const { matrix: m, vocabulary, ids, dates, options } = state;
  const a = m.arrays();
  const sums = m.sums();
  const enc = new TextEncoder();
  const terms = joinStrings(vocabulary.terms(), m.nTerms, enc);
  const idBlob = joinStrings(ids, m.nDocs, enc);
  const termList = vocabulary.terms();
  // Only stems that differ from their word are written ("" otherwise).
  const surfaceBlob = joinStrings(termList.map((t) => (state.surfaces.get(t) === t ? "" : state.surfaces.get(t))), m.nTerms, enc);
  const header: Header = {
    // JSON has no Infinity: an unbounded maxDf is written as null.
    options: { ...options, maxDf: options.maxDf === Infinity ? null : options.maxDf },
    nDocs: m.nDocs,
    nTerms: m.nTerms,
    nnz: a.postDoc.length,
    termChars: terms.chars.length,
    idChars: idBlob.chars.length,
    surfaceChars: surfaceBlob.chars.length,
  };
  const headerBytes = enc.encode(JSON.stringify(header));
  const sections: ArrayBufferView[] = [
    a.df,
    a.termPtr,
    a.postDoc,
    a.postW,
    a.rowPtr,
    a.rowPos,
    sums.s0,
    sums.s1,
    sums.s2,
    dates.subarray(0, m.nDocs),
    terms.ends,
    terms.chars,
    idBlob.ends,
    idBlob.chars,
    surfaceBlob.ends,
    surfaceBlob.chars,
  ];
  let size = pad8(HEAD + headerBytes.length);
  for (const s of sections) size += pad8(s.byteLength);
  size += TRAILER;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  out.set(enc.encode(MAGIC), 0);
  view.setUint32(8, SNAPSHOT_VERSION, true);
  view.setUint32(12, headerBytes.length, true);
  out.set(headerBytes, HEAD);
  let at = pad8(HEAD + headerBytes.length);
  for (const s of sections) {
    out.set(new Uint8Array(s.buffer, s.byteOffset, s.byteLength), at);
    at += pad8(s.byteLength);
  }
  view.setUint32(size - 8, size >>> 0, true);
  view.setUint32(size - 4, checksum(out, size - 4), true);
  return out;
}

/**
 * Parses and verifies a snapshot.
 * @throws {RecommenderError} `INVALID_SNAPSHOT` (not a snapshot, truncated, corrupt) or
 *   `INCOMPATIBLE_SNAPSHOT_VERSION`
 */
export function decodeSnapshot(
  bytes: unknown,
  copy: boolean,
): Omit<RecommenderState, "matrix"> & { arrays: MatrixArrays; sums: NormSums } {
  if (!(bytes instanceof Uint8Array)) throw fail("INVALID_SNAPSHOT", "expected a Uint8Array");
  if (bytes.length < HEAD + TRAILER) throw fail("INVALID_SNAPSHOT", `only ${bytes.length} bytes`);
  // Typed-array views need 8-byte alignment; a misaligned (or explicitly copied) input is copied.
  let buf = bytes;
  if (copy || bytes.byteOffset % 8 !== 0) {
    buf = new Uint8Array(bytes.length);
    buf.set(bytes);
  }
  const base = buf.byteOffset;
  const view = new DataView(buf.buffer, base, buf.length);
  if (new TextDecoder().decode(buf.subarray(0, 8)) !== MAGIC) throw fail("INVALID_SNAPSHOT", "wrong magic bytes (not an alsolike snapshot)");
  const version = view.getUint32(8, true);
  if (version !== SNAPSHOT_VERSION) throw fail("INCOMPATIBLE_SNAPSHOT_VERSION", version, SNAPSHOT_VERSION);
  const size = buf.length;
  if (view.getUint32(size - 8, true) !== size >>> 0) throw fail("INVALID_SNAPSHOT", "length mismatch (truncated or padded)");
  if (view.getUint32(size - 4, true) !== checksum(buf, size - 4)) throw fail("INVALID_SNAPSHOT", "checksum mismatch (corrupted)");

  const headerLength = view.getUint32(12, true);
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(buf.subarray(HEAD, HEAD + headerLength))) as Header;
  } catch {
    throw fail("INVALID_SNAPSHOT", "unreadable header");
  }
  if (!isHeader(header)) throw fail("INVALID_SNAPSHOT", "malformed header");
  const { nDocs, nTerms, nnz, termChars, idChars, surfaceChars } = header;
  let at = pad8(HEAD + headerLength);
  const take = <T>(make: (buffer: ArrayBuffer, offset: number, length: number) => T, length: number, width: number): T => {
    if (!Number.isInteger(length) || length < 0 || at + length * width > size - TRAILER) throw fail("INVALID_SNAPSHOT", "section out of bounds");
    const arr = make(buf.buffer as ArrayBuffer, base + at, length);
    at += pad8(length * width);
    return arr;
  };
  const df = take((b, o, n) => new Int32Array(b, o, n), nTerms, 4);
  const termPtr = take((b, o, n) => new Uint32Array(b, o, n), nTerms + 1, 4);
  const postDoc = take((b, o, n) => new Uint32Array(b, o, n), nnz, 4);
  const postW = take((b, o, n) => new Float32Array(b, o, n), nnz, 4);
  const rowPtr = take((b, o, n) => new Uint32Array(b, o, n), nDocs + 1, 4);
  const rowPos = take((b, o, n) => new Uint32Array(b, o, n), nnz, 4);
  const s0 = take((b, o, n) => new Float64Array(b, o, n), nDocs, 8);
  const s1 = take((b, o, n) => new Float64Array(b, o, n), nDocs, 8);
  const s2 = take((b, o, n) => new Float64Array(b, o, n), nDocs, 8);
  const dates = take((b, o, n) => new Float64Array(b, o, n), nDocs, 8);
  const termEnds = take((b, o, n) => new Uint32Array(b, o, n), nTerms, 4);
  const termBytes = take((b, o, n) => new Uint8Array(b, o, n), termChars, 1);
  const idEnds = take((b, o, n) => new Uint32Array(b, o, n), nDocs, 4);
  const idBytes = take((b, o, n) => new Uint8Array(b, o, n), idChars, 1);
  const surfaceEnds = take((b, o, n) => new Uint32Array(b, o, n), nTerms, 4);
  const surfaceBytes = take((b, o, n) => new Uint8Array(b, o, n), surfaceChars, 1);
  if (at !== size - TRAILER) throw fail("INVALID_SNAPSHOT", "unexpected trailing bytes");

  checkStructure(df, termPtr, postDoc, postW, nDocs);
  checkRows(rowPtr, rowPos, termPtr, postDoc);
  for (const sum of [s0, s1, s2]) for (let d = 0; d < nDocs; d++) if (!Number.isFinite(sum[d])) throw fail("INVALID_SNAPSHOT", "bad norm sums");
  const terms = splitStrings(termEnds, termBytes);
  const ids = splitStrings(idEnds, idBytes);
  const surfaceList = splitStrings(surfaceEnds, surfaceBytes);
  // "" means the term is its own readable word (every stored term was indexed).
  const surfaces = new Map<string, string>();
  for (let t = 0; t < nTerms; t++) surfaces.set(terms[t] as string, surfaceList[t] || (terms[t] as string));
  // Duplicate ids are caught where the id -> document map is built (Recommender.load).
  if (ids.some((id) => id.length === 0)) throw fail("INVALID_SNAPSHOT", "bad article ids");
  if (new Set(terms).size !== terms.length) throw fail("INVALID_SNAPSHOT", "duplicate terms");
  const options = { ...header.options, maxDf: header.options.maxDf === null ? Infinity : header.options.maxDf } as ResolvedOptions;
  return {
    options,
    vocabulary: Vocabulary.from(terms),
    surfaces,
    ids,
    dates: dates.slice(),
    arrays: { df, termPtr, postDoc, postW, rowPtr, rowPos },
    sums: { s0, s1, s2 },
  };
}

/** The matrix of a decoded snapshot, over its arrays as they are. */
export function matrixFromSnapshot(options: ResolvedOptions, arrays: MatrixArrays, sums: NormSums): DocTermMatrix {
  const m = new DocTermMatrix({ idf: options.idf, norm: options.norm, minDf: options.minDf, maxDf: options.maxDf });
  m.load(arrays, sums);
  return m;
}

/** Rows must ascend within bounds and point at postings of their own document. */
function checkRows(rowPtr: Uint32Array, rowPos: Uint32Array, termPtr: Uint32Array, postDoc: Uint32Array): void {
  const nDocs = rowPtr.length - 1;
  if (rowPtr[0] !== 0 || rowPtr[nDocs] !== rowPos.length) throw fail("INVALID_SNAPSHOT", "bad row offsets");
  const nnz = postDoc.length;
  for (let d = 0; d < nDocs; d++) {
    const start = rowPtr[d] as number;
    const end = rowPtr[d + 1] as number;
    if (end < start || end > nnz) throw fail("INVALID_SNAPSHOT", "bad row offsets");
    // Bounds and order only (checking postDoc[p] === d would be a random read per posting);
    // ascending entries below nnz means the last one bounds them all. One branch-free pass.
    let bad = 0;
    for (let r = start + 1; r < end; r++) bad |= (rowPos[r] as number) <= (rowPos[r - 1] as number) ? 1 : 0;
    if (bad !== 0 || (end > start && (rowPos[end - 1] as number) >= nnz)) throw fail("INVALID_SNAPSHOT", "bad row");
  }
  if (termPtr[termPtr.length - 1] !== nnz) throw fail("INVALID_SNAPSHOT", "bad postings offsets");
}

function isHeader(h: unknown): h is Header {
  if (typeof h !== "object" || h === null) return false;
  const o = h as Record<string, unknown>;
  const counts = ["nDocs", "nTerms", "nnz", "termChars", "idChars", "surfaceChars"];
  return (
    counts.every((k) => Number.isSafeInteger(o[k]) && (o[k] as number) >= 0) &&
    typeof o.options === "object" &&
    o.options !== null &&
    !Array.isArray(o.options)
  );
}

/** Sanity checks that keep a well-formed but wrong file from indexing out of bounds. */
function checkStructure(df: Int32Array, termPtr: Uint32Array, postDoc: Uint32Array, postW: Float32Array, nDocs: number): void {
  if (termPtr[0] !== 0 || termPtr[termPtr.length - 1] !== postDoc.length) throw fail("INVALID_SNAPSHOT", "bad postings offsets");
  for (let t = 0; t < df.length; t++) {
    const start = termPtr[t] as number;
    const end = termPtr[t + 1] as number;
    if (end < start || end - start !== df[t]) throw fail("INVALID_SNAPSHOT", "bad postings offsets");
    // Ascending within a list, so the last one bounds them all; one branch-free pass.
    let bad = 0;
    for (let p = start + 1; p < end; p++) bad |= (postDoc[p] as number) <= (postDoc[p - 1] as number) ? 1 : 0;
    if (bad !== 0 || (end > start && (postDoc[end - 1] as number) >= nDocs)) throw fail("INVALID_SNAPSHOT", "bad posting");
  }
  let bad = 0;
  for (let p = 0, n = postW.length; p < n; p++) {
    const w = postW[p] as number;
    bad |= w > 0 && w < Infinity ? 0 : 1;
  }
  if (bad !== 0) throw fail("INVALID_SNAPSHOT", "bad posting weight");
}

function joinStrings(list: readonly (string | undefined)[], n: number, enc: TextEncoder): { ends: Uint32Array; chars: Uint8Array } {
  const parts: Uint8Array[] = [];
  const ends = new Uint32Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const b = enc.encode(list[i] ?? "");
    parts.push(b);
    total += b.length;
    ends[i] = total;
  }
  const chars = new Uint8Array(total);
  let at = 0;
  for (const b of parts) {
    chars.set(b, at);
    at += b.length;
  }
  return { ends, chars };
}

function splitStrings(ends: Uint32Array, chars: Uint8Array): string[] {
  const dec = new TextDecoder("utf-8", { fatal: true });
  const out: string[] = new Array<string>(ends.length);
  let start = 0;
  // Fast path: all-ASCII tables (the common case) decode once and slice by byte offsets.
  let ascii = true;
  for (let i = 0; i < chars.length && ascii; i++) if ((chars[i] as number) > 0x7f) ascii = false;
  if (ascii) {
    const all = dec.decode(chars);
    for (let i = 0; i < ends.length; i++) {
      const end = ends[i] as number;
      if (end < start || end > chars.length) throw fail("INVALID_SNAPSHOT", "bad string table");
      out[i] = all.slice(start, end);
      start = end;
    }
    return out;
  }
  try {
    for (let i = 0; i < ends.length; i++) {
      const end = ends[i] as number;
      if (end < start || end > chars.length) throw new Error("bad offsets");
      out[i] = dec.decode(chars.subarray(start, end));
      start = end;
    }
  } catch {
    throw fail("INVALID_SNAPSHOT", "bad string table");
  }
  return out;
}

/**
 * A 32-bit checksum over 4-byte words: four independent lanes, each `h = rotl((h ^ w) * odd, 13)`
 * (a bijection of both h and w, so any single changed word always changes the result), combined
 * with the length and mixed at the end. About 3 GB/s in V8, so a 260 MB snapshot costs ~0.1 s.
 * Not cryptographic: it detects corruption and truncation, not tampering.
 */
export function checksum(bytes: Uint8Array, length: number): number {
  const words = length >>> 2;
  const w = new Uint32Array(bytes.buffer, bytes.byteOffset, words);
  let a = 0x9e3779b9;
  let b = 0x85ebca6b;
  let c = 0xc2b2ae35;
  let d = 0x27d4eb2f;
  const whole = words & ~3;
  for (let i = 0; i < whole; i += 4) {
    a = Math.imul(a ^ (w[i] as number), 0x9e3779b1);
    a = (a << 13) | (a >>> 19);
    b = Math.imul(b ^ (w[i + 1] as number), 0x85ebca77);
    b = (b << 13) | (b >>> 19);
    c = Math.imul(c ^ (w[i + 2] as number), 0xc2b2ae3d);
    c = (c << 13) | (c >>> 19);
    d = Math.imul(d ^ (w[i + 3] as number), 0x27d4eb2f);
    d = (d << 13) | (d >>> 19);
  }
  for (let i = whole; i < words; i++) a = Math.imul(((a ^ (w[i] as number)) << 13) | ((a ^ (w[i] as number)) >>> 19), 0x165667b1);
  for (let j = words * 4; j < length; j++) b = Math.imul(b ^ (bytes[j] as number), 0xd3a2646c | 1);
  let h = Math.imul(a, 0x85ebca6b) ^ Math.imul((b << 7) | (b >>> 25), 0xc2b2ae35) ^ Math.imul((c << 16) | (c >>> 16), 0x27d4eb2f) ^ ((d << 23) | (d >>> 9)) ^ length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
