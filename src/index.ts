/**
 * alsolike: "You May Also Like" lists by TF-IDF cosine similarity.
 * This entry is browser-safe: no Node built-ins (those live in `alsolike/node`). It has every
 * part of the Recommender; bundlers for the web take the lighter browser entry (browser.ts) instead.
 *
 * @module alsolike
 */
import { installAllParts } from "./parts/all.js";

// Only this entry's own file runs it (nothing imports index.ts), so a bundler keeps the call with
// the entry: package.json lists dist/index.js in "sideEffects".
installAllParts();

export * from "./browser.js";
