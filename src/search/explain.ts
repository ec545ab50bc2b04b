/**
 * Why two articles are related: the shared terms of a pair and what each adds to its cosine,
 * summed in the kernels' order so that the score is exactly the one `recommend` returns.
 */
import type { DocIndex, Segment } from "../corpus/segment.js";
import { addend, capsAtOne, finish, prepareQuery, type PreparedQuery } from "./similarity.js";
import type { FieldName } from "../corpus/field-terms.js";

/** Why two articles are related: the shared terms and what each adds to the score. */
export interface Explanation {
  /** The pair's score, as `recommend` gives it (before the signals' factors). */
  score: number;
  /**
   * Shared terms, largest contribution first; they sum to `score`. A stemmed term is shown as its
   * readable word: of the words of the corpus that stem to it, the one found in the most articles
   * (ties: the shorter, then the first alphabetically), so "candidate" for the stem "candid" when
   * the articles say "candidate" more often than "candid".
   */
  terms: {
    /** The term's readable word. */
    term: string;
    /** What the term adds to the score. */
    contribution: number;
    /** Under `fieldScoring: "apart"`: the field both articles have the word in. */
    field?: FieldName;
  }[];
  /**
   * Under `fieldScoring: "apart"`: what each field's shared words add to the score (title-to-title,
   * text-to-text, tags-to-tags); they sum to `score`.
   */
  fields?: Record<FieldName, number>;
  /**
   * With `sharedNeighbours` on: how many articles the two neighbourhoods share and what that adds
   * to the score (the terms' contributions are then the cosine's times 1 - weight).
   */
  sharedNeighbours?: {
    count: number;
    contribution: number;
  };
}

/**
 * The explanation of documents `dA` and `dB` of a refreshed segment; `word(t)` names term `t`,
 * `fieldOf(t)` (under fieldScoring "apart") its field.
 */
export function explainPair(m: Segment, dA: DocIndex, dB: DocIndex, word: (t: number) => string, fieldOf?: (t: number) => FieldName): Explanation {
  return explainQuery(m, prepareQuery(m, m.row(dA), m.invNorm[dA]), dB, word, fieldOf);
}

/**
 * The explanation of prepared query `q` (an article's, or its feedback-moved one) against
 * document `dB` of a refreshed segment: each term of `q` that `dB` holds, with what it adds (and
 * its field, with `fieldOf`).
 */
export function explainQuery(m: Segment, q: PreparedQuery | null, dB: DocIndex, word: (t: number) => string, fieldOf?: (t: number) => FieldName): Explanation {
  const b = m.row(dB);
  const terms: Explanation["terms"] = [];
  let sum = 0;
  let score = 0;
  if (q !== null) {
    const scale = q.invNorm * (m.invNorm[dB] as number);
    let j = 0;
    for (let i = 0; i < q.terms.length; i++) {
      const t = q.terms[i] as number;
      while (j < b.terms.length && (b.terms[j] as number) < t) j++;
      if (b.terms[j] !== t || q.idf2[i] === 0) continue;
      const x = addend(q.idf2[i] as number, q.weights[i] as number, b.weights[j] as number);
      sum += x;
      terms.push(fieldOf === undefined ? { term: word(t), contribution: x * scale } : { term: word(t), contribution: x * scale, field: fieldOf(t) });
    }
    // Summed in term order, as the kernels do, so the score is the one recommend() returns.
    score = finish(sum, q.invNorm, m.invNorm[dB] as number, capsAtOne(m.options.norm));
  }
  terms.sort((x, y) => y.contribution - x.contribution || (x.term < y.term ? -1 : x.term > y.term ? 1 : fieldRank(x.field) - fieldRank(y.field)));
  if (fieldOf === undefined) return { score, terms };
  const fields: Record<FieldName, number> = { title: 0, text: 0, tags: 0 };
  for (const t of terms) fields[t.field as FieldName] += t.contribution;
  return { score, terms, fields };
}

const FIELD_ORDER: readonly (FieldName | undefined)[] = ["title", "text", "tags"];

/** Order of fields among a word's equal contributions: title, text, tags. */
function fieldRank(f: FieldName | undefined): number {
  return FIELD_ORDER.indexOf(f);
}
