/**
 * Analyzers by name. The Recommender's `analyzer` option names one; its snapshot header saves the
 * name, so a name, once registered, keeps its meaning.
 *
 * Adding a language: a file in this folder exporting its AnalyzerRegistration (see
 * default-analyzer.ts), listed in BUILT_IN below, and its name added to AnalyzerName. The list is
 * explicit rather than each file registering itself on import: the package is `sideEffects: false`,
 * so a bundler may drop an import whose bindings are unused, and the analyzer with it.
 */
import { describe, fail } from "../errors.js";
import { ANALYZER_KEYS, type Analyzer, type AnalyzerFactory, type AnalyzerOptions, type AnalyzerRegistration } from "./analyzer.js";
import { DEFAULT_ANALYZER } from "./default-analyzer.js";
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
