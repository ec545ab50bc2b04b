/**
 * Entry "alsolike/lang/it": importing it registers the Italian analyzer, so that the
 * `language: "it"` option finds it. A side effect on purpose: the package lists this file in
 * `sideEffects`, so bundlers keep it; `registerLanguage(ITALIAN)` does the same explicitly.
 *
 * @module alsolike/lang/it
 */
import { ITALIAN } from "../languages/it.js";
import { registerLanguage } from "../registry.js";

registerLanguage(ITALIAN);

export { ITALIAN };
