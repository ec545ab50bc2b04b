/**
 * The snapshot checksum: a two-lane Fletcher-style sum over 4-byte words that the structure
 * checks of `snapshot.ts` compute in the same loops that read the largest sections.
 */

/** What Fletcher#addAscending returns when the words do not strictly ascend from 0. */
export const NOT_ASCENDING = -2;
/**
 * Long loops run in calls of this many words: V8 (Node 20) runs a loop entered by on-stack
 * replacement about 3x slower than the same loop in a function it optimized whole, and a
 * snapshot is often loaded once per process (measured: 125 vs 40 ms per 86 MB section).
 */
export const CHUNK = 1 << 16;

/**
 * A Fletcher-style running sum over 4-byte little-endian words, `a += w; b += a` (mod 2^32), in
 * two lanes (even and odd word positions, for instruction-level parallelism): any single changed
 * word changes an `a`, and moved words change a `b`. Two additions per word let the structure
 * checks of `decodeSnapshot` sum the sections they read anyway, so a snapshot is read once. Not
 * cryptographic: it detects corruption and truncation, not tampering.
 */
export class Fletcher {
  /** a0, b0 (even words), a1, b1 (odd words): int32 slots, so the sums never box. */
  readonly #s = Int32Array.of(0x9e3779b9 | 0, 0x85ebca6b | 0, 0xc2b2ae35 | 0, 0x27d4eb2f | 0);

  add(words: Int32Array, from: number, to: number): void {
    for (let at = from; at < to; at += CHUNK) this.#add(words, at, Math.min(to, at + CHUNK));
  }

  #add(words: Int32Array, from: number, to: number): void {
    const s = this.#s;
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
   * Adds words[from, to) (a run of at most a posting list or a row) and returns the last one if
   * they strictly ascend from 0 (-1 if there are none), NOT_ASCENDING otherwise.
   */
  addAscending(words: Int32Array, from: number, to: number): number {
    const s = this.#s;
    let a0 = s[0] as number;
    let b0 = s[1] as number;
    let a1 = s[2] as number;
    let b1 = s[3] as number;
    let bad = 0;
    let prev = -1;
    let i = from;
    if (i < to && (i & 1) === 1) {
      prev = words[i] as number;
      a1 = (a1 + prev) | 0;
      b1 = (b1 + a1) | 0;
      bad |= prev < 0 ? 1 : 0;
      i++;
    }
    for (; i + 1 < to; i += 2) {
      const x = words[i] as number;
      const y = words[i + 1] as number;
      a0 = (a0 + x) | 0;
      b0 = (b0 + a0) | 0;
      a1 = (a1 + y) | 0;
      b1 = (b1 + a1) | 0;
      bad |= x <= prev || y <= x ? 1 : 0;
      prev = y;
    }
    if (i < to) {
      const x = words[i] as number;
      a0 = (a0 + x) | 0;
      b0 = (b0 + a0) | 0;
      bad |= x <= prev ? 1 : 0;
      prev = x;
    }
    s[0] = a0;
    s[1] = b0;
    s[2] = a1;
    s[3] = b1;
    return bad === 0 ? prev : NOT_ASCENDING;
  }

  /** Adds float32 bit patterns; 1 if any is not a positive finite float (bits 1 .. 0x7f7fffff). */
  addPositiveFloats(bits: Int32Array, from: number, to: number): number {
    const s = this.#s;
    let a0 = s[0] as number;
    let b0 = s[1] as number;
    let a1 = s[2] as number;
    let b1 = s[3] as number;
    let bad = 0;
    let i = from;
    if (i < to && (i & 1) === 1) {
      const x = bits[i] as number;
      a1 = (a1 + x) | 0;
      b1 = (b1 + a1) | 0;
      bad |= x > 0 && x < 0x7f800000 ? 0 : 1;
      i++;
    }
    for (; i + 1 < to; i += 2) {
      const x = bits[i] as number;
      const y = bits[i + 1] as number;
      a0 = (a0 + x) | 0;
      b0 = (b0 + a0) | 0;
      a1 = (a1 + y) | 0;
      b1 = (b1 + a1) | 0;
      bad |= x > 0 && x < 0x7f800000 && y > 0 && y < 0x7f800000 ? 0 : 1;
    }
    if (i < to) {
      const x = bits[i] as number;
      a0 = (a0 + x) | 0;
      b0 = (b0 + a0) | 0;
      bad |= x > 0 && x < 0x7f800000 ? 0 : 1;
    }
    s[0] = a0;
    s[1] = b0;
    s[2] = a1;
    s[3] = b1;
    return bad;
  }

  /** Mixes the four sums with the length (murmur3's finalizer), so similar files differ widely. */
  digest(length: number): number {
    const s = this.#s;
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
