// The document store's block of a snapshot: round trip, and every edit refused or harmless.
import { describe, expect, it } from "vitest";
import { DocStore } from "../src/corpus/doc-store.js";
import { RecommenderError } from "../src/errors.js";
import { readStore, storeBytes, storeCounts, writeStore } from "../src/persist/snapshot-store.js";

function storeOf(n: number): DocStore {
  const s = new DocStore();
  for (let d = 0; d < n; d++) {
    s.add(d, { id: `a${d}`, text: "", date: d % 3 ? d * 1000 : NaN, section: d % 4 ? `s${d % 4}` : undefined, lang: d % 2 ? "fr" : "en", tags: d % 5 ? [`t${d % 7}`, "Middle East", "café"] : undefined });
  }
  return s;
}

function block(s: DocStore, n: number) {
  const a = s.arrays(n);
  const { counts, ends, chars } = storeCounts(a);
  const out = new Uint8Array(8 + storeBytes(n, counts));
  const end = writeStore(out, 8, n, a, ends, chars);
  expect(end).toBe(out.length);
  return { out, counts };
}

describe("the document store's snapshot block", () => {
  it("reads back what was written", () => {
    const s = storeOf(23);
    const { out, counts } = block(s, 23);
    const saved = readStore(out, 8, 23, counts);
    const back = DocStore.restore({ ...saved, ids: s.arrays(23).ids, dates: s.arrays(23).dates }) as DocStore;
    for (let d = 0; d < 23; d++) {
      expect([back.sectionOf(d), back.langOf(d), back.tagsOf(d)]).toEqual([s.sectionOf(d), s.langOf(d), s.tagsOf(d)]);
    }
  });

  it("refuses every out-of-range edit with INVALID_SNAPSHOT, never a crash", () => {
    const n = 23;
    const s = storeOf(n);
    const { out, counts } = block(s, n);
    let refused = 0;
    let harmless = 0;
    // Each 4-byte word of the block set to values that are out of range somewhere.
    for (let at = 8; at + 4 <= out.length; at += 4) {
      for (const v of [-2, 0x7fffffff, counts.nValues, 1 << 30]) {
        const copy = out.slice();
        new DataView(copy.buffer).setInt32(at, v, true);
        try {
          readStore(copy, 8, n, counts);
          harmless++;
        } catch (e) {
          expect(e).toBeInstanceOf(RecommenderError);
          expect((e as RecommenderError).code).toBe("INVALID_SNAPSHOT");
          refused++;
        }
      }
    }
    expect(refused).toBeGreaterThan(harmless);
    // Counts that do not match the block.
    expect(() => readStore(out, 8, n, { ...counts, nTagValues: counts.nTagValues - 1 })).toThrow(RecommenderError);
    expect(() => readStore(out, 8, n, { ...counts, valueChars: counts.valueChars - 1 })).toThrow(RecommenderError);
  });

  it("refuses a value written twice and a value that is not UTF-8", () => {
    const s = new DocStore();
    s.add(0, { id: "a", text: "", date: NaN, section: "xy", tags: ["xz"] });
    const { out, counts } = block(s, 1);
    const dup = out.slice();
    // "xz" -> "xy": the table then holds one value twice.
    dup[dup.length - 8 + 3] = "y".charCodeAt(0);
    expect(() => readStore(dup, 8, 1, counts)).toThrow(/twice/);
    const bad = out.slice();
    bad[bad.length - 8 + 3] = 0xff;
    expect(() => readStore(bad, 8, 1, counts)).toThrow(/UTF-8/);
  });
});
