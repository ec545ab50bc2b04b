// The news signals (recency, maxAge, newer, boost, sameSection, language, duplicates, diversity,
// pins, fallback) against a brute-force reference written from the README's definitions: every
// pair's cosine from test/reference.ts's dense vectors (ml-distance), every multiplier and filter
// applied to every article, sorted, and the list edits done by hand. Property-tested over random
// option combinations; the pruned and approximate kernels are held to the exhaustive one at a
// size where they prune.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { generateCorpusArray, mulberry32 } from "../bench/synthetic.js";
import { loadBrown } from "../scripts/brown.js";
import { minTfWeight } from "../src/corpus/vectorize.js";
import { internalsOf } from "../src/internal.js";
import { PairScores } from "../src/rank/variety.js";
import { Recommender, type Recommendation } from "../src/index.js";
import type { RecommendOptions } from "../src/validate.js";
import { referenceModel, referenceScore } from "./reference.js";

const DAY = 86_400_000;
const T0 = Date.UTC(2020, 0, 1);
const NOW = T0 + 500 * DAY;
const SECTIONS = ["world", "sport", "arts", "science"];
const TAGS = ["war", "election", "climate", "music", "football", "health"];
const LANGS = ["en", "en", "en", "en-GB", "fr", undefined];

interface Meta {
  id: string;
  title: string;
  text: string;
  date?: string;
  section?: string;
  lang?: string;
  tags?: string[];
  related?: string[];
}

/** Brown texts with seeded metadata: some undated, without a section, language or tags; some picks name unknown ids. */
function siteArticles(n: number, seed: number): Meta[] {
  const rand = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const brown = loadBrown().slice(0, n);
  return brown.map((b, i) => {
    const a: Meta = { id: b.id, title: b.title, text: b.text };
    if (rand() < 0.9) a.date = new Date(T0 + Math.floor(rand() * 730) * DAY + (i % 3) * 3_600_000).toISOString();
    if (rand() < 0.9) a.section = pick(SECTIONS);
    const lang = pick(LANGS);
    if (lang !== undefined) a.lang = lang;
    const tags = TAGS.filter(() => rand() < 0.3);
    if (tags.length > 0) a.tags = tags;
    if (rand() < 0.2) a.related = [pick(brown).id, "no-such-id", pick(brown).id];
    return a;
  });
}

const ARTS = siteArticles(120, 7);
const BY_ID = new Map(ARTS.map((a, i) => [a.id, { ...a, index: i }]));
const MODEL = referenceModel(ARTS);
// Every pair's cosine, computed once.
const INDEX = new Map(MODEL.ids.map((id, i) => [id, i]));
const PAIRS = MODEL.vectors.map((a) => MODEL.vectors.map((b) => referenceScore(a, b, "l2")));
const cosine = (a: string, b: string): number => (PAIRS[INDEX.get(a) as number] as number[])[INDEX.get(b) as number] as number;

const durationMs = (d: number | string): number => {
  if (typeof d === "number") return d;
  const m = /^(\d+)([dhy])$/.exec(d) as RegExpExecArray;
  return Number(m[1]) * ({ d: DAY, h: 3_600_000, y: 365 * DAY } as Record<string, number>)[m[2] as string]!;
};
const dateOf = (id: string): number => (BY_ID.get(id)?.date === undefined ? NaN : Date.parse(BY_ID.get(id)?.date as string));
const primary = (lang: string) => lang.toLowerCase().split("-")[0];

/** What `recommend(q, o)` must return, from the definitions alone. */
function reference(q: string, o: RecommendOptions): Recommendation[] {
  const k = o.k ?? 10;
  const qa = BY_ID.get(q) as Meta;
  const qDate = dateOf(q);
  const rel = o.recency?.relativeTo ?? "article";
  const ref = rel === "article" ? qDate : rel === "now" ? NOW : (rel as Date).getTime();
  const age = (t: number) => (rel === "article" ? Math.abs(t - ref) : Math.max(0, ref - t));
  const keep = (d: string): boolean => {
    const da = BY_ID.get(d) as Meta;
    const t = dateOf(d);
    if (o.maxAge !== undefined && !Number.isNaN(ref) && !Number.isNaN(t) && age(t) > durationMs(o.maxAge)) return false;
    if (o.newer === false && !Number.isNaN(qDate) && t > qDate) return false;
    if (o.sameSection === true && qa.section !== undefined && da.section !== qa.section) return false;
    if (o.sameLanguage !== false && qa.lang !== undefined && da.lang !== undefined && primary(da.lang) !== primary(qa.lang)) return false;
    return true;
  };
  const mult = (d: string): number => {
    const da = BY_ID.get(d) as Meta;
    let boost = 1;
    if (o.boost?.section && qa.section !== undefined && da.section === qa.section) boost += o.boost.section;
    if (o.boost?.tags && qa.tags) {
      const A = new Set(qa.tags);
      const B = new Set(da.tags ?? []);
      const shared = [...A].filter((t) => B.has(t)).length;
      if (B.size > 0) boost += (o.boost.tags * shared) / (A.size + B.size - shared);
    }
    const t = dateOf(d);
    if (!o.recency || Number.isNaN(ref) || Number.isNaN(t)) return boost;
    return 2 ** (-age(t) / durationMs(o.recency.halfLife)) * boost;
  };
  const exclude = new Set(o.exclude ?? []);
  const pins: string[] = [];
  if (o.pins !== false) {
    for (const p of qa.related ?? []) if (pins.length < k && p !== q && BY_ID.has(p) && !pins.includes(p) && !exclude.has(p)) pins.push(p);
  }
  const ranking = ARTS.map((a) => a.id)
    .filter((d) => d !== q && !exclude.has(d) && !pins.includes(d) && keep(d))
    .map((d) => ({ id: d, score: cosine(q, d) * mult(d) }))
    .filter((r) => r.score > 0 && r.score >= (o.minScore ?? 0))
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
  const need = k - pins.length;
  let matches: { id: string; score: number }[] = [];
  const dup = o.duplicates ?? 0;
  const lambda = o.diversity ?? 1;
  if (need > 0 && dup === 0 && lambda === 1) matches = ranking.slice(0, need);
  else if (need > 0 && lambda === 1) {
    for (const r of ranking) {
      if (matches.length === need) break;
      if ([...pins, ...matches.map((m) => m.id)].some((x) => cosine(x, r.id) >= dup)) continue;
      matches.push(r);
    }
  } else if (need > 0) {
    // MMR over the pool; a pool that duplicates empty grows x4 (the README's rule).
    let size = Math.min(ARTS.length - 1, Math.max(o.pool ?? 50, need));
    for (;;) {
      const pool = ranking.slice(0, size);
      const chosen: { id: string; score: number }[] = [];
      const near = (id: string) => Math.max(0, ...[...pins, ...chosen.map((c) => c.id)].map((x) => cosine(x, id)));
      while (chosen.length < need) {
        let best: { id: string; score: number } | undefined;
        let bestValue = -Infinity;
        for (const c of pool) {
          if (chosen.includes(c)) continue;
          const nn = near(c.id);
          if (dup > 0 && nn >= dup) continue;
          const v = lambda * c.score - (1 - lambda) * nn;
          if (v > bestValue) [best, bestValue] = [c, v];
        }
        if (!best) break;
        chosen.push(best);
      }
      const complete = ranking.length < size || size >= ARTS.length - 1;
      if (chosen.length === need || complete) {
        matches = chosen;
        break;
      }
      size = Math.min(ARTS.length - 1, size * 4);
    }
  }
  const list: Recommendation[] = [...pins.map((p) => ({ id: p, score: cosine(q, p), reason: "pinned" as const })), ...matches];
  if (o.fallback !== undefined && list.length < k) {
    const passes = (d: string) => d !== q && !exclude.has(d) && keep(d) && !list.some((r) => r.id === d);
    const order =
      o.fallback === "recent"
        ? [...ARTS].sort((a, b) => {
            const x = dateOf(a.id);
            const y = dateOf(b.id);
            if (Number.isNaN(x) !== Number.isNaN(y)) return Number.isNaN(x) ? 1 : -1;
            return Number.isNaN(x) || x === y ? (BY_ID.get(b.id)?.index as number) - (BY_ID.get(a.id)?.index as number) : y - x;
          })
        : (o.fallback as string[]).filter((id) => BY_ID.has(id)).map((id) => BY_ID.get(id) as Meta);
    const firsts = o.fallback === "recent" && qa.section !== undefined ? order.filter((a) => a.section === qa.section) : [];
    for (const a of [...firsts, ...order]) {
      if (list.length === k) break;
      if (passes(a.id)) list.push({ id: a.id, score: 0, reason: "fallback" });
    }
  }
  return list;
}

/** Same entries, scores within 1e-12 (relative), reasons equal; two entries may trade places only when their scores tie that closely. */
function expectClose(got: readonly Recommendation[], want: readonly Recommendation[], label: string): void {
  const fmt = (l: readonly Recommendation[]) => l.map((r) => `${r.id}:${r.score.toFixed(10)}${r.reason ? `(${r.reason})` : ""}`).join(" ");
  const near = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));
  const ok =
    got.length === want.length &&
    got.every((g, i) => {
      const w = want[i] as Recommendation;
      if (!near(g.score, w.score) || g.reason !== w.reason) return false;
      if (g.id === w.id) return true;
      const same = want.find((x) => x.id === g.id);
      return same !== undefined && near(same.score, g.score);
    });
  if (!ok) expect.fail(`${label}\ngot:  ${fmt(got)}\nwant: ${fmt(want)}`);
}

const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.oneof(fc.constant(undefined), arb);
const optionsArb: fc.Arbitrary<RecommendOptions> = fc
  .record({
    k: maybe(fc.integer({ min: 1, max: 12 })),
    minScore: maybe(fc.constantFrom(0, 0.05, 0.15)),
    recency: maybe(fc.record({ halfLife: fc.constantFrom<number | string>("30d", 7 * DAY, "1y", "12h"), relativeTo: fc.constantFrom<"article" | "now" | Date | undefined>(undefined, "article", "now", new Date(T0 + 400 * DAY)) })),
    maxAge: maybe(fc.constantFrom<number | string>("60d", "1y", 0, 90 * DAY)),
    newer: maybe(fc.boolean()),
    boost: maybe(fc.record({ section: maybe(fc.constantFrom(0, 0.5, 2)), tags: maybe(fc.constantFrom(0, 0.3, 1)) })),
    sameSection: maybe(fc.boolean()),
    duplicates: maybe(fc.constantFrom(0.2, 0.35, 0.6, 1)),
    diversity: maybe(fc.constantFrom(0, 0.3, 0.7, 1)),
    pool: maybe(fc.integer({ min: 1, max: 40 })),
    pins: maybe(fc.boolean()),
    sameLanguage: maybe(fc.boolean()),
    fallback: maybe(fc.constantFrom<"recent" | string[]>("recent", ["cr09", "no-such", "ca02", "ca01"])),
    exclude: maybe(fc.constantFrom(["ca03", "ca04"], ["cb01"])),
  })
  .map((o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as RecommendOptions);

beforeAll(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
});
afterAll(() => {
  vi.useRealTimers();
});

describe("signals against the brute-force reference", () => {
  const rec = new Recommender().add(ARTS);
  const ids = ARTS.map((a) => a.id);

  it("each option alone, on every article", () => {
    const each: RecommendOptions[] = [
      { recency: { halfLife: "30d" } },
      { recency: { halfLife: "90d", relativeTo: "now" } },
      { recency: { halfLife: 20 * DAY, relativeTo: new Date(T0 + 300 * DAY) } },
      { maxAge: "60d" },
      { newer: false },
      { boost: { section: 0.5, tags: 0.3 } },
      { sameSection: true },
      { sameLanguage: false },
      { duplicates: 0.3 },
      { diversity: 0.5, pool: 20 },
      { pins: false },
      { fallback: "recent", minScore: 0.2 },
      { fallback: ["cr09", "ca01"], minScore: 0.2, k: 4 },
    ];
    for (const o of each) for (const q of ids) expectClose(rec.recommend(q, o), reference(q, o), `${q} ${JSON.stringify(o)}`);
  }, 60_000);

  it("any combination (property)", () => {
    fc.assert(
      fc.property(optionsArb, fc.constantFrom(...ids), (o, q) => {
        expectClose(rec.recommend(q, o), reference(q, o), `${q} ${JSON.stringify(o)}`);
      }),
      { numRuns: Number(process.env.SIGNAL_RUNS ?? 300), seed: 11 },
    );
  }, 60_000);

  it("relatedAll with any options equals recommend with them, on a fresh index and on one with kept lists", () => {
    fc.assert(
      fc.property(optionsArb, (o) => {
        const { minScore, exclude, ...all } = o;
        void minScore;
        void exclude;
        const fresh = new Recommender().add(ARTS);
        const lists = fresh.relatedAll(all);
        for (const q of ids) expectClose(lists.get(q) as Recommendation[], rec.recommend(q, all), `${q} ${JSON.stringify(all)}`);
      }),
      { numRuns: 12, seed: 5 },
    );
  }, 60_000);

  it("kept lists answer exactly as a searching twin", () => {
    const kept = new Recommender().add(ARTS);
    kept.relatedAll({ k: 30 });
    const twin = new Recommender().add(ARTS);
    twin.keepLists = false;
    fc.assert(
      fc.property(optionsArb, fc.constantFrom(...ids), (o, q) => {
        expect(kept.recommend(q, o)).toEqual(twin.recommend(q, o));
      }),
      { numRuns: 200, seed: 3 },
    );
    expect(kept.stats().keptLists).toBe(ARTS.length);
  }, 60_000);

  it("the picks and fallback entries carry their reason; matches carry none", () => {
    const q = ARTS.find((a) => (a.related ?? []).some((p) => p !== a.id && BY_ID.has(p))) as Meta;
    const list = rec.recommend(q.id, { k: 12, fallback: "recent", minScore: 0.3 });
    expect(list[0]?.reason).toBe("pinned");
    expect(list.some((r) => r.reason === "fallback")).toBe(true);
    expect(list.filter((r) => r.reason === undefined).every((r) => r.score >= 0.3)).toBe(true);
    expect(list.filter((r) => r.reason === "fallback").every((r) => r.score === 0)).toBe(true);
    expect(Object.keys(rec.recommend(q.id, { pins: false })[0] as object)).toEqual(["id", "score"]);
  });
});

describe("drafts (recommendText)", () => {
  const rec = new Recommender().add(ARTS);
  it("read the draft's own date (default now), section, language, tags and picks", () => {
    const base = ARTS[5] as Meta;
    const draft = { text: base.text, title: base.title, section: "sport", lang: "fr", tags: ["war", "unknown-tag"], related: ["ca01", "nope"] };
    const got = rec.recommendText(draft, { k: 6, recency: { halfLife: "30d" }, boost: { section: 1, tags: 0.5 }, sameLanguage: true });
    expect(got[0]).toMatchObject({ id: "ca01", reason: "pinned" });
    // Every match is French or undated in language, and its score is the cosine times the documented multipliers.
    for (const r of got.slice(1)) {
      const a = BY_ID.get(r.id) as Meta;
      expect(a.lang === undefined || primary(a.lang) === "fr").toBe(true);
      const plain = rec.recommendText({ text: draft.text, title: draft.title, tags: draft.tags }, { k: 200, sameLanguage: false, pins: false }).find((x) => x.id === r.id)?.score as number;
      const t = dateOf(r.id);
      const decay = Number.isNaN(t) ? 1 : 2 ** (-Math.abs(t - NOW) / (30 * DAY));
      const tags = new Set(a.tags ?? []);
      const shared = ["war", "unknown-tag"].filter((x) => tags.has(x)).length;
      const jac = tags.size === 0 ? 0 : shared / (2 + tags.size - shared);
      expect(r.score).toBeCloseTo(plain * decay * (1 + (a.section === "sport" ? 1 : 0) + 0.5 * jac), 12);
    }
  });
});

describe("the kernels agree with signals on", () => {
  // 3,000 synthetic articles: the pruned kernel prunes from 2,000 on.
  const meta = (i: number) => ({ date: new Date(T0 + ((i * 7919) % 730) * DAY).toISOString(), section: SECTIONS[i % 4], tags: [TAGS[i % 6] as string, TAGS[(i * 5) % 6] as string] });
  const articles = generateCorpusArray({ n: 3000, seed: 9 }).map((a, i) => ({ ...a, ...meta(i) }));
  const exhaustive = new Recommender().add(articles);
  const pruned = new Recommender().add(articles);
  internalsOf(pruned).kernel = "pruned";
  const opts: RecommendOptions[] = [
    { recency: { halfLife: "30d" } },
    { recency: { halfLife: "7d" }, boost: { section: 0.5, tags: 0.3 }, newer: false },
    { boost: { section: 2 }, maxAge: "90d", k: 20 },
    { recency: { halfLife: "1y", relativeTo: "now" }, duplicates: 0.5 },
  ];
  it("pruned equals exhaustive, bit for bit", () => {
    for (const o of opts) for (let i = 0; i < 3000; i += 97) {
      const id = articles[i]?.id as string;
      expect(pruned.recommend(id, o)).toEqual(exhaustive.recommend(id, o));
    }
  });
  it("approximate returns true final scores (the exact search's doubles)", () => {
    for (const o of opts) for (let i = 0; i < 3000; i += 301) {
      const id = articles[i]?.id as string;
      const exact = new Map(exhaustive.recommend(id, { ...o, k: 3000, duplicates: undefined }).map((r) => [r.id, r.score]));
      for (const r of exhaustive.recommend(id, { ...o, maxQueryTerms: 8, duplicates: undefined })) expect(r.score).toBe(exact.get(r.id));
    }
  });
});

describe("option values", () => {
  const rec = new Recommender().add(ARTS.slice(0, 10));
  it("refuses bad ones with INVALID_OPTION naming the option and the value", () => {
    const bad: [RecommendOptions, RegExp][] = [
      [{ recency: { halfLife: "soon" } }, /recency\.halfLife.*soon/],
      [{ recency: { halfLife: 0 } }, /recency\.halfLife/],
      [{ recency: { halfLife: "3d", relativeTo: "yesterday" as never } }, /relativeTo/],
      [{ recency: { halfLife: "3d", relativeTo: new Date(NaN) } }, /relativeTo/],
      [{ recency: { halfLife: "3d", half: 1 } as never }, /recency\.half/],
      [{ maxAge: "-3d" }, /maxAge.*-3d/],
      [{ maxAge: Infinity }, /maxAge/],
      [{ newer: "no" as never }, /newer/],
      [{ boost: { section: -1 } }, /boost\.section/],
      [{ boost: { tags: NaN } }, /boost\.tags/],
      [{ boost: 2 as never }, /boost/],
      [{ duplicates: 0 }, /duplicates/],
      [{ duplicates: 1.5 }, /duplicates/],
      [{ diversity: 7 }, /diversity/],
      [{ pool: 0 }, /pool/],
      [{ fallback: "random" as never }, /fallback/],
      [{ fallback: [""] }, /fallback/],
      [{ pins: 1 as never }, /pins/],
      [{ sameLanguage: null as never }, /sameLanguage/],
    ];
    for (const [o, msg] of bad) {
      expect(() => rec.recommend("ca01", o)).toThrow(msg);
      try {
        rec.recommend("ca01", o);
      } catch (e) {
        expect((e as { code: string }).code).toBe("INVALID_OPTION");
      }
      expect(() => rec.relatedAll(o as never)).toThrow(msg);
    }
  });
  it("accepts durations in every unit, equal to their milliseconds", () => {
    const a = rec.recommend("ca01", { recency: { halfLife: "2w" } });
    expect(rec.recommend("ca01", { recency: { halfLife: 14 * DAY } })).toEqual(a);
    expect(rec.recommend("ca01", { recency: { halfLife: "336h" } })).toEqual(a);
    expect(rec.recommend("ca01", { maxAge: "1.5d" })).toEqual(rec.recommend("ca01", { maxAge: 1.5 * DAY }));
  });
});

describe("the near-duplicate bound (rank/variety.ts)", () => {
  it("never rules out a pair whose score reaches the threshold, whatever the field weights and tf", () => {
    const brown = loadBrown().slice(0, 60);
    // Near-copies too: a text and the same text with a sentence added or a word changed.
    const docs = [
      ...brown.map((b) => ({ id: b.id, title: b.title, text: b.text, tags: ["x"] })),
      ...brown.slice(0, 20).map((b) => ({ id: `${b.id}-copy`, title: b.title, text: `${b.text} Update: more to follow.`, tags: ["x"] })),
    ];
    for (const options of [{}, { tf: "raw" as const }, { fields: { title: 0.3, text: 1, tags: 0.5 } }, { fields: { title: 3, text: 2, tags: 0 }, tf: "raw" as const }]) {
      const r = new Recommender(options).add(docs);
      const m = internalsOf(r).state(true).matrix;
      const pairs = new PairScores(m, minTfWeight(r.options));
      let ruledOut = 0;
      for (let a = 0; a < docs.length; a += 3) {
        for (let b = 0; b < docs.length; b++) {
          if (a === b) continue;
          const s = pairs.score(a, b);
          for (const t of [0.5, 0.8, 0.95, 0.99]) {
            expect(pairs.atLeast(a, b, t)).toBe(s >= t);
            if (s < t) ruledOut++;
          }
        }
      }
      expect(ruledOut).toBeGreaterThan(0);
    }
  });
});
