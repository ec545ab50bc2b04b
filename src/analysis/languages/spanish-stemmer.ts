/**
 * A light Spanish stemmer, written for alsolike after J. Savoy's "light" stemmers for Romance
 * languages (Savoy, "Report on CLEF-2001 experiments", and "Light stemming approaches for the
 * French, Portuguese, German and Hungarian languages", ACM SAC 2006): it removes the inflection
 * of nouns and adjectives only, number ("-s", "-es") and gender ("-o", "-a"), and leaves
 * derivation and verb endings alone. In Savoy's retrieval experiments such light stemmers do as
 * well as full suffix stripping (Snowball); on the Spanish manual pages it measured better than
 * natural's Snowball port (`npm run eval`, part 3).
 *
 * Accents of vowels are folded first (Spanish writes them on one syllable of a word, which
 * moves between singular and plural: "opción", "opciones"); "ñ" stays a letter of its own.
 */

const FOLDED: Readonly<Record<string, string>> = Object.freeze({ á: "a", é: "e", í: "i", ó: "o", ú: "u", ü: "u" });
const ACCENTED = /[áéíóúü]/g;

/**
 * The light stem of a lowercase Spanish word (NFC). In turn: vowels unaccented; the plural "-es"
 * (5 letters or more: "meses", not "tres") or the "-s" of "-os", "-as" (4 or more: "años");
 * the gender vowel "-o", "-a", "-e" (4 letters or more left: "casa", not "año"); a final "z"
 * written "c", as Spanish spells it before "-es" ("luz", "luces"; "matriz", "matrices"), so
 * both give one stem without mistaking "índices" and "enlaces" for words in "-z".
 * @param word a lowercase word of Latin letters
 * @returns the word without its number and gender endings
 * @example stemSpanish("configuraciones") // "configuracion"
 * @example stemSpanish("luces") // "luc", as stemSpanish("luz")
 */
export function stemSpanish(word: string): string {
  let w = word.replace(ACCENTED, (c) => FOLDED[c] as string);
  if (w.length >= 5 && w.endsWith("es")) w = w.slice(0, -2);
  else if (w.length >= 4 && (w.endsWith("os") || w.endsWith("as"))) w = w.slice(0, -1);
  if (w.length >= 4 && (w.endsWith("o") || w.endsWith("a") || w.endsWith("e"))) w = w.slice(0, -1);
  if (w.endsWith("z")) w = `${w.slice(0, -1)}c`;
  return w;
}
