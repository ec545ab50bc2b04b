// `npm run demo`: "You May Also Like" for a few Brown Corpus news stories, on the bundled corpus.
// Brown has no titles, so each story is shown by its first words.
import { Recommender } from "../src/index.js";
import { loadBrown } from "./brown.js";

const brown = loadBrown();
const byId = new Map(brown.map((d) => [d.id, d]));
const started = performance.now();
const rec = new Recommender();
rec.add(brown.map((d) => ({ id: d.id, text: d.text })));
rec.build();
const ms = performance.now() - started;
console.log(`Indexed ${rec.size} Brown Corpus texts (15 categories) in ${ms.toFixed(0)} ms.\n`);

const label = (id: string) => {
  const d = byId.get(id);
  return d ? `${id} [${d.category}] ${d.title.slice(0, 60)}...` : id;
};
for (const id of ["ca01", "ca17", "ca31", "cb02"]) {
  console.log(label(id));
  console.log("  You May Also Like:");
  for (const r of rec.recommend(id, { k: 5 })) {
    const shared = rec
      .explain(id, r.id)
      .terms.slice(0, 4)
      .map((t) => t.term)
      .join(", ");
    console.log(`    ${r.score.toFixed(3)}  ${label(r.id)}`);
    console.log(`           shared: ${shared}`);
  }
  console.log();
}
