/**
 * Recommender options: the documented defaults, and validation that runs once, in the constructor.
 */
import type { LanguageRowsOptions } from "./corpus/language-rows.js";
import { fail } from "./errors.js";
import { ANALYZER_KEYS, type Analyzer, type AnalyzerOptions } from "./analysis/analyzer.js";
import { ANALYZER_DEFAULTS } from "./analysis/default-analyzer.js";
import { analyzerNamed, analyzerNames, checkLanguage, createLanguageAnalyzer, fixedOptionsOf, refuseOptionsNotTaken, type AnalyzerName } from "./analysis/registry.js";
import type { IdfMode, NormMode, TfMode } from "./corpus/weighting.js";
import { WORD_PAIRS_RANGE } from "./analysis/word-pairs.js";

/** How much each field of an article counts: its term counts are multiplied by the weight. */
export interface FieldWeights {
  /** Weight of the title's words (default 3). */
  title?: number;
  /** Weight of the body's words (default 1). */
  text?: number;
  /** Weight of the tags' words (default 2). */
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
  /**
   * `"sublinear"` (1 + ln c), `"raw"` counts c, or `"bm25"`: c (k1 + 1) / (c + k1 (1 - b + b dl / avgLength)),
   * dl the article's length (the sum of its field-weighted term counts). Scores stay cosines.
   */
  tf?: TfMode;
  /** tf `"bm25"` only: how fast repeats of a term saturate, in [0, 1e6] (0: present or not). Default 1.2. */
  k1?: number;
  /** tf `"bm25"` only: how much a long article's weights shrink, in [0, 1] (0: not at all). Default 0.75. */
  b?: number;
  /**
   * tf `"bm25"` only: the length (field-weighted term count) at which an article's weights are
   * neither raised nor lowered by b; fixed, so that no article's weights depend on the others.
   * In [1e-6, 1e12]. Default `BM25_DEFAULTS.avgLength`.
   */
  avgLength?: number;
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
  /**
   * `"merged"` (default): every field's words count into one vector, so a title word meets the same
   * word in a body. `"apart"`: each field's words are terms of their own (title-to-title,
   * text-to-text, tags-to-tags); the score is the cosine of the concatenated field vectors.
   */
  fieldScoring?: FieldScoring;
  /**
   * Word pairs: two neighbouring terms of a field, with no stop word or punctuation break between
   * them ("file descriptor"), are one more term, whose count is the field's weight times this
   * (`0`: off, the default; else in [1e-6, 1e6]). See analysis/word-pairs.ts.
   */
  wordPairs?: number;
  /**
   * Pseudo-relevance feedback (Rocchio), off by default: each query's tf-idf vector is moved toward
   * the mean of its `docs` best cosine neighbours' (times `weight`, plus that mean's `terms`
   * heaviest terms the query lacks), and the index is searched again with it. `true` takes
   * `FEEDBACK_DEFAULTS`; `false` is off. Needs `norm: "l2"`. See the README, "Feedback".
   */
  feedback?: boolean | FeedbackOptions;
  /**
   * Neighbours of neighbours, off by default: each list is the query's best `pool` cosine
   * neighbours reranked by (1 - weight) cosine + weight overlap, the overlap being the share of
   * the two articles' neighbourhoods (each article and its `depth` best cosine neighbours) they
   * have in common. `true` takes `SHARED_NEIGHBOURS_DEFAULTS`. Not with `feedback`. See the
   * README, "Shared neighbours".
   */
  sharedNeighbours?: boolean | SharedNeighboursOptions;
}

/**
 * Settings of the shared-neighbours rerank (`sharedNeighbours`); each has a default
 * (`SHARED_NEIGHBOURS_DEFAULTS`).
 */
export interface SharedNeighboursOptions {
  /** How many of each article's best cosine neighbours make its neighbourhood, 1..100. */
  depth?: number;
  /** The overlap's share of the score, in (0, 1]: (1 - weight) cosine + weight overlap. */
  weight?: number;
  /** How many of the query's best cosine neighbours are reranked (the list's candidates), 1..1,000. */
  pool?: number;
}

/** Settings of pseudo-relevance feedback (`feedback`); each has a default (`FEEDBACK_DEFAULTS`). */
export interface FeedbackOptions {
  /** How many of the query's best cosine neighbours make the centroid, 1..100. */
  docs?: number;
  /** How far the query moves: beta in q/|q| + beta * centroid, in (0, 100]. */
  weight?: number;
  /** How many of the centroid's heaviest terms that the query lacks are added, 0..10,000. */
  terms?: number;
}

/** How the fields of an article make its vector (see `RecommenderOptions.fieldScoring`). */
export type FieldScoring = "merged" | "apart";

/** The options in effect (`rec.options`): every option of RecommenderOptions, defaults filled in. */
export interface ResolvedOptions {
  analyzer: AnalyzerName;
  language: string;
  stemming: boolean;
  stopWords: "english" | false | readonly string[];
  minLength: number;
  numbers: boolean;
  foldAccents: boolean;
  tf: TfMode;
  /** Present exactly when tf is "bm25" (so snapshots of other indexes keep their options). */
  k1?: number;
  b?: number;
  avgLength?: number;
  idf: IdfMode;
  norm: NormMode;
  minDf: number;
  maxDf: number;
  fields: Required<FieldWeights>;
  fieldScoring: FieldScoring;
  /** 0: no word pairs. */
  wordPairs: number;
  /** Present exactly when feedback is on (so snapshots of other indexes keep their options). */
  feedback?: Readonly<Required<FeedbackOptions>>;
  /** Present exactly when the shared-neighbours rerank is on. */
  sharedNeighbours?: Readonly<Required<SharedNeighboursOptions>>;
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
  fieldScoring: "merged",
  wordPairs: 0,
});

/**
 * The defaults of tf "bm25"'s parameters. k1 and b are BM25's usual ones (Robertson et al.; Lucene's
 * too). avgLength stands in for BM25's corpus-mean length, which would make each article's weights
 * depend on every other article. 50 gives the best mean nDCG@10 over `npm run eval`'s four corpora
 * at k1 1.2, b 0.75 (pivots 20-1000 tried; 40 and 50 tie, 50 loses less on Brown). The best pivot
 * differs by corpus (Brown 400-1000, the other three 20-70) and does not follow its mean length
 * (the man pages' is 726; their best pivot, 20-40).
 */
export const BM25_DEFAULTS: Readonly<{ k1: number; b: number; avgLength: number }> = Object.freeze({ k1: 1.2, b: 0.75, avgLength: 50 });

/**
 * The settings `feedback: true` takes (and any left out of a `feedback` object): the best mean
 * nDCG@10 of `npm run eval`'s suite over docs 3/5/10, weight 0.1/0.3/0.5/1, terms 0/20/100, which
 * is still 0.001 under feedback off (every move toward the neighbours lowered the mean, the more
 * the farther; README, "Feedback"), so feedback itself is off by default.
 */
export const FEEDBACK_DEFAULTS: Readonly<Required<FeedbackOptions>> = Object.freeze({ docs: 3, weight: 0.1, terms: 20 });

/** What `sharedNeighbours: true` takes (and any setting left out); measured over `npm run eval`'s suite (README, "Shared neighbours"). */
export const SHARED_NEIGHBOURS_DEFAULTS: Readonly<Required<SharedNeighboursOptions>> = Object.freeze({ depth: 5, weight: 0.05, pool: 30 });

/** Bounds of the shared-neighbours settings (depth and pool are integers). */
export const SHARED_NEIGHBOURS_RANGE = Object.freeze({ depth: Object.freeze([1, 100] as const), weight: Object.freeze([0, 1] as const), pool: Object.freeze([1, 1000] as const) });

/** Bounds of the feedback settings (docs and terms are integers). */
export const FEEDBACK_RANGE = Object.freeze({ docs: Object.freeze([1, 100] as const), weight: Object.freeze([0, 100] as const), terms: Object.freeze([0, 10_000] as const) });

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
const KNOWN = new Set<string>(["analyzer", "language", "tf", "k1", "b", "avgLength", "idf", "norm", "minDf", "maxDf", "fields", "fieldScoring", "wordPairs", "feedback", "sharedNeighbours", ...ANALYZER_KEYS]);
const BM25_KEYS = ["k1", "b", "avgLength"] as const;

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
 * Bounds of tf "bm25"'s parameters. Within them every weight c (k1 + 1) / (c + k1 (1 - b + b dl / avgLength))
 * stays in (0, k1 + 1] and far above float32's smallest number, for field weights within
 * FIELD_WEIGHT_RANGE and articles of any real length: scores stay finite and stored weights positive.
 */
export const BM25_RANGE = Object.freeze({ k1: Object.freeze([0, 1e6] as const), b: Object.freeze([0, 1] as const), avgLength: Object.freeze([1e-6, 1e12] as const) });

function numberIn(name: string, value: unknown, [min, max]: readonly [number, number]): number {
  if (typeof value === "number" && value >= min && value <= max) return value;
  throw fail("INVALID_OPTION", name, value, `a number in [${min}, ${max}]`);
}

/**
 * k1, b and avgLength under tf "bm25" (defaults filled in), in that order; none otherwise, where
 * giving one is refused: it would do nothing.
 */
function bm25Options(tf: TfMode, given: Readonly<Record<string, unknown>>): Partial<Pick<ResolvedOptions, "k1" | "b" | "avgLength">> {
  if (tf !== "bm25") {
    const stray = BM25_KEYS.find((k) => given[k] !== undefined);
    if (stray) throw fail("INVALID_OPTION", stray, given[stray], `no ${stray} unless tf is "bm25"`);
    return {};
  }
  const out: Record<string, number> = {};
  for (const k of BM25_KEYS) out[k] = numberIn(k, given[k] === undefined ? BM25_DEFAULTS[k] : given[k], BM25_RANGE[k]);
  return out;
}

/** `wordPairs`: 0 (off) or a weight within WORD_PAIRS_RANGE, as a field weight. */
function wordPairsOption(value: unknown): number {
  const { min, max } = WORD_PAIRS_RANGE;
  if (value === 0) return 0; // -0 too
  if (typeof value === "number" && value >= min && value <= max) return value;
  throw fail("INVALID_OPTION", "wordPairs", value, `0 (off) or a number in [${min}, ${max}]`);
}

/**
 * The settings of option `name` given as `value` (`true`: the defaults; false/undefined: off, so
 * undefined is returned), defaults filled in, in the defaults' order. `real` names the one
 * setting that is a number in (min, max]; the others are integers in [min, max].
 */
function settingsOption<T extends Record<string, number>>(name: string, value: unknown, defaults: Readonly<T>, range: Readonly<Record<keyof T, readonly [number, number]>>, real: keyof T): Readonly<T> | undefined {
  if (value === undefined || value === false) return undefined;
  const keys = Object.keys(defaults) as (keyof T & string)[];
  const given: Record<string, unknown> = Object.create(null);
  if (value !== true) {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw fail("INVALID_OPTION", name, value, `true, false or { ${keys.map((k) => `${k}?`).join(", ")} }`);
    }
    for (const key of Object.keys(value)) {
      if (!Object.hasOwn(defaults, key)) throw fail("INVALID_OPTION", `${name}.${key}`, (value as Record<string, unknown>)[key], `a setting among ${keys.join(", ")}`);
    }
    for (const key of keys) given[key] = (value as Record<string, unknown>)[key];
  }
  const out: Record<string, number> = {};
  for (const key of keys) {
    const v = given[key] === undefined ? defaults[key] : given[key];
    const [min, max] = range[key];
    if (key === real) {
      if (!(typeof v === "number" && v > min && v <= max)) throw fail("INVALID_OPTION", `${name}.${key}`, v, `a number in (${min}, ${max}]`);
    } else if (!(typeof v === "number" && Number.isInteger(v) && v >= min && v <= max)) {
      throw fail("INVALID_OPTION", `${name}.${key}`, v, `an integer in [${min}, ${max}]`);
    }
    out[key] = v;
  }
  return Object.freeze(out) as Readonly<T>;
}

/**
 * The feedback settings of `value` (defaults filled in, in a fixed order), or undefined when off.
 * Cosine-space only: with norm "none" the centroid of unit vectors has no meaning for raw dot products.
 */
function feedbackOptions(value: unknown, norm: NormMode): Readonly<Required<FeedbackOptions>> | undefined {
  const out = settingsOption("feedback", value, FEEDBACK_DEFAULTS, FEEDBACK_RANGE, "weight");
  if (out !== undefined && norm !== "l2") throw fail("INVALID_OPTION", "feedback", value, 'no feedback unless norm is "l2" (it moves unit vectors)');
  return out;
}

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
  const tf = oneOf("tf", pick("tf"), ["raw", "sublinear", "bm25"] as const);
  const language = checkLanguage(given.language ?? DEFAULTS.language);
  if (language !== "en" && analyzer !== "default") {
    throw fail("INVALID_OPTION", "language", language, `"en" with analyzer "${analyzer}" (a language sets the default analyzer's rules)`);
  }
  const norm = oneOf("norm", pick("norm"), ["l2", "none"] as const);
  const feedback = feedbackOptions(given.feedback, norm);
  const sharedNeighbours = settingsOption("sharedNeighbours", given.sharedNeighbours, SHARED_NEIGHBOURS_DEFAULTS, SHARED_NEIGHBOURS_RANGE, "weight");
  // Two second passes: which one's neighbours would the other read? One at a time.
  if (feedback !== undefined && sharedNeighbours !== undefined) throw fail("INVALID_OPTION", "sharedNeighbours", given.sharedNeighbours, "off while feedback is on (one second pass at a time)");
  const resolved: ResolvedOptions = {
    analyzer,
    language,
    stemming: pick("stemming") as boolean,
    stopWords: pick("stopWords") as ResolvedOptions["stopWords"],
    minLength: pick("minLength") as number,
    numbers: pick("numbers") as boolean,
    foldAccents: pick("foldAccents") as boolean,
    tf,
    ...bm25Options(tf, given),
    idf: oneOf("idf", pick("idf"), ["smooth", "plain", "none"] as const),
    norm,
    minDf: dfOption("minDf", pick("minDf"), false),
    maxDf: dfOption("maxDf", pick("maxDf"), true),
    fields: Object.freeze(fields),
    fieldScoring: oneOf("fieldScoring", pick("fieldScoring"), ["merged", "apart"] as const),
    wordPairs: wordPairsOption(pick("wordPairs")),
    ...(feedback === undefined ? {} : { feedback }),
    ...(sharedNeighbours === undefined ? {} : { sharedNeighbours }),
  };
  Object.assign(resolved, fixedOptionsOf(analyzer));
  analyzerFor(resolved); // validates the analyzer options
  // A copy of a stop-word list: the caller's array may change later, the index's words may not.
  if (Array.isArray(resolved.stopWords)) resolved.stopWords = Object.freeze([...resolved.stopWords]);
  // Frozen: `rec.options` is handed out, and a change to it would change how the index scores.
  return Object.freeze(resolved);
}

/**
 * Resolved options with `feedback` and `sharedNeighbours` replaced where `given` has them
 * (Recommender.load's options): neither shapes the stored vectors, so a snapshot loads under any
 * setting of them. Resolved options resolve to themselves: only these can be refused, as
 * INVALID_OPTION.
 */
export function withSecondPasses(o: ResolvedOptions, given: Pick<RecommenderOptions, "feedback" | "sharedNeighbours">): ResolvedOptions {
  if (given.feedback === undefined && given.sharedNeighbours === undefined) return o;
  const { feedback, sharedNeighbours, ...rest } = o;
  return resolveOptions({ ...rest, feedback: given.feedback ?? feedback, sharedNeighbours: given.sharedNeighbours ?? sharedNeighbours });
}

/** What corpus/language-rows.ts needs of the options: they and how to make another language's analyzer. */
export function languageRowsOptions(options: ResolvedOptions): LanguageRowsOptions {
  return { ...options, analyzerOf: (code) => analyzerFor({ ...options, language: code }) };
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
