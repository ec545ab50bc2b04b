/**
 * Neighbours of neighbours (option `sharedNeighbours`, src/rank/shared-neighbours.ts): each list
 * is recomputed here from the definition over relatedAll's cosine lists of the same index without
 * the option; relatedAll equals recommend; an index changed in place answers as its own cosine
 * lists say (and as a fresh build, but for ties at a neighbourhood's edge); explain adds up;
 * snapshots and options.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadBrown } from "../scripts/brown.js";
import { SHARED_NEIGHBOURS_DEFAULTS, type RecommenderOptions, type SharedNeighboursOptions } from "../src/options.js";
import { Recommender, type Recommendation } from "../src/index.js";
import { RecommenderError } from "../src/errors.js";
import { expectSameResults, expectWellOrdered, type RefArticle } from "./reference.js";

const WORDS = ["syria", "troops", "withdrawal", "iran", "missile", "activists", "detained", "china", "sea", "navy", "goal", "striker", "league", "planet", "orbit", "oil", "the", "and"];
const words = (max: number) => fc.array(fc.constantFrom(...WORDS), { maxLength: max }).map((w) => w.join(" "));
const body = fc.record({ title: words(3), text: words(12) }, { requiredKeys: ["text"] });
const corpus = (max: number): fc.Arbitrary<RefArticle[]> => fc.array(body, { maxLength: max }).map((bs) => bs.map((b, i) => ({ id: `a${i}`, ...b })));
const settings: fc.Arbitrary<Required<SharedNeighboursOptions>> = fc.record({ depth: fc.integer({ min: 1, max: 5 }), weight: fc.constantFrom(0.05, 0.3, 1), pool: fc.integer({ min: 1, max: 8 }) });
const shape = fc.constantFrom<RecommenderOptions>({}, { minDf: 1 }, { tf: "raw", minDf: 1 }, { norm: "none", minDf: 1 });

const build = (articles: readonly RefArticle[], options: RecommenderOptions) => new Recommender(options).add(articles.map((a) => ({ ...a })));
const all = (rec: Recommender) => ({ k: Math.max(1, rec.size) });

/**
 * The definition over `lists` (every article's full cosine list, as relatedAll gives it): N(x) is
 * x and its first `depth` entries; a's list is its first `pool` entries scored (1 - w) cos + w
 * |N(a) ∩ N(b)| / (depth + 1), best first, ties by id.
 */
function referenceShared(lists: Map<string, Recommendation[]>, id: string, s: Required<SharedNeighboursOptions>): Recommendation[] {
  const hood = (x: string) => new Set([x, ...(lists.get(x) ?? []).slice(0, s.depth).map((r) => r.id)]);
  const mine = hood(id);
  return (lists.get(id) ?? [])
    .slice(0, s.pool)
    .map((r) => {
      const shared = [...hood(r.id)].filter((x) => mine.has(x)).length;
      return { id: r.id, score: (1 - s.weight) * r.score + s.weight * (shared / (s.depth + 1)) };
    })
    .filter((r) => r.score > 0)
    .sort((x, y) => y.score - x.score || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
}

/** relatedAll's full cosine lists of `rec`'s corpus, from its own bytes with the rerank off. */
const cosineLists = (rec: Recommender) => {
  const plain = Recommender.load(rec.save(), { sharedNeighbours: false });
  return plain.relatedAll({ k: Math.max(1, plain.size) });
};

describe("sharedNeighbours against the definition", () => {
  it("reranks each article's pool exactly as relatedAll's cosine lists say, for random settings and index options", () => {
    fc.assert(
      fc.property(corpus(12), settings, shape, (articles, s, extra) => {
        const rec = build(articles, { ...extra, sharedNeighbours: s });
        const lists = cosineLists(rec);
        for (const { id } of articles) {
          const got = rec.recommend(id, all(rec));
          expectWellOrdered(got);
          expect(got).toEqual(referenceShared(lists, id, s));
        }
      }),
      { numRuns: 150 },
    );
  });

  it("on 125 Brown texts with sharedNeighbours: true, lists differ from the cosine lists and follow the definition", () => {
    const brown = loadBrown()
      .filter((_, i) => i % 4 === 0)
      .map(({ id, text }) => ({ id, text }));
    const rec = build(brown, { sharedNeighbours: true });
    const lists = cosineLists(rec);
    let changed = 0;
    for (const { id } of brown) {
      const got = rec.recommend(id);
      expect(got).toEqual(referenceShared(lists, id, SHARED_NEIGHBOURS_DEFAULTS).slice(0, 10));
      if (JSON.stringify(got.map((r) => r.id)) !== JSON.stringify(lists.get(id)!.slice(0, 10).map((r) => r.id))) changed++;
    }
    expect(changed).toBeGreaterThan(10);
  }, 60_000);

  it("applies exclude and filter to the pool, not to the neighbourhoods", () => {
    const brown = loadBrown()
      .filter((_, i) => i % 5 === 0)
      .map(({ id, text }) => ({ id, text }));
    const s = { depth: 5, weight: 0.3, pool: 30 };
    const rec = build(brown, { sharedNeighbours: s });
    const lists = cosineLists(rec);
    for (const { id } of brown.slice(0, 20)) {
      const full = referenceShared(lists, id, s);
      const drop = new Set(full.slice(0, 2).map((r) => r.id));
      expect(rec.recommend(id, { k: 10, exclude: [...drop] })).toEqual(full.filter((r) => !drop.has(r.id)).slice(0, 10));
    }
  });
});

describe("sharedNeighbours lists", () => {
  const brown = loadBrown()
    .filter((_, i) => i % 5 === 0)
    .map(({ id, text, category }) => ({ id, text, section: category }));
  const s = { depth: 5, weight: 0.3, pool: 30 };

  it("relatedAll equals recommend for every article, bit for bit, with and without signals", () => {
    for (const options of [{}, { boost: { section: 0.5 } }, { duplicates: 0.9 }, { diversity: 0.7 }]) {
      const rec = build(brown, { sharedNeighbours: s });
      const lists = rec.relatedAll({ k: 7, ...options });
      const searching = build(brown, { sharedNeighbours: s });
      searching.keepLists = false;
      for (const { id } of brown) {
        expect(lists.get(id)).toEqual(searching.recommend(id, { k: 7, ...options }));
        expect(rec.recommend(id, { k: 7, ...options })).toEqual(lists.get(id));
      }
    }
  }, 60_000);

  it("explain gives recommend's score: the terms' contributions and the shared neighbours' add up to it", () => {
    const rec = build(brown, { sharedNeighbours: s });
    for (const { id } of brown.slice(0, 15)) {
      for (const r of rec.recommend(id)) {
        const e = rec.explain(id, r.id);
        expect(e.score).toBe(r.score);
        expect(e.sharedNeighbours!.count).toBeGreaterThanOrEqual(0);
        const sum = e.terms.reduce((x, t) => x + t.contribution, 0) + e.sharedNeighbours!.contribution;
        expect(Math.abs(sum - r.score)).toBeLessThanOrEqual(1e-12);
      }
    }
  });

  it("a draft's list reranks its pool with its own neighbourhood (its list, no article itself)", () => {
    const rec = build(brown, { sharedNeighbours: s });
    const text = brown[0]!.text;
    const got = rec.recommendText(text, { k: 10 });
    // The draft is the text of brown[0]: its neighbourhood is brown[0]'s list plus brown[0] itself.
    const lists = cosineLists(rec);
    const cos = new Recommender().add(brown).recommendText(text, { k: 40 });
    const hood = (x: string) => new Set([x, ...(lists.get(x) ?? []).slice(0, 5).map((r) => r.id)]);
    const mine = new Set(cos.slice(0, 5).map((r) => r.id));
    const expected = cos
      .slice(0, 30)
      .map((r) => ({ id: r.id, score: 0.7 * r.score + 0.3 * ([...hood(r.id)].filter((x) => mine.has(x)).length / 6) }))
      .sort((x, y) => y.score - x.score || (x.id < y.id ? -1 : 1))
      .slice(0, 10);
    expect(got).toEqual(expected);
  });
});

describe("sharedNeighbours under change", () => {
  type Op = { kind: "add"; slot: number; body: { title?: string; text: string } } | { kind: "remove"; pick: number } | { kind: "query"; pick: number } | { kind: "all" };
  const op: fc.Arbitrary<Op> = fc.oneof(
    { weight: 5, arbitrary: fc.record({ kind: fc.constant("add" as const), slot: fc.nat({ max: 30 }), body }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant("remove" as const), pick: fc.nat() }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant("query" as const), pick: fc.nat() }) },
    { weight: 1, arbitrary: fc.constant({ kind: "all" as const }) },
  );

  it("answers after random adds, removes, queries and relatedAll as its cosine lists say, and as a fresh build", () => {
    fc.assert(
      fc.property(settings, corpus(10), fc.array(op, { maxLength: 25 }), (s, initial, ops) => {
        const options = { minDf: 1, sharedNeighbours: s };
        const rec = build(initial, options);
        const model = new Map(initial.map((a) => [a.id, a]));
        for (const o of ops) {
          const ids = [...model.keys()];
          if (o.kind === "add") {
            const id = `n${o.slot}`;
            if (model.has(id)) continue;
            rec.add({ id, ...o.body });
            model.set(id, { id, ...o.body });
          } else if (o.kind === "all") rec.relatedAll({ k: 3 });
          else if (ids.length > 0) {
            const id = ids[o.pick % ids.length] as string;
            if (o.kind === "remove") {
              rec.remove(id);
              model.delete(id);
            } else rec.recommend(id, { k: 3 });
          }
        }
        const fresh = build([...model.values()], options);
        const lists = cosineLists(rec);
        for (const id of model.keys()) {
          const got = rec.recommend(id, all(rec));
          expectSameResults(got, referenceShared(lists, id, s), 3.2e-14, id);
          try {
            expectSameResults(got, fresh.recommend(id, all(fresh)), 3.2e-14, id);
          } catch (e) {
            // Only a near-tie at a neighbourhood's edge may differ (ulps of patched norms decide it).
            const fl = cosineLists(fresh);
            const edge = (x: string) => {
              const l = fl.get(x) ?? [];
              return l.length > s.depth && Math.abs(l[s.depth - 1]!.score - l[s.depth]!.score) < 1e-12;
            };
            if (![...model.keys()].some(edge)) throw e;
          }
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe("sharedNeighbours snapshots and options", () => {
  const small = loadBrown()
    .slice(0, 40)
    .map(({ id, text }) => ({ id, text }));
  const codeOf = (f: () => unknown) => {
    try {
      f();
      return undefined;
    } catch (e) {
      return e instanceof RecommenderError ? e.code : String(e);
    }
  };

  it("keep the settings; older snapshots load without; load({ sharedNeighbours }) replaces them", () => {
    const rec = build(small, { sharedNeighbours: { depth: 4, weight: 0.2, pool: 12 } });
    const loaded = Recommender.load(rec.save());
    expect(loaded.options.sharedNeighbours).toEqual({ depth: 4, weight: 0.2, pool: 12 });
    for (const { id } of small) expect(loaded.recommend(id)).toEqual(rec.recommend(id));
    const plain = build(small, {});
    expect(Recommender.load(plain.save()).options).not.toHaveProperty("sharedNeighbours");
    const on = Recommender.load(plain.save(), { sharedNeighbours: { depth: 4, weight: 0.2, pool: 12 } });
    for (const { id } of small) expect(on.recommend(id)).toEqual(rec.recommend(id));
    expect(new Recommender(rec.options).add(small).recommend(small[0]!.id)).toEqual(rec.recommend(small[0]!.id));
    expect(new Recommender({ sharedNeighbours: true }).options.sharedNeighbours).toEqual(SHARED_NEIGHBOURS_DEFAULTS);
  });

  it("refuses bad settings, and feedback with it, with INVALID_OPTION", () => {
    for (const v of [1, "on", null, { depth: 0 }, { depth: 101 }, { depth: 1.5 }, { weight: 0 }, { weight: 1.5 }, { pool: 0 }, { pool: 1001 }, { size: 3 }]) {
      expect(codeOf(() => new Recommender({ sharedNeighbours: v as never })), JSON.stringify(v)).toBe("INVALID_OPTION");
    }
    expect(codeOf(() => new Recommender({ sharedNeighbours: true, feedback: true }))).toBe("INVALID_OPTION");
    expect(codeOf(() => new Recommender({ sharedNeighbours: { depth: 100, weight: 1, pool: 1000 } }))).toBeUndefined();
  });
});
