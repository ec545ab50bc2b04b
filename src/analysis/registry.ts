/**
 * Analyzers by name. The Recommender's `analyzer` option names one; its snapshot header saves the
 * name, so a name, once registered, keeps its meaning.
 *
 * Adding an analyzer: a file in this folder exporting its AnalyzerRegistration (see
 * default-analyzer.ts), listed in BUILT_IN below, and its name added to AnalyzerName. The list is
 * explicit rather than each file registering itself on import: the package is `sideEffects: false`,
 * so a bundler may drop an import whose bindings are unused, and the analyzer with it.
 *
 * Languages by code, below: the default analyzer's pipeline for one language. English ("en", the
 * default analyzer itself) is built in; every other language is a module of its own
 * (languages/<code>.ts: its spec and LanguageRegistration, no side effect) so that a browser
 * bundle carries only the stemmers and stop words of the languages it imports. Its entry file
 * (lang/<code>.ts) registers it with registerLanguage when imported; lang/all.ts imports them all.
 */
import { describe, fail } from "../errors.js";
import { ANALYZER_KEYS, type Analyzer, type AnalyzerFactory, type AnalyzerOptions, type AnalyzerRegistration } from "./analyzer.js";
import { createAnalyzer, DEFAULT_ANALYZER } from "./default-analyzer.js";
import type { LanguageAnalyzerOptions, LanguageRegistration } from "./language-analyzer.js";
import { SKLEARN_ANALYZER } from "./sklearn-analyzer.js";

/** The names of the built-in analyzers (the values of the Recommender's `analyzer` option). */
export type AnalyzerName = "default" | "sklearn";

/** The built-in analyzers, in the order error messages list them (one entry per name, checked by type). */
const BUILT_IN: { readonly [N in AnalyzerName]: AnalyzerRegistration<N> } = {
  default: DEFAULT_ANALYZER,
  sklearn: SKLEARN_ANALYZER,
};

const registry = new Map<string, AnalyzerRegistration>();
for (const r of Object.values(BUILT_IN)) registry.set(r.name, r);

/**
 * Registers an analyzer under `name`.
 * @param fixed the analysis options it stands for, when it takes none (see AnalyzerRegistration)
 * @throws {RecommenderError} `INVALID_OPTION` when the name is taken or empty
 */
export function registerAnalyzer(name: string, create: AnalyzerFactory, fixed?: Readonly<Required<AnalyzerOptions>>): void {
  if (typeof name !== "string" || name === "" || registry.has(name)) throw fail("INVALID_OPTION", "analyzer", name, "a name not registered yet");
  registry.set(name, Object.freeze({ name, create, ...(fixed === undefined ? {} : { fixed: Object.freeze({ ...fixed }) }) }));
}

/** The registered names, built-in ones first. */
export function analyzerNames(): string[] {
  return [...registry.keys()];
}

function registration(name: string): AnalyzerRegistration {
  const r = typeof name === "string" ? registry.get(name) : undefined;
  if (r === undefined) throw fail("INVALID_OPTION", "analyzer", name, analyzerNames().map((a) => describe(a)).join(" | "));
  return r;
}

/** The analysis options analyzer `name` stands for when it takes none, else undefined. */
export function fixedOptionsOf(name: string): Readonly<Required<AnalyzerOptions>> | undefined {
  return registration(name).fixed;
}

/**
 * Refuses analysis options that analyzer `name` does not take: with fixed options, any given
 * (not undefined) must equal its own, so that `new Recommender(rec.options)` works for every rec.
 * @throws {RecommenderError} `INVALID_OPTION` naming the first such option
 */
export function refuseOptionsNotTaken(name: string, options: Readonly<Record<string, unknown>>): void {
  const fixed = fixedOptionsOf(name);
  if (fixed === undefined) return;
  const clash = ANALYZER_KEYS.find((k) => options[k] !== undefined && options[k] !== fixed[k]);
  if (clash) throw fail("INVALID_OPTION", clash, options[clash], `no analyzer option with analyzer "${name}"`);
}

/**
 * A new analyzer named `name`, built with `options`.
 * @throws {RecommenderError} `INVALID_OPTION` for an unknown name or a bad option
 */
export function analyzerNamed(name: string, options: AnalyzerOptions = {}): Analyzer {
  const r = registration(name);
  if (r.fixed === undefined) return r.create(options);
  refuseOptionsNotTaken(name, options as Record<string, unknown>);
  return r.create(r.fixed);
}

/** The languages alsolike has analyzers for (natural's stemmers and stop words), English first. */
export const LANGUAGE_CODES = Object.freeze(["en", "fr", "de", "es", "it", "pt", "nl", "no", "sv", "ru", "uk", "fa", "id", "ja", "zh"] as const);

/** A language code alsolike has an analyzer for (BCP 47 primary code). */
export type LanguageCode = (typeof LANGUAGE_CODES)[number];

/** English: the default analyzer, unchanged (`stopWords: true` is its `"english"` list). */
export const ENGLISH: LanguageRegistration<"en"> = Object.freeze({
  code: "en",
  name: "English",
  sources: Object.freeze({
    stopWords: "natural's English stop words and more function words (stopwords.ts)",
    stemmer: "natural's Porter stemmer (stemmers/porter_stemmer.js)",
  }),
  create: (options: LanguageAnalyzerOptions = {}) =>
    createAnalyzer({ ...options, stopWords: options.stopWords === true ? "english" : (options.stopWords as AnalyzerOptions["stopWords"]) }),
});

const languages = new Map<string, LanguageRegistration>([["en", ENGLISH]]);

/**
 * Registers a language, so that createLanguageAnalyzer and the `language` option find it by code.
 * The entry files (lang/<code>.ts) call it; registering the same registration again does nothing.
 * @throws {RecommenderError} `INVALID_OPTION` when the code is empty or taken by another registration
 * @example import { FRENCH } from "./languages/fr.js"; registerLanguage(FRENCH);
 */
export function registerLanguage(registration: LanguageRegistration): void {
  const { code } = registration;
  const taken = languages.get(code);
  if (taken === registration) return;
  if (typeof code !== "string" || code === "" || taken !== undefined) throw fail("INVALID_OPTION", "language", code, "a language code not registered yet");
  languages.set(code, registration);
}

/** The version of a registered language's analysis (1 unless its module says otherwise), or undefined when it is not registered. */
export function languageVersion(code: string): number | undefined {
  const r = languages.get(code);
  return r === undefined ? undefined : (r.version ?? 1);
}

/** Whether every registered language's analysis is at version 1 (then no snapshot needs to say which). */
export function everyLanguageFirstVersion(): boolean {
  for (const r of languages.values()) if ((r.version ?? 1) !== 1) return false;
  return true;
}

/** The codes of the registered languages, in the order they were registered ("en" first). */
export function registeredLanguages(): string[] {
  return [...languages.keys()];
}

/**
 * Checks a language code: one alsolike knows (LANGUAGE_CODES, or registered), and registered.
 * @returns the code
 * @throws {RecommenderError} `INVALID_OPTION` naming the code: for an unknown one, with the supported
 *   codes; for a known one whose module is not loaded, with the entry to import
 * @example checkLanguage("fr") // "fr", once lang/fr.ts is imported
 */
export function checkLanguage(code: unknown): string {
  if (typeof code === "string" && languages.has(code)) return code;
  const supported = [...new Set<string>([...LANGUAGE_CODES, ...languages.keys()])];
  if (typeof code !== "string" || !supported.includes(code)) {
    throw fail("INVALID_OPTION", "language", code, `one of the supported languages: ${supported.map((c) => describe(c)).join(" | ")}`);
  }
  throw fail(
    "INVALID_OPTION",
    "language",
    code,
    `a loaded language: import "alsolike/lang/${code}" first (loaded: ${registeredLanguages().map((c) => describe(c)).join(", ")})`,
  );
}

/**
 * The analyzer of a registered language: the default analyzer's pipeline with the language's
 * tokenizer, stop words and stemmer ("en": the default analyzer itself).
 * @param code a registered language code (see checkLanguage)
 * @param options analysis options; `stopWords: true` (the default) is the language's own list
 * @throws {RecommenderError} `INVALID_OPTION` for an unknown or unloaded code, or a bad option
 * @example createLanguageAnalyzer("fr")("L'armée française") // ["armé", "français"]
 */
export function createLanguageAnalyzer(code: string, options: LanguageAnalyzerOptions = {}): Analyzer {
  return (languages.get(checkLanguage(code)) as LanguageRegistration).create(options);
}

/** The primary language subtag of a BCP 47 tag: "en-GB" and "en" are one language. */
export function primaryLanguage(tag: string): string {
  const dash = tag.indexOf("-");
  return dash < 0 ? tag : tag.slice(0, dash);
}
