/**
 * relatedAll scores each pair once (src/related-all.ts) and must still give exactly the lists
 * recommend() gives: same ids, same order, same doubles.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Recommender } from "../src/index.js";
import { loadBrown } from "../scripts/brown.js";

const WORDS = "syria troops iran missile sea china treaty court goal match rain storm vote court".split(" ");

describe("relatedAll", () => {
  it("equals recommend for every Brown text, bit for bit", () => {
    const rec = new Recommender();
    rec.add(loadBrown().map((d) => ({ id: d.id, text: d.text })));
    const all = rec.relatedAll({ k: 10 });
    expect(all.size).toBe(500);
    rec.keepLists = false; // recommend searches the index, not the lists relatedAll kept
    for (const [id, list] of all) expect(list).toEqual(rec.recommend(id, { k: 10 }));
  });

  it("equals recommend on random corpora with duplicates, ties and empty articles", () => {
    const article = fc.array(fc.constantFrom(...WORDS), { maxLength: 12 }).map((w) => w.join(" "));
    fc.assert(
      fc.property(fc.array(article, { minLength: 1, maxLength: 30 }), fc.integer({ min: 1, max: 8 }), (texts, k) => {
        const rec = new Recommender({ minDf: 1 });
        rec.add(texts.map((text, i) => ({ id: `a${(i * 7) % 31}-${i}`, text })));
        const all = rec.relatedAll({ k });
        rec.keepLists = false; // recommend searches the index, not the lists relatedAll kept
        for (const [id, list] of all) expect(list).toEqual(rec.recommend(id, { k }));
      }),
      { numRuns: 60 },
    );
  });

  it("breaks ties at a full list's worst score by id, whatever order the pairs arrive in", () => {
    // Identical articles tie exactly; inserted with descending ids, later pairs have smaller
    // ids and must push out equal-scored ones already in a full list.
    const rec = new Recommender({ minDf: 1 });
    for (let i = 11; i >= 0; i--) rec.add({ id: `dup${String(i).padStart(2, "0")}`, text: "syria troops iran missile" });
    rec.add({ id: "other", text: "syria troops rain storm" });
    const all = rec.relatedAll({ k: 3 });
    expect(all.get("dup05")?.map((r) => r.id)).toEqual(["dup00", "dup01", "dup02"]);
    rec.keepLists = false; // recommend searches the index, not the lists relatedAll kept
    for (const [id, list] of all) expect(list).toEqual(rec.recommend(id, { k: 3 }));
  });

  it("stops when its signal aborts, throwing the signal's reason, and leaves the index as it was", () => {
    const rec = new Recommender().add(loadBrown().slice(0, 300).map((d) => ({ id: d.id, text: d.text })));
    rec.keepLists = false; // every call computes its lists
    const expected = rec.relatedAll({ k: 5 });
    const reason = new Error("cancelled");
    const controller = new AbortController();
    const done: number[] = [];
    expect(() =>
      rec.relatedAll({
        k: 5,
        signal: controller.signal,
        onProgress: (d) => {
          done.push(d);
          if (done.length === 3) controller.abort(reason);
        },
      }),
    ).toThrow(reason);
    expect(done.length).toBe(3);
    const early = new AbortController();
    early.abort(reason);
    expect(() => rec.relatedAll({ signal: early.signal })).toThrow(reason);
    expect([...rec.relatedAll({ k: 5 })]).toEqual([...expected]);
    for (const bad of ["stop", {}, { aborted: true }, null]) {
      expect(() => rec.relatedAll({ signal: bad as never })).toThrow(expect.objectContaining({ code: "INVALID_OPTION" }));
    }
  });

  it("gives the same double for score(a, b) and score(b, a)", () => {
    const rec = new Recommender();
    const brown = loadBrown().slice(0, 60);
    rec.add(brown.map((d) => ({ id: d.id, text: d.text })));
    for (const a of brown.slice(0, 10)) {
      for (const r of rec.recommend(a.id, { k: 59 })) {
        const back = rec.recommend(r.id, { k: 59 }).find((x) => x.id === a.id);
        expect(back?.score).toBe(r.score);
      }
    }
  });

  it("includes pending additions and removals (it compacts first)", () => {
    const rec = new Recommender({ minDf: 1 });
    rec.add([
      { id: "a", text: "syria troops" },
      { id: "b", text: "syria troops withdraw" },
      { id: "c", text: "china sea treaty" },
    ]);
    rec.build();
    rec.add({ id: "d", text: "china sea court" });
    rec.remove("b");
    const all = rec.relatedAll({ k: 3 });
    expect([...all.keys()]).toEqual(["a", "c", "d"]);
    rec.keepLists = false; // recommend searches the index, not the lists relatedAll kept
    for (const [id, list] of all) expect(list).toEqual(rec.recommend(id, { k: 3 }));
  });
});
