/**
 * English inside text of another language. Sites in French, Spanish or Russian quote English:
 * untranslated paragraphs, titles, product names, commands, code. Its function words ("the",
 * "of", "and", "is") carry no topic in any language, yet with no stop list to drop them they
 * relate every article that quotes English to every other one. So each language's stop list also
 * holds the English list (stopwords.ts), less the English stop words that are content words of
 * that language (French "an" is a year, German "see" a lake): those stay terms.
 *
 * In Cyrillic text a Latin word is English almost always (a command, a name, a technical term),
 * so the Russian and Ukrainian analyzers stem Latin words with English Porter, as the default
 * analyzer does ("files" and "file" are one term there too).
 */
import PorterStemmer from "natural/lib/natural/stemmers/porter_stemmer.js";
import { ENGLISH_STOP_WORDS } from "../stopwords.js";
import { LATIN_WORD } from "./scripts.js";

/**
 * The English stop words, less `keep` (content words of the language that borrows the list).
 * @param keep lowercase words that stay terms in the language
 * @example englishFunctionWords(["an"]).includes("the") // true
 */
export function englishFunctionWords(keep: readonly string[]): readonly string[] {
  const kept = new Set(keep);
  return ENGLISH_STOP_WORDS.filter((w) => !kept.has(w));
}

/**
 * A stemmer for Cyrillic text that gives Latin words English Porter and every other token to
 * `stem` (which passes tokens of other scripts through unchanged).
 * @example latinAsEnglish(stemRussian)("files") // "file"
 */
export function latinAsEnglish(stem: (token: string) => string): (token: string) => string {
  return (token) => (LATIN_WORD.test(token) ? PorterStemmer.stem(token) : stem(token));
}
