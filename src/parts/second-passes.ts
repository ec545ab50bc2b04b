/**
 * The second-passes part: the `feedback` (search/feedback.ts) and `sharedNeighbours`
 * (rank/shared-neighbours.ts) options. No side effect: the entry src/entries/second-passes.ts
 * installs it, and parts/all.ts with every other part.
 */
import { rerankShared, sharedCount, sharedScore } from "../rank/shared-neighbours.js";
import { movedQuery } from "../search/feedback.js";
import type { SecondPassesPart } from "./slots.js";

export const SECOND_PASSES: SecondPassesPart = Object.freeze({ movedQuery, rerankShared, sharedCount, sharedScore });
