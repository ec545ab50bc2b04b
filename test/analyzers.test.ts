/**
 * Analyzers as objects, by name: the registry, what each built-in analyzer says of itself, and a
 * custom analyzer registered here, which must work through the indexer's scanner (RowBuilder)
 * exactly as through its own tokenizer (vectorizeQuery), with no change outside its definition.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defineAnalyzer, type Analyzer } from "../src/analysis/analyzer.js";
import { createAnalyzer, DEFAULT_RULES, tokenize } from "../src/analysis/default-analyzer.js";
import { analyzerNamed, analyzerNames, registerAnalyzer, type AnalyzerName } from "../src/analysis/registry.js";
import { SKLEARN_ANALYSIS, SKLEARN_RULES, sklearnAnalyzer } from "../src/analysis/sklearn-analyzer.js";
import { TokenIds } from "../src/analysis/token-ids.js";
import { RecommenderError } from "../src/errors.js";
import { resolveOptions } from "../src/options.js";
import { Recommender } from "../src/index.js";
import { RowBuilder, vectorizeQuery, type ArticleText } from "../src/corpus/vectorize.js";
import { Vocabulary } from "../src/corpus/vocabulary.js";
import { loadBrown } from "../scripts/brown.js";

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(RecommenderError);
    return (e as RecommenderError).code;
  }
  return undefined;
}

/** Tokens are the text's whitespace-separated words, lowercased; no stop words, no stemming. */
const whitespace = (): Analyzer =>
  defineAnalyzer({ name: "whitespace", language: "und", tokens: (text) => text.toLowerCase().split(/\s+/).filter(Boolean), scanRules: null });

/** Runs of letters, marks and digits of 3 to 12 code points, lowercased; words that end in "s" lose it. */
function shortWords(): Analyzer {
  const keep = (t: string) => {
    const n = [...t].length;
    return n >= 3 && n <= 12;
  };
  const stem = (token: string) => (token.endsWith("s") ? token.slice(0, -1) : token);
  return defineAnalyzer({
    name: "short-words",
    language: "und",
    tokens: (text) => (text.toLowerCase().match(/[\p{L}\p{M}\p{N}]+/gu) ?? []).filter(keep),
    term: (token) => (token === "the" ? "" : stem(token)),
    stopWords: new Set(["the"]),
    stem,
    scanRules: { underscore: false, joinApostrophes: false, minRun: 3, maxRun: 12 },
  });
}

registerAnalyzer("whitespace", whitespace);
registerAnalyzer("short-words", shortWords);

// Pieces that reach each branch of the scanner (see token-ids.test.ts).
const PIECES = [
  "a", "Z", "Qu", "7", "42", "_", "'", "\u2019", " ", "\t", "\n", ".", ",", "-", "é", "É", "e\u0301", "Σ", "ΟΔΟΣ",
  "İ", "\u00a0", "東京", "Москва", "😀", "don't", "U.S.", "snake_case", "Troops", "the", "running", "x".repeat(70),
];
const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 30 }).map((parts) => parts.join(""));
const article = fc.record({ title: text, text, tags: fc.array(text, { maxLength: 3 }) });

/** Every registered analyzer: the built-in ones and the two above. */
const NAMES = analyzerNames();

/** A row as term -> weight, for comparison. */
function byTerm(row: { terms: ArrayLike<number>; weights: ArrayLike<number> }, vocab: Vocabulary): Map<string, number> {
  const out = new Map<string, number>();
  for (let i = 0; i < row.terms.length; i++) out.set(vocab.termOf(row.terms[i] as number), row.weights[i] as number);
  return out;
}

describe("analyzer registry", () => {
  it("lists the built-in analyzers first, then the registered ones", () => {
    expect(NAMES).toEqual(["default", "sklearn", "whitespace", "short-words"]);
  });

  it("builds each built-in analyzer, which names itself and its language", () => {
    const d = analyzerNamed("default", { stemming: false });
    expect([d.name, d.language, d.scanRules]).toEqual(["default", "en", DEFAULT_RULES]);
    expect(d("The troops")).toEqual(createAnalyzer({ stemming: false })("The troops"));
    expect(analyzerNamed("sklearn")).toBe(sklearnAnalyzer);
    expect([sklearnAnalyzer.name, sklearnAnalyzer.language, sklearnAnalyzer.scanRules]).toEqual(["sklearn", "en", SKLEARN_RULES]);
  });

  it("refuses an unknown or taken name", () => {
    expect(codeOf(() => analyzerNamed("french"))).toBe("INVALID_OPTION");
    expect(codeOf(() => resolveOptions({ analyzer: "french" }))).toBe("INVALID_OPTION");
    expect(codeOf(() => registerAnalyzer("default", whitespace))).toBe("INVALID_OPTION");
    expect(codeOf(() => registerAnalyzer("", whitespace))).toBe("INVALID_OPTION");
  });

  it("gives the sklearn analyzer no analysis option but its own values", () => {
    expect(codeOf(() => analyzerNamed("sklearn", { stemming: true }))).toBe("INVALID_OPTION");
    expect(analyzerNamed("sklearn", SKLEARN_ANALYSIS)).toBe(sklearnAnalyzer);
    expect(codeOf(() => resolveOptions({ analyzer: "sklearn", minLength: 3 }))).toBe("INVALID_OPTION");
    expect(resolveOptions({ analyzer: "sklearn", ...SKLEARN_ANALYSIS })).toEqual(resolveOptions({ analyzer: "sklearn" }));
  });

  it("validates the options of the default analyzer", () => {
    expect(codeOf(() => analyzerNamed("default", { minLength: 0 }))).toBe("INVALID_OPTION");
  });
});

describe("analyzer objects", () => {
  it("expose the default analyzer's stop words and stemmer", () => {
    const a = createAnalyzer();
    expect(a.stopWords.has("the")).toBe(true);
    expect(a.stem("running")).toBe("run");
    expect(a.stem("Москва")).toBe("Москва");
    expect(createAnalyzer({ stemming: false }).stem("running")).toBe("running");
    expect(createAnalyzer({ stopWords: false }).stopWords.size).toBe(0);
    expect(a.term("counties")).toBe("counti");
  });

  it("keep the stemmer off tokens past the length limit, as term does", () => {
    const long = "running".repeat(20);
    expect(createAnalyzer().stem(long)).toBe(long);
  });

  it("say the sklearn analyzer has no stop words and no stemmer", () => {
    expect(sklearnAnalyzer.stopWords.size).toBe(0);
    expect(sklearnAnalyzer.stem("running")).toBe("running");
    expect(sklearnAnalyzer.term("running")).toBe("running");
  });

  it("are what tokenize and the sklearn pattern give", () => {
    expect(createAnalyzer({ foldAccents: true }).tokens("Café don't")).toEqual(tokenize("Café don't", true));
    expect(sklearnAnalyzer("Atlanta's troops_2024")).toEqual(["atlanta", "troops_2024"]);
  });
});

describe.each(NAMES)("analyzer %s through the indexer", (name) => {
  it("gives the scanner exactly its tokens, on any text", () => {
    const analyzer = analyzerNamed(name);
    const learned: string[] = [];
    const ids = new TokenIds(analyzer, (token) => learned.push(token) - 1);
    fc.assert(
      fc.property(text, (t) => {
        const n = ids.scan(t);
        expect(Array.from(ids.out.subarray(0, n), (id) => learned[id])).toEqual(analyzer.tokens(t));
      }),
      { numRuns: 500 },
    );
  });

  it("gives the same rows through the scanner (indexing) and through its tokenizer (queries)", () => {
    const analyzer = analyzerNamed(name);
    const options = resolveOptions({});
    const vocab = new Vocabulary();
    const rows = new RowBuilder(analyzer, options, vocab);
    const articles: ArticleText[] = [
      ...fc.sample(article, { numRuns: 200, seed: 11 }),
      ...loadBrown()
        .slice(0, 20)
        .map((b) => ({ title: b.title, text: b.text })),
    ];
    for (const a of articles) {
      const indexed = byTerm(rows.row(a), vocab);
      expect(byTerm(vectorizeQuery(a, analyzer, options, vocab), vocab)).toEqual(indexed);
    }
    expect(vocab.size).toBeGreaterThan(0);
  });
});

describe("a registered analyzer", () => {
  it("is taken by the Recommender by name, with no other change", () => {
    const rec = new Recommender({ analyzer: "whitespace" as AnalyzerName, minDf: 1 }).add([
      { id: "a", text: "U.S. troops, Syria" },
      { id: "b", text: "u.s. TROOPS, home" },
      { id: "c", text: "U.S. troops Syria" },
    ]);
    // Whitespace words: "troops," is not "troops", and "syria" is not "syria,".
    expect(rec.recommend("a").map((r) => r.id)).toEqual(["b", "c"]);
    expect(rec.explain("a", "b").terms.map((t) => t.term).sort()).toEqual(["troops,", "u.s."]);
    expect(Recommender.load(rec.save()).recommend("a")).toEqual(rec.recommend("a"));
  });
});
