/**
 * Italian ("it"): Unicode words, natural's Italian stop words (util/stopwords_it.js) with the
 * function words it lacks and English's (english-inside.ts),
 * natural's Italian Porter (Snowball) stemmer (stemmers/porter_stemmer_it.js).
 * Elision: "l'esercito" -> "esercito", "dell'esercito" -> "esercito", "un'altra" -> "altra" (also with
 * the typographic apostrophe ’); other apostrophes join. Hyphens cut.
 * The indexer reads ASCII words itself (DEFAULT_RULES with the elided words).
 */
import Stemmer from "natural/lib/natural/stemmers/porter_stemmer_it.js";
import { words } from "natural/lib/natural/util/stopwords_it.js";
import { DEFAULT_RULES } from "../default-analyzer.js";
import { forScript, registrationOf, type LanguageRegistration, type LanguageSpec } from "../language-analyzer.js";
import { wordTokenizer } from "../language-tokens.js";
import { englishFunctionWords } from "./english-inside.js";
import { LATIN_WORD } from "./scripts.js";

/** The Italian elided words: articles, articulated prepositions, and adjectives cut before a vowel. */
const ELISIONS = Object.freeze([
  "c", "d", "l", "m", "n", "s", "t", "v", "gl", "un", "all", "dall", "dell", "nell", "sull", "coll", "pell",
  "agl", "dagl", "degl", "negl", "sugl", "quest", "quell", "nessun", "buon", "bell", "sant", "tutt",
]);

/**
 * Function words natural's list lacks (it has articles, pronouns, prepositions and the forms of
 * "essere", "avere", "fare", "stare"): their infinitives, modals, quantifiers, adverbs, conjunctions.
 */
const FUNCTION_WORDS = `
  essere avere fare può possono deve devono molto ogni altro altri altra altre tutta tutte senza
  così quindi poi già ancora sempre mai dopo prima sotto sopra verso fra invece oppure però cioè
  ovvero qualche alcuni alcune nessuno niente nulla stesso stessa stessi stesse
`;

/** English stop words that are Italian words with a meaning: "so" (I know), "do" (I give), "via" (street). */
const ITALIAN_NOT_ENGLISH = Object.freeze(["so", "do", "via"]);

/** What the Italian analyzer is made of. */
export const ITALIAN_SPEC: LanguageSpec<"it"> = Object.freeze({
  code: "it",
  name: "Italian",
  tokenizer: wordTokenizer({ elisions: ELISIONS }),
  // A copy: natural's array is shared and mutable.
  stopWords: Object.freeze([...words, ...FUNCTION_WORDS.split(/\s+/).filter(Boolean), ...englishFunctionWords(ITALIAN_NOT_ENGLISH)]),
  sources: Object.freeze({ stopWords: "natural's Italian stop words (util/stopwords_it.js), more function words, English's (english-inside.ts)", stemmer: "natural's Italian Porter (Snowball) stemmer (stemmers/porter_stemmer_it.js)" }),
  stem: forScript(LATIN_WORD, (token) => Stemmer.stem(token)),
  scanRules: Object.freeze({ ...DEFAULT_RULES, elisions: ELISIONS }),
});

/** The Italian analyzer, for registerLanguage (registry.ts). */
export const ITALIAN: LanguageRegistration<"it"> = registrationOf(ITALIAN_SPEC);
