/**
 * TokenIds (the indexer's scanner) must give exactly the analyzers' tokens: it scans ASCII words
 * itself and hands every other word to the analyzer, so any difference would index different
 * terms than `recommendText` and `explain` see.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_RULES, SKLEARN_RULES, TokenIds, type ScanRules } from "../src/token-ids.js";
import { sklearnAnalyzer, tokenize } from "../src/tokenize.js";
import { loadBrown } from "../scripts/brown.js";

/** The ids of `text` (`out` is read after the scan: it may grow). */
function idsOf(ids: TokenIds, text: string): number[] {
  const n = ids.scan(text);
  return Array.from(ids.out.subarray(0, n));
}

/** A TokenIds whose ids index a list of the tokens it learned, and a decoder back to tokens. */
function harness(rules: ScanRules, tokens: (word: string) => string[], limit?: number) {
  const learned: string[] = [];
  const ids = new TokenIds(rules, tokens, (token) => learned.push(token) - 1, limit);
  const scan = (text: string) => idsOf(ids, text).map((id) => learned[id] as string);
  return { ids, learned, scan };
}

const ANALYZERS: [string, ScanRules, (text: string) => string[]][] = [
  ["default", DEFAULT_RULES, (t) => tokenize(t)],
  ["default, folding accents", DEFAULT_RULES, (t) => tokenize(t, true)],
  ["sklearn", SKLEARN_RULES, sklearnAnalyzer.tokens],
];

// Pieces that exercise every branch: ASCII letters in both cases, digits, underscore, both
// apostrophes, ASCII whitespace and punctuation, accents (composed and combining), letters whose
// lowercase depends on context (final sigma) or grows (İ), a no-break space (which folds to a
// space), other scripts, a surrogate pair, and a long word.
const PIECES = [
  "a", "Z", "x", "Qu", "7", "42", "_", "'", "\u2019", " ", "  ", "\t", "\n", "\r\n", ".", ",", "-", ":", "!", "(",
  "é", "É", "e\u0301", "ß", "Σ", "ΟΔΟΣ", "ς", "İ", "\u00a0", "東京", "Москва", "١٢", "😀", "x".repeat(300),
  "don't", "rock'n'roll", "''", "U.S.", "snake_case", "Atlanta\u2019s",
];
const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((parts) => parts.join(""));

describe("TokenIds", () => {
  it.each(ANALYZERS)("gives exactly the tokens of the %s analyzer, on any text", (_, rules, tokens) => {
    const { scan } = harness(rules, tokens);
    fc.assert(
      fc.property(text, (t) => {
        expect(scan(t)).toEqual(tokens(t));
      }),
      { numRuns: 2000 },
    );
  });

  it.each(ANALYZERS)("gives exactly the tokens of the %s analyzer on 100 Brown texts", (_, rules, tokens) => {
    const { scan } = harness(rules, tokens);
    for (const t of loadBrown().slice(0, 100)) expect(scan(`${t.title}\n${t.text}`)).toEqual(tokens(`${t.title}\n${t.text}`));
  });

  it("learns each distinct token once, across texts", () => {
    const { ids, learned, scan } = harness(DEFAULT_RULES, (t) => tokenize(t));
    expect(scan("Syria troops; troops in SYRIA")).toEqual(["syria", "troops", "troops", "in", "syria"]);
    expect(scan("troops leave Syria")).toEqual(["troops", "leave", "syria"]);
    expect(learned).toEqual(["syria", "troops", "in", "leave"]);
    expect(ids.size).toBe(4);
  });

  it("keeps tokens the learner drops as -1", () => {
    const ids = new TokenIds(DEFAULT_RULES, (t) => tokenize(t), (token) => (token === "the" ? -1 : 7));
    expect(idsOf(ids, "The troops, the city")).toEqual([-1, 7, -1, 7]);
  });

  it("follows a renumbering, and asks again for tokens whose term was dropped", () => {
    const calls: string[] = [];
    const ids = new TokenIds(DEFAULT_RULES, (t) => tokenize(t), (token) => (calls.push(token), token === "stop" ? -1 : calls.length + 9));
    const scan = (t: string) => idsOf(ids, t);
    expect(scan("alpha beta stop")).toEqual([10, 11, -1]);
    // alpha's term moves to 0, beta's term is dropped.
    const map = new Int32Array(12).fill(-1);
    map[10] = 0;
    ids.remap(map);
    expect(scan("alpha beta stop")).toEqual([0, 13, -1]);
    expect(calls).toEqual(["alpha", "beta", "stop", "beta"]);
  });

  it("starts over when it reaches its limit, and still gives the same tokens", () => {
    const { ids, scan } = harness(DEFAULT_RULES, (t) => tokenize(t), 3);
    const words = "one two three four five six seven one two";
    expect(scan(words)).toEqual(tokenize(words));
    expect(ids.size).toBeLessThanOrEqual(3);
  });

  it("reads an ASCII word correctly after a non-ASCII word longer than its buffer", () => {
    // The non-ASCII word grows the token buffer; the scan must then write into the new one
    // (it once kept the old one, and found the previous token again).
    const { scan } = harness(DEFAULT_RULES, (t) => tokenize(t));
    const text = `a Москва${"x".repeat(300)}\n${"x".repeat(305)} b`;
    expect(scan(text)).toEqual(tokenize(text));
  });

  it("handles tokens longer than its buffer, and texts with more tokens than its output", () => {
    const { scan } = harness(DEFAULT_RULES, (t) => tokenize(t));
    const long = "ab".repeat(40_000);
    expect(scan(`${long} x ${long.toUpperCase()}é`)).toEqual([long, "x", `${long}é`]);
    const many = Array.from({ length: 5000 }, (_, i) => `w${i}`).join(" ");
    expect(scan(many)).toEqual(tokenize(many));
  });
});
