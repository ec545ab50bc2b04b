/**
 * Pseudo-relevance feedback (option `feedback`, src/search/feedback.ts): every score is the cosine
 * of the moved query vector with the article, recomputed here from the definition over dense
 * vectors (test/reference.ts) with ml-distance; relatedAll equals recommend; an index changed in
 * place equals a fresh build; the pruned kernel equals the exhaustive one bit for bit; snapshots
 * keep the settings and older ones load without feedback; explain adds up to the score.
 */
import fc from "fast-check";
import { similarity } from "ml-distance";
import { describe, expect, it } from "vitest";
import { loadBrown } from "../scripts/brown.js";
import { generateCorpusArray } from "../bench/synthetic.js";
import { internalsOf } from "../src/internal.js";
import { FEEDBACK_DEFAULTS, type FeedbackOptions, type RecommenderOptions } from "../src/options.js";
import { Recommender } from "../src/index.js";
import { RecommenderError } from "../src/errors.js";
import { expectSameResults, expectWellOrdered, REFERENCE_TOLERANCE, referenceDraftModel, referenceModel, type RefArticle, type ReferenceModel, type Scored } from "./reference.js";

const CONTENT = [
  "syria", "troops", "troop", "withdrawal", "iran", "missile", "missiles", "activists", "detained",
  "china", "sea", "navy", "reef", "goal", "striker", "league", "planet", "orbit", "telescope",
  "café", "1961", "москва", "oil",
];
const STOP = ["the", "and", "of"];
const WORDS = [...CONTENT, ...STOP];
const words = (max: number) => fc.array(fc.constantFrom(...WORDS), { maxLength: max }).map((w) => w.join(" "));

interface Body {
  title?: string;
  text: string;
}
const body: fc.Arbitrary<Body> = fc.record({ title: words(3), text: fc.oneof({ weight: 8, arbitrary: words(14) }, { weight: 1, arbitrary: fc.constant("the and of") }) }, { requiredKeys: ["text"] });

/** Random articles with unique ids; some are exact copies of others. */
const corpus = (maxLength: number): fc.Arbitrary<RefArticle[]> =>
  fc.tuple(fc.array(body, { maxLength }), fc.array(fc.nat(), { maxLength: 2 })).map(([bodies, copies]) => {
    const all = [...bodies];
    for (const c of copies) if (bodies.length > 0) all.push(bodies[c % bodies.length] as Body);
    return all.map((b, i) => ({ id: `a${i}`, ...b }));
  });

const settings: fc.Arbitrary<Required<FeedbackOptions>> = fc.record({
  docs: fc.integer({ min: 1, max: 4 }),
  weight: fc.constantFrom(0.1, 0.5, 1, 3),
  terms: fc.constantFrom(0, 1, 2, 5, 10_000),
});
const shape = fc.constantFrom<RecommenderOptions>({}, { minDf: 1 }, { idf: "plain", minDf: 1 }, { tf: "raw" }, { maxDf: 0.6, minDf: 1 }, { tf: "bm25", avgLength: 8 });

function build(articles: readonly RefArticle[], options: RecommenderOptions): Recommender {
  return new Recommender(options).add(articles.map((a) => ({ ...a })));
}
const all = (rec: Recommender) => ({ k: Math.max(1, rec.size) });

const unit = (v: readonly number[]): number[] => {
  const len = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  return len === 0 ? v.map(() => 0) : v.map((x) => x / len);
};

/** Documents ranked by ml-distance's cosine with `vec`, best first, ties by id; never `self`. */
function ranked(model: ReferenceModel, vec: readonly number[], self: number): Scored[] {
  const out: Scored[] = [];
  if (vec.every((x) => x === 0)) return out;
  model.vectors.forEach((d, j) => {
    if (j === self || d.every((x) => x === 0)) return;
    const s = similarity.cosine(vec as number[], d);
    if (s > 0) out.push({ id: model.ids[j] as string, score: s });
  });
  return out.sort((x, y) => y.score - x.score || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
}

/**
 * The definition, written out again over dense vectors: v = q/|q| + beta * mean of the unit
 * vectors of `neighbours`, restricted to q's terms and the `terms` heaviest other terms of the
 * neighbours' sum (compared in single precision, ties by term); each score is ml-distance's
 * cosine of v with the article. `self` is skipped (-1 for a draft).
 */
function referenceMoved(model: ReferenceModel, q: readonly number[], self: number, neighbours: readonly string[], f: Required<FeedbackOptions>): Scored[] {
  if (neighbours.length === 0) return ranked(model, q, self);
  const units = neighbours.map((id) => unit(model.vectors[model.ids.indexOf(id)] as number[]));
  const sum = model.terms.map((_, t) => units.reduce((s, d) => s + (d[t] as number), 0));
  const candidates = model.terms.map((name, t) => ({ t, name, key: Math.fround(sum[t] as number) })).filter(({ t }) => q[t] === 0 && (sum[t] as number) > 0);
  candidates.sort((a, b) => b.key - a.key || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const added = new Set(candidates.slice(0, f.terms).map((c) => c.t));
  const qUnit = unit(q);
  const v = model.terms.map((_, t) => (q[t] !== 0 || added.has(t) ? (qUnit[t] as number) + (f.weight * (sum[t] as number)) / units.length : 0));
  // Clamped as the index clamps cosines (rounding can pass 1 for a copy of the query).
  return ranked(model, v, self).map((r) => ({ id: r.id, score: Math.min(1, r.score) }));
}

/**
 * Every list the definition allows for query vector `q`: one per choice of neighbours when
 * first-pass scores tie (to rounding) across the cut-off at `docs` (the index breaks such ties by
 * its own last bits, then by id; a mathematical tie may differ by an ulp either way).
 */
function referenceFeedback(model: ReferenceModel, q: readonly number[], self: number, f: Required<FeedbackOptions>): Scored[][] {
  const first = ranked(model, q, self);
  if (first.length <= f.docs) return [referenceMoved(model, q, self, first.map((r) => r.id), f)];
  const cut = (first[f.docs - 1] as Scored).score;
  const near = (s: number) => Math.abs(s - cut) <= 1e-12;
  const sure = first.filter((r) => r.score > cut && !near(r.score)).map((r) => r.id);
  const tied = first.filter((r) => near(r.score)).map((r) => r.id);
  const out: Scored[][] = [];
  for (const pick of choose(tied, f.docs - sure.length)) out.push(referenceMoved(model, q, self, [...sure, ...pick], f));
  return out;
}

function choose<T>(items: readonly T[], n: number): T[][] {
  if (n === 0) return [[]];
  if (items.length < n) return [];
  const [head, ...rest] = items as [T, ...T[]];
  return [...choose(rest, n - 1).map((c) => [head, ...c]), ...choose(rest, n)];
}

/** Asserts that `got` agrees with one of the lists the definition allows. */
function expectOneOf(got: readonly Scored[], allowed: readonly Scored[][], label: string): void {
  let last: unknown;
  for (const expected of allowed) {
    try {
      expectSameResults(got, expected, REFERENCE_TOLERANCE, label);
      return;
    } catch (e) {
      last = e;
    }
  }
  throw last;
}

function expectReference(rec: Recommender, articles: readonly RefArticle[], options: RecommenderOptions, f: Required<FeedbackOptions>): void {
  const model = referenceModel(articles, options);
  for (const { id } of articles) {
    const got = rec.recommend(id, all(rec));
    expectWellOrdered(got);
    const i = model.ids.indexOf(id);
    expectOneOf(got, referenceFeedback(model, model.vectors[i] as number[], i, f), id);
  }
}

describe("feedback against the brute-force reference", () => {
  it("gives the cosine of the moved query vector with each article, for random settings and index options", () => {
    fc.assert(
      fc.property(corpus(12), settings, shape, (articles, f, s) => {
        const options = { ...s, feedback: f };
        expectReference(build(articles, options), articles, options, f);
      }),
      { numRuns: 150 },
    );
  });

  it("moves a draft's vector toward its neighbours among all articles", () => {
    fc.assert(
      fc.property(corpus(10), body, settings, shape, (articles, draft, f, s) => {
        const options = { ...s, feedback: f };
        const rec = build(articles, options);
        const got = rec.recommendText(draft, all(rec));
        expectWellOrdered(got);
        const { model, vector } = referenceDraftModel(articles, options, draft);
        expectOneOf(got, referenceFeedback(model, vector, -1, f), "draft");
      }),
      { numRuns: 80 },
    );
  });

  it("gives the reference's scores on 150 Brown texts, defaults of feedback: true", () => {
    const brown = loadBrown()
      .filter((_, i) => i % 3 === 0)
      .slice(0, 150)
      .map(({ id, text }) => ({ id, text }));
    const rec = build(brown, { feedback: true });
    const model = referenceModel(brown, { feedback: true });
    for (const { id } of brown.slice(0, 40)) {
      const i = model.ids.indexOf(id);
      expectOneOf(rec.recommend(id, { k: 20 }), referenceFeedback(model, model.vectors[i] as number[], i, FEEDBACK_DEFAULTS).map((l) => l.slice(0, 20)), id);
    }
  }, 60_000);
});


const brownTexts = loadBrown()
  .filter((_, i) => i % 4 === 0)
  .map(({ id, text, category }) => ({ id, text, tags: [category], section: category }));

describe("feedback lists", () => {
  const f = { docs: 3, weight: 0.5, terms: 20 };

  it("differ from the cosine lists and keep every score in (0, 1]", () => {
    const plain = build(brownTexts, {});
    const rec = build(brownTexts, { feedback: f });
    let changed = 0;
    for (const { id } of brownTexts) {
      const list = rec.recommend(id);
      if (JSON.stringify(list) !== JSON.stringify(plain.recommend(id))) changed++;
      for (const r of list) expect(r.score > 0 && r.score <= 1).toBe(true);
    }
    expect(changed).toBeGreaterThan(brownTexts.length / 2);
  });

  it("relatedAll equals recommend for every article, bit for bit, with and without signals", () => {
    for (const options of [{}, { boost: { section: 0.5 } }, { duplicates: 0.9 }, { diversity: 0.7 }]) {
      const rec = build(brownTexts, { feedback: f });
      const lists = rec.relatedAll({ k: 7, ...options });
      const searching = build(brownTexts, { feedback: f });
      searching.keepLists = false;
      for (const { id } of brownTexts) {
        expect(lists.get(id)).toEqual(searching.recommend(id, { k: 7, ...options }));
        // After relatedAll the kept (cosine) lists answer the first pass; the answer is the same.
        expect(rec.recommend(id, { k: 7, ...options })).toEqual(lists.get(id));
      }
    }
  }, 60_000);

  it("relatedAll reports progress over the second pass, rising to (n, n) once", () => {
    const rec = build(brownTexts, { feedback: f });
    const seen: [number, number][] = [];
    rec.relatedAll({ k: 5, onProgress: (done, total) => seen.push([done, total]) });
    const n = brownTexts.length;
    expect(seen.at(-1)).toEqual([n, n]);
    expect(seen.filter(([d]) => d === n)).toHaveLength(1);
    for (let i = 1; i < seen.length; i++) expect(seen[i]![0]).toBeGreaterThan(seen[i - 1]![0]);
    expect(seen.length).toBeGreaterThan(20);
  });

  it("apply exclude and filter to the second pass only: the neighbours are the article's own", () => {
    const rec = build(brownTexts, { feedback: f });
    for (const { id } of brownTexts.slice(0, 30)) {
      const full = rec.recommend(id, { k: 30 });
      const drop = new Set(full.slice(0, 3).map((r) => r.id));
      const kept = full.filter((r) => !drop.has(r.id));
      expect(rec.recommend(id, { k: 27, exclude: [...drop] })).toEqual(kept.slice(0, 27));
      expect(rec.recommend(id, { k: 27, filter: (other) => !drop.has(other) })).toEqual(kept.slice(0, 27));
    }
  });

  it("answer a kept list's article by a search, never by the cosine list it keeps", () => {
    const rec = build(brownTexts, { feedback: f });
    const id = brownTexts[0]!.id;
    const first = rec.recommend(id);
    expect(rec.stats().keptLists).toBe(1); // its cosine list, kept by the first pass
    expect(rec.recommend(id)).toEqual(first);
    const plain = build(brownTexts, {});
    expect(first).not.toEqual(plain.recommend(id));
  });

  it("explain gives recommend's score, and the contributions, words the feedback added included, add up to it", () => {
    fc.assert(
      fc.property(corpus(10), settings, shape, (articles, s, extra) => {
        const rec = build(articles, { ...extra, feedback: s });
        for (const { id } of articles) {
          for (const r of rec.recommend(id, all(rec))) {
            const e = rec.explain(id, r.id);
            expect(e.score).toBe(r.score);
            const sum = e.terms.reduce((x, t) => x + t.contribution, 0);
            expect(Math.abs(sum - r.score)).toBeLessThanOrEqual(1e-12);
          }
        }
      }),
      { numRuns: 60 },
    );
    const rec = build(brownTexts, { feedback: f });
    const id = brownTexts[0]!.id;
    const other = rec.recommend(id)[0]!.id;
    const words = new Set(rec.explain(id, other).terms.map((t) => t.term));
    const plainWords = new Set(build(brownTexts, {}).explain(id, other).terms.map((t) => t.term));
    expect([...words].some((w) => !plainWords.has(w))).toBe(true);
  });
});

describe("feedback through the pruned kernel", () => {
  it("gives the exhaustive kernel's lists bit for bit on 2,500 synthetic articles", () => {
    const articles = generateCorpusArray({ n: 2500, seed: 3 }).map(({ id, title, text }) => ({ id, title, text }));
    for (const feedback of [{ docs: 5, weight: 0.5, terms: 20 }, { docs: 3, weight: 1, terms: 0 }]) {
      const rec = new Recommender({ feedback }).add(articles).build();
      rec.keepLists = false;
      const ids = articles.filter((_, i) => i % 50 === 0).map((a) => a.id);
      const exhaustive = ids.map((id) => rec.recommend(id, { k: 10 }));
      internalsOf(rec).kernel = "pruned";
      ids.forEach((id, i) => expect(rec.recommend(id, { k: 10 })).toEqual(exhaustive[i]));
    }
  }, 120_000);
});

type Op = { kind: "add"; slot: number; body: Body } | { kind: "remove"; pick: number } | { kind: "update"; pick: number; body: Body } | { kind: "query"; pick: number } | { kind: "all" } | { kind: "build" };
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("add" as const), slot: fc.nat({ max: 30 }), body }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("remove" as const), pick: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("update" as const), pick: fc.nat(), body }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("query" as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.constant({ kind: "all" as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: "build" as const }) },
);

/** As bm25.test.ts's: patched norm sums against a fresh build's. */
const FRESH_TOLERANCE = 3.2e-14;

describe("feedback under change", () => {
  it("after random add/remove/update interleaved with queries and relatedAll, equals a fresh build and the reference", () => {
    fc.assert(
      fc.property(settings, shape, corpus(10), fc.array(opArb, { maxLength: 30 }), (f, s, initial, ops) => {
        const options = { ...s, feedback: f };
        const rec = build(initial, options);
        const model = new Map(initial.map((a) => [a.id, a]));
        const pick = (n: number) => {
          const ids = [...model.keys()];
          return ids.length === 0 ? undefined : (ids[n % ids.length] as string);
        };
        for (const op of ops) {
          if (op.kind === "add") {
            const id = `n${op.slot}`;
            if (model.has(id)) continue;
            rec.add({ id, ...op.body });
            model.set(id, { id, ...op.body });
          } else if (op.kind === "build") rec.build();
          else if (op.kind === "all") rec.relatedAll({ k: 3 });
          else {
            const id = pick(op.pick);
            if (id === undefined) continue;
            if (op.kind === "remove") {
              rec.remove(id);
              model.delete(id);
            } else if (op.kind === "update") {
              rec.update({ id, ...op.body });
              model.set(id, { id, ...op.body });
            } else rec.recommend(id, { k: 3 });
          }
        }
        const articles = [...model.values()];
        const fresh = build(articles, options);
        const dense = referenceModel(articles, options);
        for (const { id } of articles) {
          try {
            expectSameResults(rec.recommend(id, all(rec)), fresh.recommend(id, all(fresh)), FRESH_TOLERANCE, id);
          } catch (e) {
            // Only where first-pass scores tie across the cut-off (ulps then choose the neighbours).
            const i = dense.ids.indexOf(id);
            if (referenceFeedback(dense, dense.vectors[i] as number[], i, f).length < 2) throw e;
          }
        }
        expectReference(rec, articles, options, f);
      }),
      { numRuns: 120 },
    );
  });
});

describe("feedback snapshots and options", () => {
  const small = brownTexts.slice(0, 40);

  it("keep the settings: the loaded index answers exactly as the saved one, with and without its lists", () => {
    const rec = build(small, { feedback: { docs: 4, weight: 0.3, terms: 7 } });
    rec.relatedAll();
    for (const lists of [false, true]) {
      const bytes = rec.save({ lists });
      const loaded = Recommender.load(bytes);
      expect(loaded.options).toEqual(rec.options);
      expect(loaded.options.feedback).toEqual({ docs: 4, weight: 0.3, terms: 7 });
      expect(Buffer.from(loaded.save({ lists })).equals(Buffer.from(bytes))).toBe(true);
      for (const { id } of small) expect(loaded.recommend(id)).toEqual(rec.recommend(id));
      expect(loaded.recommendText("grand jury election")).toEqual(rec.recommendText("grand jury election"));
    }
  });

  it("of an index without feedback load without it, with the bytes they always had", () => {
    const rec = build(small, {});
    expect(rec.options).not.toHaveProperty("feedback");
    const loaded = Recommender.load(rec.save());
    expect(loaded.options).not.toHaveProperty("feedback");
    expect(loaded.recommend(small[0]!.id)).toEqual(rec.recommend(small[0]!.id));
  });

  it("new Recommender(rec.options) makes the same index again; true takes FEEDBACK_DEFAULTS", () => {
    const rec = build(small, { feedback: true });
    expect(rec.options.feedback).toEqual(FEEDBACK_DEFAULTS);
    const again = new Recommender(rec.options).add(small);
    for (const { id } of small) expect(again.recommend(id)).toEqual(rec.recommend(id));
    expect(new Recommender({ feedback: { weight: 2 } }).options.feedback).toEqual({ ...FEEDBACK_DEFAULTS, weight: 2 });
    expect(new Recommender({ feedback: false }).options).not.toHaveProperty("feedback");
  });

  const codeOf = (options: unknown): string | undefined => {
    try {
      new Recommender(options as RecommenderOptions);
      return undefined;
    } catch (e) {
      return e instanceof RecommenderError ? `${e.code} ${e.message}` : String(e);
    }
  };

  it("refuses bad settings with INVALID_OPTION naming the setting and value", () => {
    for (const [feedback, name] of [
      [1, "feedback"], ["yes", "feedback"], [null, "feedback"], [[], "feedback"],
      [{ docs: 0 }, "feedback.docs"], [{ docs: 101 }, "feedback.docs"], [{ docs: 2.5 }, "feedback.docs"], [{ docs: "3" }, "feedback.docs"],
      [{ weight: 0 }, "feedback.weight"], [{ weight: -1 }, "feedback.weight"], [{ weight: 101 }, "feedback.weight"], [{ weight: NaN }, "feedback.weight"],
      [{ terms: -1 }, "feedback.terms"], [{ terms: 10_001 }, "feedback.terms"], [{ terms: Infinity }, "feedback.terms"],
      [{ depth: 3 }, "feedback.depth"], [{ __proto__: null, constructor: 1 }, "feedback.constructor"],
    ] as [unknown, string][]) {
      const got = codeOf({ feedback });
      expect(got, JSON.stringify(feedback)).toMatch(/^INVALID_OPTION /);
      expect(got).toContain(name);
    }
    expect(codeOf({ feedback: true, norm: "none" })).toMatch(/^INVALID_OPTION .*feedback/);
    expect(codeOf({ feedback: { docs: 1, weight: 100, terms: 0 } })).toBeUndefined();
    expect(codeOf({ feedback: { docs: 100, weight: 1e-9, terms: 10_000 } })).toBeUndefined();
  });
});
