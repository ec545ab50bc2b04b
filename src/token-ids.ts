/**
 * Text -> term ids for indexing, without a string per token.
 *
 * The analyzers' tokenizers lowercase the text and match a Unicode regex, which makes one string
 * per token, and the indexer then looked each string up in a Map: at 100k articles that was
 * about half of the build. Here words made only of ASCII are scanned char by char, hashed as
 * they are read and looked up by their char codes in an open-addressing table of typed arrays;
 * a token becomes a string only the first time it is seen. Any other word goes through the
 * analyzer's own `tokens`, so the tokens are exactly the analyzer's.
 *
 * Words are cut at ASCII whitespace, which is safe for every step of both analyzers: no
 * lowercasing context (Greek final sigma), Unicode normalization (accent folding), apostrophe
 * look-around or token pattern reaches across it.
 */

/** How an analyzer cuts ASCII text into tokens (see tokenize.ts). */
export interface ScanRules {
  /** `_` is a token character (scikit-learn's `\w`). */
  underscore: boolean;
  /** An apostrophe between two letters or digits joins them ("don't" -> "dont"). */
  joinApostrophes: boolean;
  /** Shorter runs of token characters are not tokens at all (scikit-learn: 2). */
  minRun: number;
}

export const DEFAULT_RULES: ScanRules = { underscore: false, joinApostrophes: true, minRun: 1 };
export const SKLEARN_RULES: ScanRules = { underscore: true, joinApostrophes: false, minRun: 2 };

/** Int32 slots per table entry: start in the character pool, length, id, hash. */
const ENTRY = 4;
/** A token whose term was forgotten at a compaction: asked again on its next hit. */
const FORGOTTEN = -2;
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 16777619;

const isAsciiSpace = (c: number) => c === 32 || (c >= 9 && c <= 13);

/**
 * Token -> term id (-1 for a token the analyzer drops), remembered across articles.
 * `learn` gives the id of a token seen for the first time (and records its readable word).
 */
export class TokenIds {
  /** Term ids of the last `scan`, in token order. */
  out = new Int32Array(1024);

  // Open addressing with linear probing, at most half full. A slot is [hash, entry + 1]
  // (0 = empty), so a probe reads one array; an entry is [start in #chars, length, id, hash],
  // so a hit reads one 16-byte record and then the characters.
  #slots = new Int32Array(2 << 12);
  #entries = new Int32Array(ENTRY << 10);
  #chars = new Uint16Array(1 << 14);
  #nChars = 0;
  #size = 0;
  /** The token being read, lowercased. */
  #buf = new Uint16Array(256);

  constructor(
    private readonly rules: ScanRules,
    private readonly tokens: (word: string) => string[],
    private readonly learn: (token: string) => number,
    /** Tokens remembered before the table starts over (memory bound). */
    private readonly limit = 1_000_000,
  ) {}

  /** Number of tokens remembered. */
  get size(): number {
    return this.#size;
  }

  /** Scans `text`; the ids are `out[0, count)`. Returns the count. */
  scan(text: string): number {
    const { underscore, joinApostrophes, minRun } = this.rules;
    let n = 0;
    let len = 0;
    let h = FNV_OFFSET;
    let wordStart = 0;
    let wordOut = 0;
    let buf: Uint16Array = this.#buf;
    const end = text.length;
    for (let i = 0; i <= end; i++) {
      let c = i < end ? text.charCodeAt(i) : 32;
      if (c >= 65 && c <= 90) c += 32;
      if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c === 95 && underscore)) {
        if (len === buf.length) buf = this.#growBuf();
        buf[len++] = c;
        h = Math.imul(h ^ c, FNV_PRIME);
        continue;
      }
      if (c === 39 && joinApostrophes && len > 0 && i + 1 < end && isAsciiAlnum(text.charCodeAt(i + 1))) continue;
      if (c >= 128) {
        // Not ASCII: this whole word goes through the analyzer; drop what it gave so far.
        n = wordOut;
        let j = i + 1;
        while (j < end && !isAsciiSpace(text.charCodeAt(j))) j++;
        n = this.#slowWord(text.slice(wordStart, j), n);
        // A long token there may have grown the buffer.
        buf = this.#buf;
        i = j - 1;
        len = 0;
        h = FNV_OFFSET;
        continue;
      }
      if (len >= minRun) {
        if (n === this.out.length) this.#growOut();
        this.out[n++] = this.#find(h, len);
      }
      len = 0;
      h = FNV_OFFSET;
      if (isAsciiSpace(c)) {
        wordStart = i + 1;
        wordOut = n;
      }
    }
    return n;
  }

  /** Follows a renumbering of term ids (compaction): `map[old]` is the new id or -1. */
  remap(map: Int32Array): void {
    const entries = this.#entries;
    for (let e = 0; e < this.#size; e++) {
      const id = entries[e * ENTRY + 2] as number;
      if (id < 0) continue;
      const next = map[id] as number;
      // A term that left the corpus is forgotten; it gets a fresh id if it comes back.
      entries[e * ENTRY + 2] = next < 0 ? FORGOTTEN : next;
    }
  }

  #slowWord(word: string, count: number): number {
    let n = count;
    for (const token of this.tokens(word)) {
      let h = FNV_OFFSET;
      const len = token.length;
      while (this.#buf.length < len) this.#growBuf();
      for (let k = 0; k < len; k++) {
        const c = token.charCodeAt(k);
        this.#buf[k] = c;
        h = Math.imul(h ^ c, FNV_PRIME);
      }
      if (n === this.out.length) this.#growOut();
      this.out[n++] = this.#find(h, len);
    }
    return n;
  }

  /** The id of the token in `#buf[0, len)` with hash `h`, learning it when new. */
  #find(h: number, len: number): number {
    const slots = this.#slots;
    const mask = (slots.length >>> 1) - 1;
    let s = h & mask;
    for (;;) {
      const e = (slots[2 * s + 1] as number) - 1;
      if (e < 0) break;
      if (slots[2 * s] === h) {
        const entries = this.#entries;
        const at = e * ENTRY;
        if (entries[at + 1] === len && this.#same(entries[at] as number, len)) {
          const id = entries[at + 2] as number;
          return id === FORGOTTEN ? (entries[at + 2] = this.learn(this.#token(len))) : id;
        }
      }
      s = (s + 1) & mask;
    }
    const id = this.learn(this.#token(len));
    if (this.#size >= this.limit) this.#clear();
    this.#insert(h, len, id);
    return id;
  }

  #same(start: number, len: number): boolean {
    const chars = this.#chars;
    const buf = this.#buf;
    for (let k = 0; k < len; k++) if (chars[start + k] !== buf[k]) return false;
    return true;
  }

  #token(len: number): string {
    let s = "";
    for (let k = 0; k < len; k += 4096) s += String.fromCharCode(...this.#buf.subarray(k, Math.min(len, k + 4096)));
    return s;
  }

  #insert(h: number, len: number, id: number): void {
    const e = this.#size;
    if ((e + 1) * ENTRY > this.#entries.length) this.#entries = grow(this.#entries, this.#entries.length * 2);
    if (this.#nChars + len > this.#chars.length) this.#chars = grow(this.#chars, Math.max(this.#chars.length * 2, this.#nChars + len));
    this.#chars.set(this.#buf.subarray(0, len), this.#nChars);
    const at = e * ENTRY;
    this.#entries[at] = this.#nChars;
    this.#entries[at + 1] = len;
    this.#entries[at + 2] = id;
    this.#entries[at + 3] = h;
    this.#nChars += len;
    this.#size = e + 1;
    if (this.#size * 4 > this.#slots.length) this.#rehash(this.#slots.length * 2);
    else this.#place(e, h, this.#slots);
  }

  #place(e: number, h: number, slots: Int32Array): void {
    const mask = (slots.length >>> 1) - 1;
    let s = h & mask;
    while (slots[2 * s + 1] !== 0) s = (s + 1) & mask;
    slots[2 * s] = h;
    slots[2 * s + 1] = e + 1;
  }

  #rehash(length: number): void {
    const slots = new Int32Array(length);
    for (let e = 0; e < this.#size; e++) this.#place(e, this.#entries[e * ENTRY + 3] as number, slots);
    this.#slots = slots;
  }

  #clear(): void {
    this.#slots.fill(0);
    this.#size = 0;
    this.#nChars = 0;
  }

  #growBuf(): Uint16Array {
    this.#buf = grow(this.#buf, this.#buf.length * 2);
    return this.#buf;
  }

  #growOut(): void {
    this.out = grow(this.out, this.out.length * 2);
  }
}

function isAsciiAlnum(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
}

function grow<T extends Int32Array | Uint16Array>(a: T, size: number): T {
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}
