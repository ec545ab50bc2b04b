/**
 * Random changes to an index, for the properties "an index changed in place equals a fresh build
 * (and the reference)": adds, removes, updates, queries and builds drawn by fast-check, replayed on
 * recommenders and on a Map that models the corpus.
 */
import fc from "fast-check";
import { expect } from "vitest";
import type { RecommenderOptions } from "../src/options.js";
import { Recommender } from "../src/index.js";
import { internalsOf } from "../src/internal.js";
import { expectSameResults, REFERENCE_TOLERANCE, referenceModel, referenceRecommend, type RefArticle } from "./reference.js";

/** One change or query; `slot` names a new article (`n<slot>`), `pick` one in the model. */
export type ChangeOp<B> = { kind: "add"; slot: number; body: B } | { kind: "remove"; pick: number } | { kind: "update"; pick: number; body: B } | { kind: "query"; pick: number } | { kind: "build" };

/** How often each kind is drawn, and how many new ids adds choose from. */
export interface OpWeights {
  add: number;
  remove: number;
  update: number;
  query: number;
  build: number;
  slots: number;
}

/** Changes whose articles' fields are drawn from `body`. */
export function changeOps<B>(body: fc.Arbitrary<B>, w: OpWeights): fc.Arbitrary<ChangeOp<B>> {
  return fc.oneof(
    { weight: w.add, arbitrary: fc.record({ kind: fc.constant("add" as const), slot: fc.nat({ max: w.slots }), body }) },
    { weight: w.remove, arbitrary: fc.record({ kind: fc.constant("remove" as const), pick: fc.nat() }) },
    { weight: w.update, arbitrary: fc.record({ kind: fc.constant("update" as const), pick: fc.nat(), body }) },
    { weight: w.query, arbitrary: fc.record({ kind: fc.constant("query" as const), pick: fc.nat() }) },
    { weight: w.build, arbitrary: fc.constant({ kind: "build" as const }) },
  );
}

/** Replays `ops` on each of `recs` and on `model` (id -> article). */
export function replay<B extends Omit<RefArticle, "id">>(recs: readonly Recommender[], model: Map<string, RefArticle>, ops: readonly ChangeOp<B>[]): void {
  const pick = (n: number) => {
    const ids = [...model.keys()];
    return ids.length === 0 ? undefined : (ids[n % ids.length] as string);
  };
  for (const op of ops) {
    if (op.kind === "add") {
      const id = `n${op.slot}`;
      if (model.has(id)) continue;
      for (const rec of recs) rec.add({ id, ...op.body });
      model.set(id, { id, ...op.body });
    } else if (op.kind === "build") {
      for (const rec of recs) rec.build();
    } else {
      const id = pick(op.pick);
      if (id === undefined) continue;
      if (op.kind === "remove") {
        for (const rec of recs) rec.remove(id);
        model.delete(id);
      } else if (op.kind === "update") {
        for (const rec of recs) rec.update({ id, ...op.body });
        model.set(id, { id, ...op.body });
      } else {
        for (const rec of recs) rec.recommend(id, { k: 3 });
      }
    }
  }
}

/** An article without its id, as the random corpora draw it. */
export interface Body {
  title?: string;
  text: string;
  tags?: string[];
}

/**
 * Random article bodies over `vocabulary`: a title of up to 4 words; a text of up to `textWords`
 * words (or now and then only stop words, or nothing); up to `tags` tags of up to `tagWords` words.
 */
export function bodies(vocabulary: readonly string[], { textWords, tags, tagWords }: { textWords: number; tags: number; tagWords: number }): fc.Arbitrary<Body> {
  const words = (max: number) => fc.array(fc.constantFrom(...vocabulary), { maxLength: max }).map((w) => w.join(" "));
  return fc.record(
    {
      title: words(4),
      text: fc.oneof({ weight: 6, arbitrary: words(textWords) }, { weight: 1, arbitrary: fc.constant("the and of") }, { weight: 1, arbitrary: fc.constant("") }),
      tags: fc.array(words(tagWords), { maxLength: tags }),
    },
    { requiredKeys: ["text"] },
  );
}

/** Random articles of `body` with unique ids (a0, a1, ...); some are exact copies of others (ties). */
export function corpusOf(body: fc.Arbitrary<Body>, maxLength: number): fc.Arbitrary<RefArticle[]> {
  return fc.tuple(fc.array(body, { maxLength }), fc.array(fc.nat(), { maxLength: 3 })).map(([drawn, copies]) => {
    const all = [...drawn];
    for (const c of copies) if (drawn.length > 0) all.push(drawn[c % drawn.length] as Body);
    return all.map((b, i) => ({ id: `a${i}`, ...b }));
  });
}

/** As properties.test.ts's FRESH_TOLERANCE: patched norm sums against a fresh build's. */
export const FRESH_TOLERANCE = 3.2e-14;

/** A Recommender over copies of `articles`. */
export function buildIndex(articles: readonly RefArticle[], options: RecommenderOptions): Recommender {
  return new Recommender(options).add(articles.map((a) => ({ ...a })));
}

/** Every other article, as a list's length. */
export const all = (rec: Recommender) => ({ k: Math.max(1, rec.size) });

/** `rec` answers as a fresh build of `model`'s articles does (within `tol`), and (with `reference`) as the reference (within `refTol`). */
export function expectFresh(rec: Recommender, model: Map<string, RefArticle>, options: RecommenderOptions, reference: boolean, tol = FRESH_TOLERANCE, refTol = REFERENCE_TOLERANCE): void {
  const articles = [...model.values()];
  const fresh = buildIndex(articles, options);
  const dense = reference ? referenceModel(articles, options) : undefined;
  expect(new Set(rec.ids())).toEqual(new Set(fresh.ids()));
  for (const id of model.keys()) {
    const got = rec.recommend(id, all(rec));
    expectSameResults(got, fresh.recommend(id, all(fresh)), tol, id);
    if (dense) expectSameResults(got, referenceRecommend(dense, id), refTol, id);
  }
}

/**
 * Adds `bodies` one by one with queries in between, so that pending articles are compacted
 * during queries (more than 256 of them), then removes (even n) or updates (odd n) the article
 * n picks for each of `changes`; returns the index and its model.
 */
export function pastCompaction<B extends Omit<RefArticle, "id">>(options: RecommenderOptions, bodies: readonly B[], changes: readonly (readonly [number, B])[]): { rec: Recommender; model: Map<string, RefArticle> } {
  const rec = new Recommender(options);
  const model = new Map<string, RefArticle>();
  bodies.forEach((b, i) => {
    const a = { id: `c${i}`, ...b };
    rec.add(a);
    model.set(a.id, a);
    if (i === 20 || i % 100 === 0) rec.recommend("c0");
  });
  rec.recommend("c0");
  expect(internalsOf(rec).state(false).matrix.baseDocs).toBeGreaterThan(256);
  for (const [n, b] of changes) {
    const ids = [...model.keys()];
    const id = ids[n % ids.length] as string;
    if (n % 2 === 0) {
      rec.remove(id);
      model.delete(id);
    } else {
      rec.update({ id, ...b });
      model.set(id, { id, ...b });
    }
  }
  return { rec, model };
}
