// The one door behind the public API (src/internal.ts): no `_` member on the class or in the
// published types, and it opens instances of another copy of the module (the CommonJS build
// beside the ES module one, or src beside dist) through a registered symbol.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { generateCorpusArray } from "../bench/synthetic.js";
import { RecommenderError } from "../src/errors.js";
import { internalsOf } from "../src/internal.js";
import { Recommender } from "../src/index.js";
import { BUILD_TIMEOUT, ROOT, ensureDist } from "./ensure-dist.js";

beforeAll(() => ensureDist(), BUILD_TIMEOUT);

describe("internalsOf", () => {
  it("opens a Recommender and refuses anything else with INVALID_OPTION", () => {
    const rec = new Recommender().add([{ id: "a", text: "x y" }, { id: "b", text: "x z" }]);
    expect(internalsOf(rec).generation).toBeGreaterThan(0);
    for (const v of [null, {}, 3, "rec"]) {
      expect(() => internalsOf(v as unknown as Recommender)).toThrow(RecommenderError);
    }
  });

  it("leaves no _ member on the class nor in the published types", () => {
    const rec = new Recommender();
    const names = [...Object.getOwnPropertyNames(Recommender.prototype), ...Object.getOwnPropertyNames(rec), ...Object.getOwnPropertyNames(Recommender)];
    expect(names.filter((n) => n.startsWith("_"))).toEqual([]);
    for (const file of ["index.d.ts", "index.d.cts", "node.d.ts"]) {
      const dts = readFileSync(join(ROOT, "dist", file), "utf8");
      expect(dts).not.toMatch(/\b_[a-zA-Z]+\s*[(:]/);
    }
  });

  it("lets alsolike/node's relatedAll from the build work on an index made by another copy (src)", async () => {
    const node = (await import(pathToFileURL(join(ROOT, "dist", "node.js")).href)) as typeof import("../src/node/index.js");
    const arts = generateCorpusArray({ n: 2500, seed: 3 }).map((a) => ({ id: a.id, title: a.title, text: a.text }));
    const rec = new Recommender().add(arts);
    const twin = new Recommender().add(arts);
    const lists = await node.relatedAll(rec, { k: 5, threads: 2 });
    expect(lists.size).toBe(arts.length);
    for (const id of arts.slice(0, 200).map((a) => a.id)) expect(lists.get(id)).toEqual(twin.recommend(id, { k: 5 }));
  }, 60_000);
});
