/**
 * How far each article's norm moved since a reference (search/live-lists.ts's factor D): at every
 * refresh of the corpus statistics, one O(documents) pass measures each article's ratio
 * u_d / ref_d (u = 1/|d|), around the articles' common ratio (every norm moves with n, through
 * idf's a(n)). An article whose ratio leaves the band BAND around it becomes an outlier (the
 * articles that share rare terms with what changed); the others bound the ratio of any article by
 * the largest now over the smallest when a list was made. Each outlier keeps its own smallest
 * ratio since, so a list can bound it on its own. Past MAX_OUTLIERS a checkpoint takes today's
 * norms as the new reference; lists made before it are searched again.
 */
import type { DocTermMatrix } from "../corpus/matrix.js";

/** Norm ratios beyond the common ratio +- BAND make an article an outlier (bounded on its own). */
const BAND = 1e-3;
/** More outliers than this start a new checkpoint. */
const MAX_OUTLIERS = 4096;

export class NormDrift {
  /** The change count of the reference norms; lists older than it are searched again. */
  checkpoint = 0;
  /** Articles that moved apart from the rest since the checkpoint. */
  outliers: number[] = [];
  /** The largest ratio of an article that is not an outlier, as of the last scan. */
  maxRatio = 1;
  #ref = new Float64Array(0);
  /** The change count an article became an outlier at; -1 for the others. */
  #since = new Int32Array(0);
  /** An outlier's smallest ratio since it became one (0: it had none, it must be scored). */
  #runMin = new Float64Array(0);
  /** The smallest ratio of the non-outliers at each change count lists were made at. */
  readonly #minRatioAt = new Map<number, number>();
  /** Documents the last scan covered (later ones are new: their reference is their first norm). */
  #scanned = 0;
  #version = -1;

  /** The smallest common ratio at change count `e` (undefined: no scan then, or dropped). */
  minRatioAt(e: number): number | undefined {
    return this.#minRatioAt.get(e);
  }

  /**
   * Outlier `o`'s own bound on u_o now / u_o at change count `e`, given the common minimum then
   * (Infinity: it had no ratio then, it must be scored).
   */
  ownRatio(o: number, e: number, minRatio: number, invNow: number): number {
    const then = (this.#since[o] as number) > e ? minRatio : (this.#runMin[o] as number);
    return then > 0 ? invNow / (this.#ref[o] as number) / then : Infinity;
  }

  /** Bytes held. */
  bytes(): number {
    return this.#ref.byteLength + this.#since.byteLength + this.#runMin.byteLength;
  }

  /** Follows a compaction: `docs[old]` is a document's new number (-1: gone); the next scan runs. */
  renumber(docs: Int32Array, n: number): void {
    let scanned = 0;
    for (let d = 0; d < this.#scanned; d++) if ((docs[d] as number) >= 0) scanned++;
    this.#scanned = scanned;
    const ref = new Float64Array(n);
    const since = new Int32Array(n).fill(-1);
    const runMin = new Float64Array(n);
    for (let d = 0; d < Math.min(this.#ref.length, docs.length); d++) {
      const to = docs[d] as number;
      if (to < 0) continue;
      ref[to] = this.#ref[d] as number;
      since[to] = this.#since[d] as number;
      runMin[to] = this.#runMin[d] as number;
    }
    this.#ref = ref;
    this.#since = since;
    this.#runMin = runMin;
    this.outliers = this.outliers.map((d) => docs[d] as number).filter((d) => d >= 0);
    this.#version = -1;
  }

  /**
   * After a refresh of the statistics, at change count `epoch`: measures every article against
   * the reference and records the smallest ratio for lists made now. Returns true when it took a
   * new checkpoint (too many outliers, or `forceCheckpoint`); `keepFrom` drops the minima of
   * change counts lists that far behind no longer use.
   */
  scan(m: DocTermMatrix, epoch: number, forceCheckpoint: boolean, keepFrom: number): boolean {
    if (m.version === this.#version && this.#minRatioAt.has(epoch) && !forceCheckpoint) return false;
    this.#version = m.version;
    const n = m.nDocs;
    const inv = m.invNorm;
    if (this.#ref.length < n) {
      const size = Math.max(n, Math.ceil(this.#ref.length * 1.25));
      const ref = new Float64Array(size);
      ref.set(this.#ref);
      this.#ref = ref;
      const since = new Int32Array(size).fill(-1);
      since.set(this.#since);
      this.#since = since;
      const runMin = new Float64Array(size);
      runMin.set(this.#runMin);
      this.#runMin = runMin;
    }
    const ref = this.#ref;
    const since = this.#since;
    const runMin = this.#runMin;
    // The common ratio: the non-outliers' mean log ratio.
    let logSum = 0;
    let count = 0;
    for (let d = 0; d < this.#scanned; d++) {
      const x = inv[d] as number;
      const r = ref[d] as number;
      if (x === 0 || r === 0 || (since[d] as number) >= 0) continue;
      logSum += Math.log(x / r);
      count++;
    }
    const center = count > 0 ? Math.exp(logSum / count) : 1;
    let lo = Infinity;
    let hi = -Infinity;
    for (let d = 0; d < n; d++) {
      const x = inv[d] as number;
      if (x === 0) continue;
      let r = ref[d] as number;
      if ((since[d] as number) >= 0) {
        // An outlier: its smallest ratio since (none when it had no reference).
        if (r > 0 && x / r < (runMin[d] as number)) runMin[d] = x / r;
        continue;
      }
      if (r === 0) {
        // New since the last scan: its reference puts it at the common ratio. An old article
        // that had no counted term (terms switched on) has no ratio: an outlier to score.
        if (d >= this.#scanned) ref[d] = r = x / center;
        else {
          this.#makeOutlier(d, 0, epoch);
          continue;
        }
      }
      const ratio = x / r;
      if (ratio > center * (1 + BAND) || ratio < center * (1 - BAND)) {
        this.#makeOutlier(d, ratio, epoch);
        continue;
      }
      if (ratio < lo) lo = ratio;
      if (ratio > hi) hi = ratio;
    }
    this.#scanned = n;
    if (this.outliers.length > MAX_OUTLIERS || forceCheckpoint) {
      this.#newCheckpoint(m, epoch);
      return true;
    }
    this.maxRatio = hi === -Infinity ? 1 : hi;
    // Lists made at this change count before this scan (a renumbering) keep the smaller minimum.
    const was = this.#minRatioAt.get(epoch);
    const min = lo === Infinity ? 1 : lo;
    this.#minRatioAt.set(epoch, was === undefined ? min : Math.min(was, min));
    for (const e of this.#minRatioAt.keys()) if (e < keepFrom) this.#minRatioAt.delete(e);
    return false;
  }

  #makeOutlier(d: number, ratio: number, epoch: number): void {
    this.#since[d] = epoch;
    this.#runMin[d] = ratio;
    this.outliers.push(d);
  }

  #newCheckpoint(m: DocTermMatrix, epoch: number): void {
    const n = m.nDocs;
    this.#ref = new Float64Array(Math.max(n, this.#ref.length));
    this.#ref.set(m.invNorm.subarray(0, n));
    this.#since = new Int32Array(this.#ref.length).fill(-1);
    this.#runMin = new Float64Array(this.#ref.length);
    this.outliers = [];
    this.#scanned = n;
    this.checkpoint = epoch;
    this.maxRatio = 1;
    this.#minRatioAt.clear();
    this.#minRatioAt.set(epoch, 1);
  }
}
