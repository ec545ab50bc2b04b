/**
 * Agreement with scikit-learn: test/fixtures/sklearn-brown50.json holds the cosine matrices that
 * scikit-learn 1.2.1's TfidfVectorizer gives on title + "\n" + text of every 10th Brown text
 * (scripts/sklearn-docs.ts, scripts/sklearn-fixture.py).
 *
 * Tolerances are 4x the largest error measured over all 2,450 pairs (recommend and explain alike):
 * raw tf 5.0e-11, which is the fixture's own rounding (10 decimals); sublinear tf 1.3e-9, from
 * storing tf weights 1 + ln(count) as float32 (raw counts are exact in float32). Float32 norms
 * would give 5.6e-8 and 1.6e-8.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Recommender } from "../src/index.js";
import { loadBrown } from "../scripts/brown.js";
import { internalsOf } from "../src/internal.js";

interface SklearnFixture {
  sklearn: string;
  ids: string[];
  vocabularySize: { raw: number; sublinear: number };
  raw: number[][];
  sublinear: number[][];
}

const FIXTURE = JSON.parse(readFileSync(new URL("./fixtures/sklearn-brown50.json", import.meta.url), "utf8")) as SklearnFixture;
const TEXTS = loadBrown().filter((_, i) => i % 10 === 0);
const TOLERANCE = { raw: 2e-10, sublinear: 5.2e-9 } as const;

describe("scikit-learn TfidfVectorizer agreement", () => {
  it("uses the 50 texts the fixture was made from", () => {
    expect(FIXTURE.sklearn).toBe("1.2.1");
    expect(TEXTS.map((t) => t.id)).toEqual(FIXTURE.ids);
  });

  it.each(["raw", "sublinear"] as const)("gives scikit-learn's cosine for every pair with tf %s", (tf) => {
    const rec = new Recommender({ analyzer: "sklearn", tf, idf: "smooth", norm: "l2", fields: { title: 1, text: 1 } });
    rec.add(TEXTS.map(({ id, title, text }) => ({ id, title, text })));
    const expected = FIXTURE[tf];
    const ids = FIXTURE.ids;
    let worst = 0;
    let pairs = 0;
    ids.forEach((a, i) => {
      const listed = new Map(rec.recommend(a, { k: 49 }).map((r) => [r.id, r.score]));
      ids.forEach((b, j) => {
        if (i === j) return;
        const want = (expected[i] as number[])[j] as number;
        const explained = rec.explain(a, b).score;
        // recommend lists only articles with a positive score.
        const got = listed.get(b) ?? 0;
        expect(listed.has(b)).toBe(want > 0);
        worst = Math.max(worst, Math.abs(got - want), Math.abs(explained - want));
        pairs++;
      });
    });
    expect(pairs).toBe(50 * 49);
    expect(worst).toBeLessThanOrEqual(TOLERANCE[tf]);
  });

  it("ends up with scikit-learn's vocabulary size", () => {
    const rec = new Recommender({ analyzer: "sklearn", fields: { title: 1, text: 1 } });
    rec.add(TEXTS.map(({ id, title, text }) => ({ id, title, text })));
    expect(internalsOf(rec).state(true).vocabulary.size).toBe(FIXTURE.vocabularySize.raw);
  });
});
