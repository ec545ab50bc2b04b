/**
 * `alsolike/node`: everything from `alsolike`, plus the helpers that need Node built-ins:
 * snapshot files written atomically, and reading articles from Markdown folders and JSONL.
 *
 * @module alsolike/node
 */
import { registerAllLanguages } from "../analysis/lang/all.js";
import { installAllParts } from "../parts/all.js";
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { writeFileAtomic } from "./atomic-write.js";
import { readRegularFile } from "./corpus-files.js";
import { fail } from "../errors.js";
import { Recommender, type LoadOptions, type Recommendation, type SaveOptions } from "../recommender.js";
import { multiplies } from "../lists.js";
import { cosineWidth } from "../all-lists.js";
import { internalsOf } from "../internal.js";
import { HeapTable, listsFromTables } from "../search/related-all.js";
import { keptDepth } from "../search/kept-lists.js";
import { shareIndex } from "./shared-index.js";
import { abortReason, throwIfAborted } from "../errors.js";
import { checkK, checkLoadOptions, checkRelatedAllOptions, type RelatedAllOptions } from "../validate.js";

// Node and the CLI can afford every language: `language` works for any supported code here.
registerAllLanguages();
// And every part of the Recommender (snapshots, kept lists, second passes): alsolike/node is the
// main entry's API in full. From browser.ts, not index.ts, so that index.ts stays its entry's own.
installAllParts();

export * from "../browser.js";
export { readArticles } from "./corpus-files.js";
export type { ArticleWithLabel, ReadArticlesOptions } from "./corpus-files.js";
export type { CodeBlocks } from "./markdown-text.js";

/**
 * Writes `rec.save(options)` to `path` atomically: the bytes go to a temporary file in the same
 * folder (`.<name>.<pid>.<random>.tmp`), are flushed to disk, and the file is renamed over `path`,
 * so a crash mid-write never leaves a truncated index in place. Temporary files of `path` left by
 * a process that was killed mid-write are removed first.
 * @throws {RecommenderError} `INVALID_OPTION` when `path` is a FIFO, a device or a socket; the fs
 *   error when writing fails (the previous file stays as it was, the temporary file is removed)
 */
export async function saveFile(rec: Recommender, path: string, options: SaveOptions = {}): Promise<void> {
  const bytes = rec.save(options);
  await writeFileAtomic(path, bytes);
}

/**
 * Reads a snapshot file written by `saveFile` (or any `save()` bytes).
 * @throws {RecommenderError} `INVALID_SNAPSHOT` / `INCOMPATIBLE_SNAPSHOT_VERSION` for a bad file,
 *   and `INVALID_SNAPSHOT` naming the path for a FIFO, a device or a socket (which could block or
 *   never end); the fs error for a missing or unreadable one, or a folder (EISDIR); `INVALID_OPTION`
 *   for a bad `feedback` or `sharedNeighbours` (options as `Recommender.load` takes them; `copy` is
 *   moot: the bytes are its own)
 */
export async function loadFile(path: string, options: LoadOptions = {}): Promise<Recommender> {
  checkLoadOptions(options);
  const { feedback, sharedNeighbours } = options;
  const buf = await readRegularFile(path, (kind) => fail("INVALID_SNAPSHOT", `${JSON.stringify(path)} is ${kind}, not a regular file`));
  return Recommender.load(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength), {
    ...(feedback === undefined ? {} : { feedback }),
    ...(sharedNeighbours === undefined ? {} : { sharedNeighbours }),
  });
}

/** Options of the multi-threaded `relatedAll`. */
export interface ParallelRelatedAllOptions extends RelatedAllOptions {
  /**
   * Worker threads to use. Default: the machine's available parallelism (at most 8). Indexes under
   * 2,000 articles, and `threads: 1`, run on the calling thread.
   */
  threads?: number;
  /**
   * Receives the one warning of a process whose worker file cannot be started (alsolike/node
   * bundled into one file by esbuild or webpack leaves `alsolike-worker.js` behind): the lists are
   * then computed on the calling thread, the same lists. Default: `process.emitWarning`.
   */
  onWarning?: (message: string) => void;
}

/** Below this many articles threads cost more than they save. */
const MIN_PARALLEL_DOCS = 2000;

/**
 * Every article's top-k, on worker threads that share the index through SharedArrayBuffers.
 * Same lists as `rec.relatedAll()` (and as `recommend` for each article); pending changes are
 * compacted first.
 * `signal` aborts the work (the workers are stopped) and the promise rejects with its reason;
 * an `onProgress` that throws does the same, and the promise rejects with what it threw. Either
 * way no list is kept, and the Recommender answers as before.
 * @throws {RecommenderError} `INVALID_OPTION` for a bad `k`, `threads`, `onProgress` or `signal`
 */
export async function relatedAll(
  rec: Recommender,
  options: ParallelRelatedAllOptions = {},
): Promise<Map<string, Recommendation[]>> {
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    checkRelatedAllOptions(options); // throws INVALID_OPTION naming the value
  }
  const { threads: threadsOption, onWarning, ...rest } = options;
  if (onWarning !== undefined && typeof onWarning !== "function") throw fail("INVALID_OPTION", "onWarning", onWarning, "a function (message) => void");
  const checked = checkRelatedAllOptions(rest);
  const { onProgress, signal } = checked;
  throwIfAborted(signal);
  const threads = threadsOption === undefined ? Math.min(8, availableParallelism()) : checkK(threadsOption, "threads");
  const state = internalsOf(rec).state(true);
  const generation = internalsOf(rec).generation;
  const m = state.matrix;
  const n = m.nDocs;
  const url = workerUrl();
  // Scores multiplied per query (recency, boost) are not symmetric: the pairs the workers score
  // once would not give them, so those lists are searched on this thread, one article at a time.
  if (multiplies(checked.signals)) return rec.relatedAll(rest);
  // Cosine lists long enough for each list's first search (variety asks for a pool).
  const width = cosineWidth({ feedback: rec.options.feedback ?? null, shared: rec.options.sharedNeighbours ?? null }, checked);
  const second = rec.options.feedback !== undefined || rec.options.sharedNeighbours !== undefined;
  const kept = internalsOf(rec).keptLists(width);
  if (kept !== null) return internalsOf(rec).listsFrom(kept, checked, true);
  if (threads <= 1 || n < MIN_PARALLEL_DOCS || url === null) return rec.relatedAll(rest);
  if (url !== "unavailable" && workersUnavailable === null && !existsSync(fileURLToPath(url))) workersUnavailable = `${fileURLToPath(url)} is missing`;
  if (url === "unavailable" || workersUnavailable !== null) return oneThread(rec, rest, onWarning);

  const ids = state.ids.slice(0, n);
  const index = shareIndex(m, ids);
  // As deep as the one-thread pass keeps them (kept-lists.ts keptDepth), for changes to come.
  const kk = Math.min(keptDepth(width), n);
  const tables = Array.from({ length: threads }, () => new HeapTable(n, kk, ids, "shared"));
  const next = new Int32Array(new SharedArrayBuffer(4));
  // Early documents walk the longest posting tails (they pair with everything after them), so
  // chunks are small enough to keep both threads busy to the end.
  const chunk = Math.max(1, Math.min(64, Math.floor(n / (threads * 64))));
  let done = 0;
  // Ends the run early with a reason: the signal's, or what onProgress threw. A throw inside a
  // worker's message handler would otherwise be an uncaught exception, ending the process.
  let stop: (reason: unknown) => void = () => undefined;
  const stopped = new Promise<never>((_, reject) => {
    stop = reject;
  });
  let failed = false;
  // Set when a worker fails before every worker has loaded: the worker file cannot run here.
  let startFailure: string | null = null;
  let ready = 0;
  const onAbort = () => stop(abortReason(signal));
  signal?.addEventListener("abort", onAbort, { once: true });
  const workers: Worker[] = [];
  try {
    try {
      for (const t of tables) workers.push(new Worker(url, { workerData: { index, k: kk, chunk, next, table: t.arrays() } }));
    } catch (e) {
      startFailure = firstLineOf(e);
      stop(e);
    }
    const finished = Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            let ended = false;
            w.on("message", (msg: number | "done" | "ready") => {
              if (msg === "ready") {
                ready++;
                return;
              }
              if (msg === "done") {
                ended = true;
                resolve();
                return;
              }
              if (failed) return; // no more progress after onProgress threw
              done += msg;
              // With a second pass, progress counts its lists (below), not the cosine lists'.
              if (second) return;
              try {
                onProgress?.(done, n);
              } catch (e) {
                failed = true;
                stop(e);
              }
            });
            const failedToStart = (reason: string) => {
              startFailure ??= reason; // the first reason: the others are the workers stopped after it
              stop(new Error(reason));
            };
            w.on("error", (e) => (ready < workers.length ? failedToStart(firstLineOf(e)) : reject(e)));
            w.on("exit", (code) => {
              if (ended) return;
              if (ready < workers.length) failedToStart(`a worker exited with code ${code} while loading`);
              else reject(new Error(`relatedAll worker exited with code ${code}`));
            });
          }),
      ),
    );
    try {
      await Promise.race([finished, stopped]);
    } catch (e) {
      if (startFailure === null) throw e;
    }
  } finally {
    signal?.removeEventListener("abort", onAbort);
    // Every way out (done, aborted, onProgress threw, a worker failed) stops every worker; on
    // the early ones nothing below runs, so no partial list is kept.
    await Promise.all(workers.map((w) => w.terminate()));
  }
  if (startFailure !== null) {
    workersUnavailable = `${fileURLToPath(url)} could not be started (${startFailure})`;
    return oneThread(rec, rest, onWarning);
  }
  const lists = listsFromTables(ids, n, tables);
  // Kept for recommend unless the corpus changed while the workers ran.
  internalsOf(rec).adoptLists(lists, generation);
  // Each article's list from the cosine lists: picks, filters, variety and fallback as recommend
  // applies them (and the second pass, which reports progress).
  return internalsOf(rec).listsFrom(lists, checked, second);
}

/** Why this process cannot start relatedAll's workers, once found out; null while it can. */
let workersUnavailable: string | null = null;
let warned = false;

/**
 * relatedAll on the calling thread, for a process whose worker file cannot run; the first call
 * says why, once per process (a server that calls relatedAll after each batch is told once).
 */
function oneThread(rec: Recommender, options: RelatedAllOptions, onWarning: ((message: string) => void) | undefined): Map<string, Recommendation[]> {
  if (!warned) {
    warned = true;
    const message = `relatedAll runs on one thread: its worker file ${workersUnavailable as string} (alsolike/node bundled into one file?). The lists are the same; pass threads: 1 to say so and skip this check.`;
    (onWarning ?? ((m: string) => process.emitWarning(m, "AlsolikeWarning")))(message);
  }
  return rec.relatedAll(options);
}

function firstLineOf(e: unknown): string {
  return (String(e instanceof Error ? e.message : e).split("\n")[0] as string).trim();
}

/**
 * The built `alsolike-worker.js` next to this module ("unavailable" when it cannot be found out,
 * with the reason in `workersUnavailable`). Null when running from TypeScript sources (unit
 * tests): Node cannot start a .ts worker, so those runs stay on one thread; test/dist tests cover
 * the threads. A bundler may leave `import.meta.url` empty (an ESM module bundled as CommonJS) or
 * not a file URL: the workers are then unavailable, and relatedAll says so once.
 */
function workerUrl(): URL | null | "unavailable" {
  const here: unknown = import.meta.url;
  if (typeof here === "string" && here.endsWith(".ts")) return null;
  try {
    const url = new URL("./alsolike-worker.js", here as string);
    if (url.protocol === "file:") return url;
  } catch {
    // not a URL at all: below
  }
  workersUnavailable ??= `cannot be located (this module's import.meta.url is ${typeof here === "string" ? JSON.stringify(here) : "empty"})`;
  return "unavailable";
}
