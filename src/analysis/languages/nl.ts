/**
 * Dutch ("nl"): Unicode words, natural's Dutch stop words (util/stopwords_nl.js),
 * natural's Dutch Porter (Snowball) stemmer (stemmers/porter_stemmer_nl.js).
 * Apostrophes inside a word join it ("auto's" -> "autos"), hyphens cut, as in the default analyzer.
 * The indexer reads ASCII words itself (DEFAULT_RULES).
 */
import Stemmer from "natural/lib/natural/stemmers/porter_stemmer_nl.js";
import { words } from "natural/lib/natural/util/stopwords_nl.js";
import { DEFAULT_RULES } from "../default-analyzer.js";
import { forScript, registrationOf, type LanguageRegistration, type LanguageSpec } from "../language-analyzer.js";
import { wordTokenizer } from "../language-tokens.js";
import { LATIN_WORD } from "./scripts.js";

/** What the Dutch analyzer is made of. */
export const DUTCH_SPEC: LanguageSpec<"nl"> = Object.freeze({
  code: "nl",
  name: "Dutch",
  tokenizer: wordTokenizer({}),
  // A copy: natural's array is shared and mutable.
  stopWords: Object.freeze([...words]),
  sources: Object.freeze({ stopWords: "natural's Dutch stop words (util/stopwords_nl.js)", stemmer: "natural's Dutch Porter (Snowball) stemmer (stemmers/porter_stemmer_nl.js)" }),
  stem: forScript(LATIN_WORD, (token) => Stemmer.stem(token)),
  scanRules: DEFAULT_RULES,
});

/** The Dutch analyzer, for registerLanguage (registry.ts). */
export const DUTCH: LanguageRegistration<"nl"> = registrationOf(DUTCH_SPEC);
