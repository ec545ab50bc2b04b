/**
 * The forms block of a snapshot (format 6): what gives each term its readable word, and what each
 * article added to it, so that a loaded index counts on exactly as the saved one did.
 *
 *   formPtr u32[nTerms+1]   forms of term t: formPtr[t] .. formPtr[t+1), its head first
 *   formEnds u32[nForms] | formChars utf8   each form's token ("" when it is the term itself)
 *   exceptPtr u32[nDocs+1] | exceptBytes u8[exceptBytes]   each article's exceptions (its forms
 *                           other than its terms' heads alone, corpus/term-forms.ts), as bytes
 *
 * Header counts: nForms, formChars, exceptBytes. An exception is written against the article's
 * row (ascending terms): one varint, (g << 3) | min(k, 7), where g is how many row entries it
 * moves on from the previous exception's term (0: the same term again) and k the form's place in
 * its term's list (its local number), followed by a varint k - 7 when k >= 7. Most gaps are a few
 * row entries and most forms a term's second, so an exception takes one byte, where a u32 form
 * number took four: at 10k synthetic articles the block went from 3.7 MB to 1.1 MB (snapshot
 * growth 16.5% -> 4.7%). The articles using each form are not written: they follow from the
 * exceptions and the terms' document frequencies, and TermForms works them out when a word is
 * first asked for.
 *
 * A checksum can be recomputed after an edit, so the block is checked as it is read: each term
 * has forms with distinct tokens, each exception names a form of a term of the article's own row,
 * in ascending order (a form no article lists is harmless: see checkForms). A word pair's term (a space
 * in it, analysis/word-pairs.ts) has no forms: its readable word is made from its two terms'. Formats 4 and 5 hold one readable
 * word per term instead (the shortest word of the stem), which becomes that term's only form,
 * counted in every article having it.
 */
import { fail } from "../errors.js";
import { betterForm, type FormArrays, type RestoredForms } from "../corpus/term-forms.js";
import type { RowTerms } from "../corpus/segment.js";
import { joinStrings, splitStrings } from "./string-tables.js";
import { splitPair } from "../analysis/word-pairs.js";

/** The header's counts of the forms block. */
export interface FormCounts {
  nForms: number;
  formChars: number;
  exceptBytes: number;
}

/** Header keys of the block and their largest values (offsets are u32). */
export const FORM_LIMITS: Readonly<Record<keyof FormCounts, number>> = Object.freeze({ nForms: 2 ** 32 - 1, formChars: 2 ** 32 - 1, exceptBytes: 2 ** 32 - 1 });

/** Past every term number. */
const NO_TERM = 0x7fffffff;

/** Local numbers below this share the gap's varint. */
const SHORT_LOCAL = 7;

/**
 * The block's sections, in file order. Each term's head is written as its most common form (its
 * readable word): the fewer articles use another form, the fewer exceptions there are to write
 * (at 10k synthetic articles, 19% fewer than with the first form met as the head), and a loaded
 * index counts on from those heads.
 * @param rowPtr, rowTerm the compacted matrix's rows (ascending terms), which exceptions are written against
 */
export function encodeForms(a: FormArrays, terms: readonly string[], rowPtr: Uint32Array, rowTerm: RowTerms, enc: TextEncoder): { counts: FormCounts; sections: ArrayBufferView[] } {
  const nTerms = a.formPtr.length - 1;
  const nForms = a.tokens.length;
  const written: string[] = new Array<string>(nForms);
  // renamed[f]: form f's number in the file, where its term's best form comes first.
  const renamed = new Uint32Array(nForms);
  const head = new Uint32Array(nTerms);
  for (let t = 0; t < nTerms; t++) {
    const from = a.formPtr[t] as number;
    const to = a.formPtr[t + 1] as number;
    let best = from;
    for (let f = from + 1; f < to; f++) if (betterForm(a.tokens[f] as string, a.formDf[f] as number, a.tokens[best] as string, a.formDf[best] as number)) best = f;
    head[t] = best;
    for (let f = from, k = from + 1; f < to; f++) {
      const g = f === best ? from : k++;
      renamed[f] = g;
      written[g] = a.tokens[f] === terms[t] ? "" : (a.tokens[f] as string);
    }
  }
  const blob = joinStrings(written, nForms, enc);
  // Per term, whether its best form is not its first (then every article using the first alone
  // lists it); per form, its term. So that the pass below looks at a row entry only when it has
  // exceptions or its term moved: at 100k synthetic articles about a third of the entries.
  const moved = new Uint8Array(nTerms);
  const formTerm = new Int32Array(nForms);
  for (let t = 0; t < nTerms; t++) {
    if (head[t] !== a.formPtr[t]) moved[t] = 1;
    for (let f = a.formPtr[t] as number; f < (a.formPtr[t + 1] as number); f++) formTerm[f] = t;
  }
  const exceptForms = a.exceptForms;
  const nDocs = a.exceptPtr.length - 1;
  const exceptPtr = new Uint32Array(nDocs + 1);
  let out = new Uint8Array(Math.max(64, a.exceptForms.length * 2));
  let at = 0;
  const put = (x: number): void => {
    if (at + 10 > out.length) {
      const grown = new Uint8Array(out.length * 2);
      grown.set(out);
      out = grown;
    }
    while (x >= 0x80) {
      out[at++] = (x & 0x7f) | 0x80;
      x = Math.floor(x / 128);
    }
    out[at++] = x;
  };
  // One term's forms in an article, renamed, ascending (as many as the term has, at most).
  let set = new Uint32Array(16);
  for (let d = 0; d < nDocs; d++) {
    let i = a.exceptPtr[d] as number;
    const end = a.exceptPtr[d + 1] as number;
    let last = rowPtr[d] as number;
    // The term of the article's next exception (forms are numbered by term, and an article's
    // exceptions ascend): an entry of an earlier term has none.
    let next = i < end ? (formTerm[exceptForms[i] as number] as number) : NO_TERM;
    const rowEnd = rowPtr[d + 1] as number;
    for (let r = last; r < rowEnd; r++) {
      const t = rowTerm[r] as number;
      // Most row entries: no exception, and the term's first form is its best.
      if (t < next && moved[t] === 0) continue;
      const from = a.formPtr[t] as number;
      const to = a.formPtr[t + 1] as number;
      if (set.length < to - from) set = new Uint32Array(to - from);
      let n = 0;
      // Renamed forms, kept ascending by insertion (a few).
      for (; i < end && (exceptForms[i] as number) < to; i++) {
        const g = renamed[exceptForms[i] as number] as number;
        let k = n++;
        for (; k > 0 && (set[k - 1] as number) > g; k--) set[k] = set[k - 1] as number;
        set[k] = g;
      }
      next = i < end ? (formTerm[exceptForms[i] as number] as number) : NO_TERM;
      // No exception: the article used the term's first form alone, listed now unless it is the best.
      if (n === 0) set[n++] = renamed[from] as number;
      else if (n === 1 && set[0] === from) continue;
      for (let k = 0; k < n; k++) {
        const local = (set[k] as number) - from;
        put((r - last) * 8 + Math.min(local, SHORT_LOCAL));
        if (local >= SHORT_LOCAL) put(local - SHORT_LOCAL);
        last = r;
      }
    }
    exceptPtr[d + 1] = at;
  }
  return {
    counts: { nForms, formChars: blob.chars.length, exceptBytes: at },
    sections: [a.formPtr, blob.ends, blob.chars, exceptPtr, out.subarray(0, at)],
  };
}

/** Section lengths (elements, bytes each) of the block, in file order. */
export function formsLayout(nTerms: number, nDocs: number, c: FormCounts): [number, number][] {
  return [[nTerms + 1, 4], [c.nForms, 4], [c.formChars, 1], [nDocs + 1, 4], [c.exceptBytes, 1]];
}

/** The block's views, as `take` reads them in file order. */
export interface FormViews {
  formPtr: Uint32Array;
  formEnds: Uint32Array;
  formChars: Uint8Array;
  exceptPtr: Uint32Array;
  exceptBytes: Uint8Array;
}

type Take = <T>(make: (buffer: ArrayBuffer, offset: number, length: number) => T, length: number, width: number) => T;

export function takeForms(take: Take, nTerms: number, nDocs: number, c: FormCounts): FormViews {
  const u32 = (n: number) => take((b, o, k) => new Uint32Array(b, o, k), n, 4);
  const u8 = (n: number) => take((b, o, k) => new Uint8Array(b, o, k), n, 1);
  const formPtr = u32(nTerms + 1);
  const formEnds = u32(c.nForms);
  const formChars = u8(c.formChars);
  const exceptPtr = u32(nDocs + 1);
  const exceptBytes = u8(c.exceptBytes);
  return { formPtr, formEnds, formChars, exceptPtr, exceptBytes };
}

/**
 * The forms of a snapshot, checked (see the file comment), each article's exceptions decoded into
 * one pool that TermForms keeps as it is. The counts are not worked out here: TermForms counts
 * them the first time a word is asked for (`explain`, `save`, a compaction), as it does after an
 * article is added, so a load pays only for the checks (at 100k synthetic articles, 6.9M
 * exceptions: counting them on every load took about a third of it). A form that no article
 * uses is harmless (an index has such forms after removals until its next compaction): it is
 * never a readable word and is not saved again.
 * @throws {RecommenderError} `INVALID_SNAPSHOT` naming the section
 */
export function checkForms(v: FormViews, terms: readonly string[], rowPtr: Uint32Array, rowTerm: RowTerms): RestoredForms {
  const bad = (what: string) => fail("INVALID_SNAPSHOT", `forms: ${what}`);
  const nTerms = terms.length;
  const nForms = v.formEnds.length;
  const nDocs = v.exceptPtr.length - 1;
  const { formPtr, exceptPtr, exceptBytes } = v;
  if (formPtr[0] !== 0 || formPtr[nTerms] !== nForms) throw bad("formPtr does not tile the forms");
  const written = splitStrings(v.formEnds, v.formChars, true, "formEnds, formChars");
  const tokens: string[] = new Array<string>(nForms);
  for (let t = 0; t < nTerms; t++) {
    const from = formPtr[t] as number;
    const to = formPtr[t + 1] as number;
    // A pair has no forms, every other term has some.
    const pair = splitPair(terms[t] as string) !== null;
    if (to > nForms || (pair ? to !== from : to <= from)) throw bad(`term ${t} has ${pair ? "forms, as a word pair" : "no forms"}, or formPtr does not ascend`);
    // Most terms have one form: a set only for the others.
    const seen = to - from > 1 ? new Set<string>() : null;
    for (let f = from; f < to; f++) {
      const token = (written[f] as string) || (terms[t] as string);
      if (seen !== null) {
        if (seen.has(token)) throw bad(`term ${t} lists the form ${JSON.stringify(token)} twice`);
        seen.add(token);
      }
      tokens[f] = token;
    }
  }
  if (exceptPtr[0] !== 0 || exceptPtr[nDocs] !== exceptBytes.length) throw bad("exceptPtr does not tile the exceptions");
  // Each exception takes a byte at least, so the pool's size is known before reading.
  const pool = new Int32Array(Math.max(64, exceptBytes.length));
  const start = new Int32Array(Math.max(64, nDocs));
  const len = new Int32Array(Math.max(64, nDocs));
  const ptr = formPtr.slice();
  let n = 0;
  for (let d = 0; d < nDocs; d++) {
    const from = exceptPtr[d] as number;
    const end = exceptPtr[d + 1] as number;
    if (end < from) throw bad("exceptPtr does not ascend");
    // One call an article (a function V8 optimises as a whole, where one loop over every article ran on-stack-replaced code).
    const m = from === end ? n : readExceptions(exceptBytes, from, end, rowPtr[d] as number, rowPtr[d + 1] as number, rowTerm, ptr, pool, n);
    if (m < 0) throw bad(m === PAST_BYTES ? "an exception runs past its article's bytes" : m === LONG_VARINT ? "an exception written in more bytes than it needs" : m === PAST_ROW ? `article ${d} lists a form past the end of its row` : `article ${d}: exceptions not ascending forms of its terms`);
    start[d] = n;
    len[d] = m - n;
    n = m;
  }
  return { formPtr: ptr, tokens, start, len, pool, used: n };
}

// readExceptions' problems.
const PAST_BYTES = -1;
const LONG_VARINT = -2;
const PAST_ROW = -3;
const NOT_ASCENDING = -4;

/**
 * One article's exceptions, bytes[at, end) against its row rowTerm[r, rowEnd), decoded into
 * pool from n: returns where they end in the pool, or a problem (below 0).
 */
function readExceptions(bytes: Uint8Array, at: number, end: number, r: number, rowEnd: number, rowTerm: RowTerms, formPtr: Uint32Array, pool: Int32Array, n: number): number {
  let last = -1;
  while (at < end) {
    const b = bytes[at++] as number;
    let gap = b >>> 3;
    let k = b & 7;
    // Nearly every exception is one byte with a short local number; the rest read apart, so that
    // this loop's arithmetic stays on small integers.
    if (b >= 0x80 || k === SHORT_LOCAL) {
      const x = readLong(bytes, at - 1, end, rowEnd - r);
      if (x < 0) return x;
      at = varintEnd;
      gap = longGap;
      k = x;
    }
    r += gap;
    if (r >= rowEnd) return PAST_ROW;
    const t = rowTerm[r] as number;
    const f = (formPtr[t] as number) + k;
    if (f >= (formPtr[t + 1] as number) || f <= last) return NOT_ASCENDING;
    pool[n++] = f;
    last = f;
  }
  return n;
}

/** Formats 4 and 5: each term's saved word ("" for the term itself). */
export function legacyWords(terms: readonly string[], words: readonly string[]): string[] {
  return terms.map((t, i) => (words[i] as string) || t);
}

/** The gap of the last readLong. */
let longGap = 0;

/**
 * An exception at bytes[at] that is not one byte with a short local number: returns its local
 * number and sets longGap and varintEnd, or returns a problem (PAST_ROW when its gap reaches
 * `room` row entries or more).
 */
function readLong(bytes: Uint8Array, at: number, end: number, room: number): number {
  const x = readVarint(bytes, at, end);
  if (x < 0) return x;
  // x may pass 2^31 (five bytes hold 35 bits): arithmetic, not bitwise.
  const gap = Math.floor(x / 8);
  if (gap >= room) return PAST_ROW;
  let k = x - gap * 8;
  if (k === SHORT_LOCAL) {
    const y = readVarint(bytes, varintEnd, end);
    if (y < 0) return y;
    k += y;
  }
  longGap = gap;
  return k;
}

/** Where the last readVarint ended (its next byte). */
let varintEnd = 0;

/**
 * The varint at bytes[at] (7 bits a byte, low first, at most 4 bytes, none after the first 0),
 * or PAST_BYTES when it runs past `end`, LONG_VARINT when written in more bytes than it needs; sets varintEnd.
 */
function readVarint(bytes: Uint8Array, at: number, end: number): number {
  let x = 0;
  for (let scale = 1; ; scale *= 128) {
    if (at >= end || scale > 2 ** 28) return PAST_BYTES;
    const b = bytes[at++] as number;
    if (b === 0 && scale > 1) return LONG_VARINT;
    x += (b & 0x7f) * scale;
    if (b < 0x80) {
      varintEnd = at;
      return x;
    }
  }
}
