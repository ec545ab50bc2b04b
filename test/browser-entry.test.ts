/**
 * The browser entry (src/browser.ts, package.json's "browser" condition on "."): the Recommender
 * without its optional parts until the site imports their entries. The tests run in order in one
 * module graph (vitest isolates each file): first with no part imported, then importing each
 * entry as a site does, and last against the main entry, which has every part.
 */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import * as browser from "../src/browser.js";
import { internalsOf } from "../src/internal.js";
import { ROOT } from "./ensure-dist.js";

const { Recommender, RecommenderError } = browser;
const run = promisify(execFile);

const ARTICLES = [
  { id: "syria-1", title: "US troops leave Syria", text: "American troops begin their withdrawal from northern Syria, officials said." },
  { id: "syria-2", title: "Syria withdrawal", text: "The Syria troop withdrawal worries Kurdish allies in the north." },
  { id: "syria-3", title: "Kurdish allies", text: "Kurdish forces in northern Syria ask the troops to stay." },
  { id: "iran", title: "Iran missiles", text: "Iran tests ballistic missiles; US troops in the region on alert." },
  { id: "bread", title: "Sourdough at home", text: "Feed the starter, fold the dough, bake the bread in a hot oven." },
  { id: "oven", title: "Oven bread", text: "A hot oven and a long proof make the bread rise; fold the dough twice." },
];

/** The RecommenderError `f` throws (failing when it throws nothing or something else). */
function caught(f: () => unknown): InstanceType<typeof RecommenderError> {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(RecommenderError);
    return e as InstanceType<typeof RecommenderError>;
  }
  return expect.fail("expected a RecommenderError, but nothing was thrown");
}

const build = (options?: ConstructorParameters<typeof Recommender>[0]) => new Recommender(options).add(ARTICLES);

/** Every article's list, as `[id, ids]` pairs with the scores. */
const lists = (rec: InstanceType<typeof Recommender>) => ARTICLES.map((a) => [a.id, rec.recommend(a.id, { k: 3 })] as const);

/** Bytes of an index saved by the main entry with every part on (a Node build step), from another process. */
async function savedInNode(options: object, lists: boolean): Promise<Uint8Array> {
  const script = `
import { Recommender } from ${JSON.stringify(join(ROOT, "src", "index.ts"))};
const rec = new Recommender(${JSON.stringify(options)}).add(${JSON.stringify(ARTICLES)});
${lists ? "rec.relatedAll({ k: 3 });" : ""}
process.stdout.write(Buffer.from(rec.save({ lists: ${lists} })).toString("base64"));
`;
  const { stdout } = await run(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: ROOT, maxBuffer: 16 << 20 });
  return new Uint8Array(Buffer.from(stdout, "base64"));
}

// Made before any part is imported: each test below reads the lists this index gave.
const plain = build();
const plainLists = lists(plain);
// Saved by the main entry with feedback on, in another process.
const withFeedback = await savedInNode({ feedback: true }, false);
// The lists under the shared-neighbours rerank in the browser entry, for the main entry to match.
let sharedLists: unknown;

describe("the browser entry, before any part is imported", () => {
  it("indexes, recommends, explains and answers drafts", () => {
    // The three articles that share counted words with syria-1 (the bread ones share none).
    expect(plainLists[0]?.[1].map((r) => r.id).sort()).toEqual(["iran", "syria-2", "syria-3"]);
    expect(plain.recommendText("Kurdish troops in Syria", { k: 2 }).map((r) => r.id)).toEqual(["syria-3", "syria-2"]);
    const why = plain.explain("bread", "oven");
    expect(why.score).toBeCloseTo(plain.recommend("bread", { k: 1 })[0]!.score, 12);
    expect(why.terms.map((t) => t.term)).toContain("dough");
  });

  it("throws NOT_IMPORTED naming alsolike/snapshots from save() and Recommender.load()", async () => {
    const save = caught(() => plain.save());
    expect(save.code).toBe("NOT_IMPORTED");
    expect(save.message).toContain('save() is not in this build of alsolike');
    expect(save.message).toContain('import "alsolike/snapshots"');
    const load = caught(() => Recommender.load(new Uint8Array(64)));
    expect(load.code).toBe("NOT_IMPORTED");
    expect(load.message).toContain('Recommender.load() is not in this build of alsolike');
    expect(load.message).toContain('import "alsolike/snapshots"');
  });

  it("keeps no lists: keepLists is false, and setting it true throws INVALID_OPTION naming alsolike/kept-lists", () => {
    expect(plain.keepLists).toBe(false);
    expect(plain.stats().keptLists).toBe(0);
    plain.keepLists = false;
    const e = caught(() => {
      plain.keepLists = true;
    });
    expect(e.code).toBe("INVALID_OPTION");
    expect(e.message).toContain('"keepLists"');
    expect(e.message).toContain('import "alsolike/kept-lists"');
    expect(plain.keepLists).toBe(false);
  });

  it("throws NOT_IMPORTED naming alsolike/kept-lists from relatedAll()", () => {
    const e = caught(() => plain.relatedAll({ k: 3 }));
    expect(e.code).toBe("NOT_IMPORTED");
    expect(e.message).toContain('relatedAll() is not in this build of alsolike');
    expect(e.message).toContain('import "alsolike/kept-lists"');
  });

  it("refuses feedback and sharedNeighbours with INVALID_OPTION naming alsolike/second-passes", () => {
    for (const [option, value] of [
      ["feedback", true],
      ["feedback", { docs: 2 }],
      ["sharedNeighbours", true],
    ] as const) {
      const e = caught(() => new Recommender({ [option]: value }));
      expect(e.code, option).toBe("INVALID_OPTION");
      expect(e.message).toContain(`"${option}"`);
      expect(e.message).toContain('import "alsolike/second-passes"');
    }
    // Off is no second pass: nothing to import.
    expect(new Recommender({ feedback: false, sharedNeighbours: false }).options.feedback).toBeUndefined();
  });

  it("leaves the pruned kernel (benchmarks' internals) out: choosing it throws NOT_IMPORTED, and build() makes no bounds for it", () => {
    const internals = internalsOf(plain);
    const e = caught(() => {
      internals.kernel = "pruned";
    });
    expect(e.code).toBe("NOT_IMPORTED");
    expect(internals.kernel).toBe("exhaustive");
    expect(lists(plain.build())).toEqual(plainLists);
  });
});

describe("the browser entry, importing each part", () => {
  it("saves and loads after import \"alsolike/snapshots\", a snapshot made by the main entry in Node included", async () => {
    await import("../src/entries/snapshots.js");
    const bytes = plain.save();
    expect(lists(Recommender.load(bytes))).toEqual(plainLists);
    const fromNode = await savedInNode({}, false);
    expect(lists(Recommender.load(fromNode))).toEqual(plainLists);
  });

  it("loads a snapshot saved with kept lists without them (its answers unchanged), and refuses one saved with feedback by naming the import", async () => {
    const withLists = await savedInNode({}, true);
    const loaded = Recommender.load(withLists);
    expect(loaded.stats().keptLists).toBe(0);
    expect(lists(loaded)).toEqual(plainLists);
    const e = caught(() => Recommender.load(withFeedback));
    expect(e.code).toBe("INVALID_OPTION");
    expect(e.message).toContain('import "alsolike/second-passes"');
    // Turned off at load, it needs no import.
    expect(lists(Recommender.load(withFeedback, { feedback: false }))).toEqual(plainLists);
  });

  it("keeps lists and answers relatedAll after import \"alsolike/kept-lists\"", async () => {
    await import("../src/entries/kept-lists.js");
    // An index made before the import keeps none; one made after does (the default, true).
    expect(plain.keepLists).toBe(false);
    const rec = build();
    expect(rec.keepLists).toBe(true);
    const all = rec.relatedAll({ k: 3 });
    expect(ARTICLES.map((a) => [a.id, all.get(a.id)] as const)).toEqual(plainLists);
    expect(rec.stats().keptLists).toBe(ARTICLES.length);
    expect(lists(rec)).toEqual(plainLists);
  });

  it("takes feedback and sharedNeighbours after import \"alsolike/second-passes\", and loads the snapshot saved with feedback", async () => {
    await import("../src/entries/second-passes.js");
    const fb = build({ feedback: true });
    expect(fb.options.feedback).toEqual({ docs: 3, weight: 0.1, terms: 20 });
    expect(lists(Recommender.load(withFeedback))).toEqual(lists(fb));
    const sn = build({ sharedNeighbours: true });
    expect(sn.explain("syria-1", "syria-2").sharedNeighbours?.count).toBeGreaterThan(0);
    sharedLists = lists(sn);
  });
});

describe("the browser entry against the main entry", () => {
  it("exports the same names, with the same Recommender and RecommenderError", async () => {
    const main = await import("../src/index.js");
    expect(Object.keys(browser).sort()).toEqual(Object.keys(main).sort());
    expect(main.Recommender).toBe(Recommender);
    expect(main.RecommenderError).toBe(RecommenderError);
  });

  it("answers as the main entry does, with the parts imported or not", async () => {
    const main = await import("../src/index.js");
    const rec = new main.Recommender().add(ARTICLES);
    expect(lists(rec)).toEqual(plainLists);
    expect(lists(new main.Recommender({ sharedNeighbours: true }).add(ARTICLES))).toEqual(sharedLists);
  });
});
