/**
 * Entry "alsolike/lang/fr": importing it registers the French analyzer, so that the
 * `language: "fr"` option finds it. A side effect on purpose: the package lists this file in
 * `sideEffects`, so bundlers keep it; `registerLanguage(FRENCH)` does the same explicitly.
 *
 * @module alsolike/lang/fr
 */
import { FRENCH } from "../languages/fr.js";
import { registerLanguage } from "../registry.js";

registerLanguage(FRENCH);

export { FRENCH };
