/**
 * How often a kept cosine list could answer a query whose signals multiply scores: the list's
 * entries, multiplied, must keep the k-th above the floor times the largest multiplier (else an
 * article outside the list could pass them). Synthetic corpus (dated 10 minutes apart, 12
 * sections), every list kept by relatedAll, then counted per signal setting.
 *
 *   npx tsx bench/kept-signals.ts [articles = 10000]
 */
import { Recommender } from "../src/index.js";
import { internalsOf } from "../src/internal.js";
import { generateCorpusArray } from "./synthetic.js";
import { planQuery, profileOf } from "../src/rank/query-plan.js";
import { checkRecommendOptions } from "../src/validate.js";
import { newestFirst } from "../src/rank/list-edits.js";

const n = Number(process.argv[2] ?? 10000);
const arts = generateCorpusArray({ n, seed: 1 }).map((d, i) => ({ id: d.id, title: d.title, text: d.text, date: d.date, section: `s${i % 12}` }));
const rec = new Recommender().add(arts).build();
rec.relatedAll({ k: 10 });
const st = internalsOf(rec).state(true);
const lists = internalsOf(rec).keptLists(10)!;
const store = st.store!;
const now = Date.now();
const byDate = () => newestFirst(store, st.matrix.nDocs);
for (const o of [{ recency: { halfLife: "30d" } }, { recency: { halfLife: "1y" } }, { recency: { halfLife: "30d", relativeTo: "article" } }, { boost: { section: 0.5 } }, { boost: { section: 0.2 } }]) {
  const opts = checkRecommendOptions({ k: 10, ...o } as never);
  let hit = 0;
  for (let d = 0; d < st.matrix.nDocs; d++) {
    const plan = planQuery(opts.signals, profileOf(store, d), store, now, byDate);
    const w = plan.weigh!;
    const size = lists.sizes[d]!; const F = lists.floors[d]!;
    const fin: number[] = [];
    for (let i = 0; i < size; i++) fin.push(lists.scores[d * lists.width + i]! * w.of(lists.docs[d * lists.width + i]!));
    fin.sort((a, b) => b - a);
    const B = F * w.max;
    if (F === 0 || (fin.length >= 10 && fin[9]! > B)) hit++;
  }
  console.log(JSON.stringify(o), `certain from the kept list: ${hit}/${st.matrix.nDocs}`);
}
