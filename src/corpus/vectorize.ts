/**
 * Article -> sparse row of tf weights. Field weights multiply each field's term counts before tf,
 * so with `{ title: 1, text: 1 }` an article counts exactly as `title + "\n" + text` would.
 */
import type { SparseRow } from "./matrix.js";
import type { Analyzer } from "../analysis/analyzer.js";
import { TokenIds } from "../analysis/token-ids.js";
import type { Vocabulary } from "./vocabulary.js";
import { tfWeight, type TfMode } from "./weighting.js";

/** What vectorizing reads of the options (the Recommender's resolved options are one). */
export interface VectorizeOptions {
  readonly tf: TfMode;
  readonly fields: Readonly<{ title: number; text: number; tags: number }>;
}

/**
 * The smallest tf weight a stored term can have: a term counts at least once in a field, so its
 * count is at least the smallest field weight in use (float32 storage may round it down a little).
 */
export function minTfWeight(options: VectorizeOptions): number {
  const { title, text, tags } = options.fields;
  const least = Math.min(...[title, text, tags].filter((w) => w > 0));
  return Number.isFinite(least) ? tfWeight(least, options.tf) * (1 - 1e-6) : 0;
}

/** The text fields of an article (or of a draft passed to `recommendText`). */
export interface ArticleText {
  title?: string;
  text: string;
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

/** Sorts the counted term ids and turns counts into tf weights. */
function toRow(ids: number[], countOf: (id: number) => number, options: VectorizeOptions): SparseRow {
  const terms = Uint32Array.from(ids).sort();
  const weights = new Float32Array(terms.length);
  for (let i = 0; i < terms.length; i++) weights[i] = tfWeight(countOf(terms[i] as number), options.tf);
  return { terms, weights };
}

/**
 * The row of a draft (a query that is not indexed): terms the vocabulary has never seen are
 * ignored, and nothing is recorded.
 */
export function vectorizeQuery(article: ArticleText, analyze: Analyzer, options: VectorizeOptions, vocab: Vocabulary): SparseRow {
  const counts = new Map<number, number>();
  eachField(article, options, (text, weight) => {
    for (const term of analyze(text)) {
      const id = vocab.idOf(term);
      if (id >= 0) counts.set(id, (counts.get(id) ?? 0) + weight);
    }
  });
  return toRow([...counts.keys()], (id) => counts.get(id) as number, options);
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
  /** eachField's visitor, made once (not a closure per article). */
  readonly #visit = (text: string, weight: number): void => this.#count(text, weight);

  constructor(
    private readonly analyze: Analyzer,
    private readonly options: VectorizeOptions,
    private readonly vocab: Vocabulary,
  ) {
    this.#tokenIds = new TokenIds(analyze, (token) => this.#learn(token));
  }

  /** The row of an article, its terms in first-seen order (see DocTermMatrix.addDoc). */
  row(article: ArticleText): SparseRow {
    // Counted into reused typed arrays; the row itself is two views into shared chunks.
    this.#n = 0;
    eachField(article, this.options, this.#visit);
    const n = this.#n;
    const tf = this.options.tf;
    // First-seen order: the matrix sorts a row only if a query needs it before compaction.
    const row = this.#arrays.take(n);
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
