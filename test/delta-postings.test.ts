/**
 * The delta (articles added since the last compaction) is scored term at a time from its own
 * postings (corpus/delta-rows.ts, kernels/kernel.ts offerDelta): every delta article's score
 * must be the double that merging its row with the query gives (similarity.ts dot), for every
 * kernel, with removed delta articles and new terms.
 */
import { describe, expect, it } from "vitest";
import { Recommender } from "../src/index.js";
import { internalsOf } from "../src/internal.js";
import { capsAtOne, dot, finish, prepareQuery } from "../src/search/similarity.js";
import { generateArticle } from "../bench/synthetic.js";

describe("the delta scored from its postings", () => {
  for (const kernel of ["exhaustive", "pruned"] as const) {
    it(`gives each delta article the merge's double (${kernel} kernel), removed ones never`, () => {
      const rec = new Recommender().add(Array.from({ length: 600 }, (_, i) => generateArticle(i, 5)));
      rec.build();
      internalsOf(rec).kernel = kernel;
      rec.keepLists = false;
      // 200 additions (under the compaction threshold), some with words the base never had.
      rec.add(Array.from({ length: 200 }, (_, i) => {
        const a = generateArticle(600 + i, 5);
        return i % 7 === 0 ? { ...a, text: `${a.text} zyxqua${i} vortimbral` } : a;
      }));
      for (let i = 0; i < 200; i += 9) rec.remove(`a${String(600 + i).padStart(7, "0")}`);
      const state = internalsOf(rec).state(false);
      const m = state.matrix;
      const docIds = state.ids;
      expect(m.nDocs - m.baseDocs).toBe(200);
      const ids = rec.ids();
      const cap = capsAtOne(m.options.norm);
      let compared = 0;
      for (const id of ids.filter((_, i) => i % 23 === 0)) {
        const got = new Map(rec.recommend(id, { k: ids.length }).map((r) => [r.id, r.score]));
        const d = docIds.indexOf(id);
        const q = prepareQuery(m, m.row(d), m.invNorm[d]);
        if (q === null) continue;
        for (let r = 0; r < m.deltaRows.length; r++) {
          const e = m.baseDocs + r;
          const row = m.deltaRows[r];
          const eid = docIds[e] as string;
          if (e === d) continue;
          if (!row) {
            expect(got.has(eid)).toBe(false);
            continue;
          }
          const want = finish(dot(q, row), q.invNorm, m.invNorm[e] as number, cap);
          if (want > 0) {
            expect(got.get(eid), `${id} -> ${eid}`).toBe(want);
            compared++;
          } else expect(got.has(eid)).toBe(false);
        }
      }
      expect(compared).toBeGreaterThan(500);
    }, 60_000);
  }
});
