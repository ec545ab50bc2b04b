/**
 * Entry "alsolike/second-passes": importing it gives the browser entry of alsolike the `feedback`
 * and `sharedNeighbours` options (and loading snapshots saved with them). A side effect on
 * purpose: the package lists this file in `sideEffects`, so bundlers keep it. The main entry in
 * Node and alsolike/node have it already.
 *
 * @module alsolike/second-passes
 */
import { SECOND_PASSES } from "../parts/second-passes.js";
import { installPart } from "../parts/slots.js";

installPart("secondPasses", SECOND_PASSES);
