/**
 * Swedish ("sv"): Unicode words, natural's Swedish stop words (util/stopwords_sv.js),
 * natural's Swedish Porter (Snowball) stemmer (stemmers/porter_stemmer_sv.js).
 * Apostrophes inside a word join it ("auto's" -> "autos"), hyphens cut, as in the default analyzer.
 * The indexer reads ASCII words itself (DEFAULT_RULES).
 */
import Stemmer from "natural/lib/natural/stemmers/porter_stemmer_sv.js";
import { words } from "natural/lib/natural/util/stopwords_sv.js";
import { DEFAULT_RULES } from "../default-analyzer.js";
import { forScript, registrationOf, type LanguageRegistration, type LanguageSpec } from "../language-analyzer.js";
import { wordTokenizer } from "../language-tokens.js";
import { LATIN_WORD } from "./scripts.js";

/** What the Swedish analyzer is made of. */
export const SWEDISH_SPEC: LanguageSpec<"sv"> = Object.freeze({
  code: "sv",
  name: "Swedish",
  tokenizer: wordTokenizer({}),
  // A copy: natural's array is shared and mutable.
  stopWords: Object.freeze([...words]),
  sources: Object.freeze({ stopWords: "natural's Swedish stop words (util/stopwords_sv.js)", stemmer: "natural's Swedish Porter (Snowball) stemmer (stemmers/porter_stemmer_sv.js)" }),
  stem: forScript(LATIN_WORD, (token) => Stemmer.stem(token)),
  scanRules: DEFAULT_RULES,
});

/** The Swedish analyzer, for registerLanguage (registry.ts). */
export const SWEDISH: LanguageRegistration<"sv"> = registrationOf(SWEDISH_SPEC);
