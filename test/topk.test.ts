import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TopK } from "../src/search/topk.js";

interface Candidate {
  doc: number;
  score: number;
}

/** The specification: full sort by score descending, then id ascending, then the first k. */
function fullSort(cands: readonly Candidate[], ids: readonly string[], k: number): Candidate[] {
  return [...cands]
    .sort((a, b) => b.score - a.score || ((ids[a.doc] as string) < (ids[b.doc] as string) ? -1 : 1))
    .slice(0, k);
}

function select(cands: readonly Candidate[], ids: readonly string[], k: number): Candidate[] {
  const heap = new TopK(k, ids);
  for (const c of cands) heap.push(c.doc, c.score);
  return heap.sorted();
}

// Few distinct scores, so that ties are the rule rather than the exception.
const tiedScore = fc.integer({ min: 0, max: 4 }).map((x) => x / 4);
const anyScore = fc.double({ min: 0, max: 1, noNaN: true }).map((x) => x + 0);

const input = (score: fc.Arbitrary<number>) =>
  fc
    .uniqueArray(fc.string({ minLength: 1, maxLength: 4 }), { minLength: 0, maxLength: 60 })
    .chain((ids) =>
      fc.record({
        ids: fc.constant(ids),
        scores: fc.array(score, { minLength: ids.length, maxLength: ids.length }),
        order: fc.shuffledSubarray(
          ids.map((_, i) => i),
          { minLength: ids.length, maxLength: ids.length },
        ),
        k: fc.integer({ min: 0, max: ids.length + 3 }),
      }),
    );

describe("TopK", () => {
  it("equals a full sort (score desc, id asc) and slice, with many ties", () => {
    fc.assert(
      fc.property(input(tiedScore), ({ ids, scores, order, k }) => {
        const cands = order.map((doc) => ({ doc, score: scores[doc] as number }));
        expect(select(cands, ids, k)).toEqual(fullSort(cands, ids, k));
      }),
      { numRuns: 300 },
    );
  });

  it("equals a full sort and slice for arbitrary scores", () => {
    fc.assert(
      fc.property(input(anyScore), ({ ids, scores, order, k }) => {
        const cands = order.map((doc) => ({ doc, score: scores[doc] as number }));
        expect(select(cands, ids, k)).toEqual(fullSort(cands, ids, k));
      }),
      { numRuns: 200 },
    );
  });

  it("does not depend on the order candidates arrive in", () => {
    fc.assert(
      fc.property(input(tiedScore), ({ ids, scores, order, k }) => {
        const shuffled = order.map((doc) => ({ doc, score: scores[doc] as number }));
        const inOrder = ids.map((_, doc) => ({ doc, score: scores[doc] as number }));
        expect(select(shuffled, ids, k)).toEqual(select(inOrder, ids, k));
      }),
      { numRuns: 100 },
    );
  });

  it("reports -Infinity as threshold while there is room, then the lowest kept score", () => {
    const heap = new TopK(2, ["a", "b", "c"]);
    expect(heap.threshold).toBe(-Infinity);
    heap.push(0, 0.5);
    expect(heap.threshold).toBe(-Infinity);
    heap.push(1, 0.9);
    expect(heap.threshold).toBe(0.5);
    heap.push(2, 0.7);
    expect(heap.threshold).toBe(0.7);
    expect(heap.sorted()).toEqual([
      { doc: 1, score: 0.9 },
      { doc: 2, score: 0.7 },
    ]);
  });

  it("breaks a tie at the boundary in favour of the smaller id", () => {
    const heap = new TopK(1, ["b", "a"]);
    heap.push(0, 0.5);
    heap.push(1, 0.5);
    expect(heap.sorted()).toEqual([{ doc: 1, score: 0.5 }]);
  });

  it("keeps nothing when k is 0", () => {
    const heap = new TopK(0, ["a"]);
    heap.push(0, 1);
    expect(heap.sorted()).toEqual([]);
  });
});
