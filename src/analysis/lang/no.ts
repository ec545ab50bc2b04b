/**
 * Entry "alsolike/lang/no": importing it registers the Norwegian analyzer, so that the
 * `language: "no"` option finds it. A side effect on purpose: the package lists this file in
 * `sideEffects`, so bundlers keep it; `registerLanguage(NORWEGIAN)` does the same explicitly.
 *
 * @module alsolike/lang/no
 */
import { NORWEGIAN } from "../languages/no.js";
import { registerLanguage } from "../registry.js";

registerLanguage(NORWEGIAN);

export { NORWEGIAN };
