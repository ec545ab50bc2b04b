/**
 * Indonesian ("id"): Unicode words, natural's Indonesian stop words (util/stopwords_id.js),
 * natural's Indonesian stemmer (stemmers/indonesian/stemmer_id.js: Nazief-Adriani affix removal
 * checked against its root-word dictionary, kata-dasar.json, about 380 kB). A hyphen between two
 * letters stays in the word, since Indonesian writes plurals and other forms by reduplication:
 * "anak-anak" is one token, which the stemmer takes to "anak", and natural's list has such stop
 * words ("masing-masing"). Apostrophes inside a word join it.
 * The indexer's ASCII scanner has no rule for inner hyphens, so every word goes through the
 * tokenizer (scanRules null: exact, slower to index).
 */
import Stemmer from "natural/lib/natural/stemmers/indonesian/stemmer_id.js";
import { words } from "natural/lib/natural/util/stopwords_id.js";
import { forScript, registrationOf, type LanguageRegistration, type LanguageSpec } from "../language-analyzer.js";
import { wordTokenizer } from "../language-tokens.js";

const LATIN_OR_HYPHEN = /^[\p{Script=Latin}-]+$/u;

/** What the Indonesian analyzer is made of. */
export const INDONESIAN_SPEC: LanguageSpec<"id"> = Object.freeze({
  code: "id",
  name: "Indonesian",
  tokenizer: wordTokenizer({ hyphens: true }),
  // A copy: natural's array is shared and mutable.
  stopWords: Object.freeze([...words]),
  sources: Object.freeze({
    stopWords: "natural's Indonesian stop words (util/stopwords_id.js)",
    stemmer: "natural's Indonesian stemmer (stemmers/indonesian/stemmer_id.js)",
  }),
  stem: forScript(LATIN_OR_HYPHEN, (token) => Stemmer.stem(token)),
  scanRules: null,
});

/** The Indonesian analyzer, for registerLanguage (registry.ts). */
export const INDONESIAN: LanguageRegistration<"id"> = registrationOf(INDONESIAN_SPEC);
