/**
 * Russian ("ru"): Unicode words, natural's Russian stop words (util/stopwords_ru.js) less its
 * content words, with the function words it lacks and English's; natural's Russian Porter
 * (Snowball) stemmer (stemmers/porter_stemmer_ru.js) for Cyrillic words, English Porter for Latin
 * words (english-inside.ts: in Russian text they are English: commands, names, terms). "ё" is
 * written "е" (as the stemmer does, and as most Russian text does), so "ещё" and "еще" are one
 * token. Apostrophes inside a word join it, hyphens cut ("из-за"). The indexer reads ASCII words itself (DEFAULT_RULES: their tokens are the
 * default analyzer's).
 */
import Stemmer from "natural/lib/natural/stemmers/porter_stemmer_ru.js";
import { words } from "natural/lib/natural/util/stopwords_ru.js";
import { DEFAULT_RULES } from "../default-analyzer.js";
import { forScript, registrationOf, type LanguageRegistration, type LanguageSpec } from "../language-analyzer.js";
import { wordTokenizer } from "../language-tokens.js";
import { ENGLISH_STOP_WORDS } from "../stopwords.js";
import { latinAsEnglish } from "./english-inside.js";
import { CYRILLIC_WORD } from "./scripts.js";

const YO = /ё/g;

/** Content words in natural's list: "путь" (path), "конец" (end), verbs of saying, seeing, doing, wanting. */
const NOT_FUNCTION_WORDS = new Set(["путь", "конец", "сказал", "сказала", "видел", "иди", "подойди", "делал", "делаю", "делать", "хорошо", "хотел"]);

/**
 * Function words natural's list lacks, among them the most frequent words of Russian ("не",
 * "это", "по"): negation, particles, pronouns in their cases, demonstratives, "который", "весь"
 * and "свой" in their forms, the forms of "быть", prepositions and conjunctions.
 */
const FUNCTION_WORDS = `
  не ни же ли да вот уже еще лишь даже ведь либо однако чтобы чтоб когда куда почему зачем
  это эта эти этих этим этой этом этого этому этими то того тому тем том та ту той
  вы вас вам вами нас нам нами мне меня мной тебя тебе ему ей ним нему него ней нее них нем им ими она
  сам сама само сами себя себе собой свой своя свое свои своих своим своей своего своими
  которая которое которые которого которой котором которым которых которую
  весь вся всё всех всем всеми всего всей есть была было были будет будут буду чем чего кому кого чему
  по при ко со об обо без у изо про перед кроме среди
`;

/** What the Russian analyzer is made of. */
export const RUSSIAN_SPEC: LanguageSpec<"ru"> = Object.freeze({
  code: "ru",
  name: "Russian",
  tokenizer: wordTokenizer({ normalize: (t) => (t.includes("ё") ? t.replace(YO, "е") : t) }),
  // A copy: natural's array is shared and mutable.
  stopWords: Object.freeze([...words.filter((w) => !NOT_FUNCTION_WORDS.has(w)), ...FUNCTION_WORDS.split(/\s+/).filter(Boolean), ...ENGLISH_STOP_WORDS]),
  sources: Object.freeze({
    stopWords: "natural's Russian stop words (util/stopwords_ru.js) less its content words, more function words, English's (stopwords.ts)",
    stemmer: "natural's Russian Porter (Snowball) stemmer (stemmers/porter_stemmer_ru.js)",
  }),
  stem: latinAsEnglish(forScript(CYRILLIC_WORD, (token) => Stemmer.stem(token))),
  scanRules: DEFAULT_RULES,
});

/** The Russian analyzer, for registerLanguage (registry.ts). */
export const RUSSIAN: LanguageRegistration<"ru"> = registrationOf(RUSSIAN_SPEC);
