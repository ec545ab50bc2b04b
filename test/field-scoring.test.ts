/**
 * fieldScoring "apart" (src/corpus/field-terms.ts, vectorize.ts): a title's words meet titles only,
 * a tag's words tags only, the text's words texts only. Scores equal the brute-force reference
 * (test/reference.ts, whose vectors key a title's terms by field itself) over every weighting,
 * drafts weigh as articles do, an index changed in place equals a fresh build, kept and live lists
 * and relatedAll answer as a search does, the pruned kernel as the exhaustive one, snapshots keep
 * the option (and older ones load as "merged"), explain gives contributions per field, and bad
 * values are refused with INVALID_OPTION.
 */
import fc from "fast-check";
import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { BUILD_TIMEOUT, CLI, ROOT, ensureDist } from "./ensure-dist.js";
import { loadBrown } from "../scripts/brown.js";
import { generateArticle, generateCorpusArray } from "../bench/synthetic.js";
import { internalsOf } from "../src/internal.js";
import { DEFAULTS, type RecommenderOptions } from "../src/options.js";
import { Recommender } from "../src/index.js";
import { RecommenderError } from "../src/errors.js";
import { all, bodies, buildIndex as build, changeOps, corpusOf, FRESH_TOLERANCE, replay } from "./change-ops.js";
import { expectSameResults, expectWellOrdered, REFERENCE_TOLERANCE, referenceModel, referenceRecommend, referenceRecommendText } from "./reference.js";

// Few words, so that titles, texts and tags share many of them (in and across fields).
const WORDS = ["syria", "troops", "troop", "iran", "missile", "sea", "china", "reef", "goal", "league", "orbit", "café", "1961", "the", "and", "of"];

const body = bodies(WORDS, { textWords: 12, tags: 3, tagWords: 2 });
const corpus = (maxLength: number) => corpusOf(body, maxLength);

const APART: RecommenderOptions = { fieldScoring: "apart" };
const weighting = fc.record({
  tf: fc.constantFrom("raw", "sublinear", "bm25"),
  idf: fc.constantFrom("smooth", "plain", "none"),
  norm: fc.constantFrom("l2", "none"),
}) as fc.Arbitrary<Pick<RecommenderOptions, "tf" | "idf" | "norm">>;
const dfBounds = fc.constantFrom<[number, number]>([1, Infinity], [2, Infinity], [1, 0.5], [0.2, 0.8], [0, Infinity]);
const fieldWeights = fc.record({ title: fc.constantFrom(0, 0.5, 1, 3), text: fc.constantFrom(0.5, 1, 2), tags: fc.constantFrom(0, 1, 2) });

describe('fieldScoring "apart" against the brute-force reference', () => {
  it("gives the reference's scores for every tf, idf and norm, random minDf/maxDf and field weights", () => {
    fc.assert(
      fc.property(corpus(14), weighting, dfBounds, fieldWeights, (articles, w, [minDf, maxDf], fields) => {
        const options: RecommenderOptions = { ...APART, ...w, minDf, maxDf, fields };
        const rec = build(articles, options);
        const model = referenceModel(articles, options);
        for (const { id } of articles) {
          const got = rec.recommend(id, all(rec));
          expectSameResults(got, referenceRecommend(model, id), REFERENCE_TOLERANCE, id);
          expectWellOrdered(got);
          if (options.norm !== "none") for (const r of got) expect(r.score).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 150 },
    );
  });

  it("gives the reference's scores for drafts, whose unknown words are ignored", () => {
    fc.assert(
      fc.property(corpus(12), body, weighting, (articles, draft, w) => {
        const options: RecommenderOptions = { ...APART, ...w };
        const rec = build(articles, options);
        const withUnknown = { ...draft, title: `${draft.title ?? ""} zanzibar`, text: `${draft.text} quokka` };
        expectSameResults(rec.recommendText(withUnknown, all(rec)), referenceRecommendText(articles, options, withUnknown), REFERENCE_TOLERANCE);
      }),
      { numRuns: 80 },
    );
  });

  it("gives the reference's scores with word pairs on too: a title's pairs meet titles' pairs only, for articles and drafts", () => {
    fc.assert(
      fc.property(corpus(12), body, weighting, fc.constantFrom(0.25, 0.5, 1, 3), (articles, draft, w, wordPairs) => {
        const options: RecommenderOptions = { ...APART, ...w, wordPairs };
        const rec = build(articles, options);
        const model = referenceModel(articles, options);
        for (const { id } of articles) expectSameResults(rec.recommend(id, all(rec)), referenceRecommend(model, id), REFERENCE_TOLERANCE, id);
        expectSameResults(rec.recommendText(draft, all(rec)), referenceRecommendText(articles, options, draft), REFERENCE_TOLERANCE);
      }),
      { numRuns: 80 },
    );
  });

  it("gives the reference's scores on 120 Brown texts titled by their first words and tagged by their category", () => {
    const brown = loadBrown()
      .filter((_, i) => i % 4 === 0)
      .slice(0, 120)
      .map(({ id, text, category }) => ({ id, title: text.slice(0, 80), text, tags: [category] }));
    for (const options of [APART, { ...APART, fields: { title: 1 }, tf: "bm25" }] as RecommenderOptions[]) {
      const rec = build(brown, options);
      const model = referenceModel(brown, options);
      for (const { id } of brown.slice(0, 30)) expectSameResults(rec.recommend(id, all(rec)), referenceRecommend(model, id), REFERENCE_TOLERANCE, id);
    }
  }, 30_000);
});

describe('what fieldScoring "apart" scores', () => {
  // tf raw, no idf, title weight 1, every word counting: vectors of 0s and 1s, cosines by hand.
  const plain: RecommenderOptions = { tf: "raw", idf: "none", minDf: 1, fields: { title: 1, text: 1, tags: 1 } };
  const articles = [
    { id: "a", title: "orbit", text: "planet sea" },
    { id: "b", text: "orbit planet" },
    { id: "c", title: "orbit", text: "reef" },
  ];

  it("lets a title word meet titles only: the cosine of the concatenated field vectors", () => {
    const apart = build(articles, { ...plain, fieldScoring: "apart" });
    // a = (title orbit, planet, sea), b = (orbit, planet), c = (title orbit, reef).
    const close = (got: { id: string; score: number }[], want: [string, number][]) => {
      expect(got.map((r) => r.id)).toEqual(want.map(([id]) => id));
      got.forEach((r, i) => expect(Math.abs(r.score - (want[i] as [string, number])[1])).toBeLessThanOrEqual(1e-15));
    };
    close(apart.recommend("a"), [["b", 1 / Math.sqrt(6)], ["c", 1 / Math.sqrt(6)]]);
    close(apart.recommend("b"), [["a", 1 / Math.sqrt(6)]]);
    close(apart.recommend("c"), [["a", 1 / Math.sqrt(6)]]);
    // Merged, "orbit" is one term wherever it is: b meets c, and a meets b on two words.
    const merged = build(articles, plain);
    close(merged.recommend("a"), [["b", 2 / Math.sqrt(6)], ["c", 1 / Math.sqrt(6)]]);
    close(merged.recommend("b"), [["a", 2 / Math.sqrt(6)], ["c", 1 / 2]]);
  });

  it("lets a tag meet tags only, and weighs a field's counts by its weight as merged does", () => {
    const rec = build(
      [
        { id: "x", text: "goal", tags: ["league"] },
        { id: "y", text: "league", tags: ["goal"] },
        { id: "z", text: "sea", tags: ["league"] },
      ],
      { ...plain, fieldScoring: "apart", fields: { title: 1, text: 1, tags: 3 } },
    );
    // x = (goal 1, tags league 3), z = (sea 1, tags league 3): 9 / 10; y shares no field's word with either.
    expect(rec.recommend("y")).toEqual([]);
    const [first] = rec.recommend("x");
    expect(first?.id).toBe("z");
    expect(Math.abs((first?.score as number) - 0.9)).toBeLessThanOrEqual(1e-15);
  });

  it('is off by default, and "merged" is the index of before bit for bit (its snapshot names no fieldScoring)', () => {
    expect(DEFAULTS.fieldScoring).toBe("merged");
    const brown = loadBrown()
      .slice(0, 40)
      .map(({ id, text, category }) => ({ id, title: text.slice(0, 60), text, tags: [category] }));
    const byDefault = build(brown, {}).save();
    expect(Buffer.from(build(brown, { fieldScoring: "merged" }).save()).equals(Buffer.from(byDefault))).toBe(true);
    expect(new TextDecoder().decode(byDefault.subarray(0, 4096))).not.toContain("fieldScoring");
    const apart = build(brown, APART).save();
    expect(new TextDecoder().decode(apart.subarray(0, 4096))).toContain('"fieldScoring":"apart"');
  });
});

describe('fieldScoring "apart" explain', () => {
  it("with a second pass (feedback, shared neighbours) too: words, fields and the rerank's share add up to the score", () => {
    fc.assert(
      fc.property(corpus(12), fc.constantFrom<RecommenderOptions>({ feedback: true }, { sharedNeighbours: true }, { wordPairs: 0.5, feedback: { docs: 2, weight: 0.5, terms: 5 } }), (articles, second) => {
        const rec = build(articles, { ...APART, ...second });
        for (const { id } of articles) {
          for (const r of rec.recommend(id, all(rec))) {
            const e = rec.explain(id, r.id);
            expect(e.score).toBe(r.score);
            const rerank = e.sharedNeighbours?.contribution ?? 0;
            const bound = 1e-12 * Math.max(1, r.score);
            expect(Math.abs(e.terms.reduce((x, t) => x + t.contribution, 0) + rerank - r.score)).toBeLessThanOrEqual(bound);
            const fields = e.fields as NonNullable<typeof e.fields>;
            expect(Math.abs(fields.title + fields.text + fields.tags + rerank - r.score)).toBeLessThanOrEqual(bound);
            for (const t of e.terms) expect(["title", "text", "tags"]).toContain(t.field);
          }
        }
      }),
      { numRuns: 40 },
    );
  });

  it("names each shared word's field; the words and the fields each add up to the score", () => {
    fc.assert(
      fc.property(corpus(12), weighting, (articles, w) => {
        const rec = build(articles, { ...APART, ...w });
        for (const { id } of articles) {
          for (const r of rec.recommend(id, all(rec))) {
            const e = rec.explain(id, r.id);
            expect(e.score).toBe(r.score);
            const bound = 1e-12 * Math.max(1, r.score);
            expect(Math.abs(e.terms.reduce((x, t) => x + t.contribution, 0) - r.score)).toBeLessThanOrEqual(bound);
            const fields = e.fields as NonNullable<typeof e.fields>;
            expect(Math.abs(fields.title + fields.text + fields.tags - r.score)).toBeLessThanOrEqual(bound);
            for (const t of e.terms) {
              expect(["title", "text", "tags"]).toContain(t.field);
              // A readable word, never a field's internal term.
              expect(t.term.charCodeAt(0)).toBeGreaterThan(31);
            }
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it("gives per-field contributions by hand on a small corpus", () => {
    const rec = build(
      [
        { id: "a", title: "orbit", text: "planet sea" },
        { id: "b", title: "orbit", text: "planet" },
      ],
      { tf: "raw", idf: "none", minDf: 1, fields: { title: 1, text: 1, tags: 1 }, fieldScoring: "apart" },
    );
    const e = rec.explain("a", "b");
    // a = (title orbit, planet, sea), b = (title orbit, planet): each shared word adds 1 / sqrt(6).
    const third = 1 / Math.sqrt(6);
    expect(e.terms.map((t) => [t.term, t.field])).toEqual([["orbit", "title"], ["planet", "text"]]);
    for (const t of e.terms) expect(Math.abs(t.contribution - third)).toBeLessThanOrEqual(1e-15);
    expect(e.fields?.tags).toBe(0);
    expect(Math.abs((e.fields?.title as number) - third)).toBeLessThanOrEqual(1e-15);
    // Merged explanations are as before: no field, no per-field sums.
    const merged = build([{ id: "a", title: "orbit", text: "sea" }, { id: "b", text: "orbit" }], { minDf: 1 }).explain("a", "b");
    expect(merged.fields).toBeUndefined();
    expect(merged.terms[0]).toEqual({ term: "orbit", contribution: merged.score });
  });
});

const opArb = changeOps(body, { add: 6, remove: 3, update: 3, query: 3, build: 1, slots: 40 });

describe('fieldScoring "apart" under change', () => {
  it("after random add/remove/update interleaved with queries, equals a fresh build on the final corpus and the reference", () => {
    fc.assert(
      fc.property(weighting, fc.constantFrom<RecommenderOptions>({}, { maxDf: 0.5 }, { minDf: 0.2, maxDf: 0.5 }), corpus(12), fc.boolean(), fc.array(opArb, { maxLength: 40 }), (w, extra, initial, buildFirst, ops) => {
        const options = { ...APART, ...w, ...extra };
        const rec = build(initial, options);
        const model = new Map(initial.map((a) => [a.id, a]));
        if (buildFirst) rec.build();
        replay([rec], model, ops);
        const articles = [...model.values()];
        const fresh = build(articles, options);
        const dense = referenceModel(articles, options);
        expect(new Set(rec.ids())).toEqual(new Set(fresh.ids()));
        for (const id of model.keys()) {
          const got = rec.recommend(id, all(rec));
          expectSameResults(got, fresh.recommend(id, all(fresh)), FRESH_TOLERANCE, id);
          expectSameResults(got, referenceRecommend(dense, id), REFERENCE_TOLERANCE, id);
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe('fieldScoring "apart" lists', () => {
  it("relatedAll gives recommend's lists bit for bit, and kept lists stay a search's answers, bit for bit, across changes and a save", () => {
    fc.assert(
      fc.property(corpus(30).filter((a) => a.length > 5), fc.array(opArb, { maxLength: 30 }), weighting, (initial, ops, w) => {
        const options = { ...APART, ...w };
        const kept = build(initial, options);
        const searched = build(initial, options);
        searched.keepLists = false;
        const lists = kept.relatedAll({ k: 5 });
        // relatedAll compacts pending changes; the twin builds then too, so that both sum alike.
        searched.build();
        for (const id of kept.ids()) expect(lists.get(id), id).toEqual(searched.recommend(id, { k: 5 }));
        const model = new Map(initial.map((a) => [a.id, a]));
        replay([kept, searched], model, ops);
        // Lists read after the changes are settled (live lists) or searched again: a search's answer either way.
        for (const id of kept.ids()) expect(kept.recommend(id, { k: 5 }), id).toEqual(searched.recommend(id, { k: 5 }));
        const loaded = Recommender.load(kept.save({ lists: true }));
        searched.build();
        const extra = { id: "extra", title: "syria troops", text: "iran missile sea", tags: ["china"] };
        for (const rec of [loaded, searched]) rec.add(extra);
        for (const id of loaded.ids()) expect(loaded.recommend(id, { k: 5 }), id).toEqual(searched.recommend(id, { k: 5 }));
      }),
      { numRuns: 60 },
    );
  });

  it("the pruned kernel gives the exhaustive kernel's lists bit for bit, pending articles included", () => {
    const articles = Array.from({ length: 700 }, (_, i) => {
      const a = generateArticle(i, 7);
      return { ...a, tags: [`topic ${i % 13}`, `desk ${i % 5}`] };
    });
    const pruned = build(articles.slice(0, 600), APART);
    const exhaustive = build(articles.slice(0, 600), APART);
    for (const rec of [pruned, exhaustive]) {
      rec.build();
      rec.keepLists = false;
      rec.add(articles.slice(600));
      rec.remove(articles[3]!.id);
    }
    internalsOf(pruned).kernel = "pruned";
    internalsOf(exhaustive).kernel = "exhaustive";
    for (const id of pruned.ids().filter((_, i) => i % 11 === 0)) expect(pruned.recommend(id, { k: 10 }), id).toEqual(exhaustive.recommend(id, { k: 10 }));
  }, 30_000);
});

describe('fieldScoring "apart" snapshots', () => {
  const brown = loadBrown()
    .filter((_, i) => i % 5 === 0)
    .map(({ id, text, category }) => ({ id, title: text.slice(0, 60), text, tags: [category] }));

  it("keep the option: the loaded index answers exactly as the saved one, and weighs new articles apart", () => {
    const rec = build(brown, { ...APART, tf: "bm25" });
    const bytes = rec.save();
    const loaded = Recommender.load(bytes);
    expect(loaded.options).toEqual(rec.options);
    expect(loaded.options.fieldScoring).toBe("apart");
    expect(Buffer.from(loaded.save()).equals(Buffer.from(bytes))).toBe(true);
    for (const { id } of brown) expect(loaded.recommend(id, { k: 20 })).toEqual(rec.recommend(id, { k: 20 }));
    const draft = { title: "The jury", text: "The grand jury said the election was conducted", tags: ["news"] };
    expect(loaded.recommendText(draft, { k: 20 })).toEqual(rec.recommendText(draft, { k: 20 }));
    const extra = { id: "extra", title: brown[1]!.title, text: `${brown[1]!.text} ${brown[2]!.text}`, tags: ["news"] };
    loaded.add(extra);
    expectSameResults(loaded.recommend("extra", { k: 20 }), build([...brown, extra], { ...APART, tf: "bm25" }).recommend("extra", { k: 20 }), FRESH_TOLERANCE);
  }, 30_000);

  it('load snapshots written before the option as "merged"', async () => {
    const { readFile } = await import("node:fs/promises");
    for (const name of ["format4-synthetic40.alsolike", "format5-synthetic40.alsolike", "format6-words.alsolike"]) {
      const loaded = Recommender.load(new Uint8Array(await readFile(new URL(`./fixtures/${name}`, import.meta.url))));
      expect(loaded.options.fieldScoring, name).toBe("merged");
    }
  });
});

describe('fieldScoring options', () => {
  const errorOf = (options: unknown) => {
    try {
      new Recommender(options as RecommenderOptions);
      return null;
    } catch (e) {
      return e instanceof RecommenderError ? e : new Error("not a RecommenderError");
    }
  };

  it("refuses anything but \"merged\" and \"apart\" with INVALID_OPTION naming the value", () => {
    for (const value of ["separate", "APART", "", 1, null, true, ["apart"]]) {
      const e = errorOf({ fieldScoring: value });
      expect(e, String(value)).toBeInstanceOf(RecommenderError);
      expect((e as RecommenderError).code).toBe("INVALID_OPTION");
      expect((e as RecommenderError).message).toContain("fieldScoring");
      if (typeof value === "string") expect((e as RecommenderError).message).toContain(JSON.stringify(value));
    }
    expect(errorOf({ fieldScoring: "apart", analyzer: "sklearn" })).toBeNull();
  });

  it("are in rec.options, and new Recommender(rec.options) makes the same index", () => {
    const rec = new Recommender(APART);
    expect(rec.options.fieldScoring).toBe("apart");
    expect(new Recommender(rec.options).options).toEqual(rec.options);
    const articles = [
      { id: "a", title: "syria troops", text: "iran missile" },
      { id: "b", title: "syria", text: "troops" },
      { id: "c", text: "syria iran" },
    ];
    expect(Buffer.from(build(articles, rec.options).save()).equals(Buffer.from(build(articles, APART).save()))).toBe(true);
  });
});

describe('fieldScoring "apart" in alsolike/node and the CLI (built dist/)', () => {
  type NodeEntry = typeof import("../src/node/index.js");
  let dist: NodeEntry;
  let dir: string;
  const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: "utf8", maxBuffer: 16 << 20 });

  beforeAll(async () => {
    await ensureDist();
    dist = (await import(pathToFileURL(join(ROOT, "dist", "node.js")).href)) as NodeEntry;
    dir = await mkdtemp(join(tmpdir(), "alsolike-fields-"));
  }, BUILD_TIMEOUT);
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("relatedAll on 2 worker threads gives the one-thread lists, bit for bit", async () => {
    // Above the 2,000 articles under which relatedAll stays on the calling thread.
    const corpus = generateCorpusArray({ n: 2400, seed: 3 }).map(({ id, title, text }, i) => ({ id, title, text, tags: [`desk ${i % 7}`] }));
    const rec = new dist.Recommender(APART).add(corpus).build();
    rec.remove(corpus[10]!.id);
    const onOneThread = vi.spyOn(rec, "relatedAll");
    const threaded = await dist.relatedAll(rec, { threads: 2, k: 7 });
    // It ran on the workers: the one-thread method was not called.
    expect(onOneThread).not.toHaveBeenCalled();
    onOneThread.mockRestore();
    rec.keepLists = false;
    const single = rec.relatedAll({ k: 7 });
    expect([...threaded.keys()]).toEqual([...single.keys()]);
    for (const [id, list] of single) expect(threaded.get(id), id).toEqual(list);
    for (const id of rec.ids().filter((_, i) => i % 97 === 0)) expect(threaded.get(id)).toEqual(rec.recommend(id, { k: 7 }));
  }, 120_000);

  it("build --field-scoring apart stores the option in the index; related --explain names each word's field; a bad value is exit 2", async () => {
    const articles = [
      { id: "a", title: "Syria troops stay", text: "The Pentagon said troops stay in Syria and Iran." },
      { id: "b", title: "Syria withdrawal", text: "A plan for the withdrawal of troops from Iran." },
      { id: "c", title: "Iran missiles", text: "Iran launched missiles while troops stay on alert." },
    ];
    await writeFile(join(dir, "posts.jsonl"), articles.map((a) => JSON.stringify(a)).join("\n"));
    expect(run("build", "posts.jsonl", "-o", "apart.alsolike", "--field-scoring", "apart", "--quiet").status).toBe(0);
    const loaded = dist.Recommender.load(new Uint8Array(await readFile(join(dir, "apart.alsolike"))));
    expect(loaded.options.fieldScoring).toBe("apart");
    const related = run("related", "a", "--index", "apart.alsolike", "--json", "--explain");
    expect(related.status).toBe(0);
    const rows = JSON.parse(related.stdout) as { id: string; score: number; terms: { term: string; field: string }[] }[];
    const expected = new Recommender(APART).add(articles);
    expect(rows.map(({ id, score }) => ({ id, score }))).toEqual(expected.recommend("a"));
    expect(rows[0]!.terms).toEqual(expected.explain("a", rows[0]!.id).terms.slice(0, 5));
    expect(rows[0]!.terms.some((t) => t.field === "title" && t.term === "syria")).toBe(true);
    const table = run("related", "a", "--index", "apart.alsolike", "--explain");
    expect(table.stdout).toContain("title:syria");
    const bad = run("build", "posts.jsonl", "-o", "bad.alsolike", "--field-scoring", "separate");
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--field-scoring "separate"');
    const evalRun = run("eval", "posts.jsonl", "--label", "id", "--field-scoring", "apart", "--json");
    expect(evalRun.status).toBe(0);
  }, 60_000);
});
