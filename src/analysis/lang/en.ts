/**
 * Entry "alsolike/lang/en": English is built in (the default analyzer); this entry exists so that
 * every supported language has one, and registers nothing.
 */
export { ENGLISH } from "../registry.js";
