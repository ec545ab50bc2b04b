/**
 * Entry "alsolike/lang/id": importing it registers the Indonesian analyzer, so that the
 * `language: "id"` option finds it. A side effect on purpose: the package lists this file in
 * `sideEffects`, so bundlers keep it; `registerLanguage(INDONESIAN)` does the same explicitly.
 *
 * @module alsolike/lang/id
 */
import { INDONESIAN } from "../languages/id.js";
import { registerLanguage } from "../registry.js";

registerLanguage(INDONESIAN);

export { INDONESIAN };
