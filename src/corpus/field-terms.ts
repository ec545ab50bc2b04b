/**
 * Fields scored apart (option `fieldScoring: "apart"`): a title's words and a tag's words are terms
 * of their own, next to the body's, in the one vocabulary. A field's term is the analyzer's term
 * behind a two-character prefix that no analyzer emits (U+0001 is neither a letter nor a digit,
 * and every analyzer's tokens are runs of those), so "syria" in a title is the term "\u0001tsyria",
 * with its own postings, document frequency and idf, and it never meets "syria" in a body.
 *
 * Everything downstream (weighting, norm sums, kernels, kept and live lists, snapshots, shards)
 * sees terms only, so the score stays the cosine of one vector per article: the concatenation of
 * its fields' tf-idf vectors, each field's counts multiplied by its weight as under "merged".
 */

/** A field of an article, as `explain` names it. */
export type FieldName = "text" | "title" | "tags";

/** Term spaces: 0 holds body words (and, under "merged", every field's words), 1 titles', 2 tags'. */
export type TermSpace = 0 | 1 | 2;

/** The prefix of each term space's terms (space 0: none, so "merged" indexes are as before). */
export const SPACE_PREFIX: readonly string[] = Object.freeze(["", "\u0001t", "\u0001g"]);

/** The term of analyzer term `term` in `space`. */
export function spaceTerm(term: string, space: TermSpace): string {
  return space === 0 ? term : (SPACE_PREFIX[space] as string) + term;
}

/** The field a vocabulary term belongs to under "apart" ("text" for an unprefixed term). */
export function fieldOfTerm(term: string): FieldName {
  if (term.charCodeAt(0) !== 1) return "text";
  return term.charCodeAt(1) === 116 ? "title" : "tags";
}

/** The analyzer's term of a vocabulary term: without its space's prefix. */
export function unprefixed(term: string): string {
  return term.charCodeAt(0) === 1 ? term.slice(2) : term;
}
