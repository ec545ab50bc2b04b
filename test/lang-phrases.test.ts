/**
 * The language analyzers on short phrases written for these tests: what each tokenizer gives
 * (elision, apostrophes, hyphens, spelling, CJK bigrams, other scripts kept), that natural's stop
 * words are removed, that stems are exactly natural's stemmer's output (computed here from
 * natural's own modules), and that the options work as in the default analyzer.
 */
import PorterStemmer from "natural/lib/natural/stemmers/porter_stemmer.js";
import StemmerDe from "natural/lib/natural/stemmers/porter_stemmer_de.js";
import StemmerFr from "natural/lib/natural/stemmers/porter_stemmer_fr.js";
import StemmerIt from "natural/lib/natural/stemmers/porter_stemmer_it.js";
import StemmerNl from "natural/lib/natural/stemmers/porter_stemmer_nl.js";
import StemmerNo from "natural/lib/natural/stemmers/porter_stemmer_no.js";
import StemmerPt from "natural/lib/natural/stemmers/porter_stemmer_pt.js";
import StemmerRu from "natural/lib/natural/stemmers/porter_stemmer_ru.js";
import StemmerSv from "natural/lib/natural/stemmers/porter_stemmer_sv.js";
import StemmerUk from "natural/lib/natural/stemmers/porter_stemmer_uk.js";
import StemmerId from "natural/lib/natural/stemmers/indonesian/stemmer_id.js";
import { words as stopEs } from "natural/lib/natural/util/stopwords_es.js";
import { words as stopFr } from "natural/lib/natural/util/stopwords_fr.js";
import { words as stopJa } from "natural/lib/natural/util/stopwords_ja.js";
import { words as stopZh } from "natural/lib/natural/util/stopwords_zh.js";
import { de as stopDe } from "stopwords-iso/stopwords-iso.json";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { createAnalyzer } from "../src/analysis/default-analyzer.js";
import { registerAllLanguages } from "../src/analysis/lang/all.js";
import { createLanguageAnalyzer } from "../src/analysis/registry.js";
import { ENGLISH_STOP_WORDS } from "../src/analysis/stopwords.js";
import { RecommenderError } from "../src/errors.js";

registerAllLanguages();

const require = createRequire(import.meta.url);
/** natural's Japanese stemmer, loaded the way natural loads it (CommonJS, Node's util). */
const StemmerJa = require("natural/lib/natural/stemmers/stemmer_ja.js") as { stem(token: string): string };

const analyzer = (code: string, options = {}) => createLanguageAnalyzer(code, options);

describe("French", () => {
  const fr = analyzer("fr");

  it("elides articles and pronouns with either apostrophe, and joins other apostrophes", () => {
    expect(fr.tokens("L'armée et l’ennemi qu'il voit jusqu'ici, aujourd'hui")).toEqual([
      "armée", "et", "ennemi", "il", "voit", "ici", "aujourdhui",
    ]);
    expect(fr.tokens("D’ABORD, S'IL")).toEqual(["abord", "il"]);
  });

  it("cuts at hyphens and keeps letters of another script as tokens", () => {
    expect(fr.tokens("peut-être Ελληνικά Москва")).toEqual(["peut", "être", "ελληνικά", "москва"]);
    expect(fr("la revue Ελληνικά")).toEqual([StemmerFr.stem("revue"), "ελληνικά"]);
  });

  it("drops natural's French stop words and gives natural's stems", () => {
    const text = "Les armées nationales se battaient pour la liberté de leurs villages";
    const kept = fr.tokens(text).filter((t) => !stopFr.includes(t) && t.length >= 2);
    expect(kept).toEqual(["armées", "nationales", "battaient", "liberté", "villages"]);
    expect(fr(text)).toEqual(kept.map((t) => StemmerFr.stem(t)));
    expect(fr.stopWords.has("les") && fr.stopWords.has("leurs")).toBe(true);
  });

  it("gives the forms of one word one stem", () => {
    const a = analyzer("fr");
    expect(new Set(a.tokens("nationales national nationaux").map((t) => a.term(t)))).toEqual(new Set([StemmerFr.stem("national")]));
  });
});

describe("Italian", () => {
  const it_ = analyzer("it");

  it("elides articles and articulated prepositions", () => {
    expect(it_.tokens("dell'esercito, l’unità, un'altra, nell'anno, c'è")).toEqual(["esercito", "unità", "altra", "anno", "è"]);
  });

  it("gives natural's stems", () => {
    expect(it_("gli eserciti nazionali")).toEqual(["eserciti", "nazionali"].map((t) => StemmerIt.stem(t)));
  });
});

describe("German", () => {
  const de = analyzer("de");

  it("drops the function words of the stopwords-iso German list and gives natural's stems", () => {
    const text = "Die Häuser der alten Straße wurden renoviert";
    const kept = de.tokens(text).filter((t) => !stopDe.includes(t));
    expect(kept).toEqual(["häuser", "alten", "straße", "renoviert"]);
    expect(de(text)).toEqual(kept.map((t) => StemmerDe.stem(t)));
    // The list, and each word with its accents folded (as the default analyzer's lists are).
    const folded = stopDe.map((w) => w.normalize("NFKD").replace(/\p{M}/gu, ""));
    // Entries that are no single token are left out ("ei," is the token "ei"), and the list's
    // content words (language-stop-words.test.ts), 102 of them.
    const left = stopDe.filter((w) => !de.stopWords.has(w));
    expect(left.filter((w) => !/^[\p{L}]+$/u.test(w))).toEqual(["d.h", "ei,", "z.b"]);
    expect(left).toHaveLength(105);
    expect(left).toEqual(expect.arrayContaining(["zeit", "suche", "neue", "machen"]));
    expect(de.stopWords.has("ei")).toBe(true);
    // Besides the list: English stop words (english-inside.ts), less German words ("see", "still", "mine").
    const english = [...de.stopWords].filter((w) => !stopDe.includes(w) && !folded.includes(w));
    expect(english).toEqual(expect.arrayContaining(["the", "of", "and", "which"]));
    expect(english.filter((w) => !ENGLISH_STOP_WORDS.includes(w))).toEqual([]);
    for (const w of ["see", "still", "mine"]) expect(de.stopWords.has(w)).toBe(false);
    expect(de.stopWords.has("dafur")).toBe(true);
  });

  it("cuts compounds at hyphens and joins apostrophes", () => {
    expect(de.tokens("Baden-Württemberg geht's")).toEqual(["baden", "württemberg", "gehts"]);
  });
});

describe.each([
  ["pt", StemmerPt, "As nações brasileiras e as cidades", ["nações", "brasileiras", "cidades"]],
  ["nl", StemmerNl, "De huizen van de kinderen en de auto's", ["huizen", "kinderen", "autos"]],
  ["no", StemmerNo, "Husene og bøkene til jentene", ["husene", "bøkene", "jentene"]],
  ["sv", StemmerSv, "Husen och flickorna i kommunerna", ["husen", "flickorna", "kommunerna"]],
] as const)("%s", (code, stemmer, text, kept) => {
  it("drops natural's stop words and gives natural's stems", () => {
    expect(analyzer(code)(text)).toEqual(kept.map((t) => stemmer.stem(t)));
  });
});

describe("es", () => {
  it("drops its stop words and gives the light stems of spanish-stemmer.ts", () => {
    expect(analyzer("es")("Las canciones de los niños cantaban")).toEqual(["cancion", "niñ", "cantaban"]);
  });
});

describe("Spanish stop words", () => {
  it("are natural's list, less its entries that are no single token", () => {
    const es = analyzer("es");
    expect(stopEs.filter((w) => !es.stopWords.has(w))).toEqual(["_"]);
  });
});

describe("Russian", () => {
  const ru = analyzer("ru");

  it("writes ё as е, cuts at hyphens, and gives natural's stems to Cyrillic words only", () => {
    expect(ru.tokens("Ещё из-за ЛИНУКСА Linux")).toEqual(["еще", "из", "за", "линукса", "linux"]);
    expect(ru("национальные армии Linux")).toEqual([StemmerRu.stem("национальные"), StemmerRu.stem("армии"), "linux"]);
    expect(ru("ёлки")).toEqual(ru("елки"));
  });

  it("drops natural's Russian stop words", () => {
    expect(ru("и в на армии")).toEqual([StemmerRu.stem("армии")]);
  });
});

describe("Ukrainian", () => {
  const uk = analyzer("uk");

  it("joins the three apostrophes of Ukrainian words", () => {
    expect(uk.tokens("м'ясо м’ясо мʼясо п'ять")).toEqual(["мясо", "мясо", "мясо", "пять"]);
  });

  it("gives natural's stems", () => {
    expect(uk("національні армії")).toEqual([StemmerUk.stem("національні"), StemmerUk.stem("армії")]);
  });
});

describe("Persian", () => {
  const fa = analyzer("fa");

  it("writes Arabic letter forms as Persian ones, drops harakat, and cuts at the zero-width non-joiner", () => {
    expect(fa.tokens("كتاب‌های فارسي")).toEqual(["کتاب", "های", "فارسی"]);
    expect(fa.tokens("كِتَاب")).toEqual(["کتاب"]);
  });

  it("drops natural's Persian stop words and does not stem", () => {
    expect(fa("از کتاب با دوستان برای")).toEqual(["کتاب", "دوستان"]);
    expect(fa.stem("دوستان")).toBe("دوستان");
  });
});

describe("Indonesian", () => {
  const id = analyzer("id");

  it("keeps reduplicated words whole, which natural's stemmer takes to their root", () => {
    expect(id.tokens("anak-anak membaca buku-buku")).toEqual(["anak-anak", "membaca", "buku-buku"]);
    expect(id("anak-anak membaca buku-buku di perpustakaan")).toEqual(
      ["anak-anak", "membaca", "buku-buku", "perpustakaan"].map((t) => StemmerId.stem(t)),
    );
    expect(id("anak-anak")).toEqual(["anak"]);
  });

  it("drops natural's stop words, hyphenated ones too", () => {
    expect(id("masing-masing dan yang rumah")).toEqual([StemmerId.stem("rumah")]);
  });
});

describe("Chinese", () => {
  const zh = analyzer("zh");

  it("cuts runs of Han characters into overlapping bigrams, and a lone character into itself", () => {
    expect(zh.tokens("图书馆。书")).toEqual(["图书", "书馆", "书"]);
    expect(zh("图书馆。书")).toEqual(["图书", "书馆", "书"]);
  });

  it("handles Latin words and digits inside as the default analyzer does", () => {
    expect(zh.tokens("iPhone手机和servers")).toEqual(["iphone", "手机", "机和", "servers"]);
    expect(zh.tokens("iPhone手机 servers")).toEqual(["iphone", "手机", "servers"]);
    expect(zh("iPhone手机 the servers")).toEqual([PorterStemmer.stem("iphone"), "手机", PorterStemmer.stem("servers")]);
    expect(zh.tokens("２０２４年")).toEqual(["2024", "年"]);
  });

  it("drops natural's Chinese stop words where a token is one", () => {
    expect(stopZh.includes("的") && stopZh.includes("年")).toBe(true);
    expect(zh("２０２４年 的 书")).toEqual(["2024", "书"]);
  });

  it("keeps Hangul and Greek words as tokens", () => {
    expect(zh.tokens("한국어 ελληνικά")).toEqual(["한국어", "ελληνικά"]);
  });
});

describe("Japanese", () => {
  const ja = analyzer("ja");

  it("cuts runs of Han, Hiragana and Katakana into overlapping bigrams", () => {
    expect(ja.tokens("東京都")).toEqual(["東京", "京都"]);
    expect(ja.tokens("猫")).toEqual(["猫"]);
  });

  it("stems katakana runs as natural's Japanese stemmer does, before cutting bigrams", () => {
    for (const w of ["コンピューター", "サーバー", "データ", "ルー", "ユーザー"]) {
      expect(ja.tokens(w)).toEqual(analyzer("ja", { stemming: false }).tokens(StemmerJa.stem(w)));
    }
    expect(ja.tokens("コンピューター")).toEqual(ja.tokens("コンピュータ"));
    expect(analyzer("ja", { stemming: false }).tokens("サーバー")).toEqual(["サー", "ーバ", "バー"]);
  });

  it("folds half-width katakana and full-width Latin letters, and composes voiced kana", () => {
    expect(ja.tokens("ｶﾀｶﾅ ＡＢＣ")).toEqual(["カタ", "タカ", "カナ", "abc"]);
    expect(ja.tokens("か\u3099くせい")).toEqual(ja.tokens("がくせい"));
  });

  it("cuts at punctuation, and keeps a mark with the character before it", () => {
    expect(ja.tokens("データ・ベース")).toEqual(["デー", "ータ", "ベー", "ース"]);
    expect(ja.tokens("東\u0301京")).toEqual(["東\u0301京"]);
    expect(ja.tokens("東\u0301京都")).toEqual(["東\u0301京", "京都"]);
  });

  it("drops natural's Japanese stop words where a token is one, and English ones among Latin words", () => {
    expect(stopJa.includes("から") && stopJa.includes("の")).toBe(true);
    expect(ja("から の the servers")).toEqual([PorterStemmer.stem("servers")]);
  });
});

describe("language analyzer options", () => {
  it("stemming false keeps tokens as they are", () => {
    expect(analyzer("fr", { stemming: false })("les armées")).toEqual(["armées"]);
    expect(analyzer("fr", { stemming: false }).stem("armées")).toBe("armées");
  });

  it("stopWords false keeps them; a list of your own replaces the language's", () => {
    expect(analyzer("fr", { stopWords: false, stemming: false })("les armées")).toEqual(["les", "armées"]);
    expect(analyzer("fr", { stopWords: ["armées"], stemming: false })("les armées")).toEqual(["les"]);
  });

  it("minLength and numbers drop short words and numbers, but never a CJK character", () => {
    expect(analyzer("de", { minLength: 4, stemming: false })("ein Hund 1961")).toEqual(["hund", "1961"]);
    expect(analyzer("de", { numbers: false, stemming: false })("Hund 1961")).toEqual(["hund"]);
    expect(analyzer("zh", { minLength: 3 })("书 ab")).toEqual(["书"]);
  });

  it("foldAccents removes the marks of Latin letters only", () => {
    expect(analyzer("fr", { foldAccents: true, stemming: false })("l'Armée")).toEqual(["armee"]);
    expect(analyzer("ru", { foldAccents: true, stemming: false })("йогурт café")).toEqual(["йогурт", "cafe"]);
  });

  it("refuses malformed options with INVALID_OPTION", () => {
    for (const options of [{ stemming: 1 }, { minLength: 0 }, { stopWords: "french" }, { numbers: "no" }, { foldAccents: null }]) {
      let error: unknown;
      try {
        analyzer("fr", options);
      } catch (e) {
        error = e;
      }
      expect((error as RecommenderError).code).toBe("INVALID_OPTION");
    }
  });

  it("name the default pipeline and their language", () => {
    const a = analyzer("sv");
    expect([a.name, a.language]).toEqual(["default", "sv"]);
  });
});

describe("English", () => {
  it("is the default analyzer, with stopWords true meaning its English list", () => {
    const text = "The troops' counties, Atlanta's running café 1961";
    expect(analyzer("en")(text)).toEqual(createAnalyzer()(text));
    expect(analyzer("en", { stopWords: true, stemming: false })(text)).toEqual(createAnalyzer({ stemming: false })(text));
  });
});

describe("long texts", () => {
  it.each(["fr", "id", "ru", "zh", "ja"])("%s: past the regex size limit, tokens are those of the words one by one", (code) => {
    const a = analyzer(code);
    const words = "L'armée anak-anak Ещё 東京都のコンピューター iPhone’s qu’il ".repeat(25_000);
    expect(words.length).toBeGreaterThan(1 << 20);
    expect(a.tokens(words)).toEqual(words.split(" ").flatMap((w) => a.tokens(w)));
  });

  it("cut a run of millions of letters without overflowing the regex stack", () => {
    const run = "ж".repeat(4_200_000);
    expect(analyzer("ru").tokens(`${run} армия`)).toEqual(["армия"]);
    expect(analyzer("zh").tokens(`${run} 书`)).toEqual(["书"]);
    expect(analyzer("zh").tokens("书".repeat(1_200_000)).length).toBe(1_199_999);
  });
});
