/**
 * French ("fr"): Unicode words, natural's French stop words (util/stopwords_fr.js) with the
 * function words it lacks and English's (english-inside.ts),
 * natural's French Porter (Snowball) stemmer (stemmers/porter_stemmer_fr.js).
 * Elision: "l'armée" -> "armée", "qu'il" -> "il", "jusqu'ici" -> "ici" (also with the typographic
 * apostrophe ’); other apostrophes join ("aujourd'hui" -> "aujourdhui"). Hyphens cut ("peut-être").
 * The indexer reads ASCII words itself (DEFAULT_RULES with the elided words).
 */
import Stemmer from "natural/lib/natural/stemmers/porter_stemmer_fr.js";
import { words } from "natural/lib/natural/util/stopwords_fr.js";
import { DEFAULT_RULES } from "../default-analyzer.js";
import { forScript, registrationOf, type LanguageRegistration, type LanguageSpec } from "../language-analyzer.js";
import { wordTokenizer } from "../language-tokens.js";
import { englishFunctionWords } from "./english-inside.js";
import { LATIN_WORD } from "./scripts.js";

/** The French elided words (clitic pronouns, articles, "que" and its compounds). */
const ELISIONS = Object.freeze(["c", "d", "j", "l", "m", "n", "s", "t", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu"]);

/**
 * Function words natural's list lacks (it has pronouns, articles and the forms of "être" and
 * "avoir"): conjunctions, prepositions, relatives, quantifiers and sentence adverbs.
 */
const FUNCTION_WORDS = `
  si ni non car donc alors puis ainsi aussi comme quand lors dont lequel laquelle lesquels lesquelles
  auquel duquel ceux celle celles celui entre vers chez sous dès selon très trop encore déjà
  toujours jamais tout tous toute toutes autre autres chaque aucun aucune plusieurs certains
  quelque quelques peut peuvent
`;

/** English stop words that are French words with a meaning: "an" (year), "but" (goal), "ours" (bear). */
const FRENCH_NOT_ENGLISH = Object.freeze(["an", "but", "lot", "lots", "ours", "mine"]);

/** What the French analyzer is made of. */
export const FRENCH_SPEC: LanguageSpec<"fr"> = Object.freeze({
  code: "fr",
  name: "French",
  tokenizer: wordTokenizer({ elisions: ELISIONS }),
  // A copy: natural's array is shared and mutable.
  stopWords: Object.freeze([...words, ...FUNCTION_WORDS.split(/\s+/).filter(Boolean), ...englishFunctionWords(FRENCH_NOT_ENGLISH)]),
  sources: Object.freeze({ stopWords: "natural's French stop words (util/stopwords_fr.js), more function words, English's (english-inside.ts)", stemmer: "natural's French Porter (Snowball) stemmer (stemmers/porter_stemmer_fr.js)" }),
  stem: forScript(LATIN_WORD, (token) => Stemmer.stem(token)),
  scanRules: Object.freeze({ ...DEFAULT_RULES, elisions: ELISIONS }),
});

/** The French analyzer, for registerLanguage (registry.ts). */
export const FRENCH: LanguageRegistration<"fr"> = registrationOf(FRENCH_SPEC);
