import { describe, expect, it } from "vitest";
import { RecommenderError, type ErrorCode } from "../src/errors.js";
import { Recommender } from "../src/index.js";

/** Runs `f` and returns the thrown RecommenderError (failing if nothing or something else is thrown). */
function caught(f: () => unknown): RecommenderError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(RecommenderError);
    expect(e).toBeInstanceOf(Error);
    expect((e as Error).name).toBe("RecommenderError");
    return e as RecommenderError;
  }
  return expect.fail("expected a RecommenderError, but nothing was thrown");
}

const codeOf = (f: () => unknown): ErrorCode => caught(f).code;

const small = () =>
  new Recommender().add([
    { id: "a", text: "Syria troops withdrawal" },
    { id: "b", text: "Syria troops remain" },
  ]);

// Casts for deliberately wrong input, as JavaScript callers (or JSON) could pass it.
const loose = <T>(v: unknown) => v as T;

describe("RecommenderError", () => {
  it("is thrown with UNKNOWN_ARTICLE, naming the id, by every method taking an id", () => {
    const rec = small();
    for (const f of [
      () => rec.recommend("missing-42"),
      () => rec.explain("a", "missing-42"),
      () => rec.explain("missing-42", "a"),
      () => rec.remove("missing-42"),
      () => rec.update({ id: "missing-42", text: "x" }),
    ]) {
      const e = caught(f);
      expect(e.code).toBe("UNKNOWN_ARTICLE");
      expect(e.message).toContain("missing-42");
    }
    expect(rec.size).toBe(2);
  });

  it("throws DUPLICATE_ID for an id already in the index, and adds nothing from that batch", () => {
    const rec = small();
    const e = caught(() => rec.add([{ id: "c", text: "new one" }, { id: "a", text: "again" }]));
    expect(e.code).toBe("DUPLICATE_ID");
    expect(e.message).toContain('"a"');
    expect(rec.size).toBe(2);
    expect(rec.has("c")).toBe(false);
    expect(codeOf(() => rec.add({ id: "b", text: "again" }))).toBe("DUPLICATE_ID");
  });

  it("throws DUPLICATE_ID for an id repeated within one batch, and adds nothing", () => {
    const rec = new Recommender();
    expect(
      codeOf(() =>
        rec.add([
          { id: "x", text: "one" },
          { id: "y", text: "two" },
          { id: "x", text: "three" },
        ]),
      ),
    ).toBe("DUPLICATE_ID");
    expect(rec.size).toBe(0);
    expect(rec.recommendText("one two three")).toEqual([]);
  });

  it("adds nothing from a batch with an invalid article anywhere in it", () => {
    const rec = small();
    expect(codeOf(() => rec.add([{ id: "c", text: "fine" }, loose({ id: "d", text: 5 })]))).toBe("INVALID_ARTICLE");
    expect(rec.ids()).toEqual(["a", "b"]);
    // The index still works and the ids are still free.
    rec.add([{ id: "c", text: "Syria" }, { id: "d", text: "troops" }]);
    expect(rec.size).toBe(4);
  });

  it.each([
    ["an empty string", ""],
    ["a number", 5],
    ["null", null],
    ["undefined", undefined],
    ["an object", { id: "a" }],
  ])("throws INVALID_ID for %s as an article id", (_what, id) => {
    expect(codeOf(() => new Recommender().add(loose({ id, text: "x" })))).toBe("INVALID_ID");
    expect(codeOf(() => small().recommend(loose(id)))).toBe("INVALID_ID");
    expect(codeOf(() => small().remove(loose(id)))).toBe("INVALID_ID");
    expect(codeOf(() => small().explain("a", loose(id)))).toBe("INVALID_ID");
  });

  it.each([
    ["missing text", { id: "a" }],
    ["numeric text", { id: "a", text: 42 }],
    ["null text", { id: "a", text: null }],
    ["text as an array", { id: "a", text: ["x"] }],
    ["numeric title", { id: "a", text: "x", title: 3 }],
    ["tags as a string", { id: "a", text: "x", tags: "war" }],
    ["tags with a number", { id: "a", text: "x", tags: ["war", 3] }],
    ["an unparsable date string", { id: "a", text: "x", date: "not a date" }],
    ["a NaN date", { id: "a", text: "x", date: NaN }],
    ["an invalid Date", { id: "a", text: "x", date: new Date("nope") }],
    ["a boolean date", { id: "a", text: "x", date: true }],
  ])("throws INVALID_ARTICLE for %s", (_what, article) => {
    expect(codeOf(() => new Recommender().add(loose(article)))).toBe("INVALID_ARTICLE");
    expect(codeOf(() => small().update(loose({ ...article, id: "a" })))).toBe("INVALID_ARTICLE");
  });

  it("throws INVALID_ARTICLE for something that is not an article", () => {
    for (const v of [null, "text", 42, [[]]]) {
      expect(codeOf(() => new Recommender().add(loose(v)))).toBe("INVALID_ARTICLE");
    }
  });

  it("accepts null as 'no date', and absent optional fields", () => {
    const rec = new Recommender().add([loose({ id: "a", text: "syria troops", date: null }), { id: "b", text: "syria troops navy" }]);
    const dates = new Map<string, Date | undefined>();
    rec.recommend("b", { filter: (id, date) => (dates.set(id, date), true) });
    expect(dates.has("a")).toBe(true);
    expect(dates.get("a")).toBeUndefined();
  });

  it("rejects a draft that is not a string or { text }", () => {
    const rec = small();
    for (const v of [null, 42, { title: "x" }, { text: 5 }]) {
      expect(codeOf(() => rec.recommendText(loose(v)))).toBe("INVALID_ARTICLE");
    }
  });

  it.each([0, -1, 1.5, "3", NaN, Infinity, null])("throws INVALID_OPTION for k = %s", (k) => {
    expect(codeOf(() => small().recommend("a", loose({ k })))).toBe("INVALID_OPTION");
    expect(codeOf(() => small().recommendText("Syria", loose({ k })))).toBe("INVALID_OPTION");
  });

  it.each(["0.5", NaN, null, {}])("throws INVALID_OPTION for minScore = %s", (minScore) => {
    expect(codeOf(() => small().recommend("a", loose({ minScore })))).toBe("INVALID_OPTION");
  });

  it("throws INVALID_OPTION for a bad filter, exclude or options object, and for unknown recommend options", () => {
    const rec = small();
    expect(codeOf(() => rec.recommend("a", loose({ filter: "b" })))).toBe("INVALID_OPTION");
    expect(codeOf(() => rec.recommend("a", loose({ exclude: "b" })))).toBe("INVALID_OPTION");
    expect(codeOf(() => rec.recommend("a", loose({ exclude: 5 })))).toBe("INVALID_OPTION");
    expect(codeOf(() => rec.recommend("a", loose({ exclude: null })))).toBe("INVALID_OPTION");
    expect(codeOf(() => rec.recommend("a", loose({ K: 3 })))).toBe("INVALID_OPTION");
    expect(codeOf(() => rec.recommend("a", loose({ limit: 3 })))).toBe("INVALID_OPTION");
    expect(codeOf(() => rec.recommend("a", loose(5)))).toBe("INVALID_OPTION");
    expect(codeOf(() => rec.recommend("a", loose(null)))).toBe("INVALID_OPTION");
  });
});

describe("Recommender options validation", () => {
  it.each<[string, unknown]>([
    ["an unknown option name", { tfidf: true }],
    ["a misspelt option name", { minDF: 2 }],
    ["tf", { tf: "log" }],
    ["idf", { idf: "bm25" }],
    ["norm", { norm: "l1" }],
    ["analyzer", { analyzer: "spacy" }],
    ["minDf negative", { minDf: -1 }],
    ["minDf not an integer above 1", { minDf: 1.5 }],
    ["minDf NaN", { minDf: NaN }],
    ["maxDf as a string", { maxDf: "0.5" }],
    ["maxDf negative", { maxDf: -0.5 }],
    ["fields not an object", { fields: 3 }],
    ["fields as an array", { fields: [1, 2] }],
    ["an unknown field", { fields: { body: 1 } }],
    ["a negative field weight", { fields: { title: -1 } }],
    ["an infinite field weight", { fields: { title: Infinity } }],
    ["a string field weight", { fields: { text: "1" } }],
    ["stemming", { stemming: "no" }],
    ["minLength", { minLength: 0 }],
    ["stopWords", { stopWords: "german" }],
    ["an analyzer option with analyzer sklearn", { analyzer: "sklearn", stemming: true }],
    ["an analyzer option other than the preset's with analyzer sklearn", { analyzer: "sklearn", minLength: 1 }],
    ["options as null", null],
    ["options as an array", []],
    ["options as a string", "sublinear"],
  ])("throws INVALID_OPTION for %s", (_what, options) => {
    expect(codeOf(() => new Recommender(loose(options)))).toBe("INVALID_OPTION");
  });

  it.each(["toString", "constructor", "hasOwnProperty", "__proto__", "valueOf"])(
    "rejects %s as a field name (it is not a field, whatever Object.prototype holds)",
    (name) => {
      // JSON.parse makes "__proto__" an own key, as options read from a config file would have it.
      const options = JSON.parse(`{ "fields": { "${name}": 1 } }`) as unknown;
      expect(codeOf(() => new Recommender(loose(options)))).toBe("INVALID_OPTION");
    },
  );

  it("accepts undefined for any option, meaning its default", () => {
    const rec = new Recommender({ tf: undefined, minDf: undefined, stemming: undefined, fields: undefined });
    expect(rec.options).toEqual(new Recommender().options);
  });
});

describe("ids that are Object.prototype names", () => {
  const SPECIAL = ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf"];

  it("are ordinary ids: added, found, recommended, explained, updated and removed", () => {
    const rec = new Recommender();
    expect(rec.has("toString")).toBe(false);
    expect(codeOf(() => rec.recommend("constructor"))).toBe("UNKNOWN_ARTICLE");
    rec.add(SPECIAL.map((id, i) => ({ id, text: `Syria troops ${"withdrawal ".repeat(i)}` })));
    expect(rec.size).toBe(SPECIAL.length);
    expect(rec.ids()).toEqual(SPECIAL);
    for (const id of SPECIAL) {
      expect(rec.has(id)).toBe(true);
      const got = rec.recommend(id, { k: 10 });
      expect(got.map((r) => r.id).sort()).toEqual(SPECIAL.filter((x) => x !== id).sort());
      expect(rec.explain(id, SPECIAL.find((x) => x !== id) as string).score).toBeGreaterThan(0);
    }
    expect(rec.recommend("__proto__", { exclude: ["constructor"] }).map((r) => r.id)).not.toContain("constructor");
    rec.update({ id: "__proto__", text: "football" });
    expect(rec.recommend("__proto__")).toEqual([]);
    rec.remove("hasOwnProperty");
    expect(rec.has("hasOwnProperty")).toBe(false);
    expect(rec.recommend("toString").map((r) => r.id)).not.toContain("hasOwnProperty");
    expect(codeOf(() => rec.add({ id: "toString", text: "again" }))).toBe("DUPLICATE_ID");
  });

  it("are ordinary terms too", () => {
    // The sklearn analyzer keeps underscores, so "__proto__" is a term as it stands.
    const rec = new Recommender({ analyzer: "sklearn" }).add([
      { id: "a", text: "__proto__ constructor toString" },
      { id: "b", text: "__proto__ constructor" },
      { id: "c", text: "hasOwnProperty" },
    ]);
    expect(rec.recommend("a").map((r) => r.id)).toEqual(["b"]);
    expect(rec.explain("a", "b").terms.map((t) => t.term).sort()).toEqual(["__proto__", "constructor"]);
  });
});

describe("large input", () => {
  it("indexes and queries a 10 MB text", () => {
    const words = ["syria", "troops", "withdrawal", "navy", "reef", "missile", "planet", "goal", "league", "café"];
    const parts: string[] = [];
    let size = 0;
    for (let i = 0; size <= 10 * 1024 * 1024; i++) {
      const w = `${words[i % words.length]}${i % 97 === 0 ? `x${i % 1000}` : ""}`;
      parts.push(w);
      size += w.length + 1;
    }
    const big = parts.join(" ");
    expect(big.length).toBeGreaterThanOrEqual(10 * 1024 * 1024);
    const rec = new Recommender().add([
      { id: "big", text: big },
      { id: "small", text: "troops in Syria" },
      { id: "other", text: "Syria" },
    ]);
    const got = rec.recommend("small");
    expect(got.map((r) => r.id)).toEqual(expect.arrayContaining(["big", "other"]));
    expect(rec.recommend("big").length).toBe(2);
  }, 20_000);
});
