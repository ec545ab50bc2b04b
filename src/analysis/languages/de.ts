/**
 * German ("de"): Unicode words, the German stop words of stopwords-iso (natural has no German
 * list of its own, and its German stemmer module loads stopwords-iso itself) less its content
 * words, with English's (english-inside.ts); natural's
 * German Porter (Snowball) stemmer (stemmers/porter_stemmer_de.js, which also maps "ß" to "ss").
 * Apostrophes inside a word join it ("geht's" -> "gehts"), hyphens cut ("Baden-Württemberg").
 * The indexer reads ASCII words itself (DEFAULT_RULES).
 */
import Stemmer from "natural/lib/natural/stemmers/porter_stemmer_de.js";
// The named import lets a bundler keep only the German list of the file (esbuild, Rollup, Vite).
import { de } from "stopwords-iso/stopwords-iso.json";
import { DEFAULT_RULES } from "../default-analyzer.js";
import { forScript, registrationOf, type LanguageRegistration, type LanguageSpec } from "../language-analyzer.js";
import { wordTokenizer } from "../language-tokens.js";
import { englishFunctionWords } from "./english-inside.js";
import { LATIN_WORD } from "./scripts.js";

/**
 * Words of stopwords-iso's German list (620, gathered from web pages) that are not function
 * words: nouns ("zeit", "teil", "suche", "ende"), adjectives ("neue", "gut", "möglich"), content
 * verbs ("machen", "sagt", "wissen") and fragments ("tel", "ag"). They name what a text is about,
 * so they stay terms; pronouns, articles, prepositions, conjunctions, auxiliaries, modals,
 * numerals and adverbs of the list remain stop words.
 */
const NOT_FUNCTION_WORDS = new Set(`
  gott jahr jahre jahren mensch menschen mann tag tage tagen uhr zeit ordnung sache teil startseite
  suche ende beispiel dank mittel dasein gut gute guter gutes schlecht richtig recht rechte rechten
  rechter rechtes leicht gross grosse grossen grosser grosses groß große großen großer großes kleine
  kleinen kleiner kleines neue neuen lang lange kurz hoch offen wahr satt möglich natürlich bekannt
  besonders besser besten ehrlich ernst allgemeinen eigen eigene eigenen eigener eigenes früher
  später vergangenen folgende heute morgen gehen geht ging kommen kommt kam machen macht machte
  gemacht sagt sagte gesagt sah nahm tat tun wissen steht tritt leide mahn tel sa ag
`.split(/\s+/).filter(Boolean));

/** English stop words that are German words with a meaning: "see" (lake), "still" (quiet), "mine". */
const GERMAN_NOT_ENGLISH = Object.freeze(["see", "still", "mine"]);

/** What the German analyzer is made of. */
export const GERMAN_SPEC: LanguageSpec<"de"> = Object.freeze({
  code: "de",
  name: "German",
  tokenizer: wordTokenizer({}),
  stopWords: Object.freeze([...de.filter((w) => !NOT_FUNCTION_WORDS.has(w)), ...englishFunctionWords(GERMAN_NOT_ENGLISH)]),
  sources: Object.freeze({
    stopWords: "stopwords-iso 1.1 (a dependency of natural), its \"de\" list less its content words, English's (english-inside.ts)",
    stemmer: "natural's German Porter (Snowball) stemmer (stemmers/porter_stemmer_de.js)",
  }),
  stem: forScript(LATIN_WORD, (token) => Stemmer.stem(token)),
  scanRules: DEFAULT_RULES,
});

/** The German analyzer, for registerLanguage (registry.ts). */
export const GERMAN: LanguageRegistration<"de"> = registrationOf(GERMAN_SPEC);
