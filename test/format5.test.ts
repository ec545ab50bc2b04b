// Snapshot format 5: the document store (sections, languages, tags, editors' picks) is saved and
// loaded. The fixture was made by test/fixtures/make-format5.ts (see there how); a format-4 file
// loads with none of these fields, and saves as format 5.
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { DocStore } from "../src/corpus/doc-store.js";
import { internalsOf } from "../src/internal.js";
import { SNAPSHOT_VERSION } from "../src/persist/snapshot.js";
import { Recommender } from "../src/index.js";
import type { Article } from "../src/validate.js";
import { format5Index, storedFields } from "./fixtures/make-format5.js";

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url);
const FILE = new Uint8Array(readFileSync(fixture("format5-synthetic40.alsolike")));
const expected = JSON.parse(readFileSync(fixture("format5-synthetic40.json"), "utf8")) as { fields: ReturnType<typeof storedFields> };

const storeOf = (rec: Recommender) => internalsOf(rec).state(true).store as DocStore;
const versionOf = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset).getUint32(8, true);

describe("format-5 snapshots", () => {
  it("format5-synthetic40.alsolike loads with each article's section, language, tags and picks, and answers as the index that saved it", () => {
    expect(versionOf(FILE)).toBe(5);
    const rec = Recommender.load(FILE);
    const ids = Object.keys(expected.fields);
    expect(rec.ids()).toEqual(ids);
    expect(storedFields(rec)).toEqual(expected.fields);
    // As the same articles, with the same history, built anew and compacted as save() does (see make-format5.ts).
    const built = format5Index().build();
    for (const id of ids) expect(rec.recommend(id, { k: 5 })).toEqual(built.recommend(id, { k: 5 }));
    // The removed article's own section and tag were not saved.
    expect(storeOf(rec).values.values()).not.toContain("withdrawn");
    expect(storeOf(rec).values.values()).not.toContain("withdrawn desk");
    // Saved as format 6, whose link block is empty (format 5 kept no titles, URLs or slugs,
    // though these articles had titles), and read back as it was written.
    for (const id of ids) expect(Object.keys(rec.article(id))).not.toContain("title");
    const saved = rec.save();
    expect(versionOf(saved)).toBe(SNAPSHOT_VERSION);
    expect(storedFields(Recommender.load(saved))).toEqual(expected.fields);
    expect(Recommender.load(saved).save()).toEqual(saved);
  });

  it("keeps the fields through changes after a load, and through another save", () => {
    const rec = Recommender.load(FILE);
    const [first, second] = rec.ids() as [string, string];
    rec.remove(first);
    rec.add({ id: "new", text: "an article added after the load", section: "world", lang: "fr", tags: ["東京", "fresh"], related: [second, "nowhere"] });
    const again = Recommender.load(rec.save());
    expect(storedFields(again)).toEqual(storedFields(rec));
    const { new: added, ...rest } = storedFields(again);
    expect(added).toMatchObject({ section: "world", lang: "fr", tags: ["東京", "fresh"], related: [second, "nowhere"] });
    const { [first]: _gone, ...kept } = expected.fields;
    expect(rest).toEqual(kept);
  });

  it("loads a format-4 file with no section, language, tag or pick, and saves it as format 5", () => {
    const old = new Uint8Array(readFileSync(fixture("format4-synthetic40.alsolike")));
    expect(versionOf(old)).toBe(4);
    const rec = Recommender.load(old);
    for (const f of Object.values(storedFields(rec))) expect(f).toMatchObject({ section: undefined, lang: undefined, tags: [], related: [] });
    const saved = rec.save();
    expect(versionOf(saved)).toBe(SNAPSHOT_VERSION);
    const again = Recommender.load(saved);
    expect(storedFields(again)).toEqual(storedFields(rec));
    for (const id of rec.ids()) expect(again.recommend(id)).toEqual(rec.recommend(id));
  });
});

// ---------------------------------------------------------------------------------------------
// Round trip on random articles and histories.

const WORDS = ["troops", "syria", "bread", "bakery", "market", "election", "match", "goal", "reef", "treaty"];
const VALUES = ["world", "sport", "Middle East", "café", "東京", "😀", "a\u0301", ""];
const IDS = ["a", "b", "c", "d", "e", "__proto__", "東京", "x y"];

const article = (id: string): fc.Arbitrary<Article> =>
  fc.record(
    {
      id: fc.constant(id),
      text: fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 8 }).map((w) => w.join(" ")),
      section: fc.constantFrom(...VALUES),
      lang: fc.constantFrom("en", "EN-gb", "pt-BR", "fr"),
      tags: fc.array(fc.constantFrom(...VALUES), { maxLength: 5 }),
      related: fc.array(fc.constantFrom(...IDS, "elsewhere", "gone"), { maxLength: 5 }),
      date: fc.integer({ min: 0, max: 2e12 }),
    },
    { requiredKeys: ["id", "text"] },
  );

type Step = { add: Article } | { remove: string };

const history: fc.Arbitrary<Step[]> = fc.array(
  fc.oneof(
    fc.constantFrom(...IDS).chain((id) => article(id)).map((a): Step => ({ add: a })),
    fc.constantFrom(...IDS).map((id): Step => ({ remove: id })),
  ),
  { minLength: 1, maxLength: 25 },
);

/** A Recommender after `steps` (an add of a present id updates it; a remove of an absent one is skipped), compacted midway. */
function play(steps: Step[]): Recommender {
  const rec = new Recommender({ minDf: 1 });
  steps.forEach((s, i) => {
    if ("add" in s) {
      if (rec.has(s.add.id)) rec.update(s.add);
      else rec.add(s.add);
    } else if (rec.has(s.remove)) {
      rec.remove(s.remove);
    }
    if (i === Math.floor(steps.length / 2)) rec.build();
  });
  return rec;
}

describe("format-5 round trip", () => {
  it("save -> load gives every store field back, and the same articles in the same order give the same bytes", () => {
    fc.assert(
      fc.property(history, (steps) => {
        const rec = play(steps);
        const bytes = rec.save();
        const loaded = Recommender.load(bytes);
        const n = rec.size;
        // Every field of the saved arrays (ids, dates, sections, languages, tags, picks, both tables).
        expect(storeOf(loaded).arrays(n)).toEqual(storeOf(rec).arrays(n));
        expect(storedFields(loaded)).toEqual(storedFields(rec));
        expect(loaded.save()).toEqual(bytes);
        expect(play(steps).save()).toEqual(bytes);
        // And the same answers (picks included, however the rank stage uses them).
        for (const id of rec.ids()) expect(loaded.recommend(id, { k: 3 })).toEqual(rec.recommend(id, { k: 3 }));
      }),
      { numRuns: 200, seed: 20261202 },
    );
    // 200 histories, each built, saved, loaded and built again: about 4 s on a quiet 2-core machine.
  }, 30_000);
});
