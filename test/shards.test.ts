/**
 * Sharded lists (corpus/shards.ts, search/shard-lists.ts) against single-process relatedAll: every
 * query block scored against every shard with the statistics summed over the shards, the partial
 * lists merged, must give the same ids in the same order and the same doubles.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Recommender } from "../src/index.js";
import { internalsOf } from "../src/internal.js";
import { cutBlock, cutShard, globalIdf, globalInvNorms, globalStats, splitRange } from "../src/corpus/shards.js";
import { mergePartials, shardTopK, type PartialLists } from "../src/search/shard-lists.js";
import { generateCorpusArray } from "../bench/synthetic.js";

function shardedLists(rec: Recommender, k: number, shards: number, blocks: number): Map<string, { id: string; score: number }[]> {
  const state = internalsOf(rec).state(true);
  const m = state.matrix;
  const sums = m.sums();
  const n = m.nDocs;
  const cut = splitRange(n, shards).map(([lo, hi]) => cutShard(m, sums, lo, hi));
  const g = globalStats(m.options, cut);
  const idf = globalIdf(g);
  const out = new Map<string, { id: string; score: number }[]>();
  for (const [lo, hi] of splitRange(n, blocks)) {
    const block = cutBlock(m, sums, lo, hi);
    const parts: PartialLists[] = cut.map((s) =>
      shardTopK(block, globalInvNorms(g, block.sums), s, globalInvNorms(g, s.sums), idf, state.ids.slice(s.lo, s.hi), k, g.options.norm),
    );
    for (let q = 0; q < hi - lo; q++) {
      const merged = mergePartials(parts, q, k, (d) => state.ids[d] as string);
      out.set(state.ids[lo + q] as string, merged.map((h) => ({ id: state.ids[h.doc] as string, score: h.score })));
    }
  }
  return out;
}

describe("sharded lists", () => {
  it("sum the shards' document frequencies to the index's, and give its idf and norms exactly", () => {
    const rec = new Recommender().add(generateCorpusArray({ n: 600, seed: 3 }));
    const state = internalsOf(rec).state(true);
    const m = state.matrix;
    const cut = splitRange(m.nDocs, 4).map(([lo, hi]) => cutShard(m, m.sums(), lo, hi));
    const g = globalStats(m.options, cut);
    expect(g.n).toBe(600);
    expect([...g.df]).toEqual([...m.df.subarray(0, m.baseTerms)]);
    const idf = globalIdf(g);
    for (let t = 0; t < m.baseTerms; t++) expect(idf[t]).toBe(m.idf(t));
    const inv = cut.flatMap((s) => [...globalInvNorms(g, s.sums)]);
    expect(inv).toEqual([...m.invNorm.subarray(0, 600)]);
  });

  it("equal relatedAll on a synthetic corpus for 1 to 5 shards and uneven blocks, bit for bit", () => {
    const rec = new Recommender().add(generateCorpusArray({ n: 700, seed: 5 }));
    const expected = rec.relatedAll({ k: 10 });
    for (const [shards, blocks] of [[1, 1], [2, 3], [3, 7], [5, 2]] as const) {
      expect(shardedLists(rec, 10, shards, blocks)).toEqual(expected);
    }
  });

  it('equal relatedAll with fields scored apart (fieldScoring "apart": titles and tags as terms of their own), bit for bit', () => {
    const corpus = generateCorpusArray({ n: 500, seed: 4 }).map((a, i) => ({ ...a, tags: [`desk ${i % 9}`] }));
    const rec = new Recommender({ fieldScoring: "apart" }).add(corpus);
    const expected = rec.relatedAll({ k: 10 });
    for (const [shards, blocks] of [[2, 3], [4, 5]] as const) expect(shardedLists(rec, 10, shards, blocks)).toEqual(expected);
  });

  it("equal relatedAll on random corpora with duplicates, ties, empty articles and removed ones", () => {
    const WORDS = "syria troops iran missile sea china treaty court goal match rain storm vote".split(" ");
    const article = fc.array(fc.constantFrom(...WORDS), { maxLength: 10 }).map((w) => w.join(" "));
    fc.assert(
      fc.property(
        fc.array(article, { minLength: 2, maxLength: 30 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 5 }),
        fc.constantFrom<"l2" | "none">("l2", "none"),
        (texts, k, shards, blocks, norm) => {
          const rec = new Recommender({ minDf: 1, norm });
          rec.add(texts.map((text, i) => ({ id: `a${(i * 7) % 31}-${i}`, text })));
          if (texts.length > 3) rec.remove(`a${(2 * 7) % 31}-2`);
          const n = rec.size;
          const expected = rec.relatedAll({ k });
          expect(shardedLists(rec, k, Math.min(shards, n), Math.min(blocks, n))).toEqual(expected);
        },
      ),
      { numRuns: 60 },
    );
  });
});
