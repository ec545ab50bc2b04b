/**
 * The forms block of a snapshot (format 6): what gives each term its readable word, and what each
 * article added to it, so that a loaded index counts on exactly as the saved one did.
 *
 *   formPtr u32[nTerms+1]   forms of term t: formPtr[t] .. formPtr[t+1), its head first
 *   formDf u32[nForms]      articles containing each form
 *   formEnds u32[nForms] | formChars utf8   each form's token ("" when it is the term itself)
 *   exceptPtr u32[nDocs+1] | exceptForms u32[nExceptions]   each article's forms other than
 *                           its terms' heads alone (corpus/term-forms.ts), ascending
 *
 * Header counts: nForms, formChars, nExceptions. A checksum can be recomputed after an edit, so
 * the block is checked against the rows and document frequencies: every count must be the one the
 * rows and exceptions give. Formats 4 and 5 hold one readable word per term instead (the shortest
 * word of the stem), which becomes that term's only form, counted in every article having it.
 */
import { fail } from "../errors.js";
import type { FormArrays } from "../corpus/term-forms.js";
import type { RowTerms } from "../corpus/segment.js";
import { joinStrings, splitStrings } from "./string-tables.js";

/** The header's counts of the forms block. */
export interface FormCounts {
  nForms: number;
  formChars: number;
  nExceptions: number;
}

/** Header keys of the block and their largest values (offsets are u32). */
export const FORM_LIMITS: Readonly<Record<keyof FormCounts, number>> = Object.freeze({ nForms: 2 ** 32 - 1, formChars: 2 ** 32 - 1, nExceptions: 2 ** 32 - 1 });

/** The block's sections, in file order. */
export function encodeForms(a: FormArrays, terms: readonly string[], enc: TextEncoder): { counts: FormCounts; sections: ArrayBufferView[] } {
  const nTerms = a.formPtr.length - 1;
  const written: string[] = new Array<string>(a.tokens.length);
  for (let t = 0; t < nTerms; t++) {
    for (let f = a.formPtr[t] as number; f < (a.formPtr[t + 1] as number); f++) written[f] = a.tokens[f] === terms[t] ? "" : (a.tokens[f] as string);
  }
  const blob = joinStrings(written, written.length, enc);
  return {
    counts: { nForms: a.tokens.length, formChars: blob.chars.length, nExceptions: a.exceptForms.length },
    sections: [a.formPtr, a.formDf, blob.ends, blob.chars, a.exceptPtr, a.exceptForms],
  };
}

/** Section lengths (elements, bytes each) of the block, in file order. */
export function formsLayout(nTerms: number, nDocs: number, c: FormCounts): [number, number][] {
  return [[nTerms + 1, 4], [c.nForms, 4], [c.nForms, 4], [c.formChars, 1], [nDocs + 1, 4], [c.nExceptions, 4]];
}

/** The block's views, as `take` reads them in file order. */
export interface FormViews {
  formPtr: Uint32Array;
  formDf: Uint32Array;
  formEnds: Uint32Array;
  formChars: Uint8Array;
  exceptPtr: Uint32Array;
  exceptForms: Uint32Array;
}

type Take = <T>(make: (buffer: ArrayBuffer, offset: number, length: number) => T, length: number, width: number) => T;

export function takeForms(take: Take, nTerms: number, nDocs: number, c: FormCounts): FormViews {
  const u32 = (n: number) => take((b, o, k) => new Uint32Array(b, o, k), n, 4);
  const formPtr = u32(nTerms + 1);
  const formDf = u32(c.nForms);
  const formEnds = u32(c.nForms);
  const formChars = take((b, o, k) => new Uint8Array(b, o, k), c.formChars, 1);
  const exceptPtr = u32(nDocs + 1);
  const exceptForms = u32(c.nExceptions);
  return { formPtr, formDf, formEnds, formChars, exceptPtr, exceptForms };
}

/**
 * The forms of a snapshot, checked: each term has forms, distinct tokens, counts in [1, df]; each
 * article's exceptions ascend and name forms of its own terms; and every count is what the rows
 * and exceptions give (a head counts the term's articles without exceptions for it). Copied out
 * of the bytes (the index changes them as it goes).
 * @throws {RecommenderError} `INVALID_SNAPSHOT` naming the section
 */
export function checkForms(v: FormViews, terms: readonly string[], df: Int32Array, rowPtr: Uint32Array, rowTerm: RowTerms): FormArrays {
  const bad = (what: string) => fail("INVALID_SNAPSHOT", `forms: ${what}`);
  const nTerms = terms.length;
  const nForms = v.formDf.length;
  const nDocs = v.exceptPtr.length - 1;
  const { formPtr, formDf, exceptPtr, exceptForms } = v;
  if (formPtr[0] !== 0 || formPtr[nTerms] !== nForms) throw bad("formPtr does not tile the forms");
  const written = splitStrings(v.formEnds, v.formChars, true, "formEnds, formChars");
  const tokens: string[] = new Array<string>(nForms);
  const termOf = new Uint32Array(nForms);
  for (let t = 0; t < nTerms; t++) {
    const from = formPtr[t] as number;
    const to = formPtr[t + 1] as number;
    if (to <= from || to > nForms) throw bad(`term ${t} has no forms, or formPtr does not ascend`);
    // Most terms have one form: a set only for the others.
    const seen = to - from > 1 ? new Set<string>() : null;
    for (let f = from; f < to; f++) {
      const token = (written[f] as string) || (terms[t] as string);
      if (seen !== null) {
        if (seen.has(token)) throw bad(`term ${t} lists the form ${JSON.stringify(token)} twice`);
        seen.add(token);
      }
      tokens[f] = token;
      termOf[f] = t;
      if ((formDf[f] as number) < 1 || (formDf[f] as number) > (df[t] as number)) throw bad(`form ${f} counts ${formDf[f]} articles, its term ${df[t]}`);
    }
  }
  if (exceptPtr[0] !== 0 || exceptPtr[nDocs] !== exceptForms.length) throw bad("exceptPtr does not tile the exceptions");
  // What the exceptions give: per form, the articles listing it; per term, the articles with exceptions for it.
  const listed = new Uint32Array(nForms);
  const withExceptions = new Uint32Array(nTerms);
  for (let d = 0; d < nDocs; d++) {
    const from = exceptPtr[d] as number;
    const to = exceptPtr[d + 1] as number;
    if (to < from) throw bad("exceptPtr does not ascend");
    let lastTerm = -1;
    let r = rowPtr[d] as number;
    const rowEnd = rowPtr[d + 1] as number;
    for (let i = from; i < to; i++) {
      const f = exceptForms[i] as number;
      if (f >= nForms || (i > from && f <= (exceptForms[i - 1] as number))) throw bad(`article ${d}: exceptions not ascending form numbers below nForms`);
      listed[f] = (listed[f] as number) + 1;
      const t = termOf[f] as number;
      // Forms are numbered by term, so a document's exceptions come term by term, as its row does.
      if (t !== lastTerm) {
        while (r < rowEnd && (rowTerm[r] as number) < t) r++;
        if (r === rowEnd || rowTerm[r] !== t) throw bad(`article ${d} lists a form of term ${t}, which it does not have`);
        withExceptions[t] = (withExceptions[t] as number) + 1;
        lastTerm = t;
      }
    }
  }
  for (let t = 0; t < nTerms; t++) {
    const head = formPtr[t] as number;
    if (formDf[head] !== (df[t] as number) - (withExceptions[t] as number) + (listed[head] as number)) throw bad(`the count of form ${head} is not what the rows give`);
    for (let f = head + 1; f < (formPtr[t + 1] as number); f++) if (formDf[f] !== listed[f]) throw bad(`the count of form ${f} is not what the exceptions give`);
  }
  return { formPtr: formPtr.slice(), formDf: formDf.slice(), tokens, exceptPtr: exceptPtr.slice(), exceptForms: exceptForms.slice() };
}

/** Formats 4 and 5: each term's saved word ("" for the term itself). */
export function legacyWords(terms: readonly string[], words: readonly string[]): string[] {
  return terms.map((t, i) => (words[i] as string) || t);
}
