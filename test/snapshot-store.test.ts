// The document store's snapshot block: round trip, and every edit refused or harmless.
import { describe, expect, it } from "vitest";
import { DocStore } from "../src/corpus/doc-store.js";
import { RecommenderError } from "../src/errors.js";
import { encodeStore, readStore, storeBytes, storeLayout, writeStore, type StoreCounts } from "../src/persist/snapshot-store.js";

function storeOf(n: number): DocStore {
  const s = new DocStore();
  for (let d = 0; d < n; d++) {
    s.add(d, {
      id: `a${d}`, text: "", date: d % 3 ? d * 1000 : NaN, section: d % 4 ? `s${d % 4}` : undefined, lang: d % 2 ? "fr" : "en",
      tags: d % 5 ? [`t${d % 7}`, "Middle East", "café"] : undefined, related: d % 3 ? [`a${(d + 1) % n}`, "elsewhere", `a${(d + 5) % n}`] : undefined,
    });
  }
  return s;
}

function block(s: DocStore, n: number) {
  const a = s.arrays(n);
  const { counts, sections } = encodeStore(a, n);
  const out = new Uint8Array(8 + storeBytes(n, counts));
  const end = writeStore(out, 8, sections);
  expect(end).toBe(out.length);
  return { out, counts, ids: a.ids };
}

/** Offset in `block`'s bytes of the block's section number `k` (storeLayout's order). */
function offsetOf(n: number, counts: StoreCounts, k: number): number {
  return storeLayout(n, counts).slice(0, k).reduce((at, [length, width]) => at + Math.ceil((length * width) / 8) * 8, 8);
}

const fields = (s: DocStore, d: number) => [s.sectionOf(d), s.langOf(d), s.tagsOf(d), s.relatedOf(d)];

describe("the document store's snapshot block", () => {
  it("reads back what was written", () => {
    const s = storeOf(23);
    const { out, counts, ids } = block(s, 23);
    const saved = readStore(out, 8, ids, counts);
    const back = DocStore.restore({ ...saved, ids, dates: s.arrays(23).dates }) as DocStore;
    for (let d = 0; d < 23; d++) expect(fields(back, d)).toEqual(fields(s, d));
    expect(back.relatedOf(1)).toEqual(["a2", "elsewhere", "a6"]);
    // Picked ids are written once each.
    expect(counts.nRelatedIds).toBe(new Set(s.arrays(23).relatedIds).size);
  });

  it("refuses every out-of-range edit with INVALID_SNAPSHOT, never a crash", () => {
    const n = 23;
    const s = storeOf(n);
    const { out, counts, ids } = block(s, n);
    let refused = 0;
    let harmless = 0;
    // Each 4-byte word of the block set to values that are out of range somewhere.
    for (let at = 8; at + 4 <= out.length; at += 4) {
      for (const v of [-2, 0x7fffffff, counts.nValues, counts.nRelatedIds, 1 << 30]) {
        const copy = out.slice();
        new DataView(copy.buffer).setInt32(at, v, true);
        try {
          readStore(copy, 8, ids, counts);
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
    expect(() => readStore(out, 8, ids, { ...counts, nTagValues: counts.nTagValues - 1 })).toThrow(RecommenderError);
    expect(() => readStore(out, 8, ids, { ...counts, valueChars: counts.valueChars - 1 })).toThrow(RecommenderError);
    expect(() => readStore(out, 8, ids, { ...counts, nRelated: counts.nRelated - 1 })).toThrow(RecommenderError);
  });

  it("refuses a value written twice and a value that is not UTF-8", () => {
    const s = new DocStore();
    s.add(0, { id: "a", text: "", date: NaN, section: "xy", tags: ["xz"] });
    const { out, counts, ids } = block(s, 1);
    const chars = offsetOf(1, counts, 5);
    expect(new TextDecoder().decode(out.subarray(chars, chars + 4))).toBe("xyxz");
    const dup = out.slice();
    // "xz" -> "xy": the table then holds one value twice.
    dup[chars + 3] = "y".charCodeAt(0);
    expect(() => readStore(dup, 8, ids, counts)).toThrow(/twice/);
    const bad = out.slice();
    bad[chars + 3] = 0xff;
    expect(() => readStore(bad, 8, ids, counts)).toThrow(/bad string table/);
  });

  it("refuses a language that add would not keep, picks that repeat, and an article picking itself", () => {
    const s = new DocStore();
    s.add(0, { id: "a", text: "", date: NaN, lang: "en", section: "World", related: ["b", "c"] });
    s.add(1, { id: "b", text: "", date: NaN, related: ["c"] });
    const { out, counts, ids } = block(s, 2);
    expect(fields(DocStore.restore({ ...readStore(out, 8, ids, counts), ids, dates: new Float64Array(2) }) as DocStore, 0)).toEqual(["World", "en", [], ["b", "c"]]);
    const view = (b: Uint8Array) => new DataView(b.buffer);
    // Value 0 is the section "World", value 1 the language "en": article 0's language set to each.
    expect(s.values.values()).toEqual(["World", "en"]);
    const withLang = (v: number) => {
      const c = out.slice();
      view(c).setInt32(offsetOf(2, counts, 1), v, true);
      return c;
    };
    expect(() => readStore(withLang(0), 8, ids, counts)).toThrow(/language tag/);
    expect(readStore(withLang(1), 8, ids, counts).langs[0]).toBe(1);
    // relatedRefs: article 0 picks b (0) and c (1); article 1 picks c (1).
    const refs = offsetOf(2, counts, 7);
    expect([0, 1, 2].map((i) => view(out).getUint32(refs + 4 * i, true))).toEqual([0, 1, 1]);
    const twice = out.slice();
    view(twice).setUint32(refs + 4, 0, true);
    // Article 0 picks b twice (and c is then first picked by article 1: out of order as well).
    expect(() => readStore(twice, 8, ids, counts)).toThrow(/twice|earlier/);
    const self = out.slice();
    view(self).setUint32(refs + 8, 0, true);
    expect(() => readStore(self, 8, ids, counts)).toThrow(/itself/);
  });
});
