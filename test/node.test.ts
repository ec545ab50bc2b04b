/**
 * `alsolike/node`: snapshot files (saveFile / loadFile, from the TypeScript sources) and the
 * multi-threaded relatedAll (from the built dist/, since worker threads run dist/worker.js).
 */
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { generateCorpusArray } from "../bench/synthetic.js";
import { loadFile, relatedAll as relatedAllFromSource, saveFile } from "../src/node/index.js";
import { RecommenderError } from "../src/errors.js";
import { Recommender, type Recommendation } from "../src/index.js";
import type { Article } from "../src/validate.js";
import { BUILD_TIMEOUT, ROOT, ensureDist } from "./ensure-dist.js";

// saveFile's file system calls, observed (and made to fail on demand) through a pass-through mock.
const fsHooks = vi.hoisted(() => ({
  /** "open <path>", "write <path>", "sync <path>", "close <path>", "rename <from> <to>", in call order. */
  log: [] as string[],
  /** Write half of the bytes, then fail (a full disk mid-write). */
  failWrite: false,
  /** Fail the rename (after the temporary file is complete). */
  failRename: false,
  /** Runs just before the rename, when the new bytes are complete in the temporary file. */
  beforeRename: undefined as undefined | ((from: string, to: string) => Promise<void>),
}));

vi.mock("node:fs/promises", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:fs/promises")>();
  const simulated = (code: string) => Object.assign(new Error(`${code} (simulated)`), { code });
  const open: typeof actual.open = async (path, flags, mode) => {
    const handle = await actual.open(path, flags, mode);
    const name = String(path);
    fsHooks.log.push(`open ${name}`);
    const { writeFile: write, sync, close } = handle;
    Object.assign(handle, {
      writeFile: async (data: Uint8Array) => {
        fsHooks.log.push(`write ${name}`);
        if (fsHooks.failWrite) {
          await write.call(handle, data.subarray(0, data.length >> 1));
          throw simulated("ENOSPC");
        }
        return write.call(handle, data);
      },
      sync: async () => {
        fsHooks.log.push(`sync ${name}`);
        return sync.call(handle);
      },
      close: async () => {
        fsHooks.log.push(`close ${name}`);
        return close.call(handle);
      },
    });
    return handle;
  };
  const rename: typeof actual.rename = async (from, to) => {
    fsHooks.log.push(`rename ${String(from)} ${String(to)}`);
    await fsHooks.beforeRename?.(String(from), String(to));
    if (fsHooks.failRename) throw simulated("EIO");
    return actual.rename(from, to);
  };
  return { ...actual, open, rename };
});

const ARTICLES: Article[] = [
  { id: "syria-1", title: "US troops leave Syria", text: "American troops begin their withdrawal from northern Syria.", date: "2019-10-08" },
  { id: "syria-2", title: "Syria withdrawal", text: "The Syria troop withdrawal worries Kurdish allies.", tags: ["Syria"] },
  { id: "iran-1", title: "Iran missile test", text: "Iran test-fires a missile; Washington answers with sanctions." },
  { id: "iran-2", title: "Sanctions on Iran", text: "New sanctions follow the missile launch by Iran." },
  { id: "baking", title: "Sourdough at home", text: "Feed the starter, fold the dough, bake in a hot oven." },
];
const OTHER: Article[] = [
  { id: "cup-1", title: "Cup final", text: "The cup final went to penalties." },
  { id: "cup-2", title: "Penalties again", text: "Another cup final decided by penalties." },
];

function answers(rec: Recommender): [string, Recommendation[]][] {
  return rec.ids().map((id) => [id, rec.recommend(id, { k: 50 })]);
}

/** The error a promise rejects with (fails the test if it resolves). */
async function rejection(promise: Promise<unknown>): Promise<NodeJS.ErrnoException> {
  try {
    await promise;
  } catch (e) {
    return e as NodeJS.ErrnoException;
  }
  return expect.fail("expected a rejection");
}

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "alsolike-node-test-"));
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

beforeEach(() => {
  fsHooks.log.length = 0;
  fsHooks.failWrite = false;
  fsHooks.failRename = false;
  fsHooks.beforeRename = undefined;
});

/** A fresh, empty folder for one test. */
async function folder(name: string): Promise<string> {
  const path = join(dir, name);
  await mkdir(path);
  return path;
}

describe("saveFile and loadFile", () => {
  it("round-trip a Recommender through a file, leaving only that file in the folder", async () => {
    const here = await folder("round-trip");
    const rec = new Recommender().add(ARTICLES);
    const path = join(here, "index.alsolike");
    await saveFile(rec, path);
    expect(new Uint8Array(await readFile(path))).toEqual(rec.save());
    const loaded = await loadFile(path);
    expect(loaded).toBeInstanceOf(Recommender);
    expect(answers(loaded)).toEqual(answers(rec));
    expect(loaded.options).toEqual(rec.options);
    expect(await readdir(here)).toEqual(["index.alsolike"]);
  });

  it("replaces an existing file", async () => {
    const here = await folder("replace");
    const path = join(here, "index.bin");
    await writeFile(path, "an older, unrelated file that is longer than nothing at all".repeat(1000));
    await saveFile(new Recommender().add(OTHER), path);
    const rec = new Recommender().add(ARTICLES);
    await saveFile(rec, path);
    expect(new Uint8Array(await readFile(path))).toEqual(rec.save());
    expect(answers(await loadFile(path))).toEqual(answers(rec));
    expect(await readdir(here)).toEqual(["index.bin"]);
  });

  it("writes a temporary file in the same folder, flushes it, then renames it over the target", async () => {
    const here = await folder("atomic");
    const path = join(here, "index.bin");
    const old = new Recommender().add(OTHER);
    await saveFile(old, path);
    fsHooks.log.length = 0;
    const rec = new Recommender().add(ARTICLES);
    const bytes = rec.save();
    let seen = false;
    fsHooks.beforeRename = async (from, to) => {
      // The moment before the switch: the new bytes are complete under the temporary name, and
      // the target still holds the previous, loadable index (a crash here loses nothing).
      seen = true;
      expect(to).toBe(path);
      expect(new Uint8Array(await readFile(from))).toEqual(bytes);
      expect(answers(await loadFile(to))).toEqual(answers(old));
    };
    await saveFile(rec, path);
    expect(seen).toBe(true);
    const tmp = (fsHooks.log[0] as string).slice("open ".length);
    expect(dirname(tmp)).toBe(here);
    expect(tmp).not.toBe(path);
    // `.<name>.<pid>.<16 hex>.tmp`: the shape the next save recognises as a stale temporary file.
    expect(basename(tmp)).toMatch(new RegExp(`^\\.index\\.bin\\.${process.pid}\\.[0-9a-f]{16}\\.tmp$`));
    // (loadFile's own open/close, inside beforeRename, come after the rename.)
    const writes = fsHooks.log.filter((l) => l.includes(tmp));
    expect(writes).toEqual([`open ${tmp}`, `write ${tmp}`, `sync ${tmp}`, `close ${tmp}`, `rename ${tmp} ${path}`]);
    expect(fsHooks.log.slice(0, writes.length)).toEqual(writes);
    expect(existsSync(tmp)).toBe(false);
    expect(answers(await loadFile(path))).toEqual(answers(rec));
  });

  it("keeps the previous file and removes its temporary file when writing fails midway", async () => {
    const here = await folder("write-fails");
    const path = join(here, "index.bin");
    const old = new Recommender().add(OTHER);
    await saveFile(old, path);
    const before = await readFile(path);
    fsHooks.log.length = 0;
    fsHooks.failWrite = true;
    const error = await rejection(saveFile(new Recommender().add(ARTICLES), path));
    expect(error.code).toBe("ENOSPC");
    expect(await readFile(path)).toEqual(before);
    expect(answers(await loadFile(path))).toEqual(answers(old));
    expect(await readdir(here)).toEqual(["index.bin"]);
    expect(fsHooks.log.some((l) => l.startsWith("rename"))).toBe(false);
  });

  it("keeps the previous file and removes its temporary file when the rename fails", async () => {
    const here = await folder("rename-fails");
    const path = join(here, "index.bin");
    const old = new Recommender().add(OTHER);
    await saveFile(old, path);
    fsHooks.failRename = true;
    const error = await rejection(saveFile(new Recommender().add(ARTICLES), path));
    expect(error.code).toBe("EIO");
    expect(answers(await loadFile(path))).toEqual(answers(old));
    expect(await readdir(here)).toEqual(["index.bin"]);
  });

  it("keeps an existing file, and writes nothing, when save() throws", async () => {
    const here = await folder("save-throws");
    const path = join(here, "index.bin");
    const old = new Recommender().add(OTHER);
    await saveFile(old, path);
    const before = await readFile(path);
    fsHooks.log.length = 0;
    const boom = new Error("save failed");
    const broken = {
      save(): Uint8Array {
        throw boom;
      },
    } as unknown as Recommender;
    expect(await rejection(saveFile(broken, path))).toBe(boom);
    expect(fsHooks.log).toEqual([]);
    expect(await readFile(path)).toEqual(before);
    expect(answers(await loadFile(path))).toEqual(answers(old));
    expect(await readdir(here)).toEqual(["index.bin"]);
  });

  it("rejects with the fs error and leaves nothing behind when the folder does not exist", async () => {
    const here = await folder("missing-folder");
    const path = join(here, "not", "there", "index.bin");
    const error = await rejection(saveFile(new Recommender().add(ARTICLES), path));
    expect(error).not.toBeInstanceOf(RecommenderError);
    expect(error.code).toBe("ENOENT");
    expect(existsSync(path)).toBe(false);
    expect(await readdir(here)).toEqual([]);
  });

  it("refuses a folder as target with INVALID_OPTION naming it, writing nothing", async () => {
    const here = await folder("target-is-folder");
    const path = join(here, "index.bin");
    await mkdir(path);
    await writeFile(join(path, "keep.txt"), "keep");
    const error = await rejection(saveFile(new Recommender().add(ARTICLES), path));
    expect(error).toBeInstanceOf(RecommenderError);
    expect(error.code).toBe("INVALID_OPTION");
    expect(error.message).toContain(path);
    expect((await stat(path)).isDirectory()).toBe(true);
    expect(await readdir(path)).toEqual(["keep.txt"]);
    expect(await readdir(here)).toEqual(["index.bin"]);
  });

  it("loadFile rejects with the fs error (ENOENT) for a missing file", async () => {
    const error = await rejection(loadFile(join(dir, "no-such-file.bin")));
    expect(error).not.toBeInstanceOf(RecommenderError);
    expect(error.code).toBe("ENOENT");
  });

  it("loadFile rejects a folder with the fs error (EISDIR)", async () => {
    const error = await rejection(loadFile(await folder("a-folder")));
    expect(error).not.toBeInstanceOf(RecommenderError);
    expect(error.code).toBe("EISDIR");
  });

  it("loadFile rejects a corrupt, truncated, empty or foreign file with INVALID_SNAPSHOT", async () => {
    const here = await folder("corrupt");
    const bytes = new Recommender().add(ARTICLES).save();
    const flipped = bytes.slice();
    const middle = Math.floor(bytes.length / 2);
    flipped[middle] = (flipped[middle] as number) ^ 0x10;
    const files: [string, Uint8Array | string][] = [
      ["flipped.bin", flipped],
      ["truncated.bin", bytes.subarray(0, bytes.length - 3)],
      ["half.bin", bytes.subarray(0, bytes.length >> 1)],
      ["empty.bin", ""],
      ["text.json", JSON.stringify(ARTICLES)],
      ["padded.bin", Buffer.concat([bytes, Buffer.alloc(8)])],
    ];
    for (const [name, content] of files) {
      await writeFile(join(here, name), content);
      const error = await rejection(loadFile(join(here, name)));
      expect(error, name).toBeInstanceOf(RecommenderError);
      expect((error as unknown as RecommenderError).code, name).toBe("INVALID_SNAPSHOT");
    }
  });

  it("loadFile rejects a file of another format version with INCOMPATIBLE_SNAPSHOT_VERSION", async () => {
    const bytes = new Recommender().add(ARTICLES).save().slice();
    new DataView(bytes.buffer).setUint32(8, 99, true);
    const path = join(await folder("version"), "v99.bin");
    await writeFile(path, bytes);
    const error = await rejection(loadFile(path));
    expect(error).toBeInstanceOf(RecommenderError);
    expect((error as unknown as RecommenderError).code).toBe("INCOMPATIBLE_SNAPSHOT_VERSION");
  });

  it("round-trips an empty Recommender", async () => {
    const path = join(await folder("empty"), "empty.bin");
    await saveFile(new Recommender(), path);
    const loaded = await loadFile(path);
    expect(loaded.size).toBe(0);
    expect(new Uint8Array(await readFile(path))).toEqual(new Recommender().save());
  });
});

// ---------------------------------------------------------------------------------------------

type NodeEntry = typeof import("../src/node/index.js");
type Rec = InstanceType<NodeEntry["Recommender"]>;
type Lists = Map<string, Recommendation[]>;

/** Above the 2,000-article threshold below which relatedAll stays on one thread. */
const N = 3000;
const SEED = 5;
const K = 7;

describe("relatedAll on worker threads (built dist/)", () => {
  let dist: NodeEntry;
  let rec: Rec;
  let small: Rec;
  let threaded: Lists;
  const progress: [number, number][] = [];

  const plain = ({ id, title, text, date }: Article) => ({ id, title, text, date });

  beforeAll(async () => {
    await ensureDist();
    dist = (await import(pathToFileURL(join(ROOT, "dist", "node.js")).href)) as NodeEntry;
    const corpus = generateCorpusArray({ n: N, seed: SEED }).map(plain);
    // The dist Recommender class (the src one is another class, with other private fields).
    rec = new dist.Recommender().add(corpus).build();
    // Changes pending since the build: relatedAll compacts them first.
    for (let i = 0; i < 25; i++) rec.remove((corpus[i * 97] as Article).id);
    for (let i = 0; i < 15; i++) rec.update({ ...(corpus[N - 1 - i * 31] as Article), id: (corpus[5 + i * 13] as Article).id });
    rec.add(generateCorpusArray({ n: 40, seed: SEED, start: N }).map(plain));
    small = new dist.Recommender().add(corpus.slice(0, 200));
  }, BUILD_TIMEOUT);

  it("gives exactly rec.relatedAll()'s lists with 2 threads, reporting progress up to the total", async () => {
    const single = vi.spyOn(rec, "relatedAll");
    threaded = await dist.relatedAll(rec, { threads: 2, k: K, onProgress: (done, total) => progress.push([done, total]) });
    // It ran on the workers: the one-thread method was not called.
    expect(single).not.toHaveBeenCalled();
    single.mockRestore();
    // The workers' lists are kept: recommend now looks them up.
    expect(rec.stats().keptLists).toBe(rec.size);
    expect(rec.size).toBe(N - 25 + 40);
    expect([...threaded.keys()]).toEqual(rec.ids());
    // The one-thread pass computes its own lists (the kept ones would answer it).
    rec.keepLists = false;
    const expected = rec.relatedAll({ k: K });
    rec.keepLists = true;
    expect([...threaded]).toEqual([...expected]);
    for (const list of threaded.values()) expect(list.length).toBeLessThanOrEqual(K);
    expect([...threaded.values()].filter((l) => l.length === K).length).toBeGreaterThan(rec.size * 0.9);

    expect(progress.length).toBeGreaterThan(2);
    for (let i = 0; i < progress.length; i++) {
      const [done, total] = progress[i] as [number, number];
      expect(total).toBe(rec.size);
      if (i > 0) expect(done).toBeGreaterThan((progress[i - 1] as [number, number])[0]);
    }
    expect(progress.at(-1)).toEqual([rec.size, rec.size]);
  }, 60_000);

  it("equals recommend(id, { k }) for a sample of articles", () => {
    expect(threaded).toBeDefined();
    const ids = rec.ids();
    // Searched, not looked up in the lists relatedAll kept.
    rec.keepLists = false;
    for (let i = 0; i < ids.length; i += 37) {
      const id = ids[i] as string;
      expect(threaded.get(id), id).toEqual(rec.recommend(id, { k: K }));
    }
    const last = ids.at(-1) as string;
    expect(threaded.get(last)).toEqual(rec.recommend(last, { k: K }));
    rec.keepLists = true;
  });

  it("gives the same lists as one thread with word pairs on (the workers read wordPairs from the shared index)", async () => {
    const corpus = generateCorpusArray({ n: 2500, seed: SEED + 2 }).map(plain);
    const pairs = new dist.Recommender({ wordPairs: 0.5 }).add(corpus);
    const lists = await dist.relatedAll(pairs, { threads: 2, k: K });
    pairs.keepLists = false;
    expect([...lists]).toEqual([...pairs.relatedAll({ k: K })]);
    for (let i = 0; i < 2500; i += 101) {
      const id = (corpus[i] as Article).id;
      expect(lists.get(id), id).toEqual(pairs.recommend(id, { k: K }));
    }
    // Pairs changed the lists: the same corpus without them lists otherwise.
    const without = new dist.Recommender().add(corpus).relatedAll({ k: K });
    expect([...lists].some(([id, list]) => JSON.stringify(list) !== JSON.stringify(without.get(id)))).toBe(true);
  }, 120_000);

  it("does not keep lists when the corpus changed while the workers ran", async () => {
    const probe = new dist.Recommender().add(generateCorpusArray({ n: N, seed: SEED + 1 }).map(plain));
    const running = dist.relatedAll(probe, { threads: 2, k: K });
    probe.add({ id: "late", text: "an article added while the lists were computed" });
    const lists = await running;
    expect(lists.has("late")).toBe(false);
    expect(probe.stats().keptLists).toBe(0);
  }, 60_000);

  it("is deterministic: a second run gives identical lists", async () => {
    expect(threaded).toBeDefined();
    rec.keepLists = false; // computed again, not looked up
    const again = await dist.relatedAll(rec, { threads: 2, k: K });
    rec.keepLists = true;
    expect([...again]).toEqual([...threaded]);
  }, 60_000);

  it("runs on one thread, as rec.relatedAll, with threads: 1", async () => {
    const single = vi.spyOn(rec, "relatedAll");
    const onProgress = () => undefined;
    // Stand-in lists: this only checks that the work is handed to rec.relatedAll (a full
    // one-thread pass over this corpus is already compared above).
    const sentinel: Lists = new Map([["sentinel", []]]);
    single.mockReturnValueOnce(sentinel);
    expect(await dist.relatedAll(rec, { threads: 1, k: K, onProgress })).toBe(sentinel);
    expect(single).toHaveBeenCalledExactlyOnceWith({ k: K, onProgress });
    single.mockRestore();
  });

  it("with signal options: the workers' cosine lists, then each list as recommend makes it; a multiplier runs on one thread", async () => {
    const corpus0 = generateCorpusArray({ n: N, seed: SEED + 1 });
    const corpus = corpus0.map((a, i) => ({
      ...plain(a),
      section: `s${i % 5}`,
      lang: i % 11 === 0 ? "fr" : "en",
      tags: [`t${i % 7}`],
      ...(i % 13 === 0 ? { related: [`a${(i * 31) % N}`, "not-here", (corpus0[(i * 7) % N] as Article).id] } : {}),
    }));
    const signalled = new dist.Recommender().add(corpus);
    const twin = new dist.Recommender().add(corpus);
    twin.keepLists = false;
    const single = vi.spyOn(signalled, "relatedAll");
    const options = { k: 6, maxAge: "30d", sameSection: true, duplicates: 0.9, fallback: "recent" as const };
    const lists = await dist.relatedAll(signalled, { threads: 2, ...options });
    expect(single).not.toHaveBeenCalled();
    let pinned = 0;
    for (const id of twin.ids()) {
      const want = twin.recommend(id, options);
      expect(lists.get(id)).toEqual(want);
      if (want.some((r) => r.reason === "pinned")) pinned++;
    }
    expect(pinned).toBeGreaterThan(0);
    // Scores multiplied per query are searched article by article, on this thread.
    const recency = { k: 4, recency: { halfLife: "7d" } };
    const decayed = await dist.relatedAll(signalled, { threads: 2, ...recency });
    expect(single).toHaveBeenCalledTimes(1);
    single.mockRestore();
    for (const id of twin.ids().slice(0, 300)) expect(decayed.get(id)).toEqual(twin.recommend(id, recency));
  }, BUILD_TIMEOUT);

  it("runs on one thread below 2,000 articles, with the same lists and progress", async () => {
    const single = vi.spyOn(small, "relatedAll");
    const progressSmall: number[] = [];
    const lists = await dist.relatedAll(small, { threads: 2, onProgress: (done) => progressSmall.push(done) });
    expect(single).toHaveBeenCalledTimes(1);
    single.mockRestore();
    expect([...lists]).toEqual([...small.relatedAll()]);
    expect(progressSmall.at(-1)).toBe(small.size);
    expect(progressSmall).toEqual([...progressSmall].sort((a, b) => a - b));
    // threads: 1 too, for real
    expect([...(await dist.relatedAll(small, { threads: 1, k: 3 }))]).toEqual([...small.relatedAll({ k: 3 })]);
    // and the TypeScript sources, which have no built worker to start, stay on one thread
    const fromSource = new Recommender().add(generateCorpusArray({ n: 120, seed: SEED }).map(plain));
    expect([...(await relatedAllFromSource(fromSource, { threads: 2, k: 4 }))]).toEqual([...fromSource.relatedAll({ k: 4 })]);
  });

  it("rejects invalid threads, k and options with INVALID_OPTION", async () => {
    const bad: Record<string, unknown>[] = [
      { threads: 0 },
      { threads: -1 },
      { threads: 1.5 },
      { threads: "2" },
      { threads: NaN },
      { threads: Infinity },
      { threads: null },
      { k: 0 },
      { k: -1 },
      { k: 1.5 },
      { k: "10" },
      { k: NaN },
      { k: null },
      { onProgress: "yes" },
      { signal: "stop" },
      { signal: { aborted: "no" } },
      { thread: 2 },
    ];
    for (const options of bad) {
      for (const target of [rec, small]) {
        const error = await rejection(dist.relatedAll(target, options as never));
        expect(error, JSON.stringify(options)).toBeInstanceOf(dist.RecommenderError);
        expect((error as unknown as RecommenderError).code, JSON.stringify(options)).toBe("INVALID_OPTION");
      }
    }
  });

  it("stops the workers when its signal aborts, rejecting with the signal's reason", async () => {
    const reason = new Error("site build cancelled");
    const controller = new AbortController();
    let calls = 0;
    const error = await rejection(
      dist.relatedAll(rec, {
        threads: 2,
        k: K,
        signal: controller.signal,
        onProgress: () => {
          calls++;
          controller.abort(reason);
        },
      }),
    );
    expect(error).toBe(reason);
    expect(calls).toBeGreaterThan(0);
    // Already aborted: rejected before any work.
    const early = new AbortController();
    early.abort(reason);
    expect(await rejection(dist.relatedAll(rec, { threads: 2, signal: early.signal }))).toBe(reason);
    // The index is unchanged: a run afterwards gives the same lists.
    expect(threaded).toBeDefined();
    expect([...(await dist.relatedAll(rec, { threads: 2, k: K }))]).toEqual([...threaded]);
  }, 60_000);

  // Regression: the parameter default `= {}` only covers undefined, and null used to be
  // destructured (a TypeError) where rec.relatedAll(null) throws INVALID_OPTION.
  it("rejects null options with INVALID_OPTION, as rec.relatedAll does", async () => {
    expect(() => small.relatedAll(null as never)).toThrow(expect.objectContaining({ code: "INVALID_OPTION" }));
    const error = await rejection(dist.relatedAll(small, null as never));
    expect(error).toBeInstanceOf(dist.RecommenderError);
    expect((error as unknown as RecommenderError).code).toBe("INVALID_OPTION");
  });
});
