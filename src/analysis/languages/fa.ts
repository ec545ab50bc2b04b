/**
 * Persian ("fa"): Unicode words, natural's Persian stop words (util/stopwords_fa.js: 7 words, the
 * rest of its entries are punctuation and digits, which are no tokens), and no stemmer: natural's
 * Persian "stemmer" (stemmers/porter_stemmer_fa.js) returns every word unchanged ("disabled
 * stemming for Farsi"), so it is not loaded. Spelling is normalized as Persian text needs: Arabic
 * yeh and alef maksura -> Persian yeh (ی), Arabic kaf -> keheh (ک), teh marbuta and heh with yeh
 * above -> heh (ه); short-vowel marks (harakat) and tatweel are removed. The zero-width non-joiner
 * inside a word ("می‌خواهم") cuts it, as a space would. The indexer reads ASCII words itself
 * (DEFAULT_RULES: their tokens are the default analyzer's).
 */
import { words } from "natural/lib/natural/util/stopwords_fa.js";
import { DEFAULT_RULES } from "../default-analyzer.js";
import { registrationOf, type LanguageRegistration, type LanguageSpec } from "../language-analyzer.js";
import { wordTokenizer } from "../language-tokens.js";

const ARABIC_LETTERS = /[\u064a\u0649\u0643\u0629\u06c0\u064b-\u065f\u0670\u0640]/g;
const PERSIAN_FORMS: Readonly<Record<string, string>> = Object.freeze({
  "\u064a": "\u06cc", // ي -> ی
  "\u0649": "\u06cc", // ى -> ی
  "\u0643": "\u06a9", // ك -> ک
  "\u0629": "\u0647", // ة -> ه
  "\u06c0": "\u0647", // ۀ -> ه
});

/** Persian spelling: Arabic letter forms to Persian ones, harakat and tatweel removed. */
export function persianSpelling(text: string): string {
  return text.replace(ARABIC_LETTERS, (c) => PERSIAN_FORMS[c] ?? "");
}

/** What the Persian analyzer is made of. */
export const PERSIAN_SPEC: LanguageSpec<"fa"> = Object.freeze({
  code: "fa",
  name: "Persian",
  tokenizer: wordTokenizer({ normalize: persianSpelling }),
  // A copy: natural's array is shared and mutable.
  stopWords: Object.freeze([...words]),
  sources: Object.freeze({
    stopWords: "natural's Persian stop words (util/stopwords_fa.js)",
    stemmer: "none: natural's Persian stemmer (stemmers/porter_stemmer_fa.js) returns words unchanged",
  }),
  stem: null,
  scanRules: DEFAULT_RULES,
});

/** The Persian analyzer, for registerLanguage (registry.ts). */
export const PERSIAN: LanguageRegistration<"fa"> = registrationOf(PERSIAN_SPEC);
