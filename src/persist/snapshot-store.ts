/**
 * The document store's block of a snapshot (format 5): each article's section, language and tags
 * as value numbers, and the table of values. Ids and dates have their own sections (format 4);
 * a format-4 snapshot has no block, and loads with no section, language or tag values.
 *
 *   sections i32[nDocs] | langs i32[nDocs] | tagPtr u32[nDocs+1] | tagValues i32[nTagValues]
 *   | valueEnds u32[nValues] | valueChars utf8[valueChars]          each padded to 8 bytes
 *
 * `readStore` trusts nothing: every number is bounded by the block's own counts, tags ascend
 * within an article, values are distinct UTF-8 strings; anything else is INVALID_SNAPSHOT.
 */
import type { StoreArrays } from "../corpus/doc-store.js";
import { fail } from "../errors.js";

/** The block's counts, written in the snapshot's header. */
export interface StoreCounts {
  nValues: number;
  nTagValues: number;
  valueChars: number;
}

const pad8 = (n: number) => Math.ceil(n / 8) * 8;

/** The counts of `a`'s block and its values as UTF-8. */
export function storeCounts(a: StoreArrays): { counts: StoreCounts; ends: Uint32Array; chars: Uint8Array } {
  const enc = new TextEncoder();
  const parts = a.values.map((v) => enc.encode(v));
  const ends = new Uint32Array(parts.length);
  let total = 0;
  parts.forEach((p, i) => (ends[i] = total += p.length));
  const chars = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    chars.set(p, at);
    at += p.length;
  }
  return { counts: { nValues: parts.length, nTagValues: a.tagValues.length, valueChars: total }, ends, chars };
}

/** Bytes of the block for `nDocs` articles. */
export function storeBytes(nDocs: number, c: StoreCounts): number {
  return pad8(4 * nDocs) * 2 + pad8(4 * (nDocs + 1)) + pad8(4 * c.nTagValues) + pad8(4 * c.nValues) + pad8(c.valueChars);
}

/** Writes the block at `offset` of `out` (8-aligned); returns the offset after it. */
export function writeStore(out: Uint8Array, offset: number, nDocs: number, a: StoreArrays, ends: Uint32Array, chars: Uint8Array): number {
  let at = offset;
  const put = (src: ArrayBufferView, bytes: number) => {
    out.set(new Uint8Array(src.buffer, src.byteOffset, bytes), at);
    at += pad8(bytes);
  };
  put(a.sections, 4 * nDocs);
  put(a.langs, 4 * nDocs);
  put(a.tagPtr, 4 * (nDocs + 1));
  put(a.tagValues, 4 * a.tagValues.length);
  put(ends, 4 * ends.length);
  put(chars, chars.length);
  return at;
}

/** The fields a snapshot's block holds (ids and dates come from their own sections). */
export type SavedStore = Pick<StoreArrays, "sections" | "langs" | "tagPtr" | "tagValues" | "values">;

/** Reads and checks the block at `offset` (8-aligned, `storeBytes` long); the arrays are copies. */
export function readStore(bytes: Uint8Array, offset: number, nDocs: number, c: StoreCounts): SavedStore {
  const bad = (what: string) => fail("INVALID_SNAPSHOT", `document store: ${what}`);
  let at = bytes.byteOffset + offset;
  const take = <T>(make: (buffer: ArrayBufferLike, at: number, n: number) => T, n: number, width: number): T => {
    const view = make(bytes.buffer, at, n);
    at += pad8(n * width);
    return view;
  };
  const i32 = (b: ArrayBufferLike, o: number, n: number) => new Int32Array(b.slice(o, o + 4 * n) as ArrayBuffer);
  const sections = take(i32, nDocs, 4);
  const langs = take(i32, nDocs, 4);
  const tagPtr = take((b, o, n) => new Uint32Array(b.slice(o, o + 4 * n) as ArrayBuffer), nDocs + 1, 4);
  const tagValues = take(i32, c.nTagValues, 4);
  const ends = take((b, o, n) => new Uint32Array(b.slice(o, o + 4 * n) as ArrayBuffer), c.nValues, 4);
  const chars = take((b, o, n) => new Uint8Array(b, o, n), c.valueChars, 1);
  for (let d = 0; d < nDocs; d++) {
    const s = sections[d] as number;
    const l = langs[d] as number;
    if (s < -1 || s >= c.nValues) throw bad(`section ${s} of article ${d} is not a value`);
    if (l < -1 || l >= c.nValues) throw bad(`language ${l} of article ${d} is not a value`);
  }
  if (tagPtr[0] !== 0 || tagPtr[nDocs] !== c.nTagValues) throw bad("tagPtr does not span the tags");
  for (let d = 0; d < nDocs; d++) {
    const from = tagPtr[d] as number;
    const to = tagPtr[d + 1] as number;
    if (to < from) throw bad(`tagPtr falls at article ${d}`);
    for (let i = from; i < to; i++) {
      const v = tagValues[i] as number;
      if (v < 0 || v >= c.nValues || (i > from && v <= (tagValues[i - 1] as number))) throw bad(`tags of article ${d} are not ascending values`);
    }
  }
  const dec = new TextDecoder("utf-8", { fatal: true });
  const values: string[] = [];
  const seen = new Set<string>();
  let start = 0;
  for (let i = 0; i < c.nValues; i++) {
    const end = ends[i] as number;
    if (end < start || end > c.valueChars) throw bad("valueEnds out of order");
    let v: string;
    try {
      v = dec.decode(chars.subarray(start, end));
    } catch {
      throw bad(`value ${i} is not UTF-8`);
    }
    if (seen.has(v)) throw bad(`value ${JSON.stringify(v.slice(0, 40))} appears twice`);
    seen.add(v);
    values.push(v);
    start = end;
  }
  if (start !== c.valueChars) throw bad("valueEnds do not span valueChars");
  return { sections, langs, tagPtr, tagValues, values };
}
