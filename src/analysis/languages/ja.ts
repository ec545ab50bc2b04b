/**
 * Japanese ("ja"): overlapping character bigrams of each run of Han, Hiragana and Katakana
 * characters ("東京都" -> "東京", "京都"; a lone character is its own token and is never dropped
 * as too short), Latin and other words as in the default analyzer. Stop words: natural's Japanese
 * list (util/stopwords_ja.js, from Lucene's Kuromoji; its one- and two-character entries match
 * tokens: "の", "から", "する"), each pair of its one-character entries as a bigram ("には": see
 * cjkStopWords), and the English list for the Latin words. Stemmer: natural's
 * Japanese rule (stemmers/stemmer_ja.js: a katakana word of 4 or more characters loses its final
 * "ー", "コンピューター" -> "コンピュータ"), applied to each katakana run before the bigrams are
 * cut (stemKatakana, language-tokens.ts); Porter for Latin words. Text is NFKC-normalized
 * (half-width katakana, full-width Latin letters and digits). The indexer reads ASCII words itself
 * (DEFAULT_RULES: their tokens are the default analyzer's).
 */
import { words } from "natural/lib/natural/util/stopwords_ja.js";
import { DEFAULT_RULES } from "../default-analyzer.js";
import { registrationOf, type LanguageRegistration, type LanguageSpec } from "../language-analyzer.js";
import { cjkTokenizer, isCjkToken, stemKatakana } from "../language-tokens.js";
import { cjkStemmer, cjkStopWords } from "./cjk.js";

/** What the Japanese analyzer is made of. */
export const JAPANESE_SPEC: LanguageSpec<"ja"> = Object.freeze({
  code: "ja",
  name: "Japanese",
  tokenizer: cjkTokenizer({ katakana: true }),
  stopWords: cjkStopWords(words),
  sources: Object.freeze({
    stopWords: "natural's Japanese stop words (util/stopwords_ja.js), each pair of its one-character entries, and the English list (stopwords.ts) for Latin words",
    stemmer: "natural's Japanese katakana rule (stemmers/stemmer_ja.js), written in language-tokens.ts; natural's Porter stemmer for Latin words",
  }),
  stem: cjkStemmer(stemKatakana),
  scanRules: DEFAULT_RULES,
  anyLength: isCjkToken,
});

/** The Japanese analyzer, for registerLanguage (registry.ts). */
export const JAPANESE: LanguageRegistration<"ja"> = registrationOf(JAPANESE_SPEC);
