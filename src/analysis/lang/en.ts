/**
 * Entry "alsolike/lang/en": English is built in (the default analyzer); this entry exists so that
 * every supported language has one, and registers nothing.
 *
 * @module alsolike/lang/en
 */
export { ENGLISH } from "../registry.js";
