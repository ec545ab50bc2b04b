/**
 * The `"sklearn"` analyzer: exactly scikit-learn's default TfidfVectorizer analysis. Lowercase,
 * then `(?u)\b\w\w+\b`; tokens are terms (no stop words, no stemming, no length limit).
 */
import { defineAnalyzer, type Analyzer, type AnalyzerRegistration, type ScanRules } from "./analyzer.js";
import { MATCH_MAX_TEXT, tokenRuns } from "./token-runs.js";

const SKLEARN_TOKEN = /[\p{L}\p{N}_]{2,}/gu;
// The same character class, at most 4096 code points a match (see tokenRuns).
const SKLEARN_PIECE = /[\p{L}\p{N}_]{1,4096}/gu;

/** scikit-learn's tokens, as the indexer's scanner reads them from ASCII words (see ScanRules). */
export const SKLEARN_RULES: Readonly<ScanRules> = Object.freeze({ underscore: true, joinApostrophes: false, minRun: 2, maxRun: Infinity });

/** What this analyzer does, as analysis options (scikit-learn's token pattern keeps 2+ characters and digits). */
export const SKLEARN_ANALYSIS = Object.freeze({ stemming: false, stopWords: false, minLength: 2, numbers: true, foldAccents: false } as const);

const isHighSurrogate = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
/** At least 2 code points: scikit-learn's `\w\w+`. */
const isSklearnToken = (run: string): boolean => run.length > 2 || (run.length === 2 && !isHighSurrogate(run.charCodeAt(0)));

const sklearnTokens = (text: string): string[] => {
  const t = text.toLowerCase();
  return t.length > MATCH_MAX_TEXT ? tokenRuns(t, SKLEARN_PIECE, isSklearnToken) : (t.match(SKLEARN_TOKEN) ?? []);
};

/** scikit-learn's default TfidfVectorizer analysis: lowercase, then `(?u)\b\w\w+\b`; tokens are terms. */
export const sklearnAnalyzer: Analyzer = defineAnalyzer({
  name: "sklearn",
  language: "en",
  tokens: sklearnTokens,
  analyze: sklearnTokens,
  scanRules: SKLEARN_RULES,
});

/** The sklearn analyzer in the registry (registry.ts): it takes no options, and holds no state. */
export const SKLEARN_ANALYZER: AnalyzerRegistration<"sklearn"> = Object.freeze({ name: "sklearn", create: () => sklearnAnalyzer, fixed: SKLEARN_ANALYSIS });
