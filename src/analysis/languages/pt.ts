/**
 * Portuguese ("pt"): Unicode words, natural's Portuguese stop words (util/stopwords_pt.js),
 * natural's Portuguese Porter (Snowball) stemmer (stemmers/porter_stemmer_pt.js).
 * Apostrophes inside a word join it ("auto's" -> "autos"), hyphens cut, as in the default analyzer.
 * The indexer reads ASCII words itself (DEFAULT_RULES).
 */
import Stemmer from "natural/lib/natural/stemmers/porter_stemmer_pt.js";
import { words } from "natural/lib/natural/util/stopwords_pt.js";
import { DEFAULT_RULES } from "../default-analyzer.js";
import { forScript, registrationOf, type LanguageRegistration, type LanguageSpec } from "../language-analyzer.js";
import { wordTokenizer } from "../language-tokens.js";
import { LATIN_WORD } from "./scripts.js";

/** What the Portuguese analyzer is made of. */
export const PORTUGUESE_SPEC: LanguageSpec<"pt"> = Object.freeze({
  code: "pt",
  name: "Portuguese",
  tokenizer: wordTokenizer({}),
  // A copy: natural's array is shared and mutable.
  stopWords: Object.freeze([...words]),
  sources: Object.freeze({ stopWords: "natural's Portuguese stop words (util/stopwords_pt.js)", stemmer: "natural's Portuguese Porter (Snowball) stemmer (stemmers/porter_stemmer_pt.js)" }),
  stem: forScript(LATIN_WORD, (token) => Stemmer.stem(token)),
  scanRules: DEFAULT_RULES,
});

/** The Portuguese analyzer, for registerLanguage (registry.ts). */
export const PORTUGUESE: LanguageRegistration<"pt"> = registrationOf(PORTUGUESE_SPEC);
