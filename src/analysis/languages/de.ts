/**
 * German ("de"): Unicode words, the German stop words of stopwords-iso (620 words; natural has no
 * German list of its own, and its German stemmer module loads stopwords-iso itself), natural's
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
import { LATIN_WORD } from "./scripts.js";

/** What the German analyzer is made of. */
export const GERMAN_SPEC: LanguageSpec<"de"> = Object.freeze({
  code: "de",
  name: "German",
  tokenizer: wordTokenizer({}),
  stopWords: Object.freeze([...de]),
  sources: Object.freeze({
    stopWords: "stopwords-iso 1.1 (a dependency of natural), its \"de\" list",
    stemmer: "natural's German Porter (Snowball) stemmer (stemmers/porter_stemmer_de.js)",
  }),
  stem: forScript(LATIN_WORD, (token) => Stemmer.stem(token)),
  scanRules: DEFAULT_RULES,
});

/** The German analyzer, for registerLanguage (registry.ts). */
export const GERMAN: LanguageRegistration<"de"> = registrationOf(GERMAN_SPEC);
