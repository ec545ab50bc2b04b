/**
 * Entry "alsolike/lang/pt": importing it registers the Portuguese analyzer, so that the
 * `language: "pt"` option finds it. A side effect on purpose: the package lists this file in
 * `sideEffects`, so bundlers keep it; `registerLanguage(PORTUGUESE)` does the same explicitly.
 *
 * @module alsolike/lang/pt
 */
import { PORTUGUESE } from "../languages/pt.js";
import { registerLanguage } from "../registry.js";

registerLanguage(PORTUGUESE);

export { PORTUGUESE };
