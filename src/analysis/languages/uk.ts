/**
 * Ukrainian ("uk"): Unicode words, natural's Ukrainian stop words (util/stopwords_uk.js),
 * natural's Ukrainian Porter-style stemmer (stemmers/porter_stemmer_uk.js) for Cyrillic words.
 * Latin words are English in Ukrainian text (commands, names, terms): English stop words and
 * English Porter for them (english-inside.ts), as in Russian.
 * The apostrophe inside a word ("м'ясо", "м’ясо", "мʼясо" with U+02BC) joins it: all three are
 * "мясо". Hyphens cut. The indexer reads ASCII words itself
 * (DEFAULT_RULES: their tokens are the default analyzer's).
 */
import Stemmer from "natural/lib/natural/stemmers/porter_stemmer_uk.js";
import { words } from "natural/lib/natural/util/stopwords_uk.js";
import { DEFAULT_RULES } from "../default-analyzer.js";
import { forScript, registrationOf, type LanguageRegistration, type LanguageSpec } from "../language-analyzer.js";
import { wordTokenizer } from "../language-tokens.js";
import { ENGLISH_STOP_WORDS } from "../stopwords.js";
import { latinAsEnglish } from "./english-inside.js";
import { CYRILLIC_WORD } from "./scripts.js";

/** What the Ukrainian analyzer is made of. */
export const UKRAINIAN_SPEC: LanguageSpec<"uk"> = Object.freeze({
  code: "uk",
  name: "Ukrainian",
  tokenizer: wordTokenizer({}),
  // A copy: natural's array is shared and mutable.
  stopWords: Object.freeze([...words, ...ENGLISH_STOP_WORDS]),
  sources: Object.freeze({
    stopWords: "natural's Ukrainian stop words (util/stopwords_uk.js) and English's (stopwords.ts)",
    stemmer: "natural's Ukrainian stemmer (stemmers/porter_stemmer_uk.js)",
  }),
  stem: latinAsEnglish(forScript(CYRILLIC_WORD, (token) => Stemmer.stem(token))),
  scanRules: DEFAULT_RULES,
});

/** The Ukrainian analyzer, for registerLanguage (registry.ts). */
export const UKRAINIAN: LanguageRegistration<"uk"> = registrationOf(UKRAINIAN_SPEC);
