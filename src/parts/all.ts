/**
 * Every optional part, for the main entry in Node, alsolike/node, the CLI and the worker:
 * `installAllParts()` installs them. A function, not an import for its side effect: the package
 * is `sideEffects: false` outside its entries, and a bundler may drop an import kept only for what
 * it does when loaded.
 */
import { KEPT_LISTS } from "./kept-lists.js";
import { SECOND_PASSES } from "./second-passes.js";
import { installPart } from "./slots.js";
import { SNAPSHOTS } from "./snapshots.js";

/** Installs snapshots, kept lists and the second passes (installing one twice does nothing). */
export function installAllParts(): void {
  installPart("snapshots", SNAPSHOTS);
  installPart("keptLists", KEPT_LISTS);
  installPart("secondPasses", SECOND_PASSES);
}
