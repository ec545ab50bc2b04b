/**
 * Entry "alsolike/snapshots": importing it gives the browser entry of alsolike `save()` and
 * `Recommender.load()`, for a site that loads an index built elsewhere (a Node build step, the
 * CLI). A side effect on purpose: the package lists this file in `sideEffects`, so bundlers keep
 * it. The main entry in Node and alsolike/node have it already.
 *
 * @example
 * import { Recommender } from "alsolike";
 * import "alsolike/snapshots";
 * const rec = Recommender.load(new Uint8Array(await (await fetch("/site.alsolike")).arrayBuffer()));
 *
 * @module alsolike/snapshots
 */
import { SNAPSHOTS } from "../parts/snapshots.js";
import { installPart } from "../parts/slots.js";

installPart("snapshots", SNAPSHOTS);
