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
 *                the document store's block: sections, languages, tags, editors' picks
 *                  (persist/snapshot-store.ts; header nValues, nTagValues, valueChars, nRelated,
 *                  nRelatedIds, relatedIdChars; absent in format 4)
 *                the link block: titles, URLs, slugs (persist/snapshot-links.ts; header
 *                  titleChars, urlChars, slugChars; absent in formats 4 and 5)
 *                the forms block (persist/snapshot-forms.ts: each term's forms, and
 *                  each article's exceptions as bytes; header nForms, formChars,
 *                  exceptBytes); formats 4 and 5, and format-6 files written before the block
 *                  (their header has surfaceChars instead): surfaceEnds u32[nTerms] |
 *                  surfaceChars utf8 (one readable word per stem, "" if the stem itself)
 *                when header listWidth W > 0 (kept lists, written by save({ lists: true })):
 *                listSizes i32[nDocs] (-1: not kept) | listDocs i32[nDocs*W] | listScores f64[nDocs*W]
 *   end - 8    total length, u32 (catches truncation before the checksum is read)
 *   end - 4    checksum of every byte before it, u32
 *
 * The arrays are stored as they sit in memory (aligned), so `load` views them in place instead of
 * rebuilding rows or norms. Loading checks them as it sums them: each section's own order and
 * ranges, and, since a checksum can be recomputed after an edit, that postings, rows and norm
 * sums describe the same index (persist/snapshot-checks.ts), that the header's counts describe the
 * bytes present, and the kept lists (search/kept-lists.ts). About 10 bytes per posting (12 with
 * more than 65,536 terms). No fs here: `alsolike/node` writes files.
 *
 * Version 2 replaced version 1's multiply-rotate checksum with a two-lane Fletcher sum that the
 * structure checks compute as they read; version 3 stores rows as term ids (16-bit while they
 * fit) instead of 32-bit posting positions; version 4 may carry kept related lists; version 5
 * adds the document store's block (sections, languages, tags, picks), which version 4 lacked: a
 * version-4 file still loads, its articles with none of them; version 6 (this one) adds the link
 * block (titles, URLs, slugs) and gives kept lists their floors and tightness
 * (search/live-lists.ts), so that a loaded index keeps them up to date across changes: a version-5
 * or 4 file loads with no links, its lists as searches left them (tight, the floor a full list's
 * last score). Version 6 also replaces the readable word of each stem (the shortest word seen)
 * with the counts that choose the word most articles use; a version-6 file written before that
 * (header key surfaceChars, no nForms) and version-4 and -5 files still load, each term's saved
 * word its only form. Older files are refused as incompatible.
 */
import { fail } from "../errors.js";
import { DocTermMatrix, type MatrixArrays, type NormSums, type RowTerms } from "../corpus/matrix.js";
import { DocStore } from "../corpus/doc-store.js";
import type { ResolvedOptions } from "../options.js";
import { Vocabulary } from "../corpus/vocabulary.js";
import { ListCache, MAX_WIDTH } from "../search/kept-lists.js";
import { listsProblem, reach, scoresProblem } from "../search/kept-lists-checks.js";
import { checksum, Fletcher } from "./checksum.js";
import { checkDocuments, checkPostings } from "./snapshot-checks.js";
import { checkStore, encodeStore, storeLayout, takeStore } from "./snapshot-store.js";
import { checkForms, encodeForms, formsLayout, legacyWords, takeForms, type FormCounts } from "./snapshot-forms.js";
import { TermForms } from "../corpus/term-forms.js";
import { joinStrings, splitStrings } from "./string-tables.js";
import { encodeLinks, linkLayout, takeLinks } from "./snapshot-links.js";
import { checkOptions, readHeader, withoutDefaults, type Header5, type Header6 } from "./snapshot-header.js";
import { analyzerStamp, checkAnalyzerStamp } from "./snapshot-analyzers.js";
import { tallyRows } from "./snapshot-rows.js";
import { capsAtOne } from "../search/similarity.js";
import { splitPair } from "../analysis/word-pairs.js";
import type { RecommenderState } from "../state.js";

export const SNAPSHOT_VERSION = 6;
/** The oldest version `load` reads (format 4: no document store block). */
const OLDEST_READ = 4;
const MAGIC = "ALSOLIKE";
const HEAD = 16;
const TRAILER = 8;

// Arithmetic, not bitwise: sections of a snapshot over 2 GB (a 1M-article index) exceed int32.
const pad8 = (n: number) => Math.ceil(n / 8) * 8;

/**
 * Serializes a compacted state (see Recommender#save), with `lists` when given (covering nDocs).
 * @throws {RecommenderError} `INVALID_OPTION` ("lists") when the lists are wider than `load`
 *   accepts (MAX_WIDTH, relatedAll's k): a saved snapshot always loads
 */
export function encodeSnapshot(state: RecommenderState, lists: ListCache | null = null): Uint8Array {
  if (lists !== null && lists.width > MAX_WIDTH) {
    throw fail("INVALID_OPTION", "lists", lists.width, `kept lists at most ${MAX_WIDTH} wide (relatedAll({ k }) with k <= ${MAX_WIDTH}), or save() without lists`);
  }
  const { matrix: m, vocabulary, ids, dates, options } = state;
  const a = m.arrays();
  // A state without a store (tests re-encoding a decoded one) has ids and dates only.
  const storeArrays = (state.store ?? (DocStore.restore({ ids, dates }) as DocStore)).arrays(m.nDocs);
  const store = encodeStore(storeArrays, m.nDocs);
  const links = encodeLinks(storeArrays, m.nDocs);
  const sums = m.sums();
  const enc = new TextEncoder();
  const terms = joinStrings(vocabulary.terms(), m.nTerms, enc);
  const idBlob = joinStrings(ids, m.nDocs, enc);
  const forms = encodeForms(state.forms.arrays(m.nTerms, m.nDocs, a.df), vocabulary.terms(), a.rowPtr, a.rowTerm, enc);
  const header: Header6 = {
    // JSON has no Infinity: an unbounded maxDf is written as null.
    // English (the default language), fieldScoring "merged" and wordPairs 0 are not written: such an
    // index saves the bytes it always did, and snapshots from before those options load as defaults.
    options: withoutDefaults({ ...options, maxDf: options.maxDf === Infinity ? null : options.maxDf }),
    nDocs: m.nDocs,
    nTerms: m.nTerms,
    nnz: a.postDoc.length,
    rowWidth: a.rowTerm.BYTES_PER_ELEMENT,
    termChars: terms.chars.length,
    idChars: idBlob.chars.length,
    ...store.counts,
    ...links.counts,
    ...forms.counts,
    listWidth: lists === null ? 0 : lists.width,
  };
  // Written only when a language used is past its first version (snapshot-analyzers.ts).
  const langOf = (d: number): string | undefined => {
    const v = storeArrays.langs[d] as number;
    return v < 0 ? undefined : storeArrays.values[v];
  };
  const stamp = analyzerStamp(options, langOf, m.nDocs);
  if (stamp !== undefined) header.analyzers = stamp;
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
    ...store.sections,
    ...links.sections,
    ...forms.sections,
  ];
  if (lists !== null) {
    const n = m.nDocs;
    sections.push(
      lists.sizes.subarray(0, n),
      lists.docs.subarray(0, n * lists.width),
      lists.scores.subarray(0, n * lists.width),
      lists.floors.subarray(0, n),
      lists.tight.subarray(0, n),
    );
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
 * The header's counts must describe exactly the bytes present, so no count can make `load`
 * allocate or loop beyond the snapshot's own size, and its options are validated as the
 * Recommender constructor validates them. The sections are summed (the checksum) in file order,
 * and checked as they are read: each on its own, and against each other (for a file whose
 * checksum was recomputed after an edit; persist/snapshot-checks.ts). Whatever check fails
 * first, a file whose checksum does not match is reported as corrupt.
 * @param normSums check the saved norm sums against the weights (persist/snapshot-checks.ts):
 *   `false` trusts them, for snapshots from a trusted source (it saves little: the sums are
 *   taken in the loop that reads the postings anyway)
 * @throws {RecommenderError} `INVALID_SNAPSHOT` (not a snapshot, truncated, corrupt, or
 *   inconsistent, naming the field) or `INCOMPATIBLE_SNAPSHOT_VERSION`
 */
export function decodeSnapshot(bytes: unknown, copy: boolean, normSums = true): DecodedSnapshot {
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
  if (version < OLDEST_READ || version > SNAPSHOT_VERSION) throw fail("INCOMPATIBLE_SNAPSHOT_VERSION", version, SNAPSHOT_VERSION);
  const size = buf.length;
  if (size % 8 !== 0 || view.getUint32(size - 8, true) !== size >>> 0) throw fail("INVALID_SNAPSHOT", "length mismatch (truncated or padded)");
  try {
    return decodeSealed(buf, view, version, normSums);
  } catch (e) {
    if (view.getUint32(size - 4, true) !== checksum(buf, size - 4)) throw fail("INVALID_SNAPSHOT", "checksum mismatch (corrupted)");
    throw e;
  }
}

type DecodedSnapshot = Omit<RecommenderState, "matrix" | "store"> & { store: DocStore; arrays: MatrixArrays; sums: NormSums; lists: ListCache | null };

/** decodeSnapshot once the magic, version (4 to 6) and length are known to be right. */
function decodeSealed(buf: Uint8Array, view: DataView, version: number, normSums: boolean): DecodedSnapshot {
  const size = buf.length;
  const base = buf.byteOffset;
  // Every word the checksum covers, as int32 (what the checksum sums).
  const words = new Int32Array(buf.buffer, base, (size - 4) >>> 2);
  const sum = new Fletcher();
  const headerLength = view.getUint32(12, true);
  if (headerLength > size - TRAILER - HEAD) throw fail("INVALID_SNAPSHOT", "header out of bounds");
  let at = pad8(HEAD + headerLength);
  sum.add(words, 0, at >>> 2);
  const header = readHeader(buf.subarray(HEAD, HEAD + headerLength), version);
  const options = checkOptions(header.options);
  const { nDocs, nTerms, nnz, termChars, idChars, rowWidth, listWidth } = header;
  const storeCounts = version >= 5 ? (header as Header5) : null;
  const linkCounts = version >= 6 ? (header as Header6) : null;
  // A format-6 file written before the forms block has surfaceChars in its header instead.
  const formCounts = version >= 6 && header.surfaceChars === undefined ? (header as Header6 & FormCounts) : null;
  const surfaceChars = header.surfaceChars ?? 0;
  const lists = listWidth > 0;
  // Section lengths (elements, bytes each) in file order; they must fill the file exactly, which
  // bounds every count (and listWidth * nDocs) by the bytes actually present.
  const layout: [number, number][] = [
    [nTerms, 4], [nTerms + 1, 4], [nnz, 4], [nnz, 4], [nDocs + 1, 4], [nnz, rowWidth],
    [nDocs, 8], [nDocs, 8], [nDocs, 8], [nDocs, 8],
    [nTerms, 4], [termChars, 1], [nDocs, 4], [idChars, 1],
    ...(storeCounts !== null ? storeLayout(nDocs, storeCounts) : []),
    ...(linkCounts !== null ? linkLayout(nDocs, linkCounts) : []),
    ...(formCounts !== null ? formsLayout(nTerms, nDocs, formCounts) : ([[nTerms, 4], [surfaceChars, 1]] as [number, number][])),
    ...(lists ? ([[nDocs, 4], [nDocs * listWidth, 4], [nDocs * listWidth, 8]] as [number, number][]) : []),
    ...(lists && version >= 6 ? ([[nDocs, 8], [nDocs, 1]] as [number, number][]) : []),
  ];
  let total = at + TRAILER;
  for (const [length, width] of layout) total += pad8(length * width);
  if (total !== size) throw fail("INVALID_SNAPSHOT", `header counts describe ${total} bytes, not ${size}`);
  /** The next section, viewed in place; its words (and padding) are summed in file order unless `skip`. */
  const take = <T>(make: (buffer: ArrayBuffer, offset: number, length: number) => T, length: number, width: number, skip = false): T => {
    const arr = make(buf.buffer as ArrayBuffer, base + at, length);
    const from = at >>> 2;
    at += pad8(length * width);
    if (!skip) sum.add(words, from, at >>> 2);
    return arr;
  };
  const df = take((b, o, n) => new Int32Array(b, o, n), nTerms, 4);
  const termPtr = take((b, o, n) => new Uint32Array(b, o, n), nTerms + 1, 4);
  // The postings and the row entries are summed as they are checked (persist/).
  const postAt = at >>> 2;
  const postDoc = take((b, o, n) => new Uint32Array(b, o, n), nnz, 4, true);
  const postW = take((b, o, n) => new Float32Array(b, o, n), nnz, 4, true);
  const tally = checkPostings(words, postAt, postW, df, termPtr, nDocs, options, normSums, sum);
  sum.add(words, (postW.byteOffset - base) / 4 + nnz, at >>> 2);
  const rowPtr = take((b, o, n) => new Uint32Array(b, o, n), nDocs + 1, 4);
  const rowAt = at >>> 2;
  const rowTerm: RowTerms = rowWidth === 2 ? take((b, o, n) => new Uint16Array(b, o, n), nnz, 2, true) : take((b, o, n) => new Uint32Array(b, o, n), nnz, 4, true);
  const rows = tallyRows(words, rowAt, rowPtr, rowTerm, nTerms, sum);
  const s0 = take((b, o, n) => new Float64Array(b, o, n), nDocs, 8);
  const s1 = take((b, o, n) => new Float64Array(b, o, n), nDocs, 8);
  const s2 = take((b, o, n) => new Float64Array(b, o, n), nDocs, 8);
  const dates = take((b, o, n) => new Float64Array(b, o, n), nDocs, 8);
  const termEnds = take((b, o, n) => new Uint32Array(b, o, n), nTerms, 4);
  const termBytes = take((b, o, n) => new Uint8Array(b, o, n), termChars, 1);
  const idEnds = take((b, o, n) => new Uint32Array(b, o, n), nDocs, 4);
  const idBytes = take((b, o, n) => new Uint8Array(b, o, n), idChars, 1);
  const storeViews = storeCounts !== null ? takeStore(take, nDocs, storeCounts) : null;
  const links = linkCounts !== null ? takeLinks(take, nDocs, linkCounts) : {};
  const formViews = formCounts !== null ? takeForms(take, nTerms, nDocs, formCounts) : null;
  const surfaceEnds = formCounts === null ? take((b, o, n) => new Uint32Array(b, o, n), nTerms, 4) : null;
  const surfaceBytes = formCounts === null ? take((b, o, n) => new Uint8Array(b, o, n), surfaceChars, 1) : null;
  let kept: ListCache | null = null;
  if (lists) {
    // Copied: kept lists are reset in place when the corpus changes, and must not write into the caller's bytes.
    const sizes = take((b, o, n) => new Int32Array(b, o, n), nDocs, 4).slice();
    const docs = take((b, o, n) => new Int32Array(b, o, n), nDocs * listWidth, 4).slice();
    const scores = take((b, o, n) => new Float64Array(b, o, n), nDocs * listWidth, 8).slice();
    const floors = version >= 6 ? take((b, o, n) => new Float64Array(b, o, n), nDocs, 8).slice() : undefined;
    const tight = version >= 6 ? take((b, o, n) => new Uint8Array(b, o, n), nDocs, 1).slice() : undefined;
    kept = new ListCache(nDocs, listWidth, { sizes, docs, scores, floors, tight });
  }
  sum.add(words, at >>> 2, words.length);
  if (sum.digest(size - 4) !== view.getUint32(size - 4, true)) throw fail("INVALID_SNAPSHOT", "checksum mismatch (corrupted)");

  const sums = { s0, s1, s2 };
  checkDocuments(rowPtr, rows, df, sums, dates, tally);
  const arrays = { df, termPtr, postDoc, postW, rowPtr, rowTerm };
  const terms = splitStrings(termEnds, termBytes, false, "termEnds, termChars");
  const ids = splitStrings(idEnds, idBytes, false, "idEnds, idChars");

  // Word pairs' terms only where pairs are on.
  if (options.wordPairs === 0 && terms.some((t) => splitPair(t) !== null)) throw fail("INVALID_SNAPSHOT", "terms: a word pair, with wordPairs off");
  // Terms are numbered by ascending df, ties by the term itself (DocTermMatrix#compact).
  for (let t = 1; t < nTerms; t++) {
    if (df[t] === df[t - 1] && !((terms[t - 1] as string) < (terms[t] as string))) throw fail("INVALID_SNAPSHOT", "terms: not in the order a compaction numbers them");
  }
  const forms =
    formViews !== null
      ? TermForms.restore(checkForms(formViews, terms, rowPtr, rowTerm))
      : TermForms.fromWords(legacyWords(terms, splitStrings(surfaceEnds as Uint32Array, surfaceBytes as Uint8Array, true, "surfaceEnds, surfaceChars")), df, nDocs);
  const vocabulary = Vocabulary.from(terms);
  if (vocabulary === null) throw fail("INVALID_SNAPSHOT", "terms: a term is repeated");
  // DocStore.restore copies what it keeps out of the bytes, and finds duplicate ids.
  const store = DocStore.restore({ ids, dates, ...(storeViews !== null ? checkStore(storeViews, ids) : {}), ...links });
  if (store === null) throw fail("INVALID_SNAPSHOT", "ids: duplicate article ids");
  checkAnalyzerStamp((header as Header6).analyzers, options, (d) => store.langOf(d), nDocs);
  if (kept !== null) {
    const problem = listsProblem(kept, ids, capsAtOne(options.norm) ? 1 : Number.MAX_VALUE, reach(df, rowPtr, rowTerm, tally.k));
    if (problem !== null) throw fail("INVALID_SNAPSHOT", `kept lists: ${problem}`);
    const m = matrixFromSnapshot(options, arrays, sums);
    const wrong = scoresProblem(kept, m);
    if (wrong !== null) throw fail("INVALID_SNAPSHOT", `kept lists: ${wrong}`);
    built.set(arrays, m);
  }
  return { options, vocabulary, forms, ids, dates: dates.slice(), store, arrays, sums, lists: kept };
}

/** Matrices decodeSnapshot built to check kept lists, handed to matrixFromSnapshot instead of building another. */
const built = new WeakMap<MatrixArrays, DocTermMatrix>();

/** The matrix of a decoded snapshot, over its arrays as they are. */
export function matrixFromSnapshot(options: ResolvedOptions, arrays: MatrixArrays, sums: NormSums): DocTermMatrix {
  const { idf, norm, minDf, maxDf } = options;
  const done = built.get(arrays);
  built.delete(arrays);
  const o = done?.options;
  if (done !== undefined && o?.idf === idf && o.norm === norm && o.minDf === minDf && o.maxDf === maxDf) return done;
  const m = new DocTermMatrix({ idf, norm, minDf, maxDf });
  m.load(arrays, sums);
  return m;
}
