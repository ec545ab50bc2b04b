/**
 * Entry "alsolike/kept-lists": importing it gives the browser entry of alsolike lists kept across
 * changes (`keepLists`, on by default once imported) and `relatedAll()`. A side effect on
 * purpose: the package lists this file in `sideEffects`, so bundlers keep it. The main entry in
 * Node and alsolike/node have it already.
 *
 * @module alsolike/kept-lists
 */
import { KEPT_LISTS } from "../parts/kept-lists.js";
import { installPart } from "../parts/slots.js";

installPart("keptLists", KEPT_LISTS);
