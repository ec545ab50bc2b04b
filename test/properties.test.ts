/**
 * Property tests of the Recommender on random small corpora: every result list equals the dense
 * brute-force reference (test/reference.ts), and incremental add/update/remove gives the results
 * of a fresh build.
 */
import fc from "fast-check";
import { mulberry32 } from "../bench/synthetic.js";
import { describe, expect, it } from "vitest";
import { Recommender } from "../src/index.js";
import type { RecommenderOptions } from "../src/options.js";
import { loadBrown } from "../scripts/brown.js";
import { internalsOf } from "../src/internal.js";
import {
  expectSameResults,
  expectWellOrdered,
  REFERENCE_TOLERANCE,
  referenceModel,
  referenceRecommend,
  referenceRecommendText,
  type RefArticle,
} from "./reference.js";

// ~30 words: content words (some stemming together), stop words, a number, accents, other scripts.
const CONTENT = [
  "syria", "troops", "troop", "withdrawal", "iran", "missile", "missiles", "activists", "detained",
  "china", "sea", "navy", "reef", "goal", "striker", "league", "planet", "orbit", "telescope",
  "café", "cafe", "1961", "москва", "東京", "oil",
];
const STOP = ["the", "and", "of", "in", "to", "is"];
const WORDS = [...CONTENT, ...STOP];

const words = (max: number) => fc.array(fc.constantFrom(...WORDS), { maxLength: max }).map((w) => w.join(" "));
const stopOnly = fc.array(fc.constantFrom(...STOP), { minLength: 1, maxLength: 4 }).map((w) => w.join(" "));

interface Body {
  title?: string;
  text: string;
  tags?: string[];
}

const body: fc.Arbitrary<Body> = fc.record(
  {
    title: words(4),
    text: fc.oneof({ weight: 6, arbitrary: words(10) }, { weight: 1, arbitrary: stopOnly }, { weight: 1, arbitrary: fc.constant("") }),
    tags: fc.array(words(2), { maxLength: 2 }),
  },
  { requiredKeys: ["text"] },
);

/** Random articles with unique ids; some are exact copies of others (duplicate texts). */
const corpus = (maxLength: number): fc.Arbitrary<RefArticle[]> =>
  fc
    .tuple(fc.array(body, { maxLength }), fc.array(fc.nat(), { maxLength: 3 }))
    .map(([bodies, copies]) => {
      const all = [...bodies];
      for (const c of copies) if (bodies.length > 0) all.push(bodies[c % bodies.length] as Body);
      // Ids of unequal lengths ("a10" < "a2") so that ties exercise string order.
      return all.map((b, i) => ({ id: `a${i}`, ...b }));
    });

const dfBounds = fc.constantFrom<[number, number]>([1, Infinity], [2, Infinity], [1, 0.5], [0.2, 0.8], [1, 3], [0, Infinity]);

function build(articles: readonly RefArticle[], options: RecommenderOptions): Recommender {
  return new Recommender(options).add(articles.map((a) => ({ ...a })));
}

const all = (rec: Recommender) => ({ k: Math.max(1, rec.size) });

const COMBOS = (["raw", "sublinear"] as const).flatMap((tf) =>
  (["smooth", "plain", "none"] as const).flatMap((idf) => (["l2", "none"] as const).map((norm) => ({ tf, idf, norm }))),
);

describe("Recommender against the brute-force reference", () => {
  it.each(COMBOS)("equals the reference for tf $tf, idf $idf, norm $norm, with random minDf/maxDf", ({ tf, idf, norm }) => {
    fc.assert(
      fc.property(corpus(14), dfBounds, (articles, [minDf, maxDf]) => {
        const options: RecommenderOptions = { tf, idf, norm, minDf, maxDf };
        const rec = build(articles, options);
        const model = referenceModel(articles, options);
        for (const { id } of articles) {
          const got = rec.recommend(id, all(rec));
          expectSameResults(got, referenceRecommend(model, id), REFERENCE_TOLERANCE, id);
          expectWellOrdered(got);
          for (const r of got) {
            expect(r.id).not.toBe(id);
            expect(r.score).toBeGreaterThan(0);
            if (norm === "l2") expect(r.score).toBeLessThanOrEqual(1);
          }
        }
      }),
      { numRuns: 20 },
    );
  });

  it("equals the reference with field weights, including fractional and zero ones", () => {
    const fields = fc.record({
      title: fc.constantFrom(0, 0.5, 1, 3),
      text: fc.constantFrom(0.5, 1, 2),
      tags: fc.constantFrom(0, 1, 2),
    });
    fc.assert(
      fc.property(corpus(12), fields, fc.constantFrom("raw", "sublinear") as fc.Arbitrary<"raw" | "sublinear">, (articles, f, tf) => {
        const options: RecommenderOptions = { tf, fields: f };
        const rec = build(articles, options);
        const model = referenceModel(articles, options);
        for (const { id } of articles) expectSameResults(rec.recommend(id, all(rec)), referenceRecommend(model, id), REFERENCE_TOLERANCE, id);
      }),
      { numRuns: 50 },
    );
  });

  it("equals the reference for recommendText drafts, ignoring terms the corpus lacks", () => {
    fc.assert(
      fc.property(corpus(12), body, fc.constantFrom<RecommenderOptions>({}, { tf: "raw", idf: "plain" }, { maxDf: 0.5 }, { norm: "none" }), (articles, draft, options) => {
        const rec = build(articles, options);
        const withUnknown = { ...draft, text: `${draft.text} zanzibar quokka` };
        expectSameResults(rec.recommendText(withUnknown, all(rec)), referenceRecommendText(articles, options, draft), REFERENCE_TOLERANCE);
      }),
      { numRuns: 60 },
    );
  });

  // Both are the same double by construction (src/similarity.ts, src/explain.ts), and measured so.
  it("is symmetric: score(a, b) is the same double as score(b, a), and explain gives recommend's score", () => {
    fc.assert(
      fc.property(corpus(12), fc.constantFrom(...COMBOS), dfBounds, (articles, combo, [minDf, maxDf]) => {
        const rec = build(articles, { ...combo, minDf, maxDf });
        const scores = new Map<string, number>();
        for (const { id } of articles) for (const r of rec.recommend(id, all(rec))) scores.set(`${id} ${r.id}`, r.score);
        for (const [pair, s] of scores) {
          const [a, b] = pair.split(" ") as [string, string];
          const back = scores.get(`${b} ${a}`);
          expect(back, pair).toBeDefined();
          expect(back, pair).toBe(s);
          expect(rec.explain(a, b).score, pair).toBe(s);
        }
      }),
      { numRuns: 60 },
    );
  });

  it("gives the same results, to the bit, whatever order the articles are added in", () => {
    const shuffled = corpus(16).chain((articles) =>
      fc.tuple(fc.constant(articles), fc.shuffledSubarray(articles, { minLength: articles.length, maxLength: articles.length })),
    );
    fc.assert(
      fc.property(shuffled, fc.constantFrom(...COMBOS), dfBounds, (([articles, reordered], combo, [minDf, maxDf]) => {
        const options = { ...combo, minDf, maxDf };
        const a = build(articles, options);
        const b = build(reordered, options);
        for (const { id } of articles) expectSameResults(b.recommend(id, all(b)), a.recommend(id, all(a)), 0, id);
      })),
      { numRuns: 80 },
    );
  });

  it("is deterministic: two builds of the same corpus give identical results", () => {
    fc.assert(
      fc.property(corpus(16), fc.constantFrom(...COMBOS), (articles, combo) => {
        const a = build(articles, combo);
        const b = build(articles, combo);
        for (const { id } of articles) expect(b.recommend(id, all(b))).toEqual(a.recommend(id, all(a)));
      }),
      { numRuns: 50 },
    );
  });
});

type Op =
  | { kind: "add"; slot: number; body: Body }
  | { kind: "remove"; pick: number }
  | { kind: "update"; pick: number; body: Body }
  | { kind: "recommend"; pick: number }
  | { kind: "recommendText"; body: Body }
  | { kind: "build" };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("add" as const), slot: fc.nat({ max: 40 }), body }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("remove" as const), pick: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("update" as const), pick: fc.nat(), body }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("recommend" as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("recommendText" as const), body }) },
  { weight: 1, arbitrary: fc.constant({ kind: "build" as const }) },
);

const INCREMENTAL_OPTIONS: RecommenderOptions[] = [
  {},
  { maxDf: 0.5 },
  { minDf: 0.2, maxDf: 0.5 },
  { minDf: 2 },
  { tf: "raw", idf: "plain", norm: "none" },
  { tf: "raw", idf: "plain", maxDf: 0.5 },
  { idf: "none", minDf: 0.3 },
];

/** Replays `ops` on `rec` and on a plain Map (the model of the corpus). */
function replay(rec: Recommender, model: Map<string, RefArticle>, ops: readonly Op[]): void {
  const pick = (n: number) => {
    const ids = [...model.keys()];
    return ids.length === 0 ? undefined : (ids[n % ids.length] as string);
  };
  for (const op of ops) {
    if (op.kind === "add") {
      const id = `n${op.slot}`;
      if (model.has(id)) {
        expect(() => rec.add({ id, ...op.body })).toThrow(expect.objectContaining({ code: "DUPLICATE_ID" }));
      } else {
        rec.add({ id, ...op.body });
        model.set(id, { id, ...op.body });
      }
    } else if (op.kind === "remove") {
      const id = pick(op.pick);
      if (id === undefined) continue;
      rec.remove(id);
      model.delete(id);
    } else if (op.kind === "update") {
      const id = pick(op.pick);
      if (id === undefined) continue;
      rec.update({ id, ...op.body });
      model.set(id, { id, ...op.body });
    } else if (op.kind === "recommend") {
      const id = pick(op.pick);
      if (id !== undefined) rec.recommend(id, { k: 3 });
    } else if (op.kind === "recommendText") {
      rec.recommendText(op.body);
    } else {
      rec.build();
    }
    expect(rec.size).toBe(model.size);
  }
}

/**
 * Incremental norms (patched sums) against a fresh build's: about 4x the worst difference measured,
 * 8.1e-15 over 277 million scores (50x the runs of the tests below; all but 0.02% within 2e-15).
 */
const FRESH_TOLERANCE = 3.2e-14;

/** Every article's full list from `rec` equals that of a fresh build on the same corpus (and the reference). */
function expectFreshResults(rec: Recommender, model: Map<string, RefArticle>, options: RecommenderOptions, reference = true): void {
  const articles = [...model.values()];
  const fresh = build(articles, options);
  const dense = reference ? referenceModel(articles, options) : undefined;
  expect(new Set(rec.ids())).toEqual(new Set(fresh.ids()));
  for (const id of model.keys()) {
    const got = rec.recommend(id, all(rec));
    expectSameResults(got, fresh.recommend(id, all(fresh)), FRESH_TOLERANCE, id);
    expectWellOrdered(got);
    if (dense) expectSameResults(got, referenceRecommend(dense, id), REFERENCE_TOLERANCE, id);
  }
}

describe("Recommender incremental updates", () => {
  it("after random add/remove/update interleaved with queries, equals a fresh build on the final corpus", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...INCREMENTAL_OPTIONS),
        corpus(12),
        fc.boolean(),
        fc.array(opArb, { maxLength: 40 }),
        (options, initial, buildFirst, ops) => {
          const rec = build(initial, options);
          const model = new Map(initial.map((a) => [a.id, a]));
          if (buildFirst) rec.build();
          replay(rec, model, ops);
          expectFreshResults(rec, model, options);
        },
      ),
      { numRuns: 100 },
    );
  });

  it("uses delta rows for small changes after the first build (the path the test above exercises)", () => {
    const rec = new Recommender().add([
      { id: "a", text: "syria troops" },
      { id: "b", text: "syria withdrawal" },
    ]);
    rec.recommend("a");
    rec.add({ id: "c", text: "troops withdrawal" });
    rec.remove("a");
    const m = internalsOf(rec).state(false).matrix;
    expect(m.baseDocs).toBe(2);
    expect(m.deltaRows.length).toBe(1);
    expect(m.baseDeleted).toBe(1);
  });

  // 40 and 25 runs: 60-80 ms each on this 2-core machine, about 5 s together.
  it("compacts during queries once more than 256 articles are pending, and still equals a fresh build", () => {
    fc.assert(
      fc.property(
        fc.constantFrom<RecommenderOptions>({}, { maxDf: 0.5 }, { minDf: 0.01, maxDf: 0.5, tf: "raw" }),
        fc.array(body, { minLength: 280, maxLength: 320 }),
        fc.array(fc.tuple(fc.nat(), body), { minLength: 20, maxLength: 40 }),
        (options, bodies, changes) => {
          const rec = new Recommender(options);
          const model = new Map<string, RefArticle>();
          const add = (a: RefArticle) => {
            rec.add(a);
            model.set(a.id, a);
          };
          bodies.slice(0, 20).forEach((b, i) => add({ id: `b${i}`, ...b }));
          rec.recommend("b0");
          const m = internalsOf(rec).state(false).matrix;
          expect(m.baseDocs).toBe(20);
          bodies.slice(20).forEach((b, i) => {
            add({ id: `c${i}`, ...b });
            if (i % 50 === 0) rec.recommend("b0");
          });
          rec.recommend("b0");
          // More than 256 additions were pending: the query compacted them into the base.
          expect(m.deltaRows.length).toBeLessThan(256);
          expect(m.baseDocs).toBeGreaterThan(256);
          const { baseDocs } = m;
          for (const [pick, b] of changes) {
            const ids = [...model.keys()];
            const id = ids[pick % ids.length] as string;
            if (pick % 2 === 0) {
              rec.remove(id);
              model.delete(id);
            } else {
              rec.update({ id, ...b });
              model.set(id, { id, ...b });
            }
          }
          rec.recommend(rec.ids()[0] as string);
          // Small changes since: tombstones and delta rows, no compaction.
          expect(m.baseDocs).toBe(baseDocs);
          expect(m.baseDeleted).toBeGreaterThan(0);
          expectFreshResults(rec, model, options, false);
        },
      ),
      { numRuns: 40 },
    );
  }, 30_000);

  it("compacts once more than 256 base articles are removed, and still equals a fresh build", () => {
    fc.assert(
      fc.property(fc.array(body, { minLength: 600, maxLength: 600 }), fc.constantFrom<RecommenderOptions>({}, { maxDf: 0.5 }), (bodies, options) => {
        const rec = new Recommender(options);
        const model = new Map<string, RefArticle>();
        bodies.forEach((b, i) => {
          const a = { id: `d${i}`, ...b };
          rec.add(a);
          model.set(a.id, a);
        });
        rec.build();
        const m = internalsOf(rec).state(false).matrix;
        const n = m.baseDocs;
        for (let i = 0; i < 300; i += 1) {
          const id = `d${(i * 7) % 600}`; // 300 distinct ids: 7 and 600 are coprime
          rec.remove(id);
          model.delete(id);
          if (i % 100 === 0) rec.recommendText("syria troops");
        }
        rec.recommendText("syria troops");
        expect(m.baseDocs).toBe(n - 300 + m.baseDeleted);
        expect(m.baseDeleted).toBeLessThan(256);
        expectFreshResults(rec, model, options, false);
      }),
      { numRuns: 25 },
    );
  }, 30_000);

  it("on Brown: build 400, add 100, remove 20, update 10 equals a fresh build", () => {
    const brown = loadBrown().map(({ id, title, text }) => ({ id, title, text }));
    const rec = new Recommender().add(brown.slice(0, 400)).build();
    rec.add(brown.slice(400));
    const model = new Map(brown.map((a) => [a.id, a as RefArticle]));
    for (let i = 0; i < 20; i++) {
      const id = (brown[i * 23] as RefArticle).id; // spread over the base: ca01, ..., all < 400
      rec.remove(id);
      model.delete(id);
    }
    for (let i = 0; i < 10; i++) {
      const target = (brown[5 + i * 47] as RefArticle).id;
      const source = brown[499 - i * 13] as RefArticle;
      // Keep the target's id, take another text's words (half of them, so that lengths differ).
      const a = { id: target, title: source.title, text: source.text.slice(0, source.text.length / 2) };
      rec.update(a);
      model.set(target, a);
    }
    const m = internalsOf(rec).state(false).matrix;
    expect(m.baseDocs).toBe(400);
    expect(m.deltaRows.length).toBe(110);
    expect(rec.size).toBe(480);
    expectFreshResults(rec, model, {}, false);
  }, 30_000);
});

describe("Recommender kernels", () => {
  it("the pruned kernel returns exactly the exhaustive kernel's lists on a corpus large enough to prune", () => {
    const rand = mulberry32(42);
    // 60 topics of 40 words each, plus 3,000 general words with log-uniform ranks (a few very
    // common, a long tail): rare topic words discriminate, common words carry most postings.
    const general = () => `g${Math.floor(Math.exp(rand() * Math.log(3000)))}`;
    const article = (id: string) => {
      const topic = Math.floor(rand() * 60);
      const words = Array.from({ length: 80 + Math.floor(rand() * 120) }, () =>
        rand() < 0.3 ? `t${topic}x${Math.floor(rand() * 40)}` : general(),
      );
      return { id, text: words.join(" ") };
    };
    const rec = new Recommender().add(Array.from({ length: 2500 }, (_, i) => article(`p${i}`)));
    // Each kernel answers every query (kept lists would answer the second call).
    rec.keepLists = false;
    const compare = (label: string) => {
      const ids = rec.ids();
      for (let i = 0; i < ids.length; i += 25) {
        const id = ids[i] as string;
        for (const options of [{ k: 1 }, { k: 10 }, { k: 10, filter: (x: string) => x.length % 2 === 0 }, { k: 5, exclude: ids.slice(0, 400) }]) {
          internalsOf(rec).kernel = "pruned";
          const pruned = rec.recommend(id, options);
          internalsOf(rec).kernel = "exhaustive";
          expect(pruned, `${label} ${id}`).toEqual(rec.recommend(id, options));
        }
      }
      const draft = article("draft").text;
      internalsOf(rec).kernel = "pruned";
      const pruned = rec.recommendText(draft);
      internalsOf(rec).kernel = "exhaustive";
      expect(pruned).toEqual(rec.recommendText(draft));
      internalsOf(rec).kernel = "pruned";
    };
    rec.build();
    compare("after build");
    for (let i = 0; i < 100; i++) rec.remove(`p${i * 7}`);
    for (let i = 0; i < 150; i++) rec.add(article(`q${i}`));
    compare("with tombstones and delta rows");
  }, 30_000);
});

