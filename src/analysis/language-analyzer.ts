/**
 * The analyzer of one language from its parts (a LanguageSpec in languages/<code>.ts): its
 * tokenizer (language-tokens.ts), natural's stop words and stemmer for it, and its scan rules.
 * The steps after the tokenizer are the default analyzer's, with the same options: a token's term
 * is "" when it is too short, a stop word, or a number that is not wanted; otherwise its stem,
 * memoized.
 */
import { fail } from "../errors.js";
import { defineAnalyzer, type Analyzer, type ScanRules } from "./analyzer.js";
import { ANALYZER_DEFAULTS } from "./default-analyzer.js";
import type { Tokenizer } from "./language-tokens.js";
import { checkAnalysisOptions, isWordLength, termPipeline } from "./term-pipeline.js";

/**
 * Options of a language analyzer: the default analyzer's (AnalyzerOptions), except `stopWords`,
 * where `true` (the default) is the language's own list.
 */
export interface LanguageAnalyzerOptions {
  /** Stem every token of the language's script with natural's stemmer for it. Default `true`. */
  stemming?: boolean;
  /** `true`: the language's list (see its LanguageSpec); `false`: none; or your own list. Default `true`. */
  stopWords?: boolean | readonly string[];
  /** Tokens shorter than this (in code points) are dropped; CJK bigrams and characters never are. Default `2`. */
  minLength?: number;
  /** Keep tokens made only of digits. Default `true`. */
  numbers?: boolean;
  /** Remove the diacritics of Latin letters ("é" -> "e"), before stop words and stemming. Default `false`. */
  foldAccents?: boolean;
}

/** What one language is made of. */
export interface LanguageSpec<C extends string = string> {
  /** BCP 47 primary code: "fr". */
  readonly code: C;
  /** English name, for messages and documentation: "French". */
  readonly name: string;
  /** The tokenizer for the given options (folding accents; stemming, for a tokenizer that stems). */
  readonly tokenizer: (foldAccents: boolean, stemming: boolean) => Tokenizer;
  /** The stop-word list as its source gives it; entries that are not one token are left out. */
  readonly stopWords: readonly string[];
  /** Where the stop words and the stemmer come from, for documentation. */
  readonly sources: { readonly stopWords: string; readonly stemmer: string };
  /**
   * The stem of a token (a token of another script unchanged), or null when the language has no
   * stemmer. Never given a token longer than MAX_TOKEN_LENGTH.
   */
  readonly stem: ((token: string) => string) | null;
  /** How the indexer may read ASCII words itself (null: every word through the tokenizer). */
  readonly scanRules: Readonly<ScanRules> | null;
  /** Tokens that minLength does not drop (a CJK character is a word). */
  readonly anyLength?: (token: string) => boolean;
  /**
   * The version of this analysis, 1 when absent: raised whenever a change (stop words, stemmer,
   * word rules) gives some text other terms, so that snapshots analyzed before are refused
   * rather than mixed with the new terms (persist/snapshot-analyzers.ts). test/analyzer-versions.test.ts
   * pins each language's output to its version.
   */
  readonly version?: number;
}

/** A language as the registry lists it (registry.ts). */
export interface LanguageRegistration<C extends string = string> {
  readonly code: C;
  /** English name: "French". */
  readonly name: string;
  /** Where its stop words and stemmer come from (for documentation). */
  readonly sources?: { readonly stopWords: string; readonly stemmer: string };
  /** @throws {RecommenderError} `INVALID_OPTION` for a malformed option */
  readonly create: (options?: LanguageAnalyzerOptions) => Analyzer;
  /** The version of its analysis (LanguageSpec.version), 1 when absent. */
  readonly version?: number;
}


/**
 * Builds the analyzer of a language.
 * @param spec the language's parts
 * @param options analysis options (undefined values mean the defaults)
 * @returns an analyzer named "default" (the default pipeline) whose `language` is `spec.code`
 * @throws {RecommenderError} `INVALID_OPTION` for a malformed option
 * @example buildLanguageAnalyzer(FRENCH_SPEC)("L'armée française") // ["armé", "français"]
 */
export function buildLanguageAnalyzer(spec: LanguageSpec, options: LanguageAnalyzerOptions = {}): Analyzer {
  const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  const o = { ...ANALYZER_DEFAULTS, stopWords: true, ...given } as Required<LanguageAnalyzerOptions>;
  checkAnalysisOptions(o);
  const tokens = spec.tokenizer(o.foldAccents, o.stemming);
  const stop = stopWordSet(spec, o.stopWords);
  const { minLength, numbers: keepNumbers } = o;
  const stemmer = o.stemming ? spec.stem : null;
  // A stemmer that gives "" would turn a word into no term: the word stays itself then.
  const stem = (token: string): string => (stemmer !== null && isWordLength(token) ? stemmer(token) || token : token);
  const { term, analyze } = termPipeline({ tokens, stem, stop, minLength, keepNumbers, anyLength: spec.anyLength });
  return defineAnalyzer({ name: "default", language: spec.code, tokens, term, scanRules: spec.scanRules, stopWords: stop, stem, analyze });
}

/**
 * The stop words as tokens of the language's own tokenizer (with and without folded accents, as
 * the default analyzer's lists), so that a list entry matches the token text gives for it.
 * An entry of the language's list that is not one token ("может быть", "_") can never match a
 * token and is left out.
 */
function stopWordSet(spec: LanguageSpec, option: unknown): ReadonlySet<string> {
  if (option === false) return new Set();
  const plain = spec.tokenizer(false, false);
  const folded = spec.tokenizer(true, false);
  const out = new Set<string>();
  if (option === true) {
    for (const w of spec.stopWords) for (const tokens of [plain(w), folded(w)]) if (tokens.length === 1) out.add(tokens[0] as string);
    return out;
  }
  if (Array.isArray(option) && option.every((w) => typeof w === "string")) {
    // Your own list, as the default analyzer takes one: every token of each entry.
    for (const w of option as readonly string[]) for (const t of [...plain(w), ...folded(w)]) out.add(t);
    return out;
  }
  throw fail("INVALID_OPTION", "stopWords", option, `true (${spec.name} stop words), false or an array of strings`);
}

/** The registration of a language: its code, its name, and its analyzer's factory. */
export function registrationOf<C extends string>(spec: LanguageSpec<C>): LanguageRegistration<C> {
  return Object.freeze({
    code: spec.code,
    name: spec.name,
    sources: spec.sources,
    create: (options?: LanguageAnalyzerOptions) => buildLanguageAnalyzer(spec, options),
    ...(spec.version === undefined ? {} : { version: spec.version }),
  });
}

/**
 * A stemmer restricted to the tokens of one script (others unchanged), as the default analyzer
 * gives Porter only Latin words: natural's stemmers are rules for one alphabet.
 * @param script tokens the stemmer takes, e.g. /^\p{Script=Cyrillic}+$/u
 */
export function forScript(script: RegExp, stem: (token: string) => string): (token: string) => string {
  return (token) => (script.test(token) ? stem(token) : token);
}
