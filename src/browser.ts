/**
 * The browser entry of alsolike (the "browser" condition of package.json's "."): every export
 * of the main entry, and of the Recommender everything but the optional parts, which a site
 * imports when it uses them: `alsolike/snapshots` (save, load), `alsolike/kept-lists`
 * (keepLists, relatedAll), `alsolike/second-passes` (feedback, sharedNeighbours). Using one
 * without its import throws a RecommenderError naming the import (parts/slots.ts). The main
 * entry (index.ts) is this list with every part installed.
 *
 * @module alsolike
 */
export { Recommender } from "./recommender.js";
export type { Recommendation, IndexStats, LoadOptions, SaveOptions, StoredArticle } from "./recommender.js";
export type { Explanation } from "./search/explain.js";
export { RecommenderError } from "./errors.js";
export type { ErrorCode } from "./errors.js";
export { DEFAULTS, FEEDBACK_DEFAULTS, SHARED_NEIGHBOURS_DEFAULTS } from "./options.js";
export type { RecommenderOptions, ResolvedOptions, FieldWeights, FieldScoring, FeedbackOptions, SharedNeighboursOptions } from "./options.js";
export type { FieldName } from "./corpus/field-terms.js";
export type { AnalyzerName } from "./analysis/registry.js";
export type { Duration } from "./rank/signal-options.js";
export type { Article, Draft, RecommendOptions, RelatedAllOptions } from "./validate.js";
export type { ArticleText } from "./corpus/vectorize.js";
export { tokenize, createAnalyzer } from "./analysis/default-analyzer.js";
export { sklearnAnalyzer } from "./analysis/sklearn-analyzer.js";
export type { Analyzer, AnalyzerOptions, ScanRules } from "./analysis/analyzer.js";
export type { LanguageRegistration, LanguageAnalyzerOptions } from "./analysis/language-analyzer.js";
export { ENGLISH_STOP_WORDS } from "./analysis/stopwords.js";
export type { TfMode, IdfMode, NormMode } from "./corpus/weighting.js";
