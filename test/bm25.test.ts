/**
 * tf "bm25" (src/corpus/weighting.ts, vectorize.ts; options k1, b, avgLength): scores equal the
 * brute-force reference (test/reference.ts, which writes the formula out again), drafts weigh as
 * articles do, an index changed in place equals a fresh build, snapshots keep the options, explain
 * adds up to the score, and bad values are refused with INVALID_OPTION.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadBrown } from "../scripts/brown.js";
import { internalsOf } from "../src/internal.js";
import { BM25_DEFAULTS, DEFAULTS, type RecommenderOptions } from "../src/options.js";
import { Recommender } from "../src/index.js";
import { minTfWeight } from "../src/corpus/vectorize.js";
import { RecommenderError } from "../src/errors.js";
import {
  expectSameResults,
  expectWellOrdered,
  REFERENCE_TOLERANCE,
  referenceModel,
  referenceRecommend,
  referenceRecommendText,
  type RefArticle,
} from "./reference.js";
import { all, bodies, buildIndex as build, changeOps, corpusOf, expectFresh, FRESH_TOLERANCE, pastCompaction, replay } from "./change-ops.js";

// As in properties.test.ts: content words (some stemming together), stop words, a number, accents, other scripts.
const CONTENT = [
  "syria", "troops", "troop", "withdrawal", "iran", "missile", "missiles", "activists", "detained",
  "china", "sea", "navy", "reef", "goal", "striker", "league", "planet", "orbit", "telescope",
  "café", "cafe", "1961", "москва", "東京", "oil",
];
const STOP = ["the", "and", "of", "in", "to", "is"];
const WORDS = [...CONTENT, ...STOP];

// Texts of up to 30 words: lengths far apart, so that b matters.
const body = bodies(WORDS, { textWords: 30, tags: 2, tagWords: 2 });
const corpus = (maxLength: number) => corpusOf(body, maxLength);

/** BM25 parameter sets: the defaults, values from the eval grid, short pivots (the test articles are short), and the edges of the ranges. */
const PARAMS: RecommenderOptions[] = [
  { tf: "bm25" },
  { tf: "bm25", k1: 0.9, b: 0.5, avgLength: 5 },
  { tf: "bm25", k1: 2, b: 0.75, avgLength: 12 },
  { tf: "bm25", k1: 1.2, b: 0 },
  { tf: "bm25", k1: 1.2, b: 1, avgLength: 1 },
  { tf: "bm25", k1: 0 },
  { tf: "bm25", k1: 1e6, b: 1, avgLength: 1e-6 },
  { tf: "bm25", k1: 0.5, b: 0.3, avgLength: 1e12 },
];

const params = fc.constantFrom(...PARAMS);
const shape = fc.record({ idf: fc.constantFrom("smooth", "plain", "none"), norm: fc.constantFrom("l2", "none") }) as fc.Arbitrary<Pick<RecommenderOptions, "idf" | "norm">>;
const dfBounds = fc.constantFrom<[number, number]>([1, Infinity], [2, Infinity], [1, 0.5], [0.2, 0.8], [0, Infinity]);

describe('tf "bm25" against the brute-force reference', () => {
  it("gives the reference's scores for several k1, b and avgLength, every idf and norm, random minDf/maxDf", () => {
    fc.assert(
      fc.property(corpus(14), params, shape, dfBounds, (articles, p, s, [minDf, maxDf]) => {
        const options: RecommenderOptions = { ...p, ...s, minDf, maxDf };
        const rec = build(articles, options);
        const model = referenceModel(articles, options);
        for (const { id } of articles) {
          const got = rec.recommend(id, all(rec));
          expectSameResults(got, referenceRecommend(model, id), REFERENCE_TOLERANCE, id);
          expectWellOrdered(got);
          for (const r of got) {
            expect(r.score).toBeGreaterThan(0);
            if (options.norm !== "none") expect(r.score).toBeLessThanOrEqual(1);
          }
        }
      }),
      { numRuns: 120 },
    );
  });

  it("gives the reference's scores with field weights, fractional and zero ones included (they weigh the length too)", () => {
    const fields = fc.record({ title: fc.constantFrom(0, 0.1, 1, 3), text: fc.constantFrom(0.3, 1, 2), tags: fc.constantFrom(0, 1, 2.5) });
    fc.assert(
      fc.property(corpus(12), params, fields, (articles, p, f) => {
        const options: RecommenderOptions = { ...p, fields: f };
        const rec = build(articles, options);
        const model = referenceModel(articles, options);
        for (const { id } of articles) expectSameResults(rec.recommend(id, all(rec)), referenceRecommend(model, id), REFERENCE_TOLERANCE, id);
      }),
      { numRuns: 60 },
    );
  });

  it("gives the reference's scores for drafts, whose unknown terms count in the length only", () => {
    fc.assert(
      fc.property(corpus(12), body, params, fc.constantFrom<RecommenderOptions>({}, { maxDf: 0.5 }, { norm: "none", idf: "plain" }), (articles, draft, p, extra) => {
        const options = { ...p, ...extra };
        const rec = build(articles, options);
        const withUnknown = { ...draft, text: `${draft.text} zanzibar quokka` };
        expectSameResults(rec.recommendText(withUnknown, all(rec)), referenceRecommendText(articles, options, withUnknown), REFERENCE_TOLERANCE);
      }),
      { numRuns: 80 },
    );
  });

  it("gives the reference's scores on 120 Brown texts with the defaults and with b = 1", () => {
    const brown = loadBrown()
      .filter((_, i) => i % 4 === 0)
      .slice(0, 120)
      .map(({ id, title, text }) => ({ id, title, text }));
    for (const options of [{ tf: "bm25" }, { tf: "bm25", k1: 2, b: 1, avgLength: 500 }] as RecommenderOptions[]) {
      const rec = build(brown, options);
      const model = referenceModel(brown, options);
      for (const { id } of brown.slice(0, 30)) expectSameResults(rec.recommend(id, all(rec)), referenceRecommend(model, id), REFERENCE_TOLERANCE, id);
    }
  }, 30_000);
});

describe('tf "bm25" weights', () => {
  const weightsOf = (options: RecommenderOptions, articles: RefArticle[], id: string) => [...internalsOf(build(articles, options)).row(id).weights];

  it("saturates repeats and lowers the weights of a longer article", () => {
    const rec = build(
      [
        { id: "once", text: "orbit planet" },
        { id: "often", text: "orbit orbit orbit orbit planet" },
        { id: "long", text: "orbit planet sea reef navy goal league striker oil china" },
      ],
      { tf: "bm25", b: 0.75, avgLength: 2, minDf: 1 },
    );
    const weight = (id: string, term: string) => {
      const row = internalsOf(rec).row(id);
      const vocab = internalsOf(rec).state(false).vocabulary;
      return row.weights[[...row.terms].indexOf(vocab.idOf(term))] as number;
    };
    // dl = avgLength: a single occurrence weighs exactly 1.
    expect(weight("once", "orbit")).toBe(1);
    // dl 5: factor 1.2 (0.25 + 0.75 * 5 / 2) = 2.55; c 4: 4 * 2.2 / 6.55, below 4 and below k1 + 1.
    expect(weight("often", "orbit")).toBeCloseTo((4 * 2.2) / 6.55, 6);
    // dl 10: factor 1.2 (0.25 + 3.75) = 4.8: 2.2 / 5.8.
    expect(weight("long", "orbit")).toBeCloseTo(2.2 / 5.8, 6);
  });

  it("counts the length in field-weighted kept tokens: stop words add nothing, a title word counts its weight", () => {
    const o: RecommenderOptions = { tf: "bm25", minDf: 1, b: 1, avgLength: 1 };
    const plain = weightsOf(o, [{ id: "x", text: "orbit planet" }], "x");
    expect(weightsOf(o, [{ id: "x", text: "the orbit and the planet of" }], "x")).toEqual(plain);
    // Title weight 3: "orbit" in the title counts 3, so dl = 4 whichever field holds it, once the counts match.
    expect(weightsOf(o, [{ id: "x", title: "orbit", text: "planet" }], "x")).toEqual(weightsOf(o, [{ id: "x", text: "orbit orbit orbit planet" }], "x"));
    // With b = 0 the length does not matter.
    const flat: RecommenderOptions = { tf: "bm25", minDf: 1, b: 0 };
    expect(weightsOf(flat, [{ id: "x", text: "orbit sea reef navy goal" }], "x")[0]).toBe(weightsOf(flat, [{ id: "x", text: "orbit" }], "x")[0]);
  });

  it("never depends on the rest of the corpus: an article's stored weights are the same alone and among others", () => {
    fc.assert(
      fc.property(corpus(10), body, params, dfBounds, (others, mine, p, [minDf, maxDf]) => {
        const options = { ...p, minDf, maxDf };
        const me = { id: "me", ...mine };
        const alone = internalsOf(build([me], options)).row("me");
        const rec = build([...others, me], options);
        const among = internalsOf(rec).row("me");
        const vocabAlone = internalsOf(build([me], options)).state(false).vocabulary;
        const vocabAmong = internalsOf(rec).state(false).vocabulary;
        const byTerm = (row: typeof alone, v: typeof vocabAlone) => new Map([...row.terms].map((t, i) => [v.termOf(t), row.weights[i]]));
        expect(byTerm(among, vocabAmong)).toEqual(byTerm(alone, vocabAlone));
      }),
      { numRuns: 60 },
    );
  });

  it("weighs a draft with an indexed article's text exactly as that article", () => {
    fc.assert(
      fc.property(corpus(12).filter((a) => a.length > 1), params, (articles, p) => {
        const rec = build(articles, p);
        for (const { id, ...draft } of articles.slice(0, 3)) {
          expect([...internalsOf(rec).row(id).weights].sort()).toEqual([...internalsOf(build([{ id: "draft", ...draft }], p)).row("draft").weights].sort());
          // The same scores but for the query norm's rounding (a draft's is summed from its row).
          const fromDraft = rec.recommendText(draft, all(rec)).filter((r) => r.id !== id);
          expectSameResults(fromDraft, rec.recommend(id, all(rec)), 1e-14, id);
        }
      }),
      { numRuns: 60 },
    );
  });

  it("has minTfWeight as a floor of every stored weight (0 when b > 0: no floor)", () => {
    fc.assert(
      fc.property(corpus(10), params, fc.constantFrom({}, { title: 0.5, text: 2, tags: 0 }), (articles, p, fields) => {
        const rec = build(articles, { ...p, fields, minDf: 1 });
        const floor = minTfWeight(rec.options);
        if ((rec.options.b as number) > 0) expect(floor).toBe(0);
        else expect(floor).toBeGreaterThan(0);
        for (const { id } of articles) for (const w of internalsOf(rec).row(id).weights) expect(w).toBeGreaterThanOrEqual(floor);
      }),
      { numRuns: 60 },
    );
  });
});

const opArb = changeOps(body, { add: 6, remove: 3, update: 3, query: 3, build: 1, slots: 40 });

describe('tf "bm25" under change', () => {
  it("after random add/remove/update interleaved with queries, equals a fresh build on the final corpus", () => {
    fc.assert(
      fc.property(params, fc.constantFrom<RecommenderOptions>({}, { maxDf: 0.5 }, { minDf: 0.2, maxDf: 0.5 }, { idf: "plain", norm: "none" }), corpus(12), fc.boolean(), fc.array(opArb, { maxLength: 40 }), (p, extra, initial, buildFirst, ops) => {
        const options = { ...p, ...extra };
        const rec = build(initial, options);
        const model = new Map(initial.map((a) => [a.id, a]));
        if (buildFirst) rec.build();
        replay([rec], model, ops);
        expectFresh(rec, model, options, true);
      }),
      { numRuns: 100 },
    );
  });

  it("compacts more than 256 pending articles during queries, and still equals a fresh build", () => {
    fc.assert(
      fc.property(params, fc.array(body, { minLength: 280, maxLength: 300 }), fc.array(fc.tuple(fc.nat(), body), { minLength: 10, maxLength: 20 }), (p, bodies, changes) => {
        const { rec, model } = pastCompaction(p, bodies, changes);
        expectFresh(rec, model, p, false);
      }),
      { numRuns: 10 },
    );
  }, 30_000);
});

describe('tf "bm25" snapshots', () => {
  const brown = loadBrown()
    .filter((_, i) => i % 5 === 0)
    .map(({ id, title, text, category }) => ({ id, title, text, tags: [category] }));

  it("keep k1, b and avgLength: the loaded index has the same options and answers exactly as the saved one", () => {
    for (const options of [{ tf: "bm25" }, { tf: "bm25", k1: 0.9, b: 0.3, avgLength: 250, idf: "plain" }] as RecommenderOptions[]) {
      const rec = build(brown, options);
      rec.recommend(brown[0]!.id);
      const bytes = rec.save();
      const loaded = Recommender.load(bytes);
      expect(loaded.options).toEqual(rec.options);
      expect(loaded.options).toMatchObject({ tf: "bm25", k1: options.k1 ?? BM25_DEFAULTS.k1, b: options.b ?? BM25_DEFAULTS.b, avgLength: options.avgLength ?? BM25_DEFAULTS.avgLength });
      // Byte for byte (toEqual walks a large Uint8Array element by element, slowly).
      expect(Buffer.from(loaded.save()).equals(Buffer.from(bytes))).toBe(true);
      for (const { id } of brown) expect(loaded.recommend(id, { k: 20 })).toEqual(rec.recommend(id, { k: 20 }));
      const draft = { title: "The jury", text: "The grand jury said the election was conducted" };
      expect(loaded.recommendText(draft, { k: 20 })).toEqual(rec.recommendText(draft, { k: 20 }));
      // Changes after load weigh new articles with the saved parameters.
      const extra = { id: "extra", title: "Election", text: `${brown[1]!.text} ${brown[2]!.text}` };
      loaded.add(extra);
      rec.add(extra);
      expect(loaded.recommend("extra", { k: 20 })).toEqual(rec.recommend("extra", { k: 20 }));
      expectSameResults(loaded.recommend("extra", { k: 20 }), build([...brown, extra], options).recommend("extra", { k: 20 }), FRESH_TOLERANCE);
    }
  }, 30_000);

  it("of other tf modes do not carry the BM25 options (the header is as before)", () => {
    const rec = build(brown.slice(0, 10), {});
    expect(Object.keys(rec.options)).toEqual(Object.keys(DEFAULTS));
    expect(rec.options).not.toHaveProperty("k1");
    expect(Recommender.load(rec.save()).options).toEqual(DEFAULTS);
  });
});

describe('tf "bm25" explain', () => {
  it("gives recommend's score, and the contributions add up to it", () => {
    fc.assert(
      fc.property(corpus(12), params, shape, (articles, p, s) => {
        const rec = build(articles, { ...p, ...s });
        for (const { id } of articles) {
          for (const r of rec.recommend(id, all(rec))) {
            const e = rec.explain(id, r.id);
            expect(e.score).toBe(r.score);
            const sum = e.terms.reduce((x, t) => x + t.contribution, 0);
            expect(Math.abs(sum - r.score)).toBeLessThanOrEqual(1e-12 * Math.max(1, r.score));
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('tf "bm25" options', () => {
  const codeOf = (options: unknown) => {
    try {
      new Recommender(options as RecommenderOptions);
      return null;
    } catch (e) {
      return e instanceof RecommenderError ? e.code : "not a RecommenderError";
    }
  };

  it("fills in the defaults, in a fixed order after tf, and the options make the same index again", () => {
    const rec = new Recommender({ tf: "bm25", b: 0.5 });
    expect(rec.options).toMatchObject({ tf: "bm25", k1: 1.2, b: 0.5, avgLength: BM25_DEFAULTS.avgLength });
    const keys = Object.keys(rec.options);
    expect(keys.slice(keys.indexOf("tf"), keys.indexOf("tf") + 4)).toEqual(["tf", "k1", "b", "avgLength"]);
    expect(new Recommender(rec.options).options).toEqual(rec.options);
    expect(BM25_DEFAULTS).toEqual({ k1: 1.2, b: 0.75, avgLength: BM25_DEFAULTS.avgLength });
    expect(Object.isFrozen(BM25_DEFAULTS)).toBe(true);
  });

  it("takes the edges of each range", () => {
    for (const o of [{ k1: 0 }, { k1: 1e6 }, { b: 0 }, { b: 1 }, { avgLength: 1e-6 }, { avgLength: 1e12 }]) expect(codeOf({ tf: "bm25", ...o })).toBeNull();
    expect(codeOf({ tf: "bm25", analyzer: "sklearn", k1: 2 })).toBeNull();
  });

  it.each([
    ["k1", -0.1],
    ["k1", 1e6 * 1.01],
    ["k1", NaN],
    ["k1", Infinity],
    ["k1", "1.2"],
    ["k1", null],
    ["b", null],
    ["b", -0.01],
    ["b", 1.01],
    ["b", NaN],
    ["b", true],
    ["avgLength", 0],
    ["avgLength", -5],
    ["avgLength", 1e-7],
    ["avgLength", Infinity],
    ["avgLength", NaN],
    ["avgLength", "100"],
  ])("refuses %s = %s with INVALID_OPTION, naming the option and the value", (name, value) => {
    expect(codeOf({ tf: "bm25", [name]: value })).toBe("INVALID_OPTION");
    expect(() => new Recommender({ tf: "bm25", [name]: value } as RecommenderOptions)).toThrow(new RegExp(`"${name}".*${String(value).replace(/[.+]/g, "\\$&")}`));
  });

  it("refuses k1, b or avgLength with another tf, where they would do nothing", () => {
    for (const tf of [undefined, "raw", "sublinear"]) {
      expect(codeOf({ tf, k1: 1.2 })).toBe("INVALID_OPTION");
      expect(codeOf({ tf, b: 0.75 })).toBe("INVALID_OPTION");
      expect(codeOf({ tf, avgLength: 100 })).toBe("INVALID_OPTION");
    }
    expect(codeOf({ analyzer: "sklearn", b: 0.5 })).toBe("INVALID_OPTION");
    // undefined is "not given", as for every other option.
    expect(codeOf({ tf: "sublinear", k1: undefined })).toBeNull();
  });

  it("refuses an unknown tf", () => {
    expect(codeOf({ tf: "BM25" })).toBe("INVALID_OPTION");
    expect(codeOf({ tf: "bm25+" })).toBe("INVALID_OPTION");
  });
});
