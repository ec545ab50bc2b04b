/**
 * Tokenizers of the language analyzers (languages/*.ts): text -> lowercase tokens, before stop
 * words and stemming. Two kinds:
 *
 * - words (Latin, Cyrillic and Arabic scripts): maximal runs of Unicode letters, marks and digits,
 *   as the default analyzer cuts them, with a language's own rules at apostrophes (French and
 *   Italian elision), hyphens (Indonesian reduplication) and letters (Russian ё, Persian yeh and
 *   kaf). A letter of any other script is still a token character: Greek under "fr" gives Greek
 *   tokens, never nothing;
 * - CJK (Chinese, Japanese): a run of Han, Hiragana and Katakana characters gives its overlapping
 *   bigrams (a run of one character gives that character); the other runs in the text are words,
 *   cut as the default analyzer cuts them.
 *
 * Both never join across ASCII whitespace, and normalize (NFC, or NFKC for CJK) word by word, so
 * the indexer may cut a text at ASCII whitespace and ask for each word's tokens (token-ids.ts).
 * Both take time linear in the text's length: no regex here backtracks, and texts past
 * MATCH_MAX_TEXT are matched in bounded pieces (token-runs.ts).
 */
import { isWordLength } from "./term-pipeline.js";
import { MATCH_MAX_TEXT, tokenRuns } from "./token-runs.js";

/** A tokenizer, as a language analyzer builds it from its options. */
export type Tokenizer = (text: string) => string[];

/** What a word tokenizer does besides cutting runs of letters, marks and digits. */
export interface WordRules {
  /**
   * Elided words (lowercase): at the start of a token, before an apostrophe and a letter or
   * digit, they are dropped with the apostrophe, once ("l'armée" -> "armée", "dell'esercito" ->
   * "esercito"). Any other apostrophe inside a token joins its two sides ("aujourd'hui" -> "aujourdhui").
   */
  elisions?: readonly string[];
  /** A hyphen between two letters or digits stays in the token ("anak-anak"). Default: it cuts. */
  hyphens?: boolean;
  /** Spelling normalization after lowercasing ("ё" -> "е"); it must not change ASCII. */
  normalize?: (lowercased: string) => string;
}

const TOKEN = /[\p{L}\p{M}\p{N}]+/gu;
// The same class, at most 4096 code points a match (see tokenRuns).
const TOKEN_PIECE = /[\p{L}\p{M}\p{N}]{1,4096}/gu;
// With U+E000 standing for a joining hyphen (see hyphenTokens).
const HYPHEN_TOKEN = /[\p{L}\p{M}\p{N}\uE000]+/gu;
const HYPHEN_PIECE = /[\p{L}\p{M}\p{N}\uE000]{1,4096}/gu;
const NON_ASCII = /[^\u0000-\u007f]/;
const APOSTROPHE = /['\u2019]/;
const INNER_APOSTROPHE = /(?<=[\p{L}\p{M}\p{N}])['\u2019](?=[\p{L}\p{M}\p{N}])/gu;
const INNER_HYPHEN = /(?<=[\p{L}\p{M}\p{N}])-(?=[\p{L}\p{M}\p{N}])/gu;
const JOINING_HYPHEN = /\uE000/g;
// U+02BC (modifier letter apostrophe, Ukrainian's apostrophe) is a letter to Unicode: here it is
// an apostrophe, so that "мʼясо", "м'ясо" and "м’ясо" are one token.
const MODIFIER_APOSTROPHE = /\u02bc/g;
const LATIN_MARKS = /(\p{Script=Latin})\p{M}+/gu;

export { isWordLength };

/**
 * Composed (NFC), or with the marks of Latin letters removed when folding accents ("Café" ->
 * "Cafe"); other scripts keep theirs (Russian "й" stays "й"), unlike the default analyzer's fold.
 * `compat` also folds compatibility forms (NFKC: full-width "Ａ" and half-width "ｶ" to "A" and "カ").
 */
function normalized(text: string, foldAccents: boolean, compat: boolean): string {
  if (!NON_ASCII.test(text)) return text;
  if (foldAccents) return text.normalize("NFKD").replace(LATIN_MARKS, "$1").normalize(compat ? "NFKC" : "NFC");
  return text.normalize(compat ? "NFKC" : "NFC");
}

/** Lowercased, normalized, with U+02BC as an apostrophe. */
function prepared(text: string, foldAccents: boolean, compat: boolean, normalize?: (t: string) => string): string {
  let t = normalized(text, foldAccents, compat).toLowerCase();
  if (t.includes("\u02bc")) t = t.replace(MODIFIER_APOSTROPHE, "'");
  return normalize === undefined ? t : normalize(t);
}

/** The maximal runs of `token`'s characters of at most MAX_TOKEN_LENGTH code points, in any text's length. */
function runs(t: string, token: RegExp, piece: RegExp): string[] {
  if (t.length > MATCH_MAX_TEXT) return tokenRuns(t, piece, isWordLength);
  const all = t.match(token) ?? [];
  for (let i = 0, n = all.length; i < n; i++) if (!isWordLength(all[i] as string)) return all.filter(isWordLength);
  return all;
}

/**
 * Drops the elided words of `elisions` at the start of tokens. An elided word is dropped when no
 * letter, mark or digit comes before it, nor one followed by an apostrophe (so only once, at a
 * token's start: "l'l'x" keeps "l'x", as the scanner's rules say, see ScanRules.elisions).
 */
function elisionPattern(elisions: readonly string[]): RegExp {
  // Longest first, though the apostrophe after each alternative makes the order not matter.
  const words = [...elisions].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  return new RegExp(`(?<![\\p{L}\\p{M}\\p{N}]['\\u2019]?)(?:${words.join("|")})['\\u2019](?=[\\p{L}\\p{M}\\p{N}])`, "gu");
}

/**
 * A word tokenizer (Latin, Cyrillic, Arabic scripts).
 * @param rules elision, hyphens and spelling normalization of the language
 * @returns a tokenizer for the given accent folding
 * @example wordTokenizer({ elisions: ["l"] })(false)("L'armée") // ["armée"]
 */
export function wordTokenizer(rules: WordRules): (foldAccents: boolean) => Tokenizer {
  const elide = rules.elisions === undefined || rules.elisions.length === 0 ? null : elisionPattern(rules.elisions);
  const { hyphens = false, normalize } = rules;
  return (foldAccents) => (text) => {
    let t = prepared(text, foldAccents, false, normalize);
    if (APOSTROPHE.test(t)) {
      if (elide !== null) t = t.replace(elide, "");
      t = t.replace(INNER_APOSTROPHE, "");
    }
    if (!hyphens || !t.includes("-")) return runs(t, TOKEN, TOKEN_PIECE);
    return hyphenTokens(t);
  };
}

/**
 * Tokens that keep their inner hyphens. A joining hyphen becomes U+E000 (a private-use character,
 * so no token character; one already in the text becomes a space, which it equals as a separator)
 * so that the runs are found by one character class, in bounded pieces for long texts.
 */
function hyphenTokens(t: string): string[] {
  const marked = (t.includes("\uE000") ? t.replace(JOINING_HYPHEN, " ") : t).replace(INNER_HYPHEN, "\uE000");
  const out = runs(marked, HYPHEN_TOKEN, HYPHEN_PIECE);
  for (let i = 0, n = out.length; i < n; i++) {
    const token = out[i] as string;
    if (token.includes("\uE000")) out[i] = token.replace(JOINING_HYPHEN, "-");
  }
  return out;
}

/** A CJK character: Han, Hiragana, Katakana, and the prolonged sound mark "ー" (Common script). */
const CJK_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u30fc]/u;
/** A character that is not CJK (a mark included). One character a test: no regex stack on long runs. */
const NON_CJK = /[^\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u30fc]/u;
/** Katakana as natural's Japanese stemmer sees it (U+30A0-U+30FF, "ー" included). */
const KATAKANA_RUN = /[\u30a0-\u30ff]{4,}/g;
const PROLONGED_SOUND_MARK = "\u30fc";

/** A CJK token (a bigram or a lone character), as opposed to a word of another script. */
export function isCjkToken(token: string): boolean {
  return CJK_CHAR.test(String.fromCodePoint(token.codePointAt(0) ?? 0));
}

/**
 * natural's Japanese stemmer (stemmers/stemmer_ja.js, Lucene's JapaneseKatakanaStemFilter): a
 * katakana word of 4 characters or more loses its final prolonged sound mark ("コンピューター" ->
 * "コンピュータ"). Written here rather than imported: natural's module loads its Japanese
 * tokenizer, which requires Node's `util`, and would keep the "ja" analyzer out of browsers.
 */
export function stemKatakana(token: string): string {
  return token.length >= 4 && token.endsWith(PROLONGED_SOUND_MARK) && /^[\u30a0-\u30ff]+$/.test(token) ? token.slice(0, -1) : token;
}

/** CJK tokenizer options. */
export interface CjkRules {
  /**
   * Stem each katakana run (stemKatakana) before its bigrams are cut: a bigram is too short for
   * the rule, and a word and its long form then share all bigrams but the last.
   */
  katakana?: boolean;
}

/**
 * A CJK tokenizer (Chinese, Japanese): each run of CJK characters gives its overlapping bigrams
 * ("東京都" -> "東京", "京都"), or itself when it is one character; a run of other letters, marks
 * and digits is a token as in the default analyzer ("iPhone" -> "iphone", "don't" -> "dont",
 * none past MAX_TOKEN_LENGTH). A CJK run has no length limit. Text is NFKC-normalized first
 * (full-width Latin and digits, half-width katakana).
 * @example cjkTokenizer({})(false)("东京iPhone手机") // ["东京", "iphone", "手机"]
 */
export function cjkTokenizer(rules: CjkRules): (foldAccents: boolean, stemming: boolean) => Tokenizer {
  return (foldAccents, stemming) => (text) => {
    let t = prepared(text, foldAccents, true);
    if (APOSTROPHE.test(t)) t = t.replace(INNER_APOSTROPHE, "");
    const out: string[] = [];
    // Runs of any length: CJK runs are cut below, other pieces checked for length there.
    const all = t.length > MATCH_MAX_TEXT ? tokenRuns(t, TOKEN_PIECE, () => true) : (t.match(TOKEN) ?? []);
    for (let i = 0, n = all.length; i < n; i++) splitRun(all[i] as string, out, rules.katakana === true && stemming);
    return out;
  };
}

/** Cuts one run of letters, marks and digits into CJK bigrams and other words, onto `out`. */
function splitRun(run: string, out: string[], katakana: boolean): void {
  // Most runs are one kind throughout: no loop over their characters then.
  if (!CJK_CHAR.test(run)) {
    if (isWordLength(run)) out.push(run);
    return;
  }
  if (!NON_CJK.test(run)) return pushPiece(run, true, out, katakana);
  // The current piece and its kind; a mark stays with the character before it, whatever its script.
  let piece = "";
  let inCjk = false;
  for (const ch of run) {
    const cjk = CJK_CHAR.test(ch);
    if (piece !== "" && cjk !== inCjk && !MARK.test(ch)) {
      pushPiece(piece, inCjk, out, katakana);
      piece = "";
    }
    if (piece === "" || cjk) inCjk = cjk;
    piece += ch;
  }
  if (piece !== "") pushPiece(piece, inCjk, out, katakana);
}

const MARK = /\p{M}/u;

function pushPiece(piece: string, cjk: boolean, out: string[], katakana: boolean): void {
  if (!cjk) {
    if (isWordLength(piece)) out.push(piece);
    return;
  }
  const text = katakana ? piece.replace(KATAKANA_RUN, stemKatakana) : piece;
  // Where each character starts (a code point, with the marks after it), then text's end:
  // bigrams are slices, not strings put together (3x faster on long runs).
  const marks = MARK.test(text);
  const starts: number[] = [];
  for (let i = 0, end = text.length; i < end; ) {
    const size = (text.codePointAt(i) as number) > 0xffff ? 2 : 1;
    if (!marks || starts.length === 0 || !MARK.test(text.slice(i, i + size))) starts.push(i);
    i += size;
  }
  starts.push(text.length);
  const n = starts.length - 1;
  if (n === 1) out.push(text);
  for (let k = 0; k + 1 < n; k++) out.push(text.slice(starts[k], starts[k + 2]));
}
