/**
 * The document store: what the index knows of each article besides its terms. Per document
 * index: the article id, its date, its section, its language and its tags as discrete values
 * (they are also text: a tag's words count in the vector; here "Middle East" is one value), and
 * its title, URL and slug (what a page needs to link to it; never analyzed here).
 * Ranking signals read it (recency, same section, shared tags, same language); templates read
 * the titles and URLs; compaction renumbers it with the matrix; snapshots save it.
 *
 * Strings that repeat across articles (sections, languages, tags) are stored once, in a table of
 * values, and each document holds value numbers: a 100k-article site has a few dozen sections.
 */
import type { CheckedArticle } from "./checked-article.js";
import { CALL, fill, pickLists, tagViews, type StoreArrays } from "./store-arrays.js";
import { NONE, ValueTable } from "./value-table.js";

export { ValueTable, type StoreArrays };

/** Dense document number (see DocTermMatrix); not an article id. */
export type DocIndex = number;

const EMPTY = new Int32Array(0);
const NO_IDS: readonly string[] = Object.freeze([]);

/** What the index keeps of an article besides its terms (see `Recommender#article`): no text. */
export interface StoredArticle {
  id: string;
  title?: string;
  url?: string;
  slug?: string;
  date?: Date;
  section?: string;
  /** Lowercased, as stored. */
  lang?: string;
  /** As discrete values, each once. */
  tags: string[];
  /** The editors' picks, in order. */
  related: string[];
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
  /** Title, URL and slug of each document ("" when none). */
  #titles: string[] = [];
  #urls: string[] = [];
  #slugs: string[] = [];
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

  /** Title of document `d`, or undefined. */
  titleOf(d: DocIndex): string | undefined {
    return this.#titles[d] || undefined;
  }

  /** URL of document `d` (as the article gave it), or undefined. */
  urlOf(d: DocIndex): string | undefined {
    return this.#urls[d] || undefined;
  }

  /** Slug of document `d`, or undefined. */
  slugOf(d: DocIndex): string | undefined {
    return this.#slugs[d] || undefined;
  }

  /** What the store holds of document `d` (a live one), as `Recommender#article` returns it. */
  stored(d: DocIndex): StoredArticle {
    const out: StoredArticle = { id: this.#ids[d] as string, tags: this.tagsOf(d), related: [...this.relatedOf(d)] };
    const title = this.titleOf(d);
    const url = this.urlOf(d);
    const slug = this.slugOf(d);
    const date = this.#dates[d] as number;
    const section = this.sectionOf(d);
    const lang = this.langOf(d);
    if (title !== undefined) out.title = title;
    if (url !== undefined) out.url = url;
    if (slug !== undefined) out.slug = slug;
    if (!Number.isNaN(date)) out.date = new Date(date);
    if (section !== undefined) out.section = section;
    if (lang !== undefined) out.lang = lang;
    return out;
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
    this.#titles[d] = a.title ?? "";
    this.#urls[d] = a.url ?? "";
    this.#slugs[d] = a.slug ?? "";
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
    this.#titles[d] = "";
    this.#urls[d] = "";
    this.#slugs[d] = "";
  }

  /** Renumbers documents after a compaction: `docs[old]` is the new index, or -1 when dropped. */
  renumber(docs: Int32Array, n: number): void {
    const ids: (string | undefined)[] = new Array<string>(n);
    const dates = new Float64Array(Math.max(16, n)).fill(NaN);
    const sections = new Int32Array(Math.max(16, n)).fill(NONE);
    const langs = new Int32Array(Math.max(16, n)).fill(NONE);
    const tags: Int32Array[] = new Array<Int32Array>(n);
    const related: (readonly string[] | undefined)[] = new Array<readonly string[] | undefined>(n);
    const titles = new Array<string>(n).fill("");
    const urls = new Array<string>(n).fill("");
    const slugs = new Array<string>(n).fill("");
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
      titles[d] = this.#titles[old] ?? "";
      urls[d] = this.#urls[old] ?? "";
      slugs[d] = this.#slugs[old] ?? "";
      this.#docOf.set(id, d);
    }
    this.#ids = ids;
    this.#dates = dates;
    this.#sections = sections;
    this.#langs = langs;
    this.#tags = tags;
    this.#related = related;
    this.#titles = titles;
    this.#urls = urls;
    this.#slugs = slugs;
  }

  /**
   * The store of a compacted index (documents 0 .. n-1, all live), as snapshots save it. Only
   * the values some document has are written, renumbered in the table's order (so each
   * document's tags still ascend): a removed article's section or tags are not saved, and an
   * index whose articles were all removed saves as an empty one.
   */
  arrays(n: number): StoreArrays {
    const all = this.#values.values();
    // New number + 1 of each value in use (0: unused).
    const renumber = new Int32Array(all.length);
    const use = (v: number) => {
      if (v !== NONE) renumber[v] = 1;
    };
    const tagPtr = new Uint32Array(n + 1);
    const relatedPtr = new Uint32Array(n + 1);
    for (let d = 0; d < n; d++) {
      const tags = this.#tags[d] ?? EMPTY;
      use(this.#sections[d] as number);
      use(this.#langs[d] as number);
      for (let i = 0; i < tags.length; i++) use(tags[i] as number);
      tagPtr[d + 1] = (tagPtr[d] as number) + tags.length;
      relatedPtr[d + 1] = (relatedPtr[d] as number) + (this.#related[d] ?? NO_IDS).length;
    }
    const values: string[] = [];
    for (let v = 0; v < all.length; v++) if (renumber[v] === 1) renumber[v] = values.push(all[v] as string);
    const number = (v: number) => (v === NONE ? NONE : (renumber[v] as number) - 1);
    const sections = new Int32Array(n);
    const langs = new Int32Array(n);
    const tagValues = new Int32Array(tagPtr[n] as number);
    for (let d = 0; d < n; d++) {
      sections[d] = number(this.#sections[d] as number);
      langs[d] = number(this.#langs[d] as number);
      const tags = this.#tags[d] ?? EMPTY;
      const at = tagPtr[d] as number;
      for (let i = 0; i < tags.length; i++) tagValues[at + i] = number(tags[i] as number);
    }
    const relatedRefs = new Uint32Array(relatedPtr[n] as number);
    const relatedIds: string[] = [];
    const refOf = new Map<string, number>();
    let i = 0;
    for (let d = 0; d < n; d++) {
      for (const id of this.#related[d] ?? NO_IDS) {
        let ref = refOf.get(id);
        if (ref === undefined) {
          ref = relatedIds.push(id) - 1;
          refOf.set(id, ref);
        }
        relatedRefs[i++] = ref;
      }
    }
    return {
      ids: this.#ids.slice(0, n) as string[],
      dates: this.#dates.subarray(0, n),
      sections,
      langs,
      tagPtr,
      tagValues,
      values,
      relatedPtr,
      relatedRefs,
      relatedIds,
      titles: fill(this.#titles, n),
      urls: fill(this.#urls, n),
      slugs: fill(this.#slugs, n),
    };
  }

  /**
   * A store of `ids.length` documents from saved arrays (a snapshot's, checked there). Sections,
   * languages, tags and picks are optional (format 4 has only ids and dates), and so are titles,
   * URLs and slugs (format 6). The tags of each
   * document are views of one copy of `tagValues` (a document without tags shares one empty
   * array): a load makes no array per untagged article. Returns null when two documents share an id.
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
    const tags = new Array<Int32Array>(n).fill(EMPTY);
    const related = new Array<readonly string[] | undefined>(n).fill(undefined);
    const { tagPtr, tagValues, relatedPtr, relatedRefs, relatedIds } = a;
    // Documents in calls of CALL (see there).
    if (tagPtr && tagValues && tagValues.length > 0) {
      const values = tagValues.slice(0, tagPtr[n] as number);
      for (let d = 0; d < n; d += CALL) tagViews(d, Math.min(n, d + CALL), tagPtr, values, tags);
    }
    if (relatedPtr && relatedRefs && relatedIds && relatedRefs.length > 0) {
      for (let d = 0; d < n; d += CALL) pickLists(d, Math.min(n, d + CALL), relatedPtr, relatedRefs, relatedIds, related);
    }
    s.#tags = tags;
    s.#related = related;
    s.#titles = fill(a.titles ?? [], n);
    s.#urls = fill(a.urls ?? [], n);
    s.#slugs = fill(a.slugs ?? [], n);
    for (let d = 0; d < n; d++) s.#docOf.set(a.ids[d] as string, d);
    return s.#docOf.size === n ? s : null;
  }
}
