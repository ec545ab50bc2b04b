/**
 * Where src/recommender.ts still imports the scratch memory and the acceptor type from: the
 * kernels live in src/kernels/ (scratch.ts, kernel.ts). Goes once recommender.ts imports them
 * from there.
 */
export { Scratch } from "./kernels/scratch.js";
export type { Accept } from "./kernels/kernel.js";
