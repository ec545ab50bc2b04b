/**
 * What vectorizing reads of the options, and the fields of an article in the order every vector
 * counts them (the row builder of indexed articles, vectorize.ts; drafts' rows, query-vector.ts).
 */
import type { TermSpace } from "./field-terms.js";
import { bm25LengthFactor, bm25Weight, tfWeight, type Bm25Params, type TfMode } from "./weighting.js";

/** What vectorizing reads of the options (the Recommender's resolved options are one). */
export interface VectorizeOptions {
  readonly tf: TfMode;
  /** BM25's parameters: read under tf "bm25", where resolved options always carry them. */
  readonly k1?: number;
  readonly b?: number;
  readonly avgLength?: number;
  readonly fields: Readonly<{ title: number; text: number; tags: number }>;
  /** "apart": titles and tags count into terms of their own (field-terms.ts). Absent: "merged". */
  readonly fieldScoring?: "merged" | "apart";
  /** Word pairs' weight, multiplying their field's (0 or absent: no pairs). */
  readonly wordPairs?: number;
}

/** The word pairs' weight: 0 when pairs are off. */
export function pairWeightOf(options: VectorizeOptions): number {
  return options.wordPairs ?? 0;
}

/** BM25's parameters under tf "bm25", null under the other tf modes. */
export function bm25Of(options: VectorizeOptions): Bm25Params | null {
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
  // A pair counts its field's weight times wordPairs.
  const pairs = pairWeightOf(options);
  const weights = [title, text, tags].filter((w) => w > 0);
  const least = Math.min(...weights, ...(pairs > 0 ? weights.map((w) => w * pairs) : []));
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

/**
 * Calls `visit(text, weight, space)` for each weighted field, in a fixed order; `space` is the term
 * space its words count in (field-terms.ts): 0 for every field under "merged".
 */
export function eachField(article: ArticleText, options: VectorizeOptions, visit: (text: string, weight: number, space: TermSpace) => void): void {
  const { fields } = options;
  const apart = options.fieldScoring === "apart";
  if (article.title && fields.title !== 0) visit(article.title, fields.title, apart ? 1 : 0);
  if (article.text && fields.text !== 0) visit(article.text, fields.text, 0);
  // Each tag is analyzed like text, so the tag "Middle East" meets "middle" and "east" in bodies
  // (under "merged"; under "apart", in other articles' tags).
  if (article.tags && fields.tags !== 0) for (const tag of article.tags) if (tag) visit(tag, fields.tags, apart ? 2 : 0);
}

