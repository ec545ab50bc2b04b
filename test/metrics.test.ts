import { describe, it, expect } from "vitest";
import { evaluate, ndcgAtK, precisionAtK, reciprocalRank, type Ranker } from "../src/eval/metrics.js";

// 1 / log2(3): the discount at rank 2.
const D2 = 1 / Math.log2(3);

describe("precisionAtK", () => {
  it("counts relevant items among the first k", () => {
    expect(precisionAtK([true, false, true], 3)).toBe(2 / 3);
    expect(precisionAtK([true, false, true], 2)).toBe(1 / 2);
    expect(precisionAtK([true, true, true], 1)).toBe(1);
  });

  it("ignores items past k", () => {
    expect(precisionAtK([false, true, true, true], 2)).toBe(1 / 2);
  });

  it("counts missing slots of a short list as misses", () => {
    expect(precisionAtK([true], 4)).toBe(1 / 4);
    expect(precisionAtK([], 10)).toBe(0);
  });

  it("is 0 when nothing is relevant", () => {
    expect(precisionAtK([false, false], 2)).toBe(0);
  });

  it("throws on a k that is not a positive integer", () => {
    expect(() => precisionAtK([true], 0)).toThrow(RangeError);
    expect(() => precisionAtK([true], 1.5)).toThrow(RangeError);
  });
});

describe("ndcgAtK", () => {
  it("is 1 for an ideal ranking", () => {
    expect(ndcgAtK([true, true, false], 3, 2)).toBe(1);
    expect(ndcgAtK([true, true], 2, 5)).toBe(1);
  });

  it("matches the hand-computed value for [true, false, true]", () => {
    // DCG = 1/log2(2) + 1/log2(4) = 1.5; IDCG (2 relevant) = 1 + 1/log2(3).
    expect(ndcgAtK([true, false, true], 3, 2)).toBeCloseTo(1.5 / (1 + D2), 12);
    expect(ndcgAtK([true, false, true], 3, 2)).toBeCloseTo(0.9197207891, 9);
  });

  it("puts min(k, totalRelevant) items in the ideal list", () => {
    // 5 relevant exist but only 3 fit: IDCG = 1 + 1/log2(3) + 1/2.
    expect(ndcgAtK([true, false, true], 3, 5)).toBeCloseTo(1.5 / (1.5 + D2), 12);
  });

  it("discounts a single hit at rank 2", () => {
    expect(ndcgAtK([false, true], 2, 1)).toBeCloseTo(D2, 12);
  });

  it("ignores items past k", () => {
    expect(ndcgAtK([false, true, true], 1, 2)).toBe(0);
  });

  it("is 0, not NaN, when nothing is relevant", () => {
    expect(ndcgAtK([false, false], 2, 0)).toBe(0);
    expect(ndcgAtK([], 10, 0)).toBe(0);
    expect(ndcgAtK([false, false], 2, 3)).toBe(0);
  });
});

describe("reciprocalRank", () => {
  it("is 1 / rank of the first relevant item", () => {
    expect(reciprocalRank([true, false, true])).toBe(1);
    expect(reciprocalRank([false, false, true])).toBe(1 / 3);
    expect(reciprocalRank([false, true, true])).toBe(1 / 2);
  });

  it("is 0 when nothing is relevant", () => {
    expect(reciprocalRank([false, false])).toBe(0);
    expect(reciprocalRank([])).toBe(0);
  });
});

describe("evaluate", () => {
  const docs = [
    { id: "a", label: "x" },
    { id: "b", label: "x" },
    { id: "c", label: "x" },
    { id: "d", label: "y" },
    { id: "e", label: "z" },
  ];
  const lists: Record<string, string[]> = {
    a: ["d", "b", "c"], // hit at rank 2; "c" lies past k = 2
    b: ["a", "c"], // ideal
    c: ["d", "e", "a"], // the hit at rank 3 is past k, so RR@2 = 0
    d: ["a"], // no other "y": everything 0
    e: ["e", "a"], // the query itself is never relevant
  };
  const seenK: number[] = [];
  const stub: Ranker = {
    recommend(id, { k }) {
      seenK.push(k);
      return (lists[id] ?? []).map((x) => ({ id: x, score: 1 }));
    },
  };

  it("averages P@k, nDCG@k and MRR over every document", () => {
    seenK.length = 0;
    const r = evaluate(stub, docs, 2);
    expect(r.k).toBe(2);
    expect(r.queries).toBe(5);
    // P@2: a 1/2, b 1, others 0.
    expect(r.precision).toBeCloseTo(1.5 / 5, 12);
    // nDCG@2: a = (1/log2 3) / (1 + 1/log2 3), b = 1, others 0.
    expect(r.ndcg).toBeCloseTo((D2 / (1 + D2) + 1) / 5, 12);
    // RR: a 1/2, b 1, others 0.
    expect(r.mrr).toBeCloseTo(1.5 / 5, 12);
    // One query per document, each for k = 2 (every() alone would pass on no calls at all).
    expect(seenK).toEqual([2, 2, 2, 2, 2]);
  });

  it("defaults to k = 10", () => {
    expect(evaluate(stub, docs).k).toBe(10);
  });

  it("gives zeros, not NaN, for an empty corpus", () => {
    expect(evaluate(stub, [])).toEqual({ k: 10, queries: 0, precision: 0, ndcg: 0, mrr: 0 });
  });
});
