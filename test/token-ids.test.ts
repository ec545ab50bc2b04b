/**
 * TokenIds (the indexer's scanner) must give exactly the analyzers' tokens: it scans ASCII words
 * itself and hands every other word to the analyzer, so any difference would index different
 * terms than `recommendText` and `explain` see.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Analyzer } from "../src/analysis/analyzer.js";
import { DEFAULT_RULES, MAX_TOKEN_LENGTH, tokenize } from "../src/analysis/default-analyzer.js";
import { analyzerNamed, analyzerNames, fixedOptionsOf } from "../src/analysis/registry.js";
import { SKLEARN_RULES, sklearnAnalyzer } from "../src/analysis/sklearn-analyzer.js";
import { TokenIds } from "../src/analysis/token-ids.js";
import { loadBrown } from "../scripts/brown.js";
import { createLanguageAnalyzer } from "../src/analysis/registry.js";
import { registerAllLanguages } from "../src/analysis/lang/all.js";
import { eachPair, termsWithBreaks } from "../src/analysis/word-pairs.js";
import { referencePairs } from "./reference.js";

registerAllLanguages();

/** The ids of `text` (`out` is read after the scan: it may grow). */
function idsOf(ids: TokenIds, text: string): number[] {
  const n = ids.scan(text);
  return Array.from(ids.out.subarray(0, n));
}

/** What the scanner reads of an analyzer. */
type Scanned = Pick<Analyzer, "scanRules" | "tokens">;

/** A TokenIds whose ids index a list of the tokens it learned, and a decoder back to tokens. */
function harness(analyzer: Scanned, limit?: number) {
  const learned: string[] = [];
  const ids = new TokenIds(analyzer, (token) => learned.push(token) - 1, limit);
  const scan = (text: string) => idsOf(ids, text).map((id) => learned[id] as string);
  return { ids, learned, scan };
}

/** The default analyzer's tokenizer (`tokenize`) and scan rules. */
const DEFAULT: Scanned = { scanRules: DEFAULT_RULES, tokens: (t) => tokenize(t) };

/** Every registered analyzer, with its default options and, when it takes options, folding accents. */
const ANALYZERS: [string, Scanned][] = analyzerNames().flatMap((name): [string, Scanned][] =>
  fixedOptionsOf(name) === undefined
    ? [[name, analyzerNamed(name)], [`${name}, folding accents`, analyzerNamed(name, { foldAccents: true })]]
    : [[name, analyzerNamed(name)]],
);

// Pieces that exercise every branch: ASCII letters in both cases, digits, underscore, both
// apostrophes, ASCII whitespace and punctuation, accents (composed and combining), letters whose
// lowercase depends on context (final sigma) or grows (İ), a no-break space (which folds to a
// space), other scripts, a surrogate pair, and words at and past the default analyzer's length
// limit (64): alone or joined to a neighbour, with apostrophes that do not count, in letters that
// are two UTF-16 units, or with marks that folding removes.
const PIECES = [
  "a", "Z", "x", "Qu", "7", "42", "_", "'", "\u2019", " ", "  ", "\t", "\n", "\r\n", ".", ",", "-", ":", "!", "(",
  "é", "É", "e\u0301", "ß", "Σ", "ΟΔΟΣ", "ς", "İ", "\u00a0", "東京", "Москва", "١٢", "😀", "x".repeat(300),
  "don't", "rock'n'roll", "''", "U.S.", "snake_case", "Atlanta\u2019s",
  "Y".repeat(63), "q".repeat(64), "b'".repeat(40), "Ж".repeat(64), "\u{20000}".repeat(40), "e\u0301".repeat(32), "é".repeat(33),
];
const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((parts) => parts.join(""));

describe("TokenIds", () => {
  it("is checked against every registered analyzer", () => {
    expect(ANALYZERS.map(([name]) => name)).toEqual(["default", "default, folding accents", "sklearn"]);
  });

  it.each(ANALYZERS)("gives exactly the tokens of the %s analyzer, on any text", (_, analyzer) => {
    const { scan } = harness(analyzer);
    const tokens = analyzer.tokens;
    fc.assert(
      fc.property(text, (t) => {
        expect(scan(t)).toEqual(tokens(t));
      }),
      { numRuns: 2000 },
    );
  });

  it.each(ANALYZERS)("gives exactly the tokens of the %s analyzer on 100 Brown texts", (_, analyzer) => {
    const { scan } = harness(analyzer);
    const tokens = analyzer.tokens;
    for (const t of loadBrown().slice(0, 100)) expect(scan(`${t.title}\n${t.text}`)).toEqual(tokens(`${t.title}\n${t.text}`));
  });

  it("learns each distinct token once, across texts", () => {
    const { ids, learned, scan } = harness(DEFAULT);
    expect(scan("Syria troops; troops in SYRIA")).toEqual(["syria", "troops", "troops", "in", "syria"]);
    expect(scan("troops leave Syria")).toEqual(["troops", "leave", "syria"]);
    expect(learned).toEqual(["syria", "troops", "in", "leave"]);
    expect(ids.size).toBe(4);
  });

  it("keeps tokens the learner drops as -1", () => {
    const ids = new TokenIds(DEFAULT, (token) => (token === "the" ? -1 : 7));
    expect(idsOf(ids, "The troops, the city")).toEqual([-1, 7, -1, 7]);
  });

  it("follows a renumbering, and asks again for tokens whose term was dropped", () => {
    const calls: string[] = [];
    const ids = new TokenIds(DEFAULT, (token) => (calls.push(token), token === "stop" ? -1 : calls.length + 9));
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
    const { ids, scan } = harness(DEFAULT, 3);
    const words = "one two three four five six seven one two";
    expect(scan(words)).toEqual(tokenize(words));
    expect(ids.size).toBeLessThanOrEqual(3);
  });

  it.each(ANALYZERS)("reads an ASCII word correctly after a non-ASCII word longer than its buffer (%s)", (_, analyzer) => {
    // The non-ASCII word grows the token buffer; the scan must then write into the new one
    // (it once kept the old one, and found the previous token again). Only the sklearn rules
    // still look such a word up: the default analyzer skips it.
    const { scan } = harness(analyzer);
    const tokens = analyzer.tokens;
    const text = `ab Москва${"x".repeat(300)}\n${"x".repeat(305)} cd`;
    expect(scan(text)).toEqual(tokens(text));
  });

  it("handles tokens longer than its buffer (sklearn: no length limit)", () => {
    const { scan } = harness(sklearnAnalyzer);
    const long = "ab".repeat(40_000);
    const got = scan(`${long} xy ${long.toUpperCase()}é`);
    expect(got.length).toBe(3);
    expect(got[0] === long && got[1] === "xy" && got[2] === `${long}é`).toBe(true);
  });

  it("handles texts with more tokens than its output", () => {
    const { scan } = harness(DEFAULT);
    const many = Array.from({ length: 5000 }, (_, i) => `w${i}`).join(" ");
    expect(scan(many)).toEqual(tokenize(many));
  });

  describe("tokens longer than MAX_TOKEN_LENGTH", () => {
    const at = (n: number) => "k".repeat(n);

    it("skips them with the default rules, at the same length as tokenize, apostrophes not counted", () => {
      const { scan } = harness(DEFAULT);
      const text = [at(63), at(64), at(65), "Z".repeat(64), `${at(60)}'s'abc`, `${at(60)}'s'abcd`, "ok"].join(" ");
      // 66 and 67 characters with their apostrophes, 64 and 65 without.
      expect(scan(text)).toEqual([at(63), at(64), "z".repeat(64), `${at(60)}sabc`, "ok"]);
      expect(scan(text)).toEqual(tokenize(text));
    });

    it("skips them in a word that is not all ASCII, as tokenize does", () => {
      const { scan } = harness(DEFAULT);
      const text = `é${at(64)} é${at(63)} ${at(70)}-é ${"\u{20000}".repeat(64)} ${"\u{20000}".repeat(65)}`;
      expect(scan(text)).toEqual([`é${at(63)}`, "é", "\u{20000}".repeat(64)]);
      expect(scan(text)).toEqual(tokenize(text));
    });

    it("never learns a skipped token, so it keeps neither it nor its term", () => {
      const { ids, learned, scan } = harness(DEFAULT);
      const got = scan(`lead ${"x".repeat(1_000_000)} tail ${"ab".repeat(40)}é end`);
      // Lengths, not tokens: a failure must not diff a megabyte.
      expect(got.map((t) => t.length)).toEqual([4, 4, 3]);
      expect(learned).toEqual(["lead", "tail", "end"]);
      expect(ids.size).toBe(3);
    });

    it("keeps them with the sklearn rules, as scikit-learn does", () => {
      const { scan } = harness(sklearnAnalyzer);
      expect(scan(`${at(64)} ${at(65)} ${at(200)}`)).toEqual([at(64), at(65), at(200)]);
    });

    it("is the limit documented as MAX_TOKEN_LENGTH", () => {
      expect(MAX_TOKEN_LENGTH).toBe(64);
      expect(DEFAULT_RULES.maxRun).toBe(MAX_TOKEN_LENGTH);
      expect(SKLEARN_RULES.maxRun).toBe(Infinity);
    });
  });

  it.each(ANALYZERS)("gives exactly the tokens of the %s analyzer on 1.2 MB of mixed junk", (_, analyzer) => {
    // Over a megabyte, tokenize and the sklearn analyzer match bounded pieces and join them
    // (V8's regex stack); the scanner hands them one word at a time, matched whole.
    const { scan } = harness(analyzer);
    const tokens = analyzer.tokens;
    const junk = fc.sample(text, { numRuns: 20_000, seed: 7 }).join(" ");
    expect(junk.length).toBeGreaterThan(1 << 20);
    const got = scan(junk);
    const want = tokens(junk);
    expect(got.length).toBe(want.length);
    expect(got.every((t, i) => t === want[i])).toBe(true);
  });
});

describe("TokenIds with word-pair breaks (wordPairs on)", () => {
  /** Full analyzers: every registered one, and languages with other tokenizers (elision, CJK bigrams, Cyrillic). */
  const FULL: [string, Analyzer][] = [
    ...analyzerNames().map((name): [string, Analyzer] => [name, analyzerNamed(name)]),
    ["default, folding accents", analyzerNamed("default", { foldAccents: true })],
    ...["fr", "ja", "zh", "ru"].map((code): [string, Analyzer] => [code, createLanguageAnalyzer(code)]),
  ];
  // The scanner's pieces and every kind of break, alone and at word edges.
  const BREAKING = [...PIECES, ")", '"', "[", "]", ";", "?", "\u2014", "\u2013", "\u00ab", "\u00bb", "\u201c", "\u201d", "\u2026", "\u3002", "\u3001", "\uff08", "the", "of", " l'", "文書"];
  const breakingText = fc.array(fc.constantFrom(...BREAKING), { maxLength: 40 }).map((parts) => parts.join(""));

  /** A scanner with breaks over `analyzer`, and its sequence of terms ("" for -1: no term, or a break). */
  function termHarness(analyzer: Analyzer, breaks: boolean) {
    const terms: string[] = [];
    const ids = new TokenIds(analyzer, (token) => {
      const term = analyzer.term(token);
      return term === "" ? -1 : terms.push(term) - 1;
    }, undefined, breaks);
    return (text: string) => idsOf(ids, text).map((id) => (id < 0 ? "" : (terms[id] as string)));
  }
  const pairs = (seq: readonly string[]) => {
    const out: string[] = [];
    eachPair(seq, (p) => out.push(p));
    return out;
  };

  it.each(FULL)("gives the pairs of the reference and of termsWithBreaks (drafts), and the same terms, with the %s analyzer", (_, analyzer) => {
    const withBreaks = termHarness(analyzer, true);
    const without = termHarness(analyzer, false);
    fc.assert(
      fc.property(breakingText, (t) => {
        const seq = withBreaks(t);
        expect(pairs(seq)).toEqual(referencePairs(analyzer, t));
        expect(pairs(termsWithBreaks(analyzer, t))).toEqual(referencePairs(analyzer, t));
        // The single terms are those of the scan without breaks, and of the analyzer.
        expect(seq.filter((x) => x !== "")).toEqual(without(t).filter((x) => x !== ""));
        expect(seq.filter((x) => x !== "")).toEqual(analyzer(t));
      }),
      { numRuns: 1000 },
    );
  });

  it.each(FULL.slice(0, 3))("gives the reference's pairs on 100 Brown texts (%s)", (_, analyzer) => {
    const withBreaks = termHarness(analyzer, true);
    for (const t of loadBrown().slice(0, 100)) expect(pairs(withBreaks(t.text))).toEqual(referencePairs(analyzer, t.text));
  });

  it("breaks at sentence and clause punctuation next to whitespace, not inside a word", () => {
    const scan = termHarness(analyzerNamed("default"), true);
    expect(pairs(scan("Ballistic missiles. Troops (withdrawal) node.js file-descriptor «café» rates, rise"))).toEqual([
      "ballist missil",
      "node js",
      "js file",
      "file descriptor",
    ]);
  });
});
