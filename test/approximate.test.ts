/**
 * The opt-in approximate mode (`maxQueryTerms`): candidates come from the query's strongest
 * terms, but every score returned must be the exact one, and the options behave as in exact mode.
 */
import { isDeepStrictEqual } from "node:util";
import { describe, expect, it } from "vitest";
import { Recommender } from "../src/index.js";
import { RecommenderError } from "../src/errors.js";
import { Scratch } from "../src/search/kernels/scratch.js";
import { prepareQuery } from "../src/search/similarity.js";
import { approximateKernel, strongestTerms } from "../src/search/kernels/approximate.js";
import { TopK } from "../src/search/topk.js";
import type { RecommendOptions } from "../src/index.js";
import { mulberry32 } from "../bench/synthetic.js";
import { loadBrown } from "../scripts/brown.js";
import { internalsOf } from "../src/internal.js";

const BROWN = loadBrown();
const rec = new Recommender().add(BROWN.map(({ id, title, text }) => ({ id, title, text })));
// Kept lists are exact and answer a repeated query before any search: every call here must search.
rec.keepLists = false;
const QUERIES = BROWN.filter((_, i) => i % 10 === 0).map((t) => t.id);


/** The approximate kernel itself, past its cost check (on Brown it would always answer exactly). */
function approximate(id: string, k: number, maxTerms: number, on: Recommender = rec): { id: string; score: number }[] {
  const { matrix: m, ids } = internalsOf(on).state(false);
  const self = ids.indexOf(id);
  const q = prepareQuery(m, internalsOf(on).row(id), m.invNorm[self]);
  if (q === null) return [];
  const heap = new TopK(k, ids);
  approximateKernel(maxTerms, { always: true })(m, q, { heap, accept: (d) => d !== self, minScore: 0, scratch: new Scratch(), weigh: null });
  return heap.sorted().map((r) => ({ id: ids[r.doc] as string, score: r.score }));
}

describe("approximateKernel", () => {
  it("returns exact scores: every article listed has the score the exact search gives it", () => {
    for (const id of QUERIES) {
      const exact = new Map(rec.recommend(id, { k: 499 }).map((r) => [r.id, r.score]));
      for (const n of [1, 5, 25]) {
        const list = approximate(id, 10, n);
        // Only articles that share one of the n terms can be found.
        expect(list.length).toBeGreaterThan(0);
        expect(list.length).toBeLessThanOrEqual(10);
        for (const r of list) expect(r.score, `${id} -> ${r.id} with ${n} terms`).toBe(exact.get(r.id));
        // Best first, ties by id, never the query itself.
        for (let i = 1; i < list.length; i++) {
          const [a, b] = [list[i - 1], list[i]] as [{ id: string; score: number }, { id: string; score: number }];
          expect(a.score > b.score || (a.score === b.score && a.id < b.id)).toBe(true);
        }
        expect(list.map((r) => r.id)).not.toContain(id);
      }
    }
  });

  it("scores articles added since the last build (delta rows) exactly too", () => {
    const r = new Recommender().add(BROWN.slice(0, 100).map(({ id, title, text }) => ({ id, title, text })));
    r.build();
    r.add(BROWN.slice(100, 140).map(({ id, title, text }) => ({ id, title, text })));
    for (const { id } of BROWN.slice(90, 140).filter((_, i) => i % 5 === 0)) {
      const exact = new Map(r.recommend(id, { k: 139 }).map((x) => [x.id, x.score]));
      const list = approximate(id, 10, 20, r);
      expect(list.length).toBeGreaterThan(0);
      for (const x of list) expect(x.score, `${id} -> ${x.id}`).toBe(exact.get(x.id));
    }
  });

  it("is the exact search when the query has no more terms than maxTerms", () => {
    for (const id of QUERIES.slice(0, 10)) expect(approximate(id, 10, 100_000)).toEqual(rec.recommend(id, { k: 10 }));
  });

  it("finds most of the exact top 10 on Brown with 100 terms, and more with more terms", () => {
    const recall = (n: number) => {
      let found = 0;
      for (const id of QUERIES) {
        const exact = new Set(rec.recommend(id, { k: 10 }).map((r) => r.id));
        found += approximate(id, 10, n).filter((r) => exact.has(r.id)).length;
      }
      return found / (10 * QUERIES.length);
    };
    const r25 = recall(25);
    const r100 = recall(100);
    expect(r100).toBeGreaterThan(0.8);
    expect(r100).toBeGreaterThanOrEqual(r25);
  });
});

describe("recommend with maxQueryTerms", () => {
  it("answers exactly where rescoring would cost more than the exact search (a small corpus)", () => {
    let differs = 0;
    for (const id of QUERIES.slice(0, 10)) {
      const exact = rec.recommend(id, { k: 10 });
      expect(rec.recommend(id, { k: 10, maxQueryTerms: 5 })).toEqual(exact);
      // The approximate search itself would have answered differently: the exact path did answer.
      if (!isDeepStrictEqual(approximate(id, 10, 5), exact)) differs++;
    }
    expect(differs).toBeGreaterThan(0);
    const draft = { title: BROWN[1]?.title, text: BROWN[1]?.text ?? "" };
    expect(rec.recommendText(draft, { k: 10, maxQueryTerms: 5 })).toEqual(rec.recommendText(draft, { k: 10 }));
  });

  it.each([0, -1, 1.5, "25", Number.NaN, null, Infinity])("refuses maxQueryTerms %s with INVALID_OPTION", (bad) => {
    try {
      rec.recommend(QUERIES[0] as string, { maxQueryTerms: bad as number });
      expect.fail("accepted");
    } catch (e) {
      expect(e).toBeInstanceOf(RecommenderError);
      expect(e).toMatchObject({ code: "INVALID_OPTION" });
      expect((e as Error).message).toContain("maxQueryTerms");
    }
  });
});

describe("strongestTerms", () => {
  it("keeps the N largest tf-idf values, in term order, with the whole query's norm", () => {
    const m = internalsOf(rec).state(false).matrix;
    const row = internalsOf(rec).row(QUERIES[0] as string);
    const q = prepareQuery(m, row);
    if (q === null) throw new Error("empty query");
    const s = strongestTerms(m, q, 7);
    if (s === null) throw new Error("no reduction");
    expect(s.terms.length).toBe(7);
    expect([...s.terms]).toEqual([...s.terms].sort((a, b) => a - b));
    expect(s.invNorm).toBe(q.invNorm);
    const kept = Math.min(...s.values);
    const dropped = [...q.values].filter((_, i) => !s.terms.includes(q.terms[i] as number));
    expect(Math.max(...dropped)).toBeLessThanOrEqual(kept);
    expect(strongestTerms(m, q, q.terms.length)).toBeNull();
  });
});

/**
 * A corpus on which recommend really takes the approximate path (on Brown its cost check always
 * sends queries to the exact search): 4,000 short articles, each with 20 of 25 common words (most of
 * the postings, little weight) and 4 of its topic's 12 rare words (most of the weight, few
 * postings). The exact search walks about 64,000 postings per query; the 2 strongest terms find
 * 15-22 candidates, and rescoring them costs less. Topic words a candidate lacks make its list
 * differ from the exact one.
 */
function topicalCorpus(n: number): { id: string; text: string }[] {
  const rand = mulberry32(7);
  const some = (of: number, count: number) => {
    const picked = new Set<number>();
    while (picked.size < count) picked.add(Math.floor(rand() * of));
    return [...picked];
  };
  return Array.from({ length: n }, (_, i) => {
    const topic = i % 100;
    const words = [...some(25, 20).map((w) => `g${w}`), ...some(12, 4).map((w) => `t${topic}x${w}`)];
    return { id: `p${String(i).padStart(4, "0")}`, text: words.join(" ") };
  });
}

const TOPICAL = topicalCorpus(4000);
const wide = new Recommender().add(TOPICAL);
// Kept lists are exact and would answer a repeated query before the approximate search.
wide.keepLists = false;
const M = 2;
const WIDE_QUERIES = TOPICAL.filter((_, i) => i % 40 === 0).map((a) => a.id);
/** Queries whose approximate top 10 is not the exact one: recommend can return it only by taking the approximate path. */
const DIVERGING = WIDE_QUERIES.filter((id) => !isDeepStrictEqual(approximate(id, 10, M, wide), wide.recommend(id, { k: 10 })));
const exactScores = (r: Recommender, id: string) => new Map(r.recommend(id, { k: r.size }).map((x) => [x.id, x.score]));
/** Keeps about half of each topic (article i is on topic i % 100). */
const evenRound = (id: string) => Math.floor(Number(id.slice(1)) / 100) % 2 === 0;

describe("recommend with maxQueryTerms, where the approximate path runs", () => {
  it("returns the approximate search's lists, which differ from the exact ones, with exact scores", () => {
    expect(DIVERGING.length).toBeGreaterThanOrEqual(WIDE_QUERIES.length / 4);
    for (const id of WIDE_QUERIES) {
      const got = wide.recommend(id, { k: 10, maxQueryTerms: M });
      expect(got, id).toEqual(approximate(id, 10, M, wide));
      expect(got).toHaveLength(10);
      const exact = exactScores(wide, id);
      for (const r of got) expect(r.score, `${id} -> ${r.id}`).toBe(exact.get(r.id));
    }
  });

  it("applies k, minScore, exclude and filter to the approximate list, counting each filter call", () => {
    for (const id of DIVERGING) {
      // Every candidate (an article with one of the 2 strongest terms), scored exactly: fewer than
      // the smallest pool (50), so the options can only take articles out of this list.
      const candidates = approximate(id, 100, M, wide);
      expect(candidates.length).toBeGreaterThan(10);
      expect(candidates.length).toBeLessThan(50);
      const top3 = candidates.slice(0, 3).map((r) => r.id);
      const cases: (RecommendOptions & { k: number })[] = [
        { k: 1 },
        { k: 3 },
        { k: 10 },
        { k: 10, minScore: (candidates[4] as { score: number }).score },
        { k: 10, exclude: top3 },
        { k: 10, exclude: new Set(top3) },
        { k: 10, filter: evenRound },
        { k: 5, minScore: (candidates[8] as { score: number }).score, exclude: top3.slice(0, 1), filter: evenRound },
      ];
      for (const o of cases) {
        const label = `${id} ${JSON.stringify({ ...o, exclude: o.exclude && [...o.exclude], filter: o.filter && "evenRound" })}`;
        const excluded = new Set(o.exclude);
        const passes = (r: { id: string; score: number }) =>
          r.score >= (o.minScore ?? 0) && !excluded.has(r.id) && (o.filter === undefined || o.filter(r.id, undefined));
        const expected = candidates.filter(passes).slice(0, o.k);
        expect(expected.length, label).toBeGreaterThan(0);
        // The option changes the answer, so ignoring it could not pass.
        if (o.minScore !== undefined || o.exclude !== undefined || o.filter !== undefined) expect(expected, label).not.toEqual(candidates.slice(0, o.k));
        const calls = new Map<string, number>();
        const filter = o.filter && ((x: string, date: Date | undefined) => {
          calls.set(x, (calls.get(x) ?? 0) + 1);
          return (o.filter as NonNullable<typeof o.filter>)(x, date);
        });
        expect(wide.recommend(id, { ...o, filter, maxQueryTerms: M }), label).toEqual(expected);
        if (filter === undefined) continue;
        // The filter ran, once per article, on every candidate not excluded first, never on the query.
        expect(calls.size, label).toBeGreaterThan(0);
        expect([...calls.values()].every((c) => c === 1), label).toBe(true);
        expect(calls.has(id), label).toBe(false);
        for (const r of candidates) if (!excluded.has(r.id)) expect(calls.has(r.id), `${label} ${r.id}`).toBe(true);
      }
    }
  });

  it("answers drafts (recommendText) approximately too, with exact scores and options applied", () => {
    const draft = [...Array.from({ length: 20 }, (_, i) => `g${i}`), ...Array.from({ length: 6 }, (_, i) => `t3x${i}`)].join(" ");
    const exact = wide.recommendText(draft, { k: 10 });
    const got = wide.recommendText(draft, { k: 10, maxQueryTerms: M });
    expect(got).toHaveLength(10);
    expect(got).not.toEqual(exact);
    const all = new Map(wide.recommendText(draft, { k: wide.size }).map((x) => [x.id, x.score]));
    for (const r of got) expect(r.score, r.id).toBe(all.get(r.id));
    const cut = (got[4] as { score: number }).score;
    expect(wide.recommendText(draft, { k: 10, maxQueryTerms: M, minScore: cut })).toEqual(got.filter((r) => r.score >= cut));
    const banned = got.slice(0, 2).map((r) => r.id);
    const without = wide.recommendText(draft, { k: 10, maxQueryTerms: M, exclude: banned });
    expect(without.length).toBeGreaterThan(0);
    for (const r of without) expect(banned).not.toContain(r.id);
  });

  it("answers articles added since the last build (delta rows) approximately too", () => {
    const r = new Recommender().add(TOPICAL.slice(0, 3800)).build();
    r.add(TOPICAL.slice(3800));
    r.keepLists = false;
    let differs = 0;
    const late = TOPICAL.slice(3800).filter((_, i) => i % 10 === 0);
    for (const { id } of late) {
      const got = r.recommend(id, { k: 10, maxQueryTerms: M });
      expect(got, id).toEqual(approximate(id, 10, M, r));
      expect(got).toHaveLength(10);
      const exact = exactScores(r, id);
      for (const x of got) expect(x.score, `${id} -> ${x.id}`).toBe(exact.get(x.id));
      if (!isDeepStrictEqual(got, r.recommend(id, { k: 10 }))) differs++;
    }
    expect(differs).toBeGreaterThanOrEqual(late.length / 4);
    // Still uncompacted: the queries were of delta rows.
    expect(internalsOf(r).state(false).matrix.deltaRows.length).toBe(200);
  });
});
