/**
 * What the eval by language (npm run eval, part 3) changed in the analyzers: the Spanish light
 * stemmer on real Spanish words, stop lists trimmed to function words and completed, English
 * function words dropped inside other languages (less the words the language uses with a
 * meaning), and English Porter for Latin words in Cyrillic text.
 */
import PorterStemmer from "natural/lib/natural/stemmers/porter_stemmer.js";
import StemmerRu from "natural/lib/natural/stemmers/porter_stemmer_ru.js";
import StemmerUk from "natural/lib/natural/stemmers/porter_stemmer_uk.js";
import { describe, expect, it } from "vitest";
import { createAnalyzer } from "../src/analysis/default-analyzer.js";
import { registerAllLanguages } from "../src/analysis/lang/all.js";
import { stemSpanish } from "../src/analysis/languages/spanish-stemmer.js";
import { createLanguageAnalyzer } from "../src/analysis/registry.js";

registerAllLanguages();

describe("stemSpanish", () => {
  it("gives singular and plural, masculine and feminine one stem", () => {
    const stems = (words: string[]) => words.map(stemSpanish);
    expect(stems(["archivo", "archivos"])).toEqual(["archiv", "archiv"]);
    expect(stems(["usuario", "usuarios", "usuaria", "usuarias"])).toEqual(["usuari", "usuari", "usuari", "usuari"]);
    expect(stems(["opción", "opciones", "configuración", "configuraciones"])).toEqual(["opcion", "opcion", "configuracion", "configuracion"]);
    expect(stems(["valor", "valores", "señal", "señales", "red", "redes"])).toEqual(["valor", "valor", "señal", "señal", "red", "red"]);
    expect(stems(["nombre", "nombres", "cadena", "cadenas", "sistema", "sistemas"])).toEqual(["nombr", "nombr", "caden", "caden", "sistem", "sistem"]);
  });

  it("writes a final z as c, so that words in -z and in -ce keep their plurals apart from each other", () => {
    expect(["luz", "luces", "vez", "veces", "matriz", "matrices"].map(stemSpanish)).toEqual(["luc", "luc", "vec", "vec", "matric", "matric"]);
    expect(["índice", "índices", "enlace", "enlaces"].map(stemSpanish)).toEqual(["indic", "indic", "enlac", "enlac"]);
  });

  it("leaves short words and singulars in -s whole, and folds accents", () => {
    expect(["mes", "meses", "tres", "año", "años", "país", "países", "análisis"].map(stemSpanish)).toEqual(["mes", "mes", "tres", "año", "año", "pais", "pais", "analisis"]);
  });

  it("is the Spanish analyzer's stemmer, and reaches Latin words only", () => {
    const es = createLanguageAnalyzer("es");
    expect(es("Las opciones de configuración")).toEqual(["opcion", "configuracion"]);
    expect(es.term("κόσμος")).toBe("κόσμος");
  });
});

describe("stop lists", () => {
  it("French: drops the function words natural's list lacks", () => {
    const fr = createLanguageAnalyzer("fr");
    expect(fr.tokens("Si tous les fichiers sont déjà là, chaque copie est inutile")).toEqual(["si", "tous", "les", "fichiers", "sont", "déjà", "là", "chaque", "copie", "est", "inutile"]);
    expect(["si", "tous", "déjà", "chaque"].map((w) => fr.term(w))).toEqual(["", "", "", ""]);
  });

  it("German: keeps the content words of stopwords-iso's list as terms", () => {
    const de = createLanguageAnalyzer("de", { stemming: false });
    expect(de("Die neue Suche dauert lange Zeit")).toEqual(["neue", "suche", "dauert", "lange", "zeit"]);
    expect(de("Wir haben es nicht gemacht, aber sie wird")).toEqual(["gemacht"]);
  });

  it("Russian: keeps 'путь' (path) as a term and drops 'не', 'это', 'по'", () => {
    const ru = createLanguageAnalyzer("ru", { stemming: false });
    expect(ru("это не путь по умолчанию")).toEqual(["путь", "умолчанию"]);
  });

  it("Italian and Spanish: drop the function words natural's lists lack", () => {
    expect(createLanguageAnalyzer("it", { stemming: false })("ogni file può essere sempre letto")).toEqual(["file", "letto"]);
    expect(createLanguageAnalyzer("es", { stemming: false })("este archivo es todo lo que hay")).toEqual(["archivo"]);
  });
});

describe("English inside other languages", () => {
  it("drops English function words in Latin-script languages", () => {
    const sentence = "the name of the file is given to the program";
    expect(createLanguageAnalyzer("fr", { stemming: false })(sentence)).toEqual(["name", "file", "given", "program"]);
    expect(createLanguageAnalyzer("es", { stemming: false })(sentence)).toEqual(["name", "file", "given", "program"]);
    expect(createLanguageAnalyzer("it", { stemming: false })(sentence)).toEqual(["name", "file", "given", "program"]);
    expect(createLanguageAnalyzer("de", { stemming: false })(sentence)).toEqual(["name", "file", "given", "program"]);
  });

  it("keeps English stop words that are words of the language with a meaning", () => {
    expect(createLanguageAnalyzer("fr", { stemming: false })("un an plus tard, le but est atteint")).toEqual(["an", "plus", "tard", "but", "atteint"]);
    expect(createLanguageAnalyzer("de", { stemming: false })("der See ist still")).toEqual(["see", "still"]);
    expect(createLanguageAnalyzer("it", { stemming: false })("so che la via è lunga")).toEqual(["so", "via", "lunga"]);
    expect(createLanguageAnalyzer("es", { stemming: false })("once días")).toEqual(["once", "días"]);
  });

  it("gives Latin words in Russian and Ukrainian text English stop words and English Porter", () => {
    const ru = createLanguageAnalyzer("ru");
    expect(ru("файлы of the files")).toEqual([StemmerRu.stem("файлы"), "file"]);
    expect(ru.term("running")).toBe(PorterStemmer.stem("running"));
    expect(ru.term("running")).toBe("run");
    const uk = createLanguageAnalyzer("uk");
    expect(uk("файли of the files")).toEqual([StemmerUk.stem("файли"), "file"]);
  });

  it("leaves English itself as it was", () => {
    expect(createLanguageAnalyzer("en")("the files of an archive")).toEqual(createAnalyzer()("the files of an archive"));
    expect(createAnalyzer()("the files of an archive")).toEqual(["file", "archiv"]);
  });
});
