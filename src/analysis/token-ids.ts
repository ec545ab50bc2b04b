/**
 * Text -> term ids for indexing, without a string per token.
 *
 * The analyzers' tokenizers lowercase the text and match a Unicode regex, which makes one string
 * per token, and the indexer then looked each string up in a Map: at 100k articles that was
 * about half of the build. Here words made only of ASCII are scanned char by char, hashed as
 * they are read and looked up by their char codes in an open-addressing table of typed arrays;
 * a token becomes a string only the first time it is seen. Any other word goes through the
 * analyzer's own `tokens`, so the tokens are exactly the analyzer's. How to read an ASCII word
 * is the analyzer's to say (its `scanRules`: which characters, whether an apostrophe joins, which
 * words an apostrophe elides in French and Italian, which lengths); one without rules has every
 * word go through `tokens`.
 *
 * A token of at most 15 characters (99.9% of English ones) is its own key: each character is 6
 * bits, 5 to an int32, so the scan keeps three ints instead of copying characters and hashing
 * each one, and a lookup compares three ints in one 16-byte slot (no character pool, no entry
 * record). Longer tokens, and any other characters, use a second table that compares characters.
 *
 * Words are cut at ASCII whitespace, which every analyzer allows (see Analyzer.tokens) and is safe
 * for every step of the built-in ones: no lowercasing context (Greek final sigma), Unicode
 * normalization (accent folding), apostrophe look-around or token pattern reaches across it.
 *
 * Tokens longer than the rules' `maxRun` (the default analyzer's MAX_TOKEN_LENGTH) are skipped:
 * the ASCII scan counts a token's characters as it reads them (joining apostrophes not counted, as
 * `tokenize` removes them) and never looks such a token up; any other word gets the analyzer's
 * tokens, which have none. The scan is linear in the text's length: the scan reads a character
 * once, and a few more passes may read it again (its word handed to the analyzer, its token
 * looked up or learned), none of them nested.
 */
import { ELISION_MAX_LENGTH, type Analyzer, type ScanRules } from "./analyzer.js";
import { breaksAt, elisionKey, exactCode, FORGOTTEN, grow, isAsciiAlnum, isAsciiSpace, mix, PER_INT, remapped, spanToken } from "./scan-keys.js";

/** Int32 slots per long-table entry: start in the character pool, length, id, hash. */
const ENTRY = 4;
/** Int32 slots per short-table slot: the three key ints and the id (k0 = 0: empty). */
const SHORT = 4;
/** The longest token with a short key (PER_INT characters to each of three ints). */
const SHORT_MAX = 3 * PER_INT;
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 16777619;

/**
 * Token -> id (-1 for a token the analyzer drops; the learner's numbers otherwise, never -2),
 * remembered across articles.
 * `learn` gives the id of a token seen for the first time (and records its readable word).
 * With `breaks` (word pairs on), a -1 also stands between two words where a pair breaks
 * (analysis/word-pairs.ts): checked at each ASCII whitespace, on the characters beside it.
 */
export class TokenIds {
  /** Term ids of the last `scan`, in token order. */
  out = new Int32Array(1024);

  // Short table: open addressing with linear probing, at most half full; a slot is
  // [k0, k1, k2, id] (see exactCode), so a probe and a hit read one 16-byte record.
  #keys = new Int32Array(SHORT << 12);
  #nShort = 0;

  // Long table, for the rest: a slot is [hash, entry + 1] (0 = empty), so a probe reads one
  // array; an entry is [start in #chars, length, id, hash], then the characters are compared.
  #slots = new Int32Array(2 << 10);
  #entries = new Int32Array(ENTRY << 8);
  #chars = new Uint16Array(1 << 12);
  #nChars = 0;
  #nLong = 0;
  /** The long token being looked up, as the table keeps it (scanned spans lowercased, joining apostrophes dropped). */
  #buf = new Uint16Array(256);

  readonly #rules: Readonly<ScanRules> | null;
  readonly #tokens: (word: string) => string[];
  /** The keys of the rules' elided words (see elisionKey), or null when they have none. */
  readonly #elisions: ReadonlySet<number> | null;

  /**
   * @param analyzer whose tokens to give: its `scanRules` say how to read ASCII words, its
   *   `tokens` splits any other word
   * @param learn the id of a token seen for the first time (-1: the token has no term)
   * @param limit tokens remembered before the tables start over (memory bound)
   * @param breaks also give a -1 where a word pair breaks between two words (see the class comment)
   */
  constructor(
    analyzer: Pick<Analyzer, "scanRules" | "tokens">,
    private readonly learn: (token: string) => number,
    private readonly limit = 1_000_000,
    private readonly breaks = false,
  ) {
    this.#rules = analyzer.scanRules;
    this.#tokens = analyzer.tokens;
    const elisions = analyzer.scanRules?.elisions ?? [];
    this.#elisions = elisions.length === 0 ? null : new Set(elisions.map(elisionKey));
  }

  /** Number of tokens remembered. */
  get size(): number {
    return this.#nShort + this.#nLong;
  }

  /** Scans `text`; the ids are `out[0, count)`. Returns the count. */
  scan(text: string): number {
    const rules = this.#rules;
    if (rules === null) return this.#eachWord(text);
    const { underscore, joinApostrophes, minRun, maxRun } = rules;
    const elisions = this.#elisions;
    const breaks = this.breaks;
    let n = 0;
    // This token is past an inner apostrophe (elided or joined): no elision after that ("l'aujourd'hui").
    let pastApostrophe = false;
    let len = 0;
    let k0 = 0;
    let k1 = 0;
    let k2 = 0;
    let start = 0;
    let wordStart = 0;
    let wordOut = 0;
    const end = text.length;
    for (let i = 0; i <= end; i++) {
      const c = i < end ? text.charCodeAt(i) : 32;
      // The 6-bit code of the lowercased character (exactCode of it, inlined: this loop is the build's hottest).
      const code = c >= 97 && c <= 122 ? c - 96 : c >= 65 && c <= 90 ? c - 64 : c >= 48 && c <= 57 ? c - 21 : c === 95 && underscore ? 37 : 0;
      if (code !== 0) {
        if (len < PER_INT) k0 = (k0 << 6) | code;
        else if (len < 2 * PER_INT) k1 = (k1 << 6) | code;
        else if (len < SHORT_MAX) k2 = (k2 << 6) | code;
        len++;
        continue;
      }
      if (c === 39 && len > 0 && i + 1 < end && isAsciiAlnum(text.charCodeAt(i + 1))) {
        // An elided word ("l'", "qu'") is dropped with its apostrophe: the token starts after it.
        if (elisions !== null && !pastApostrophe && len <= ELISION_MAX_LENGTH && elisions.has(k1 * 2 ** 30 + k0)) {
          len = k0 = k1 = k2 = 0;
          start = i + 1;
          pastApostrophe = true;
          continue;
        }
        if (joinApostrophes) {
          pastApostrophe = true;
          continue;
        }
      }
      if (c >= 128) {
        // Not ASCII: this whole word goes through the analyzer, in place of what it gave so far.
        let j = i + 1;
        while (j < end && !isAsciiSpace(text.charCodeAt(j))) j++;
        n = this.#slowWord(text.slice(wordStart, j), wordOut);
        i = j - 1;
        len = k0 = k1 = k2 = 0;
        pastApostrophe = false;
        continue;
      }
      if (len >= minRun && len <= maxRun) {
        if (n === this.out.length) this.#growOut();
        this.out[n++] = len <= SHORT_MAX ? this.#findShort(k0, k1, k2, text, start, i) : this.#findLong(text, start, i);
      }
      len = k0 = k1 = k2 = 0;
      pastApostrophe = false;
      start = i + 1;
      if (isAsciiSpace(c)) {
        if (breaks && breaksAt(text, i)) n = this.#brk(n);
        wordStart = i + 1;
        wordOut = n;
      }
    }
    return n;
  }

  /**
   * Follows a renumbering (compaction): `map[old]` or `map(old)` is the new id, or -1 for an id
   * that is gone (its token is asked again on its next hit). A function also renumbers ids below
   * -2 (ids are the learner's to choose: only -1, no term, and -2 are reserved).
   */
  remap(map: Int32Array | ((id: number) => number)): void {
    const keys = this.#keys;
    for (let at = 0; at < keys.length; at += SHORT) if (keys[at] !== 0) keys[at + 3] = remapped(keys[at + 3] as number, map);
    const entries = this.#entries;
    for (let at = 0; at < this.#nLong * ENTRY; at += ENTRY) entries[at + 2] = remapped(entries[at + 2] as number, map);
  }

  /** `scan` without rules: every word (cut at ASCII whitespace) through the analyzer's `tokens`. */
  #eachWord(text: string): number {
    let n = 0;
    const end = text.length;
    for (let i = 0; i < end; ) {
      while (i < end && isAsciiSpace(text.charCodeAt(i))) {
        if (this.breaks && breaksAt(text, i)) n = this.#brk(n);
        i++;
      }
      const start = i;
      while (i < end && !isAsciiSpace(text.charCodeAt(i))) i++;
      if (i > start) n = this.#slowWord(text.slice(start, i), n);
    }
    return n;
  }

  /** Appends a break (-1) at `n`; returns the new count. */
  #brk(n: number): number {
    if (n === this.out.length) this.#growOut();
    this.out[n] = -1;
    return n + 1;
  }

  #slowWord(word: string, count: number): number {
    let n = count;
    for (const token of this.#tokens(word)) {
      if (n === this.out.length) this.#growOut();
      this.out[n++] = this.#idOf(token);
    }
    return n;
  }

  /**
   * The id of a token the analyzer gave, as it is (not lowercased, apostrophes kept): in the short
   * table when the scan could have read it (lowercase letters, digits, `_`), else in the long one.
   * A token of the built-in analyzers has no capital or apostrophe, so its key is the scan's.
   */
  #idOf(token: string): number {
    const len = token.length;
    let k0 = 0;
    let k1 = 0;
    let k2 = 0;
    for (let k = 0; k < len && len <= SHORT_MAX; k++) {
      const code = exactCode(token.charCodeAt(k));
      if (code === 0) return this.#findExact(token);
      if (k < PER_INT) k0 = (k0 << 6) | code;
      else if (k < 2 * PER_INT) k1 = (k1 << 6) | code;
      else k2 = (k2 << 6) | code;
    }
    return len > 0 && len <= SHORT_MAX ? this.#findShort(k0, k1, k2, token, 0, len) : this.#findExact(token);
  }

  /** The id of the short token `text[start, end)` with key (k0, k1, k2), learning it when new. */
  #findShort(k0: number, k1: number, k2: number, text: string, start: number, end: number): number {
    const keys = this.#keys;
    const mask = keys.length / SHORT - 1;
    for (let s = mix(k0, k1, k2) & mask; ; s = (s + 1) & mask) {
      const at = s * SHORT;
      const a = keys[at] as number;
      if (a === 0) break;
      if (a === k0 && keys[at + 1] === k1 && keys[at + 2] === k2) {
        const id = keys[at + 3] as number;
        return id === FORGOTTEN ? (keys[at + 3] = this.learn(spanToken(text, start, end))) : id;
      }
    }
    const id = this.learn(spanToken(text, start, end));
    if (this.size >= this.limit) this.#clear();
    this.#insertShort(k0, k1, k2, id);
    return id;
  }

  #insertShort(k0: number, k1: number, k2: number, id: number): void {
    if ((this.#nShort + 1) * 2 * SHORT > this.#keys.length) this.#rehashShort(this.#keys.length * 2);
    const keys = this.#keys;
    const mask = keys.length / SHORT - 1;
    let s = mix(k0, k1, k2) & mask;
    while (keys[s * SHORT] !== 0) s = (s + 1) & mask;
    const at = s * SHORT;
    keys[at] = k0;
    keys[at + 1] = k1;
    keys[at + 2] = k2;
    keys[at + 3] = id;
    this.#nShort++;
  }

  #rehashShort(length: number): void {
    const old = this.#keys;
    this.#keys = new Int32Array(length);
    this.#nShort = 0;
    for (let at = 0; at < old.length; at += SHORT) {
      if (old[at] !== 0) this.#insertShort(old[at] as number, old[at + 1] as number, old[at + 2] as number, old[at + 3] as number);
    }
  }

  /** The id of `text[start, end)` (lowercased, joining apostrophes dropped) in the long table. */
  #findLong(text: string, start: number, end: number): number {
    while (this.#buf.length < end - start) this.#growBuf();
    const buf = this.#buf;
    let len = 0;
    let h = FNV_OFFSET;
    for (let k = start; k < end; k++) {
      let c = text.charCodeAt(k);
      if (c === 39) continue;
      if (c >= 65 && c <= 90) c += 32;
      buf[len++] = c;
      h = Math.imul(h ^ c, FNV_PRIME);
    }
    return this.#find(h, len);
  }

  /** The id of `token`, character for character, in the long table. */
  #findExact(token: string): number {
    const len = token.length;
    while (this.#buf.length < len) this.#growBuf();
    const buf = this.#buf;
    let h = FNV_OFFSET;
    for (let k = 0; k < len; k++) {
      const c = token.charCodeAt(k);
      buf[k] = c;
      h = Math.imul(h ^ c, FNV_PRIME);
    }
    return this.#find(h, len);
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
    if (this.size >= this.limit) this.#clear();
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
    const e = this.#nLong;
    if ((e + 1) * ENTRY > this.#entries.length) this.#entries = grow(this.#entries, this.#entries.length * 2);
    if (this.#nChars + len > this.#chars.length) this.#chars = grow(this.#chars, Math.max(this.#chars.length * 2, this.#nChars + len));
    this.#chars.set(this.#buf.subarray(0, len), this.#nChars);
    const at = e * ENTRY;
    this.#entries[at] = this.#nChars;
    this.#entries[at + 1] = len;
    this.#entries[at + 2] = id;
    this.#entries[at + 3] = h;
    this.#nChars += len;
    this.#nLong = e + 1;
    if (this.#nLong * 4 > this.#slots.length) this.#rehash(this.#slots.length * 2);
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
    for (let e = 0; e < this.#nLong; e++) this.#place(e, this.#entries[e * ENTRY + 3] as number, slots);
    this.#slots = slots;
  }

  #clear(): void {
    this.#keys.fill(0);
    this.#nShort = 0;
    this.#slots.fill(0);
    this.#nLong = 0;
    this.#nChars = 0;
  }

  #growBuf(): void {
    this.#buf = grow(this.#buf, this.#buf.length * 2);
  }

  #growOut(): void {
    this.out = grow(this.out, this.out.length * 2);
  }
}
