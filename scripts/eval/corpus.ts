// The shape every eval corpus builder returns (scripts/eval/*.ts), so that scripts/eval.ts can run
// the same option sets over each of them.
import { mulberry32 } from "../seeded-random.js";

/** One article of an eval corpus, as `Recommender.add` takes it. */
export interface EvalArticle {
  id: string;
  title?: string;
  text: string;
  /** ISO date string; absent when the corpus gives none. */
  date?: string;
  section?: string;
  tags?: string[];
}

/** A corpus for `npm run eval`: its articles, where relevance comes from, and which ones query. */
export interface EvalCorpus {
  /** Short name for the table headings ("brown", "debian-changelogs"). */
  name: string;
  /** One line: source package, size, how dates, sections and labels are derived. */
  description: string;
  articles: EvalArticle[];
  /**
   * Human relevance judgements as a label per article id: two articles are relevant to each other
   * when they carry the same label. Articles without a label are never relevant. Empty when the
   * corpus judges by `relevant` instead.
   */
  labels: Map<string, string>;
  /**
   * Human relevance judgements per query, for corpora whose judgements are links rather than
   * labels (a man page's SEE ALSO): query id -> the ids relevant to it. When present, it decides
   * relevance for the suite (judgements.ts) and its keys are the queries.
   */
  relevant?: ReadonlyMap<string, ReadonlySet<string>>;
  /** Ids that query; every article when absent. */
  queries?: string[];
  /** How the queries were chosen (for the report), when not every article queries. */
  sampling?: string;
}

/**
 * `n` distinct items of `items`, drawn by a partial Fisher-Yates shuffle driven by bench/synthetic.ts's
 * seeded mulberry32 (the same sample on every run), returned in their original order.
 */
export function sample<T>(items: readonly T[], n: number, seed: number): T[] {
  if (n >= items.length) return [...items];
  const random = mulberry32(seed);
  const order = items.map((_, i) => i);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(random() * (order.length - i));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  return order
    .slice(0, n)
    .sort((a, b) => a - b)
    .map((i) => items[i] as T);
}
