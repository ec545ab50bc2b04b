/**
 * The document store: what the index knows of each article besides its terms. Per document
 * index: the article id, its date, its section, its language and its tags as discrete values
 * (they are also text: a tag's words count in the vector; here "Middle East" is one value).
 * Ranking signals read it (recency, same section, shared tags, same language); compaction
 * renumbers it with the matrix; snapshots save it.
 *
 * Strings that repeat across articles (sections, languages, tags) are stored once, in a table of
 * values, and each document holds value numbers: a 100k-article site has a few dozen sections.
 */
import type { CheckedArticle } from "../validate.js";

/** Dense document number (see DocTermMatrix); not an article id. */
export type DocIndex = number;

/** No section or language. */
const NONE = -1;
const EMPTY = new Int32Array(0);
const NO_IDS: readonly string[] = Object.freeze([]);

/** Strings stored once each, numbered in order of arrival. */
export class ValueTable {
  readonly #values: string[] = [];
  readonly #number = new Map<string, number>();

  /** The number of `value`, given one if new. */
  intern(value: string): number {
    let n = this.#number.get(value);
    if (n === undefined) {
      n = this.#values.length;
      this.#values.push(value);
      this.#number.set(value, n);
    }
    return n;
  }

  /** The number of `value`, or -1 when no article has it. */
  numberOf(value: string): number {
    return this.#number.get(value) ?? NONE;
  }

  valueOf(n: number): string | undefined {
    return this.#values[n];
  }

  /** Every value, by number. */
  values(): readonly string[] {
    return this.#values;
  }
}

/** The store's arrays, as snapshots save them. */
export interface StoreArrays {
  /** Article id of each document (all documents live: the store is compacted). */
  ids: string[];
  /** Epoch milliseconds, NaN when undated. */
  dates: Float64Array;
  /** Value number of each document's section, -1 when none. */
  sections: Int32Array;
  /** Value number of each document's language, -1 when none. */
  langs: Int32Array;
  /** Tags of document d: values tagValues[tagPtr[d] .. tagPtr[d+1]), ascending. */
  tagPtr: Uint32Array;
  tagValues: Int32Array;
  /** The table of section, language and tag strings. */
  values: readonly string[];
}

function grow<T extends Float64Array | Int32Array>(a: T, need: number, fill: number): T {
  if (a.length >= need) return a;
  const b = new (a.constructor as new (n: number) => T)(Math.max(need, 2 * a.length, 16));
  b.fill(fill);
  b.set(a);
  return b;
}

export class DocStore {
  /** Article id of each document index; undefined once removed. */
  #ids: (string | undefined)[] = [];
  #dates = new Float64Array(16).fill(NaN);
  #sections = new Int32Array(16).fill(NONE);
  #langs = new Int32Array(16).fill(NONE);
  #tags: Int32Array[] = [];
  /** Editors' picks of each document (article ids, in order), undefined when none. */
  #related: (readonly string[] | undefined)[] = [];
  #docOf = new Map<string, DocIndex>();
  #values = new ValueTable();

  /** Number of live articles. */
  get size(): number {
    return this.#docOf.size;
  }

  has(id: string): boolean {
    return this.#docOf.has(id);
  }

  /** The document of article `id`, or undefined. */
  docOf(id: string): DocIndex | undefined {
    return this.#docOf.get(id);
  }

  /** Live article ids, in insertion order (an update moves an article to the end). */
  articleIds(): string[] {
    return [...this.#docOf.keys()];
  }

  /** Article id of each document index (undefined for removed ones): results and tie-breaks read it. */
  get ids(): readonly (string | undefined)[] {
    return this.#ids;
  }

  /** Date of each document index (epoch ms, NaN when undated). */
  get dates(): Float64Array {
    return this.#dates;
  }

  /** Section of document `d`, or undefined. */
  sectionOf(d: DocIndex): string | undefined {
    const n = this.#sections[d] as number;
    return n === NONE ? undefined : this.#values.valueOf(n);
  }

  /** Language of document `d` (its `lang`), or undefined. */
  langOf(d: DocIndex): string | undefined {
    const n = this.#langs[d] as number;
    return n === NONE ? undefined : this.#values.valueOf(n);
  }

  /** Tags of document `d` as discrete values, in the order of the value table. */
  tagsOf(d: DocIndex): string[] {
    const tags = this.#tags[d] ?? EMPTY;
    return Array.from(tags, (n) => this.#values.valueOf(n) as string);
  }

  /** Value numbers of document `d`'s tags, ascending (signals compare them by merging). */
  tagNumbers(d: DocIndex): Int32Array {
    return this.#tags[d] ?? EMPTY;
  }

  /** Ids an editor picked for document `d`'s list, in order (possibly not in the index). */
  relatedOf(d: DocIndex): readonly string[] {
    return this.#related[d] ?? NO_IDS;
  }

  /** The table of section, language and tag values. */
  get values(): ValueTable {
    return this.#values;
  }

  /** Stores article `a` as document `d` (the next document index). */
  add(d: DocIndex, a: CheckedArticle): void {
    this.#ids[d] = a.id;
    this.#dates = grow(this.#dates, d + 1, NaN);
    this.#sections = grow(this.#sections, d + 1, NONE);
    this.#langs = grow(this.#langs, d + 1, NONE);
    this.#dates[d] = a.date;
    this.#sections[d] = a.section === undefined ? NONE : this.#values.intern(a.section);
    this.#langs[d] = a.lang === undefined ? NONE : this.#values.intern(a.lang);
    this.#tags[d] = a.tags && a.tags.length > 0 ? this.#tagSet(a.tags) : EMPTY;
    this.#related[d] = a.related && a.related.length > 0 ? Object.freeze(a.related.slice()) : undefined;
    this.#docOf.set(a.id, d);
  }

  #tagSet(tags: readonly string[]): Int32Array {
    const numbers = new Set<number>();
    for (const tag of tags) if (tag !== "") numbers.add(this.#values.intern(tag));
    return Int32Array.from(numbers).sort();
  }

  /** Forgets document `d` (its slot stays until the next renumbering). */
  remove(d: DocIndex): void {
    const id = this.#ids[d];
    if (id !== undefined) this.#docOf.delete(id);
    this.#ids[d] = undefined;
    this.#related[d] = undefined;
  }

  /** Renumbers documents after a compaction: `docs[old]` is the new index, or -1 when dropped. */
  renumber(docs: Int32Array, n: number): void {
    const ids: (string | undefined)[] = new Array<string>(n);
    const dates = new Float64Array(Math.max(16, n)).fill(NaN);
    const sections = new Int32Array(Math.max(16, n)).fill(NONE);
    const langs = new Int32Array(Math.max(16, n)).fill(NONE);
    const tags: Int32Array[] = new Array<Int32Array>(n);
    const related: (readonly string[] | undefined)[] = new Array<readonly string[] | undefined>(n);
    this.#docOf.clear();
    for (let old = 0; old < docs.length; old++) {
      const d = docs[old] as number;
      if (d < 0) continue;
      const id = this.#ids[old] as string;
      ids[d] = id;
      dates[d] = this.#dates[old] as number;
      sections[d] = this.#sections[old] as number;
      langs[d] = this.#langs[old] as number;
      tags[d] = this.#tags[old] ?? EMPTY;
      related[d] = this.#related[old];
      this.#docOf.set(id, d);
    }
    this.#ids = ids;
    this.#dates = dates;
    this.#sections = sections;
    this.#langs = langs;
    this.#tags = tags;
    this.#related = related;
  }

  /** The store of a compacted index (documents 0 .. n-1, all live), as snapshots save it. */
  arrays(n: number): StoreArrays {
    const tagPtr = new Uint32Array(n + 1);
    for (let d = 0; d < n; d++) tagPtr[d + 1] = (tagPtr[d] as number) + (this.#tags[d] ?? EMPTY).length;
    const tagValues = new Int32Array(tagPtr[n] as number);
    for (let d = 0; d < n; d++) tagValues.set(this.#tags[d] ?? EMPTY, tagPtr[d] as number);
    return {
      ids: this.#ids.slice(0, n) as string[],
      dates: this.#dates.subarray(0, n),
      sections: this.#sections.subarray(0, n),
      langs: this.#langs.subarray(0, n),
      tagPtr,
      tagValues,
      values: this.#values.values(),
    };
  }

  /**
   * A store of `ids.length` documents from saved arrays (a snapshot's). Sections, languages and
   * tags are optional (format 4 has only ids and dates). Returns null when two documents share an id.
   */
  static restore(a: Pick<StoreArrays, "ids" | "dates"> & Partial<StoreArrays>): DocStore | null {
    const s = new DocStore();
    const n = a.ids.length;
    for (const v of a.values ?? []) s.#values.intern(v);
    s.#ids = a.ids.slice();
    s.#dates = new Float64Array(Math.max(16, n)).fill(NaN);
    s.#dates.set(a.dates.subarray(0, n));
    s.#sections = new Int32Array(Math.max(16, n)).fill(NONE);
    s.#langs = new Int32Array(Math.max(16, n)).fill(NONE);
    if (a.sections) s.#sections.set(a.sections.subarray(0, n));
    if (a.langs) s.#langs.set(a.langs.subarray(0, n));
    s.#tags = new Array<Int32Array>(n);
    for (let d = 0; d < n; d++) {
      s.#tags[d] = a.tagPtr && a.tagValues ? a.tagValues.slice(a.tagPtr[d] as number, a.tagPtr[d + 1] as number) : EMPTY;
      s.#docOf.set(a.ids[d] as string, d);
    }
    return s.#docOf.size === n ? s : null;
  }
}
