// The rerank stage: signals rescore the exact cosine top of a query. No signal by default; this
// test's signal (same section x2, a pool deep enough to be exact) proves the seam against a
// brute-force reference over every pair.
import { describe, expect, it } from "vitest";
import { loadBrown } from "../scripts/brown.js";
import { internalsOf } from "../src/internal.js";
import { Recommender, type Recommendation } from "../src/recommender.js";
import type { Hit, RerankContext, Signal } from "../src/rank/rerank.js";

const brown = loadBrown().slice(0, 150);
const arts = brown.map((b) => ({ id: b.id, title: b.title, text: b.text, section: b.category }));

/** Multiplies the cosine by `factor` for articles of the query's section. */
function sameSection(factor: number): Signal {
  return {
    name: "same-section",
    // A factor f >= 1 lifts a hit at most f-fold: anything below the k-th cosine / f cannot reach
    // the k-th final score. Deep enough for the test: every article.
    pool: () => Number.MAX_SAFE_INTEGER,
    rescore(hits: Hit[], ctx: RerankContext): Hit[] {
      const mine = ctx.self >= 0 ? ctx.store.sectionOf(ctx.self) : undefined;
      return hits.map((h) => ({ doc: h.doc, score: mine !== undefined && ctx.store.sectionOf(h.doc) === mine ? h.score * factor : h.score }));
    },
  };
}

/** Brute force: every article's cosine (from a plain index), times the factor, sorted, cut to k. */
function reference(plain: Recommender, id: string, k: number, factor: number): Recommendation[] {
  const section = new Map(arts.map((a) => [a.id, a.section]));
  const all = plain.recommend(id, { k: plain.size });
  const scored = all.map((r) => ({ id: r.id, score: section.get(r.id) === section.get(id) ? r.score * factor : r.score }));
  scored.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
  return scored.slice(0, k);
}

describe("the rerank stage", () => {
  it("does nothing by default", () => {
    const r = new Recommender().add(arts);
    expect(internalsOf(r).signals).toEqual([]);
  });

  it("answers recommend and relatedAll exactly as the brute-force reference with a signal", () => {
    const plain = new Recommender().add(arts);
    const r = new Recommender().add(arts);
    internalsOf(r).signals = [sameSection(2)];
    let changed = 0;
    for (const id of arts.filter((_, i) => i % 15 === 0).map((a) => a.id)) {
      const got = r.recommend(id, { k: 7 });
      const want = reference(plain, id, 7, 2);
      expect(got.map((x) => x.id)).toEqual(want.map((x) => x.id));
      got.forEach((x, i) => expect(x.score).toBe((want[i] as Recommendation).score));
      if (JSON.stringify(plain.recommend(id, { k: 7 }).map((x) => x.id)) !== JSON.stringify(got.map((x) => x.id))) changed++;
    }
    // The signal did change lists: the test is not comparing cosine lists with themselves.
    expect(changed).toBeGreaterThan(0);
    const all = r.relatedAll({ k: 5 });
    for (const id of r.ids()) expect(all.get(id)).toEqual(r.recommend(id, { k: 5 }));
  });

  it("never answers from kept cosine lists while signals are on, and does again when they are off", () => {
    const r = new Recommender().add(arts);
    r.relatedAll();
    expect(r.stats().keptLists).toBe(arts.length);
    const plain = r.recommend("ca01");
    internalsOf(r).signals = [sameSection(3)];
    const boosted = r.recommend("ca01");
    expect(boosted).not.toEqual(plain);
    expect(Object.fromEntries(r.relatedAll())).not.toEqual(Object.fromEntries(new Recommender().add(arts).relatedAll()));
    internalsOf(r).signals = [];
    expect(r.recommend("ca01")).toEqual(plain);
  });
});
