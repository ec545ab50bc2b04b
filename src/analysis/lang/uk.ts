/**
 * Entry "alsolike/lang/uk": importing it registers the Ukrainian analyzer, so that the
 * `language: "uk"` option finds it. A side effect on purpose: the package lists this file in
 * `sideEffects`, so bundlers keep it; `registerLanguage(UKRAINIAN)` does the same explicitly.
 *
 * @module alsolike/lang/uk
 */
import { UKRAINIAN } from "../languages/uk.js";
import { registerLanguage } from "../registry.js";

registerLanguage(UKRAINIAN);

export { UKRAINIAN };
