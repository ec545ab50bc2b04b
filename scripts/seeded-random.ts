// Seeded randomness shared by the eval scripts and the benches: a sample drawn here is the same on
// every machine, so a figure can be reproduced from its seed.

// PRNG: mulberry32 (32-bit state, passes the tests that matter here, tiny and fast).

/** A uniform [0, 1) generator from a 32-bit seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
