// Snapshots of format 4, written by alsolike before the restructuring (1eb21cb), must load and
// answer exactly as the index that wrote them did. The fixtures come from bench/synthetic.ts's
// seeded articles; format4-synthetic40.json holds that index's answers.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Recommender } from "../src/index.js";

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url);
const expected = JSON.parse(readFileSync(fixture("format4-synthetic40.json"), "utf8")) as {
  recommend: Record<string, { id: string; score: number }[]>;
  recommendK3Filter: Record<string, { id: string; score: number }[]>;
  explain: unknown;
  relatedAll: Record<string, { id: string; score: number }[]>;
};

describe("format-4 snapshots", () => {
  for (const file of ["format4-synthetic40.alsolike", "format4-synthetic40-lists.alsolike"]) {
    it(`${file} loads and answers bit for bit as the index that saved it`, () => {
      const rec = Recommender.load(new Uint8Array(readFileSync(fixture(file))));
      const ids = Object.keys(expected.recommend);
      expect(rec.ids()).toEqual(ids);
      if (file.includes("lists")) expect(rec.stats().keptLists).toBe(ids.length);
      const cut = ids[20] as string;
      for (const id of ids) {
        expect(rec.recommend(id)).toEqual(expected.recommend[id]);
        expect(rec.recommend(id, { k: 3, filter: (x) => x > cut })).toEqual(expected.recommendK3Filter[id]);
      }
      expect(rec.explain(ids[0] as string, ids[1] as string)).toEqual(expected.explain);
      expect(Object.fromEntries(rec.relatedAll({ k: 10 }))).toEqual(expected.relatedAll);
      // And it keeps working as an index: changes, then the same answers as a fresh build would give.
      rec.remove(ids[0] as string);
      expect(rec.has(ids[0] as string)).toBe(false);
      expect(Recommender.load(rec.save()).recommend(ids[1] as string)).toEqual(rec.recommend(ids[1] as string));
    });
  }
});
