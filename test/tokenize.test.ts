import fc from "fast-check";
import PorterStemmer from "natural/lib/natural/stemmers/porter_stemmer.js";
import { afterEach, describe, expect, it, vi } from "vitest";
import { RecommenderError } from "../src/errors.js";
import type { AnalyzerOptions } from "../src/analysis/analyzer.js";
import { ANALYZER_DEFAULTS, createAnalyzer, MAX_TOKEN_LENGTH, tokenize } from "../src/analysis/default-analyzer.js";
import { sklearnAnalyzer } from "../src/analysis/sklearn-analyzer.js";

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(RecommenderError);
    return (e as RecommenderError).code;
  }
  return undefined;
}

describe("tokenize", () => {
  it("keeps accented words whole and lowercases them", () => {
    expect(tokenize("Café au lait")).toEqual(["café", "au", "lait"]);
  });

  it("keeps a decomposed accent (NFD) inside its word", () => {
    expect(tokenize("Cafe\u0301 noir")).toEqual(["cafe\u0301", "noir"]);
  });

  it("keeps Cyrillic, Greek and CJK text", () => {
    expect(tokenize("Москва и Киев")).toEqual(["москва", "и", "киев"]);
    expect(tokenize("Αθήνα")).toEqual(["αθήνα"]);
    expect(tokenize("東京 都庁")).toEqual(["東京", "都庁"]);
  });

  it("joins words around an inner apostrophe, straight or curly", () => {
    expect(tokenize("Atlanta's mayor")).toEqual(["atlantas", "mayor"]);
    expect(tokenize("Atlanta\u2019s mayor")).toEqual(["atlantas", "mayor"]);
    expect(tokenize("don't 'quoted'")).toEqual(["dont", "quoted"]);
  });

  it("splits on punctuation, symbols and whitespace", () => {
    expect(tokenize("U.S.-led\tforces,\n2024!")).toEqual(["u", "s", "led", "forces", "2024"]);
  });

  it("folds Latin accents only when asked", () => {
    expect(tokenize("Café Zürich", true)).toEqual(["cafe", "zurich"]);
    expect(tokenize("Café Zürich")).toEqual(["café", "zürich"]);
  });

  it("returns no tokens for empty or punctuation-only text", () => {
    expect(tokenize("")).toEqual([]);
    expect(tokenize(" ,.;!? ")).toEqual([]);
  });
});

describe("createAnalyzer", () => {
  const analyze = createAnalyzer();

  it("lowercases, drops English stop words and Porter-stems by default", () => {
    expect(analyze("The troops are running in Syria")).toEqual(["troop", "run", "syria"]);
  });

  it("keeps 'Café' as the single term 'café'", () => {
    expect(analyze("Café")).toEqual(["café"]);
  });

  it("keeps one stemmed term for a possessive such as \"Atlanta's\"", () => {
    expect(analyze("Atlanta's")).toEqual(["atlanta"]);
    expect(analyze("Atlanta's")).toEqual(analyze("Atlanta"));
  });

  it("leaves Cyrillic and CJK terms unstemmed", () => {
    expect(analyze("Москва 東京")).toEqual(["москва", "東京"]);
  });

  it("does not stem when stemming is off", () => {
    expect(createAnalyzer({ stemming: false })("troops running")).toEqual(["troops", "running"]);
  });

  it("keeps stop words with stopWords: false", () => {
    expect(createAnalyzer({ stopWords: false, stemming: false })("the troops and us")).toEqual(["the", "troops", "and", "us"]);
  });

  it("uses a custom stop-word list instead of the English one", () => {
    const custom = createAnalyzer({ stopWords: ["Syria", "Don't"], stemming: false });
    expect(custom("the troops in Syria don't")).toEqual(["the", "troops", "in"]);
  });

  it("matches custom stop words with or without accents when folding", () => {
    const custom = createAnalyzer({ stopWords: ["café"], foldAccents: true, stemming: false });
    expect(custom("Café cafe latte")).toEqual(["latte"]);
  });

  it("drops tokens shorter than minLength (default 2)", () => {
    expect(analyze("a b c ab")).toEqual(["ab"]);
    expect(createAnalyzer({ minLength: 4, stemming: false })("war peace ties")).toEqual(["peace", "ties"]);
    expect(createAnalyzer({ minLength: 1, stopWords: false })("a x")).toEqual(["a", "x"]);
  });

  it("counts minLength in code points, so one astral character is a one-character token", () => {
    // U+20000 is one CJK letter but two UTF-16 units.
    expect(analyze("\u{20000} ab")).toEqual(["ab"]);
    expect(createAnalyzer({ minLength: 3 })("\u{20000}\u{20001} abc")).toEqual(["abc"]);
    expect(createAnalyzer({ minLength: 2 })("\u{20000}\u{20001}")).toEqual(["\u{20000}\u{20001}"]);
  });

  it("drops digit-only tokens with numbers: false but keeps mixed ones", () => {
    const noNumbers = createAnalyzer({ numbers: false, stemming: false });
    expect(noNumbers("1961 war 3d 2nd")).toEqual(["war", "3d", "2nd"]);
    expect(analyze("1961 war")).toEqual(["1961", "war"]);
  });

  it("merges 'café' and 'cafe' with foldAccents", () => {
    const folding = createAnalyzer({ foldAccents: true });
    expect(folding("Café")).toEqual(folding("cafe"));
    expect(folding("Café")).toEqual(["cafe"]);
    expect(analyze("Café")).not.toEqual(analyze("cafe"));
  });

  it("documents its defaults", () => {
    expect(ANALYZER_DEFAULTS).toEqual({ stemming: true, stopWords: "english", minLength: 2, numbers: true, foldAccents: false });
  });

  it("treats an option given as undefined as its default, as the Recommender does", () => {
    const explicit = createAnalyzer({ stemming: undefined, minLength: undefined, stopWords: undefined });
    expect(explicit("The troops")).toEqual(["troop"]);
  });

  it.each<[string, AnalyzerOptions]>([
    ["stemming", { stemming: "yes" as unknown as boolean }],
    ["numbers", { numbers: 0 as unknown as boolean }],
    ["foldAccents", { foldAccents: null as unknown as boolean }],
    ["minLength 0", { minLength: 0 }],
    ["minLength 1.5", { minLength: 1.5 }],
    ["minLength NaN", { minLength: NaN }],
    ["stopWords 'french'", { stopWords: "french" as "english" }],
    ["stopWords true", { stopWords: true as unknown as false }],
    ["stopWords with a number", { stopWords: ["the", 1 as unknown as string] }],
  ])("throws INVALID_OPTION for a bad %s", (_name, options) => {
    expect(codeOf(() => createAnalyzer(options))).toBe("INVALID_OPTION");
  });
});

describe("sklearnAnalyzer", () => {
  it("lowercases and keeps runs of two or more word characters, underscores included", () => {
    expect(sklearnAnalyzer("The U.S. troops_2024 in Syria, a 9/11 café")).toEqual(["the", "troops_2024", "in", "syria", "11", "café"]);
  });

  it("keeps stop words and does not stem", () => {
    expect(sklearnAnalyzer("the running troops")).toEqual(["the", "running", "troops"]);
  });

  it("splits at an apostrophe as scikit-learn does", () => {
    expect(sklearnAnalyzer("Atlanta's don't")).toEqual(["atlanta", "don"]);
  });

  it("equals /[\\p{L}\\p{N}_]{2,}/gu on the lowercased text, checked character by character", () => {
    const word = /^[\p{L}\p{N}_]$/u;
    // An independent scan: maximal runs of word characters, kept when at least 2 code points long.
    const scan = (text: string): string[] => {
      const out: string[] = [];
      let run: string[] = [];
      for (const ch of [...text.toLowerCase(), " "]) {
        if (word.test(ch)) run.push(ch);
        else {
          if (run.length >= 2) out.push(run.join(""));
          run = [];
        }
      }
      return out;
    };
    const chars = fc.constantFrom("a", "B", "é", "_", "1", "٣", " ", "-", "'", ".", "ж", "中", "\u0301", "\u{20000}", "Σ");
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 30 }), (cs) => {
        const text = cs.join("");
        expect(sklearnAnalyzer(text)).toEqual(scan(text));
      }),
      { numRuns: 300 },
    );
  });
});

describe("tokens longer than MAX_TOKEN_LENGTH", () => {
  const k = (n: number) => "k".repeat(n);
  /** Long tokens as their length, so that a failure does not diff megabytes. */
  const brief = (tokens: string[]) => tokens.map((t) => (t.length > 200 ? `<${t.length} chars>` : t));
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("are skipped by tokenize: 64 code points is a token, 65 is not", () => {
    expect(MAX_TOKEN_LENGTH).toBe(64);
    expect(brief(tokenize(`${k(64)} ${k(65)} ok ${k(64_000)}`))).toEqual([k(64), "ok"]);
    expect(brief(tokenize(k(64_000)))).toEqual([]);
  });

  it("are measured as tokenize gives them: apostrophes joined, accents folded, in code points", () => {
    // 65 characters with the apostrophe, 64 without.
    expect(tokenize(`${k(62)}'ss`)).toEqual([`${k(62)}ss`]);
    expect(tokenize("\u{20000}".repeat(64))).toEqual(["\u{20000}".repeat(64)]);
    expect(tokenize("\u{20000}".repeat(65))).toEqual([]);
    // 64 letters and 64 combining accents: 128 code points, or 64 once folded.
    expect(tokenize("e\u0301".repeat(64))).toEqual([]);
    expect(tokenize("e\u0301".repeat(64), true)).toEqual(["e".repeat(64)]);
  });

  it("never reach the stemmer, even through term()", () => {
    // Throws at once on a long token, rather than stem it for seconds (quadratic).
    const original = PorterStemmer.stem;
    const stem = vi.spyOn(PorterStemmer, "stem").mockImplementation((token: string) => {
      if (!(token.length <= 64)) throw new Error(`the stemmer was given a token of ${token.length} characters`);
      return original.call(PorterStemmer, token);
    });
    const analyze = createAnalyzer();
    expect(brief(analyze(`troops ${"x".repeat(64_000)} running ${k(65)}`))).toEqual(["troop", "run"]);
    expect(analyze.term("y".repeat(200_000))).toBe("");
    expect(stem).toHaveBeenCalledTimes(2);
  });

  it("are skipped with stemming off too: the rule is about words, not the stemmer's cost", () => {
    expect(createAnalyzer({ stemming: false })(`troops ${k(65)}`)).toEqual(["troops"]);
  });

  it("are kept by the sklearn analyzer, as scikit-learn keeps them", () => {
    expect(brief(sklearnAnalyzer(`${k(65)} ok ${k(100_000)}`))).toEqual([k(65), "ok", "<100000 chars>"]);
  });

  it("make no analyzer throw, even one run of 4.3 million letters outside Latin-1", () => {
    // V8's regex stack overflowed (RangeError) on such a run in a plain match.
    const run = "ж".repeat(4_300_000);
    expect(brief(tokenize(`${run} ok`))).toEqual(["ok"]);
    expect(brief(createAnalyzer()(`ok ${run}`))).toEqual(["ok"]);
    expect(brief(sklearnAnalyzer(`${run} ok`))).toEqual(["<4300000 chars>", "ok"]);
  }, 10_000);

  it("over a megabyte of text, gives the tokens each part gives alone (runs matched in pieces and joined)", () => {
    const lengths = [1, 2, 3, 64, 65, 4095, 4096, 4097, 8192, 8193, 20_000];
    const parts: string[] = [];
    for (let i = 0, size = 0; size <= 1 << 20; i++) {
      const n = lengths[i % lengths.length] as number;
      const part = i % 3 === 0 ? "ж".repeat(n) : i % 3 === 1 ? "\u{20000}".repeat(n) : `A${"b".repeat(n)}`;
      parts.push(`${part}${i % 2 === 0 ? " " : "-"}`);
      size += part.length + 1;
    }
    const text = parts.join("");
    for (const split of [(t: string) => tokenize(t), (t: string) => tokenize(t, true), sklearnAnalyzer.tokens]) {
      const want = parts.flatMap(split);
      const got = split(text);
      expect(got.length).toBe(want.length);
      expect(got.every((t, i) => t === want[i])).toBe(true);
    }
  });
});
