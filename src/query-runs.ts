/**
 * The queries running on one index, and the scratch memory they search with. A query may call
 * user code (filter, onProgress) that asks another query of the same index (more than one then
 * runs at once) or tries to change it: while any runs, changes and compactions are refused, and
 * nested queries get scratch of their own.
 */
import { fail } from "./errors.js";
import { Scratch } from "./search/kernels/scratch.js";

/** Runs the queries of one index (see the module comment). */
export class QueryRuns {
  #running = 0;
  #scratch = new Scratch();

  /** Changes (and compactions, which renumber documents) wait until no query is running. */
  refuseWhileRunning(method: string): void {
    if (this.#running > 0) throw fail("REENTRANT_CALL", method);
  }

  /**
   * Runs a query. Whatever user code does (throw, ask another query), the index is left as it
   * was: a throw out of a kernel leaves partial sums in the accumulator, so the scratch is
   * replaced; nested queries search with scratch of their own.
   */
  run<T>(query: (scratch: Scratch) => T): T {
    const nested = this.#running > 0;
    const scratch = nested ? new Scratch() : this.#scratch;
    this.#running++;
    try {
      return query(scratch);
    } catch (e) {
      if (!nested) this.#scratch = new Scratch();
      throw e;
    } finally {
      this.#running--;
    }
  }

  /** Frees the scratch memory (its arrays are sized to the documents, which a compaction renumbers). */
  release(): void {
    this.#scratch.release();
  }
}
