/**
 * The readable word of a stem (what `explain` and the demo show): the form found in the most
 * articles, ties to the shorter, then the first in code-unit order; kept exact under add, update,
 * remove and compaction, saved in snapshots, and read from older snapshots as they were.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { internalsOf } from "../src/internal.js";
import { checksum } from "../src/persist/checksum.js";
import { Recommender } from "../src/index.js";
import type { Article } from "../src/validate.js";
import { loadBrown } from "../scripts/brown.js";
import { WORD_ARTICLES } from "./fixtures/make-format5-words.js";
import "../src/analysis/lang/fr.js";

/** Every live term's readable word, by term (an index brought up to date first). */
function words(rec: Recommender): Map<string, string> {
  const { vocabulary, forms, matrix } = internalsOf(rec).state(false);
  const out = new Map<string, string>();
  for (let t = 0; t < vocabulary.size; t++) {
    const word = forms.surface(t, matrix.df);
    if (word !== undefined && (matrix.df[t] as number) > 0) out.set(vocabulary.termOf(t), word);
  }
  return out;
}

const shared = (rec: Recommender, a: string, b: string) => rec.explain(a, b).terms.map((t) => t.term);
const versionOf = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset).getUint32(8, true);

describe("readable words on the Brown corpus", () => {
  const brown = loadBrown();
  const rec = new Recommender().add(brown.map((d) => ({ id: d.id, text: d.text })));
  const text = (id: string) => brown.find((d) => d.id === id)?.text.toLowerCase() ?? "";

  it("shows the words the articles share, not the shortest word of their stems", () => {
    // ca01 and ca06 both write about a "candidate"; "candid" (the stem's shortest word) is in 3 Brown texts.
    expect(text("ca01")).toMatch(/\bcandidate\b/);
    expect(text("ca06")).toMatch(/\bcandidate\b/);
    expect(brown.filter((d) => /\bcandid\b/i.test(d.text)).length).toBe(3);
    const ca06 = shared(rec, "ca01", "ca06");
    expect(ca06).toContain("candidate");
    expect(ca06).not.toContain("candid");
    expect(ca06).toContain("election");
    const ca05 = shared(rec, "ca01", "ca05");
    expect(ca05).toEqual(expect.arrayContaining(["petition", "resolution", "election", "candidate"]));
    expect(ca05).not.toContain("petit");
    const ca10 = shared(rec, "ca01", "ca10");
    expect(ca10).toContain("superintendent");
    expect(ca10).not.toContain("superintend");
    expect(shared(rec, "cb02", "ca37")).toEqual(expect.arrayContaining(["laos", "democratic"]));
  });

  it("counts each word once per article: the word of the most articles wins, not the most repeated", () => {
    const w = words(rec);
    const articlesWith = (word: string) => brown.filter((d) => new RegExp(`\\b${word}\\b`, "i").test(d.text)).length;
    // "election" is in more Brown texts than "elect", "elected", "elections" or "electing".
    expect(w.get("elect")).toBe("election");
    for (const other of ["elect", "elected", "elections", "electing"]) expect(articlesWith("election")).toBeGreaterThan(articlesWith(other));
  });
});

describe("the readable word of a stem", () => {
  it("is the form in the most articles, ties to the shorter, then the first in code-unit order", () => {
    const rec = new Recommender({ minDf: 1 });
    rec.add([
      { id: "1", text: "running running running running" },
      { id: "2", text: "running runs" },
      { id: "3", text: "runs" },
      { id: "4", text: "runs" },
      // "agreed" and "agrees" both stem to "agre", in one article each: same length, code-unit order.
      { id: "5", text: "agreed agrees" },
      // "connect" and "connection": one article each, the shorter wins.
      { id: "6", text: "connection connect" },
    ]);
    const w = words(rec);
    expect(w.get("run")).toBe("runs");
    expect(w.get("agre")).toBe("agreed");
    expect(w.get("connect")).toBe("connect");
  });

  it("does not depend on the order articles came in", () => {
    const articles: Article[] = [
      { id: "a", text: "voters voted" },
      { id: "b", text: "voter votes" },
      { id: "c", text: "voters vote" },
      { id: "d", text: "vote voting" },
    ];
    const one = words(new Recommender({ minDf: 1 }).add(articles));
    const other = words(new Recommender({ minDf: 1 }).add([...articles].reverse()));
    expect(one).toEqual(other);
    expect(one.get("voter")).toBe("voters");
    expect(one.get("vote")).toBe("vote");
  });

  it("follows removals and updates, and forgets forms no article uses after a compaction", () => {
    const rec = new Recommender().add([
      { id: "x", text: "the candid reply" },
      { id: "y", text: "a candid answer" },
      { id: "z", text: "the candidate replied" },
    ]);
    expect(words(rec).get("candid")).toBe("candid");
    rec.update({ id: "x", text: "the candidate's reply" });
    rec.add({ id: "w", text: "one candidate answered" });
    expect(words(rec).get("candid")).toBe("candidate");
    expect(shared(rec, "y", "z")).toEqual(["candidate"]);
    const before = internalsOf(rec).state(true).forms.size;
    rec.remove("z");
    rec.remove("w");
    rec.remove("x");
    rec.add({ id: "v", text: "a candid photo" });
    expect(words(rec).get("candid")).toBe("candid");
    // "candidate" and "candidates" are in no article now: compaction drops their counts.
    rec.build();
    expect(internalsOf(rec).state(true).forms.size).toBeLessThan(before);
    // Two articles each: the shorter wins; a third for "candidate" tips it.
    rec.add({ id: "u", text: "candidate candidate" });
    rec.add({ id: "t", text: "the candidate" });
    expect(words(rec).get("candid")).toBe("candid");
    rec.add({ id: "s", text: "a candidate" });
    expect(words(rec).get("candid")).toBe("candidate");
  });

  it("is the same for an index changed in place as for the same articles built anew, through any history", () => {
    const vocabulary = ["run", "runs", "running", "runner", "candid", "candidate", "candidates", "agreed", "agrees", "agree", "connect", "connection", "connected", "county", "counties"];
    const text = fc.array(fc.constantFrom(...vocabulary), { minLength: 1, maxLength: 6 }).map((w) => w.join(" "));
    const step = fc.oneof(
      fc.record({ op: fc.constant("put" as const), id: fc.constantFrom("a", "b", "c", "d", "e", "__proto__"), text, lang: fc.constantFrom(undefined, "fr") }),
      fc.record({ op: fc.constant("remove" as const), id: fc.constantFrom("a", "b", "c", "d", "e", "__proto__") }),
      fc.record({ op: fc.constant("build" as const) }),
    );
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 25 }), (steps) => {
        const rec = new Recommender({ minDf: 1 });
        const live = new Map<string, Article>();
        for (const s of steps) {
          if (s.op === "build") rec.build();
          else if (s.op === "remove") {
            if (rec.has(s.id)) rec.remove(s.id);
            live.delete(s.id);
          } else {
            const article: Article = { id: s.id, text: s.text, ...(s.lang === undefined ? {} : { lang: s.lang }) };
            if (rec.has(s.id)) rec.update(article);
            else rec.add(article);
            live.delete(s.id);
            live.set(s.id, article);
          }
          const fresh = new Recommender({ minDf: 1 }).add([...live.values()]);
          expect(words(rec)).toEqual(words(fresh));
        }
        // And through a snapshot: the counts and each article's forms are saved.
        const loaded = Recommender.load(rec.save());
        expect(words(loaded)).toEqual(words(rec));
        for (const id of loaded.ids()) {
          loaded.remove(id);
          rec.remove(id);
          expect(words(loaded)).toEqual(words(rec));
        }
      }),
      { numRuns: 150, seed: 20261202 },
    );
  }, 60_000);

  it("comes from the shared counts whichever language's analyzer read the word", () => {
    const rec = new Recommender({ minDf: 1 }).add([
      { id: "1", text: "les armées nationales", lang: "fr" },
      { id: "2", text: "des routes nationales", lang: "fr" },
      { id: "3", text: "le parc national", lang: "fr" },
    ]);
    // French stems "nationales" and "national" alike; "nationales" is in two articles.
    expect(shared(rec, "1", "3")).toEqual(["nationales"]);
    expect(Recommender.load(rec.save()).explain("1", "3").terms.map((t) => t.term)).toEqual(["nationales"]);
  });
});

describe("readable words in snapshots", () => {
  const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)));
  const OLD = fixture("format5-words.alsolike");
  // Format 6 as main wrote it before the forms block (header surfaceChars, no nForms).
  const OLD6 = fixture("format6-words.alsolike");

  it.each([
    ["format-5", OLD, 5],
    ["format-6 (no forms block)", OLD6, 6],
  ])("loads a %s snapshot with its shortest-form words, and counts on from there", (_, bytes, version) => {
    expect(versionOf(bytes)).toBe(version);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(16, 16 + new DataView(bytes.buffer, bytes.byteOffset).getUint32(12, true)))) as Record<string, unknown>;
    expect(Object.keys(header)).toContain("surfaceChars");
    expect(Object.keys(header)).not.toContain("nForms");
    const rec = Recommender.load(bytes);
    // The old word: the stem's shortest, though "candidate" is in three of the four articles.
    expect(shared(rec, "a1", "a3")).toContain("candid");
    // Each saved article counts as using the old word: "candidate" needs more articles than the four.
    const more = ["n1", "n2", "n3", "n4", "n5"].map((id) => ({ id, text: `the candidate for the county, article ${id}` }));
    rec.add(more.slice(0, 4));
    expect(shared(rec, "a1", "a3")).toContain("candid");
    rec.add(more[4] as Article);
    expect(shared(rec, "a1", "a3")).toContain("candidate");
    rec.remove("n5");
    expect(shared(rec, "a1", "a3")).toContain("candid");
    // A saved article removed takes away one count of the old word.
    rec.remove("a4");
    expect(shared(rec, "a1", "a3")).toContain("candidate");
  });

  it.each([
    ["format-5", OLD],
    ["format-6 (no forms block)", OLD6],
  ])("saves a loaded %s index as format 6 with the same words and answers", (_, bytes) => {
    const rec = Recommender.load(bytes);
    const saved = rec.save();
    expect(versionOf(saved)).toBe(6);
    const again = Recommender.load(saved);
    expect(words(again)).toEqual(words(rec));
    expect(words(again).get("candid")).toBe("candid");
    for (const { id } of WORD_ARTICLES) expect(again.recommend(id)).toEqual(rec.recommend(id));
    expect(again.save()).toEqual(saved);
  });

  it("loads the format-4 and format-5 fixtures with a readable word for every term", () => {
    for (const name of ["format4-synthetic40.alsolike", "format5-synthetic40.alsolike"]) {
      const rec = Recommender.load(new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url))));
      const { vocabulary } = internalsOf(rec).state(false);
      const w = words(rec);
      expect(w.size).toBe(vocabulary.size);
      const again = Recommender.load(rec.save());
      expect(words(again)).toEqual(w);
    }
  });

  it("writes each term's most common form first, so fewer exceptions, and counts on from it after load", () => {
    const articles: Article[] = [
      { id: "a0", text: "candid camera" },
      { id: "a1", text: "candidate camera" },
      { id: "a2", text: "candidate camera" },
      { id: "a3", text: "candidate camera" },
      { id: "a4", text: "candid candidate camera" },
    ];
    const rec = new Recommender().add(articles);
    const bytes = rec.save();
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(16, 16 + new DataView(bytes.buffer, bytes.byteOffset).getUint32(12, true)))) as Record<string, number>;
    // "candid" met first, "candidate" in four articles: written as the head, a1-a3 list nothing;
    // a0 lists "candid" (one byte), a4 both forms (two).
    expect(header.nForms).toBe(3);
    expect(header.exceptBytes).toBe(3);
    const loaded = Recommender.load(bytes);
    expect(words(loaded)).toEqual(words(rec));
    expect(words(loaded).get("candid")).toBe("candidate");
    expect(loaded.save()).toEqual(bytes);
    for (const id of ["a1", "a2", "a3"]) loaded.remove(id);
    // "candid" in a0 and a4, "candidate" in a4 only.
    expect(words(loaded)).toEqual(words(new Recommender().add([articles[0] as Article, articles[4] as Article])));
    expect(words(loaded).get("candid")).toBe("candid");
  });

  it("loads a file listing a form no article uses (resealed) as harmless: never a readable word, not saved again", () => {
    const articles: Article[] = [
      { id: "a0", text: "candid camera" },
      { id: "a1", text: "candidate camera" },
      { id: "a2", text: "candidate camera" },
      { id: "a3", text: "candidate camera" },
    ];
    const rec = new Recommender().add(articles);
    const bytes = rec.save();
    // No kept lists: the exceptions (one byte, a0's "candid") are the last section, before the
    // 8-byte trailer. "camera" and "candid" have df 4: term 0 and 1, so a0's byte is (1 << 3) | 1.
    const at = bytes.length - 16;
    expect(bytes[at]).toBe(9);
    const crafted = bytes.slice();
    // a0 lists the head instead: "candid" is in no article.
    crafted[at] = 8;
    const view = new DataView(crafted.buffer);
    view.setUint32(crafted.length - 4, checksum(crafted, crafted.length - 4), true);
    const loaded = Recommender.load(crafted);
    const fresh = new Recommender().add(articles.map((a) => ({ ...a, text: "candidate camera" })));
    expect(loaded.recommend("a0")).toEqual(rec.recommend("a0"));
    expect(words(loaded)).toEqual(words(fresh));
    const again = Recommender.load(loaded.save());
    expect(again.save()).toEqual(loaded.save());
    const header = JSON.parse(new TextDecoder().decode(loaded.save().subarray(16, 16 + new DataView(bytes.buffer).getUint32(12, true)))) as Record<string, number>;
    expect(header.nForms).toBe(2);
  });

  it("gives a fresh build's words after a save and load, for the Brown corpus", () => {
    const brown = loadBrown().slice(0, 60);
    const rec = new Recommender().add(brown.map((d) => ({ id: d.id, text: d.text })));
    const loaded = Recommender.load(rec.save());
    expect(words(loaded)).toEqual(words(rec));
    for (const d of brown.slice(0, 30)) {
      loaded.remove(d.id);
      rec.remove(d.id);
    }
    expect(words(loaded)).toEqual(words(new Recommender().add(brown.slice(30).map((d) => ({ id: d.id, text: d.text })))));
  });
});
