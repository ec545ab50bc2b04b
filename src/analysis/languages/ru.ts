/**
 * Russian ("ru"): Unicode words, natural's Russian stop words (util/stopwords_ru.js), natural's
 * Russian Porter (Snowball) stemmer (stemmers/porter_stemmer_ru.js) for Cyrillic words. "ё" is
 * written "е" (as the stemmer does, and as most Russian text does), so "ещё" and "еще" are one
 * token. Apostrophes inside a word join it, hyphens cut ("из-за"). Latin words (commands, names)
 * are kept as they are. The indexer reads ASCII words itself (DEFAULT_RULES: their tokens are the
 * default analyzer's).
 */
import Stemmer from "natural/lib/natural/stemmers/porter_stemmer_ru.js";
import { words } from "natural/lib/natural/util/stopwords_ru.js";
import { DEFAULT_RULES } from "../default-analyzer.js";
import { forScript, registrationOf, type LanguageRegistration, type LanguageSpec } from "../language-analyzer.js";
import { wordTokenizer } from "../language-tokens.js";
import { CYRILLIC_WORD } from "./scripts.js";

const YO = /ё/g;

/** What the Russian analyzer is made of. */
export const RUSSIAN_SPEC: LanguageSpec<"ru"> = Object.freeze({
  code: "ru",
  name: "Russian",
  tokenizer: wordTokenizer({ normalize: (t) => (t.includes("ё") ? t.replace(YO, "е") : t) }),
  // A copy: natural's array is shared and mutable.
  stopWords: Object.freeze([...words]),
  sources: Object.freeze({
    stopWords: "natural's Russian stop words (util/stopwords_ru.js)",
    stemmer: "natural's Russian Porter (Snowball) stemmer (stemmers/porter_stemmer_ru.js)",
  }),
  stem: forScript(CYRILLIC_WORD, (token) => Stemmer.stem(token)),
  scanRules: DEFAULT_RULES,
});

/** The Russian analyzer, for registerLanguage (registry.ts). */
export const RUSSIAN: LanguageRegistration<"ru"> = registrationOf(RUSSIAN_SPEC);
