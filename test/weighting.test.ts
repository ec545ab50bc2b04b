import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bm25LengthFactor, bm25Weight, dfBound, idfBase, idfOffset, tfWeight, type IdfMode } from "../src/corpus/weighting.js";

const idf = (n: number, df: number, mode: IdfMode) => idfBase(n, mode) - idfOffset(df, mode);

describe("tfWeight", () => {
  it("returns the count itself for raw tf", () => {
    expect(tfWeight(1, "raw")).toBe(1);
    expect(tfWeight(7, "raw")).toBe(7);
    expect(tfWeight(2.5, "raw")).toBe(2.5);
  });

  it("returns 1 + ln(count) for sublinear tf", () => {
    expect(tfWeight(1, "sublinear")).toBe(1);
    expect(tfWeight(Math.E, "sublinear")).toBeCloseTo(2, 15);
    // 1 + ln 10, worked out by hand.
    expect(tfWeight(10, "sublinear")).toBeCloseTo(3.302585092994046, 14);
    expect(tfWeight(3, "sublinear")).toBeCloseTo(2.09861228866811, 14);
  });

  it("never goes below the count's own value for fractional counts (field weights below 1)", () => {
    expect(tfWeight(0.5, "sublinear")).toBe(0.5);
    expect(tfWeight(0.25, "raw")).toBe(0.25);
  });

  it("is positive and non-decreasing in the count", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 10, noNaN: true }), (c, extra) => {
        for (const mode of ["raw", "sublinear"] as const) {
          expect(tfWeight(c, mode)).toBeGreaterThan(0);
          expect(tfWeight(c + extra, mode)).toBeGreaterThanOrEqual(tfWeight(c, mode));
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe("bm25Weight", () => {
  const bm25 = (c: number, length: number, k1: number, b: number, avgLength: number) => bm25Weight(c, k1, bm25LengthFactor(length, { k1, b, avgLength }));

  it("is c (k1 + 1) / (c + k1 (1 - b + b dl / avgLength))", () => {
    // k1 1.2, b 0.75, dl = avgLength: factor 1.2; c = 2: 2 * 2.2 / 3.2 = 1.375.
    expect(bm25(2, 100, 1.2, 0.75, 100)).toBeCloseTo(1.375, 15);
    // dl twice the pivot: factor 1.2 * (0.25 + 1.5) = 2.1; c = 3: 3 * 2.2 / 5.1.
    expect(bm25(3, 200, 1.2, 0.75, 100)).toBeCloseTo(6.6 / 5.1, 15);
    // k1 2, b 0.5, dl 50 of 200: factor 2 * (0.5 + 0.125) = 1.25; c = 1: 3 / 2.25.
    expect(bm25(1, 50, 2, 0.5, 200)).toBeCloseTo(3 / 2.25, 15);
  });

  it("is 1 for a single occurrence in an article of the pivot length", () => {
    for (const k1 of [0.5, 1.2, 2]) for (const b of [0, 0.5, 1]) expect(bm25(1, 300, k1, b, 300)).toBeCloseTo(1, 15);
  });

  it("ignores the length when b is 0, and is 1 for every count when k1 is 0", () => {
    expect(bm25(4, 10, 1.2, 0, 100)).toBe(bm25(4, 10_000, 1.2, 0, 100));
    expect(bm25(4, 10, 1.2, 0, 100)).toBeCloseTo((4 * 2.2) / 5.2, 15);
    for (const c of [0.5, 1, 7, 1e6]) expect(bm25(c, 1234, 0, 0.75, 100)).toBe(1);
  });

  it("is positive, below k1 + 1, rising in the count and falling in the length when b > 0", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-6, max: 1e6, noNaN: true }),
        fc.double({ min: 0.01, max: 1e4, noNaN: true }),
        fc.double({ min: 0.01, max: 1000, noNaN: true }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        fc.double({ min: 1, max: 1e6, noNaN: true }),
        (c, length, k1, b, avgLength) => {
          const dl = Math.max(length, c);
          const w = bm25(c, dl, k1, b, avgLength);
          expect(w).toBeGreaterThan(0);
          expect(w).toBeLessThanOrEqual(k1 + 1);
          expect(bm25(c * 2, dl, k1, b, avgLength)).toBeGreaterThanOrEqual(w);
          expect(bm25(c, dl * 2, k1, b, avgLength)).toBeLessThanOrEqual(w);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("idf", () => {
  it("smooth idf is ln((1 + n) / (1 + df)) + 1", () => {
    // n = 4, df = 1: ln(5 / 2) + 1
    expect(idf(4, 1, "smooth")).toBeCloseTo(1.916290731874155, 14);
    // n = 4, df = 4: ln(5 / 5) + 1 = 1
    expect(idf(4, 4, "smooth")).toBeCloseTo(1, 14);
    // n = 1000, df = 9: ln(1001 / 10) + 1
    expect(idf(1000, 9, "smooth")).toBeCloseTo(5.6061696863211745, 13);
  });

  it("plain idf is ln(n / df) + 1", () => {
    expect(idf(4, 1, "plain")).toBeCloseTo(2.386294361119891, 14);
    expect(idf(4, 2, "plain")).toBeCloseTo(1.6931471805599454, 14);
    expect(idf(4, 4, "plain")).toBeCloseTo(1, 14);
  });

  it("idf none is 1 for every term", () => {
    expect(idfBase(123, "none")).toBe(1);
    expect(idfOffset(17, "none")).toBe(0);
  });

  it("equals the closed formulas for any corpus size and document frequency", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, frac) => {
        const df = Math.max(1, Math.round(frac * n));
        expect(idf(n, df, "smooth")).toBeCloseTo(Math.log((1 + n) / (1 + df)) + 1, 10);
        expect(idf(n, df, "plain")).toBeCloseTo(Math.log(n / df) + 1, 10);
        expect(idf(n, df, "none")).toBe(1);
        expect(idf(n, df, "smooth")).toBeGreaterThanOrEqual(1 - 1e-12);
        expect(idf(n, df, "plain")).toBeGreaterThanOrEqual(1 - 1e-12);
      }),
      { numRuns: 100 },
    );
  });

  it("gives rarer terms a larger idf", () => {
    for (const mode of ["smooth", "plain"] as const) {
      expect(idf(100, 1, mode)).toBeGreaterThan(idf(100, 2, mode));
      expect(idf(100, 2, mode)).toBeGreaterThan(idf(100, 50, mode));
    }
  });
});

describe("dfBound", () => {
  it("reads a value strictly between 0 and 1 as a fraction of the corpus", () => {
    expect(dfBound(0.5, 10)).toBe(5);
    expect(dfBound(0.25, 8)).toBe(2);
    expect(dfBound(0.5, 3)).toBe(1.5);
  });

  it("reads 0, 1 and larger values as document counts", () => {
    expect(dfBound(0, 10)).toBe(0);
    expect(dfBound(1, 10)).toBe(1);
    expect(dfBound(2, 10)).toBe(2);
    expect(dfBound(50, 10)).toBe(50);
    expect(dfBound(Infinity, 10)).toBe(Infinity);
  });
});
