/**
 * Article -> sparse row of tf weights. Field weights multiply each field's term counts before tf,
 * so with `{ title: 1, text: 1 }` an article counts exactly as `title + "\n" + text` would.
 */
import type { SparseRow } from "./matrix.js";
import type { ResolvedOptions } from "./options.js";
import type { Analyzer } from "./tokenize.js";
import type { Vocabulary } from "./vocabulary.js";
import { DEFAULT_RULES, SKLEARN_RULES, TokenIds } from "./token-ids.js";
import { tfWeight } from "./weighting.js";

/** The text fields of an article (or of a draft passed to `recommendText`). */
export interface ArticleText {
  title?: string;
  text: string;
  tags?: readonly string[];
}

/** Calls `visit(text, weight)` for each weighted field, in a fixed order. */
function eachField(article: ArticleText, options: ResolvedOptions, visit: (text: string, weight: number) => void): void {
  const { fields } = options;
  if (article.title && fields.title !== 0) visit(article.title, fields.title);
  if (article.text && fields.text !== 0) visit(article.text, fields.text);
  // Each tag is analyzed like text, so the tag "Middle East" meets "middle" and "east" in bodies.
  if (article.tags && fields.tags !== 0) for (const tag of article.tags) if (tag) visit(tag, fields.tags);
}

/** Sorts the counted term ids and turns counts into tf weights. */
function toRow(ids: number[], countOf: (id: number) => number, options: ResolvedOptions): SparseRow {
  const terms = Uint32Array.from(ids).sort();
  const weights = new Float32Array(terms.length);
  for (let i = 0; i < terms.length; i++) weights[i] = tfWeight(countOf(terms[i] as number), options.tf);
  return { terms, weights };
}

/**
 * The row of a draft (a query that is not indexed): terms the vocabulary has never seen are
 * ignored, and nothing is recorded.
 */
export function vectorizeQuery(article: ArticleText, analyze: Analyzer, options: ResolvedOptions, vocab: Vocabulary): SparseRow {
  const counts = new Map<number, number>();
  eachField(article, options, (text, weight) => {
    for (const term of analyze(text)) {
      const id = vocab.idOf(term);
      if (id >= 0) counts.set(id, (counts.get(id) ?? 0) + weight);
    }
  });
  return toRow([...counts.keys()], (id) => counts.get(id) as number, options);
}

/**
 * Builds the rows of articles being indexed: per token, one lookup in a table of term ids that
 * is remembered across articles (see token-ids.ts), and a typed-array count.
 */
export class RowBuilder {
  #tokenIds: TokenIds;
  #counts = new Float64Array(1024);
  #ids: number[] = [];

  constructor(
    private readonly analyze: Analyzer,
    private readonly options: ResolvedOptions,
    private readonly vocab: Vocabulary,
  ) {
    this.#tokenIds = new TokenIds(options.analyzer === "sklearn" ? SKLEARN_RULES : DEFAULT_RULES, analyze.tokens, (token) => this.#learn(token));
  }

  row(article: ArticleText): SparseRow {
    const ids = this.#ids;
    ids.length = 0;
    eachField(article, this.options, (text, weight) => {
      const n = this.#tokenIds.scan(text);
      const out = this.#tokenIds.out;
      const counts = this.#counts;
      for (let i = 0; i < n; i++) {
        const id = out[i] as number;
        if (id < 0) continue;
        if (counts[id] === 0) ids.push(id);
        counts[id] = (counts[id] as number) + weight;
      }
    });
    const row = toRow(ids, (id) => this.#counts[id] as number, this.options);
    for (let i = 0; i < ids.length; i++) this.#counts[ids[i] as number] = 0;
    return row;
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
