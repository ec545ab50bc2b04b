import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DEFAULTS } from "../src/options.js";
import { Recommender } from "../src/index.js";
import { createAnalyzer, tokenize } from "../src/analysis/default-analyzer.js";
import type { Article } from "../src/validate.js";
import { expectSameResults, expectWellOrdered } from "./reference.js";

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8"));
const NEWS = fixture("tiny-news.json") as (Article & { title: string; tags: string[]; date: string })[];
const EXPECTED = fixture("tiny-news.expected.json") as Record<string, string[]>;

const news = (options = {}) => new Recommender(options).add(NEWS);
const ids = (list: { id: string }[]) => list.map((r) => r.id);

describe("Recommender basics", () => {
  it("counts, lists and finds its articles", () => {
    const rec = news();
    expect(rec.size).toBe(NEWS.length);
    expect(rec.ids()).toEqual(NEWS.map((a) => a.id));
    expect(rec.has("syria-troops-stay")).toBe(true);
    expect(rec.has("nope")).toBe(false);
  });

  it("exposes the documented defaults", () => {
    expect(new Recommender().options).toEqual(DEFAULTS);
    expect(DEFAULTS).toMatchObject({ analyzer: "default", tf: "sublinear", idf: "smooth", norm: "l2" });
  });

  it("returns itself from add, update, remove and build, for chaining", () => {
    const rec = new Recommender();
    expect(rec.add({ id: "a", text: "x y" })).toBe(rec);
    expect(rec.update({ id: "a", text: "y z" })).toBe(rec);
    expect(rec.build()).toBe(rec);
    expect(rec.remove("a")).toBe(rec);
    expect(rec.size).toBe(0);
  });

  it("gives the same results whether or not build() is called first", () => {
    const a = news();
    const b = news().build();
    for (const { id } of NEWS) expect(a.recommend(id)).toEqual(b.recommend(id));
  });

  it("never recommends a removed article again, and lets its id be reused", () => {
    const rec = news();
    expect(ids(rec.recommend("syria-troops-stay"))).toContain("syria-withdrawal-hearing");
    rec.remove("syria-withdrawal-hearing");
    expect(ids(rec.recommend("syria-troops-stay"))).not.toContain("syria-withdrawal-hearing");
    rec.add({ id: "syria-withdrawal-hearing", text: "Syria troops withdrawal" });
    expect(rec.recommend("syria-troops-stay")[0]?.id).toBe("syria-withdrawal-hearing");
  });

  it("reflects an update in the results", () => {
    const rec = news();
    rec.update({ id: "football-cup-final", text: "Iranian activists detained in Evin prison" });
    expect(rec.recommend("football-cup-final")[0]?.id).toMatch(/^iran-activists/);
    expect(ids(rec.recommend("football-record-transfer"))).not.toContain("football-cup-final");
  });
});

describe("Recommender.recommend", () => {
  it("never returns the article itself, even next to an identical copy", () => {
    const rec = new Recommender().add([
      { id: "a", text: "Syria troops withdrawal" },
      { id: "b", text: "Syria troops withdrawal" },
      { id: "c", text: "Syria" },
    ]);
    const got = rec.recommend("a");
    expect(ids(got)).toEqual(["b", "c"]);
    expect(got[0]?.score).toBeCloseTo(1, 12);
  });

  it("returns only articles that share a term, every score in (0, 1]", () => {
    const rec = news();
    for (const { id } of NEWS) {
      const got = rec.recommend(id, { k: 100 });
      expectWellOrdered(got);
      for (const r of got) {
        expect(r.score).toBeGreaterThan(0);
        expect(r.score).toBeLessThanOrEqual(1);
        expect(rec.explain(id, r.id).terms.length).toBeGreaterThan(0);
      }
    }
    expect(ids(rec.recommend("football-cup-final", { k: 100 }))).toEqual(["football-record-transfer"]);
  });

  it("returns nothing for an article made only of stop words or empty", () => {
    const rec = news().add([
      { id: "stop", text: "the and of it" },
      { id: "empty", text: "" },
    ]);
    expect(rec.recommend("stop")).toEqual([]);
    expect(rec.recommend("empty")).toEqual([]);
    expect(ids(rec.recommend("syria-troops-stay", { k: 100 }))).not.toContain("stop");
  });

  it("returns 10 results by default and at most k, the best k of the full list", () => {
    const rec = new Recommender().add(Array.from({ length: 30 }, (_, i) => ({ id: `a${i}`, text: `common word${i % 7} extra${i % 3}` })));
    const full = rec.recommend("a0", { k: 100 });
    expect(full.length).toBe(29);
    expect(rec.recommend("a0")).toEqual(full.slice(0, 10));
    for (const k of [1, 2, 5, 28, 29, 30]) expect(rec.recommend("a0", { k })).toEqual(full.slice(0, k));
  });

  it("breaks ties by ascending id", () => {
    const rec = new Recommender().add(["q", "b", "c10", "c2", "a"].map((id) => ({ id, text: "same words here" })));
    expect(ids(rec.recommend("q"))).toEqual(["a", "b", "c10", "c2"]);
  });

  it("drops results scoring below minScore", () => {
    const rec = news();
    const full = rec.recommend("syria-troops-stay", { k: 100 });
    const cut = (full[2] as { score: number }).score;
    expect(rec.recommend("syria-troops-stay", { k: 100, minScore: cut })).toEqual(full.slice(0, 3));
    expect(rec.recommend("syria-troops-stay", { minScore: 1.5 })).toEqual([]);
    expect(rec.recommend("syria-troops-stay", { k: 100, minScore: -1 })).toEqual(full);
  });

  it("passes each candidate's id and date to filter, and keeps only those it accepts", () => {
    const rec = new Recommender().add([
      { id: "q", text: "syria troops" },
      { id: "iso", text: "syria troops", date: "2024-01-15T00:00:00Z" },
      { id: "ms", text: "syria troops", date: Date.UTC(2023, 5, 1) },
      { id: "obj", text: "syria troops", date: new Date(Date.UTC(2022, 0, 1)) },
      { id: "none", text: "syria troops" },
    ]);
    const seen = new Map<string, number | undefined>();
    const got = rec.recommend("q", {
      filter: (id, date) => {
        expect(date === undefined || date instanceof Date).toBe(true);
        seen.set(id, date?.getTime());
        return date !== undefined && date.getTime() >= Date.UTC(2023, 0, 1);
      },
    });
    expect(ids(got)).toEqual(["iso", "ms"]);
    expect(seen.get("iso")).toBe(Date.UTC(2024, 0, 15));
    expect(seen.get("ms")).toBe(Date.UTC(2023, 5, 1));
    expect(seen.get("obj")).toBe(Date.UTC(2022, 0, 1));
    expect(seen.has("none")).toBe(true);
    expect(seen.get("none")).toBeUndefined();
    expect(seen.has("q")).toBe(false);
  });

  it("applies filter and exclude before taking the top k", () => {
    const rec = news();
    const full = ids(rec.recommend("iran-missile-test", { k: 100 }));
    expect(ids(rec.recommend("iran-missile-test", { k: 2, exclude: full.slice(0, 2) }))).toEqual(full.slice(2, 4));
    expect(ids(rec.recommend("iran-missile-test", { k: 2, filter: (id) => !full.slice(0, 3).includes(id) }))).toEqual(full.slice(3, 5));
  });

  it("never returns excluded ids, given as an array or a Set, known or not", () => {
    const rec = news();
    const got = rec.recommend("iran-activists-hunger-strike", { k: 100, exclude: new Set(["iran-activists-un-release", "unknown-id"]) });
    expect(ids(got)).not.toContain("iran-activists-un-release");
    expect(ids(rec.recommend("iran-activists-hunger-strike", { exclude: ["iran-activists-un-release"] }))).toEqual(ids(got).slice(0, 10));
  });

  it("keeps each article's date through compactions", () => {
    const rec = new Recommender();
    const dated = (i: number) => ({ id: `d${i}`, text: `shared topic${i % 5}`, date: Date.UTC(2000 + (i % 20), 0, 1) });
    rec.add(Array.from({ length: 50 }, (_, i) => dated(i))).build();
    for (let i = 0; i < 20; i++) rec.remove(`d${i * 2}`);
    for (let i = 50; i < 400; i++) rec.add(dated(i));
    rec.build();
    const yearOf = (id: string) => new Date(dated(Number(id.slice(1))).date).getUTCFullYear();
    const calls = new Map<string, number>();
    const got = rec.recommend("d1", {
      k: 500,
      filter: (id, date) => {
        calls.set(id, (calls.get(id) ?? 0) + 1);
        expect(date?.getTime(), id).toBe(dated(Number(id.slice(1))).date);
        return date !== undefined && date.getUTCFullYear() >= 2010;
      },
    });
    // Every article shares "shared" with d1: the filter saw each other one, once.
    expect(calls.size).toBe(rec.size - 1);
    expect([...calls.values()].every((c) => c === 1)).toBe(true);
    const dated2010 = rec.ids().filter((id) => id !== "d1" && yearOf(id) >= 2010);
    expect(dated2010.length).toBeGreaterThan(100);
    expect(ids(got).sort()).toEqual(dated2010.sort());
  });
});

describe("Recommender.recommendText", () => {
  it("returns the article itself first for a draft equal to it", () => {
    const rec = news();
    for (const a of NEWS) {
      const got = rec.recommendText({ title: a.title, text: a.text, tags: a.tags });
      expect(got[0]?.id).toBe(a.id);
      // Measured: 1 within 3.3e-16.
      expect(got[0]?.score).toBeCloseTo(1, 14);
      // The rest are the article's own neighbours, in the same order.
      expect(ids(got.slice(1, 4))).toEqual(EXPECTED[a.id]);
    }
  });

  it("accepts a plain string as the text", () => {
    const rec = news();
    expect(rec.recommendText("Iran missiles")).toEqual(rec.recommendText({ text: "Iran missiles" }));
    expect(rec.recommendText("Iran missiles")[0]?.id).toMatch(/^iran-missile/);
  });

  it("ignores terms the corpus has never seen", () => {
    const rec = news();
    expect(rec.recommendText("Iran missile zanzibar quokka")).toEqual(rec.recommendText("Iran missile"));
    expect(rec.recommendText("zanzibar quokka")).toEqual([]);
  });

  it("returns nothing for an empty or stop-word-only draft", () => {
    const rec = news();
    expect(rec.recommendText("")).toEqual([]);
    expect(rec.recommendText("the of and")).toEqual([]);
    expect(new Recommender().recommendText("anything")).toEqual([]);
  });

  it("does not add the draft to the index, and honours k, exclude and filter", () => {
    const rec = news();
    const full = ids(rec.recommendText("detained activists Iran", { k: 100 }));
    expect(rec.size).toBe(NEWS.length);
    expect(ids(rec.recommendText("detained activists Iran", { k: 1 }))).toEqual(full.slice(0, 1));
    expect(ids(rec.recommendText("detained activists Iran", { k: 100, exclude: [full[0] as string] }))).toEqual(full.slice(1));
    expect(ids(rec.recommendText("detained activists Iran", { k: 100, filter: (id) => id !== full[1] }))).toEqual(full.filter((_, i) => i !== 1));
  });
});

describe("Recommender.explain", () => {
  it("lists contributions that sum to the score, which equals the recommend score", () => {
    const rec = news();
    for (const a of NEWS) {
      for (const r of rec.recommend(a.id, { k: 100 })) {
        const e = rec.explain(a.id, r.id);
        const sum = e.terms.reduce((s, t) => s + t.contribution, 0);
        // Measured: the sum is off by at most 2.2e-16; the score is recommend's double (src/explain.ts).
        expect(Math.abs(sum - e.score)).toBeLessThanOrEqual(1e-15);
        expect(e.score).toBe(r.score);
        for (let i = 1; i < e.terms.length; i++) {
          expect(e.terms[i - 1]!.contribution).toBeGreaterThanOrEqual(e.terms[i]!.contribution);
        }
      }
    }
  });

  it("names exactly the terms the two articles share, each as the shortest corpus word with that stem", () => {
    const rec = news();
    const analyze = createAnalyzer();
    const fieldsOf = (a: (typeof NEWS)[number]) => [a.title, a.text, ...a.tags];
    const termsOf = (a: (typeof NEWS)[number]) => new Set(fieldsOf(a).flatMap((f) => analyze(f)));
    // Display word of each stem: the shortest token of the corpus that stems to it (ties: smallest).
    const display = new Map<string, string>();
    for (const a of NEWS) {
      for (const token of fieldsOf(a).flatMap((f) => tokenize(f))) {
        const [stem] = analyze(token);
        if (stem === undefined) continue;
        const seen = display.get(stem);
        if (seen === undefined || token.length < seen.length || (token.length === seen.length && token < seen)) display.set(stem, token);
      }
    }
    for (const a of NEWS) {
      for (const b of NEWS) {
        if (a === b) continue;
        const shared = [...termsOf(a)].filter((t) => termsOf(b).has(t)).map((t) => display.get(t));
        expect(rec.explain(a.id, b.id).terms.map((t) => t.term).sort()).toEqual(shared.sort());
      }
    }
    expect(rec.explain("syria-troops-stay", "syria-withdrawal-hearing").terms.map((t) => t.term)).toEqual(
      expect.arrayContaining(["troops", "syria", "withdrawal"]),
    );
  });

  it("shows the same words for the same corpus, whatever drafts were queried before", () => {
    const rec = new Recommender().add([
      { id: "a", text: "Troops in Syria" },
      { id: "b", text: "More troops for Syria" },
    ]);
    const before = rec.explain("a", "b");
    rec.recommendText("a troop of scouts");
    expect(rec.explain("a", "b")).toEqual(before);
  });

  it("explains an unrelated pair as score 0 with no terms", () => {
    expect(news().explain("football-cup-final", "iran-missile-test")).toEqual({ score: 0, terms: [] });
  });

  it("gives an article a score of 1 with itself", () => {
    expect(news().explain("iran-missile-test", "iran-missile-test").score).toBeCloseTo(1, 12);
  });
});

// A field weight multiplies counts exactly, so weighted and repeated fields give the same doubles (measured so).
describe("field weights", () => {
  const flatten = (a: (typeof NEWS)[number], titleTimes: number) => ({
    id: a.id,
    text: `${`${a.title}\n`.repeat(titleTimes)}${a.text}`,
  });

  it("with { title: 1, text: 1, tags: 0 } an article counts as title + \"\\n\" + text", () => {
    const fields = { title: 1, text: 1, tags: 0 };
    for (const tf of ["raw", "sublinear"] as const) {
      const weighted = new Recommender({ tf, fields }).add(NEWS);
      const flat = new Recommender({ tf, fields }).add(NEWS.map((a) => flatten(a, 1)));
      for (const { id } of NEWS) expect(weighted.recommend(id, { k: 100 })).toEqual(flat.recommend(id, { k: 100 }));
    }
  });

  it("with title weight 3 and raw tf, a title counts as if repeated three times", () => {
    const weighted = new Recommender({ tf: "raw", fields: { title: 3, text: 1, tags: 0 } }).add(NEWS);
    const repeated = new Recommender({ tf: "raw", fields: { title: 1, text: 1, tags: 0 } }).add(NEWS.map((a) => flatten(a, 3)));
    for (const { id } of NEWS) expectSameResults(weighted.recommend(id, { k: 100 }), repeated.recommend(id, { k: 100 }), 0, id);
  });

  it("applies the weight to counts before sublinear tf, so repetition is equivalent there too", () => {
    const weighted = new Recommender({ fields: { title: 3, text: 1, tags: 0 } }).add(NEWS);
    const repeated = new Recommender({ fields: { title: 1, text: 1, tags: 0 } }).add(NEWS.map((a) => flatten(a, 3)));
    for (const { id } of NEWS) expectSameResults(weighted.recommend(id, { k: 100 }), repeated.recommend(id, { k: 100 }), 0, id);
  });

  it("analyzes tags like text, so a tag meets the same words in bodies", () => {
    const rec = new Recommender().add([
      { id: "tagged", text: "oil prices", tags: ["Middle East"] },
      { id: "body", text: "A report on the Middle East" },
      { id: "other", text: "oil" },
    ]);
    expect(rec.explain("tagged", "body").terms.map((t) => t.term).sort()).toEqual(["east", "middle"]);
    const untagged = new Recommender({ fields: { tags: 0 } }).add([
      { id: "tagged", text: "oil prices", tags: ["Middle East"] },
      { id: "body", text: "A report on the Middle East" },
    ]);
    expect(untagged.recommend("tagged")).toEqual([]);
  });

  it("ignores a field whose weight is 0", () => {
    const rec = new Recommender({ fields: { title: 0 } }).add([
      { id: "a", title: "Syria", text: "football" },
      { id: "b", title: "Syria", text: "planet" },
    ]);
    expect(rec.recommend("a")).toEqual([]);
  });
});

describe("golden: tiny-news", () => {
  it("finds the expected top-3 neighbours of every article under the defaults", () => {
    const rec = news();
    const got = Object.fromEntries(NEWS.map((a) => [a.id, ids(rec.recommend(a.id, { k: 3 }))]));
    expect(got).toEqual(EXPECTED);
  });

  it("finds the same neighbours when built in reverse order or incrementally", () => {
    const reversed = new Recommender().add([...NEWS].reverse());
    const incremental = new Recommender().add(NEWS.slice(0, 6));
    incremental.recommend("syria-troops-stay");
    for (const a of NEWS.slice(6)) {
      incremental.add(a);
      incremental.recommend(a.id);
    }
    for (const rec of [reversed, incremental]) {
      for (const a of NEWS) expect(ids(rec.recommend(a.id, { k: 3 })), a.id).toEqual(EXPECTED[a.id]);
    }
  });

  it("pairs each story with its counterpart first", () => {
    const pairs = [
      ["syria-troops-stay", "syria-withdrawal-hearing"],
      ["scs-destroyer-patrol", "scs-philippines-water-cannon"],
      ["iran-missile-test", "iran-missile-sanctions"],
      ["iran-activists-hunger-strike", "iran-activists-un-release"],
      ["football-cup-final", "football-record-transfer"],
      ["exoplanet-water-vapour", "mars-rover-ancient-water"],
    ];
    const rec = news();
    for (const [a, b] of pairs as [string, string][]) {
      expect(ids(rec.recommend(a, { k: 1 })), a).toEqual([b]);
      expect(ids(rec.recommend(b, { k: 1 })), b).toEqual([a]);
      // The checked-in expectations say the same.
      expect(EXPECTED[a]?.[0]).toBe(b);
      expect(EXPECTED[b]?.[0]).toBe(a);
    }
    // Every article of the fixture is in one pair.
    expect(pairs.flat().sort()).toEqual(NEWS.map((a) => a.id).sort());
  });
});
