/**
 * The snapshot checksum (src/persist/checksum.ts): a two-lane Fletcher sum whose runs combine, so that
 * `load` may sum sections side by side. Checked against the plain sum over the same words.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { appendSideBySide, CHUNK, checksum, Fletcher } from "../src/persist/checksum.js";

/** The lanes after adding words[0, n) from the start, the plain way. */
function plain(words: Int32Array, n = words.length): number[] {
  const sum = new Fletcher();
  sum.add(words, 0, n);
  return [...sum.lanes];
}

/** Random int32 words, with lengths around CHUNK now and then (the calls `add` splits into). */
const words = fc.oneof(
  { weight: 4, arbitrary: fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { maxLength: 64 }) },
  { weight: 1, arbitrary: fc.integer({ min: CHUNK - 3, max: CHUNK + 5 }).chain((n) => fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { minLength: n, maxLength: n })) },
).map((a) => Int32Array.from(a));

describe("Fletcher#append", () => {
  it("continues a sum with a run summed on its own, as adding the run's words would (any split, odd or even)", () => {
    fc.assert(
      fc.property(words, fc.nat(), fc.nat(), (w, x, y) => {
        const [from, to] = [x % (w.length + 1), y % (w.length + 1)].sort((a, b) => a - b) as [number, number];
        const sum = new Fletcher();
        sum.add(w, 0, from);
        const run = new Fletcher("zero");
        run.add(w, from, to);
        sum.append(run, from, to);
        sum.add(w, to, w.length);
        expect([...sum.lanes]).toEqual(plain(w));
      }),
      { numRuns: 300 },
    );
  });

  it("splits at chunk boundaries as anywhere else", () => {
    const w = Int32Array.from({ length: 2 * CHUNK + 3 }, (_, i) => Math.imul(i + 1, 0x9e3779b1));
    for (const from of [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK]) {
      const sum = new Fletcher();
      sum.add(w, 0, from);
      const run = new Fletcher("zero");
      run.add(w, from, w.length);
      sum.append(run, from, w.length);
      expect([...sum.lanes]).toEqual(plain(w));
    }
  });
});

describe("appendSideBySide", () => {
  it("continues a sum over two runs from the sums a loop takes over both together", () => {
    fc.assert(
      fc.property(words, fc.nat(20), fc.nat(3), fc.nat(5), (w, half, gap, tail) => {
        // Runs of n words at `from` and `then` (even indices), `gap` words between, `tail` after.
        const from = 2 * half;
        const n = Math.floor(Math.max(0, w.length - from - gap - tail) / 2);
        const then = from + n + gap + ((from + n + gap) % 2);
        if (then + n + tail > w.length) return;
        const end = then + n + tail;
        const pairs = new Int32Array(6);
        for (let i = 0; i < n; i++) {
          const l = 2 * (i % 2);
          pairs[l] = ((pairs[l] as number) + (w[from + i] as number) + (w[then + i] as number)) | 0;
          pairs[l + 1] = ((pairs[l + 1] as number) + (pairs[l] as number)) | 0;
          pairs[4 + (i % 2)] = ((pairs[4 + (i % 2)] as number) + (w[from + i] as number)) | 0;
        }
        const sum = new Fletcher();
        sum.add(w, 0, from);
        appendSideBySide(sum, pairs, w, from, then, n);
        sum.add(w, then + n, end);
        expect([...sum.lanes]).toEqual(plain(w, end));
      }),
      { numRuns: 300 },
    );
  });
});

describe("checksum", () => {
  it("is the format's: the value pinned for these bytes (a trailing partial word counts one byte per word)", () => {
    const bytes = Uint8Array.from({ length: 37 }, (_, i) => (i * 73 + 11) & 0xff);
    expect([checksum(bytes, 37), checksum(bytes, 36), checksum(bytes.subarray(1), 36)]).toEqual(PINNED);
  });
});

/** checksum() of the bytes above as format-4 snapshots have always summed them (cffaa8f), for lengths 37, 36, and 36 from offset 1. */
const PINNED = [2191279101, 634382831, 708950530];
