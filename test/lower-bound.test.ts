// The one binary search and its guessed start: the same answer from any guess.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lowerBound, lowerBoundNear } from "../src/corpus/lower-bound.js";

describe("lowerBoundNear", () => {
  it("equals lowerBound for any sorted array, range, value and guess", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 80 }),
        fc.nat(),
        fc.nat(),
        fc.integer({ min: -2, max: 62 }),
        fc.integer({ min: -5, max: 90 }),
        (xs, a, b, value, guess) => {
          const arr = Uint32Array.from(xs.sort((x, y) => x - y));
          const lo = arr.length === 0 ? 0 : a % (arr.length + 1);
          const hi = lo + (arr.length - lo === 0 ? 0 : b % (arr.length - lo + 1));
          expect(lowerBoundNear(arr, lo, hi, value, guess)).toBe(lowerBound(arr, lo, hi, value));
        },
      ),
      { numRuns: 5000, seed: 1 },
    );
  });
});
