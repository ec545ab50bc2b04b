/**
 * Recommender options: the documented defaults, and validation that runs once, in the constructor.
 */
import { fail } from "./errors.js";
import { ANALYZER_KEYS, type Analyzer, type AnalyzerOptions } from "./analysis/analyzer.js";
import { ANALYZER_DEFAULTS } from "./analysis/default-analyzer.js";
import { analyzerNamed, analyzerNames, checkLanguage, createLanguageAnalyzer, fixedOptionsOf, refuseOptionsNotTaken, type AnalyzerName } from "./analysis/registry.js";
import type { IdfMode, NormMode, TfMode } from "./corpus/weighting.js";

/** How much each field of an article counts: its term counts are multiplied by the weight. */
export interface FieldWeights {
  title?: number;
  text?: number;
  tags?: number;
}

/** Options of `new Recommender(options)`. Every one has a default (see `DEFAULTS`). */
export interface RecommenderOptions extends AnalyzerOptions {
  /**
   * `"default"`: Unicode tokens, English stop words, Porter stemming (tuned by the analyzer options).
   * `"sklearn"`: exactly scikit-learn's default TfidfVectorizer analysis (no stop words, no stemming).
   */
  analyzer?: AnalyzerName;
  /**
   * The language of the default analyzer (BCP 47 primary code): its tokenizer rules, stop words and
   * stemmer. `"en"` (default), or a code whose entry is imported (`import "alsolike/lang/fr"`;
   * `alsolike/node` and the CLI load them all). `stopWords: "english"` (the default) means the
   * language's own list.
   */
  language?: string;
  /** `"sublinear"` (1 + ln tf) or `"raw"` counts. */
  tf?: TfMode;
  /** `"smooth"` ln((1+n)/(1+df)) + 1, `"plain"` ln(n/df) + 1, or `"none"`. */
  idf?: IdfMode;
  /** `"l2"`: scores are cosines in [0, 1]; `"none"`: raw dot products of tf-idf vectors. */
  norm?: NormMode;
  /** Ignore terms in fewer documents than this (a count, or a fraction of the corpus when in (0, 1)). */
  minDf?: number;
  /** Ignore terms in more documents than this (a count, or a fraction of the corpus when in (0, 1)). */
  maxDf?: number;
  /** Field weights. */
  fields?: FieldWeights;
}

export interface ResolvedOptions {
  analyzer: AnalyzerName;
  language: string;
  stemming: boolean;
  stopWords: "english" | false | readonly string[];
  minLength: number;
  numbers: boolean;
  foldAccents: boolean;
  tf: TfMode;
  idf: IdfMode;
  norm: NormMode;
  minDf: number;
  maxDf: number;
  fields: Required<FieldWeights>;
}

/** The defaults, chosen by `npm run eval` (see the README). */
export const DEFAULTS: Readonly<ResolvedOptions> = Object.freeze({
  analyzer: "default",
  language: "en",
  ...ANALYZER_DEFAULTS,
  tf: "sublinear",
  idf: "smooth",
  norm: "l2",
  minDf: 2,
  maxDf: Infinity,
  fields: Object.freeze({ title: 3, text: 1, tags: 2 }),
});

/** What `analyzer: "sklearn"` changes: scikit-learn's `TfidfVectorizer()` defaults (its analysis: SKLEARN_ANALYSIS, analysis/sklearn-analyzer.ts). */
export const SKLEARN_DEFAULTS: Readonly<ResolvedOptions> = Object.freeze({
  ...DEFAULTS,
  analyzer: "sklearn",
  stemming: false,
  stopWords: false,
  tf: "raw",
  minDf: 1,
  fields: Object.freeze({ title: 1, text: 1, tags: 1 }),
});

/** An analyzer's own defaults, where they differ from DEFAULTS. */
const PRESETS: Readonly<Partial<Record<string, Readonly<ResolvedOptions>>>> = Object.freeze({ sklearn: SKLEARN_DEFAULTS });
const KNOWN = new Set<string>(["analyzer", "language", "tf", "idf", "norm", "minDf", "maxDf", "fields", ...ANALYZER_KEYS]);

function oneOf<T extends string>(name: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value === "string" && (allowed as readonly string[]).includes(value)) return value as T;
  throw fail("INVALID_OPTION", name, value, allowed.map((a) => `"${a}"`).join(" | "));
}

/** `maxDf` may be Infinity (no bound); `minDf` may not: it would switch every term off. */
function dfOption(name: string, value: unknown, unbounded: boolean): number {
  const ok =
    typeof value === "number" &&
    ((value > 0 && value < 1) || (value >= 0 && (Number.isSafeInteger(value) || (unbounded && value === Infinity))));
  if (!ok) throw fail("INVALID_OPTION", name, value, `a count (integer >= 0${unbounded ? ", or Infinity" : ""}) or a fraction in (0, 1)`);
  return value as number;
}

/**
 * Bounds of a non-zero field weight. Weights multiply term counts that are stored as float32:
 * far above 1e6 a long raw-tf article overflows to Infinity (NaN scores); far below 1e-6 they
 * round to 0 (an article with no weight left). Both are refused rather than half-working.
 */
export const FIELD_WEIGHT_RANGE = Object.freeze({ min: 1e-6, max: 1e6 });

/**
 * Merges options with the defaults and validates them.
 * @throws {RecommenderError} `INVALID_OPTION`, naming the option and the value.
 */
export function resolveOptions(options: unknown): ResolvedOptions {
  if (options === undefined) options = {};
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw fail("INVALID_OPTION", "options", options, "an object");
  }
  for (const key of Object.keys(options)) {
    if (!KNOWN.has(key)) throw fail("INVALID_OPTION", key, (options as Record<string, unknown>)[key], `one of the known options (${[...KNOWN].join(", ")})`);
  }
  // Each option read once (a getter or Proxy cannot hand validation one value and the engine another).
  const given: Record<string, unknown> = Object.create(null);
  for (const key of KNOWN) given[key] = (options as Record<string, unknown>)[key];
  // The registered names: the built-in ones (registerAnalyzer is not public).
  const analyzer = oneOf("analyzer", given.analyzer ?? DEFAULTS.analyzer, analyzerNames() as AnalyzerName[]);
  // The sklearn preset is TfidfVectorizer() throughout unless overridden: raw tf, no minDf, title = text.
  const base = (Object.hasOwn(PRESETS, analyzer) ? PRESETS[analyzer] : undefined) ?? DEFAULTS;
  const pick = <K extends keyof ResolvedOptions>(key: K): unknown => (given[key] === undefined ? base[key] : given[key]);
  // An analyzer with fixed analysis (sklearn) takes no analysis option but its own values.
  refuseOptionsNotTaken(analyzer, given);
  const fieldsGiven = given.fields === undefined ? {} : given.fields;
  if (typeof fieldsGiven !== "object" || fieldsGiven === null || Array.isArray(fieldsGiven)) {
    throw fail("INVALID_OPTION", "fields", fieldsGiven, "an object of field weights");
  }
  const fields = { ...base.fields };
  for (const [key, w] of Object.entries(fieldsGiven)) {
    if (!Object.hasOwn(fields, key)) throw fail("INVALID_OPTION", `fields.${key}`, w, "a field among title, text, tags");
    const { min, max } = FIELD_WEIGHT_RANGE;
    if (typeof w !== "number" || !(w === 0 || (w >= min && w <= max))) {
      throw fail("INVALID_OPTION", `fields.${key}`, w, `0 or a number in [${min}, ${max}]`);
    }
    fields[key as keyof FieldWeights] = w;
  }
  const language = checkLanguage(given.language ?? DEFAULTS.language);
  if (language !== "en" && analyzer !== "default") {
    throw fail("INVALID_OPTION", "language", language, `"en" with analyzer "${analyzer}" (a language sets the default analyzer's rules)`);
  }
  const resolved: ResolvedOptions = {
    analyzer,
    language,
    stemming: pick("stemming") as boolean,
    stopWords: pick("stopWords") as ResolvedOptions["stopWords"],
    minLength: pick("minLength") as number,
    numbers: pick("numbers") as boolean,
    foldAccents: pick("foldAccents") as boolean,
    tf: oneOf("tf", pick("tf"), ["raw", "sublinear"] as const),
    idf: oneOf("idf", pick("idf"), ["smooth", "plain", "none"] as const),
    norm: oneOf("norm", pick("norm"), ["l2", "none"] as const),
    minDf: dfOption("minDf", pick("minDf"), false),
    maxDf: dfOption("maxDf", pick("maxDf"), true),
    fields: Object.freeze(fields),
  };
  Object.assign(resolved, fixedOptionsOf(analyzer));
  analyzerFor(resolved); // validates the analyzer options
  // A copy of a stop-word list: the caller's array may change later, the index's words may not.
  if (Array.isArray(resolved.stopWords)) resolved.stopWords = Object.freeze([...resolved.stopWords]);
  // Frozen: `rec.options` is handed out, and a change to it would change how the index scores.
  return Object.freeze(resolved);
}

/** The analyzer that resolved options describe (see analysis/registry.ts). */
export function analyzerFor(o: ResolvedOptions): Analyzer {
  if (o.language !== "en") {
    // "english", the default, stands for the language's own list.
    const stopWords = o.stopWords === "english" ? true : o.stopWords;
    return createLanguageAnalyzer(o.language, { stemming: o.stemming, stopWords, minLength: o.minLength, numbers: o.numbers, foldAccents: o.foldAccents });
  }
  return analyzerNamed(o.analyzer, {
    stemming: o.stemming,
    stopWords: o.stopWords,
    minLength: o.minLength,
    numbers: o.numbers,
    foldAccents: o.foldAccents,
  });
}
