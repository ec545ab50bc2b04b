/**
 * What an analyzer is. An analyzer turns text into terms for one language (or one compatibility
 * mode): a tokenizer, stop words, a stemmer, and the rules that let the indexer's string-free
 * scanner (token-ids.ts) give exactly the tokenizer's tokens. Each one is an object built by a
 * factory registered by name (registry.ts); nothing outside this folder asks which one it holds.
 */

/** Options of the default analyzer (an analyzer registered with fixed options takes none of them). */
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

/** The analysis options, in the order the Recommender options list them. */
export const ANALYZER_KEYS = Object.freeze(["stemming", "stopWords", "minLength", "numbers", "foldAccents"] as const);

/**
 * How an analyzer cuts ASCII text into tokens, for the scanner in token-ids.ts, which reads words
 * made only of ASCII itself (any other word goes to the analyzer's `tokens`). Rules promise that on
 * such a word `tokens` gives: the maximal runs of ASCII letters and digits (and `_` with
 * `underscore`), lowercased, without a leading elided word (`elisions`), joined across apostrophes
 * with `joinApostrophes`, without the runs shorter than `minRun` or longer than `maxRun`.
 */
export interface ScanRules {
  /** `_` is a token character (scikit-learn's `\w`). */
  underscore: boolean;
  /** An apostrophe between two letters or digits joins them ("don't" -> "dont"). */
  joinApostrophes: boolean;
  /** Shorter runs of token characters are not tokens at all (scikit-learn: 2). */
  minRun: number;
  /** Longer tokens are skipped (default analyzer: MAX_TOKEN_LENGTH; scikit-learn: no limit). */
  maxRun: number;
  /**
   * Elision (French, Italian): these words (lowercase ASCII letters, at most ELISION_MAX_LENGTH),
   * met at the start of a token before an apostrophe and a letter or digit, are dropped with the
   * apostrophe ("l'armee" -> "armee", "qu'il" -> "il"). Only at the start and once: past its first
   * inner apostrophe, a token joins across the others ("l'aujourd'hui" -> "aujourdhui", "l'l'x" ->
   * "lx"). None when absent.
   */
  elisions?: readonly string[];
}

/** The longest word ScanRules.elisions may hold (the scan keys it in 48 bits: 8 letters of 6). */
export const ELISION_MAX_LENGTH = 8;

/** Turns one text into its terms, in order, repeats included. */
export interface Analyzer {
  (text: string): string[];
  /**
   * The first step alone: text -> tokens, before filtering and stemming. It never joins across
   * ASCII whitespace: the tokens of a text are those of its words (cut at ASCII whitespace) in turn.
   */
  readonly tokens: (text: string) => string[];
  /**
   * The term of one token ("" when the token is dropped). The index counts which tokens give each
   * term, for its readable word (corpus/term-forms.ts); the analyzer keeps no such state.
   */
  readonly term: (token: string) => string;
  /** The name it is registered under: `"default"`, `"sklearn"`. */
  readonly name: string;
  /** The language of its stop words and stemmer, as a BCP 47 primary code (`"en"`). */
  readonly language: string;
  /** Tokens that have no term. */
  readonly stopWords: ReadonlySet<string>;
  /** The stem of one token (the token itself when the analyzer does not stem, or not this token). */
  readonly stem: (token: string) => string;
  /** How the indexer reads ASCII words itself; `null`: it hands every word to `tokens`. */
  readonly scanRules: Readonly<ScanRules> | null;
}

/** Builds an analyzer from the options it is given (validating them). */
export type AnalyzerFactory = (options: AnalyzerOptions) => Analyzer;

/** An analyzer as the registry lists it. */
export interface AnalyzerRegistration<N extends string = string> {
  readonly name: N;
  readonly create: AnalyzerFactory;
  /**
   * The analysis options the analyzer stands for, when it takes none: other values are refused,
   * and the Recommender's resolved options show these (scikit-learn: no stemming, no stop words).
   */
  readonly fixed?: Readonly<Required<AnalyzerOptions>>;
}

/** What `defineAnalyzer` needs; the rest has defaults. */
export interface AnalyzerParts {
  name: string;
  language: string;
  tokens: (text: string) => string[];
  /** Default: each token is its own term. */
  term?: (token: string) => string;
  scanRules: Readonly<ScanRules> | null;
  stopWords?: ReadonlySet<string>;
  stem?: (token: string) => string;
  /** Text -> terms in one step. Default: `tokens`, then `term` of each, dropping "". */
  analyze?: (text: string) => string[];
}

const NO_WORDS: ReadonlySet<string> = new Set();
const same = (token: string): string => token;

/**
 * An analyzer from its parts: a new language needs a tokenizer, its scan rules, and usually a
 * `term` (stop words, stemmer); the call signature and the defaults are filled in.
 */
export function defineAnalyzer(parts: AnalyzerParts): Analyzer {
  const { tokens, term = same } = parts;
  const analyze =
    parts.analyze ??
    ((text: string): string[] => {
      const out: string[] = [];
      for (const token of tokens(text)) {
        const t = term(token);
        if (t !== "") out.push(t);
      }
      return out;
    });
  const analyzer = (text: string): string[] => analyze(text);
  // A function's own `name` is read-only to assignment, but configurable.
  Object.defineProperty(analyzer, "name", { value: parts.name });
  return Object.assign(analyzer as typeof analyzer & { readonly name: string }, {
    language: parts.language,
    tokens,
    term,
    scanRules: parts.scanRules,
    stopWords: parts.stopWords ?? NO_WORDS,
    stem: parts.stem ?? same,
  });
}

