/**
 * Entry "alsolike/lang/zh": importing it registers the Chinese analyzer, so that the
 * `language: "zh"` option finds it. A side effect on purpose: the package lists this file in
 * `sideEffects`, so bundlers keep it; `registerLanguage(CHINESE)` does the same explicitly.
 *
 * @module alsolike/lang/zh
 */
import { CHINESE } from "../languages/zh.js";
import { registerLanguage } from "../registry.js";

registerLanguage(CHINESE);

export { CHINESE };
