/**
 * The checks a snapshot's kept lists pass at load (src/search/kept-lists.ts), on their own:
 * listsProblem refuses each malformed list with its reason and looks up a document's reach only
 * for a list shorter than the width; scoresProblem accepts the index's own scores and refuses one
 * a single unit in the last place off. Crafted whole files are in snapshot-crafted.test.ts.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { loadBrown } from "../scripts/brown.js";
import { decodeSnapshot, matrixFromSnapshot } from "../src/persist/snapshot.js";
import { Recommender } from "../src/index.js";
import { ListCache, MAX_WIDTH } from "../src/search/kept-lists.js";
import { listsProblem, Reach, reach, scoresProblem } from "../src/search/kept-lists-checks.js";

/**
 * Five documents over three terms (ids ascend with df): term 0 (df 1, below minDf: not counted)
 * in d4; term 1 (df 2) in d0, d1; term 2 (df 3) in d1, d2, d3. Reaches: d0 1, d1 2, d2 2, d3 2,
 * d4 -1 (no counted term).
 */
const IDS = ["a", "b", "c", "d", "e"];
const reaches = () => reach(new Int32Array([1, 2, 3]), new Uint32Array([0, 1, 3, 4, 5, 6]), new Uint16Array([1, 1, 2, 2, 2, 0]), new Float64Array([0, 1, 1]));

/** Lists of width 3 that pass: short ones as long as their reach, a full one with a tie in id order, one not kept, one empty. */
function good(): { sizes: number[]; lists: [number, number][][] } {
  return {
    sizes: [1, 3, 2, -1, 0],
    lists: [
      [[1, 0.5]],
      [[0, 0.5], [2, 0.4], [3, 0.4]],
      [[3, 0.9], [1, 0.4]],
      [],
      [],
    ],
  };
}

function cache(spec: { sizes: number[]; lists: [number, number][][] }, width = 3): ListCache {
  const n = spec.sizes.length;
  const docs = new Int32Array(n * width);
  const scores = new Float64Array(n * width);
  spec.lists.forEach((list, d) => list.forEach(([e, s], i) => {
    docs[d * width + i] = e;
    scores[d * width + i] = s;
  }));
  return new ListCache(n, width, { sizes: new Int32Array(spec.sizes), docs, scores });
}

/** listsProblem of the good lists after `edit`. */
function problem(edit: (spec: ReturnType<typeof good>) => void, maxScore = 1): string | null {
  const spec = good();
  edit(spec);
  return listsProblem(cache(spec), IDS, maxScore, reaches());
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("listsProblem", () => {
  it("accepts lists as the kernels write them: short ones as long as their reach, ties in id order", () => {
    expect(problem(() => {})).toBeNull();
  });

  it("refuses each malformed list with its reason", () => {
    const cases: [string, (s: ReturnType<typeof good>) => void, string][] = [
      ["too long", (s) => void (s.sizes[0] = 4), "has length 4"],
      ["below -1", (s) => void (s.sizes[3] = -2), "has length -2"],
      ["shorter than its reach", (s) => void (s.sizes[0] = 0), "misses articles"],
      ["holding articles with no counted term", (s) => void ((s.sizes[4] = 1), (s.lists[4] = [[0, 0.5]])), "misses articles"],
      ["naming no article", (s) => void ((s.lists[1] as [number, number][])[2] = [5, 0.4]), "names article 5"],
      ["naming a negative article", (s) => void ((s.lists[1] as [number, number][])[2] = [-1, 0.4]), "names article -1"],
      ["naming its own article", (s) => void ((s.lists[1] as [number, number][])[2] = [1, 0.4]), "names article 1"],
      ["naming an article twice", (s) => void ((s.lists[1] as [number, number][])[2] = [0, 0.4]), "names article 0"],
      ["with a NaN score", (s) => void ((s.lists[0] as [number, number][])[0] = [1, NaN]), "score NaN"],
      ["with a zero score", (s) => void ((s.lists[0] as [number, number][])[0] = [1, 0]), "score 0"],
      ["with a negative score", (s) => void ((s.lists[0] as [number, number][])[0] = [1, -0.5]), "score -0.5"],
      ["with a score above the cap", (s) => void ((s.lists[0] as [number, number][])[0] = [1, 1.5]), "score 1.5"],
      ["with scores ascending", (s) => void ((s.lists[2] as [number, number][])[1] = [1, 0.95]), "score 0.95"],
      ["with a tie out of id order", (s) => void ((s.lists[1] as [number, number][]).splice(1, 2, [3, 0.4], [2, 0.4])), "ties articles 3 and 2"],
    ];
    for (const [label, edit, reason] of cases) expect(problem(edit), label).toContain(reason);
    // Without a cap (norm "none"), any finite positive score; never an infinite one.
    expect(problem((s) => void ((s.lists[0] as [number, number][])[0] = [1, 1.5]), Number.MAX_VALUE)).toBeNull();
    expect(problem((s) => void ((s.lists[0] as [number, number][])[0] = [1, Infinity]), Number.MAX_VALUE)).toContain("score Infinity");
    for (const width of [0, MAX_WIDTH + 1]) expect(listsProblem(new ListCache(0, width), [], 1, reaches())).toBe(`width ${width}`);
  });

  it("looks up a document's reach only for a list shorter than the width", () => {
    const asked: number[] = [];
    const of = Reach.prototype.of;
    vi.spyOn(Reach.prototype, "of").mockImplementation(function (this: Reach, d: number) {
      asked.push(d);
      return of.call(this, d);
    });
    expect(problem(() => {})).toBeNull();
    // d1 is full and d3 not kept: neither needs its reach.
    expect(asked).toEqual([0, 2, 4]);
  });

  it("gives each document the df of its most common counted term, less one", () => {
    const r = reaches();
    expect([0, 1, 2, 3, 4].map((d) => r.of(d))).toEqual([1, 2, 2, 2, -1]);
    // No counted term at all: every reach is -1.
    const none = reach(new Int32Array([1, 2, 3]), new Uint32Array([0, 1, 3, 4, 5, 6]), new Uint16Array([1, 1, 2, 2, 2, 0]), new Float64Array(3));
    expect([0, 1, 2, 3, 4].map((d) => none.of(d))).toEqual([-1, -1, -1, -1, -1]);
  });
});

describe("scoresProblem", () => {
  const rec = new Recommender().add(loadBrown().slice(0, 120).map((d) => ({ id: d.id, text: d.text })));
  rec.relatedAll();
  const bytes = rec.save({ lists: true });

  it("accepts the index's own scores and refuses one a unit in the last place off in a scored list", () => {
    const decoded = decodeSnapshot(bytes, true);
    const lists = decoded.lists as ListCache;
    const m = matrixFromSnapshot(decoded.options, decoded.arrays, decoded.sums);
    expect(scoresProblem(lists, m)).toBeNull();
    // Article 0's list is always among those scored; its entries in turn, each one ulp lower.
    const bits = new BigInt64Array(lists.scores.buffer, lists.scores.byteOffset, lists.scores.length);
    for (let i = 0; i < (lists.sizes[0] as number); i++) {
      bits[i] = (bits[i] as bigint) - 1n;
      expect(scoresProblem(lists, m), `entry ${i}`).toMatch(/^article 0's list scores article \d+ /);
      bits[i] = (bits[i] as bigint) + 1n;
    }
    expect(scoresProblem(lists, m)).toBeNull();
  });
});
