/**
 * The default analyzer (English). It lowercases, splits on anything that is not a letter, mark or
 * digit (Unicode-aware: natural's AggressiveTokenizer is ASCII-only and would cut "Café" to "Caf"),
 * drops English stop words and short tokens, and Porter-stems what is left. Tokens longer than
 * MAX_TOKEN_LENGTH are not words and are skipped (see there).
 */
import PorterStemmer from "natural/lib/natural/stemmers/porter_stemmer.js";
import { fail } from "../errors.js";
import { defineAnalyzer, type Analyzer, type AnalyzerOptions, type AnalyzerRegistration, type ScanRules } from "./analyzer.js";
import { ENGLISH_STOP_WORDS } from "./stopwords.js";
import { MATCH_MAX_TEXT, tokenRuns } from "./token-runs.js";
import { checkAnalysisOptions, isWordLength, MAX_TOKEN_LENGTH, termPipeline } from "./term-pipeline.js";

/** The analyzer defaults, as documented in the README. */
export const ANALYZER_DEFAULTS: Readonly<Required<AnalyzerOptions>> = Object.freeze({
  stemming: true,
  stopWords: "english",
  minLength: 2,
  numbers: true,
  foldAccents: false,
});

export { MAX_TOKEN_LENGTH };

/** `tokenize`'s tokens, as the indexer's scanner reads them from ASCII words (see ScanRules). */
export const DEFAULT_RULES: Readonly<ScanRules> = Object.freeze({ underscore: false, joinApostrophes: true, minRun: 1, maxRun: MAX_TOKEN_LENGTH });

// Our own Set: natural's array is shared and mutable, and `indexOf` on it is O(n).
const ENGLISH = new Set(ENGLISH_STOP_WORDS.map(stripApostrophes));

const TOKEN = /[\p{L}\p{M}\p{N}]+/gu;
// The same character classes, at most 4096 code points a match (see tokenRuns).
const TOKEN_PIECE = /[\p{L}\p{M}\p{N}]{1,4096}/gu;
const NON_ASCII = /[^\u0000-\u007f]/;
const LATIN_MARKS = /[\u0300-\u036f]/g;
// "Atlanta's" and "don't" stay one token (then stemmed), rather than leaving a stray "s" or "t".
const INNER_APOSTROPHE = /(?<=[\p{L}\p{N}])['\u2019](?=[\p{L}\p{N}])/gu;
const LATIN_WORD = /^\p{Script=Latin}+$/u;


/** The tokens without those longer than MAX_TOKEN_LENGTH (the same array when there are none). */
function withoutLong(tokens: string[]): string[] {
  for (let i = 0, n = tokens.length; i < n; i++) if (!isWordLength(tokens[i] as string)) return tokens.filter(isWordLength);
  return tokens;
}

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

/**
 * Builds the default analyzer with the given options.
 * @throws {RecommenderError} `INVALID_OPTION` for a malformed option.
 */
export function createAnalyzer(options: AnalyzerOptions = {}): Analyzer {
  // An option given as undefined means its default, as in the Recommender options.
  const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  const o = { ...ANALYZER_DEFAULTS, ...given };
  checkAnalysisOptions(o);
  const stop = stopWordSet(o.stopWords);
  const minLength = o.minLength;
  const keepNumbers = o.numbers;
  const foldAccents = o.foldAccents;
  const stemming = o.stemming;
  // Porter rules are for Latin letters; other scripts and digits pass through unchanged. A token
  // past MAX_TOKEN_LENGTH never reaches the stemmer (quadratic in its length).
  const stem = (token: string): string => (stemming && isWordLength(token) && LATIN_WORD.test(token) ? PorterStemmer.stem(token) : token);
  const tokens = (text: string) => tokenize(text, foldAccents);
  const { term, analyze } = termPipeline({ tokens, stem, stop, minLength, keepNumbers });
  return defineAnalyzer({ name: "default", language: "en", tokens, term, scanRules: DEFAULT_RULES, stopWords: stop, stem, analyze });
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

/** The default analyzer in the registry (registry.ts). */
export const DEFAULT_ANALYZER: AnalyzerRegistration<"default"> = Object.freeze({ name: "default", create: createAnalyzer });
