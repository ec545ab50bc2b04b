/**
 * Languages by code: checkLanguage, the entry files that register one language each, and the
 * module graph that keeps a language's stemmer and stop words out of bundles that do not import
 * it. This file imports no language up front: it checks what the registry knows before and after.
 */
import { readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { analyzerNames, checkLanguage, createLanguageAnalyzer, ENGLISH, LANGUAGE_CODES, registeredLanguages, registerLanguage } from "../src/analysis/registry.js";
import { RecommenderError } from "../src/errors.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");

function errorOf(f: () => unknown): RecommenderError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(RecommenderError);
    return e as RecommenderError;
  }
  throw new Error("expected a RecommenderError");
}

/**
 * The modules a source file reaches through static imports and re-exports: our files (relative
 * paths, .js -> .ts) and the packages' specifiers ("natural/lib/...").
 */
function moduleGraph(entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const source = readFileSync(file, "utf8");
    // Static `import ... from "x"`, `import "x"`, `export ... from "x"`; `import type` is erased.
    for (const m of source.matchAll(/^(?:import|export)\s+(?!type\b)(?:[^"';]*?\sfrom\s+)?["']([^"']+)["']/gm)) {
      const spec = m[1] as string;
      if (spec.startsWith(".")) visit(join(dirname(file), spec.replace(/\.js$/, ".ts")));
      else packages.add(spec);
    }
  };
  visit(join(ROOT, entry));
  return { files: [...files].map((f) => relative(ROOT, f)).sort(), packages: [...packages].sort() };
}

const OTHERS = LANGUAGE_CODES.filter((c) => c !== "en");

describe("checkLanguage", () => {
  it("refuses an unknown code, naming it and listing the supported ones", () => {
    const e = errorOf(() => checkLanguage("xx"));
    expect(e.code).toBe("INVALID_OPTION");
    expect(e.message).toContain('"xx"');
    for (const code of LANGUAGE_CODES) expect(e.message).toContain(`"${code}"`);
    for (const bad of [undefined, null, 42, "", "FR", "fr-FR"]) expect(errorOf(() => checkLanguage(bad)).code).toBe("INVALID_OPTION");
  });

  it("knows English without any import, and nothing else", () => {
    expect(checkLanguage("en")).toBe("en");
    expect(registeredLanguages()).toEqual(["en"]);
  });

  it("refuses a supported language whose entry was not imported, saying which to import", () => {
    const e = errorOf(() => createLanguageAnalyzer("fr"));
    expect(e.code).toBe("INVALID_OPTION");
    expect(e.message).toContain('"fr"');
    expect(e.message).toContain("alsolike/lang/fr");
  });
});

describe("language entries", () => {
  it("register their language when imported, and only theirs", async () => {
    const { FRENCH } = await import("../src/analysis/lang/fr.js");
    expect(registeredLanguages()).toEqual(["en", "fr"]);
    expect(checkLanguage("fr")).toBe("fr");
    expect(createLanguageAnalyzer("fr")("l'armée").length).toBe(1);
    expect(errorOf(() => checkLanguage("de")).code).toBe("INVALID_OPTION");
    // The same registration again is no change; another one under a taken code is refused.
    registerLanguage(FRENCH);
    expect(errorOf(() => registerLanguage({ ...FRENCH })).code).toBe("INVALID_OPTION");
    expect(errorOf(() => registerLanguage({ ...ENGLISH, code: "" })).code).toBe("INVALID_OPTION");
  });

  it("all.ts registers every supported language", async () => {
    (await import("../src/analysis/lang/all.js")).registerAllLanguages();
    expect(registeredLanguages().sort()).toEqual([...LANGUAGE_CODES].sort());
    for (const code of LANGUAGE_CODES) expect(createLanguageAnalyzer(code).language).toBe(code);
  });

  it("leave the analyzer names alone (a language is not an analyzer name)", () => {
    expect(analyzerNames()).toEqual(["default", "sklearn"]);
  });
});

describe("module graph", () => {
  /** natural's per-language modules (stemmers other than English Porter, stop words other than English). */
  const languageModules = (packages: string[]) =>
    packages.filter((p) => /natural\/lib\/natural\/(stemmers\/(porter_stemmer_|indonesian|stemmer_)|util\/stopwords_)/.test(p) || p.startsWith("stopwords-iso"));

  it("keeps every language out of the main entry", () => {
    const { files, packages } = moduleGraph("src/index.ts");
    expect(files).toContain("src/analysis/registry.ts");
    expect(packages).toContain("natural/lib/natural/stemmers/porter_stemmer.js");
    expect(files.filter((f) => f.includes("analysis/lang") || f.includes("analysis/languages/"))).toEqual([]);
    expect(languageModules(packages)).toEqual([]);
  });

  it.each(OTHERS)("gives the entry of %s only its own stemmer and stop words", (code) => {
    const { files, packages } = moduleGraph(`src/analysis/lang/${code}.ts`);
    // Shared by languages: scripts.ts, cjk.ts, english-inside.ts (English Porter and stop words are the main entry's).
    const own = files.filter((f) => f.startsWith("src/analysis/languages/") && !/\/(scripts|cjk|english-inside)\.ts$/.test(f));
    expect(own.sort()).toEqual(code === "es" ? ["src/analysis/languages/es.ts", "src/analysis/languages/spanish-stemmer.ts"] : [`src/analysis/languages/${code}.ts`]);
    // Spanish stems with our own light stemmer: natural gives it its stop words only.
    expect(languageModules(packages).length).toBeGreaterThan(0);
    for (const p of languageModules(packages)) expect(p === "stopwords-iso/stopwords-iso.json" ? code === "de" : p.includes(`_${code}.js`)).toBe(true);
  });
});
