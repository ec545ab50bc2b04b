// The document store: per-article metadata besides the terms (ids, dates, sections, languages,
// tags as discrete values), renumbered with the matrix at compaction.
import { describe, expect, it } from "vitest";
import { DocStore } from "../src/corpus/doc-store.js";
import { RecommenderError } from "../src/errors.js";
import { internalsOf } from "../src/internal.js";
import { Recommender } from "../src/index.js";

const storeOf = (r: Recommender) => internalsOf(r).state(false).store as DocStore;

describe("DocStore", () => {
  it("keeps each article's section, language, date and tags as discrete values", () => {
    const r = new Recommender().add([
      { id: "a", text: "troops syria", section: "world", lang: "EN-gb", tags: ["Middle East", "war", "war", ""], date: "2020-01-02" },
      { id: "b", text: "troops syria", section: "world", tags: ["war"] },
      { id: "c", text: "bread bakery", lang: "fr" },
    ]);
    const s = storeOf(r);
    const d = (id: string) => s.docOf(id) as number;
    expect(s.sectionOf(d("a"))).toBe("world");
    expect(s.langOf(d("a"))).toBe("en-gb");
    expect(s.tagsOf(d("a"))).toEqual(["Middle East", "war"]);
    expect(s.tagsOf(d("b"))).toEqual(["war"]);
    expect(s.tagNumbers(d("b"))[0]).toBe(s.values.numberOf("war"));
    expect(s.sectionOf(d("c"))).toBeUndefined();
    expect(s.langOf(d("b"))).toBeUndefined();
    expect(s.dates[d("a")]).toBe(Date.parse("2020-01-02"));
    expect(Number.isNaN(s.dates[d("b")])).toBe(true);
    // A section shared by two articles is one value.
    expect(s.values.values().filter((v) => v === "world")).toHaveLength(1);
  });

  it("keeps an article's editors' picks in order, without repeats or itself, through compaction", () => {
    const r = new Recommender().add([
      { id: "x", text: "old story" },
      { id: "a", text: "troops syria", related: ["iran", "a", "gone", "iran", "__proto__"] },
      { id: "b", text: "troops syria" },
    ]);
    r.remove("x").build();
    const s = storeOf(r);
    expect(s.relatedOf(s.docOf("a") as number)).toEqual(["iran", "gone", "__proto__"]);
    expect(s.relatedOf(s.docOf("b") as number)).toEqual([]);
    r.update({ id: "a", text: "troops syria" });
    expect(storeOf(r).relatedOf(storeOf(r).docOf("a") as number)).toEqual([]);
  });

  it("refuses picks that are not ids, naming the article", () => {
    const r = new Recommender();
    for (const related of ["iran", [""], [3], null] as unknown[]) {
      expect(() => r.add({ id: "a", text: "t", related } as never)).toThrow(/"a".*related/);
    }
    expect(r.size).toBe(0);
  });

  it("renumbers with the matrix at compaction, so every article keeps its own metadata", () => {
    const arts = Array.from({ length: 40 }, (_, i) => ({ id: `a${i}`, text: `common word${i % 5} topic${i % 3}`, section: `s${i % 4}`, lang: i % 2 ? "en" : "fr", tags: [`t${i % 6}`] }));
    const r = new Recommender().add(arts);
    r.build();
    for (let i = 0; i < 40; i += 3) r.remove(`a${i}`);
    r.update({ id: "a1", text: "changed", section: "new", tags: ["x", "y"] });
    r.build();
    const s = storeOf(r);
    expect(s.size).toBe(r.size);
    for (const a of arts) {
      const d = s.docOf(a.id);
      if (Number(a.id.slice(1)) % 3 === 0) {
        expect(d).toBeUndefined();
        continue;
      }
      expect(s.ids[d as number]).toBe(a.id);
      if (a.id === "a1") {
        expect([s.sectionOf(d as number), s.langOf(d as number), s.tagsOf(d as number)]).toEqual(["new", undefined, ["x", "y"]]);
      } else {
        expect([s.sectionOf(d as number), s.langOf(d as number), s.tagsOf(d as number)]).toEqual([a.section, a.lang, a.tags]);
      }
    }
  });

  it("restores from saved arrays and refuses duplicate ids", () => {
    const r = new Recommender().add([{ id: "a", text: "x y", section: "s", tags: ["t"], lang: "en" }, { id: "b", text: "x z" }]);
    const s = storeOf(r);
    const copy = DocStore.restore(s.arrays(2)) as DocStore;
    expect(copy.articleIds()).toEqual(["a", "b"]);
    expect([copy.sectionOf(0), copy.langOf(0), copy.tagsOf(0)]).toEqual(["s", "en", ["t"]]);
    expect(DocStore.restore({ ids: ["a", "a"], dates: new Float64Array(2) })).toBeNull();
  });
});

describe("article fields section and lang", () => {
  it("are validated: a section is a string, a language a BCP 47 tag", () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as RecommenderError).code;
      }
      return "none";
    };
    const r = new Recommender();
    expect(code(() => r.add({ id: "a", text: "x", section: 3 as unknown as string }))).toBe("INVALID_ARTICLE");
    for (const lang of ["", "english!", "e", "en_US", 42]) expect(code(() => r.add({ id: "a", text: "x", lang: lang as string }))).toBe("INVALID_ARTICLE");
    for (const lang of ["en", "pt-BR", "zh-Hant-TW", "fil"]) expect(code(() => new Recommender().add({ id: "a", text: "x", lang }))).toBe("none");
    expect(r.size).toBe(0);
  });
});
