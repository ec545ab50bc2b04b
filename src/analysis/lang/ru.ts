/**
 * Entry "alsolike/lang/ru": importing it registers the Russian analyzer, so that the
 * `language: "ru"` option finds it. A side effect on purpose: the package lists this file in
 * `sideEffects`, so bundlers keep it; `registerLanguage(RUSSIAN)` does the same explicitly.
 *
 * @module alsolike/lang/ru
 */
import { RUSSIAN } from "../languages/ru.js";
import { registerLanguage } from "../registry.js";

registerLanguage(RUSSIAN);

export { RUSSIAN };
