/**
 * Tokens longer than MAX_TOKEN_LENGTH (64) through the whole Recommender. natural's Porter stemmer
 * is quadratic in a token's length: `recommendText("x".repeat(64000))` took 12 s, and `add` of such
 * an article as long, so one request could stall a server. The default analyzer now skips such
 * tokens (they are not words); the sklearn analyzer keeps them, as scikit-learn does, and does not
 * stem. These tests check behaviour, not time: the stemmer never sees a long token, and the 10 s
 * test timeouts are only a sanity bound for inputs that took minutes before.
 */
import { readFileSync } from "node:fs";
import PorterStemmer from "natural/lib/natural/stemmers/porter_stemmer.js";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Recommender } from "../src/index.js";
import { MAX_TOKEN_LENGTH } from "../src/analysis/default-analyzer.js";
import type { Article } from "../src/validate.js";
import { internalsOf } from "../src/internal.js";

const NEWS = JSON.parse(readFileSync(new URL("./fixtures/tiny-news.json", import.meta.url), "utf8")) as (Article & { title: string; tags: string[] })[];
const SANITY = { timeout: 10_000 };
/** MAX_TOKEN_LENGTH, as documented (a literal, so that these tests ran before it existed). */
const LIMIT = 64;
const MB = 1 << 20;

/**
 * Spies on the stemmer and makes it throw on a token past the limit, at once, rather than after
 * the minutes it would take (so these tests failed fast before the limit existed).
 */
function guardStemmer() {
  const stem = PorterStemmer.stem;
  return vi.spyOn(PorterStemmer, "stem").mockImplementation((token: string) => {
    if (!(token.length <= LIMIT)) throw new Error(`the stemmer was given a token of ${token.length} characters`);
    return stem.call(PorterStemmer, token);
  });
}

/** Junk that is not words: a base64 run, a SHA-512 hex digest, a key held down. */
const BASE64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg".repeat(700);
const SHA512 = "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e";
const HELD = "z".repeat(200_000);

afterEach(() => {
  vi.restoreAllMocks();
});

describe("long tokens, default analyzer", () => {
  it("recommendText of one 64,000-letter token finds nothing and never stems it", SANITY, () => {
    const rec = new Recommender().add(NEWS);
    guardStemmer();
    expect(rec.recommendText("x".repeat(64_000))).toEqual([]);
    expect(rec.recommendText(`Syria ${"x".repeat(200_000)}`)).toEqual(rec.recommendText("Syria"));
  });

  it("add of an article that is one 200,000-letter token indexes no term for it", SANITY, () => {
    const rec = new Recommender().add(NEWS);
    const terms = internalsOf(rec).state(true).vocabulary.size;
    const stem = guardStemmer();
    rec.add({ id: "blob", title: "x".repeat(200_000), text: HELD, tags: ["y".repeat(200_000)] });
    expect(rec.recommend("blob")).toEqual([]);
    expect(internalsOf(rec).state(true).vocabulary.size).toBe(terms);
    rec.add({ id: "words", text: `zebras ${HELD} galloping` });
    expect(stem).toHaveBeenCalled();
  });

  it("handles a 1 MB token and 1 MB of junk in add and recommendText", SANITY, () => {
    const junk = Array.from({ length: MB }, (_, i) => "a'\u2019-1\u0301é_ ж\u{20000}"[(i * 7919) % 12]).join("");
    const rec = new Recommender().add(NEWS);
    guardStemmer();
    rec.add([
      { id: "token", text: `Syria troops ${"q".repeat(MB)}` },
      { id: "junk", text: junk },
    ]);
    expect(rec.recommendText(`${"q".repeat(MB)} Syria`)).toEqual(rec.recommendText("Syria"));
    expect(Array.isArray(rec.recommendText(junk))).toBe(true);
  });

  it("gives an article with a huge token exactly the row it has without it", SANITY, () => {
    const withJunk = NEWS.map((a, i) =>
      i === 0 ? { ...a, title: `${a.title} ${SHA512}`, text: `${a.text}\n${BASE64} ${HELD}. ${a.text}`, tags: [...a.tags, HELD] } : a,
    );
    const plain = NEWS.map((a, i) => (i === 0 ? { ...a, text: `${a.text}\n${a.text}` } : a));
    guardStemmer();
    const a = new Recommender().add(withJunk);
    const b = new Recommender().add(plain);
    // The vectors and postings are the same; the saved bytes differ only by the tag kept as a value.
    const index = (r: Recommender) => {
      const s = internalsOf(r).state(true);
      return [s.vocabulary.terms(), s.matrix.arrays(), s.matrix.sums()];
    };
    expect(index(a)).toEqual(index(b));
    for (const { id } of NEWS) expect(a.recommend(id)).toEqual(b.recommend(id));
    expect(a.recommendText(withJunk[0] as Article)).toEqual(b.recommendText(plain[0] as Article));
    expect(a.explain(NEWS[0]?.id as string, NEWS[1]?.id as string)).toEqual(b.explain(NEWS[0]?.id as string, NEWS[1]?.id as string));
  });

  it("documents the limit as MAX_TOKEN_LENGTH", () => {
    expect(MAX_TOKEN_LENGTH).toBe(LIMIT);
  });

  it("skips long tokens with stemming off too", () => {
    const a = new Recommender({ stemming: false }).add([{ id: "a", text: `troops ${"k".repeat(65)}` }, { id: "b", text: "troops" }]);
    expect(internalsOf(a).state(true).vocabulary.size).toBe(1);
  });
});

describe("long tokens, sklearn analyzer", () => {
  it("keeps a 1 MB token as one term, as scikit-learn does", SANITY, () => {
    const rec = new Recommender({ analyzer: "sklearn" }).add([
      { id: "token", text: `syria ${"q".repeat(MB)}` },
      { id: "other", text: "syria troops" },
    ]);
    expect(internalsOf(rec).state(true).vocabulary.size).toBe(3);
    const [hit, ...rest] = rec.recommendText("q".repeat(MB));
    expect(hit?.id).toBe("token");
    expect(rest).toEqual([]);
  });
});
