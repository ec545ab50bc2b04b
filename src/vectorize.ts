/**
 * Article -> sparse row of tf weights. Field weights multiply each field's term counts before tf,
 * so with `{ title: 1, text: 1 }` an article counts exactly as `title + "\n" + text` would.
 */
import type { SparseRow } from "./matrix.js";
import type { ResolvedOptions } from "./options.js";
import type { Analyzer } from "./tokenize.js";
import { tfWeight } from "./weighting.js";

/** The text fields of an article (or of a draft passed to `recommendText`). */
export interface ArticleText {
  title?: string;
  text: string;
  tags?: readonly string[];
}

/**
 * Counts the terms of an article's fields and turns them into a sorted sparse row.
 * @param termId maps a term to its id, or returns -1 to skip it (unknown terms of a draft)
 */
export function vectorize(
  article: ArticleText,
  analyze: Analyzer,
  options: ResolvedOptions,
  termId: (term: string) => number,
): SparseRow {
  // Count by term string first (one Map update per token), then look up each distinct term once.
  const byTerm = new Map<string, number>();
  const addField = (text: string | undefined, weight: number) => {
    if (!text || weight === 0) return;
    const terms = analyze(text);
    for (let i = 0, n = terms.length; i < n; i++) {
      const term = terms[i] as string;
      byTerm.set(term, (byTerm.get(term) ?? 0) + weight);
    }
  };
  addField(article.title, options.fields.title);
  addField(article.text, options.fields.text);
  // Each tag is analyzed like text, so the tag "Middle East" meets "middle" and "east" in bodies.
  if (article.tags) for (const tag of article.tags) addField(tag, options.fields.tags);
  const counts = new Map<number, number>();
  for (const [term, count] of byTerm) {
    const id = termId(term);
    if (id >= 0) counts.set(id, count);
  }
  const terms = Uint32Array.from(counts.keys()).sort();
  const weights = new Float32Array(terms.length);
  for (let i = 0; i < terms.length; i++) weights[i] = tfWeight(counts.get(terms[i] as number) as number, options.tf);
  return { terms, weights };
}
