/** The word a person reads for a term: its readable form (term-forms.ts), a pair's two, a field's without its prefix. */
import { pairKey, splitPair } from "../analysis/word-pairs.js";
import { unprefixed } from "./field-terms.js";
import type { TermDf, TermForms } from "./term-forms.js";
import type { Vocabulary } from "./vocabulary.js";

/**
 * The word shown for term `t` (explain, term listings): its readable word; for a word pair,
 * which has no forms (analysis/word-pairs.ts), its two terms' readable words joined by a space;
 * the term itself when it has neither.
 */
export function readableWord(forms: TermForms, vocab: Vocabulary, df: TermDf, t: number): string {
  const own = forms.surface(t, df);
  if (own !== undefined) return own;
  const term = vocab.termOf(t);
  const pair = splitPair(term);
  // A field's term (fieldScoring "apart") without its space's prefix (field-terms.ts).
  if (pair === null) return unprefixed(term);
  const word = (part: string): string => {
    const id = vocab.idOf(part);
    return (id >= 0 ? forms.surface(id, df) : undefined) ?? unprefixed(part);
  };
  return pairKey(word(pair[0]), word(pair[1]));
}
