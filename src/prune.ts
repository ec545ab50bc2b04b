/**
 * Where src/recommender.ts still imports the pruning bounds from: they live with the pruned
 * kernel in src/kernels/pruned.ts. Goes once recommender.ts imports them from there.
 */
export { PruneBounds } from "./kernels/pruned.js";
