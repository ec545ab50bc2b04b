/**
 * @internal The one door behind the public API, for alsolike/node, the CLI, tests and benchmarks.
 * Nothing here is exported from the package's entries, so none of it is in the published types.
 */
export { internalsOf, type RecommenderInternals } from "./state.js";
