/**
 * `alsolike/node`: everything from `alsolike`, plus the helpers that need Node built-ins:
 * snapshot files written atomically, and reading articles from Markdown folders and JSONL.
 */
import { open, readFile, rename, unlink } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { basename, dirname, join } from "node:path";
import { Worker } from "node:worker_threads";
import { Recommender, type Recommendation } from "./recommender.js";
import { shareIndex } from "./shared-index.js";
import { checkK, checkRelatedAllOptions, type RelatedAllOptions } from "./validate.js";

export * from "./index.js";
export { readArticles } from "./corpus-files.js";
export type { ArticleWithLabel, ReadArticlesOptions } from "./corpus-files.js";

/**
 * Writes `rec.save()` to `path` atomically: the bytes go to a temporary file in the same folder,
 * are flushed to disk, and the file is renamed over `path`, so a crash mid-write never leaves a
 * truncated index in place.
 */
export async function saveFile(rec: Recommender, path: string): Promise<void> {
  const bytes = rec.save();
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  const handle = await open(tmp, "w");
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } catch (e) {
    await handle.close();
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
  await handle.close();
  try {
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
}

/**
 * Reads a snapshot file written by `saveFile` (or any `save()` bytes).
 * @throws {RecommenderError} `INVALID_SNAPSHOT` / `INCOMPATIBLE_SNAPSHOT_VERSION` for a bad file;
 *   the fs error for a missing or unreadable one
 */
export async function loadFile(path: string): Promise<Recommender> {
  const buf = await readFile(path);
  return Recommender.load(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength));
}

/** Options of the multi-threaded `relatedAll`. */
export interface ParallelRelatedAllOptions extends RelatedAllOptions {
  /** Worker threads to use. Default: the machine's available parallelism (at most 8). */
  threads?: number;
}

/** Below this many articles threads cost more than they save. */
const MIN_PARALLEL_DOCS = 2000;

/**
 * Every article's top-k, on worker threads that share the index through SharedArrayBuffers.
 * Same lists as `rec.relatedAll()` (and as `recommend` for each article); pending changes are
 * compacted first.
 * @throws {RecommenderError} `INVALID_OPTION` for a bad `k`, `threads` or `onProgress`
 */
export async function relatedAll(
  rec: Recommender,
  options: ParallelRelatedAllOptions = {},
): Promise<Map<string, Recommendation[]>> {
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    checkRelatedAllOptions(options); // throws INVALID_OPTION naming the value
  }
  const { threads: threadsOption, ...rest } = options;
  const { k, onProgress } = checkRelatedAllOptions(rest);
  const threads = threadsOption === undefined ? Math.min(8, availableParallelism()) : checkK(threadsOption, "threads");
  const state = rec._state(true);
  const m = state.matrix;
  const n = m.nDocs;
  const url = workerUrl();
  if (threads <= 1 || n < MIN_PARALLEL_DOCS || url === null) return rec.relatedAll({ k, onProgress });

  const index = shareIndex(m, rec._bounds(), state.ids.slice(0, n));
  const docs = new Int32Array(new SharedArrayBuffer(n * k * 4));
  const scores = new Float64Array(new SharedArrayBuffer(n * k * 8));
  const next = new Int32Array(new SharedArrayBuffer(4));
  const job = { index, kernel: rec._kernel, k, chunk: 32, next, docs, scores };
  let done = 0;
  const workers = Array.from({ length: threads }, () => new Worker(url, { workerData: job }));
  try {
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            let finished = false;
            w.on("message", (msg: number | "done") => {
              if (msg === "done") {
                finished = true;
                resolve();
                return;
              }
              done += msg;
              onProgress?.(done, n);
            });
            w.on("error", reject);
            w.on("exit", (code) => {
              if (!finished) reject(new Error(`relatedAll worker exited with code ${code}`));
            });
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  const out = new Map<string, Recommendation[]>();
  for (let d = 0; d < n; d++) {
    const list: Recommendation[] = [];
    for (let i = d * k, end = i + k; i < end && (docs[i] as number) >= 0; i++) {
      list.push({ id: state.ids[docs[i] as number] as string, score: scores[i] as number });
    }
    out.set(state.ids[d] as string, list);
  }
  return out;
}

/**
 * The built `worker.js` next to this module. Null when running from TypeScript sources (unit
 * tests): Node cannot start a .ts worker, so those runs stay on one thread; test/dist tests cover
 * the threads.
 */
function workerUrl(): URL | null {
  const here = import.meta.url;
  return here.endsWith(".ts") ? null : new URL("./worker.js", here);
}
