/**
 * The document store's block of a snapshot (format 5): each article's section, language and tags
 * as value numbers into a table of values, and its editors' picks as numbers into a table of
 * picked ids. Ids and dates have their own sections (format 4 has only those, and loads with no
 * section, language, tag or pick). In file order, each section padded to 8 bytes:
 *
 *   sections i32[nDocs] | langs i32[nDocs] | tagPtr u32[nDocs+1] | tagValues i32[nTagValues]
 *   | valueEnds u32[nValues] | valueChars utf8[valueChars]
 *   | relatedPtr u32[nDocs+1] | relatedRefs u32[nRelated]
 *   | relatedIdEnds u32[nRelatedIds] | relatedIdChars utf8[relatedIdChars]
 *
 * `checkStore` trusts nothing, and refuses with INVALID_SNAPSHOT whatever `add` cannot produce:
 * a value number out of range (-1 is "none" for a section or language), tags not strictly
 * ascending within an article, a value that is empty, repeated, not UTF-8 or that no article
 * has (`DocStore#arrays` writes only values in use), a language value that is not a lowercase
 * BCP 47 tag, picks that repeat within an article or name the article itself, and a table of
 * picked ids that is not each picked id once, in order of first pick. So `save(load(b))` gives
 * `b` back. Cost: one pass over each section (a few bytes per article).
 */
import type { StoreArrays } from "../corpus/doc-store.js";
import { fail } from "../errors.js";
import { checkArticle } from "../validate.js";
import { joinStrings, splitStrings } from "./string-tables.js";

/** The block's counts, written in the snapshot's header (nDocs is the snapshot's). */
export interface StoreCounts {
  /** Strings in the table of section, language and tag values. */
  nValues: number;
  /** Tags of all articles together. */
  nTagValues: number;
  /** UTF-8 bytes of the table of values. */
  valueChars: number;
  /** Picks of all articles together. */
  nRelated: number;
  /** Distinct picked ids (the table of picked ids). */
  nRelatedIds: number;
  /** UTF-8 bytes of the table of picked ids. */
  relatedIdChars: number;
}

/**
 * The header fields of the block, each with its bound: value numbers are int32 (-1 is "none"),
 * offsets and counts u32. The sections' sizes then bound every count by the file's length.
 */
export const STORE_LIMITS: Readonly<Record<keyof StoreCounts, number>> = Object.freeze({
  nValues: 2 ** 31 - 1,
  nTagValues: 2 ** 32 - 1,
  valueChars: 2 ** 32 - 1,
  nRelated: 2 ** 32 - 1,
  nRelatedIds: 2 ** 32 - 1,
  relatedIdChars: 2 ** 32 - 1,
});

/** The block's saved fields (ids and dates come from their own sections). */
export type SavedStore = Omit<StoreArrays, "ids" | "dates" | "titles" | "urls" | "slugs">;

/** The block's sections for `nDocs` documents, in file order, with their counts. */
export function encodeStore(a: StoreArrays, nDocs: number): { counts: StoreCounts; sections: ArrayBufferView[] } {
  const enc = new TextEncoder();
  const values = joinStrings(a.values, a.values.length, enc);
  const picked = joinStrings(a.relatedIds, a.relatedIds.length, enc);
  const counts: StoreCounts = {
    nValues: a.values.length,
    nTagValues: a.tagValues.length,
    valueChars: values.chars.length,
    nRelated: a.relatedRefs.length,
    nRelatedIds: a.relatedIds.length,
    relatedIdChars: picked.chars.length,
  };
  const sections = [
    a.sections.subarray(0, nDocs), a.langs.subarray(0, nDocs), a.tagPtr.subarray(0, nDocs + 1), a.tagValues, values.ends, values.chars,
    a.relatedPtr.subarray(0, nDocs + 1), a.relatedRefs, picked.ends, picked.chars,
  ];
  return { counts, sections };
}

/** [elements, bytes each] of the block's sections, in file order. */
export function storeLayout(nDocs: number, c: StoreCounts): [number, number][] {
  return [
    [nDocs, 4], [nDocs, 4], [nDocs + 1, 4], [c.nTagValues, 4], [c.nValues, 4], [c.valueChars, 1],
    [nDocs + 1, 4], [c.nRelated, 4], [c.nRelatedIds, 4], [c.relatedIdChars, 1],
  ];
}

/** The block's sections, viewed where they lie. */
export interface StoreViews {
  sections: Int32Array;
  langs: Int32Array;
  tagPtr: Uint32Array;
  tagValues: Int32Array;
  valueEnds: Uint32Array;
  valueChars: Uint8Array;
  relatedPtr: Uint32Array;
  relatedRefs: Uint32Array;
  relatedIdEnds: Uint32Array;
  relatedIdChars: Uint8Array;
}

/** Views the next section (`length` elements of `width` bytes) and moves past it and its padding. */
export type TakeSection = <T>(make: (buffer: ArrayBuffer, offset: number, length: number) => T, length: number, width: number) => T;

const i32 = (b: ArrayBuffer, o: number, n: number) => new Int32Array(b, o, n);
const u32 = (b: ArrayBuffer, o: number, n: number) => new Uint32Array(b, o, n);
const u8 = (b: ArrayBuffer, o: number, n: number) => new Uint8Array(b, o, n);

/** The block's sections, taken in file order (storeLayout's). */
export function takeStore(take: TakeSection, nDocs: number, c: StoreCounts): StoreViews {
  return {
    sections: take(i32, nDocs, 4),
    langs: take(i32, nDocs, 4),
    tagPtr: take(u32, nDocs + 1, 4),
    tagValues: take(i32, c.nTagValues, 4),
    valueEnds: take(u32, c.nValues, 4),
    valueChars: take(u8, c.valueChars, 1),
    relatedPtr: take(u32, nDocs + 1, 4),
    relatedRefs: take(u32, c.nRelated, 4),
    relatedIdEnds: take(u32, c.nRelatedIds, 4),
    relatedIdChars: take(u8, c.relatedIdChars, 1),
  };
}

/**
 * Checks the block (see the top of this file) of the articles `ids`; returns its fields, the
 * arrays still views of the block (DocStore.restore copies them).
 * @throws {RecommenderError} `INVALID_SNAPSHOT` naming the section
 */
export function checkStore(v: StoreViews, ids: readonly string[]): SavedStore {
  const bad = (what: string) => fail("INVALID_SNAPSHOT", `document store: ${what}`);
  const nDocs = ids.length;
  const values = splitStrings(v.valueEnds, v.valueChars, false, "document store: valueEnds, valueChars");
  const nValues = values.length;
  if (new Set(values).size !== nValues) throw bad("valueEnds, valueChars: a value appears twice");
  // Per value: 1 used, 2 used as a language (each checked once, below).
  const use = new Uint8Array(nValues);
  const { sections, langs, tagPtr, tagValues } = v;
  if (tagPtr[0] !== 0 || tagPtr[nDocs] !== tagValues.length) throw bad("tagPtr: does not span tagValues");
  for (let d = 0; d < nDocs; d += DOCS) {
    const wrong = checkValues(d, Math.min(nDocs, d + DOCS), sections, langs, tagPtr, tagValues, use);
    if (wrong >= 0) throw bad(`sections, langs, tagPtr, tagValues: article ${wrong} has a section, language or tags that are not ascending value numbers`);
  }
  for (let i = 0; i < nValues; i++) {
    const u = use[i] as number;
    if (u === 0) throw bad("valueEnds, valueChars: a value no article has");
    if (u >= 2 && !keptLang(values[i] as string)) throw bad(`langs: ${JSON.stringify(values[i]?.slice(0, 40))} is not a lowercase language tag`);
  }
  const relatedIds = splitStrings(v.relatedIdEnds, v.relatedIdChars, false, "document store: relatedIdEnds, relatedIdChars");
  const { relatedPtr, relatedRefs } = v;
  if (relatedPtr[0] !== 0 || relatedPtr[nDocs] !== relatedRefs.length) throw bad("relatedPtr: does not span relatedRefs");
  // The article (d + 1) that last picked each id, and the number of the next new pick.
  const pickedBy = new Int32Array(relatedIds.length);
  const next = new Int32Array(1);
  for (let d = 0; d < nDocs; d += DOCS) {
    const wrong = checkPicks(d, Math.min(nDocs, d + DOCS), relatedPtr, relatedRefs, relatedIds, ids, pickedBy, next);
    if (wrong >= 0) throw bad(`relatedPtr, relatedRefs: article ${wrong} picks an id twice, itself, or not in order of first pick`);
  }
  if (next[0] !== relatedIds.length) throw bad("relatedIdEnds: an id no article picks");
  return { sections, langs, tagPtr, tagValues, values, relatedPtr, relatedRefs, relatedIds };
}

/**
 * Articles per call of the loops below: a loop run once over 100k articles would mostly run
 * before V8 optimizes it (entered by on-stack replacement); in calls, the function is optimized
 * whole after the first few.
 */
const DOCS = 4096;

/**
 * Articles [from, to): section and language a value number or -1, tags strictly ascending value
 * numbers within tagValues; marks each value used in `use` (1, and 2 for a language). Returns the
 * first article that fails, or -1.
 */
function checkValues(from: number, to: number, sections: Int32Array, langs: Int32Array, tagPtr: Uint32Array, tagValues: Int32Array, use: Uint8Array): number {
  const nValues = use.length;
  const nTags = tagValues.length;
  for (let d = from; d < to; d++) {
    const s = sections[d] as number;
    const l = langs[d] as number;
    if (s < -1 || s >= nValues || l < -1 || l >= nValues) return d;
    if (s >= 0) use[s] = (use[s] as number) | 1;
    if (l >= 0) use[l] = (use[l] as number) | 2;
    const start = tagPtr[d] as number;
    const end = tagPtr[d + 1] as number;
    // Bounded before the loop: an offset past the end would read 4 billion missing tags.
    if (end < start || end > nTags) return d;
    let prev = -1;
    for (let i = start; i < end; i++) {
      const t = tagValues[i] as number;
      if (t <= prev || t >= nValues) return d;
      use[t] = (use[t] as number) | 1;
      prev = t;
    }
  }
  return -1;
}

/**
 * Articles [from, to): picks within relatedRefs, each an earlier pick's number or the next new one
 * (`next[0]`, advanced), none twice in one article (`pickedBy`: the article + 1 that last picked
 * each id), none the article's own id. Returns the first article that fails, or -1.
 */
function checkPicks(from: number, to: number, relatedPtr: Uint32Array, relatedRefs: Uint32Array, relatedIds: readonly string[], ids: readonly string[], pickedBy: Int32Array, next: Int32Array): number {
  const nRefs = relatedRefs.length;
  let fresh = next[0] as number;
  for (let d = from; d < to; d++) {
    const start = relatedPtr[d] as number;
    const end = relatedPtr[d + 1] as number;
    if (end < start || end > nRefs) return d;
    for (let i = start; i < end; i++) {
      const r = relatedRefs[i] as number;
      if (r > fresh || r >= pickedBy.length || pickedBy[r] === d + 1 || relatedIds[r] === ids[d]) return d;
      if (r === fresh) fresh++;
      pickedBy[r] = d + 1;
    }
  }
  next[0] = fresh;
  return -1;
}

/** Whether `add` keeps `lang` as it is: a BCP 47 tag, lowercased (validate.ts holds the rule). */
function keptLang(lang: string): boolean {
  try {
    return checkArticle({ id: "-", text: "", lang }, "-").lang === lang;
  } catch {
    return false;
  }
}

const pad8 = (n: number) => Math.ceil(n / 8) * 8;

/** Bytes of the block for `nDocs` articles. */
export function storeBytes(nDocs: number, c: StoreCounts): number {
  let total = 0;
  for (const [length, width] of storeLayout(nDocs, c)) total += pad8(length * width);
  return total;
}

/** Writes `sections` (encodeStore's) at `offset` of `out` (8-aligned); returns the offset after them. */
export function writeStore(out: Uint8Array, offset: number, sections: readonly ArrayBufferView[]): number {
  let at = offset;
  for (const s of sections) {
    out.set(new Uint8Array(s.buffer, s.byteOffset, s.byteLength), at);
    at += pad8(s.byteLength);
  }
  return at;
}

/** Reads and checks the block at `offset` of `bytes` (8-aligned, `storeBytes` long) of the articles `ids`. */
export function readStore(bytes: Uint8Array, offset: number, ids: readonly string[], c: StoreCounts): SavedStore {
  let at = bytes.byteOffset + offset;
  const take: TakeSection = (make, length, width) => {
    const view = make(bytes.buffer as ArrayBuffer, at, length);
    at += pad8(length * width);
    return view;
  };
  return checkStore(takeStore(take, ids.length, c), ids);
}
