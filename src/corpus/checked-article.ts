/**
 * An article as validation hands it to the corpus: every field read once, checked and copied
 * (validate.ts makes it; the document store and the vectorizer read it).
 */
export interface CheckedArticle {
  id: string;
  title?: string;
  text: string;
  tags?: readonly string[];
  /** Non-empty when present. */
  url?: string;
  /** Non-empty when present. */
  slug?: string;
  /** Epoch milliseconds, or NaN when absent. */
  date: number;
  section?: string;
  /** Lowercased. */
  lang?: string;
  /** Editors' picks, copied, without repeats or the article's own id. */
  related?: readonly string[];
}
