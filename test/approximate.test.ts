/**
 * The opt-in approximate mode (`maxQueryTerms`): candidates come from the query's strongest
 * terms, but every score returned must be the exact one, and the options behave as in exact mode.
 */
import { describe, expect, it } from "vitest";
import { Recommender } from "../src/recommender.js";
import { RecommenderError } from "../src/errors.js";
import { prepareQuery, Scratch } from "../src/score.js";
import { searchApproximate, strongestTerms } from "../src/approximate.js";
import { TopK } from "../src/topk.js";
import type { DocTermMatrix } from "../src/matrix.js";
import { loadBrown } from "../scripts/brown.js";

const BROWN = loadBrown();
const rec = new Recommender().add(BROWN.map(({ id, title, text }) => ({ id, title, text })));
const QUERIES = BROWN.filter((_, i) => i % 10 === 0).map((t) => t.id);

type Internals = { _state(c: boolean): { matrix: DocTermMatrix; ids: string[] } };
const internals = rec as unknown as Internals;

/** searchApproximate itself, past its cost check (on Brown it would always answer exactly). */
function approximate(id: string, k: number, maxTerms: number, on: Recommender = rec): { id: string; score: number }[] {
  const { matrix: m, ids } = (on as unknown as Internals)._state(false);
  const self = ids.indexOf(id);
  const q = prepareQuery(m, on._row(id), m.invNorm[self]);
  if (q === null) return [];
  const heap = new TopK(k, ids);
  searchApproximate(m, q, maxTerms, heap, (d) => d !== self, 0, new Scratch(), true);
  return heap.sorted().map((r) => ({ id: ids[r.doc] as string, score: r.score }));
}

describe("searchApproximate", () => {
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
    for (const id of QUERIES.slice(0, 10)) expect(rec.recommend(id, { k: 10, maxQueryTerms: 5 })).toEqual(rec.recommend(id, { k: 10 }));
  });

  it("applies k, minScore, filter and exclude as the exact search does", () => {
    const id = QUERIES[3] as string;
    const exact = rec.recommend(id, { k: 30 });
    const banned = new Set(exact.slice(0, 3).map((r) => r.id));
    const list = rec.recommend(id, { k: 5, maxQueryTerms: 50, exclude: banned, filter: (other) => !other.startsWith("ca"), minScore: 0.05 });
    expect(list.length).toBeLessThanOrEqual(5);
    for (const r of list) {
      expect(banned.has(r.id)).toBe(false);
      expect(r.id.startsWith("ca")).toBe(false);
      expect(r.score).toBeGreaterThanOrEqual(0.05);
    }
  });

  it("works for drafts (recommendText) and for articles added since the last build", () => {
    const r = new Recommender().add(BROWN.slice(0, 200).map(({ id, title, text }) => ({ id, title, text })));
    r.build();
    r.add({ id: "late", title: BROWN[0]?.title, text: BROWN[0]?.text ?? "" });
    const exact = new Map(r.recommend("late", { k: 200 }).map((x) => [x.id, x.score]));
    const approx = r.recommend("late", { k: 10, maxQueryTerms: 10 });
    expect(approx[0]?.id).toBe(BROWN[0]?.id);
    for (const x of approx) expect(x.score).toBe(exact.get(x.id));
    const draft = r.recommendText({ title: BROWN[1]?.title, text: BROWN[1]?.text ?? "" }, { k: 3, maxQueryTerms: 10 });
    expect(draft[0]?.id).toBe(BROWN[1]?.id);
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
    const m = internals._state(false).matrix;
    const row = rec._row(QUERIES[0] as string);
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
