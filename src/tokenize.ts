/**
 * Text -> terms. The default analyzer lowercases, splits on anything that is not a letter, mark or
 * digit (Unicode-aware: natural's AggressiveTokenizer is ASCII-only and would cut "Café" to "Caf"),
 * drops English stop words and short tokens, and Porter-stems what is left.
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

// Our own Set: natural's array is shared and mutable, and `indexOf` on it is O(n).
const ENGLISH = new Set(ENGLISH_STOP_WORDS.map(stripApostrophes));

const TOKEN = /[\p{L}\p{M}\p{N}]+/gu;
const SKLEARN_TOKEN = /[\p{L}\p{N}_]{2,}/gu;
const NON_ASCII = /[^\u0000-\u007f]/;
const LATIN_MARKS = /[\u0300-\u036f]/g;
// "Atlanta's" and "don't" stay one token (then stemmed), rather than leaving a stray "s" or "t".
const INNER_APOSTROPHE = /(?<=[\p{L}\p{N}])['\u2019](?=[\p{L}\p{N}])/gu;
const DIGITS = /^\p{N}+$/u;
const TERM_CACHE_LIMIT = 500_000;
const LATIN_WORD = /^\p{Script=Latin}+$/u;

function stripApostrophes(word: string): string {
  return word.replace(/['\u2019]/g, "");
}

/** Folds Latin diacritics ("Café" -> "cafe") but leaves other scripts' marks in place. */
function fold(text: string): string {
  if (!NON_ASCII.test(text)) return text;
  return text.normalize("NFKD").replace(LATIN_MARKS, "").normalize("NFC");
}

/**
 * Splits text into lowercase tokens without any filtering (the first step of the default analyzer).
 * @param foldAccents fold Latin diacritics ("Café" -> "cafe")
 * @example tokenize("Café au lait, Atlanta's") // ["café", "au", "lait", "atlantas"]
 */
export function tokenize(text: string, foldAccents = false): string[] {
  let t = (foldAccents ? fold(text) : text).toLowerCase();
  // The look-behind replace is the slowest step; most texts without apostrophes skip it.
  if (t.includes("'") || t.includes("\u2019")) t = t.replace(INNER_APOSTROPHE, "");
  return t.match(TOKEN) ?? [];
}

const sklearnTokens = (text: string): string[] => text.toLowerCase().match(SKLEARN_TOKEN) ?? [];

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
