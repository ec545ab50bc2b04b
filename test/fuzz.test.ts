// A seeded fuzz test of the public API. A model holds the articles the index accepted; every call
// is random and often hostile (bad ids, throwing getters, Proxies, throwing or re-entrant
// callbacks, huge tokens, snapshots round-tripped). After every call that threw, and every few
// calls anyway, each article's list must equal the list of a fresh build of the model.
// FUZZ_RUNS=<calls> runs more (CI runs the default).
import { describe, expect, it } from "vitest";
import { mulberry32 } from "../bench/synthetic.js";
import { loadBrown } from "../scripts/brown.js";
import { RecommenderError } from "../src/errors.js";
import type { RecommenderOptions } from "../src/options.js";
import { Recommender, type Recommendation } from "../src/index.js";
import type { Article } from "../src/validate.js";

const CALLS = Number(process.env.FUZZ_RUNS ?? 2500);
const SEEDS = [1, 2, 3, 4];

// Real words, so that articles share terms as a site's do.
const WORDS = [...new Set(loadBrown().slice(0, 40).flatMap((b) => b.text.toLowerCase().split(/\s+/)).filter((w) => /^[a-z]{3,}$/.test(w)))].slice(0, 400);
const HOSTILE_IDS = ["__proto__", "constructor", "prototype", "hasOwnProperty", "toString", "valueOf", "0", "-1", "é", "🙂", "a\u0000b", " ", "x".repeat(300)];
const BAD_IDS: unknown[] = ["", "\uD800", 42, null, undefined, {}, ["a"], Symbol("s")];
const OPTIONS: RecommenderOptions[] = [{}, { analyzer: "sklearn" }, { stemming: false, minDf: 1 }, { tf: "raw", maxDf: 0.8, fields: { title: 2, tags: 1e6 } }];

class Boom extends Error {}

interface Model {
  articles: Map<string, Article>;
}

function fuzz(seed: number, options: RecommenderOptions, calls: number): { failures: number; checks: number } {
  const rand = mulberry32(seed);
  const int = (n: number) => Math.floor(rand() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)] as T;
  const chance = (p: number) => rand() < p;
  const model: Model = { articles: new Map() };
  let rec = new Recommender(options);
  let counter = 0;
  let failures = 0;
  let checks = 0;

  const text = (): string => {
    const n = 3 + int(40);
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(pick(WORDS));
    if (chance(0.05)) out.push("x".repeat(500 + int(3000)));
    if (chance(0.05)) out.push("l'armée café naïve Ünïcödé 1984 e-mail O'Brien");
    if (chance(0.03)) out.push("\uD800 stray surrogate \uDFFF");
    return out.join(" ");
  };
  const freshId = (): string => (chance(0.15) ? pick(HOSTILE_IDS) : `a${counter++}`);
  const known = (): string | undefined => {
    const ids = [...model.articles.keys()];
    return ids.length ? pick(ids) : undefined;
  };
  const article = (id: string): Article => {
    const a: Article = { id, text: text() };
    if (chance(0.5)) a.title = text().slice(0, 60);
    if (chance(0.3)) a.tags = [pick(WORDS), pick(WORDS)];
    if (chance(0.3)) a.date = new Date(Date.UTC(2000 + int(25), int(12), 1 + int(28)));
    return a;
  };
  /** An article object that misbehaves (or not): getters, Proxies, bad fields. */
  const hostile = (a: Article): { value: unknown; valid: boolean } => {
    switch (int(8)) {
      case 0: {
        // A getter that answers once with a string, then with junk: the first read must be the one used.
        let reads = 0;
        const t = a.text;
        return { value: { ...a, get text() { return reads++ === 0 ? t : 42; } }, valid: true };
      }
      case 1:
        return { value: { ...a, get title(): string { throw new Boom("title getter"); } }, valid: false };
      case 2:
        return { value: new Proxy(a, { get: (o, k) => { if (k === "tags") throw new Boom("proxy"); return Reflect.get(o, k); } }), valid: false };
      case 3:
        return { value: { ...a, date: Object.create(null) }, valid: false };
      case 4:
        return { value: { ...a, text: chance(0.5) ? null : ["x"] }, valid: false };
      case 5:
        return { value: { ...a, tags: ["ok", 3] }, valid: false };
      case 6:
        return { value: { ...a, id: pick(BAD_IDS) }, valid: false };
      default:
        return { value: new Proxy(a, {}), valid: true };
    }
  };
  const plain = (a: Article): Article => ({ ...a, tags: a.tags ? [...a.tags] : undefined });

  /** A filter that may throw, call back into the index, or answer with junk. */
  const filter = (): { fn: (id: string, d: Date | undefined) => boolean; pure: boolean } => {
    const limit = int(20);
    let calls = 0;
    switch (int(6)) {
      case 0:
        return { fn: () => { if (calls++ >= limit) throw new Boom("filter"); return true; }, pure: false };
      case 1:
        return { fn: (id) => { if (calls++ === 0) try { rec.remove(id); } catch (e) { expect((e as RecommenderError).code).toBe("REENTRANT_CALL"); } return true; }, pure: true };
      case 2:
        return { fn: (id) => { if (calls++ < 2) rec.recommend(id, { k: 3 }); return id.length % 2 === 0; }, pure: true };
      case 3:
        return { fn: () => "yes" as unknown as boolean, pure: true };
      case 4:
        return { fn: (id) => { if (calls++ === limit) rec.add({ id: "never", text: "x" }); return true; }, pure: false };
      default:
        return { fn: (id, d) => d === undefined || d.getUTCFullYear() > 2010 || id < "a5", pure: true };
    }
  };

  const check = (why: string): void => {
    checks++;
    const twin = new Recommender(options);
    twin.add([...model.articles.values()]);
    expect(rec.size, why).toBe(model.articles.size);
    expect(new Set(rec.ids()), why).toEqual(new Set(model.articles.keys()));
    for (const id of model.articles.keys()) expectSameList(rec.recommend(id), twin.recommend(id), `${why}: list of ${JSON.stringify(id)}`);
  };

  for (let call = 0; call < calls; call++) {
    let threw = false;
    const op = int(100);
    let label = "";
    try {
      if (op < 30) {
        label = "add";
        const batch: Article[] = [];
        const values: unknown[] = [];
        let valid = true;
        for (let i = 0, n = 1 + int(4); i < n; i++) {
          const a = article(freshId());
          if (chance(0.2)) {
            const h = hostile(a);
            values.push(h.value);
            valid &&= h.valid;
          } else values.push(a);
          batch.push(plain(a));
        }
        const ids = batch.map((a) => a.id);
        valid &&= new Set(ids).size === ids.length && !ids.some((id) => model.articles.has(id));
        rec.add(values as Article[]);
        expect(valid, "a batch the model thinks invalid was accepted").toBe(true);
        for (const a of batch) model.articles.set(a.id, a);
      } else if (op < 40) {
        label = "update";
        const id = chance(0.8) ? known() ?? "missing" : "missing";
        const a = article(id);
        rec.update(a);
        model.articles.delete(id);
        model.articles.set(id, plain(a));
      } else if (op < 52) {
        label = "remove";
        const id = chance(0.85) ? known() ?? "missing" : chance(0.5) ? "missing" : pick(BAD_IDS);
        rec.remove(id as string);
        model.articles.delete(id as string);
      } else if (op < 75) {
        label = "recommend";
        const id = known() ?? "missing";
        const f = chance(0.5) ? filter() : undefined;
        const opts: Record<string, unknown> = { k: 1 + int(12) };
        if (chance(0.3)) opts.minScore = rand() * 0.3;
        if (chance(0.2)) opts.exclude = chance(0.8) ? [known() ?? "x"] : { [Symbol.iterator]: () => { throw new Boom("iterator"); } };
        if (chance(0.15)) opts.maxQueryTerms = 1 + int(5);
        if (f) opts.filter = f.fn;
        const got = rec.recommend(id, opts);
        for (const r of got) {
          expect(model.articles.has(r.id)).toBe(true);
          expect(r.id).not.toBe(id);
          expect(Number.isFinite(r.score)).toBe(true);
        }
      } else if (op < 80) {
        label = "recommendText";
        rec.recommendText(chance(0.8) ? text() : ({ text: text(), tags: [pick(WORDS)] } as never), chance(0.5) ? { filter: filter().fn } : undefined);
      } else if (op < 85) {
        label = "relatedAll";
        let n = 0;
        const limit = int(5);
        rec.relatedAll({
          k: 1 + int(12),
          onProgress: chance(0.5) ? () => { if (n++ === limit) throw new Boom("progress"); } : () => { try { rec.remove(known() ?? "x"); } catch { /* refused */ } },
        });
      } else if (op < 90) {
        label = "explain";
        const a = known() ?? "x";
        const b = chance(0.9) ? known() ?? "y" : "missing";
        const e = rec.explain(a, b);
        expect(Number.isFinite(e.score)).toBe(true);
      } else if (op < 95) {
        label = "save/load";
        const bytes = rec.save({ lists: chance(0.5) });
        rec = Recommender.load(bytes, { copy: chance(0.5) });
      } else if (op < 97) {
        label = "build";
        rec.build();
      } else {
        label = "keepLists";
        rec.keepLists = chance(0.8) ? !rec.keepLists : ("yes" as never);
      }
    } catch (e) {
      threw = true;
      failures++;
      if (!(e instanceof RecommenderError) && !(e instanceof Boom)) throw e;
    }
    if (threw || call % 97 === 0) check(`seed ${seed}, call ${call} (${label}${threw ? ", threw" : ""})`);
  }
  check(`seed ${seed}, end`);
  return { failures, checks };
}

const TOLERANCE = 1e-9;

/**
 * The same list up to the last bits: scores position by position within TOLERANCE (incremental
 * changes move scores by ~1e-11 until the next compaction), and the same articles except where
 * scores tie within TOLERANCE at the end of the list, whose order may then differ.
 */
function expectSameList(got: Recommendation[], want: Recommendation[], why: string): void {
  expect(got.length, why).toBe(want.length);
  for (let i = 0; i < got.length; i++) {
    expect(Math.abs((got[i] as Recommendation).score - (want[i] as Recommendation).score), why).toBeLessThanOrEqual(TOLERANCE);
  }
  if (got.length === 0) return;
  const last = (want[want.length - 1] as Recommendation).score;
  const sure = (l: Recommendation[]) => new Set(l.filter((r) => r.score > last + TOLERANCE).map((r) => r.id));
  expect(sure(got), why).toEqual(sure(want));
}

describe("the public API under seeded random, hostile calls", () => {
  for (const [i, seed] of SEEDS.entries()) {
    const options = OPTIONS[i % OPTIONS.length] as RecommenderOptions;
    it(`keeps answering as a fresh build of what it accepted (seed ${seed}, options ${JSON.stringify(options)})`, { timeout: 120_000 }, () => {
      const { failures, checks } = fuzz(seed, options, Math.ceil(CALLS / SEEDS.length));
      // The generator does reach the error paths and the checks.
      expect(failures).toBeGreaterThan(CALLS / SEEDS.length / 20);
      expect(checks).toBeGreaterThan(failures);
    });
  }
});
