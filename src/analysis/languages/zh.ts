/**
 * Chinese ("zh"): overlapping character bigrams of each run of CJK characters ("图书馆" -> "图书",
 * "书馆"; a lone character is its own token and is never dropped as too short), Latin and other
 * words as in the default analyzer. Stop words: natural's Chinese list (util/stopwords_zh.js,
 * single characters), each pair of them as a bigram ("我们", "这个": see cjkStopWords), and the
 * English list for the Latin words. natural has no Chinese stemmer; Latin words get Porter stems.
 * Text is NFKC-normalized (full-width Latin letters and digits). The indexer reads ASCII words
 * itself (DEFAULT_RULES: their tokens are the default analyzer's).
 */
import { words } from "natural/lib/natural/util/stopwords_zh.js";
import { DEFAULT_RULES } from "../default-analyzer.js";
import { registrationOf, type LanguageRegistration, type LanguageSpec } from "../language-analyzer.js";
import { cjkTokenizer, isCjkToken } from "../language-tokens.js";
import { cjkStemmer, cjkStopWords } from "./cjk.js";

/** What the Chinese analyzer is made of. */
export const CHINESE_SPEC: LanguageSpec<"zh"> = Object.freeze({
  code: "zh",
  name: "Chinese",
  tokenizer: cjkTokenizer({}),
  stopWords: cjkStopWords(words),
  sources: Object.freeze({
    stopWords: "natural's Chinese stop words (util/stopwords_zh.js), each pair of its one-character entries, and the English list (stopwords.ts) for Latin words",
    stemmer: "none for CJK (natural has no Chinese stemmer); natural's Porter stemmer for Latin words",
  }),
  stem: cjkStemmer((token) => token),
  scanRules: DEFAULT_RULES,
  anyLength: isCjkToken,
});

/** The Chinese analyzer, for registerLanguage (registry.ts). */
export const CHINESE: LanguageRegistration<"zh"> = registrationOf(CHINESE_SPEC);
