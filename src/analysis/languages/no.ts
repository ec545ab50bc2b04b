/**
 * Norwegian ("no"): Unicode words, natural's Norwegian stop words (util/stopwords_no.js),
 * natural's Norwegian Porter (Snowball) stemmer (stemmers/porter_stemmer_no.js).
 * Apostrophes inside a word join it ("auto's" -> "autos"), hyphens cut, as in the default analyzer.
 * The indexer reads ASCII words itself (DEFAULT_RULES).
 */
import Stemmer from "natural/lib/natural/stemmers/porter_stemmer_no.js";
import { words } from "natural/lib/natural/util/stopwords_no.js";
import { DEFAULT_RULES } from "../default-analyzer.js";
import { forScript, registrationOf, type LanguageRegistration, type LanguageSpec } from "../language-analyzer.js";
import { wordTokenizer } from "../language-tokens.js";
import { LATIN_WORD } from "./scripts.js";

/** What the Norwegian analyzer is made of. */
export const NORWEGIAN_SPEC: LanguageSpec<"no"> = Object.freeze({
  code: "no",
  name: "Norwegian",
  tokenizer: wordTokenizer({}),
  // A copy: natural's array is shared and mutable.
  stopWords: Object.freeze([...words]),
  sources: Object.freeze({ stopWords: "natural's Norwegian stop words (util/stopwords_no.js)", stemmer: "natural's Norwegian Porter (Snowball) stemmer (stemmers/porter_stemmer_no.js)" }),
  stem: forScript(LATIN_WORD, (token) => Stemmer.stem(token)),
  scanRules: DEFAULT_RULES,
});

/** The Norwegian analyzer, for registerLanguage (registry.ts). */
export const NORWEGIAN: LanguageRegistration<"no"> = registrationOf(NORWEGIAN_SPEC);
