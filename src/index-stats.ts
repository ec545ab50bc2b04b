/**
 * What `stats()` reports of an index: its size in articles, terms, postings and bytes, and its
 * kept lists.
 */
import type { DocTermMatrix } from "./corpus/matrix.js";
import type { ListCache } from "./search/kept-lists.js";

/** What `stats()` reports. */
export interface IndexStats {
  /** Articles in the index. */
  articles: number;
  /** Distinct terms in use. */
  terms: number;
  /** Stored postings: one per article and term it holds. */
  postings: number;
  /** Bytes held by the index's typed arrays (postings, rows, per-term and per-article arrays). */
  bytes: number;
  /** Articles whose related list is kept (see `keepLists`): their `recommend` is a lookup. */
  keptLists: number;
  /** Bytes held by the kept lists' arrays (0 when none are kept). */
  listBytes: number;
}

/** The stats of `m` (holding `articles` live articles) and its current kept lists. */
export function indexStats(m: DocTermMatrix, articles: number, lists: ListCache | null, listBytes: number): IndexStats {
  let terms = 0;
  for (let t = 0; t < m.nTerms; t++) if ((m.df[t] as number) > 0) terms++;
  return { articles, terms, postings: m.postings(), bytes: m.bytes(), keptLists: lists?.count() ?? 0, listBytes };
}
