/**
 * Snapshots (src/persist/snapshot.ts, Recommender#save / Recommender.load): a loaded Recommender answers
 * exactly as the saved one did, bytes round-trip unchanged, and damaged or foreign bytes are
 * refused with a RecommenderError (INVALID_SNAPSHOT or INCOMPATIBLE_SNAPSHOT_VERSION), never
 * another error and never a Recommender that answers differently.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mulberry32 } from "../bench/synthetic.js";
import { loadBrown } from "../scripts/brown.js";
import { RecommenderError } from "../src/errors.js";
import type { RecommenderOptions } from "../src/options.js";
import { Recommender, type Recommendation } from "../src/index.js";
import { checksum } from "../src/persist/checksum.js";
import { internalsOf } from "../src/internal.js";
import { ListCache } from "../src/search/kept-lists.js";
import { SNAPSHOT_VERSION } from "../src/persist/snapshot.js";
import type { Article } from "../src/validate.js";
import { expectSameResults } from "./reference.js";

// ---------------------------------------------------------------------------------------------
// Corpora and option sets.

const BROWN: Article[] = loadBrown().map(({ id, title, text, category }, i) => ({
  id,
  title,
  text,
  // Tags and dates too, so that field weights and the dates section take part.
  tags: [category],
  date: Date.UTC(1961, 0, 1 + i),
}));
/** 150 texts spread over every category (every third text). */
const BROWN_150 = BROWN.filter((_, i) => i % 3 === 0).slice(0, 150);
/** 25 texts from every category, for the option sets. */
const BROWN_25 = BROWN.filter((_, i) => i % 20 === 0);

const OPTION_SETS: [string, RecommenderOptions][] = [
  ["defaults", {}],
  ['analyzer "sklearn"', { analyzer: "sklearn" }],
  ['analyzer "sklearn" with tf, df and field overrides', { analyzer: "sklearn", tf: "sublinear", minDf: 2, fields: { title: 2 } }],
  ['tf "raw"', { tf: "raw" }],
  ['idf "plain"', { idf: "plain" }],
  ['idf "none"', { idf: "none" }],
  ['norm "none"', { norm: "none", idf: "plain" }],
  ["fractional minDf and maxDf", { minDf: 0.1, maxDf: 0.6 }],
  ["minDf 0 and a count for maxDf", { minDf: 0, maxDf: 3 }],
  ["maxDf Infinity and minDf 1", { minDf: 1, maxDf: Infinity }],
  [
    "a custom stop-word list and analyzer options",
    { stopWords: ["Syria", "troops", "don't", "the", "and"], stemming: false, minLength: 3, numbers: false, foldAccents: true },
  ],
  ["no stop words, minLength 1", { stopWords: false, minLength: 1 }],
  ["field weights", { fields: { title: 0.5, text: 2, tags: 0 } }],
];

// Random corpora, as in properties.test.ts: content words (some stemming together), stop words,
// a number, accents, other scripts.
const CONTENT = [
  "syria", "troops", "troop", "withdrawal", "iran", "missile", "missiles", "activists", "detained",
  "county", "counties", "running", "runs", "run", "goal", "league", "planet", "orbit",
  "café", "cafe", "1961", "москва", "東京", "oil", "don't",
];
const STOP = ["the", "and", "of", "in", "to", "is"];
const WORDS = [...CONTENT, ...STOP];
// Ids with prototype names, non-ASCII, astral characters and spaces.
const ID_PREFIXES = ["a", "__proto__", "constructor", "é", "東京", "😀", "x y ", ""];

const words = (max: number) => fc.array(fc.constantFrom(...WORDS), { maxLength: max }).map((w) => w.join(" "));

interface Body {
  title?: string;
  text: string;
  tags?: string[];
  date?: number;
}

const body: fc.Arbitrary<Body> = fc.record(
  {
    title: words(4),
    text: fc.oneof({ weight: 6, arbitrary: words(10) }, { weight: 1, arbitrary: fc.constant("the and of") }, { weight: 1, arbitrary: fc.constant("") }),
    tags: fc.array(words(2), { maxLength: 2 }),
    date: fc.integer({ min: -1e12, max: 4e12 }),
  },
  { requiredKeys: ["text"] },
);

const corpus = (maxLength: number): fc.Arbitrary<Article[]> =>
  fc
    .array(fc.tuple(body, fc.constantFrom(...ID_PREFIXES)), { maxLength })
    .map((list) => list.map(([b, prefix], i) => ({ id: `${prefix}${i}`, ...b })));

const optionSet = fc.constantFrom(...OPTION_SETS.map(([, o]) => o));

type Op = { kind: "add"; slot: number; body: Body } | { kind: "remove"; pick: number } | { kind: "update"; pick: number; body: Body };

const ops = fc.array(
  fc.oneof(
    { weight: 3, arbitrary: fc.record({ kind: fc.constant("add" as const), slot: fc.nat({ max: 30 }), body }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant("remove" as const), pick: fc.nat() }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant("update" as const), pick: fc.nat(), body }) },
  ),
  { maxLength: 12 },
);

/** Applies `ops` to every Recommender in `recs` and to `model` (the corpus, by id). */
function apply(recs: readonly Recommender[], model: Map<string, Article>, list: readonly Op[]): void {
  for (const op of list) {
    const ids = [...model.keys()];
    if (op.kind === "add") {
      const a = { id: `n${op.slot}`, ...op.body };
      if (model.has(a.id)) continue;
      for (const rec of recs) rec.add(a);
      model.set(a.id, a);
    } else if (ids.length > 0) {
      const id = ids[op.pick % ids.length] as string;
      if (op.kind === "remove") {
        for (const rec of recs) rec.remove(id);
        model.delete(id);
      } else {
        const a = { id, ...op.body };
        for (const rec of recs) rec.update(a);
        model.set(id, a);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// What must survive a round trip.

/** Keeps even-day articles (and undated ones): a filter that reads the dates section. */
const evenDays = (_id: string, date: Date | undefined) => date === undefined || date.getUTCDate() % 2 === 0;

/** Every article's complete list, in `ids()` order; with `dates`, also the filtered lists. */
function answers(rec: Recommender, dates = false): [string, Recommendation[], Recommendation[]?][] {
  const k = Math.max(1, rec.size);
  return rec.ids().map((id) => (dates ? [id, rec.recommend(id, { k }), rec.recommend(id, { k, filter: evenDays })] : [id, rec.recommend(id, { k })]));
}

/** Same ids in the same order, same options, and identical lists (ids and scores, bit for bit). */
function expectSameAnswers(actual: Recommender, expected: Recommender, dates = false): void {
  expect(actual.size).toBe(expected.size);
  expect(actual.ids()).toEqual(expected.ids());
  expect(actual.options).toEqual(expected.options);
  expect(answers(actual, dates)).toEqual(answers(expected, dates));
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

function expectSameBytes(actual: Uint8Array, expected: Uint8Array): void {
  if (!sameBytes(actual, expected)) {
    let i = 0;
    while (i < actual.length && actual[i] === expected[i]) i++;
    expect.fail(`snapshots differ: ${actual.length} vs ${expected.length} bytes, first difference at byte ${i}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Reading and editing the documented layout (see the comment at the top of src/persist/snapshot.ts).

const pad8 = (n: number) => (n + 7) & ~7;

interface Header {
  options: Record<string, unknown>;
  nDocs: number;
  nTerms: number;
  nnz: number;
  termChars: number;
  idChars: number;
  rowWidth: number;
  listWidth: number;
  // the document store's block (format 5)
  nValues: number;
  nTagValues: number;
  valueChars: number;
  nRelated: number;
  nRelatedIds: number;
  relatedIdChars: number;
  // the link block (format 6)
  titleChars: number;
  urlChars: number;
  slugChars: number;
  // the forms block (format 6)
  nForms: number;
  formChars: number;
  exceptBytes: number;
}

const SECTION_NAMES = [
  "df", "termPtr", "postDoc", "postW", "rowPtr", "rowTerm", "s0", "s1", "s2", "dates",
  "termEnds", "termChars", "idEnds", "idChars",
  // the document store's block (persist/snapshot-store.ts)
  "sections", "langs", "tagPtr", "tagValues", "valueEnds", "valueChars", "relatedPtr", "relatedRefs", "relatedIdEnds", "relatedIdChars",
  // the link block (persist/snapshot-links.ts)
  "titleEnds", "titleChars", "urlEnds", "urlChars", "slugEnds", "slugChars",
  // the forms block (persist/snapshot-forms.ts)
  "formPtr", "formEnds", "formChars", "exceptPtr", "exceptBytes",
  // present only when listWidth > 0 (empty otherwise)
  "listSizes", "listDocs", "listScores",
] as const;
type Section = (typeof SECTION_NAMES)[number];

/** The header and the byte offset of each section. */
function layout(bytes: Uint8Array): { header: Header; headerLength: number; at: Record<Section, number>; end: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(12, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(16, 16 + headerLength))) as Header;
  const { nDocs, nTerms, nnz, termChars, idChars, rowWidth, listWidth, nForms, formChars, exceptBytes } = header;
  const { nValues, nTagValues, valueChars, nRelated, nRelatedIds, relatedIdChars } = header;
  const { titleChars, urlChars, slugChars } = header;
  const sizes: Record<Section, number> = {
    df: 4 * nTerms,
    termPtr: 4 * (nTerms + 1),
    postDoc: 4 * nnz,
    postW: 4 * nnz,
    rowPtr: 4 * (nDocs + 1),
    rowTerm: rowWidth * nnz,
    s0: 8 * nDocs,
    s1: 8 * nDocs,
    s2: 8 * nDocs,
    dates: 8 * nDocs,
    termEnds: 4 * nTerms,
    termChars,
    idEnds: 4 * nDocs,
    idChars,
    sections: 4 * nDocs,
    langs: 4 * nDocs,
    tagPtr: 4 * (nDocs + 1),
    tagValues: 4 * nTagValues,
    valueEnds: 4 * nValues,
    valueChars,
    relatedPtr: 4 * (nDocs + 1),
    relatedRefs: 4 * nRelated,
    relatedIdEnds: 4 * nRelatedIds,
    relatedIdChars,
    titleEnds: 4 * nDocs,
    titleChars,
    urlEnds: 4 * nDocs,
    urlChars,
    slugEnds: 4 * nDocs,
    slugChars,
    formPtr: 4 * (nTerms + 1),
    formEnds: 4 * nForms,
    formChars,
    exceptPtr: 4 * (nDocs + 1),
    exceptBytes,
    listSizes: listWidth > 0 ? 4 * nDocs : 0,
    listDocs: 4 * nDocs * listWidth,
    listScores: 8 * nDocs * listWidth,
  };
  let end = pad8(16 + headerLength);
  const at = {} as Record<Section, number>;
  for (const name of SECTION_NAMES) {
    at[name] = end;
    end += pad8(sizes[name]);
  }
  return { header, headerLength, at, end };
}

/** Rewrites the length and checksum trailer, as a tool that knows the format would. */
function reseal(bytes: Uint8Array): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  view.setUint32(bytes.length - 8, bytes.length, true);
  view.setUint32(bytes.length - 4, checksum(bytes, bytes.length - 4), true);
  return bytes;
}

/** A copy whose header is `headerBytes` (the sections are moved after it), resealed. */
function withHeaderBytes(bytes: Uint8Array, headerBytes: Uint8Array): Uint8Array {
  const { headerLength } = layout(bytes);
  const body = bytes.subarray(pad8(16 + headerLength), bytes.length - 8);
  const out = new Uint8Array(pad8(16 + headerBytes.length) + body.length + 8);
  out.set(bytes.subarray(0, 12), 0);
  new DataView(out.buffer).setUint32(12, headerBytes.length, true);
  out.set(headerBytes, 16);
  out.set(body, pad8(16 + headerBytes.length));
  return reseal(out);
}

function withHeader(bytes: Uint8Array, edit: (header: Header) => unknown): Uint8Array {
  const header = structuredClone(layout(bytes).header);
  const replaced = edit(header);
  return withHeaderBytes(bytes, new TextEncoder().encode(JSON.stringify(replaced === undefined ? header : replaced)));
}

/** A copy with `edit` applied to its bytes (through a DataView), resealed. */
function edited(bytes: Uint8Array, edit: (view: DataView, at: Record<Section, number>, header: Header) => void): Uint8Array {
  const copy = bytes.slice();
  const { at, header } = layout(copy);
  edit(new DataView(copy.buffer), at, header);
  return reseal(copy);
}

/** What `Recommender.load(bytes)` does: "loaded", an error code, or a description of a foreign error. */
function outcome(bytes: unknown): string {
  try {
    Recommender.load(bytes as Uint8Array);
  } catch (e) {
    if (e instanceof RecommenderError) return e.code;
    return `${e instanceof Error ? e.constructor.name : typeof e}: ${String(e)}`;
  }
  return "loaded";
}

const INVALID = "INVALID_SNAPSHOT";
const INCOMPATIBLE = "INCOMPATIBLE_SNAPSHOT_VERSION";

/** Collects the cases whose outcome is not the expected code, so that one assertion lists them all. */
class Tally {
  readonly wrong: string[] = [];
  count = 0;

  check(label: string, bytes: unknown, expected: string): void {
    this.count++;
    const got = outcome(bytes);
    if (got !== expected) this.wrong.push(`${label}: ${got} (expected ${expected})`);
  }

  expectNone(): void {
    expect(this.wrong.slice(0, 20), `${this.wrong.length} of ${this.count} cases`).toEqual([]);
  }
}

// Two snapshots to damage: a small one (every byte is tried) and a larger one (random positions).
const NEWS = JSON.parse(readFileSync(new URL("./fixtures/tiny-news.json", import.meta.url), "utf8")) as Article[];
const SMALL = new Recommender().add(NEWS).save();
/** SMALL with every article's kept list (relatedAll, then save({ lists: true })). */
const SMALL_LISTS = (() => {
  const rec = new Recommender().add(NEWS);
  rec.relatedAll({ k: 4 });
  return rec.save({ lists: true });
})();
const LARGE = new Recommender().add(BROWN.filter((_, i) => i % 25 === 0)).save();

// ---------------------------------------------------------------------------------------------

describe("Recommender.load(rec.save())", () => {
  it.each(OPTION_SETS)("answers exactly as the saved Recommender on 25 Brown texts, with %s", (_, options) => {
    const rec = new Recommender(options).add(BROWN_25);
    const bytes = rec.save();
    const loaded = Recommender.load(bytes);
    expectSameAnswers(loaded, rec, true);
    expectSameBytes(loaded.save(), bytes);
  });

  it("answers, explains and handles drafts exactly as the saved Recommender on 150 Brown texts", () => {
    const rec = new Recommender().add(BROWN_150);
    const bytes = rec.save();
    const start = performance.now();
    const loaded = Recommender.load(bytes);
    const ms = performance.now() - start;
    console.log(`snapshot.test.ts: loaded a ${(bytes.length / 1e6).toFixed(2)} MB snapshot of ${rec.size} Brown texts in ${ms.toFixed(1)} ms`);
    expectSameAnswers(loaded, rec);
    // explain: same shared terms, same readable words ("county" for the stem "counti"), same sums.
    for (const id of rec.ids().slice(0, 40)) {
      for (const r of rec.recommend(id, { k: 3 })) expect(loaded.explain(id, r.id)).toEqual(rec.explain(id, r.id));
    }
    // Drafts: texts that are not in the index, with words the index has never seen.
    for (const draft of BROWN.filter((_, i) => i % 3 === 1).slice(0, 8)) {
      const input = { title: draft.title, text: `${draft.text.slice(0, 3000)} zanzibar quokka` };
      expect(loaded.recommendText(input, { k: 20 })).toEqual(rec.recommendText(input, { k: 20 }));
    }
    expect(loaded.recommendText("Kennedy and the county elections", { k: 50 })).toEqual(rec.recommendText("Kennedy and the county elections", { k: 50 }));
  }, 30_000);

  it("answers exactly as the saved Recommender after add, remove and update since the last build (Brown)", () => {
    const rec = new Recommender().add(BROWN_150.slice(0, 60)).build();
    rec.add(BROWN_150.slice(60, 80));
    for (let i = 0; i < 10; i++) rec.remove((BROWN_150[i * 4] as Article).id);
    for (let i = 0; i < 5; i++) {
      const target = BROWN_150[2 + i * 12] as Article; // none of the removed ones (even, not multiples of 4)
      const source = BROWN[499 - i] as Article;
      rec.update({ ...source, id: target.id });
    }
    const bytes = rec.save();
    const loaded = Recommender.load(bytes);
    expectSameAnswers(loaded, rec, true);
    expectSameBytes(loaded.save(), bytes);
  }, 30_000);

  it("answers exactly as the saved Recommender on random corpora, for every option set, with changes before saving", () => {
    fc.assert(
      fc.property(corpus(14), optionSet, fc.boolean(), ops, body, (articles, options, buildFirst, changes, draft) => {
        const rec = new Recommender(options).add(articles);
        if (buildFirst) rec.build();
        apply([rec], new Map(articles.map((a) => [a.id, a])), changes);
        const bytes = rec.save();
        const loaded = Recommender.load(bytes);
        expectSameAnswers(loaded, rec, true);
        expect(loaded.recommendText(draft, { k: 50 })).toEqual(rec.recommendText(draft, { k: 50 }));
        const ids = rec.ids();
        ids.forEach((a, i) => {
          const b = ids[(i + 1) % ids.length] as string;
          expect(loaded.explain(a, b)).toEqual(rec.explain(a, b));
          const top = rec.recommend(a, { k: 1 })[0];
          if (top) expect(loaded.explain(a, top.id)).toEqual(rec.explain(a, top.id));
        });
      }),
      { numRuns: 100 },
    );
  });

  it("restores the options exactly, maxDf Infinity and custom stop-word lists included", () => {
    for (const [, options] of OPTION_SETS) {
      const rec = new Recommender(options).add(NEWS);
      expect(Recommender.load(rec.save()).options).toEqual(rec.options);
    }
    const unbounded = Recommender.load(new Recommender({ maxDf: Infinity }).add(NEWS).save());
    expect(unbounded.options.maxDf).toBe(Infinity);
  });
});

describe("snapshot bytes", () => {
  it("save(load(b)) is byte-identical to b", () => {
    fc.assert(
      fc.property(corpus(14), optionSet, ops, (articles, options, changes) => {
        const rec = new Recommender(options).add(articles).build();
        apply([rec], new Map(articles.map((a) => [a.id, a])), changes);
        const bytes = rec.save();
        const again = Recommender.load(bytes).save();
        expectSameBytes(again, bytes);
        // and once more: a fixed point, not a slow drift
        expectSameBytes(Recommender.load(again).save(), bytes);
      }),
      { numRuns: 100 },
    );
  });

  it("is the same for the same articles added (and changed) in the same order in two Recommenders", () => {
    fc.assert(
      fc.property(corpus(14), optionSet, fc.boolean(), ops, (articles, options, buildFirst, changes) => {
        // One batch, or one article at a time: the same history as far as the index is concerned.
        const a = new Recommender(options).add(articles);
        const b = new Recommender(options);
        for (const article of articles) b.add(article);
        if (buildFirst) {
          a.build();
          b.build();
        }
        apply([a, b], new Map(articles.map((x) => [x.id, x])), changes);
        expectSameBytes(b.save(), a.save());
      }),
      { numRuns: 100 },
    );
    expectSameBytes(new Recommender().add(BROWN_25).save(), new Recommender().add(BROWN_25).save());
  });

  // Regression: compaction once broke df ties by the terms' current ids, which depend on earlier
  // compactions, so a build() (or a compacting query) between two adds changed the term order and
  // the bytes, although the same articles were added in the same order.
  it("does not depend on whether build() ran between adds of the same articles", () => {
    const first = [
      { id: "x", text: "syria troop" },
      { id: "y", text: "syria" },
    ];
    const later = { id: "z", text: "troop" };
    const a = new Recommender().add(first).build().add(later);
    const b = new Recommender().add(first).add(later);
    expect(answers(a, true)).toEqual(answers(b, true));
    expectSameBytes(a.save(), b.save());
  });

  it("is stable: saving twice without changes gives the same bytes, and saving does not change answers", () => {
    const rec = new Recommender().add(NEWS);
    const before = answers(rec, true);
    const first = rec.save();
    expect(answers(rec, true)).toEqual(before);
    expectSameBytes(rec.save(), first);
  });

  it("starts with the magic and the format version, and ends with its length and checksum", () => {
    const view = new DataView(SMALL.buffer, SMALL.byteOffset, SMALL.byteLength);
    expect(new TextDecoder().decode(SMALL.subarray(0, 8))).toBe("ALSOLIKE");
    expect(view.getUint32(8, true)).toBe(SNAPSHOT_VERSION);
    expect(SNAPSHOT_VERSION).toBe(6);
    expect(view.getUint32(SMALL.length - 8, true)).toBe(SMALL.length);
    expect(view.getUint32(SMALL.length - 4, true)).toBe(checksum(SMALL, SMALL.length - 4));
    // The sections fill the file exactly as documented (the crafted-file tests below rely on it).
    expect(layout(SMALL).end).toBe(SMALL.length - 8);
    expect(layout(LARGE).end).toBe(LARGE.length - 8);
    expect(SMALL.length % 8).toBe(0);
  });

  it("is a copy: changing the saved bytes does not change the Recommender", () => {
    const rec = new Recommender().add(NEWS);
    const before = answers(rec, true);
    const bytes = rec.save();
    const copy = bytes.slice();
    bytes.fill(0x55);
    expect(answers(rec, true)).toEqual(before);
    expectSameBytes(rec.save(), copy);
  });
});

describe("a loaded Recommender", () => {
  it("loads from a view at any byte offset of a larger buffer (unaligned), and from a Node Buffer", () => {
    const rec = new Recommender().add(NEWS);
    const expected = answers(rec, true);
    for (const offset of [1, 2, 3, 5, 7, 8, 13]) {
      const big = new Uint8Array(SMALL.length + offset + 5).fill(0xee);
      big.set(SMALL, offset);
      const view = big.subarray(offset, offset + SMALL.length);
      expect(view.byteOffset).toBe(offset);
      expect(answers(Recommender.load(view), true), `offset ${offset}`).toEqual(expected);
    }
    expect(answers(Recommender.load(Buffer.from(SMALL)), true)).toEqual(expected);
  });

  it("does not depend on the caller's bytes after load when copied (explicitly, or because they are misaligned)", () => {
    const rec = new Recommender().add(NEWS);
    const expected = answers(rec, true);
    const big = new Uint8Array(SMALL.length + 3);
    big.set(SMALL, 3);
    const view = big.subarray(3);
    const loaded = Recommender.load(view);
    const plain = SMALL.slice();
    const loadedPlain = Recommender.load(plain, { copy: true });
    big.fill(0);
    for (let i = 0; i < plain.length; i++) plain[i] = (plain[i] as number) ^ 0xa5;
    expect(answers(loaded, true)).toEqual(expected);
    expect(answers(loadedPlain, true)).toEqual(expected);
    expectSameBytes(loaded.save(), SMALL);
    // and changes to a Recommender loaded in place do not write into the caller's bytes
    const kept = SMALL.slice();
    const again = Recommender.load(kept);
    again.add({ id: "extra", text: "Syria troops withdrawal" }).remove(NEWS[0]?.id as string).build();
    expectSameBytes(kept, SMALL);
  });

  it("keeps working incrementally: changes after load equal the same changes on the original, and a fresh build", () => {
    fc.assert(
      fc.property(corpus(14), optionSet, ops, (articles, options, changes) => {
        const original = new Recommender(options).add(articles);
        const loaded = Recommender.load(original.save());
        const model = new Map(articles.map((a) => [a.id, a]));
        apply([original, loaded], model, changes);
        expectSameAnswers(loaded, original, true);
        // A fresh build of the final corpus: same lists (a different history may round differently).
        const fresh = new Recommender(options).add([...model.values()]);
        expect(new Set(loaded.ids())).toEqual(new Set(fresh.ids()));
        const k = Math.max(1, fresh.size);
        for (const id of model.keys()) expectSameResults(loaded.recommend(id, { k }), fresh.recommend(id, { k }), 1e-9, id);
        // and it saves and loads again
        expectSameAnswers(Recommender.load(loaded.save()), loaded, true);
      }),
      { numRuns: 100 },
    );
  });

  it("keeps working incrementally on Brown: add, remove, update after load equal a fresh build", () => {
    const loaded = Recommender.load(new Recommender().add(BROWN_25.slice(0, 18)).save());
    const model = new Map(BROWN_25.slice(0, 18).map((a) => [a.id, a]));
    for (const a of BROWN_25.slice(18)) {
      loaded.add(a);
      model.set(a.id, a);
    }
    for (const a of BROWN_25.slice(0, 4)) {
      loaded.remove(a.id);
      model.delete(a.id);
    }
    const replacement = { ...(BROWN[401] as Article), id: (BROWN_25[10] as Article).id };
    loaded.update(replacement);
    model.set(replacement.id, replacement);
    const fresh = new Recommender().add([...model.values()]);
    for (const id of model.keys()) expectSameResults(loaded.recommend(id, { k: 50 }), fresh.recommend(id, { k: 50 }), 1e-9, id);
  });

  // Regression: a stem that is its own readable word ("run") is written as "" and was not restored
  // on load, so a longer word seen after load ("runs") became the readable word: explain and the
  // snapshot bytes then differed from the original's.
  it("keeps a stem's own word as its readable word when a longer word for it arrives after load", () => {
    const first = [
      { id: "a", text: "run fast" },
      { id: "b", text: "run slow fast" },
    ];
    const later = { id: "c", text: "runs slow" };
    const original = new Recommender().add(first);
    const loaded = Recommender.load(original.save());
    original.add(later);
    loaded.add(later);
    const fresh = new Recommender().add([...first, later]);
    expect(fresh.explain("c", "b").terms.map((t) => t.term)).toEqual(["slow", "run"]);
    expect(original.explain("c", "b")).toEqual(fresh.explain("c", "b"));
    expect(loaded.explain("c", "b")).toEqual(original.explain("c", "b"));
    expectSameBytes(loaded.save(), original.save());
  });

  // Regression: compaction deletes the readable word of a term that leaves the corpus; an indexing
  // cache that still knew the token then never recorded the word again when it came back, and
  // explain (and the snapshot's word table) showed the bare stem "counti" instead of "county".
  it("saves the readable word of a term that left the corpus and came back", () => {
    const rec = new Recommender({ minDf: 1 }).add([
      { id: "a", text: "county fair" },
      { id: "b", text: "fair weather" },
    ]);
    rec.build();
    rec.remove("a").build();
    rec.add([
      { id: "c", text: "county weather" },
      { id: "d", text: "county fair" },
    ]);
    const fresh = new Recommender({ minDf: 1 }).add([
      { id: "b", text: "fair weather" },
      { id: "c", text: "county weather" },
      { id: "d", text: "county fair" },
    ]);
    expect(fresh.explain("c", "d").terms.map((t) => t.term)).toEqual(["county"]);
    expect(Recommender.load(rec.save()).explain("c", "d").terms.map((t) => t.term)).toEqual(["county"]);
  });

  // Ids are stored as UTF-8, which cannot hold a lone surrogate (TextEncoder writes U+FFFD): such
  // an id must either come back unchanged or be refused by add, never come back changed (and two
  // of them must not make a snapshot that load() refuses as having duplicate ids).
  it("round-trips ids that are not well-formed UTF-16 (or refuses them at add with INVALID_ID)", () => {
    let rec: Recommender;
    try {
      rec = new Recommender({ minDf: 1 }).add([
        { id: "x\uD800", text: "syria troops" },
        { id: "\uDC00", text: "syria troops withdrawal" },
        { id: "\uD800", text: "troops withdrawal" },
      ]);
    } catch (e) {
      expect(e).toBeInstanceOf(RecommenderError);
      expect((e as RecommenderError).code).toBe("INVALID_ID");
      return;
    }
    expect(outcome(rec.save())).toBe("loaded");
    expectSameAnswers(Recommender.load(rec.save()), rec);
  });
});

describe("empty snapshots", () => {
  it.each([
    ["defaults", {}],
    ['analyzer "sklearn"', { analyzer: "sklearn" }],
  ] as [string, RecommenderOptions][])("save and load an empty index (%s)", (_, options) => {
    const rec = new Recommender(options);
    const bytes = rec.save();
    const loaded = Recommender.load(bytes);
    expect(loaded.size).toBe(0);
    expect(loaded.ids()).toEqual([]);
    expect(loaded.options).toEqual(rec.options);
    expect(loaded.recommendText("Syria troops")).toEqual([]);
    expect(loaded.relatedAll()).toEqual(new Map());
    expectSameBytes(loaded.save(), bytes);
    // and it can be filled
    loaded.add(NEWS);
    expectSameAnswers(loaded, new Recommender(options).add(NEWS), true);
  });

  it("saves and loads an index whose articles have no terms (empty, stop words only, too short)", () => {
    const articles: Article[] = [
      { id: "empty", text: "" },
      { id: "stop", text: "the and of in to is", title: "The" },
      { id: "short", text: "a b c", tags: ["x"] },
    ];
    for (const options of [{}, { analyzer: "sklearn" as const }, { minDf: 0 }]) {
      const rec = new Recommender(options).add(articles);
      const bytes = rec.save();
      const loaded = Recommender.load(bytes);
      expect(loaded.ids()).toEqual(["empty", "stop", "short"]);
      for (const { id } of articles) expect(loaded.recommend(id)).toEqual([]);
      expect(loaded.relatedAll()).toEqual(rec.relatedAll());
      expectSameBytes(loaded.save(), bytes);
      loaded.add({ id: "real", text: "Syria troops" }).add({ id: "real2", text: "Syria troops leave" });
      expect(loaded.recommend("real").map((r) => r.id)).toEqual(["real2"]);
    }
  });

  it("stores rows as 16-bit term ids up to 65,536 terms and 32-bit beyond, and round-trips both", () => {
    expect(layout(SMALL).header.rowWidth).toBe(2);
    // 70,000 distinct terms spread over overlapping articles.
    const words = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `w${from + i}`).join(" ");
    const rec = new Recommender({ minDf: 1, stemming: false }).add([
      { id: "a", text: words(0, 30_000) },
      { id: "b", text: words(20_000, 50_000) },
      { id: "c", text: words(40_000, 70_000) },
      { id: "d", text: `${words(0, 10)} ${words(45_000, 45_100)}` },
    ]);
    const bytes = rec.save();
    expect(layout(bytes).header.nTerms).toBe(70_000);
    expect(layout(bytes).header.rowWidth).toBe(4);
    const loaded = Recommender.load(bytes);
    expectSameAnswers(loaded, rec);
    expect(loaded.recommend("d").map((r) => r.id)).toEqual(rec.recommend("d").map((r) => r.id));
    expect([...loaded.relatedAll({ k: 3 })]).toEqual([...rec.relatedAll({ k: 3 })]);
    for (const id of rec.ids()) expect(rec.relatedAll({ k: 3 }).get(id)).toEqual(rec.recommend(id, { k: 3 }));
  });

  it("saves and loads an index whose articles were all removed", () => {
    const rec = new Recommender().add(NEWS).build();
    for (const { id } of NEWS) rec.remove(id);
    const bytes = rec.save();
    expectSameBytes(bytes, new Recommender().save());
    const loaded = Recommender.load(bytes);
    expect(loaded.size).toBe(0);
    loaded.add(NEWS);
    expectSameAnswers(loaded, new Recommender().add(NEWS), true);
  });
});

describe("Recommender.load on damaged bytes", () => {
  const rng = mulberry32(20240607);
  const int = (n: number) => Math.floor(rng() * n);
  /** Expected code when `bytes` differs from `original` only in place (same length). */
  const expectedFor = (bytes: Uint8Array, original: Uint8Array) => {
    for (let i = 0; i < 8; i++) if (bytes[i] !== original[i]) return INVALID;
    // A version changed to 4 (read too) is a corrupt file, not an incompatible one.
    const version = new DataView(bytes.buffer, bytes.byteOffset).getUint32(8, true);
    for (let i = 8; i < 12; i++) if (bytes[i] !== original[i]) return version === 4 ? INVALID : INCOMPATIBLE;
    return INVALID;
  };

  it("refuses every single-byte change of a small snapshot, and hundreds in a large one", () => {
    const tally = new Tally();
    for (const [name, original, positions] of [
      // every byte of the header and the first sections, and every 7th byte after
      ["small", SMALL, Array.from(SMALL.keys()).filter((p) => p < 1024 || p % 7 === 0 || p >= SMALL.length - 16)],
      // every byte of the kept lists and the trailer
      ["small with lists", SMALL_LISTS, Array.from(SMALL_LISTS.keys()).filter((p) => p >= layout(SMALL_LISTS).at.listSizes)],
      ["large", LARGE, [...Array.from({ length: 300 }, (_, i) => i), ...Array.from({ length: 500 }, () => int(LARGE.length)), LARGE.length - 1]],
    ] as const) {
      const bytes = original.slice();
      for (const p of positions) {
        const x = 1 + int(255);
        bytes[p] = (bytes[p] as number) ^ x;
        // A version changed to 4 (read too) is a corrupt file, not an incompatible one.
        const version = new DataView(bytes.buffer).getUint32(8, true);
        tally.check(`${name}: byte ${p} xor ${x}`, bytes, p >= 8 && p < 12 && version !== 4 ? INCOMPATIBLE : INVALID);
        bytes[p] = original[p] as number;
      }
    }
    tally.expectNone();
    expect(tally.count).toBeGreaterThan(2000);
  });

  it("refuses every truncation", () => {
    const tally = new Tally();
    for (const [name, original] of [
      ["small", SMALL],
      ["small with lists", SMALL_LISTS],
      ["large", LARGE],
    ] as const) {
      const n = original.length;
      const lengths = new Set([...Array.from({ length: 32 }, (_, i) => i), n - 1, n - 4, n - 8, n - 9, ...Array.from({ length: 250 }, () => int(n))]);
      for (const length of lengths) tally.check(`${name}: first ${length} bytes`, original.slice(0, length), INVALID);
      // A view of the first bytes (no copy), too.
      tally.check(`${name}: subarray`, original.subarray(0, n - 1), INVALID);
    }
    tally.expectNone();
  });

  it("refuses random runs of overwritten bytes", () => {
    const tally = new Tally();
    for (const [name, original] of [
      ["small", SMALL],
      ["large", LARGE],
    ] as const) {
      for (let i = 0; i < 250; i++) {
        const bytes = original.slice();
        const start = i < 50 ? int(64) : int(bytes.length);
        const length = 1 + int(i % 2 === 0 ? 8 : 200);
        for (let p = start; p < Math.min(bytes.length, start + length); p++) bytes[p] = int(256);
        if (sameBytes(bytes, original)) continue;
        tally.check(`${name}: ${length} bytes from ${start}`, bytes, expectedFor(bytes, original));
      }
      // Zeroed runs (what a torn write often leaves).
      for (let i = 0; i < 50; i++) {
        const bytes = original.slice();
        const start = int(bytes.length);
        bytes.fill(0, start, start + 1 + int(4096));
        if (sameBytes(bytes, original)) continue;
        tally.check(`${name}: zeros from ${start}`, bytes, expectedFor(bytes, original));
      }
    }
    tally.expectNone();
  });

  it("refuses bytes appended or prepended", () => {
    const tally = new Tally();
    for (const [name, original] of [
      ["small", SMALL],
      ["large", LARGE],
    ] as const) {
      for (const extra of [1, 2, 3, 4, 7, 8, 9, 16, 100]) {
        const tail = Uint8Array.from({ length: extra }, () => int(256));
        tally.check(`${name}: ${extra} random bytes appended`, concat(original, tail), INVALID);
        tally.check(`${name}: ${extra} zeros appended`, concat(original, new Uint8Array(extra)), INVALID);
        tally.check(`${name}: ${extra} bytes prepended`, concat(tail, original), INVALID);
      }
      tally.check(`${name}: its own trailer appended`, concat(original, original.subarray(original.length - 8)), INVALID);
      tally.check(`${name}: itself appended`, concat(original, original), INVALID);
      tally.check(`${name}: the other snapshot appended`, concat(original, original === SMALL ? LARGE : SMALL), INVALID);
    }
    tally.expectNone();
  });

  it("refuses bytes that are not an alsolike snapshot (wrong magic)", () => {
    const tally = new Tally();
    const text = (s: string) => new TextEncoder().encode(s);
    tally.check("the text 'not an index'", text("not an index"), INVALID);
    tally.check("a long text", text("not an index, but long enough to pass the size check ".repeat(20)), INVALID);
    tally.check("an empty array", new Uint8Array(0), INVALID);
    tally.check("zeros of a snapshot's length", new Uint8Array(SMALL.length), INVALID);
    tally.check("JSON", text(JSON.stringify(NEWS)), INVALID);
    for (let i = 0; i < 50; i++) tally.check(`random bytes ${i}`, Uint8Array.from({ length: int(5000) }, () => int(256)), INVALID);
    for (const magic of ["alsolike", "ALSOLIKF", "MINISRCH", "\0LSOLIKE"]) {
      const bytes = SMALL.slice();
      bytes.set(text(magic), 0);
      tally.check(`magic ${JSON.stringify(magic)}`, bytes, INVALID);
      tally.check(`magic ${JSON.stringify(magic)}, resealed`, reseal(bytes.slice()), INVALID);
    }
    tally.expectNone();
  });

  it("refuses what is not a Uint8Array with INVALID_SNAPSHOT", () => {
    const tally = new Tally();
    const cases: [string, unknown][] = [
      ["a string", "ALSOLIKE"],
      ["the snapshot as a binary string", Buffer.from(SMALL).toString("latin1")],
      ["an ArrayBuffer", SMALL.slice().buffer],
      ["a SharedArrayBuffer", new SharedArrayBuffer(16)],
      ["a DataView", new DataView(SMALL.slice().buffer)],
      ["an Int8Array", new Int8Array(SMALL.slice().buffer)],
      ["a Uint8ClampedArray", new Uint8ClampedArray(SMALL)],
      ["an array of numbers", Array.from(SMALL)],
      ["an object with length", { length: SMALL.length, 0: 65 }],
      ["null", null],
      ["undefined", undefined],
      ["a number", 42],
      ["NaN", NaN],
      ["a boolean", true],
      ["a function", () => SMALL],
    ];
    for (const [label, value] of cases) tally.check(label, value, INVALID);
    tally.expectNone();
  });

  it("reports INCOMPATIBLE_SNAPSHOT_VERSION for another format version", () => {
    const tally = new Tally();
    for (const version of [SNAPSHOT_VERSION + 1, 0, 1, 3, 255, 0x100, 0xffffffff]) {
      const bytes = SMALL.slice();
      new DataView(bytes.buffer).setUint32(8, version, true);
      tally.check(`version ${version}, nothing recomputed`, bytes, INCOMPATIBLE);
      tally.check(`version ${version}, resealed`, reseal(bytes.slice()), INCOMPATIBLE);
      tally.check(`version ${version}, truncated`, bytes.slice(0, 40), INCOMPATIBLE);
    }
    tally.expectNone();
    const newer = SMALL.slice();
    new DataView(newer.buffer).setUint32(8, SNAPSHOT_VERSION + 1, true);
    try {
      Recommender.load(newer);
      expect.fail("loaded a snapshot of a newer version");
    } catch (e) {
      expect(e).toBeInstanceOf(RecommenderError);
      expect(e).toMatchObject({ name: "RecommenderError", code: INCOMPATIBLE });
    }
  });
});

/** Concatenation of byte arrays. */
function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

describe("Recommender.load on well-sealed but inconsistent bytes", () => {
  // A tool that knows the format can write a correct length and checksum around wrong content:
  // the structural checks must still refuse it with INVALID_SNAPSHOT (never a TypeError or a
  // RangeError from a typed-array view, never an out-of-bounds read).
  const base = new Recommender({ minDf: 1 }).add([
    { id: "a1", text: "syria troops withdrawal", date: "2020-01-01" },
    { id: "a2", text: "syria troops county" },
    { id: "a3", text: "county fair weather" },
  ]);
  const BASE = base.save();
  // Ids and terms that start with a two-byte UTF-8 character.
  const UNICODE = new Recommender({ minDf: 1 }).add([
    { id: "é1", text: "étoile syria troops" },
    { id: "ü2", text: "étoile syria county" },
  ]).save();
  const u32 = (view: DataView, at: number, i: number, value: number) => view.setUint32(at + 4 * i, value, true);
  const f32 = (view: DataView, at: number, i: number, value: number) => view.setFloat32(at + 4 * i, value, true);

  it("starts from a snapshot that loads, and whose resealed copy loads too", () => {
    expect(outcome(BASE)).toBe("loaded");
    expect(outcome(UNICODE)).toBe("loaded");
    expect(Recommender.load(UNICODE).ids()).toEqual(["é1", "ü2"]);
    expect(outcome(reseal(BASE.slice()))).toBe("loaded");
    expect(outcome(withHeader(BASE, () => undefined))).toBe("loaded");
    expectSameAnswers(Recommender.load(withHeader(BASE, () => undefined)), base, true);
  });

  const cases: [string, () => Uint8Array][] = [
    ["the header is JSON null", () => withHeader(BASE, () => null)],
    ["the header is an array", () => withHeader(BASE, () => [])],
    ["the header is a number", () => withHeader(BASE, () => 7)],
    ["the header has no options", () => withHeader(BASE, (h) => ({ ...h, options: undefined }))],
    ["the options are null", () => withHeader(BASE, (h) => ({ ...h, options: null }))],
    ["an option has an invalid value", () => withHeader(BASE, (h) => void (h.options.tf = "bogus"))],
    ["an option is unknown", () => withHeader(BASE, (h) => void (h.options.extra = 1))],
    ["the stop-word list holds a number", () => withHeader(BASE, (h) => void (h.options.stopWords = ["the", 5]))],
    ["nDocs is one more", () => withHeader(BASE, (h) => void (h.nDocs += 1))],
    ["nDocs is one less", () => withHeader(BASE, (h) => void (h.nDocs -= 1))],
    ["nTerms is one less", () => withHeader(BASE, (h) => void (h.nTerms -= 1))],
    ["nnz is one more", () => withHeader(BASE, (h) => void (h.nnz += 1))],
    ["a count is fractional", () => withHeader(BASE, (h) => void (h.termChars += 0.5))],
    ["a count is negative", () => withHeader(BASE, (h) => void (h.nTerms = -1))],
    ["a count is a string", () => withHeader(BASE, (h) => void (h.nnz = String(h.nnz) as unknown as number))],
    ["a count is huge", () => withHeader(BASE, (h) => void (h.nnz = 2 ** 40))],
    ["the header is not JSON", () => withHeaderBytes(BASE, new TextEncoder().encode("{nDocs: 3"))],
    ["the header is not UTF-8", () => withHeaderBytes(BASE, Uint8Array.of(0x7b, 0xff, 0xfe, 0x7d))],
    ["the header length points past the end", () => edited(BASE, (v) => v.setUint32(12, 1 << 30, true))],
    // Lengths past 2^31 once wrapped to a negative offset in int32 arithmetic and looped for seconds.
    ["the header length is 2^31", () => edited(BASE, (v) => v.setUint32(12, 2 ** 31, true))],
    ["the header length is 2^32 - 8", () => edited(BASE, (v) => v.setUint32(12, 2 ** 32 - 8, true))],
    ["the header length is zero", () => edited(BASE, (v) => v.setUint32(12, 0, true))],
    ["extra bytes sit between the sections and the trailer", () => reseal(concat(BASE.subarray(0, BASE.length - 8), new Uint8Array(16)))],
    ["termPtr does not start at 0", () => edited(BASE, (v, at) => u32(v, at.termPtr, 0, 1))],
    ["termPtr does not end at nnz", () => edited(BASE, (v, at, h) => u32(v, at.termPtr, h.nTerms, h.nnz - 1))],
    ["termPtr disagrees with df", () => edited(BASE, (v, at) => v.setInt32(at.df, v.getInt32(at.df, true) + 1, true))],
    ["a posting names a document past the end", () => edited(BASE, (v, at, h) => u32(v, at.postDoc, 0, h.nDocs))],
    ["a posting names document 2^32 - 1", () => edited(BASE, (v, at) => u32(v, at.postDoc, 0, 0xffffffff))],
    ["a term's postings are not in document order", () => edited(BASE, swapFirstPostings)],
    ["rowPtr does not start at 0", () => edited(BASE, (v, at) => u32(v, at.rowPtr, 0, 1))],
    ["rowPtr does not end at nnz", () => edited(BASE, (v, at, h) => u32(v, at.rowPtr, h.nDocs, h.nnz - 1))],
    ["rowPtr decreases", () => edited(BASE, (v, at, h) => u32(v, at.rowPtr, 1, h.nnz))],
    ["a row entry names a term past the last", () => edited(BASE, (v, at, h) => v.setUint16(at.rowTerm, h.nTerms, true))],
    ["a row's entries are not ascending", () => edited(BASE, (v, at) => {
      // Document 0's first two entries, swapped.
      const first = v.getUint16(at.rowTerm, true);
      v.setUint16(at.rowTerm, v.getUint16(at.rowTerm + 2, true), true);
      v.setUint16(at.rowTerm + 2, first, true);
    })],
    ["a row repeats a term", () => edited(BASE, (v, at) => v.setUint16(at.rowTerm + 2, v.getUint16(at.rowTerm, true), true))],
    ["the row width is 4 for few terms", () => withHeader(BASE, (h) => void (h.rowWidth = 4))],
    ["the row width is missing", () => withHeader(BASE, (h) => ({ ...h, rowWidth: undefined }))],
    ["an id boundary splits a two-byte character", () => edited(UNICODE, (v, at) => u32(v, at.idEnds, 0, 1))],
    ["a term boundary splits a two-byte character", () => edited(UNICODE, (v, at, h) => {
      // Moves the end of the term before "étoile" one byte into its "é".
      for (let t = 0; t < h.nTerms - 1; t++) {
        const end = v.getUint32(at.termEnds + 4 * t, true);
        if (v.getUint8(at.termChars + end) === 0xc3) return u32(v, at.termEnds, t, end + 1);
      }
      throw new Error("no term after the first starts with é");
    })],
    ["a weight is zero", () => edited(BASE, (v, at) => f32(v, at.postW, 0, 0))],
    ["a weight is negative", () => edited(BASE, (v, at) => f32(v, at.postW, 0, -1))],
    ["a weight is NaN", () => edited(BASE, (v, at) => f32(v, at.postW, 0, NaN))],
    ["a weight is Infinity", () => edited(BASE, (v, at) => f32(v, at.postW, 0, Infinity))],
    ["a term's end offset runs past its characters", () => edited(BASE, (v, at, h) => u32(v, at.termEnds, h.nTerms - 1, h.termChars + 1))],
    ["term end offsets decrease", () => edited(BASE, (v, at) => u32(v, at.termEnds, 1, 0))],
    ["a term is not UTF-8", () => edited(BASE, (v, at) => v.setUint8(at.termChars, 0xff))],
    ["two articles have the same id", () => edited(BASE, (v, at) => v.setUint8(at.idChars + 3, "1".charCodeAt(0)))],
    ["an article id is empty", () => edited(BASE, (v, at) => u32(v, at.idEnds, 0, 0))],
    ["an article id is not UTF-8", () => edited(BASE, (v, at) => v.setUint8(at.idChars, 0xc3))],
    ["the last id runs past its characters", () => edited(BASE, (v, at, h) => u32(v, at.idEnds, h.nDocs - 1, h.idChars + 9))],
    ["a readable word is not UTF-8", () => edited(BASE, (v, at, h) => (h.formChars > 0 ? v.setUint8(at.formChars, 0xff) : u32(v, at.formEnds, 0, 5)))],
    ["the header says lists but there are none", () => withHeader(BASE, (h) => void (h.listWidth = 4))],
    ["the header says no lists but there are some", () => withHeader(SMALL_LISTS, (h) => void (h.listWidth = 0))],
    ["listWidth is missing", () => withHeader(BASE, (h) => void delete (h as Partial<Header>).listWidth)],
    ["a kept list is longer than the width", () => edited(SMALL_LISTS, (v, at, h) => v.setInt32(at.listSizes, h.listWidth + 1, true))],
    ["a kept list's length is below -1", () => edited(SMALL_LISTS, (v, at) => v.setInt32(at.listSizes, -2, true))],
    ["a kept list names its own article", () => edited(SMALL_LISTS, (v, at) => v.setInt32(at.listDocs, 0, true))],
    ["a kept list names an article past the end", () => edited(SMALL_LISTS, (v, at, h) => v.setInt32(at.listDocs, h.nDocs, true))],
    ["a kept list names a negative article", () => edited(SMALL_LISTS, (v, at) => v.setInt32(at.listDocs, -1, true))],
    ["a kept score is NaN", () => edited(SMALL_LISTS, (v, at) => v.setFloat64(at.listScores, NaN, true))],
    ["a kept score is zero", () => edited(SMALL_LISTS, (v, at) => v.setFloat64(at.listScores, 0, true))],
    ["kept scores rise", () => edited(SMALL_LISTS, (v, at) => v.setFloat64(at.listScores + 8, 2, true))],
  ];

  it.each(cases)("refuses a snapshot where %s", (_, make) => {
    expect(outcome(make())).toBe(INVALID);
  });
});

/** Swaps the first two postings of the first term with at least two documents. */
function swapFirstPostings(view: DataView, at: Record<Section, number>, header: Header): void {
  for (let t = 0; t < header.nTerms; t++) {
    const start = view.getUint32(at.termPtr + 4 * t, true);
    const end = view.getUint32(at.termPtr + 4 * (t + 1), true);
    if (end - start < 2) continue;
    const a = view.getUint32(at.postDoc + 4 * start, true);
    const b = view.getUint32(at.postDoc + 4 * (start + 1), true);
    view.setUint32(at.postDoc + 4 * start, b, true);
    view.setUint32(at.postDoc + 4 * (start + 1), a, true);
    return;
  }
  throw new Error("no term with two postings");
}

describe("Recommender.load options", () => {
  it("uses aligned bytes in place by default (no copy), and copies with { copy: true }", () => {
    const rec = new Recommender().add([
      { id: "a", text: "syria troops withdrawal plan" },
      { id: "b", text: "syria troops stay" },
      { id: "c", text: "south china sea treaty" },
      { id: "d", text: "south china sea court" },
    ]);
    const bytes = rec.save();
    const inPlace = Recommender.load(bytes);
    const copied = Recommender.load(bytes, { copy: true });
    // Each query searches the index (a kept list would answer the second one).
    inPlace.keepLists = false;
    copied.keepLists = false;
    const before = inPlace.recommend("a");
    // Zero every posting weight behind the loaded index: in place, it sees the change.
    const { at, header } = layout(bytes);
    new Float32Array(bytes.buffer, bytes.byteOffset + at.postW, header.nnz).fill(0);
    expect(inPlace.recommend("a")).not.toEqual(before);
    expect(copied.recommend("a")).toEqual(before);
  });

  it("refuses a copy option that is not a boolean", () => {
    const bytes = new Recommender().add({ id: "a", text: "x y" }).save();
    for (const bad of [null, { copy: "yes" }, { copy: 1 }]) {
      expect(() => Recommender.load(bytes, bad as never)).toThrowError(RecommenderError);
    }
  });
});

describe("Recommender#save with kept lists", () => {
  const articles: Article[] = [
    { id: "a", text: "syria troops withdrawal plan" },
    { id: "b", text: "syria troops stay" },
    { id: "c", text: "south china sea treaty" },
  ];
  /** search/kept-lists.ts MAX_WIDTH: the widest kept lists `load` accepts. */
  const MAX_WIDTH = 10_000;

  /**
   * A Recommender keeping lists `width` wide (as relatedAll({ k: width }) keeps them over more
   * than `width` articles, which would take n * width slots here), holding each article's list.
   */
  function keeping(width: number): Recommender {
    const rec = new Recommender().add(articles);
    const open = internalsOf(rec);
    const ids = open.state(true).ids;
    const lists = new ListCache(ids.length, width);
    ids.forEach((id, d) => lists.set(d, rec.recommend(id).map((r) => ({ doc: ids.indexOf(r.id), score: r.score })), 0));
    open.adoptLists(lists, open.generation);
    return rec;
  }

  it("saves lists as wide as load accepts, and loads them", () => {
    const rec = keeping(MAX_WIDTH);
    const loaded = Recommender.load(rec.save({ lists: true }));
    expect(loaded.stats().keptLists).toBe(3);
    for (const id of ["a", "b", "c"]) expect(loaded.recommend(id)).toEqual(rec.recommend(id));
  });

  it("refuses (INVALID_OPTION, naming lists and the width) to save lists wider than load accepts, and saves without them", () => {
    const rec = keeping(MAX_WIDTH + 1);
    expect(rec.stats().keptLists).toBe(3);
    let error: unknown;
    try {
      rec.save({ lists: true });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RecommenderError);
    expect((error as RecommenderError).code).toBe("INVALID_OPTION");
    expect((error as RecommenderError).message).toContain('"lists"');
    expect((error as RecommenderError).message).toContain(String(MAX_WIDTH + 1));
    // Without the lists, the same index saves, and loads.
    expect(Recommender.load(rec.save()).recommend("a")).toEqual(rec.recommend("a"));
  });
});
