import { describe, it, expect } from "vitest";
import { Recommender } from "../src/index.js";
import { evaluate } from "../src/eval/metrics.js";
import type { EvalCorpus } from "../scripts/eval/corpus.js";
import { evaluateJudged, judgementsOf } from "../scripts/eval/judgements.js";
import { evaluateConfigs, formatMeans, meanRows } from "../scripts/eval/suite.js";

// A small labelled corpus written for this test: three topics, two or three articles each, plus one unlabelled.
const ARTICLES = [
  { id: "s1", text: "steel springs coil tension spring steel", label: "springs" },
  { id: "s2", text: "spring coil tension and steel wire springs", label: "springs" },
  { id: "s3", text: "brass springs and coil tension", label: "springs" },
  { id: "b1", text: "coffee beans roast grind mill", label: "coffee" },
  { id: "b2", text: "grind coffee beans in a burr mill", label: "coffee" },
  { id: "g1", text: "garden roses prune water soil", label: "garden" },
  { id: "g2", text: "water the roses and the soil in the garden", label: "garden" },
  { id: "x1", text: "steel mill water wheel" },
];

const corpus: EvalCorpus = {
  name: "tiny",
  description: "test",
  articles: ARTICLES.map(({ id, text }) => ({ id, text })),
  labels: new Map(ARTICLES.flatMap((a) => (a.label ? [[a.id, a.label] as [string, string]] : []))),
};

describe("judgementsOf", () => {
  it("turns labels into the other articles with the query's label, for labelled articles with one", () => {
    const j = judgementsOf(corpus);
    expect([...j.keys()]).toEqual(["s1", "s2", "s3", "b1", "b2", "g1", "g2"]);
    expect([...(j.get("b1") ?? [])].sort()).toEqual(["b1", "b2"]);
  });

  it("takes a link corpus's relevant map, restricted to its queries", () => {
    const linked: EvalCorpus = { ...corpus, labels: new Map(), relevant: new Map([["s1", new Set(["s3"])], ["b1", new Set(["b2", "x1"])]]), queries: ["b1"] };
    expect(judgementsOf(linked)).toEqual(new Map([["b1", new Set(["b2", "x1"])]]));
  });
});

describe("evaluateJudged", () => {
  const rec = new Recommender({ minDf: 1 }).add(corpus.articles).build();

  it("gives metrics.evaluate's numbers on a labelled corpus", () => {
    const labelled = ARTICLES.flatMap((a) => (a.label ? [{ id: a.id, label: a.label }] : []));
    const expected = evaluate(rec, labelled, 3);
    const got = evaluateJudged(rec, judgementsOf(corpus), 3);
    expect(got.queries).toBe(expected.queries);
    expect(got.precision).toBeCloseTo(expected.precision, 12);
    expect(got.ndcg).toBeCloseTo(expected.ndcg, 12);
    expect(got.mrr).toBeCloseTo(expected.mrr, 12);
  });

  it("never counts the query as relevant to itself", () => {
    const j = new Map([["s1", new Set(["s1"])]]);
    expect(evaluateJudged(rec, j, 3)).toMatchObject({ queries: 1, precision: 0, ndcg: 0, mrr: 0, meanRelevant: 0 });
  });

  it("scores a perfect list 1: the only relevant article ranked first", () => {
    const first = rec.recommend("b1", { k: 1 })[0]?.id as string;
    expect(evaluateJudged(rec, new Map([["b1", new Set([first])]]), 10)).toMatchObject({ ndcg: 1, mrr: 1, precision: 0.1, meanRelevant: 1 });
  });
});

describe("evaluateConfigs", () => {
  const configs = [
    { name: "defaults", options: {} },
    { name: "refused", options: { analyzer: "sklearn" as const, stopWords: "english" as const } },
    { name: "minDf 1", options: { minDf: 1 } },
  ];

  it("runs each configuration and skips one the constructor refuses, with its message", () => {
    const part = evaluateConfigs(corpus, configs, 3);
    expect(part.rows.map((r) => ("skipped" in r ? `skipped ${r.config}` : r.config))).toEqual(["defaults", "skipped refused", "minDf 1"]);
    const skipped = part.rows[1];
    expect(skipped && "skipped" in skipped && skipped.skipped).toMatch(/stopWords/);
  });

  it("averages each configuration over the corpora, each weighing the same", () => {
    const a = evaluateConfigs(corpus, configs, 3);
    const b = evaluateConfigs({ ...corpus, name: "tiny2", queries: ["b1"] }, configs, 3);
    const [defaults] = meanRows([a, b], configs);
    const ndcg = (p: typeof a) => {
      const r = p.rows[0];
      return r && !("skipped" in r) ? r.ndcg : NaN;
    };
    expect(defaults?.ndcg).toBeCloseTo((ndcg(a) + ndcg(b)) / 2, 12);
    expect(defaults?.corpora).toBe(2);
    // The refused configuration ran nowhere: it has no MEAN row in the table.
    expect(formatMeans([a, b], configs, 3)).not.toMatch(/refused/);
  });
});
