/**
 * The small pieces of the scanner (token-ids.ts): the 6-bit character codes of short keys and the
 * elided words' keys, the short-key hash, a span's token, ids across renumberings, where a word
 * pair breaks, and the growth of its typed arrays.
 */
import { fail } from "../errors.js";
import { ELISION_MAX_LENGTH } from "./analyzer.js";
import { isPairBreak } from "./word-pairs.js";

/** Characters per key int (6 bits each). */
export const PER_INT = 5;
/** A token whose term was forgotten at a compaction: asked again on its next hit. */
export const FORGOTTEN = -2;

export const isAsciiSpace = (c: number) => c === 32 || (c >= 9 && c <= 13);

/**
 * The 6-bit code of a character of a short key, as the scan gives it: a-z 1-26, 0-9 27-36, _ 37;
 * 0 for any other character (capitals included: the scan lowercases them before they are a key).
 * No code is 0, so keys of different lengths differ.
 */
export function exactCode(c: number): number {
  if (c >= 97 && c <= 122) return c - 96;
  if (c >= 48 && c <= 57) return c - 21;
  return c === 95 ? 37 : 0;
}

/**
 * The key the scan holds after reading an elided word: k1 * 2^30 + k0, exact in a double for
 * words of at most ELISION_MAX_LENGTH letters (k1 then holds at most 3 letters, 18 bits).
 * @throws {RecommenderError} `INVALID_OPTION` for a word the scan could not key so
 */
export function elisionKey(word: string): number {
  if (!/^[a-z]+$/.test(word) || word.length > ELISION_MAX_LENGTH) {
    throw fail("INVALID_OPTION", "scanRules.elisions", word, `lowercase ASCII letters, at most ${ELISION_MAX_LENGTH}`);
  }
  let k0 = 0;
  let k1 = 0;
  for (let k = 0; k < word.length; k++) {
    const code = exactCode(word.charCodeAt(k));
    if (k < PER_INT) k0 = (k0 << 6) | code;
    else k1 = (k1 << 6) | code;
  }
  return k1 * 2 ** 30 + k0;
}

/** A short key's slot hash (murmur3-style finaliser: low bits must depend on every char). */
export function mix(k0: number, k1: number, k2: number): number {
  let h = k0 ^ Math.imul(k1, 0x9e3779b1) ^ Math.imul(k2, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return h ^ (h >>> 16);
}

/** The token a scanned span spells: ASCII, so lowercasing is per character; joining apostrophes go. */
export function spanToken(text: string, start: number, end: number): string {
  const s = text.slice(start, end).toLowerCase();
  return s.includes("'") ? s.replaceAll("'", "") : s;
}

/** An id after a renumbering; a term that left the corpus is forgotten (a fresh id if it comes back). */
export function remapped(id: number, map: Int32Array | ((id: number) => number)): number {
  if (id === -1 || id === FORGOTTEN) return id;
  if (typeof map === "function") {
    const next = map(id);
    return next === -1 ? FORGOTTEN : next;
  }
  if (id < 0) return id;
  const next = map[id] as number;
  return next < 0 ? FORGOTTEN : next;
}

/** Whether a word pair breaks at the whitespace `text[i]`: the word before it ends, or the one after starts, with a break (word-pairs.ts). */
export function breaksAt(text: string, i: number): boolean {
  return (i > 0 && isPairBreak(text.charCodeAt(i - 1))) || (i + 1 < text.length && isPairBreak(text.charCodeAt(i + 1)));
}

export function isAsciiAlnum(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
}

export function grow<T extends Int32Array | Uint16Array>(a: T, size: number): T {
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}
