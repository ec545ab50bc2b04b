// The `language` option: the analyzer of that language for the whole index, saved with it.
import { describe, expect, it } from "vitest";
import "../src/analysis/lang/fr.js";
import "../src/analysis/lang/de.js";
import { Recommender } from "../src/index.js";
import { RecommenderError } from "../src/errors.js";

// Short texts written for this test: two share only French function words, two share a word
// written once with an elided article ("l'armée") and once without.
const FR = [
  { id: "pain", text: "Le boulanger de la ville a cuit le pain dans un four chaud." },
  { id: "maire", text: "Le maire de la ville a présenté un budget pour les écoles." },
  { id: "troupes", text: "L'armée retire ses troupes du nord du pays." },
  { id: "retrait", text: "Le retrait des troupes inquiète les alliés de cette armée." },
];

const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return e instanceof RecommenderError ? `${e.code}: ${e.message}` : String(e);
  }
  return undefined;
};

describe("language option", () => {
  it("analyzes French with French stop words, elision and stems", () => {
    const fr = new Recommender({ language: "fr", minDf: 1 }).add(FR);
    const en = new Recommender({ minDf: 1 }).add(FR);
    // Under English rules the bread and the mayor meet on "le", "la", "de", "un"...
    expect(en.recommend("pain").map((r) => r.id)).toContain("maire");
    // ...under French rules only on what they are about ("ville").
    const explained = fr.explain("pain", "maire").terms.map((t) => t.term);
    expect(explained).toEqual(["ville"]);
    // "L'armée" and "armée" are one term: the troop stories are each other's first match.
    expect(fr.recommend("troupes")[0]?.id).toBe("retrait");
    expect(fr.explain("troupes", "retrait").terms.map((t) => t.term)).toEqual(expect.arrayContaining(["armée", "troupes"]));
    expect(fr.options.language).toBe("fr");
  });

  it("is saved with the index; an English index saves the bytes it always did", () => {
    const fr = new Recommender({ language: "fr", minDf: 1 }).add(FR);
    const loaded = Recommender.load(fr.save());
    expect(loaded.options.language).toBe("fr");
    for (const { id } of FR) expect(loaded.recommend(id)).toEqual(fr.recommend(id));
    const en = new Recommender({ minDf: 1 }).add(FR).save();
    expect(new TextDecoder().decode(en.subarray(0, 600))).not.toContain("language");
    expect(Recommender.load(en).options.language).toBe("en");
    expect(new Recommender(fr.options).options).toEqual(fr.options);
  });

  it("refuses an unknown code naming it and listing the supported ones, an unloaded one naming its entry, and a language with the sklearn analyzer", () => {
    expect(codeOf(() => new Recommender({ language: "xx" }))).toMatch(/^INVALID_OPTION: .*"fr".*"zh".*"xx"/);
    expect(codeOf(() => new Recommender({ language: "ru" }))).toMatch(/^INVALID_OPTION: .*alsolike\/lang\/ru/);
    expect(codeOf(() => new Recommender({ language: "fr", analyzer: "sklearn" }))).toMatch(/^INVALID_OPTION: .*language/);
    expect(codeOf(() => new Recommender({ language: 7 as never }))).toMatch(/^INVALID_OPTION/);
  });

  it("keeps stopWords: false and a list of one's own", () => {
    const none = new Recommender({ language: "fr", minDf: 1, stopWords: false }).add(FR);
    expect(none.explain("pain", "maire").terms.map((t) => t.term)).toContain("le");
    const own = new Recommender({ language: "de", minDf: 1, stopWords: ["ville"] }).add(FR);
    expect(own.explain("pain", "maire").terms.map((t) => t.term)).not.toContain("ville");
  });
});
