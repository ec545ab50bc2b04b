/**
 * Every language, for Node (alsolike/node, the CLI): `registerAllLanguages()` registers them. A
 * browser bundle should import only the languages it needs (lang/<code>.ts), each of which carries
 * its own stemmer and stop words. A function, not an import for its side effect: the package is
 * `sideEffects: false`, and a bundler may drop an import kept only for what it does when loaded.
 */
import { registerLanguage } from "../registry.js";
import { GERMAN } from "../languages/de.js";
import { SPANISH } from "../languages/es.js";
import { PERSIAN } from "../languages/fa.js";
import { FRENCH } from "../languages/fr.js";
import { INDONESIAN } from "../languages/id.js";
import { ITALIAN } from "../languages/it.js";
import { JAPANESE } from "../languages/ja.js";
import { DUTCH } from "../languages/nl.js";
import { NORWEGIAN } from "../languages/no.js";
import { PORTUGUESE } from "../languages/pt.js";
import { RUSSIAN } from "../languages/ru.js";
import { SWEDISH } from "../languages/sv.js";
import { UKRAINIAN } from "../languages/uk.js";
import { CHINESE } from "../languages/zh.js";

export const ALL_LANGUAGES = Object.freeze([FRENCH, GERMAN, SPANISH, ITALIAN, PORTUGUESE, DUTCH, NORWEGIAN, SWEDISH, RUSSIAN, UKRAINIAN, PERSIAN, INDONESIAN, JAPANESE, CHINESE]);

/** Registers every language (registering one twice does nothing). */
export function registerAllLanguages(): void {
  for (const language of ALL_LANGUAGES) registerLanguage(language);
}
