/**
 * The indexer's scanner (TokenIds) must give exactly each language analyzer's tokens: it reads
 * ASCII words itself by the analyzer's scanRules (French and Italian with their elided words) and
 * hands every other word to the analyzer. Checked on random texts made of pieces that reach each
 * rule: elided words in both cases and with both apostrophes, apostrophes that join, repeated or
 * stray apostrophes, hyphens, accents, other scripts, CJK, words at the length limit.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Analyzer } from "../src/analysis/analyzer.js";
import { DEFAULT_RULES } from "../src/analysis/default-analyzer.js";
import { registerAllLanguages } from "../src/analysis/lang/all.js";
import { createLanguageAnalyzer, LANGUAGE_CODES } from "../src/analysis/registry.js";
import { TokenIds } from "../src/analysis/token-ids.js";
import { RecommenderError } from "../src/errors.js";

registerAllLanguages();

const PIECES = [
  "a", "Z", "x", "7", "42", "'", "\u2019", "\u02bc", " ", "  ", "\t", "\n", ".", ",", "-", "--", "(", "!",
  "l'", "L'", "l\u2019", "d'", "qu'", "Qu'", "jusqu'", "lorsqu'", "quoiqu'", "dell'", "all'", "un'", "nell'", "quest'",
  "l'l'", "x'l'", "aujourd'hui", "don't", "''", "'l", "ll'", "qu", "armee", "Armée", "esercito", "città", "e\u0301",
  "ß", "Σ", "ΟΔΟΣ", "İ", "ё", "Ещё", "м'ясо", "мʼясо", "كتاب", "ي", "\u200c", "東京", "コンピューター", "ｶﾀｶﾅ", "ー",
  "２０２４", "年", "😀", "\u00a0", "\u00a8", "ﬁ", "①", "か\u3099", "・", "한국어", "anak-anak", "-x-", "\uE000", "Y".repeat(63), "q".repeat(64), "b'".repeat(40), "é".repeat(33),
];
const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 30 }).map((parts) => parts.join(""));

/** The tokens the scanner gives for `t`, as the analyzer's own tokens would read. */
function scanner(analyzer: Pick<Analyzer, "scanRules" | "tokens">) {
  const learned: string[] = [];
  const ids = new TokenIds(analyzer, (token) => learned.push(token) - 1);
  return (t: string) => {
    const n = ids.scan(t);
    return Array.from(ids.out.subarray(0, n), (id) => learned[id]);
  };
}

const OTHERS = LANGUAGE_CODES.filter((c) => c !== "en");

describe.each(OTHERS)("language %s through the indexer's scanner", (code) => {
  it.each([false, true])("gives exactly the analyzer's tokens on any text (folding accents: %s)", (foldAccents) => {
    const analyzer = createLanguageAnalyzer(code, { foldAccents });
    const scan = scanner(analyzer);
    fc.assert(
      fc.property(text, (t) => {
        expect(scan(t)).toEqual(analyzer.tokens(t));
      }),
      { numRuns: 1500 },
    );
  });
});

describe("scan rules of the language analyzers", () => {
  it("are the default analyzer's, with the elided words for French and Italian, and none for Indonesian", () => {
    for (const code of OTHERS) {
      const rules = createLanguageAnalyzer(code).scanRules;
      if (code === "id") expect(rules).toBeNull();
      else {
        const { elisions, ...rest } = rules ?? {};
        expect(rest).toEqual(DEFAULT_RULES);
        expect(elisions !== undefined).toBe(code === "fr" || code === "it");
      }
    }
  });

  it("elide only at the start of a token, once, and only before a letter or digit", () => {
    const fr = createLanguageAnalyzer("fr");
    const scan = scanner(fr);
    const cases: [string, string[]][] = [
      ["l'armee", ["armee"]],
      ["L'Armee", ["armee"]],
      ["qu'il jusqu'ici", ["il", "ici"]],
      ["aujourd'hui", ["aujourdhui"]],
      ["l'aujourd'hui", ["aujourdhui"]],
      ["l'l'x", ["lx"]],
      ["x'l'y", ["xly"]],
      ["l'", ["l"]],
      ["l''x", ["l", "x"]],
      ["'l'x", ["x"]],
      ["(l'x)", ["x"]],
      ["l'1er", ["1er"]],
      ["ll'x", ["llx"]],
    ];
    for (const [t, expected] of cases) {
      expect(fr.tokens(t)).toEqual(expected);
      expect(scan(t)).toEqual(expected);
    }
  });

  it("refuse elided words the scanner cannot key", () => {
    const tokens = (t: string) => [t];
    for (const elisions of [["L"], ["l'"], ["abcdefghi"], ["é"], [""]]) {
      let error: unknown;
      try {
        new TokenIds({ tokens, scanRules: { ...DEFAULT_RULES, elisions } }, () => 0);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(RecommenderError);
      expect((error as RecommenderError).code).toBe("INVALID_OPTION");
    }
  });
});
