import { describe, expect, it } from "vitest";
import {
  AliasTable,
  PARAMS,
  brownVocabulary,
  generateArticle,
  generateCorpus,
  generateCorpusArray,
  mixSeed,
  mulberry32,
  topicWords,
} from "../bench/synthetic.js";

// One sample shared by the statistics tests (generating it takes about a second, mostly Brown).
const N = 2000;
const sample = generateCorpusArray({ n: N, seed: 7 });
const tokensOf = (text: string) => text.toLowerCase().match(/[a-z]+/g) ?? [];

describe("mulberry32", () => {
  it("gives the same sequence for the same seed and another for another seed", () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(xs);
  });

  it("is uniform on [0, 1)", () => {
    const rng = mulberry32(1);
    const bins = new Array<number>(10).fill(0);
    let outside = 0;
    for (let i = 0; i < 100_000; i++) {
      const x = rng();
      if (x >= 0 && x < 1) bins[Math.floor(x * 10)] = (bins[Math.floor(x * 10)] as number) + 1;
      else outside++;
    }
    expect(outside).toBe(0);
    for (const b of bins) expect(Math.abs(b - 10_000)).toBeLessThan(500);
  });

  it("is seeded per article through mixSeed, which spreads neighbouring inputs", () => {
    expect(mixSeed(1, 1)).not.toBe(mixSeed(1, 2));
    expect(mixSeed(1, 2)).not.toBe(mixSeed(2, 1));
  });
});

describe("AliasTable", () => {
  it("samples indices in proportion to their weights", () => {
    const table = new AliasTable([1, 2, 3, 4]);
    const rng = mulberry32(3);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 100_000; i++) {
      const j = table.sample(rng);
      counts[j] = (counts[j] as number) + 1;
    }
    counts.forEach((c, i) => expect(Math.abs(c / 100_000 - (i + 1) / 10)).toBeLessThan(0.01));
  });
});

describe("generateCorpus", () => {
  it("gives identical output for the same seed", () => {
    expect(generateCorpusArray({ n: 200, seed: 7 })).toEqual(sample.slice(0, 200));
  });

  it("gives different output for another seed", () => {
    const other = generateCorpusArray({ n: 50, seed: 8 });
    expect(other.map((a) => a.text)).not.toEqual(sample.slice(0, 50).map((a) => a.text));
  });

  it("makes smaller corpora prefixes of larger ones, with random access by index", () => {
    expect(generateCorpusArray({ n: 100, seed: 7 })).toEqual(sample.slice(0, 100));
    expect([...generateCorpus({ start: 150, n: 2, seed: 7 })]).toEqual(sample.slice(150, 152));
    expect(generateArticle(1999, 7)).toEqual(sample[1999]);
  });

  it("numbers ids in order, zero-padded, and dates them in increasing order", () => {
    expect(sample.map((a) => a.id)).toEqual(sample.map((_, i) => `a${String(i).padStart(7, "0")}`));
    const times = sample.map((a) => Date.parse(a.date));
    expect(times.every((t, i) => Number.isFinite(t) && (i === 0 || t > (times[i - 1] as number)))).toBe(true);
    expect(sample[0]?.date.startsWith("2015-01-01")).toBe(true);
  });

  // 100k must take well under 30 s for bench/scale.ts; the bound is loose for busy CI machines.
  it("generates 10,000 articles in a few seconds", () => {
    const t = performance.now();
    let chars = 0;
    for (const a of generateCorpus({ n: 10_000, seed: 9 })) chars += a.text.length;
    expect(chars).toBeGreaterThan(10_000 * 1000);
    expect(performance.now() - t).toBeLessThan(10_000);
  });
});

describe("synthetic corpus statistics", () => {
  it("uses Brown's lowercase alphabetic words, most frequent first", () => {
    const vocab = brownVocabulary();
    expect(vocab.length).toBeGreaterThan(35_000);
    expect(vocab.slice(0, 3)).toEqual(["the", "of", "and"]);
    expect(vocab.every((w) => /^[a-z]+$/.test(w))).toBe(true);
    const known = new Set(vocab);
    const unknown = sample.flatMap((a) => tokensOf(`${a.title} ${a.text}`).filter((t) => !known.has(t)));
    expect(unknown).toEqual([]);
  });

  it("has lognormal lengths with median about 400 tokens and sigma about 0.5", () => {
    const lengths = sample.map((a) => tokensOf(a.text).length).sort((x, y) => x - y);
    const median = lengths[N / 2] as number;
    expect(Math.abs(median - PARAMS.medianLength) / PARAMS.medianLength).toBeLessThan(0.06);
    const logs = lengths.map(Math.log);
    const mean = logs.reduce((s, x) => s + x, 0) / N;
    const sd = Math.sqrt(logs.reduce((s, x) => s + (x - mean) ** 2, 0) / (N - 1));
    expect(Math.abs(sd - PARAMS.sigmaLength)).toBeLessThan(0.04);
    expect(lengths[0]).toBeGreaterThanOrEqual(PARAMS.minLength);
  });

  it("follows Zipf's law (s = 1) on the frequent words that no topic boosts", () => {
    const counts = new Map<string, number>();
    let total = 0;
    for (const a of sample) {
      for (const t of tokensOf(a.text)) {
        counts.set(t, (counts.get(t) ?? 0) + 1);
        total++;
      }
    }
    const vocab = brownVocabulary();
    // Least-squares slope of log frequency on log rank over ranks 1..100 (below topicRankMin).
    const xs: number[] = [];
    const ys: number[] = [];
    for (let r = 1; r <= 100; r++) {
      xs.push(Math.log(r));
      ys.push(Math.log(counts.get(vocab[r - 1] as string) ?? 1));
    }
    const mx = xs.reduce((s, x) => s + x, 0) / xs.length;
    const my = ys.reduce((s, y) => s + y, 0) / ys.length;
    let sxy = 0;
    let sxx = 0;
    xs.forEach((x, i) => {
      sxy += (x - mx) * ((ys[i] as number) - my);
      sxx += (x - mx) ** 2;
    });
    expect(Math.abs(sxy / sxx + PARAMS.zipfS)).toBeLessThan(0.1);
    // "the" is rank 1: P = (1 - mean topic share) / H(V).
    let h = 0;
    for (let r = 1; r <= vocab.length; r++) h += 1 / r;
    const expected = (1 - (PARAMS.topicShare[0] + PARAMS.topicShare[1]) / 2) / h;
    expect(Math.abs((counts.get("the") ?? 0) / total - expected) / expected).toBeLessThan(0.08);
  });

  it("gives each article 1-2 of 100 topics, and fills it with its main topic's words", () => {
    const seen = new Set<number>();
    let two = 0;
    let share = 0;
    const words = new Map<number, Set<string>>();
    for (const a of sample) {
      expect(a.topics[0]).toBe(a.topic);
      expect(a.topics.length === 1 || (a.topics.length === 2 && a.topics[1] !== a.topic)).toBe(true);
      expect(a.topic >= 0 && a.topic < PARAMS.topics).toBe(true);
      seen.add(a.topic);
      if (a.topics.length === 2) two++;
      let set = words.get(a.topic);
      if (!set) words.set(a.topic, (set = new Set(topicWords(a.topic, 7))));
      const tokens = tokensOf(a.text);
      share += tokens.filter((t) => set.has(t)).length / tokens.length;
    }
    expect(seen.size).toBe(PARAMS.topics);
    expect(Math.abs(two / N - PARAMS.secondTopic)).toBeLessThan(0.04);
    // Main-topic tokens (plus background hits on the same words): at least ~a quarter of the text.
    expect(share / N).toBeGreaterThan(0.22);
    expect(share / N).toBeLessThan(0.45);
  });

  it("draws topic words from mid-frequency ranks", () => {
    const vocab = brownVocabulary();
    const rank = new Map(vocab.map((w, i) => [w, i]));
    const ws = topicWords(0, 7);
    expect(new Set(ws).size).toBe(PARAMS.topicWords);
    for (const w of ws) {
      const r = rank.get(w) as number;
      expect(r >= PARAMS.topicRankMin && r < PARAMS.topicRankMax).toBe(true);
    }
  });

  it("titles have 6-10 capitalised words from the vocabulary", () => {
    const known = new Set(brownVocabulary());
    const bad = sample.filter((a) => {
      const ws = a.title.split(" ");
      return (
        ws.length < PARAMS.titleWords[0] ||
        ws.length > PARAMS.titleWords[1] ||
        ws.some((w) => w.charAt(0) !== w.charAt(0).toUpperCase() || !known.has(w.toLowerCase()))
      );
    });
    expect(bad.map((a) => a.title)).toEqual([]);
  });
});
