/**
 * Article -> sparse row of tf weights. Field weights multiply each field's term counts before tf,
 * so with `{ title: 1, text: 1 }` an article counts exactly as `title + "\n" + text` would.
 * Under tf "bm25" the row's length dl is the sum of those counts over all the article's terms,
 * added in first-seen order (weighting.ts): a draft's unknown terms count too, so a draft with an
 * indexed article's text gets that article's weights.
 */
import type { SparseRow } from "./matrix.js";
import type { Analyzer } from "../analysis/analyzer.js";
import { TokenIds } from "../analysis/token-ids.js";
import type { Vocabulary } from "./vocabulary.js";
import { bm25LengthFactor, bm25Weight, tfWeight, type Bm25Params, type TfMode } from "./weighting.js";

/** What vectorizing reads of the options (the Recommender's resolved options are one). */
export interface VectorizeOptions {
  readonly tf: TfMode;
  /** BM25's parameters: read under tf "bm25", where resolved options always carry them. */
  readonly k1?: number;
  readonly b?: number;
  readonly avgLength?: number;
  readonly fields: Readonly<{ title: number; text: number; tags: number }>;
}

/** BM25's parameters under tf "bm25", null under the other tf modes. */
function bm25Of(options: VectorizeOptions): Bm25Params | null {
  if (options.tf !== "bm25") return null;
  const { k1, b, avgLength } = options;
  if (k1 === undefined || b === undefined || avgLength === undefined) throw new TypeError('tf "bm25" needs k1, b and avgLength');
  return { k1, b, avgLength };
}

/**
 * The smallest tf weight a stored term can have (float32 storage may round it down a little), or
 * 0 when there is none above 0. A term counts at least once in a field, so its count is at least
 * the smallest field weight in use, and every tf weight grows with the count. Under bm25 with
 * b > 0 a weight also falls as its article grows, with no floor: 0.
 */
export function minTfWeight(options: VectorizeOptions): number {
  const { title, text, tags } = options.fields;
  const least = Math.min(...[title, text, tags].filter((w) => w > 0));
  if (!Number.isFinite(least)) return 0;
  const bm25 = bm25Of(options);
  if (bm25 === null) return tfWeight(least, options.tf as Exclude<TfMode, "bm25">) * (1 - 1e-6);
  return bm25.b === 0 ? bm25Weight(least, bm25.k1, bm25LengthFactor(0, bm25)) * (1 - 1e-6) : 0;
}

/** The text fields of an article (or of a draft passed to `recommendText`). */
export interface ArticleText {
  /** Title, weighted by `fields.title`. */
  title?: string;
  /** Body text. */
  text: string;
  /** Tags, each analyzed as text (weighted by `fields.tags`). */
  tags?: readonly string[];
}

/** Calls `visit(text, weight)` for each weighted field, in a fixed order. */
function eachField(article: ArticleText, options: VectorizeOptions, visit: (text: string, weight: number) => void): void {
  const { fields } = options;
  if (article.title && fields.title !== 0) visit(article.title, fields.title);
  if (article.text && fields.text !== 0) visit(article.text, fields.text);
  // Each tag is analyzed like text, so the tag "Middle East" meets "middle" and "east" in bodies.
  if (article.tags && fields.tags !== 0) for (const tag of article.tags) if (tag) visit(tag, fields.tags);
}

/** Sorts the counted term ids and turns counts into tf weights (`weigh`). */
function toRow(counts: Map<number, number>, weigh: (count: number) => number): SparseRow {
  const terms = Uint32Array.from(counts.keys()).sort();
  const weights = new Float32Array(terms.length);
  for (let i = 0; i < terms.length; i++) weights[i] = weigh(counts.get(terms[i] as number) as number);
  return { terms, weights };
}

/**
 * The row of a draft (a query that is not indexed): terms the vocabulary has never seen are
 * ignored (under bm25 they count in the length), and nothing is recorded.
 */
export function vectorizeQuery(article: ArticleText, analyze: Analyzer, options: VectorizeOptions, vocab: Vocabulary): SparseRow {
  const bm25 = bm25Of(options);
  if (bm25 !== null) return bm25Query(article, analyze, options, vocab, bm25);
  const counts = new Map<number, number>();
  eachField(article, options, (text, weight) => {
    for (const term of analyze(text)) {
      const id = vocab.idOf(term);
      if (id >= 0) counts.set(id, (counts.get(id) ?? 0) + weight);
    }
  });
  const tf = options.tf as Exclude<TfMode, "bm25">;
  return toRow(counts, (c) => tfWeight(c, tf));
}

/** `vectorizeQuery` under tf "bm25": every term counted (by term, first-seen order, as RowBuilder adds a length), then the known ones kept. */
function bm25Query(article: ArticleText, analyze: Analyzer, options: VectorizeOptions, vocab: Vocabulary, bm25: Bm25Params): SparseRow {
  const all = new Map<string, number>();
  eachField(article, options, (text, weight) => {
    for (const term of analyze(text)) all.set(term, (all.get(term) ?? 0) + weight);
  });
  let length = 0;
  for (const c of all.values()) length += c;
  const factor = bm25LengthFactor(length, bm25);
  const counts = new Map<number, number>();
  for (const [term, c] of all) {
    const id = vocab.idOf(term);
    if (id >= 0) counts.set(id, c);
  }
  return toRow(counts, (c) => bm25Weight(c, bm25.k1, factor));
}

/** Entries per chunk of row arrays. */
const CHUNK = 1 << 16;

/**
 * Row arrays carved out of shared chunks. Two ArrayBuffers per article (each malloc'd outside the
 * heap, then swept by the GC) cost more than filling them; views into one chunk per ~300 rows do
 * not. A chunk is freed once the last row in it is dropped (rows live until the next compaction).
 */
class RowArrays {
  #terms = new Uint32Array(0);
  #weights = new Float32Array(0);
  #used = 0;

  /** Arrays for a row of `n` entries. */
  take(n: number): SparseRow {
    if (this.#used + n > this.#terms.length) {
      this.#terms = new Uint32Array(Math.max(CHUNK, n));
      this.#weights = new Float32Array(Math.max(CHUNK, n));
      this.#used = 0;
    }
    const at = this.#used;
    this.#used = at + n;
    return { terms: this.#terms.subarray(at, at + n), weights: this.#weights.subarray(at, at + n) };
  }
}

/**
 * Builds the rows of articles being indexed: per token, one lookup in a table of term ids that
 * is remembered across articles (see analysis/token-ids.ts), and a typed-array count.
 */
export class RowBuilder {
  #tokenIds: TokenIds;
  #counts = new Float64Array(1024);
  /** Distinct term ids of the article being built, in first-seen order, and how many. */
  #ids: Uint32Array = new Uint32Array(1024);
  #n = 0;
  #arrays = new RowArrays();
  /** BM25's parameters under tf "bm25", else null. */
  readonly #bm25: Bm25Params | null;
  /** eachField's visitor, made once (not a closure per article). */
  readonly #visit = (text: string, weight: number): void => this.#count(text, weight);

  constructor(
    private readonly analyze: Analyzer,
    private readonly options: VectorizeOptions,
    private readonly vocab: Vocabulary,
  ) {
    this.#tokenIds = new TokenIds(analyze, (token) => this.#learn(token));
    this.#bm25 = bm25Of(options);
  }

  /** The row of an article, its terms in first-seen order (see DocTermMatrix.addDoc). */
  row(article: ArticleText): SparseRow {
    // Counted into reused typed arrays; the row itself is two views into shared chunks.
    this.#n = 0;
    eachField(article, this.options, this.#visit);
    const n = this.#n;
    // First-seen order: the matrix sorts a row only if a query needs it before compaction.
    const row = this.#arrays.take(n);
    if (this.#bm25 !== null) return this.#bm25Row(row, n, this.#bm25);
    const tf = this.options.tf as Exclude<TfMode, "bm25">;
    const { terms, weights } = row;
    const ids = this.#ids;
    const counts = this.#counts;
    for (let i = 0; i < n; i++) {
      const t = ids[i] as number;
      terms[i] = t;
      weights[i] = tfWeight(counts[t] as number, tf);
      counts[t] = 0;
    }
    return row;
  }

  /** `row` for tf "bm25": the length dl first (the counts' sum, in first-seen order), then the weights. */
  #bm25Row(row: SparseRow, n: number, bm25: Bm25Params): SparseRow {
    const { terms, weights } = row;
    const ids = this.#ids;
    const counts = this.#counts;
    let length = 0;
    for (let i = 0; i < n; i++) length += counts[ids[i] as number] as number;
    const factor = bm25LengthFactor(length, bm25);
    const k1 = bm25.k1;
    for (let i = 0; i < n; i++) {
      const t = ids[i] as number;
      terms[i] = t;
      weights[i] = bm25Weight(counts[t] as number, k1, factor);
      counts[t] = 0;
    }
    return row;
  }

  /** Adds `weight` to the count of each term of `text`, listing terms seen for the first time. */
  #count(text: string, weight: number): void {
    let n = this.#n;
    const m = this.#tokenIds.scan(text);
    const out = this.#tokenIds.out;
    const counts = this.#counts;
    let ids = this.#ids;
    for (let i = 0; i < m; i++) {
      const id = out[i] as number;
      if (id < 0) continue;
      const c = counts[id] as number;
      if (c === 0) {
        if (n === ids.length) ids = this.#growIds();
        ids[n++] = id;
      }
      counts[id] = c + weight;
    }
    this.#n = n;
  }

  #growIds(): Uint32Array {
    const ids = new Uint32Array(this.#ids.length * 2);
    ids.set(this.#ids);
    return (this.#ids = ids);
  }

  #learn(token: string): number {
    const term = this.analyze.term(token, true);
    const id = term === "" ? -1 : this.vocab.intern(term);
    if (id >= this.#counts.length) {
      const counts = new Float64Array(Math.max(id + 1, this.#counts.length * 2));
      counts.set(this.#counts);
      this.#counts = counts;
    }
    return id;
  }

  /** Follows a renumbering of term ids (compaction): `map[old]` is the new id or -1. */
  remap(map: Int32Array): void {
    this.#tokenIds.remap(map);
  }
}
