/**
 * Kept lists (src/list-cache.ts): once an article's list is computed (by recommend or by
 * relatedAll), recommend looks it up. Every answer must equal what a search of the index gives,
 * for every option, across changes to the corpus: each test compares against a twin that
 * searches every time (keepLists = false).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Recommender, type RecommendOptions } from "../src/index.js";
import { loadBrown } from "../scripts/brown.js";

const BROWN = loadBrown()
  .slice(0, 200)
  .map((d) => ({ id: d.id, text: d.text }));

/** A Recommender that keeps lists and its twin that searches every time, with the same articles. */
function pair(articles: { id: string; text: string }[], options = {}): [Recommender, Recommender] {
  const kept = new Recommender(options).add(articles);
  const searched = new Recommender(options).add(articles);
  searched.keepLists = false;
  return [kept, searched];
}

/** Query options that the kept lists can answer alone, and ones that need the index. */
function optionCases(ids: string[]): RecommendOptions[] {
  return [
    {},
    { k: 1 },
    { k: 10 },
    { k: 4, minScore: 0.05 },
    { k: 10, minScore: 0.99 },
    { k: 10, exclude: ids.slice(0, 150) },
    { k: 3, filter: (id) => id.endsWith("1") },
    { k: 10, filter: (id) => id.charCodeAt(id.length - 1) % 2 === 0 },
    { k: 10, maxQueryTerms: 5 },
    { k: 25 },
  ];
}

describe("kept lists", () => {
  it("answer as a search of the index does, for every option, after relatedAll", () => {
    const [kept, searched] = pair(BROWN);
    kept.relatedAll({ k: 10 });
    expect(kept.stats().keptLists).toBe(200);
    const ids = kept.ids();
    for (const id of ids.slice(0, 60)) {
      for (const options of optionCases(ids)) {
        // maxQueryTerms asks for an approximate search: kept (exact) lists are at least as good.
        const expected = options.maxQueryTerms ? searched.recommend(id, { k: options.k }) : searched.recommend(id, options);
        expect(kept.recommend(id, options), `${id} ${JSON.stringify(options)}`).toEqual(expected);
      }
    }
  }, 60_000);

  it("are kept one article at a time by unfiltered queries up to the width", () => {
    const [kept, searched] = pair(BROWN);
    const [a, b, c, d] = kept.ids() as [string, string, string, string];
    expect(kept.stats().keptLists).toBe(0);
    expect(kept.recommend(a, { k: 3 })).toEqual(searched.recommend(a, { k: 3 }));
    expect(kept.stats().keptLists).toBe(1);
    // The kept list is the best 20 (keptDepth(10)), whatever k the first query asked for.
    expect(kept.recommend(a)).toEqual(searched.recommend(a));
    expect(kept.recommend(a, { k: 20 })).toEqual(searched.recommend(a, { k: 20 }));
    kept.recommend(b, { k: 3, filter: () => true });
    kept.recommend(c, { exclude: [a] });
    kept.recommend(d, { k: 21 });
    kept.recommend(d, { minScore: 0.1 });
    expect(kept.stats().keptLists).toBe(1);
    kept.recommendText("a draft about the county court and the election");
    expect(kept.stats().keptLists).toBe(1);
  });

  it("outlive changes, and answers follow the new corpus", () => {
    const [kept, searched] = pair(BROWN.slice(0, 150));
    // relatedAll compacts pending changes; the twin builds too, so that both sum alike.
    const all = () => {
      kept.relatedAll();
      searched.build();
      expect(kept.stats().keptLists).toBe(kept.size);
    };
    all();
    const id = kept.ids()[0] as string;
    const before = kept.recommend(id);
    for (const rec of [kept, searched]) rec.add(BROWN.slice(150, 160));
    // Not forgotten: brought up to date when read.
    expect(kept.stats().keptLists).toBe(150);
    const after = kept.recommend(id);
    expect(after).toEqual(searched.recommend(id));
    expect(after).not.toEqual(before);
    all();
    for (const rec of [kept, searched]) rec.remove(BROWN[3]?.id as string);
    // The removed article's list goes with it.
    expect(kept.stats().keptLists).toBe(kept.size);
    all();
    for (const rec of [kept, searched]) rec.update({ id: BROWN[4]?.id as string, text: "county court election jury" });
    for (const other of kept.ids()) expect(kept.recommend(other), other).toEqual(searched.recommend(other));
  }, 60_000);

  it("answer longer lists than relatedAll kept from the index, and default-sized ones again after a change", () => {
    const [kept, searched] = pair(BROWN.slice(0, 120));
    kept.relatedAll({ k: 3 });
    searched.build();
    const ids = kept.ids();
    for (const id of ids.slice(0, 20)) {
      expect(kept.recommend(id, { k: 3 })).toEqual(searched.recommend(id, { k: 3 }));
      expect(kept.recommend(id, { k: 5 })).toEqual(searched.recommend(id, { k: 5 }));
    }
    for (const rec of [kept, searched]) rec.remove(ids[0] as string);
    kept.recommend(ids[1] as string);
    expect(kept.stats().keptLists).toBe(1);
    expect(kept.recommend(ids[1] as string, { k: 10 })).toEqual(searched.recommend(ids[1] as string, { k: 10 }));
  });

  it("call a filter once per article even when the index answers after the list", () => {
    const [kept, searched] = pair(BROWN.slice(0, 120));
    kept.relatedAll();
    const id = kept.ids()[0] as string;
    const seen = new Map<string, number>();
    // Passes about one article in eight: a full list of 10 cannot hold 10 that pass.
    const rare = (x: string) => {
      seen.set(x, (seen.get(x) ?? 0) + 1);
      return x.charCodeAt(x.length - 1) % 8 === 0;
    };
    const got = kept.recommend(id, { k: 10, filter: rare });
    expect(got).toEqual(searched.recommend(id, { k: 10, filter: (x) => x.charCodeAt(x.length - 1) % 8 === 0 }));
    expect(seen.size).toBeGreaterThan(10);
    expect([...seen.values()].every((calls) => calls === 1)).toBe(true);
  });

  it("are freed by keepLists = false, and keepLists takes only a boolean", () => {
    const [kept] = pair(BROWN.slice(0, 50));
    kept.relatedAll();
    expect(kept.stats().keptLists).toBe(50);
    // 20 scores (8 bytes) and 20 article numbers (4 bytes) per article; each list's length,
    // floor, tightness, change count and 1/|q| (25 bytes); each article's reference norm and
    // outlier marks (20 bytes, live-lists.ts).
    expect(kept.stats().listBytes).toBe(50 * 20 * 12 + 50 * 25 + 50 * 20);
    kept.keepLists = false;
    expect(kept.keepLists).toBe(false);
    expect(kept.stats()).toMatchObject({ keptLists: 0, listBytes: 0 });
    kept.recommend(kept.ids()[0] as string);
    expect(kept.stats().keptLists).toBe(0);
    kept.keepLists = true;
    kept.recommend(kept.ids()[0] as string);
    expect(kept.stats().keptLists).toBe(1);
    expect(() => {
      (kept as { keepLists: unknown }).keepLists = "yes";
    }).toThrow(expect.objectContaining({ code: "INVALID_OPTION", message: expect.stringContaining("keepLists") }));
  });

  it("travel in snapshots saved with { lists: true }, and only then", () => {
    const [kept, searched] = pair(BROWN.slice(0, 120));
    kept.relatedAll();
    searched.build();
    const bytes = kept.save({ lists: true });
    // Without the option the bytes are those of an index that never answered a query.
    expect(Buffer.from(kept.save()).equals(Buffer.from(searched.save()))).toBe(true);
    // Per article: the list's length, 20 entries of 12 bytes and the floor; the tight marks padded to 8.
    expect(bytes.length).toBe(kept.save().length + 120 * (4 + 20 * 12 + 8) + 120);
    const loaded = Recommender.load(bytes);
    expect(loaded.stats().keptLists).toBe(120);
    expect(Recommender.load(kept.save()).stats().keptLists).toBe(0);
    expect(Buffer.from(loaded.save({ lists: true })).equals(Buffer.from(bytes))).toBe(true);
    const ids = loaded.ids();
    for (const id of ids) {
      for (const options of optionCases(ids).filter((o) => !o.maxQueryTerms)) {
        expect(loaded.recommend(id, options), `${id} ${JSON.stringify(options)}`).toEqual(searched.recommend(id, options));
      }
    }
    // The loaded lists outlive a change, without writing into the caller's bytes.
    const copy = bytes.slice();
    for (const rec of [loaded, searched]) rec.add(BROWN.slice(120, 125));
    expect(loaded.stats().keptLists).toBe(120);
    for (const id of ids) expect(loaded.recommend(id)).toEqual(searched.recommend(id));
    expect(Buffer.from(bytes).equals(Buffer.from(copy))).toBe(true);
  }, 60_000);

  it("save only the lists kept so far, brought up to date when the corpus changed since", () => {
    const [kept] = pair(BROWN.slice(0, 60));
    const [a, b] = kept.ids() as [string, string];
    kept.recommend(a);
    kept.recommend(b, { k: 3 });
    expect(Recommender.load(kept.save({ lists: true })).stats().keptLists).toBe(2);
    kept.remove(a);
    const after = Recommender.load(kept.save({ lists: true }));
    // a's list went with a; b's was settled to the new corpus and saved.
    expect(after.stats().keptLists).toBe(1);
    expect(after.recommend(b, { k: 3 })).toEqual(kept.recommend(b, { k: 3 }));
    for (const bad of [null, "yes", 1]) {
      expect(() => kept.save({ lists: bad as never })).toThrow(expect.objectContaining({ code: "INVALID_OPTION" }));
    }
    expect(() => kept.save(null as never)).toThrow(expect.objectContaining({ code: "INVALID_OPTION" }));
  });

  it("answer relatedAll itself for a k up to theirs, once all are kept", () => {
    const [kept, searched] = pair(BROWN.slice(0, 150));
    const calls = (rec: Recommender, k: number) => {
      const progress: number[] = [];
      const lists = rec.relatedAll({ k, onProgress: (done) => progress.push(done) });
      return { lists: [...lists], progress };
    };
    // Partly kept (by one query): computed, reporting progress as it goes.
    kept.recommend(kept.ids()[0] as string);
    expect(calls(kept, 10).progress.length).toBeGreaterThan(10);
    // All kept: looked up, one progress call, cut to k; a larger k is computed again.
    for (const k of [10, 4, 1]) {
      const got = calls(kept, k);
      expect(got.progress).toEqual([150]);
      expect(got.lists).toEqual(calls(searched, k).lists);
    }
    // Kept 20 deep (keptDepth(10)): a k up to 20 is looked up, a wider one computed again.
    expect(calls(kept, 20).progress).toEqual([150]);
    const wider = calls(kept, 21);
    expect(wider.progress.length).toBeGreaterThan(10);
    expect(wider.lists).toEqual(calls(searched, 21).lists);
    expect(calls(kept, 21).progress).toEqual([150]);
    // From a snapshot with lists, too.
    const loaded = Recommender.load(kept.save({ lists: true }));
    const fromSnapshot = calls(loaded, 8);
    expect(fromSnapshot.progress).toEqual([150]);
    expect(fromSnapshot.lists).toEqual(calls(searched, 8).lists);
  });

  it("equal a search on random corpora under random changes and queries (ties included)", () => {
    const words = "syria troops iran missile sea china treaty court goal match rain storm vote".split(" ");
    const text = fc.array(fc.constantFrom(...words), { maxLength: 10 }).map((w) => w.join(" "));
    const step = fc.oneof(
      { weight: 6, arbitrary: fc.record({ kind: fc.constant("query" as const), pick: fc.nat(), k: fc.integer({ min: 1, max: 14 }), variant: fc.nat({ max: 4 }) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant("all" as const), k: fc.integer({ min: 1, max: 12 }) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant("add" as const), text }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant("remove" as const), pick: fc.nat() }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant("update" as const), pick: fc.nat(), text }) },
      { weight: 1, arbitrary: fc.constant({ kind: "build" as const }) },
    );
    fc.assert(
      fc.property(fc.array(text, { minLength: 2, maxLength: 25 }), fc.array(step, { maxLength: 40 }), (texts, steps) => {
        const [kept, searched] = pair(texts.map((t, i) => ({ id: `a${(i * 7) % 31}-${i}`, text: t })), { minDf: 1 });
        let next = 0;
        for (const s of steps) {
          const ids = kept.ids();
          const id = ids.length > 0 ? (ids[("pick" in s ? s.pick : 0) % ids.length] as string) : undefined;
          if (s.kind === "add") for (const rec of [kept, searched]) rec.add({ id: `n${next}`, text: s.text });
          if (s.kind === "add") next++;
          else if (s.kind === "build") for (const rec of [kept, searched]) rec.build();
          else if (s.kind === "all") expect([...kept.relatedAll({ k: s.k })]).toEqual([...searched.relatedAll({ k: s.k })]);
          else if (id === undefined) continue;
          else if (s.kind === "remove") for (const rec of [kept, searched]) rec.remove(id);
          else if (s.kind === "update") for (const rec of [kept, searched]) rec.update({ id, text: s.text });
          else if (s.kind === "query") {
            const options: RecommendOptions[] = [
              { k: s.k },
              { k: s.k, minScore: 0.3 },
              { k: s.k, exclude: ids.slice(0, 3) },
              { k: s.k, filter: (x) => x.length % 2 === 0 },
              { k: s.k, minScore: 0.5, exclude: ids.slice(1, 2), filter: (x) => !x.endsWith("3") },
            ];
            const o = options[s.variant] as RecommendOptions;
            expect(kept.recommend(id, o), `${id} ${JSON.stringify(o)}`).toEqual(searched.recommend(id, o));
          }
        }
        for (const id of kept.ids()) expect(kept.recommend(id, { k: 4 })).toEqual(searched.recommend(id, { k: 4 }));
      }),
      { numRuns: 150 },
    );
  });
});
