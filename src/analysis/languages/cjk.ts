/**
 * What the Chinese and Japanese analyzers share: a token is a CJK bigram or character
 * (language-tokens.ts cjkTokenizer) or a word of another script, and the words are the default
 * analyzer's: English stop words, Porter stems for Latin words ("iPhone", "servers"). Stop words
 * are adapted to bigrams (cjkStopWords).
 */
import PorterStemmer from "natural/lib/natural/stemmers/porter_stemmer.js";
import { isCjkToken } from "../language-tokens.js";
import { ENGLISH_STOP_WORDS } from "../stopwords.js";
import { LATIN_WORD } from "./scripts.js";

/** Porter for Latin words (as the default analyzer); a CJK token goes to `cjk`; others unchanged. */
export function cjkStemmer(cjk: (token: string) => string): (token: string) => string {
  return (token) => (isCjkToken(token) ? cjk(token) : LATIN_WORD.test(token) ? PorterStemmer.stem(token) : token);
}

/**
 * The stop words of a CJK analyzer: the language's list; each pair of its one-character entries,
 * since text is cut into bigrams and a one-character stop word alone matches only a character
 * that stands alone ("我们", "这个", "什么" in Chinese, "には" in Japanese are two function
 * characters); and the English list, for the Latin words in the text.
 */
export function cjkStopWords(words: readonly string[]): readonly string[] {
  const single = words.filter((w) => [...w].length === 1 && isCjkToken(w));
  const pairs = single.flatMap((a) => single.map((b) => a + b));
  return Object.freeze([...new Set([...words, ...pairs, ...ENGLISH_STOP_WORDS])]);
}
