/**
 * Which tokens a language's stemmer takes: natural's stemmers are rules for one alphabet, so a
 * token of another script (or with digits) reaches them unchanged, as in the default analyzer.
 */

/** A token of Latin letters only (marks of a composed letter are part of it after NFC). */
export const LATIN_WORD = /^\p{Script=Latin}+$/u;
/** A token of Cyrillic letters only. */
export const CYRILLIC_WORD = /^\p{Script=Cyrillic}+$/u;
