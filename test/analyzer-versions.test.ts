/**
 * Versions of the languages' analyses: a snapshot says which versions made its terms (when not 1),
 * and `load` refuses one this build would analyze differently, instead of mixing old terms with
 * new ones (src/persist/snapshot-analyzers.ts). And each built-in language's analysis is pinned to
 * its version here, so that a change to its stop words, stemmer or word rules fails this test
 * until the version is raised.
 */
import { describe, expect, it } from "vitest";
import { ALL_LANGUAGES, registerAllLanguages } from "../src/analysis/lang/all.js";
import { registrationOf, type LanguageSpec } from "../src/analysis/language-analyzer.js";
import { FRENCH_SPEC } from "../src/analysis/languages/fr.js";
import { createLanguageAnalyzer, languageVersion, LANGUAGE_CODES, registerLanguage } from "../src/analysis/registry.js";
import { RecommenderError } from "../src/errors.js";
import { Recommender } from "../src/index.js";
import { checksum } from "../src/persist/checksum.js";

registerAllLanguages();
// A language past its first version, for these tests only: French's analysis under another code.
const LATER: LanguageSpec<"xq"> = { ...FRENCH_SPEC, code: "xq", name: "French, version 2", version: 2 };
registerLanguage(registrationOf(LATER));

const pad8 = (n: number) => (n + 7) & ~7;

function headerOf(bytes: Uint8Array): Record<string, unknown> {
  const length = new DataView(bytes.buffer, bytes.byteOffset).getUint32(12, true);
  return JSON.parse(new TextDecoder().decode(bytes.subarray(16, 16 + length))) as Record<string, unknown>;
}

/** The snapshot with its header replaced by `edit`'s result, the sections moved after it, resealed. */
function withHeader(bytes: Uint8Array, edit: (header: Record<string, unknown>) => void): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(12, true);
  const header = headerOf(bytes);
  edit(header);
  const text = new TextEncoder().encode(JSON.stringify(header));
  const body = bytes.subarray(pad8(16 + headerLength), bytes.length - 8);
  const out = new Uint8Array(pad8(16 + text.length) + body.length + 8);
  out.set(bytes.subarray(0, 12), 0);
  const o = new DataView(out.buffer);
  o.setUint32(12, text.length, true);
  out.set(text, 16);
  out.set(body, pad8(16 + text.length));
  o.setUint32(out.length - 8, out.length, true);
  o.setUint32(out.length - 4, checksum(out, out.length - 4), true);
  return out;
}

function loadError(bytes: Uint8Array): RecommenderError {
  try {
    Recommender.load(bytes);
  } catch (e) {
    if (e instanceof RecommenderError) return e;
    throw e;
  }
  throw new Error("loaded");
}

const ARTICLES = [
  { id: "pain", text: "La boulangère du village vend son pain et ses croissants dès six heures du matin." },
  { id: "maire", text: "Le maire du village a présenté le budget de la commune au conseil municipal." },
  { id: "four", text: "Le pain cuit dans le four de la boulangerie pendant que le village dort." },
];

describe("snapshots name the versions of their languages' analyses", () => {
  it("write nothing for languages at version 1: English and French indexes keep their bytes", () => {
    expect(headerOf(new Recommender().add(ARTICLES).save())).not.toHaveProperty("analyzers");
    expect(headerOf(new Recommender({ language: "fr" }).add(ARTICLES).save())).not.toHaveProperty("analyzers");
    // A language at version 2 registered but unused changes nothing either.
    expect(headerOf(new Recommender().add(ARTICLES.map((a) => ({ ...a, lang: "fr" }))).save())).not.toHaveProperty("analyzers");
  });

  it("write a language past version 1 that analyzed the index or one of its articles, and load it back", () => {
    const rec = new Recommender({ language: "xq" }).add(ARTICLES);
    const bytes = rec.save();
    expect(headerOf(bytes).analyzers).toEqual({ xq: 2 });
    const loaded = Recommender.load(bytes);
    expect(loaded.recommend("pain")).toEqual(rec.recommend("pain"));
    expect(loaded.save()).toEqual(bytes);
    // An article's own lang (its primary subtag) counts as much as the index's language.
    const mixed = new Recommender().add([...ARTICLES.slice(0, 2), { ...(ARTICLES[2] as (typeof ARTICLES)[number]), lang: "xq-CA" }]);
    expect(headerOf(mixed.save()).analyzers).toEqual({ xq: 2 });
    expect(Recommender.load(mixed.save()).recommend("four")).toEqual(mixed.recommend("four"));
  });

  it("refuses a snapshot analyzed at another version, naming the language and both versions", () => {
    const bytes = new Recommender({ language: "xq" }).add(ARTICLES).save();
    // Saved before the analysis was raised to version 2 (no stamp: version 1).
    const before = loadError(withHeader(bytes, (h) => void delete h.analyzers));
    expect(before.code).toBe("INCOMPATIBLE_SNAPSHOT_VERSION");
    expect(before.message).toBe('Snapshot analyzed language "xq" with version 1 of its analysis; this alsolike analyzes it with version 2: build the index again from its articles');
    // Saved by a later alsolike, whose analysis is at version 5.
    const later = loadError(withHeader(bytes, (h) => void (h.analyzers = { xq: 5 })));
    expect(later.code).toBe("INCOMPATIBLE_SNAPSHOT_VERSION");
    expect(later.message).toContain('"xq" with version 5');
    // A French index stamped as if French were at version 3.
    const french = new Recommender({ language: "fr" }).add(ARTICLES).save();
    expect(loadError(withHeader(french, (h) => void (h.analyzers = { fr: 3 }))).message).toContain('"fr" with version 3 of its analysis; this alsolike analyzes it with version 1');
  });

  it("refuses a malformed stamp as INVALID_SNAPSHOT", () => {
    const bytes = new Recommender({ language: "xq" }).add(ARTICLES).save();
    for (const value of [[], "xq", null, {}, { xq: 1 }, { xq: 2.5 }, { xq: "2" }, { XQ: 2 }, { __proto__x: 2 }, { xq: 2 ** 31 }]) {
      const e = loadError(withHeader(bytes, (h) => void (h.analyzers = value)));
      expect(e.code, JSON.stringify(value)).toBe("INVALID_SNAPSHOT");
      expect(e.message).toContain("analyzers");
    }
    // Formats before 6 have no such field.
    expect(headerOf(bytes)).toHaveProperty("nForms");
  });
});

/**
 * What each built-in language's analysis gives a probe: its stop list, and the terms of its stop
 * words, its first 60 stop words with endings, a few stems with common endings of several
 * languages and a few words of each script, so that the stemmer and word rules are exercised too.
 * FNV-1a of all that, joined.
 */
function fingerprint(code: string): string {
  const analyzer = createLanguageAnalyzer(code);
  const stop = [...analyzer.stopWords].sort();
  const stems = ["nation", "govern", "lavor", "работ", "arbeit", "camin", "village", "parl", "lectur", "dokument"];
  const endings = ["", "s", "es", "en", "er", "ing", "ed", "ation", "ement", "ements", "mente", "ción", "ciones", "zione", "ungen", "ами", "ого", "ість", "ning", "heten"];
  // A few words of the other scripts the languages read.
  const scripts = ["книга книги книгами читали читаю", "пісня пісні пісням співаємо", "کتاب کتابها کتاب‌ها", "membangun pembangunan makanan", "東京都の図書館で日本語の本を読んだ", "北京大学图书馆的中文书", "ｺｰﾋｰ コーヒー"];
  const probe = [...stop, ...stop.slice(0, 60).flatMap((w) => [`${w}s`, `${w}en`]), ...stems.flatMap((s) => endings.map((e) => s + e)), ...scripts];
  // The stop list itself too: a word added to it may be in no probe.
  const terms = `${stop.join(" ")} | ${analyzer(probe.join(" . ")).join(" ")}`;
  let h = 0x811c9dc5;
  for (let i = 0; i < terms.length; i++) h = Math.imul(h ^ terms.charCodeAt(i), 0x01000193);
  return `${terms.length}:${(h >>> 0).toString(16)}`;
}

/** Each language's analysis version and the fingerprint of that version's analysis. */
const PINNED: Record<string, [number, string]> = {
  en: [1, "4178:7aa74587"],
  fr: [1, "5471:b8144079"],
  de: [1, "7560:2536c0e4"],
  es: [1, "5243:1ec2c59e"],
  it: [1, "6447:b8c0961"],
  pt: [1, "3272:87faee27"],
  nl: [1, "3130:439d2850"],
  no: [1, "3182:e957a7d4"],
  sv: [1, "6025:46feae85"],
  ru: [1, "5150:4a077270"],
  uk: [1, "4570:1f75dafc"],
  fa: [1, "2421:78a99497"],
  id: [1, "9889:a3ab3c02"],
  ja: [1, "6750:f3323f9a"],
  zh: [1, "22651:b7d14d2"],
};

describe("each language's analysis is pinned to its version", () => {
  it("covers every built-in language", () => {
    expect(ALL_LANGUAGES.map((l) => l.code).sort()).toEqual(LANGUAGE_CODES.filter((c) => c !== "en").sort());
  });

  it.each(LANGUAGE_CODES.map((c) => [c]))("%s: a change of what the analysis gives raises its version", (code) => {
    const pinned = PINNED[code];
    const now: [number, string] = [languageVersion(code) as number, fingerprint(code)];
    // When this fails, the analysis of this language changed: raise `version` in its spec
    // (src/analysis/languages/<code>.ts; English: the registry's ENGLISH) and pin the new pair here.
    expect(now, `the analysis of ${code} gives other terms than its version ${pinned?.[0]} did`).toEqual(pinned);
  });
});
