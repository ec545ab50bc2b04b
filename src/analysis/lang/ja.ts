/**
 * Entry "alsolike/lang/ja": importing it registers the Japanese analyzer, so that the
 * `language: "ja"` option finds it. A side effect on purpose: the package lists this file in
 * `sideEffects`, so bundlers keep it; `registerLanguage(JAPANESE)` does the same explicitly.
 *
 * @module alsolike/lang/ja
 */
import { JAPANESE } from "../languages/ja.js";
import { registerLanguage } from "../registry.js";

registerLanguage(JAPANESE);

export { JAPANESE };
