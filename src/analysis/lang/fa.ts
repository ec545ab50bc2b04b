/**
 * Entry "alsolike/lang/fa": importing it registers the Persian analyzer, so that the
 * `language: "fa"` option finds it. A side effect on purpose: the package lists this file in
 * `sideEffects`, so bundlers keep it; `registerLanguage(PERSIAN)` does the same explicitly.
 *
 * @module alsolike/lang/fa
 */
import { PERSIAN } from "../languages/fa.js";
import { registerLanguage } from "../registry.js";

registerLanguage(PERSIAN);

export { PERSIAN };
