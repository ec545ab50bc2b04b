/**
 * Worker thread of `alsolike/node`'s relatedAll: opens the shared index and takes chunks of
 * documents from a shared counter until none are left, writing lists into shared result arrays.
 */
import { parentPort, workerData } from "node:worker_threads";
import { topKRange, type Kernel } from "./related-all.js";
import { Scratch } from "./score.js";
import { openIndex, type SharedIndex } from "./shared-index.js";

interface Job {
  index: SharedIndex;
  kernel: Kernel;
  k: number;
  chunk: number;
  next: Int32Array;
  docs: Int32Array;
  scores: Float64Array;
}

const job = workerData as Job;
const { matrix, bounds } = openIndex(job.index);
const scratch = new Scratch();
const n = matrix.baseDocs;
for (;;) {
  const start = Atomics.add(job.next, 0, job.chunk);
  if (start >= n) break;
  const end = Math.min(n, start + job.chunk);
  topKRange(matrix, bounds, job.index.ids, job.kernel, job.k, start, end, job.docs, job.scores, scratch);
  parentPort?.postMessage(end - start);
}
parentPort?.postMessage("done");
