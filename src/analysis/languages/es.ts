/**
 * Spanish ("es"): Unicode words, natural's Spanish stop words (util/stopwords_es.js),
 * natural's Spanish Porter (Snowball) stemmer (stemmers/porter_stemmer_es.js).
 * Apostrophes inside a word join it ("auto's" -> "autos"), hyphens cut, as in the default analyzer.
 * The indexer reads ASCII words itself (DEFAULT_RULES).
 */
import Stemmer from "natural/lib/natural/stemmers/porter_stemmer_es.js";
import { words } from "natural/lib/natural/util/stopwords_es.js";
import { DEFAULT_RULES } from "../default-analyzer.js";
import { forScript, registrationOf, type LanguageRegistration, type LanguageSpec } from "../language-analyzer.js";
import { wordTokenizer } from "../language-tokens.js";
import { LATIN_WORD } from "./scripts.js";

/** What the Spanish analyzer is made of. */
export const SPANISH_SPEC: LanguageSpec<"es"> = Object.freeze({
  code: "es",
  name: "Spanish",
  tokenizer: wordTokenizer({}),
  // A copy: natural's array is shared and mutable.
  stopWords: Object.freeze([...words]),
  sources: Object.freeze({ stopWords: "natural's Spanish stop words (util/stopwords_es.js)", stemmer: "natural's Spanish Porter (Snowball) stemmer (stemmers/porter_stemmer_es.js)" }),
  stem: forScript(LATIN_WORD, (token) => Stemmer.stem(token)),
  scanRules: DEFAULT_RULES,
});

/** The Spanish analyzer, for registerLanguage (registry.ts). */
export const SPANISH: LanguageRegistration<"es"> = registrationOf(SPANISH_SPEC);
