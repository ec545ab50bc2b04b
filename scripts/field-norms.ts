// Why fieldScoring "apart" keeps one norm per article: this compares it with the other exact way
// to score fields apart, each field's tf-idf vector normalised on its own and the cosines combined,
// score = sum_f w_f cos(q_f, d_f) / sqrt(W_q W_d) (W = the summed weights of the article's
// non-empty fields; a cosine of the concatenated vectors sqrt(w_f) unit(x_f)), computed here by
// brute force from the "apart" index's own rows and idf (smooth, minDf 2), over a seeded sample of
// queries, for several combination weights w_f (field counts unweighted).
//
//   npx tsx scripts/field-norms.ts [--corpus man-pages|debian-changelogs] [--queries 600] [--seed 1]
import { parseArgs } from "node:util";
import { Recommender, type RecommenderOptions } from "../src/index.js";
import { internalsOf } from "../src/internal.js";
import { fieldOfTerm, type FieldName } from "../src/corpus/field-terms.js";
import type { Ranker } from "../src/eval/metrics.js";
import { loadManPages } from "./eval/man-pages.js";
import { loadDebianChangelogs } from "./eval/debian-changelogs.js";
import { evaluateJudged, judgementsOf } from "./eval/judgements.js";

const { values } = parseArgs({ options: { corpus: { type: "string", default: "man-pages" }, queries: { type: "string", default: "600" }, seed: { type: "string", default: "1" } } });
const sample = { queries: Number(values.queries), seed: Number(values.seed) };
const corpus = values.corpus === "debian-changelogs" ? loadDebianChangelogs(sample) : loadManPages({ lang: "en", ...sample });
const judgements = judgementsOf(corpus);
const FIELDS: readonly FieldName[] = ["title", "text", "tags"];

/** Brute-force ranker: per-field unit vectors, combined with weights `w`. */
function perFieldNorms(w: Record<FieldName, number>): Ranker {
  const rec = new Recommender({ fieldScoring: "apart", fields: { title: 1, text: 1, tags: 1 } }).add(corpus.articles).build();
  const state = internalsOf(rec).state(false);
  const df = state.matrix.df;
  const n = rec.size;
  const ids = rec.ids();
  const postings = new Map<number, [number, number][]>();
  const vectors: Map<number, number>[] = ids.map((id, d) => {
    const row = internalsOf(rec).row(id);
    const parts: [number, number][][] = [[], [], []];
    for (let i = 0; i < row.terms.length; i++) {
      const t = row.terms[i] as number;
      if ((df[t] as number) < 2) continue;
      const idf = Math.log((1 + n) / (1 + (df[t] as number))) + 1;
      parts[FIELDS.indexOf(fieldOfTerm(state.vocabulary.termOf(t)))]?.push([t, (row.weights[i] as number) * idf]);
    }
    const W = FIELDS.reduce((s, f, i) => s + (parts[i]?.length ? w[f] : 0), 0);
    const v = new Map<number, number>();
    FIELDS.forEach((f, i) => {
      const p = parts[i] as [number, number][];
      if (p.length === 0) return;
      const scale = Math.sqrt(w[f] / W) / Math.sqrt(p.reduce((s, [, x]) => s + x * x, 0));
      for (const [t, x] of p) v.set(t, x * scale);
    });
    for (const [t, x] of v) {
      const list = postings.get(t) ?? [];
      list.push([d, x]);
      postings.set(t, list);
    }
    return v;
  });
  const docOf = new Map(ids.map((id, d) => [id, d]));
  return {
    recommend(id, { k }) {
      const d = docOf.get(id) as number;
      const acc = new Float64Array(n);
      for (const [t, x] of vectors[d] as Map<number, number>) for (const [e, y] of postings.get(t) ?? []) acc[e] = (acc[e] as number) + x * y;
      acc[d] = 0;
      const out: { id: string; score: number }[] = [];
      acc.forEach((score, e) => score > 0 && out.push({ id: ids[e] as string, score }));
      return out.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1)).slice(0, k);
    },
  };
}

const f = (x: number) => x.toFixed(3);
console.log(`${corpus.name}: ${corpus.articles.length} articles, ${judgements.size} queries (sample ${values.queries}, seed ${values.seed})`);
console.log("| scoring | nDCG@10 | P@10 | MRR |\n| --- | ---: | ---: | ---: |");
const row = (name: string, r: Ranker) => {
  const e = evaluateJudged(r, judgements, 10);
  console.log(`| ${name} | ${f(e.ndcg)} | ${f(e.precision)} | ${f(e.mrr)} |`);
};
for (const [name, options] of [["merged (defaults)", {}], ['"apart" (one norm)', { fieldScoring: "apart" }]] as [string, RecommenderOptions][]) {
  row(name, new Recommender(options).add(corpus.articles).build());
}
for (const x of [3, 1, 0.5, 0.3, 0.2, 0.1]) row(`per-field norms, w title = w tags = ${x}, w text = 1`, perFieldNorms({ title: x, text: 1, tags: x }));
