/**
 * Feedback outside the core: `Recommender.load(bytes, { feedback })`, alsolike/node's threaded
 * relatedAll (from the built dist/, whose worker file the threads run) and the CLI's `--feedback`.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateCorpusArray } from "../bench/synthetic.js";
import { loadBrown } from "../scripts/brown.js";
import { RecommenderError } from "../src/errors.js";
import { Recommender } from "../src/index.js";
import { BUILD_TIMEOUT, CLI, ROOT, ensureDist } from "./ensure-dist.js";

const brown = loadBrown()
  .filter((_, i) => i % 10 === 0)
  .map(({ id, text }) => ({ id, text }));

const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
    return undefined;
  } catch (e) {
    return e instanceof RecommenderError ? e.code : String(e);
  }
};

describe("Recommender.load with { feedback }", () => {
  const plain = new Recommender().add(brown);
  const moved = new Recommender({ feedback: { docs: 4, weight: 0.5, terms: 10 } }).add(brown);

  it("replaces the saved setting: on for a plain snapshot, off for a feedback one", () => {
    const on = Recommender.load(plain.save(), { feedback: { docs: 4, weight: 0.5, terms: 10 } });
    const off = Recommender.load(moved.save({ lists: true }), { feedback: false });
    expect(on.options).toEqual(moved.options);
    expect(off.options).toEqual(plain.options);
    for (const { id } of brown) {
      expect(on.recommend(id)).toEqual(moved.recommend(id));
      expect(off.recommend(id)).toEqual(plain.recommend(id));
    }
    expect(Recommender.load(moved.save()).options.feedback).toEqual({ docs: 4, weight: 0.5, terms: 10 });
  });

  it("refuses a bad setting or an unknown load option with INVALID_OPTION", () => {
    const bytes = plain.save();
    expect(codeOf(() => Recommender.load(bytes, { feedback: { docs: 0 } }))).toBe("INVALID_OPTION");
    expect(codeOf(() => Recommender.load(bytes, { feedback: "on" as never }))).toBe("INVALID_OPTION");
    expect(codeOf(() => Recommender.load(bytes, { feedbak: true } as never))).toBe("INVALID_OPTION");
    expect(codeOf(() => Recommender.load(new Recommender({ norm: "none" }).add(brown).save(), { feedback: true }))).toBe("INVALID_OPTION");
  });
});

type NodeEntry = typeof import("../src/node/index.js");

describe("feedback with alsolike/node and the CLI (built dist/)", () => {
  let dist: NodeEntry;
  let dir: string;

  beforeAll(async () => {
    await ensureDist();
    dist = (await import(pathToFileURL(join(ROOT, "dist", "node.js")).href)) as NodeEntry;
    dir = await mkdtemp(join(tmpdir(), "alsolike-feedback-"));
  }, BUILD_TIMEOUT);
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("relatedAll on 2 worker threads gives rec.relatedAll()'s lists, and recommend's", async () => {
    const corpus = generateCorpusArray({ n: 2500, seed: 9 }).map(({ id, title, text }) => ({ id, title, text }));
    const rec = new dist.Recommender({ feedback: { docs: 5, weight: 0.5, terms: 20 } }).add(corpus);
    const progress: number[] = [];
    const threaded = await dist.relatedAll(rec, { threads: 2, k: 6, onProgress: (done, total) => progress.push(done / total) });
    // The second pass's progress, rising to 1 once (the cosine lists' is not reported).
    expect(progress.at(-1)).toBe(1);
    expect(progress.filter((p) => p === 1)).toHaveLength(1);
    const single = new dist.Recommender({ feedback: { docs: 5, weight: 0.5, terms: 20 } }).add(corpus);
    const expected = single.relatedAll({ k: 6 });
    expect(threaded).toEqual(expected);
    single.keepLists = false;
    for (const { id } of corpus.filter((_, i) => i % 100 === 0)) expect(threaded.get(id)).toEqual(single.recommend(id, { k: 6 }));
  }, 120_000);

  it("relatedAll on 2 worker threads with sharedNeighbours gives rec.relatedAll()'s lists", async () => {
    const corpus = generateCorpusArray({ n: 2200, seed: 4 }).map(({ id, title, text }) => ({ id, title, text }));
    const threaded = await dist.relatedAll(new dist.Recommender({ sharedNeighbours: true }).add(corpus), { threads: 2, k: 8 });
    const single = new dist.Recommender({ sharedNeighbours: true }).add(corpus);
    expect(threaded).toEqual(single.relatedAll({ k: 8 }));
    single.keepLists = false;
    for (const { id } of corpus.filter((_, i) => i % 200 === 0)) expect(threaded.get(id)).toEqual(single.recommend(id, { k: 8 }));
  }, 120_000);

  const run = (...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
    new Promise((resolve) => {
      execFile(process.execPath, [CLI, ...args], { cwd: dir, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
        resolve({ code: error === null ? 0 : typeof error.code === "number" ? error.code : -1, stdout, stderr });
      });
    });

  it("build --feedback stores the setting in the index; related and all use it, --feedback overrides it", async () => {
    await writeFile(join(dir, "brown.jsonl"), brown.map((a) => JSON.stringify(a)).join("\n"));
    expect((await run("build", "brown.jsonl", "-o", "fb.alsolike", "--feedback", "4,0.5,10", "--quiet")).code).toBe(0);
    expect((await run("build", "brown.jsonl", "-o", "plain.alsolike", "--quiet")).code).toBe(0);
    const moved = new Recommender({ feedback: { docs: 4, weight: 0.5, terms: 10 } }).add(brown);
    const plain = new Recommender().add(brown);
    const id = brown[3]!.id;
    const related = await run("related", id, "--index", "fb.alsolike", "--json", "-k", "5");
    expect(JSON.parse(related.stdout)).toEqual(moved.recommend(id, { k: 5 }));
    const all = JSON.parse((await run("all", "--index", "fb.alsolike", "-k", "5")).stdout) as Record<string, unknown[]>;
    expect(all[id]).toEqual(moved.recommend(id, { k: 5 }));
    const off = JSON.parse((await run("all", "--index", "fb.alsolike", "-k", "5", "--feedback", "off")).stdout) as Record<string, unknown[]>;
    expect(off[id]).toEqual(plain.recommend(id, { k: 5 }));
    const on = await run("related", id, "--index", "plain.alsolike", "--json", "-k", "5", "--feedback", "4,0.5,10");
    expect(JSON.parse(on.stdout)).toEqual(moved.recommend(id, { k: 5 }));
    const defaults = await run("related", id, "--index", "plain.alsolike", "--json", "-k", "5", "--feedback", "on");
    expect(JSON.parse(defaults.stdout)).toEqual(new Recommender({ feedback: true }).add(brown).recommend(id, { k: 5 }));
  }, 60_000);

  it("build --shared-neighbours stores the rerank; related uses it, --shared-neighbours off undoes it", async () => {
    expect((await run("build", "brown.jsonl", "-o", "sn.alsolike", "--shared-neighbours", "5,0.3,30", "--quiet")).code).toBe(0);
    const rec = new Recommender({ sharedNeighbours: { depth: 5, weight: 0.3, pool: 30 } }).add(brown);
    const id = brown[7]!.id;
    expect(JSON.parse((await run("related", id, "--index", "sn.alsolike", "--json", "-k", "5")).stdout)).toEqual(rec.recommend(id, { k: 5 }));
    const off = JSON.parse((await run("all", "--index", "sn.alsolike", "-k", "5", "--shared-neighbours", "off")).stdout) as Record<string, unknown[]>;
    expect(off[id]).toEqual(new Recommender().add(brown).recommend(id, { k: 5 }));
    const bad = await run("related", id, "--index", "sn.alsolike", "--shared-neighbours", "5,2");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("sharedNeighbours.weight");
  }, 60_000);

  it("refuses a bad --feedback with exit 2 and one line naming it", async () => {
    for (const bad of ["maybe", "0", "3,0", "3,0.5,-1", "3,0.5,20,4", "3,,20"]) {
      const r = await run("related", brown[0]!.id, "--index", "plain.alsolike", "--feedback", bad);
      expect(r.code, bad).toBe(2);
      expect(r.stderr).toContain(`--feedback "${bad}"`);
    }
    const b = await run("build", "brown.jsonl", "-o", "x.alsolike", "--feedback", "101");
    expect(b.code).toBe(2);
    expect(b.stderr).toContain("feedback.docs");
  }, 60_000);
});
