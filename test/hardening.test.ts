// Regressions of the hardening review: user code (filters, progress callbacks, getters, Proxies)
// and hostile options may throw or misbehave, but the index keeps answering as a fresh build.
import { describe, expect, it } from "vitest";
import { loadBrown } from "../scripts/brown.js";
import { RecommenderError, type ErrorCode } from "../src/errors.js";
import { Recommender, type Recommendation } from "../src/index.js";
import type { Article } from "../src/validate.js";
import { internalsOf } from "../src/internal.js";

const brown = loadBrown();
const ARTS: Article[] = brown.map((b, i) => ({ id: b.id, title: b.title, text: b.text, date: i % 2 ? "2020-01-01" : undefined }));
const SMALL = ARTS.slice(0, 120);

function codeOf(f: () => unknown): ErrorCode {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(RecommenderError);
    return (e as RecommenderError).code;
  }
  return expect.fail("expected a RecommenderError");
}

const fresh = (arts: readonly Article[]) => new Recommender().add(arts as Article[]);
const allLists = (r: Recommender): Record<string, Recommendation[]> => Object.fromEntries(r.ids().map((id) => [id, r.recommend(id)]));

describe("a throwing filter", () => {
  it("leaves every later answer, kept list and saved list equal to a fresh build's", () => {
    const r = fresh(ARTS);
    const boom = new Error("boom");
    expect(() => r.recommend("ca01", { filter: (_id, d) => (d as Date).getFullYear() > 2019 })).toThrow(TypeError);
    expect(() => r.recommendText(ARTS[3]?.text as string, { filter: () => { throw boom; } })).toThrow(boom);
    const twin = fresh(ARTS);
    const all = r.relatedAll();
    expect(Object.fromEntries(all)).toEqual(Object.fromEntries(twin.relatedAll()));
    expect(allLists(r)).toEqual(allLists(twin));
    // The kept lists written to a snapshot are the right ones too.
    const loaded = Recommender.load(r.save({ lists: true }));
    expect(allLists(loaded)).toEqual(allLists(twin));
  });

  it("thrown from the pruned and approximate paths leaves the index right", () => {
    const r = fresh(SMALL);
    internalsOf(r).kernel = "pruned";
    const boom = () => {
      throw new Error("boom");
    };
    expect(() => r.recommend("ca01", { filter: boom })).toThrow("boom");
    expect(() => r.recommend("ca02", { filter: boom, maxQueryTerms: 3 })).toThrow("boom");
    internalsOf(r).kernel = "exhaustive";
    r.keepLists = false;
    expect(allLists(r)).toEqual(allLists(fresh(SMALL)));
  });
});

describe("callbacks that call back into the index", () => {
  it("refuses changes from a filter with REENTRANT_CALL, and the index stays as it was", () => {
    const r = fresh(SMALL);
    let calls = 0;
    const tries: ErrorCode[] = [];
    const res = r.recommend("ca01", {
      filter: (id) => {
        calls++;
        if (calls === 1) {
          tries.push(codeOf(() => r.remove("ca02")));
          tries.push(codeOf(() => r.add({ id: "new", text: "grand jury" })));
          tries.push(codeOf(() => r.update({ id: "ca03", text: "grand jury" })));
          tries.push(codeOf(() => r.build()));
          tries.push(codeOf(() => r.save()));
          tries.push(codeOf(() => r.relatedAll()));
        }
        return id !== "ca04";
      },
    });
    expect(calls).toBeGreaterThan(0);
    expect(tries).toEqual(Array(6).fill("REENTRANT_CALL"));
    expect(res.every((x) => typeof x.id === "string")).toBe(true);
    const twin = fresh(SMALL);
    expect(res).toEqual(twin.recommend("ca01", { filter: (id) => id !== "ca04" }));
    expect(allLists(r)).toEqual(allLists(twin));
  });

  it("answers queries asked from inside a filter exactly, without disturbing the outer query", () => {
    const r = fresh(SMALL);
    r.keepLists = false;
    const twin = fresh(SMALL);
    const inner: { id: string; list: Recommendation[]; text: Recommendation[] }[] = [];
    const outer = r.recommend("ca01", {
      filter: (id) => {
        if (inner.length < 3) inner.push({ id, list: r.recommend(id), text: r.recommendText("jury election") });
        return true;
      },
    });
    expect(outer).toEqual(twin.recommend("ca01"));
    expect(inner).toHaveLength(3);
    for (const x of inner) {
      expect(x.list).toEqual(twin.recommend(x.id));
      expect(x.text).toEqual(twin.recommendText("jury election"));
    }
  });

  it("refuses changes from onProgress, and a throwing onProgress leaves the index right", () => {
    const r = fresh(SMALL);
    const codes: ErrorCode[] = [];
    r.relatedAll({ onProgress: () => void codes.push(codeOf(() => r.remove("ca01"))) });
    expect(codes.length).toBeGreaterThan(0);
    expect(new Set(codes)).toEqual(new Set(["REENTRANT_CALL"]));
    const s = fresh(SMALL);
    expect(() => s.relatedAll({ onProgress: () => { throw new Error("stop"); } })).toThrow("stop");
    expect(allLists(s)).toEqual(allLists(fresh(SMALL)));
    // Changes are accepted again once the query returned.
    s.remove("ca01");
    expect(s.has("ca01")).toBe(false);
  });
});

describe("articles with getters and Proxies", () => {
  it("indexes what was checked, even when a getter changes its answer", () => {
    let reads = 0;
    const sly = {
      id: "sly",
      get text(): unknown {
        reads++;
        return reads === 1 ? "grand jury election" : 42;
      },
    };
    const r = fresh(SMALL);
    r.add(sly as unknown as Article);
    expect(reads).toBe(1);
    const twin = fresh(SMALL).add({ id: "sly", text: "grand jury election" });
    expect(allLists(r)).toEqual(allLists(twin));
  });

  it("keeps a batch all-or-nothing when a getter throws, and copies tags", () => {
    const r = fresh(SMALL);
    const bad = new Date("2020-01-01");
    bad.getTime = () => {
      throw new Error("no time");
    };
    const tags = ["jury"];
    r.add([{ id: "one", text: "grand jury", tags }, { id: "two", text: "x", date: bad }]);
    // Date's own getTime was used: the override is not user data.
    expect(r.has("two")).toBe(true);
    tags.push("election", "election", "election");
    const twin = fresh(SMALL).add([{ id: "one", text: "grand jury", tags: ["jury"] }, { id: "two", text: "x", date: "2020-01-01" }]);
    expect(allLists(r)).toEqual(allLists(twin));

    const throwing = new Proxy({ id: "three", text: "grand jury" }, {
      get(target, key) {
        if (key === "date") throw new Error("trap");
        return Reflect.get(target, key);
      },
    });
    expect(() => r.add([{ id: "four", text: "jury" }, throwing as Article])).toThrow("trap");
    expect(r.has("four")).toBe(false);
    expect(r.has("three")).toBe(false);
  });

  it("refuses a date that is a null-prototype object, or a Date whose internals are gone, with INVALID_ARTICLE", () => {
    const r = new Recommender();
    expect(codeOf(() => r.add({ id: "a", text: "x", date: Object.create(null) }))).toBe("INVALID_ARTICLE");
    const fake = Object.setPrototypeOf({}, Date.prototype) as Date;
    expect(codeOf(() => r.add({ id: "a", text: "x", date: fake }))).toBe("INVALID_ARTICLE");
    expect(codeOf(() => r.add({ id: "a", text: "x", date: Symbol("d") as unknown as string }))).toBe("INVALID_ARTICLE");
    expect(r.size).toBe(0);
  });

  it("reads each option once, so a Proxy cannot pass validation with one value and run with another", () => {
    const r = fresh(SMALL);
    let reads = 0;
    const opts = new Proxy({ k: 3 }, {
      get(target, key) {
        if (key === "k") return reads++ === 0 ? 3 : 1e12;
        return Reflect.get(target, key);
      },
    });
    expect(r.recommend("ca01", opts)).toHaveLength(3);
    let treads = 0;
    const ctor = new Proxy({ tf: "raw" }, {
      get(target, key) {
        if (key === "tf") return treads++ === 0 ? "raw" : "bogus";
        return Reflect.get(target, key);
      },
    });
    expect(new Recommender(ctor as object).options.tf).toBe("raw");
  });
});

describe("options the engine cannot honour", () => {
  it("refuses them up front with INVALID_OPTION", () => {
    expect(codeOf(() => new Recommender({ tf: "raw", fields: { text: 1e39 } }))).toBe("INVALID_OPTION");
    expect(codeOf(() => new Recommender({ fields: { text: 1e-50 } }))).toBe("INVALID_OPTION");
    expect(codeOf(() => new Recommender({ minDf: Infinity }))).toBe("INVALID_OPTION");
    expect(codeOf(() => new Recommender({ minDf: 2 ** 60 }))).toBe("INVALID_OPTION");
  });

  it("accepts the extremes of the documented ranges, gives finite scores and saves an index that loads", () => {
    for (const options of [
      { tf: "raw" as const, fields: { text: 1e6, title: 1e-6, tags: 0 } },
      { minDf: 1, maxDf: Infinity },
      { analyzer: "sklearn" as const, fields: { text: 1e6 } },
      { stopWords: ["the", "of"], minLength: 1, maxDf: 0.5 },
    ]) {
      const r = new Recommender(options).add(SMALL);
      for (const id of ["ca01", "ca05", "cb02"]) for (const x of r.recommend(id)) expect(Number.isFinite(x.score)).toBe(true);
      const loaded = Recommender.load(r.save());
      expect(allLists(loaded)).toEqual(allLists(r));
    }
  });

  it("new Recommender(rec.options) works for every rec, and rec.options cannot be changed", () => {
    for (const options of [{}, { analyzer: "sklearn" as const }, { stopWords: ["the"] }, { stemming: false, maxDf: 0.9 }]) {
      const rec = new Recommender(options);
      const copy = new Recommender(rec.options);
      expect(copy.options).toEqual(rec.options);
      expect(Object.isFrozen(rec.options)).toBe(true);
      expect(Object.isFrozen(rec.options.fields)).toBe(true);
      expect(() => {
        (rec.options.fields as { text: number }).text = 1e39;
      }).toThrow(TypeError);
    }
  });

  it("takes a copy of a stop-word list, so later changes to the caller's array change nothing", () => {
    const words = ["jury"];
    const r = new Recommender({ stopWords: words }).add(SMALL);
    const before = allLists(r);
    words.push("election", "county");
    r.add({ id: "late", text: "jury election county" });
    r.remove("late");
    expect(allLists(r)).toEqual(before);
    expect(r.options.stopWords).toEqual(["jury"]);
  });
});

describe("incremental norms", () => {
  it("stay those of a fresh build when maxDf switches off a heavily weighted term", () => {
    const options = { tf: "raw" as const, maxDf: 0.5, fields: { tags: 1e6 } };
    const words = ["jury", "election", "county", "budget", "school", "river", "court", "mayor"];
    const arts: Article[] = Array.from({ length: 12 }, (_, i) => ({
      id: `d${i}`,
      text: `${words[i % 8]} ${words[(i * 3) % 8]} ${words[(i + 5) % 8]} report`,
      tags: i < 5 ? ["hot"] : undefined,
    }));
    const r = new Recommender(options).add(arts);
    r.build();
    // df("hot") goes from 5 of 12 to 8 of 15: over maxDf, so the term leaves every norm.
    const more: Article[] = [0, 1, 2].map((i) => ({ id: `n${i}`, text: `${words[i]} court`, tags: ["hot"] }));
    r.add(more);
    const twin = new Recommender(options).add([...arts, ...more]);
    for (const id of twin.ids()) {
      const got = r.recommend(id);
      const want = twin.recommend(id);
      // Position by position (articles with the same words tie, and ties may swap: see the next test).
      expect(got).toHaveLength(want.length);
      for (let i = 0; i < got.length; i++) expect(Math.abs((got[i] as Recommendation).score - (want[i] as Recommendation).score)).toBeLessThan(1e-13);
    }
  });

  it("may order exact ties differently from a fresh build until build(), which gives its order bit for bit", () => {
    const arts = brown.slice(0, 200).map((b) => ({ id: b.id, text: b.text }));
    const copy = (brown[5] as { text: string }).text;
    const r = new Recommender().add([...arts, { id: "zz-copy", text: copy }]);
    r.build();
    r.add({ id: "aa-copy", text: copy });
    for (const id of ["ca11", "ca12", "cb01"]) r.remove(id);
    const twin = new Recommender().add([...arts, { id: "zz-copy", text: copy }, { id: "aa-copy", text: copy }].filter((a) => !["ca11", "ca12", "cb01"].includes(a.id)));
    r.build();
    for (const id of ["ca01", "ca06", "cb05"]) expect(r.recommend(id, { k: 30 })).toEqual(twin.recommend(id, { k: 30 }));
  });
});
