/**
 * `alsolike/node` when things go wrong around it: an onProgress that throws while worker threads
 * run, a process killed in the middle of saveFile, and "files" that are pipes or devices.
 */
import { execFileSync, fork, spawnSync } from "node:child_process";
import { closeSync, constants, openSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { generateCorpusArray } from "../bench/synthetic.js";
import { RecommenderError } from "../src/errors.js";
import { loadFile, relatedAll as relatedAllFromSource, saveFile } from "../src/node/index.js";
import { Recommender } from "../src/index.js";
import type { Article } from "../src/validate.js";
import { BUILD_TIMEOUT, ROOT, ensureDist } from "./ensure-dist.js";

type NodeEntry = typeof import("../src/node/index.js");

const ARTICLES: Article[] = [
  { id: "syria-1", title: "US troops leave Syria", text: "American troops begin their withdrawal from northern Syria." },
  { id: "syria-2", title: "Syria withdrawal", text: "The Syria troop withdrawal worries Kurdish allies." },
  { id: "iran-1", title: "Iran missile test", text: "Iran test-fires a missile; Washington answers with sanctions." },
  { id: "iran-2", title: "Sanctions on Iran", text: "New sanctions follow the missile launch by Iran." },
];

const posix = process.platform !== "win32";
let dir: string;

/** Errors that reached process "uncaughtException" (vitest reports them too; this names them here). */
const uncaught: unknown[] = [];
const recordUncaught = (e: unknown) => uncaught.push(e);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "alsolike-hardening-"));
  process.on("uncaughtException", recordUncaught);
});

afterAll(async () => {
  process.off("uncaughtException", recordUncaught);
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function folder(name: string): Promise<string> {
  const path = join(dir, name);
  await mkdir(path);
  return path;
}

/** The error `promise` rejects with; fails when it resolves, or has not settled after `ms`. */
async function rejection(promise: Promise<unknown>, ms = 10_000): Promise<Error & { code?: string }> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<"late">((resolve) => {
    timer = setTimeout(() => resolve("late"), ms);
  });
  try {
    const settled = await Promise.race([promise.then(() => "resolved" as const), late]);
    return expect.fail(settled === "late" ? `did not settle within ${ms} ms` : "expected a rejection");
  } catch (e) {
    if ((e as Error).name === "AssertionError") throw e;
    return e as Error & { code?: string };
  } finally {
    clearTimeout(timer);
  }
}

/** A pid that has just exited (its process was reaped), so nothing answers to it. */
function deadPid(): number {
  const { pid } = spawnSync(process.execPath, ["-e", ""]);
  expect(() => process.kill(pid as number, 0)).toThrow(expect.objectContaining({ code: "ESRCH" }));
  return pid as number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("relatedAll on worker threads (built dist/) when onProgress throws", () => {
  const N = 3000;
  const K = 5;
  const plain = ({ id, title, text, date }: Article) => ({ id, title, text, date });
  let dist: NodeEntry;
  let corpus: Article[];

  beforeAll(async () => {
    await ensureDist();
    dist = (await import(pathToFileURL(join(ROOT, "dist", "node.js")).href)) as NodeEntry;
    corpus = generateCorpusArray({ n: N, seed: 11 }).map(plain);
  }, BUILD_TIMEOUT);

  it("rejects with the thrown error, stops every worker, keeps nothing, and the Recommender answers as a fresh build", async () => {
    const rec = new dist.Recommender().add(corpus);
    const fresh = new dist.Recommender().add(corpus);
    const terminate = vi.spyOn(Worker.prototype, "terminate");
    const boom = new Error("progress bar broke");
    let calls = 0;
    const error = await rejection(
      dist.relatedAll(rec, {
        threads: 2,
        k: K,
        onProgress: () => {
          calls++;
          if (calls === 3) throw boom;
        },
      }),
    );
    expect(error).toBe(boom);
    expect(terminate).toHaveBeenCalledTimes(2);
    terminate.mockRestore();
    // Stopped: no further progress reaches the callback, and nothing escaped as uncaught.
    await sleep(300);
    expect(calls).toBe(3);
    expect(uncaught).toEqual([]);
    // Nothing kept: recommend searches, and answers as a Recommender that never ran relatedAll.
    expect(rec.stats().keptLists).toBe(0);
    const ids = rec.ids();
    for (let i = 0; i < ids.length; i += 149) {
      const id = ids[i] as string;
      expect(rec.recommend(id, { k: K }), id).toEqual(fresh.recommend(id, { k: K }));
    }
    // A later run completes with the lists of a fresh build, and keeps them.
    const lists = await dist.relatedAll(rec, { threads: 2, k: K });
    expect([...lists]).toEqual([...fresh.relatedAll({ k: K })]);
    expect(rec.stats().keptLists).toBe(rec.size);
  }, 60_000);

  it("rejects with the thrown error on one thread and from kept lists too", async () => {
    const boom = new Error("thrown by onProgress");
    const small = new dist.Recommender().add(corpus.slice(0, 300));
    const throwing = () => {
      throw boom;
    };
    expect(await rejection(dist.relatedAll(small, { threads: 2, onProgress: throwing }))).toBe(boom);
    expect(small.stats().keptLists).toBe(0);
    await dist.relatedAll(small); // keeps every list
    expect(small.stats().keptLists).toBe(small.size);
    expect(await rejection(dist.relatedAll(small, { onProgress: throwing }))).toBe(boom);
    const fromSource = new Recommender().add(ARTICLES);
    expect(await rejection(relatedAllFromSource(fromSource, { onProgress: throwing }))).toBe(boom);
    expect(uncaught).toEqual([]);
  }, 60_000);
});

describe("saveFile and stale temporary files", () => {
  it("removes the target's temporary files left by dead processes, and nothing else", async () => {
    const here = await folder("stale");
    const target = join(here, "index.bin");
    const dead = deadPid();
    const hex = "0123456789abcdef";
    const stale = [`.index.bin.${dead}.${hex}.tmp`, `.index.bin.${dead}.fedcba9876543210.tmp`];
    const kept = [
      `.index.bin.${process.pid}.${hex}.tmp`, // this process: a save may be running
      `.index.bin.${process.ppid}.${hex}.tmp`, // a live process
      `.other.bin.${dead}.${hex}.tmp`, // another target's
      `.index.bin.${dead}.${hex}.tmp.bak`,
      `.index.bin.${dead}.tmp`,
      `.index.bin.${dead}.${hex.slice(1)}.tmp`,
      `.index.bin.${dead}.${hex.toUpperCase()}.tmp`,
      `.index.bin.0${dead}.${hex}.tmp`,
      `.index.bin.x${dead}.${hex}.tmp`,
      `index.bin.${dead}.${hex}.tmp`,
      `.index.bin.bak.${dead}.${hex}.tmp`,
      "notes.txt",
    ];
    for (const name of [...stale, ...kept]) await writeFile(join(here, name), "x".repeat(1000));
    // A folder with a stale file's name is not a file we wrote.
    const folderName = `.index.bin.${dead}.aaaaaaaaaaaaaaaa.tmp`;
    await mkdir(join(here, folderName));
    const rec = new Recommender().add(ARTICLES);
    await saveFile(rec, target);
    expect((await readdir(here)).sort()).toEqual([...kept, folderName, "index.bin"].sort());
    expect(new Uint8Array(await readFile(target))).toEqual(rec.save());
  });

  it.runIf(posix)("after kill -9 in the middle of a save, the next save removes the full-size temporary file", async () => {
    await ensureDist();
    const here = await folder("killed");
    const target = join(here, "index.bin");
    // The child writes a real index with the built saveFile, and is killed while the bytes are
    // complete in its temporary file but not yet renamed: its fsync never returns.
    const script = join(here, "child.mjs");
    await writeFile(
      script,
      `import { open, readFile } from "node:fs/promises";
const { Recommender, saveFile } = await import(${JSON.stringify(pathToFileURL(join(ROOT, "dist", "node.js")).href)});
const probe = await open(process.execPath, "r");
const FileHandle = Object.getPrototypeOf(probe);
await probe.close();
FileHandle.sync = function () {
  process.send("synced");
  return new Promise(() => undefined);
};
const rec = new Recommender().add(JSON.parse(await readFile(process.argv[3], "utf8")));
process.send(rec.save().length);
await saveFile(rec, process.argv[2]);
`,
    );
    const articles = join(dir, "killed-articles.json");
    await writeFile(articles, JSON.stringify(generateCorpusArray({ n: 400, seed: 3 }).map(({ id, text }) => ({ id, text }))));
    const child = fork(script, [target, articles], { stdio: ["ignore", "ignore", "pipe", "ipc"] });
    let stderr = "";
    child.stderr?.on("data", (d) => (stderr += String(d)));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_, signal) => resolve(signal)));
    const messages: unknown[] = [];
    await new Promise<void>((resolve, reject) => {
      child.on("message", (m) => {
        messages.push(m);
        if (m === "synced") resolve();
      });
      child.on("exit", () => reject(new Error(`child exited early: ${stderr}`)));
    });
    child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");
    const size = messages[0] as number;
    expect(size).toBeGreaterThan(100_000);
    const left = (await readdir(here)).filter((n) => n.endsWith(".tmp"));
    expect(left).toEqual([expect.stringMatching(new RegExp(`^\\.index\\.bin\\.${child.pid}\\.[0-9a-f]{16}\\.tmp$`))]);
    expect((await stat(join(here, left[0] as string))).size).toBe(size);

    await saveFile(new Recommender().add(ARTICLES), target);
    expect((await readdir(here)).sort()).toEqual(["child.mjs", "index.bin"]);
  }, 60_000);
});

describe.runIf(posix)("loadFile and saveFile on files that are not regular files", () => {
  let fifo: string;

  beforeAll(async () => {
    fifo = join(await folder("special"), "index.fifo");
    execFileSync("mkfifo", [fifo]);
  });

  afterAll(() => {
    // Unblocks a reader left waiting on the FIFO (only if the refusal is broken).
    try {
      closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
    } catch {
      // no reader waiting: nothing to unblock
    }
  });

  it("loadFile refuses a FIFO with no writer with INVALID_SNAPSHOT naming it, at once", async () => {
    const started = performance.now();
    const error = await rejection(loadFile(fifo), 5000);
    expect(error).toBeInstanceOf(RecommenderError);
    expect(error.code).toBe("INVALID_SNAPSHOT");
    expect(error.message).toContain(fifo);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it.runIf(process.platform === "linux" || process.platform === "darwin")(
    "loadFile refuses /dev/zero with INVALID_SNAPSHOT naming it, without reading it",
    async () => {
      const started = performance.now();
      const error = await rejection(loadFile("/dev/zero"), 5000);
      expect(error).toBeInstanceOf(RecommenderError);
      expect(error.code).toBe("INVALID_SNAPSHOT");
      expect(error.message).toContain("/dev/zero");
      expect(performance.now() - started).toBeLessThan(2000);
    },
  );

  it("saveFile refuses to replace a FIFO, leaving it and its folder as they were", async () => {
    const error = await rejection(saveFile(new Recommender().add(ARTICLES), fifo), 5000);
    expect(error).toBeInstanceOf(RecommenderError);
    expect(error.code).toBe("INVALID_OPTION");
    expect(error.message).toContain(fifo);
    expect((await stat(fifo)).isFIFO()).toBe(true);
    expect(await readdir(join(dir, "special"))).toEqual(["index.fifo"]);
  });
});
