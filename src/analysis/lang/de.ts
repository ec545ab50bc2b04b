/**
 * Entry "alsolike/lang/de": importing it registers the German analyzer, so that the
 * `language: "de"` option finds it. A side effect on purpose: the package lists this file in
 * `sideEffects`, so bundlers keep it; `registerLanguage(GERMAN)` does the same explicitly.
 *
 * @module alsolike/lang/de
 */
import { GERMAN } from "../languages/de.js";
import { registerLanguage } from "../registry.js";

registerLanguage(GERMAN);

export { GERMAN };
