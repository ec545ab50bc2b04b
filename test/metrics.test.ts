import { describe, it, expect } from "vitest";
import {
  ageGaps,
  catalogueCoverage,
  evaluate,
  evaluateLists,
  intraListSimilarity,
  ndcgAtK,
  nearDuplicatePairs,
  precisionAtK,
  reciprocalRank,
  type PairSimilarity,
  type Ranker,
} from "../src/eval/metrics.js";

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

// A symmetric similarity table for the beyond-accuracy measures; pairs not listed score 0.
const TABLE: Record<string, number> = { "a|b": 0.95, "a|c": 0.5, "b|c": 0.25, "a|d": 0.9, "b|d": 0.75, "c|d": 0 };
function tableSimilarity(calls?: string[]): PairSimilarity {
  return (x, y) => {
    calls?.push(`${x}|${y}`);
    return TABLE[`${x}|${y}`] ?? TABLE[`${y}|${x}`] ?? 0;
  };
}

describe("intraListSimilarity", () => {
  it("is the mean over every unordered pair", () => {
    // (0.95 + 0.5 + 0.25) / 3
    expect(intraListSimilarity(["a", "b", "c"], tableSimilarity())).toBe((0.95 + 0.5 + 0.25) / 3);
    // six pairs: 0.95 + 0.5 + 0.9 + 0.25 + 0.75 + 0 = 3.35
    expect(intraListSimilarity(["a", "b", "c", "d"], tableSimilarity())).toBeCloseTo(3.35 / 6, 15);
  });

  it("asks once per pair, better-ranked item first", () => {
    const calls: string[] = [];
    intraListSimilarity(["c", "a", "b"], tableSimilarity(calls));
    expect(calls).toEqual(["c|a", "c|b", "a|b"]);
  });

  it("is null for a list with no pair", () => {
    expect(intraListSimilarity(["a"], tableSimilarity())).toBeNull();
    expect(intraListSimilarity([], tableSimilarity())).toBeNull();
  });
});

describe("nearDuplicatePairs", () => {
  it("counts pairs strictly above 0.9 by default", () => {
    // a|b 0.95 is above; a|d 0.9 is not (strictly above).
    expect(nearDuplicatePairs(["a", "b", "c", "d"], tableSimilarity())).toEqual({ pairs: 6, duplicates: 1 });
  });

  it("takes the threshold as a parameter", () => {
    // above 0.7: a|b 0.95, a|d 0.9, b|d 0.75
    expect(nearDuplicatePairs(["a", "b", "c", "d"], tableSimilarity(), 0.7)).toEqual({ pairs: 6, duplicates: 3 });
    expect(nearDuplicatePairs(["a", "b", "c", "d"], tableSimilarity(), 0.95)).toEqual({ pairs: 6, duplicates: 0 });
  });

  it("has no pair in a list of one", () => {
    expect(nearDuplicatePairs(["a"], tableSimilarity())).toEqual({ pairs: 0, duplicates: 0 });
  });

  it("throws on a threshold that is not a finite number", () => {
    expect(() => nearDuplicatePairs(["a"], tableSimilarity(), NaN)).toThrow(RangeError);
    expect(() => nearDuplicatePairs(["a"], tableSimilarity(), Infinity)).toThrow(RangeError);
  });
});

describe("ageGaps", () => {
  it("sums absolute gaps in days, skipping undated results", () => {
    expect(ageGaps("2024-01-10", ["2024-01-01", undefined, "2024-01-13"])).toEqual({ days: 12, pairs: 2 });
  });

  it("takes Dates, date strings and epoch milliseconds, and keeps fractions of a day", () => {
    const q = Date.UTC(2024, 0, 10);
    expect(ageGaps(new Date(q), [q + 36 * 3600_000, "2024-01-09T12:00:00Z"])).toEqual({ days: 2, pairs: 2 });
  });

  it("skips invalid dates as undated", () => {
    expect(ageGaps("2024-01-10", ["not a date", new Date(NaN)])).toEqual({ days: 0, pairs: 0 });
  });

  it("has no gap when the query is undated", () => {
    expect(ageGaps(undefined, ["2024-01-01"])).toEqual({ days: 0, pairs: 0 });
  });
});

describe("catalogueCoverage", () => {
  it("is the share of the catalogue found in at least one list", () => {
    expect(catalogueCoverage([["a", "b"], ["b", "c"]], ["a", "b", "c", "d"])).toBe(0.75);
  });

  it("ignores ids outside the catalogue and counts repeated ids once", () => {
    expect(catalogueCoverage([["a", "x", "a"]], ["a", "b", "c", "d"])).toBe(0.25);
  });

  it("is null for an empty catalogue", () => {
    expect(catalogueCoverage([["a"]], [])).toBeNull();
  });
});

describe("evaluateLists", () => {
  const docs = [
    { id: "a", label: "x", date: "2024-01-10" },
    { id: "b", label: "x", date: "2024-01-01" },
    { id: "c", label: "y" },
    { id: "d", label: "x", date: "2024-01-13" },
    { id: "e" }, // unlabelled, undated, never listed
  ];
  const r = (...ids: string[]) => ids.map((id) => ({ id, score: 1 }));
  const lists = new Map([
    ["a", r("b", "c", "d")],
    ["c", r("a", "b")],
    ["e", r("d")],
  ]);

  it("reports every measure for hand-computed lists", () => {
    const e = evaluateLists(lists, docs, tableSimilarity(), { k: 3 });
    expect(e).toEqual({
      k: 3,
      lists: 3,
      // "e" has no label: it counts for everything but accuracy.
      labelledQueries: 2,
      // a: [b, c, d] -> [hit, miss, hit], 2 other "x" -> P 2/3, nDCG (1 + 1/2) / (1 + 1/log2 3), RR 1.
      // c: no other "y" -> 0.
      precision: 2 / 3 / 2,
      ndcg: 1.5 / (1 + D2) / 2,
      mrr: 1 / 2,
      // a: pairs b|c 0.25, b|d 0.75, c|d 0 -> 1/3; c: a|b 0.95; e: no pair.
      intraListSimilarity: (1 / 3 + 0.95) / 2,
      listsWithPairs: 2,
      // 4 pairs, a|b above 0.9.
      nearDuplicateRate: 1 / 4,
      pairs: 4,
      nearDuplicates: 1,
      nearDuplicateThreshold: 0.9,
      // a (Jan 10): b 9 days, c undated, d 3 days; c is undated (2 pairs skipped); e undated (1).
      meanAgeGapDays: 12 / 2,
      datedPairs: 2,
      undatedPairs: 4,
      // a, b, c, d listed out of 5.
      coverage: 4 / 5,
      covered: 4,
    });
  });

  it("cuts every list to k first", () => {
    const e = evaluateLists(lists, docs, tableSimilarity(), { k: 1 });
    // a: [b], c: [a], e: [d]: no pair, so no similarity.
    expect(e.intraListSimilarity).toBeNull();
    expect(e.nearDuplicateRate).toBeNull();
    expect(e.pairs).toBe(0);
    expect(e.precision).toBe(1 / 2);
    expect(e.coverage).toBe(3 / 5);
    expect(e.datedPairs).toBe(1);
    expect(e.meanAgeGapDays).toBe(9);
  });

  it("takes the near-duplicate threshold as an option", () => {
    const e = evaluateLists(lists, docs, tableSimilarity(), { k: 3, nearDuplicate: 0.5 });
    // above 0.5: b|d 0.75, a|b 0.95
    expect(e.nearDuplicates).toBe(2);
    expect(e.nearDuplicateThreshold).toBe(0.5);
  });

  it("gives nulls, not NaN, when there is nothing to average", () => {
    const e = evaluateLists(new Map(), [], tableSimilarity());
    expect(e).toMatchObject({ k: 10, lists: 0, labelledQueries: 0, precision: null, ndcg: null, mrr: null });
    expect(e).toMatchObject({ intraListSimilarity: null, nearDuplicateRate: null, meanAgeGapDays: null, coverage: null });
  });

  it("agrees with evaluate on the same lists", () => {
    const labelled = docs.filter((d) => d.label !== undefined).map(({ id, label }) => ({ id, label: label as string }));
    const stub: Ranker = { recommend: (id, { k }) => (lists.get(id) ?? []).slice(0, k) };
    const all = new Map(labelled.map((d) => [d.id, stub.recommend(d.id, { k: 2 })]));
    const viaLists = evaluateLists(all, labelled, tableSimilarity(), { k: 2 });
    const direct = evaluate(stub, labelled, 2);
    expect([viaLists.precision, viaLists.ndcg, viaLists.mrr]).toEqual([direct.precision, direct.ndcg, direct.mrr]);
  });

  it("throws on a bad k or threshold", () => {
    expect(() => evaluateLists(lists, docs, tableSimilarity(), { k: 0 })).toThrow(RangeError);
    expect(() => evaluateLists(lists, docs, tableSimilarity(), { nearDuplicate: NaN })).toThrow(RangeError);
  });
});
