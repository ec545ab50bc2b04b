/**
 * Entry "alsolike/lang/es": importing it registers the Spanish analyzer, so that the
 * `language: "es"` option finds it. A side effect on purpose: the package lists this file in
 * `sideEffects`, so bundlers keep it; `registerLanguage(SPANISH)` does the same explicitly.
 *
 * @module alsolike/lang/es
 */
import { SPANISH } from "../languages/es.js";
import { registerLanguage } from "../registry.js";

registerLanguage(SPANISH);

export { SPANISH };
