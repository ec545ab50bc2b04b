/**
 * Worker thread of `alsolike/node`'s relatedAll: opens the shared index, takes chunks of
 * documents from a shared counter until none are left, and scores their pairs into its own
 * table of lists (shared memory the main thread merges afterwards).
 */
import { parentPort, workerData } from "node:worker_threads";
import { Scratch } from "../search/kernels/scratch.js";
import { HeapTable, scorePairs, type HeapArrays } from "../search/related-all.js";
import { openIndex, type SharedIndex } from "./shared-index.js";

interface Job {
  index: SharedIndex;
  k: number;
  chunk: number;
  next: Int32Array;
  table: HeapArrays;
}

// Loaded: every import resolved. The main thread falls back to one thread if a worker fails before this.
parentPort?.postMessage("ready");
const job = workerData as Job;
const segment = openIndex(job.index);
const n = segment.baseDocs;
const table = new HeapTable(n, job.k, job.index.ids, job.table);
const scratch = new Scratch();
for (;;) {
  const start = Atomics.add(job.next, 0, job.chunk);
  if (start >= n) break;
  const end = Math.min(n, start + job.chunk);
  scorePairs(segment, start, end, table, scratch);
  parentPort?.postMessage(end - start);
}
parentPort?.postMessage("done");
