/**
 * Every optional part, for the main entry in Node, alsolike/node, the CLI and the worker:
 * `installAllParts()` installs them. A function, not an import for its side effect: the package
 * is `sideEffects: false` outside its entries, and a bundler may drop an import kept only for what
 * it does when loaded.
 */
import { PruneBounds, prunedKernel } from "../search/kernels/pruned.js";
import { KEPT_LISTS } from "./kept-lists.js";
import { SECOND_PASSES } from "./second-passes.js";
import { installPart, type PrunedPart } from "./slots.js";
import { SNAPSHOTS } from "./snapshots.js";

/** The pruned kernel, for benchmarks (no entry of its own: see PrunedPart). */
const PRUNED: PrunedPart = Object.freeze<PrunedPart>({ bounds: (m) => new PruneBounds(m), kernel: prunedKernel });

/** Installs snapshots, kept lists, the second passes and the pruned kernel (installing one twice does nothing). */
export function installAllParts(): void {
  installPart("snapshots", SNAPSHOTS);
  installPart("keptLists", KEPT_LISTS);
  installPart("secondPasses", SECOND_PASSES);
  installPart("pruned", PRUNED);
}
