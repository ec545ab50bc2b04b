/**
 * The checksum of a snapshot: a two-lane Fletcher-style sum over its words, taken by the loops
 * that read them (persist/snapshot-checks.ts), and the rule by which the sums of two runs of words
 * combine into the sum of both, so that a loop may sum two sections side by side.
 */

/**
 * Long loops run in calls of this many words: V8 (Node 20) runs a loop entered by on-stack
 * replacement about 3x slower than the same loop in a function it optimized whole, and a
 * snapshot is often loaded once per process (measured: 125 vs 40 ms per 86 MB section).
 */
export const CHUNK = 1 << 16;

/** The lanes' starting values (any constants: they make a run of zero words count). */
const SEED = [0x9e3779b9 | 0, 0x85ebca6b | 0, 0xc2b2ae35 | 0, 0x27d4eb2f | 0];

/**
 * A Fletcher-style running sum over 4-byte little-endian words, `a += w; b += a` (mod 2^32), in
 * two lanes (words at even and at odd positions, for instruction-level parallelism): any single
 * changed word changes an `a`, and moved words change a `b`. Not cryptographic: it detects
 * corruption and truncation, not tampering.
 *
 * A word's lane is the parity of its index in the array it is added from (snapshot sections
 * start at 8-byte offsets, so a section's own indices have the file's parities).
 */
export class Fletcher {
  /**
   * a0, b0 (even words), a1, b1 (odd words): int32 slots, so the sums never box. The loops that
   * read a section for the structure checks too update them in place (persist/snapshot-rows.ts).
   * @internal
   */
  readonly lanes: Int32Array;

  /** @param from "zero": the sum of a run alone, to be appended to another (see `append`). */
  constructor(from: "seed" | "zero" = "seed") {
    this.lanes = from === "seed" ? Int32Array.from(SEED) : new Int32Array(4);
  }

  /** Adds words[from, to). */
  add(words: Int32Array, from: number, to: number): void {
    for (let at = from; at < to; at += CHUNK) this.#add(words, at, Math.min(to, at + CHUNK));
  }

  #add(words: Int32Array, from: number, to: number): void {
    const s = this.lanes;
    let a0 = s[0] as number;
    let b0 = s[1] as number;
    let a1 = s[2] as number;
    let b1 = s[3] as number;
    let i = from;
    if (i < to && (i & 1) === 1) {
      a1 = (a1 + (words[i] as number)) | 0;
      b1 = (b1 + a1) | 0;
      i++;
    }
    for (; i + 1 < to; i += 2) {
      a0 = (a0 + (words[i] as number)) | 0;
      b0 = (b0 + a0) | 0;
      a1 = (a1 + (words[i + 1] as number)) | 0;
      b1 = (b1 + a1) | 0;
    }
    if (i < to) {
      a0 = (a0 + (words[i] as number)) | 0;
      b0 = (b0 + a0) | 0;
    }
    s[0] = a0;
    s[1] = b0;
    s[2] = a1;
    s[3] = b1;
  }

  /**
   * Continues this sum with a run summed on its own: `run`, started from zero, holds the sums of
   * the words at indices [from, to) (what `add(words, from, to)` would have added here). Over m
   * words x_1..x_m of a lane, `a += x; b += a` leaves a + Σ x_j and b + m a + Σ (m + 1 - j) x_j;
   * the run's own lane holds Σ x_j and Σ (m + 1 - j) x_j, so (as zlib's adler32_combine):
   * a' = a + A, b' = b + m a + B, mod 2^32, with m the run's words of that lane's parity.
   */
  append(run: Fletcher, from: number, to: number): void {
    const s = this.lanes;
    const r = run.lanes;
    // Words at even, and at odd, indices of [from, to) (to < 2^32: indices of a buffer's words).
    const m0 = Math.floor((to + 1) / 2) - Math.floor((from + 1) / 2);
    const m1 = Math.floor(to / 2) - Math.floor(from / 2);
    s[1] = ((s[1] as number) + Math.imul(m0, s[0] as number) + (r[1] as number)) | 0;
    s[0] = ((s[0] as number) + (r[0] as number)) | 0;
    s[3] = ((s[3] as number) + Math.imul(m1, s[2] as number) + (r[3] as number)) | 0;
    s[2] = ((s[2] as number) + (r[2] as number)) | 0;
  }

  /** Mixes the four sums with the length (murmur3's finalizer), so similar files differ widely. */
  digest(length: number): number {
    const s = this.lanes;
    const rotl = (x: number, r: number) => (x << r) | (x >>> (32 - r));
    let h = (s[0] as number) ^ Math.imul(rotl(s[1] as number, 8), 0x85ebca6b) ^ Math.imul(rotl(s[2] as number, 16), 0xc2b2ae35) ^ Math.imul(rotl(s[3] as number, 24), 0x27d4eb2f) ^ length;
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    return h >>> 0;
  }
}

/**
 * Continues `sum` over two runs of n words read side by side, words[from, from + n) then (after
 * words[from + n, then), added here) words[then, then + n), both starting at even indices, from
 * `pairs`: the sums a loop took over them together, by lane (the parity of an index i in
 * [0, n), which is its words' lane in both runs): `S` of x_i + y_i (x from the first run, y from
 * the second), `T` the Fletcher b of those (`T += S` after each), `D` of x_i, for lane 0 then
 * lane 1 (S0, T0, S1, T1, D0, D1). So a loop keeps six running sums, not eight.
 *
 * Why: a run's own b is B = sum (m + 1 - j) v_j over its m words of a lane, and `append` is
 * linear in a run's (A, B); the runs have the same m in each lane, so B_x + B_y = T, which may
 * be given with the first run ((D, T), then (S - D, 0)).
 */
export function appendSideBySide(sum: Fletcher, pairs: ArrayLike<number>, words: Int32Array, from: number, then: number, n: number): void {
  const s0 = pairs[0] as number;
  const t0 = pairs[1] as number;
  const s1 = pairs[2] as number;
  const t1 = pairs[3] as number;
  const d0 = pairs[4] as number;
  const d1 = pairs[5] as number;
  const run = new Fletcher("zero");
  run.lanes.set([d0, t0, d1, t1]);
  sum.append(run, from, from + n);
  sum.add(words, from + n, then);
  run.lanes.set([(s0 - d0) | 0, 0, (s1 - d1) | 0, 0]);
  sum.append(run, then, then + n);
}

/** The checksum of `bytes[0, length)` (a trailing partial word counts one byte per word). */
export function checksum(bytes: Uint8Array, length: number): number {
  const sum = new Fletcher();
  const whole = length >>> 2;
  // Views need 4-byte alignment; an unaligned input is read through a copy.
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice(0, whole * 4);
  sum.add(new Int32Array(aligned.buffer, aligned.byteOffset, whole), 0, whole);
  const tail = new Int32Array(length - whole * 4);
  for (let j = 0; j < tail.length; j++) tail[j] = bytes[whole * 4 + j] as number;
  sum.add(tail, 0, tail.length);
  return sum.digest(length);
}
