/**
 * Snapshots: a compacted Recommender as one Uint8Array, and back.
 *
 *   offset 0   "ALSOLIKE" magic (8 bytes)
 *          8   format version, u32 little-endian
 *         12   header length H, u32
 *         16   header: UTF-8 JSON (options that shape the vectors, counts), padded to 8 bytes
 *              sections, each padded to 8 bytes, in this order:
 *                df i32[nTerms] | termPtr u32[nTerms+1] | postDoc u32[nnz] | postW f32[nnz]
 *                rowPtr u32[nDocs+1] | rowTerm u16 or u32 [nnz] (header rowWidth 2 or 4)
 *                s0, s1, s2 f64[nDocs] | dates f64[nDocs]
 *                termEnds u32[nTerms] | termChars utf8 | idEnds u32[nDocs] | idChars utf8
 *                surfaceEnds u32[nTerms] | surfaceChars utf8   (readable word per stem, "" if none)
 *                when header listWidth W > 0 (kept lists, written by save({ lists: true })):
 *                listSizes i32[nDocs] (-1: not kept) | listDocs i32[nDocs*W] | listScores f64[nDocs*W]
 *   end - 8    total length, u32 (catches truncation before the checksum is read)
 *   end - 4    checksum of every byte before it, u32
 *
 * The arrays are stored as they sit in memory (aligned), so `load` views them in place instead of
 * rebuilding rows or norms: loading is one pass that sums and checks the large sections together.
 * About 10 bytes per posting (12 with more than 65,536 terms). No fs here: `alsolike/node` writes
 * files.
 *
 * Version 2 replaced version 1's multiply-rotate checksum with a two-lane Fletcher sum that the
 * structure checks compute as they read; version 3 stores rows as term ids (16-bit while they
 * fit) instead of 32-bit posting positions; version 4 (this one) may carry kept related lists.
 * Older files are refused as incompatible.
 */
import { fail } from "./errors.js";
import { DocTermMatrix, type MatrixArrays, type NormSums, type RowTerms } from "./matrix.js";
import type { ResolvedOptions } from "./options.js";
import { Vocabulary } from "./vocabulary.js";
import { ListCache } from "./list-cache.js";
import { checksum, CHUNK, Fletcher, NOT_ASCENDING } from "./checksum.js";
import type { RecommenderState } from "./recommender.js";

export const SNAPSHOT_VERSION = 4;
const MAGIC = "ALSOLIKE";
const HEAD = 16;
const TRAILER = 8;

interface Header {
  options: Omit<ResolvedOptions, "maxDf"> & { maxDf: number | null };
  nDocs: number;
  nTerms: number;
  nnz: number;
  /** Bytes per row entry: 2 (at most 65,536 terms) or 4. */
  rowWidth: number;
  termChars: number;
  idChars: number;
  surfaceChars: number;
  /** Entries per kept list; 0 when the snapshot carries no lists. */
  listWidth: number;
}

// Arithmetic, not bitwise: sections of a snapshot over 2 GB (a 1M-article index) exceed int32.
const pad8 = (n: number) => Math.ceil(n / 8) * 8;

/** Serializes a compacted state (see Recommender#save), with `lists` when given (covering nDocs). */
export function encodeSnapshot(state: RecommenderState, lists: ListCache | null = null): Uint8Array {
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
    rowWidth: a.rowTerm.BYTES_PER_ELEMENT,
    termChars: terms.chars.length,
    idChars: idBlob.chars.length,
    surfaceChars: surfaceBlob.chars.length,
    listWidth: lists === null ? 0 : lists.width,
  };
  const headerBytes = enc.encode(JSON.stringify(header));
  const sections: ArrayBufferView[] = [
    a.df,
    a.termPtr,
    a.postDoc,
    a.postW,
    a.rowPtr,
    a.rowTerm,
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
  if (lists !== null) {
    const n = m.nDocs;
    sections.push(lists.sizes.subarray(0, n), lists.docs.subarray(0, n * lists.width), lists.scores.subarray(0, n * lists.width));
  }
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
 *
 * The checksum is summed section by section, and the two largest sections (postings, weights)
 * are checked in the same loop that sums them; rows are checked after. Whatever check
 * fails first, a file whose checksum does not match is reported as corrupt.
 * @throws {RecommenderError} `INVALID_SNAPSHOT` (not a snapshot, truncated, corrupt) or
 *   `INCOMPATIBLE_SNAPSHOT_VERSION`
 */
export function decodeSnapshot(bytes: unknown, copy: boolean): DecodedSnapshot {
  if (!(bytes instanceof Uint8Array)) throw fail("INVALID_SNAPSHOT", "expected a Uint8Array");
  if (bytes.length < HEAD + TRAILER) throw fail("INVALID_SNAPSHOT", `only ${bytes.length} bytes`);
  // Typed-array views need 8-byte alignment; a misaligned (or explicitly copied) input is copied.
  let buf = bytes;
  if (copy || bytes.byteOffset % 8 !== 0) {
    buf = new Uint8Array(bytes.length);
    buf.set(bytes);
  }
  const view = new DataView(buf.buffer, buf.byteOffset, buf.length);
  if (new TextDecoder().decode(buf.subarray(0, 8)) !== MAGIC) throw fail("INVALID_SNAPSHOT", "wrong magic bytes (not an alsolike snapshot)");
  const version = view.getUint32(8, true);
  if (version !== SNAPSHOT_VERSION) throw fail("INCOMPATIBLE_SNAPSHOT_VERSION", version, SNAPSHOT_VERSION);
  const size = buf.length;
  if (size % 8 !== 0 || view.getUint32(size - 8, true) !== size >>> 0) throw fail("INVALID_SNAPSHOT", "length mismatch (truncated or padded)");
  try {
    return decodeSealed(buf, view);
  } catch (e) {
    if (view.getUint32(size - 4, true) !== checksum(buf, size - 4)) throw fail("INVALID_SNAPSHOT", "checksum mismatch (corrupted)");
    throw e;
  }
}

type DecodedSnapshot = Omit<RecommenderState, "matrix"> & { arrays: MatrixArrays; sums: NormSums; lists: ListCache | null };

/** decodeSnapshot once the magic, version and length are known to be right. */
function decodeSealed(buf: Uint8Array, view: DataView): DecodedSnapshot {
  const size = buf.length;
  const base = buf.byteOffset;
  // Every word the checksum covers, as int32 (what the checksum sums).
  const words = new Int32Array(buf.buffer, base, (size - 4) >>> 2);
  const sum = new Fletcher();
  const headerLength = view.getUint32(12, true);
  if (headerLength > size - TRAILER - HEAD) throw fail("INVALID_SNAPSHOT", "header out of bounds");
  let at = pad8(HEAD + headerLength);
  sum.add(words, 0, at >>> 2);
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(buf.subarray(HEAD, HEAD + headerLength))) as Header;
  } catch {
    throw fail("INVALID_SNAPSHOT", "unreadable header");
  }
  if (!isHeader(header)) throw fail("INVALID_SNAPSHOT", "malformed header");
  const { nDocs, nTerms, nnz, termChars, idChars, surfaceChars, rowWidth, listWidth } = header;
  // Rows are 16-bit exactly when the term ids fit (the encoder's rule).
  if (rowWidth !== (nTerms <= 0x10000 ? 2 : 4)) throw fail("INVALID_SNAPSHOT", "bad row width");
  /**
   * The next section, viewed in place, and its words summed in file order: by `check` for the
   * large sections (which reads each word once for both), otherwise here. Padding is summed too.
   */
  const take = <T>(make: (buffer: ArrayBuffer, offset: number, length: number) => T, length: number, width: number, check?: (w: Int32Array) => void): T => {
    if (!Number.isInteger(length) || length < 0 || at + length * width > size - TRAILER) throw fail("INVALID_SNAPSHOT", "section out of bounds");
    const arr = make(buf.buffer as ArrayBuffer, base + at, length);
    const from = at >>> 2;
    at += pad8(length * width);
    if (check) {
      check(words.subarray(from, from + length));
      sum.add(words, from + length, at >>> 2);
    } else {
      sum.add(words, from, at >>> 2);
    }
    return arr;
  };
  const df = take((b, o, n) => new Int32Array(b, o, n), nTerms, 4);
  const termPtr = take((b, o, n) => new Uint32Array(b, o, n), nTerms + 1, 4);
  const postDoc = take((b, o, n) => new Uint32Array(b, o, n), nnz, 4, (w) => checkPostings(df, termPtr, w, nDocs, sum));
  const postW = take((b, o, n) => new Float32Array(b, o, n), nnz, 4, (w) => checkWeights(w, sum));
  const rowPtr = take((b, o, n) => new Uint32Array(b, o, n), nDocs + 1, 4);
  const rowTerm: RowTerms = rowWidth === 2 ? take((b, o, n) => new Uint16Array(b, o, n), nnz, 2) : take((b, o, n) => new Uint32Array(b, o, n), nnz, 4);
  checkRows(rowPtr, rowTerm, nTerms);
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
  let lists: ListCache | null = null;
  if (listWidth > 0) {
    // Copied: kept lists are reset in place when the corpus changes, and must not write into the caller's bytes.
    const sizes = take((b, o, n) => new Int32Array(b, o, n), nDocs, 4).slice();
    const docs = take((b, o, n) => new Int32Array(b, o, n), nDocs * listWidth, 4).slice();
    const scores = take((b, o, n) => new Float64Array(b, o, n), nDocs * listWidth, 8).slice();
    lists = new ListCache(nDocs, listWidth, { sizes, docs, scores });
  }
  if (at !== size - TRAILER) throw fail("INVALID_SNAPSHOT", "unexpected trailing bytes");
  sum.add(words, at >>> 2, words.length);
  if (sum.digest(size - 4) !== view.getUint32(size - 4, true)) throw fail("INVALID_SNAPSHOT", "checksum mismatch (corrupted)");

  let finite = 0;
  for (const s of [s0, s1, s2]) for (let d = 0; d < nDocs; d++) finite |= Number.isFinite(s[d]) ? 0 : 1;
  if (finite !== 0) throw fail("INVALID_SNAPSHOT", "bad norm sums");
  if (lists !== null) checkLists(lists);
  const terms = splitStrings(termEnds, termBytes, false);
  const ids = splitStrings(idEnds, idBytes, false);
  const surfaceList = splitStrings(surfaceEnds, surfaceBytes, true);
  // "" means the term is its own readable word (every stored term was indexed).
  const surfaces = new Map<string, string>();
  for (let t = 0; t < nTerms; t++) surfaces.set(terms[t] as string, surfaceList[t] || (terms[t] as string));
  // Duplicate ids are caught where the id -> document map is built (Recommender.load).
  const vocabulary = Vocabulary.from(terms);
  if (vocabulary === null) throw fail("INVALID_SNAPSHOT", "duplicate terms");
  const options = { ...header.options, maxDf: header.options.maxDf === null ? Infinity : header.options.maxDf } as ResolvedOptions;
  return {
    options,
    vocabulary,
    surfaces,
    ids,
    dates: dates.slice(),
    arrays: { df, termPtr, postDoc, postW, rowPtr, rowTerm },
    sums: { s0, s1, s2 },
    lists,
  };
}

/** The matrix of a decoded snapshot, over its arrays as they are. */
export function matrixFromSnapshot(options: ResolvedOptions, arrays: MatrixArrays, sums: NormSums): DocTermMatrix {
  const m = new DocTermMatrix({ idf: options.idf, norm: options.norm, minDf: options.minDf, maxDf: options.maxDf });
  m.load(arrays, sums);
  return m;
}

/**
 * Posting lists (`postDoc` as int32 words, summed here) must match `df`, tile the section in term
 * order, and hold ascending document indices below nDocs.
 */
function checkPostings(df: Int32Array, termPtr: Uint32Array, postDoc: Int32Array, nDocs: number, sum: Fletcher): void {
  const nnz = postDoc.length;
  if (termPtr[0] !== 0 || termPtr[df.length] !== nnz) throw fail("INVALID_SNAPSHOT", "bad postings offsets");
  for (let t = 0; t < df.length; t++) {
    const start = termPtr[t] as number;
    const end = termPtr[t + 1] as number;
    if (end < start || end > nnz || end - start !== df[t]) throw fail("INVALID_SNAPSHOT", "bad postings offsets");
    const last = sum.addAscending(postDoc, start, end);
    if (last === NOT_ASCENDING || last >= nDocs) throw fail("INVALID_SNAPSHOT", "bad posting");
  }
}

/** Weights (float32 bits as int32, summed here) must be finite and above zero. */
function checkWeights(bits: Int32Array, sum: Fletcher): void {
  let bad = 0;
  for (let from = 0; from < bits.length; from += CHUNK) bad |= sum.addPositiveFloats(bits, from, Math.min(bits.length, from + CHUNK));
  if (bad !== 0) throw fail("INVALID_SNAPSHOT", "bad posting weight");
}

/**
 * Rows must tile their section in document order and hold strictly ascending term ids below
 * nTerms. (Whether each term's postings hold the document is not checked: that would be a
 * search per entry; the checksum covers corruption, not crafted files.)
 */
function checkRows(rowPtr: Uint32Array, rowTerm: RowTerms, nTerms: number): void {
  const nDocs = rowPtr.length - 1;
  const nnz = rowTerm.length;
  if (rowPtr[0] !== 0 || rowPtr[nDocs] !== nnz) throw fail("INVALID_SNAPSHOT", "bad row offsets");
  for (let d = 0; d < nDocs; d++) {
    const start = rowPtr[d] as number;
    const end = rowPtr[d + 1] as number;
    if (end < start || end > nnz) throw fail("INVALID_SNAPSHOT", "bad row offsets");
    const last = ascendingUpTo(rowTerm, start, end);
    if (last === NOT_ASCENDING || last >= nTerms) throw fail("INVALID_SNAPSHOT", "bad row");
  }
}

/**
 * Each kept list: a length from -1 (not kept) to the width, other documents, and finite scores
 * above zero, best first. (Whether they are the true best is what the checksum vouches for.)
 */
function checkLists(lists: ListCache): void {
  const { n, width, sizes, docs, scores } = lists;
  for (let d = 0; d < n; d++) {
    const size = sizes[d] as number;
    if (size < -1 || size > width) throw fail("INVALID_SNAPSHOT", "bad kept list");
    let prev = Infinity;
    for (let i = d * width, end = i + size; i < end; i++) {
      const doc = docs[i] as number;
      const score = scores[i] as number;
      if (doc < 0 || doc >= n || doc === d || !(score > 0 && score <= prev)) throw fail("INVALID_SNAPSHOT", "bad kept list");
      prev = score;
    }
  }
}

/** The last of values[from, to) if they strictly ascend (-1 if none), NOT_ASCENDING otherwise. */
function ascendingUpTo(values: RowTerms, from: number, to: number): number {
  let bad = 0;
  let prev = -1;
  for (let i = from; i < to; i++) {
    const x = values[i] as number;
    bad |= x <= prev ? 1 : 0;
    prev = x;
  }
  return bad === 0 ? prev : NOT_ASCENDING;
}

function isHeader(h: unknown): h is Header {
  if (typeof h !== "object" || h === null) return false;
  const o = h as Record<string, unknown>;
  const counts = ["nDocs", "nTerms", "nnz", "termChars", "idChars", "surfaceChars", "rowWidth", "listWidth"];
  return (
    counts.every((k) => Number.isSafeInteger(o[k]) && (o[k] as number) >= 0) &&
    typeof o.options === "object" &&
    o.options !== null &&
    !Array.isArray(o.options)
  );
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

/**
 * The strings of a table: `chars` (UTF-8) cut at byte offsets `ends`. The table is decoded once;
 * byte offsets become string offsets by counting UTF-16 units per byte (ASCII tables, the common
 * case, need no count). Offsets must ascend, fall on character boundaries, and (unless
 * `allowEmpty`) leave no string empty.
 */
function splitStrings(ends: Uint32Array, chars: Uint8Array, allowEmpty: boolean): string[] {
  let all: string;
  try {
    all = new TextDecoder("utf-8", { fatal: true }).decode(chars);
  } catch {
    throw fail("INVALID_SNAPSHOT", "bad string table");
  }
  // In UTF-8 every non-ASCII character takes more bytes than UTF-16 units.
  const ascii = all.length === chars.length;
  const out: string[] = new Array<string>(ends.length);
  let start = 0;
  let units = 0;
  let unitStart = 0;
  let counted = 0;
  for (let i = 0; i < ends.length; i++) {
    const end = ends[i] as number;
    if (end < start || end > chars.length || (end === start && !allowEmpty)) throw fail("INVALID_SNAPSHOT", "bad string table");
    if (ascii) {
      out[i] = all.slice(start, end);
    } else {
      // Lead bytes of 1-3 byte sequences make one unit, of 4-byte ones two; continuations none.
      for (; counted < end; counted++) {
        const c = chars[counted] as number;
        units += c < 0x80 || c >= 0xc0 ? (c >= 0xf0 ? 2 : 1) : 0;
      }
      if (end < chars.length && ((chars[end] as number) & 0xc0) === 0x80) throw fail("INVALID_SNAPSHOT", "bad string table");
      out[i] = all.slice(unitStart, units);
      unitStart = units;
    }
    start = end;
  }
  return out;
}
