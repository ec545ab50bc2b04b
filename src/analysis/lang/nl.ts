/**
 * Entry "alsolike/lang/nl": importing it registers the Dutch analyzer, so that the
 * `language: "nl"` option finds it. A side effect on purpose: the package lists this file in
 * `sideEffects`, so bundlers keep it; `registerLanguage(DUTCH)` does the same explicitly.
 *
 * @module alsolike/lang/nl
 */
import { DUTCH } from "../languages/nl.js";
import { registerLanguage } from "../registry.js";

registerLanguage(DUTCH);

export { DUTCH };
