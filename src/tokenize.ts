/**
 * Text -> terms. The default analyzer lowercases, splits on anything that is not a letter, mark or
 * digit (Unicode-aware: natural's AggressiveTokenizer is ASCII-only and would cut "Café" to "Caf"),
 * drops English stop words and short tokens, and Porter-stems what is left. Tokens longer than
 * MAX_TOKEN_LENGTH are not words and are skipped (see there).
 */
import PorterStemmer from "natural/lib/natural/stemmers/porter_stemmer.js";
import { ENGLISH_STOP_WORDS } from "./stopwords.js";
import { fail } from "./errors.js";

/** Options of the default analyzer. */
export interface AnalyzerOptions {
  /** Porter-stem every token ("troops" -> "troop"). Default `true`. */
  stemming?: boolean;
  /** `"english"` (natural's list plus more function words, see stopwords.ts), `false`, or your own list. Default `"english"`. */
  stopWords?: "english" | false | readonly string[];
  /** Tokens shorter than this (in code points) are dropped. Default `2`. */
  minLength?: number;
  /** Keep tokens made only of digits ("1961"). Default `true`. */
  numbers?: boolean;
  /** Fold Latin diacritics so that "café" and "cafe" are one term. Default `false`. */
  foldAccents?: boolean;
}

/** Turns one text into its terms, in order, repeats included. */
export interface Analyzer {
  (text: string): string[];
  /** The first step alone: text -> tokens, before filtering and stemming. */
  readonly tokens: (text: string) => string[];
  /**
   * The term of one token ("" when the token is dropped). With `record`, the token is noted as
   * the readable word of its term (indexing does this; queries do not, so drafts never change
   * what `explain` shows or `save` writes).
   */
  readonly term: (token: string, record?: boolean) => string;
  /** A readable word for each indexed term: the shortest token that gave it ("county" for "counti"). */
  readonly surfaces?: Map<string, string>;
}

/** The analyzer defaults, as documented in the README. */
export const ANALYZER_DEFAULTS: Readonly<Required<AnalyzerOptions>> = Object.freeze({
  stemming: true,
  stopWords: "english",
  minLength: 2,
  numbers: true,
  foldAccents: false,
});

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

// Our own Set: natural's array is shared and mutable, and `indexOf` on it is O(n).
const ENGLISH = new Set(ENGLISH_STOP_WORDS.map(stripApostrophes));

const TOKEN = /[\p{L}\p{M}\p{N}]+/gu;
const SKLEARN_TOKEN = /[\p{L}\p{N}_]{2,}/gu;
// The same character classes, at most 4096 code points a match (see tokenRuns).
const TOKEN_PIECE = /[\p{L}\p{M}\p{N}]{1,4096}/gu;
const SKLEARN_PIECE = /[\p{L}\p{N}_]{1,4096}/gu;
/**
 * Texts longer than this (UTF-16 units) are split by tokenRuns. V8's regex stack is bounded (64 MB)
 * and, in a string that is not all Latin-1, `+` or `{2,}` over these classes uses it for each
 * character of a run: on Node 20, one run of 4.2 million characters ("ж".repeat(4_200_000)) made
 * `match` throw RangeError ("Maximum call stack size exceeded"), in both analyzers. A shorter
 * text has no run within a factor of 4 of that.
 */
const MATCH_MAX_TEXT = 1 << 20;
const NON_ASCII = /[^\u0000-\u007f]/;
const LATIN_MARKS = /[\u0300-\u036f]/g;
// "Atlanta's" and "don't" stay one token (then stemmed), rather than leaving a stray "s" or "t".
const INNER_APOSTROPHE = /(?<=[\p{L}\p{N}])['\u2019](?=[\p{L}\p{N}])/gu;
const DIGITS = /^\p{N}+$/u;
const TERM_CACHE_LIMIT = 500_000;
const LATIN_WORD = /^\p{Script=Latin}+$/u;

/** A token of at most MAX_TOKEN_LENGTH code points (UTF-16 length first: it is an upper bound). */
function isWordLength(token: string): boolean {
  if (token.length <= MAX_TOKEN_LENGTH) return true;
  // Over 2 * MAX units there are over MAX code points; under it, counting them is cheap.
  return token.length <= 2 * MAX_TOKEN_LENGTH && [...token].length <= MAX_TOKEN_LENGTH;
}

/** The tokens without those longer than MAX_TOKEN_LENGTH (the same array when there are none). */
function withoutLong(tokens: string[]): string[] {
  for (let i = 0, n = tokens.length; i < n; i++) if (!isWordLength(tokens[i] as string)) return tokens.filter(isWordLength);
  return tokens;
}

/**
 * The maximal runs of `piece`'s characters in `text`, those `keep` accepts, in order: what
 * `text.match` with the unbounded pattern gives, in time linear in the text's length and with a
 * bounded regex stack. A run longer than one match comes in pieces that touch; they are joined.
 */
function tokenRuns(text: string, piece: RegExp, keep: (run: string) => boolean): string[] {
  const out: string[] = [];
  let run = "";
  let end = -1;
  piece.lastIndex = 0;
  for (let m = piece.exec(text); m !== null; m = piece.exec(text)) {
    if (m.index === end) run += m[0];
    else {
      if (run !== "" && keep(run)) out.push(run);
      run = m[0];
    }
    end = m.index + m[0].length;
  }
  if (run !== "" && keep(run)) out.push(run);
  return out;
}

const isHighSurrogate = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
/** At least 2 code points: scikit-learn's `\w\w+`. */
const isSklearnToken = (run: string): boolean => run.length > 2 || (run.length === 2 && !isHighSurrogate(run.charCodeAt(0)));

function stripApostrophes(word: string): string {
  return word.replace(/['\u2019]/g, "");
}

/** Folds Latin diacritics ("Café" -> "cafe") but leaves other scripts' marks in place. */
function fold(text: string): string {
  if (!NON_ASCII.test(text)) return text;
  return text.normalize("NFKD").replace(LATIN_MARKS, "").normalize("NFC");
}

/**
 * Splits text into lowercase tokens (the first step of the default analyzer). Nothing is filtered
 * out except tokens longer than 64 code points (MAX_TOKEN_LENGTH), which are not words. Takes
 * time linear in the text's length.
 * @param text the text to split
 * @param foldAccents fold Latin diacritics ("Café" -> "cafe")
 * @returns the tokens, in order, repeats included
 * @example tokenize("Café au lait, Atlanta's") // ["café", "au", "lait", "atlantas"]
 * @example tokenize(`id ${"9f".repeat(40)} ok`) // ["id", "ok"]
 */
export function tokenize(text: string, foldAccents = false): string[] {
  let t = (foldAccents ? fold(text) : text).toLowerCase();
  // The look-behind replace is the slowest step; most texts without apostrophes skip it.
  if (t.includes("'") || t.includes("\u2019")) t = t.replace(INNER_APOSTROPHE, "");
  if (t.length > MATCH_MAX_TEXT) return tokenRuns(t, TOKEN_PIECE, isWordLength);
  return withoutLong(t.match(TOKEN) ?? []);
}

const sklearnTokens = (text: string): string[] => {
  const t = text.toLowerCase();
  return t.length > MATCH_MAX_TEXT ? tokenRuns(t, SKLEARN_PIECE, isSklearnToken) : (t.match(SKLEARN_TOKEN) ?? []);
};

/** scikit-learn's default TfidfVectorizer analysis: lowercase, then `(?u)\b\w\w+\b`; tokens are terms. */
export const sklearnAnalyzer: Analyzer = Object.assign((text: string) => sklearnTokens(text), {
  tokens: sklearnTokens,
  term: (token: string) => token,
});

/**
 * Builds the default analyzer with the given options.
 * @throws {RecommenderError} `INVALID_OPTION` for a malformed option.
 */
export function createAnalyzer(options: AnalyzerOptions = {}): Analyzer {
  // An option given as undefined means its default, as in the Recommender options.
  const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  const o = { ...ANALYZER_DEFAULTS, ...given };
  if (typeof o.stemming !== "boolean") throw fail("INVALID_OPTION", "stemming", o.stemming, "a boolean");
  if (typeof o.numbers !== "boolean") throw fail("INVALID_OPTION", "numbers", o.numbers, "a boolean");
  if (typeof o.foldAccents !== "boolean") throw fail("INVALID_OPTION", "foldAccents", o.foldAccents, "a boolean");
  if (!Number.isInteger(o.minLength) || o.minLength < 1) {
    throw fail("INVALID_OPTION", "minLength", o.minLength, "an integer >= 1");
  }
  const stop = stopWordSet(o.stopWords);
  const minLength = o.minLength;
  const keepNumbers = o.numbers;
  const foldAccents = o.foldAccents;
  const stemming = o.stemming;
  // One lookup per token: token -> its term, or "" when the token is dropped. Bounded in size.
  let cache = new Map<string, string>();
  const surfaces = new Map<string, string>();
  const termOf = (token: string): string => {
    // tokenize never gives such a token; this keeps the stemmer (quadratic) off one passed to
    // `term` directly, and keeps it out of the cache.
    if (!isWordLength(token)) return "";
    let term: string;
    if ([...token].length < minLength || stop.has(token) || (!keepNumbers && DIGITS.test(token))) term = "";
    // Porter rules are for Latin letters; other scripts and digits pass through unchanged.
    else term = stemming && LATIN_WORD.test(token) ? PorterStemmer.stem(token) : token;
    if (cache.size >= TERM_CACHE_LIMIT) cache = new Map();
    cache.set(token, term);
    return term;
  };
  const term = (token: string, record = false): string => {
    const t = cache.get(token) ?? termOf(token);
    if (record && t !== "") {
      const seen = surfaces.get(t);
      if (seen === undefined || token.length < seen.length || (token.length === seen.length && token < seen)) surfaces.set(t, token);
    }
    return t;
  };
  const tokens = (text: string) => tokenize(text, foldAccents);
  const analyze = (text: string) => {
    const list = tokens(text);
    const out: string[] = [];
    for (let i = 0, n = list.length; i < n; i++) {
      const token = list[i] as string;
      const t = cache.get(token) ?? termOf(token);
      if (t !== "") out.push(t);
    }
    return out;
  };
  return Object.assign(analyze, { tokens, term, surfaces });
}

function stopWordSet(option: unknown): ReadonlySet<string> {
  if (option === "english") return ENGLISH;
  if (option === false) return new Set();
  if (Array.isArray(option) && option.every((w) => typeof w === "string")) {
    // Stop words go through the same tokenizer as text, so "Don't" in a list matches "don't" in text.
    return new Set(option.flatMap((w: string) => [...tokenize(w), ...tokenize(w, true)]));
  }
  throw fail("INVALID_OPTION", "stopWords", option, '"english", false or an array of strings');
}
