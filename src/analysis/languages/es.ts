/**
 * Spanish ("es"): Unicode words, natural's Spanish stop words (util/stopwords_es.js) with the
 * function words it lacks and English's (english-inside.ts), and a light stemmer of our own
 * (spanish-stemmer.ts: number and gender endings, accents folded), which measured better than
 * natural's Spanish Porter (Snowball) port on the eval's Spanish pages (0.592 -> 0.601 nDCG@10).
 * Apostrophes inside a word join it ("auto's" -> "autos"), hyphens cut, as in the default analyzer.
 * The indexer reads ASCII words itself (DEFAULT_RULES).
 */
import { words } from "natural/lib/natural/util/stopwords_es.js";
import { DEFAULT_RULES } from "../default-analyzer.js";
import { forScript, registrationOf, type LanguageRegistration, type LanguageSpec } from "../language-analyzer.js";
import { wordTokenizer } from "../language-tokens.js";
import { englishFunctionWords } from "./english-inside.js";
import { LATIN_WORD } from "./scripts.js";
import { stemSpanish } from "./spanish-stemmer.js";

/**
 * Function words natural's 70-word list lacks: the forms of "ser", "estar" and "haber",
 * demonstratives, possessives, quantifiers, prepositions, conjunctions, and the modal "poder"
 * and "deber" (as English's list has "can" and "must").
 */
const FUNCTION_WORDS = `
  es son ser sea fue era está están estar hay ha han he este esta estos estas esto esa esos esas
  aquel aquella aquellos aquellas les nosotros vosotros ellos ellas usted ustedes mis tus nuestro
  nuestra nuestros nuestras otra otros otras todo todos toda todas cada mismo misma mismos mismas
  algo alguno alguna algunos algunas ningún ninguno ninguna nada nadie siempre nunca si aunque pues
  así aquí allí tan tanto cuál cuáles cuyo cuya cuyos cuyas entre hacia según tras ante bajo
  mediante e u puede pueden debe deben
`;

/** English stop words that are Spanish words with a meaning: "once" (eleven), "come" (eats). */
const SPANISH_NOT_ENGLISH = Object.freeze(["once", "come"]);

/** What the Spanish analyzer is made of. */
export const SPANISH_SPEC: LanguageSpec<"es"> = Object.freeze({
  code: "es",
  name: "Spanish",
  tokenizer: wordTokenizer({}),
  // A copy: natural's array is shared and mutable.
  stopWords: Object.freeze([...words, ...FUNCTION_WORDS.split(/\s+/).filter(Boolean), ...englishFunctionWords(SPANISH_NOT_ENGLISH)]),
  sources: Object.freeze({
    stopWords: "natural's Spanish stop words (util/stopwords_es.js), more function words, English's (english-inside.ts)",
    stemmer: "a light stemmer after J. Savoy (spanish-stemmer.ts)",
  }),
  stem: forScript(LATIN_WORD, stemSpanish),
  scanRules: DEFAULT_RULES,
});

/** The Spanish analyzer, for registerLanguage (registry.ts). */
export const SPANISH: LanguageRegistration<"es"> = registrationOf(SPANISH_SPEC);
