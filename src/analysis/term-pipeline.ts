/**
 * What every analyzer of the default family does after tokenizing (the English one and each
 * language's): a token becomes its term, or "" when it is dropped (too long to be a word, shorter
 * than minLength, a stop word, digits when numbers are off), memoized in a bounded cache. (Which
 * word is shown for a term is the index's to count: corpus/term-forms.ts.)
 */
import { fail } from "../errors.js";
/**
 * The longest token the default analyzer keeps, in code points, counted as `tokenize` gives the
 * token (lowercased, accents folded when asked, joining apostrophes removed): longer ones are
 * skipped, as if they were not in the text. The `"sklearn"` analyzer has no such limit, as
 * scikit-learn has none; it does not stem, and is linear in the text's length without one.
 *
 * Why skip rather than cut: a run of letters and digits that long is a stretch of base64, a long
 * hex digest, a minified identifier or a key held down, not a word (the longest words in English
 * dictionaries have 45 letters; the Brown corpus's longest token has 22). Cut to its first 64
 * characters it would still be noise: a term that only its own article has, so it relates the
 * article to nothing, yet with the highest idf in the corpus it would be the heaviest weight of
 * the article's vector and lower the article's score against every real neighbour. Skipped, it
 * changes nothing. Xapian skips terms past 64 bytes for the same reason (MAX_PROB_TERM_LENGTH);
 * tantivy's default tokenizer removes tokens past 40 bytes (RemoveLongFilter).
 *
 * Why a limit at all: natural's Porter stemmer takes time quadratic in a token's length (12 s for
 * one token of 64,000 letters), so without it one request could stall a server. With it, analysis
 * is linear in the text's length.
 */
export const MAX_TOKEN_LENGTH = 64;

const DIGITS = /^\p{N}+$/u;
/** Distinct tokens memoized before the cache starts again (bounded memory on endless vocabularies). */
const TERM_CACHE_LIMIT = 500_000;

/** A token of at most MAX_TOKEN_LENGTH code points (UTF-16 length first: it is an upper bound). */
export function isWordLength(token: string): boolean {
  if (token.length <= MAX_TOKEN_LENGTH) return true;
  // Over 2 * MAX units there are over MAX code points; under it, counting them is cheap.
  return token.length <= 2 * MAX_TOKEN_LENGTH && [...token].length <= MAX_TOKEN_LENGTH;
}

/** The checks of the analysis options every analyzer of the family shares. */
export function checkAnalysisOptions(o: { stemming: unknown; numbers: unknown; foldAccents: unknown; minLength: unknown }): void {
  if (typeof o.stemming !== "boolean") throw fail("INVALID_OPTION", "stemming", o.stemming, "a boolean");
  if (typeof o.numbers !== "boolean") throw fail("INVALID_OPTION", "numbers", o.numbers, "a boolean");
  if (typeof o.foldAccents !== "boolean") throw fail("INVALID_OPTION", "foldAccents", o.foldAccents, "a boolean");
  if (!Number.isInteger(o.minLength) || (o.minLength as number) < 1) throw fail("INVALID_OPTION", "minLength", o.minLength, "an integer >= 1");
}

export interface TermRules {
  tokens: (text: string) => string[];
  stem: (token: string) => string;
  stop: ReadonlySet<string>;
  minLength: number;
  keepNumbers: boolean;
  /** Tokens kept whatever their length (a CJK character is a word); none when absent. */
  anyLength?: (token: string) => boolean;
}

/** `term(token)` and `analyze(text)`: text to terms. */
export function termPipeline(r: TermRules): { term: (token: string) => string; analyze: (text: string) => string[] } {
  const { tokens, stem, stop, minLength, keepNumbers, anyLength } = r;
  // One lookup per token: token -> its term, or "" when the token is dropped. Bounded in size.
  let cache = new Map<string, string>();
  const termOf = (token: string): string => {
    // The tokenizers give no such token; this keeps one passed to `term` directly off the
    // stemmers (some take time quadratic in a token's length) and out of the cache.
    if (!isWordLength(token)) return "";
    const short = (anyLength === undefined || !anyLength(token)) && [...token].length < minLength;
    const term = short || stop.has(token) || (!keepNumbers && DIGITS.test(token)) ? "" : stem(token);
    if (cache.size >= TERM_CACHE_LIMIT) cache = new Map();
    cache.set(token, term);
    return term;
  };
  const term = (token: string): string => cache.get(token) ?? termOf(token);
  const analyze = (text: string): string[] => {
    const list = tokens(text);
    const out: string[] = [];
    for (let i = 0, n = list.length; i < n; i++) {
      const token = list[i] as string;
      const t = cache.get(token) ?? termOf(token);
      if (t !== "") out.push(t);
    }
    return out;
  };
  return { term, analyze };
}
