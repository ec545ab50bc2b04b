/**
 * Entry "alsolike/lang/sv": importing it registers the Swedish analyzer, so that the
 * `language: "sv"` option finds it. A side effect on purpose: the package lists this file in
 * `sideEffects`, so bundlers keep it; `registerLanguage(SWEDISH)` does the same explicitly.
 *
 * @module alsolike/lang/sv
 */
import { SWEDISH } from "../languages/sv.js";
import { registerLanguage } from "../registry.js";

registerLanguage(SWEDISH);

export { SWEDISH };
