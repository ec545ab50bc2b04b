/**
 * Word pairs (option `wordPairs`): two terms next to each other in one field's text become one
 * more term, "ballist missil" beside "ballist" and "missil", so that articles sharing a phrase
 * ("file descriptor", "single sign-on", "interest rate") score above articles sharing its words
 * apart. A pair is an ordinary term of the vocabulary: idf, minDf/maxDf, norms, kernels,
 * snapshots and updates treat it as any other.
 *
 * What is adjacent. The tokens of a field, in order, as the analyzer gives them; two neighbours
 * make a pair when both have a term (a stop word, a token shorter than minLength, or digits with
 * numbers off, between them break it: "file of record" gives no pair) and no break lies between
 * them. A break is where a sentence or clause, a parenthesis or a quotation likely ends: between
 * two words (cut at ASCII whitespace) when the first ends or the second starts with one of
 * BREAKS (". , ; : ! ? ( ) [ ] { } \"", dashes, guillemets, curly double quotes, the ellipsis and
 * the CJK full stops, commas and brackets). Inside a word nothing breaks: "file-descriptor",
 * "node.js" and "U.S." pair their parts. Looking only at word edges is what lets the indexer's
 * scanner (token-ids.ts) find breaks without reading any word a second time, and it is a pure
 * function of the text, so drafts (`termsWithBreaks`) and indexed articles get the same pairs.
 * Tokens the analyzer skips as too long (analysis/term-pipeline.ts) are not tokens: they break
 * nothing, as they change nothing else.
 *
 * Chinese and Japanese: their tokens are the overlapping bigrams of CJK runs, and a pair of two
 * neighbouring bigrams is a character trigram ("東京" "京都" -> "東京 京都"), a unit those
 * languages' retrieval also indexes; their text has no spaces, so breaks are found only where a
 * space is. Every language and analyzer pairs the same way.
 *
 * The key. A pair's term is its two terms joined by PAIR_SEPARATOR, a space: no token holds ASCII
 * whitespace (every analyzer cuts at it, see Analyzer.tokens), so no single token's term equals a
 * pair's. Its readable word is the two terms' readable words joined by a space.
 */
import type { Analyzer } from "./analyzer.js";

/** Joins the two terms of a pair's key. */
export const PAIR_SEPARATOR = " ";

/** The term of the pair (a, b). */
export function pairKey(a: string, b: string): string {
  return a + PAIR_SEPARATOR + b;
}

/** The two terms of a pair's key, or null for a term that is not a pair. */
export function splitPair(term: string): [string, string] | null {
  const at = term.indexOf(PAIR_SEPARATOR);
  return at < 0 ? null : [term.slice(0, at), term.slice(at + 1)];
}

/**
 * Bounds of a non-zero `wordPairs` weight: it multiplies field-weighted counts as a field weight
 * does (so the same float32 bounds apply, see FIELD_WEIGHT_RANGE in options.ts).
 */
export const WORD_PAIRS_RANGE = Object.freeze({ min: 1e-6, max: 1e6 });

// The characters that break a pair at a word's edge (see the file comment).
const BREAKS = /[.,;:!?()[\]{}"\u00a1\u00ab\u00bb\u00bf\u2013\u2014\u201c\u201d\u201e\u2026\u3001\u3002\u3008-\u3011\uff01\uff08\uff09\uff0c\uff0e\uff1a\uff1b\uff1f]/;

/** Whether character code `c` breaks a pair when it ends or starts a word. */
export function isPairBreak(c: number): boolean {
  if (c < 128) return c === 46 || c === 44 || c === 59 || c === 58 || c === 33 || c === 63 || c === 40 || c === 41 || c === 91 || c === 93 || c === 123 || c === 125 || c === 34;
  return BREAKS.test(String.fromCharCode(c));
}

const isAsciiSpace = (c: number) => c === 32 || (c >= 9 && c <= 13);

/**
 * The terms of `text` with "" wherever a pair is broken (a token without a term, or a break
 * between words): the slow path, for drafts. The indexer's scanner gives the same sequence (its
 * -1 codes standing for ""), property-tested.
 */
export function termsWithBreaks(analyze: Analyzer, text: string): string[] {
  const out: string[] = [];
  const end = text.length;
  for (let i = 0; i < end; ) {
    while (i < end && isAsciiSpace(text.charCodeAt(i))) i++;
    const start = i;
    while (i < end && !isAsciiSpace(text.charCodeAt(i))) i++;
    if (i === start) break;
    if (out.length > 0 && isPairBreak(text.charCodeAt(start))) out.push("");
    for (const token of analyze.tokens(text.slice(start, i))) out.push(analyze.term(token));
    if (isPairBreak(text.charCodeAt(i - 1))) out.push("");
  }
  return out;
}

/** Calls `visit(pairTerm)` for each pair of a sequence from `termsWithBreaks`, in order. */
export function eachPair(terms: readonly string[], visit: (pair: string) => void): void {
  for (let i = 1, n = terms.length; i < n; i++) {
    const a = terms[i - 1] as string;
    const b = terms[i] as string;
    if (a !== "" && b !== "") visit(pairKey(a, b));
  }
}
