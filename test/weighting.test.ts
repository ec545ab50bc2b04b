import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dfBound, idfBase, idfOffset, tfWeight, type IdfMode } from "../src/corpus/weighting.js";

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
