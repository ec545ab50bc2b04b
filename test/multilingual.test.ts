// Several languages in one index: each article analyzed by its own `lang`'s analyzer.
import { describe, expect, it } from "vitest";
import { registerAllLanguages } from "../src/analysis/lang/all.js";
import { Recommender } from "../src/index.js";

registerAllLanguages();

// Short texts written for this test.
const FR = [
  { id: "pain", text: "Le boulanger de la ville a cuit le pain dans un four chaud.", lang: "fr" },
  { id: "maire", text: "Le maire de la ville a présenté un budget pour les écoles.", lang: "fr" },
  { id: "troupes", text: "L'armée retire ses troupes du nord du pays.", lang: "fr-FR" },
  { id: "retrait", text: "Le retrait des troupes inquiète les alliés de cette armée.", lang: "fr" },
];
const EN = [
  { id: "withdrawal", text: "The troops are withdrawing from the north of the country.", lang: "en" },
  { id: "allies", text: "Allies worry as the troop withdrawal goes on in the north.", lang: "en" },
  { id: "bakery", text: "The baker baked bread in a hot oven for the city.", lang: "en" },
];

describe("an index of several languages", () => {
  it("analyzes each article in its own language: the French ones exactly as a French index does", () => {
    const mixed = new Recommender({ minDf: 1 }).add([...FR, ...EN]);
    const french = new Recommender({ language: "fr", minDf: 1 }).add(FR);
    // Same terms for every French pair (scores differ: the mixed index has more articles, so other idf).
    const shared = (r: Recommender, a: string, b: string) => r.explain(a, b).terms.map((t) => t.term).sort();
    for (const a of FR) for (const b of FR) if (a !== b) expect(shared(mixed, a.id, b.id)).toEqual(shared(french, a.id, b.id));
    // French stop words do not relate the bread to the mayor; "ville" does.
    expect(mixed.explain("pain", "maire").terms.map((t) => t.term)).toEqual(["ville"]);
    // English articles keep the English analyzer (Porter: "troops" and "troop" are one term).
    expect(mixed.explain("withdrawal", "allies").terms.map((t) => t.term)).toEqual(expect.arrayContaining(["troop", "withdrawal", "north"]));
  });

  it("keeps lists within a language, answers drafts in theirs, and survives save, load and compaction", () => {
    const mixed = new Recommender({ minDf: 1 }).add([...FR, ...EN]);
    expect(mixed.recommend("troupes").every((r) => FR.some((a) => a.id === r.id))).toBe(true);
    const draft = mixed.recommendText({ text: "L'armée et ses troupes", lang: "fr" });
    expect(draft.slice(0, 2).map((r) => r.id).sort()).toEqual(["retrait", "troupes"]);
    const loaded = Recommender.load(mixed.save());
    for (const { id } of [...FR, ...EN]) expect(loaded.recommend(id)).toEqual(mixed.recommend(id));
    expect(loaded.explain("pain", "maire").terms.map((t) => t.term)).toEqual(["ville"]);
    // Incremental: remove and re-add, then compact: the same as a fresh build.
    mixed.remove("maire").add(FR[1] as (typeof FR)[number]).build();
    const fresh = new Recommender({ minDf: 1 }).add([...FR.filter((a) => a.id !== "maire"), ...EN, FR[1] as (typeof FR)[number]]);
    for (const { id } of [...FR, ...EN]) expect(mixed.recommend(id)).toEqual(fresh.recommend(id));
  });

  it("falls back to the index's language for a language that is not loaded or with the sklearn analyzer", () => {
    const pl = new Recommender({ minDf: 1 }).add([
      { id: "a", text: "troops leaving the north", lang: "pl" },
      { id: "b", text: "troop withdrawal in the north", lang: "pl" },
    ]);
    expect(pl.explain("a", "b").terms.map((t) => t.term)).toEqual(expect.arrayContaining(["troop"]));
    const sk = new Recommender({ analyzer: "sklearn" }).add(FR);
    expect(sk.explain("pain", "maire").terms.map((t) => t.term)).toEqual(expect.arrayContaining(["le", "la"]));
  });
});
