/**
 * Entry for Node (alsolike/node, the CLI): every language registered. A browser bundle should
 * import only the languages it needs (lang/<code>.ts), each of which carries its own stemmer
 * and stop words.
 */
export { FRENCH } from "./fr.js";
export { GERMAN } from "./de.js";
export { SPANISH } from "./es.js";
export { ITALIAN } from "./it.js";
export { PORTUGUESE } from "./pt.js";
export { DUTCH } from "./nl.js";
export { NORWEGIAN } from "./no.js";
export { SWEDISH } from "./sv.js";
export { RUSSIAN } from "./ru.js";
export { UKRAINIAN } from "./uk.js";
export { PERSIAN } from "./fa.js";
export { INDONESIAN } from "./id.js";
export { JAPANESE } from "./ja.js";
export { CHINESE } from "./zh.js";
