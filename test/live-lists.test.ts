/**
 * Live lists (src/search/live-lists.ts): kept lists outlive adds, updates and removes, settled
 * to the current corpus when read. Every answer must equal, bit for bit, what a twin that
 * searches every time (keepLists = false) gives on the same corpus, at every step of random feeds
 * on real (Brown) and random corpora, under every weighting the options allow; and the lists must
 * mostly be settled, not searched again (else they would be exact only by forgetting).
 */
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { Recommender, type RecommenderOptions, type RecommendOptions } from "../src/index.js";
import { internalsOf } from "../src/internal.js";
import { loadBrown } from "../scripts/brown.js";
import { generateArticle } from "../bench/synthetic.js";

const BROWN = loadBrown().map((d) => ({ id: d.id, text: d.text }));

function pair(articles: { id: string; text: string }[], options: RecommenderOptions = {}): [Recommender, Recommender] {
  const kept = new Recommender(options).add(articles);
  const searched = new Recommender(options).add(articles);
  searched.keepLists = false;
  return [kept, searched];
}

/** A small seeded generator (mulberry32), so that a failing feed can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An id drawn as readers read: the newest articles most (Zipf over recency, s = 1). */
function zipfPick(ids: readonly string[], rnd: () => number): string {
  const n = ids.length;
  // Inverse of the continuous Zipf CDF over ranks 1..n: rank = n^u.
  const rank = Math.min(n, Math.floor(Math.pow(n, rnd())));
  return ids[n - rank] as string;
}

const QUERIES: RecommendOptions[] = [{}, { k: 3 }, { k: 15 }, { k: 10, minScore: 0.08 }, { k: 5, filter: (id) => id.length % 2 === 0 }];

/**
 * Plays a feed of changes (90% adds, 7% updates, 3% removes) on both twins, reading after each
 * change `reads` Zipf-drawn lists under every query shape, and every list at a few steps.
 */
function playFeed(kept: Recommender, searched: Recommender, fresh: () => { id: string; text: string }, changes: number, reads: number, seed: number): void {
  const rnd = random(seed);
  for (let step = 0; step < changes; step++) {
    const ids = kept.ids();
    const r = rnd();
    if (r < 0.9 || ids.length < 3) {
      const a = fresh();
      for (const rec of [kept, searched]) rec.add(a);
    } else if (r < 0.97) {
      const id = zipfPick(ids, rnd);
      const text = fresh().text;
      for (const rec of [kept, searched]) rec.update({ id, text });
    } else {
      const id = ids[Math.floor(rnd() * ids.length)] as string;
      for (const rec of [kept, searched]) rec.remove(id);
    }
    const now = kept.ids();
    const every = step % 25 === 24;
    const read = every ? now : Array.from({ length: reads }, () => zipfPick(now, rnd));
    for (const id of read) {
      for (const q of every ? [{}] : QUERIES) expect(kept.recommend(id, q), `step ${step} ${id} ${JSON.stringify(q)}`).toEqual(searched.recommend(id, q));
    }
  }
}

describe("live lists", () => {
  it("equal a search at every step of a news feed on Brown, and are mostly settled, not searched", () => {
    const [kept, searched] = pair(BROWN.slice(0, 300));
    kept.relatedAll();
    searched.build();
    let next = 300;
    // New articles are Brown texts not yet in; updates rewrite an article with another one's text.
    const fresh = () => {
      const a = BROWN[next % BROWN.length] as { id: string; text: string };
      return { id: `${a.id}-${next++}`, text: a.text };
    };
    playFeed(kept, searched, fresh, 120, 12, 7);
    const stats = internalsOf(kept).liveStats();
    expect(stats.settled).toBeGreaterThan(300);
    // Searched again only when a list's floor came too close: a small share.
    expect(stats.repaired).toBeLessThan(stats.settled / 10);
  }, 120_000);

  it("equal a search across a compaction of the delta and a save and load in mid-feed", () => {
    // Synthetic articles (bench/synthetic.ts): 700 at first, then more than the 256 additions
    // that make the next query compact the index.
    const [kept, searched] = pair(Array.from({ length: 700 }, (_, i) => generateArticle(i, 3)));
    kept.relatedAll();
    searched.build();
    let next = 700;
    const fresh = () => generateArticle(next++, 3);
    playFeed(kept, searched, fresh, 150, 4, 11);
    // Every list read (settled) now; then a batch that makes the delta (350 articles) compact.
    for (const id of kept.ids()) expect(kept.recommend(id)).toEqual(searched.recommend(id));
    const batch = Array.from({ length: 200 }, () => fresh());
    for (const rec of [kept, searched]) rec.add(batch);
    for (const id of kept.ids()) expect(kept.recommend(id)).toEqual(searched.recommend(id));
    // Saved with their floors, the lists keep being settled after a load.
    const loaded = Recommender.load(kept.save({ lists: true }));
    expect(loaded.stats().keptLists).toBeGreaterThan(1000);
    playFeed(loaded, searched, fresh, 40, 6, 13);
    expect(internalsOf(loaded).liveStats().settled).toBeGreaterThan(100);
  }, 120_000);

  it("answer every signal query exactly through a news feed as the clock moves: filters from the kept lists, multipliers searched", () => {
    // Brown texts as a newsroom's: dated six hours apart, the genre as the section, the first
    // words as tags; new articles are published later still, updates move a story's section.
    const DAY = 86_400_000;
    const start = Date.UTC(2026, 0, 1);
    const dated = (a: { id: string; text: string }, i: number) => ({
      ...a,
      date: start + i * DAY / 4,
      section: a.id.slice(0, 2),
      tags: a.text.split(/\s+/).slice(0, 2).map((w) => w.toLowerCase()),
    });
    const [kept, searched] = pair(BROWN.slice(0, 250).map(dated));
    kept.relatedAll();
    searched.build();
    const signals: RecommendOptions[] = [
      { recency: { halfLife: "30d" } },
      { recency: { halfLife: "7d", relativeTo: "article" } },
      { boost: { section: 0.5, tags: 0.3 } },
      { sameSection: true },
      { sameSection: true, k: 15 },
      { maxAge: "20d" },
      { maxAge: "10d", newer: false },
      { duplicates: 0.9 },
      { diversity: 0.7, k: 5 },
      { recency: { halfLife: "14d" }, sameSection: true, minScore: 0.05 },
    ];
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      const rnd = random(23);
      let next = 250;
      for (let step = 0; step < 60; step++) {
        // The clock moves an hour per change: "now" moves every recency multiplier and maxAge.
        vi.setSystemTime(start + 80 * DAY + step * 3_600_000);
        const ids = kept.ids();
        const r = rnd();
        if (r < 0.85) {
          const a = dated(BROWN[next % BROWN.length] as { id: string; text: string }, next);
          for (const rec of [kept, searched]) rec.add({ ...a, id: `${a.id}-${next}` });
          next++;
        } else if (r < 0.95) {
          const id = zipfPick(ids, rnd);
          const a = dated(BROWN[Math.floor(rnd() * BROWN.length)] as { id: string; text: string }, next);
          for (const rec of [kept, searched]) rec.update({ ...a, id });
        } else {
          const id = ids[Math.floor(rnd() * ids.length)] as string;
          for (const rec of [kept, searched]) rec.remove(id);
        }
        const now = kept.ids();
        for (let i = 0; i < 6; i++) {
          const id = zipfPick(now, rnd);
          for (const q of signals) expect(kept.recommend(id, q), `step ${step} ${id} ${JSON.stringify(q)}`).toEqual(searched.recommend(id, q));
        }
      }
    } finally {
      vi.useRealTimers();
    }
    // The filter-only queries were answered from settled lists, not by searching every time.
    expect(internalsOf(kept).liveStats().settled).toBeGreaterThan(100);
  }, 120_000);

  for (const options of [
    {},
    { idf: "plain", tf: "raw" },
    { norm: "none" },
    { idf: "none" },
    { minDf: 2, maxDf: 0.5 },
    { tf: "bm25" },
  ] as RecommenderOptions[]) {
    it(`equal a search under random feeds on random corpora (${JSON.stringify(options)}), ties included`, () => {
      const words = "syria troops iran missile sea china treaty court goal match rain storm vote bread mayor".split(" ");
      const text = fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 12 }).map((w) => w.join(" "));
      const step = fc.oneof(
        { weight: 9, arbitrary: fc.record({ kind: fc.constant("add" as const), text }) },
        { weight: 2, arbitrary: fc.record({ kind: fc.constant("update" as const), pick: fc.nat(), text }) },
        { weight: 2, arbitrary: fc.record({ kind: fc.constant("remove" as const), pick: fc.nat() }) },
        { weight: 1, arbitrary: fc.record({ kind: fc.constant("save" as const) }) },
      );
      fc.assert(
        fc.property(fc.array(text, { minLength: 25, maxLength: 60 }), fc.array(step, { maxLength: 30 }), fc.nat(), (texts, steps, seed) => {
          let [kept, searched] = pair(texts.map((t, i) => ({ id: `a${i}`, text: t })), options);
          // relatedAll and save compact pending changes; the twin builds then too, so that both sum alike.
          kept.relatedAll();
          searched.build();
          const rnd = random(seed);
          let next = 0;
          for (const s of steps) {
            const ids = kept.ids();
            if (s.kind === "add") for (const rec of [kept, searched]) rec.add({ id: `n${next}`, text: s.text });
            if (s.kind === "add") next++;
            if (s.kind === "update" && ids.length > 0) for (const rec of [kept, searched]) rec.update({ id: ids[s.pick % ids.length] as string, text: s.text });
            if (s.kind === "remove" && ids.length > 2) for (const rec of [kept, searched]) rec.remove(ids[s.pick % ids.length] as string);
            if (s.kind === "save") {
              kept = Recommender.load(kept.save({ lists: true }));
              searched.build();
            }
            for (const id of kept.ids()) {
              const k = 1 + Math.floor(rnd() * 20);
              expect(kept.recommend(id, { k }), `${id} k=${k}`).toEqual(searched.recommend(id, { k }));
            }
          }
        }),
        { numRuns: 25 },
      );
    }, 120_000);
  }
});
