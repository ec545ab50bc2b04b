/**
 * (term id, term id) -> the id of their word pair's term (analysis/word-pairs.ts), remembered
 * across articles, so that indexing a pair it has met before costs one probe of a typed array
 * instead of joining two strings and looking the key up in the vocabulary's Map. Open
 * addressing with linear probing, at most half full; a slot is [a, b, id] (a = -1: empty).
 * Compactions renumber terms: `remap` follows them, and forgets pairs whose term left the corpus.
 */

const SLOT = 3;
const EMPTY = -1;

export class PairIds {
  #slots = new Int32Array(SLOT << 12).fill(EMPTY);
  #n = 0;

  /** @param limit pairs remembered before the table starts over (memory bound) */
  constructor(private readonly limit = 2_000_000) {}

  /** Pairs remembered. */
  get size(): number {
    return this.#n;
  }

  /** The id of the pair (a, b), or -1 when it is not remembered. */
  get(a: number, b: number): number {
    const slots = this.#slots;
    const mask = slots.length / SLOT - 1;
    for (let s = hash(a, b) & mask; ; s = (s + 1) & mask) {
      const at = s * SLOT;
      const x = slots[at] as number;
      if (x === EMPTY) return -1;
      if (x === a && slots[at + 1] === b) return slots[at + 2] as number;
    }
  }

  /** Remembers `id` as the pair (a, b)'s (not remembered yet). */
  set(a: number, b: number, id: number): void {
    if (this.#n >= this.limit) this.#clear();
    if ((this.#n + 1) * 2 * SLOT > this.#slots.length) this.#rehash(this.#slots.length * 2);
    this.#place(this.#slots, a, b, id);
    this.#n++;
  }

  /** Follows a renumbering of terms: `terms[old]` is the new id, or -1 for a term that is gone. */
  remap(terms: Int32Array): void {
    const old = this.#slots;
    const slots = new Int32Array(old.length).fill(EMPTY);
    const at = (t: number): number => (t < terms.length ? (terms[t] as number) : -1);
    let n = 0;
    for (let s = 0; s < old.length; s += SLOT) {
      if (old[s] === EMPTY) continue;
      const a = at(old[s] as number);
      const b = at(old[s + 1] as number);
      const id = at(old[s + 2] as number);
      if (a < 0 || b < 0 || id < 0) continue;
      this.#place(slots, a, b, id);
      n++;
    }
    this.#slots = slots;
    this.#n = n;
  }

  #place(slots: Int32Array, a: number, b: number, id: number): void {
    const mask = slots.length / SLOT - 1;
    let s = hash(a, b) & mask;
    while (slots[s * SLOT] !== EMPTY) s = (s + 1) & mask;
    const at = s * SLOT;
    slots[at] = a;
    slots[at + 1] = b;
    slots[at + 2] = id;
  }

  #rehash(length: number): void {
    const old = this.#slots;
    const slots = new Int32Array(length).fill(EMPTY);
    for (let s = 0; s < old.length; s += SLOT) if (old[s] !== EMPTY) this.#place(slots, old[s] as number, old[s + 1] as number, old[s + 2] as number);
    this.#slots = slots;
  }

  #clear(): void {
    this.#slots.fill(EMPTY);
    this.#n = 0;
  }
}

/** A slot hash of two ids (murmur3-style finaliser: the low bits depend on both). */
function hash(a: number, b: number): number {
  let h = Math.imul(a, 0x9e3779b1) ^ b;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return h ^ (h >>> 16);
}
