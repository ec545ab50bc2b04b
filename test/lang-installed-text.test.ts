/**
 * The language analyzers on real text: translated manual pages and message catalogs installed
 * by Debian packages, read at test time (gunzip, roff stripped crudely; .mo catalogs parsed).
 * A language whose text is not installed is skipped, saying which package would bring it.
 * On each text: the indexer's scanner gives exactly the tokenizer's tokens; tokens are letter
 * runs of the language's script (elided articles gone, CJK runs in bigrams); natural's stop words
 * are dropped; every stem is natural's stemmer's output for the token (Spanish: our light
 * stemmer's, spanish-stemmer.ts), computed here.
 */
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
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { registerAllLanguages } from "../src/analysis/lang/all.js";
import type { Analyzer } from "../src/analysis/analyzer.js";
import { createLanguageAnalyzer } from "../src/analysis/registry.js";
import { TokenIds } from "../src/analysis/token-ids.js";
import { stemSpanish } from "../src/analysis/languages/spanish-stemmer.js";

registerAllLanguages();

/** Where a language's text comes from: a man directory or a locale's message catalogs. */
interface Source {
  kind: "man" | "mo";
  dir: string;
  /** The Debian packages that install it, for the skip message. */
  packages: string;
}

const man = (locale: string, packages: string): Source => ({ kind: "man", dir: `/usr/share/man/${locale}`, packages });
const mo = (locale: string, packages: string): Source => ({ kind: "mo", dir: `/usr/share/locale/${locale}/LC_MESSAGES`, packages });

const SOURCES: Record<string, Source> = {
  fr: man("fr", "manpages-fr"),
  de: man("de", "manpages-de"),
  es: man("es", "manpages-es"),
  it: man("it", "manpages-it"),
  ru: man("ru", "manpages-ru"),
  nl: man("nl", "dpkg, man-db (Dutch pages)"),
  pt: man("pt", "dpkg, man-db (Portuguese pages)"),
  sv: man("sv", "dpkg, man-db (Swedish pages)"),
  uk: man("uk", "passwd, login (Ukrainian pages)"),
  id: man("id", "man-db, passwd (Indonesian pages)"),
  ja: man("ja", "dpkg, man-db, passwd (Japanese pages)"),
  zh: man("zh_CN", "man-db, passwd (Chinese pages)"),
  no: mo("nb", "coreutils, bash, dpkg (Norwegian Bokmål catalogs)"),
  fa: mo("fa", "libglib2.0-data, libgtk-3-common (Persian catalogs)"),
};

/** How many files, and characters, each language reads at most (keeps the test quick). */
const MAX_FILES = 14;
const MAX_CHARS = 400_000;

/** Roff source -> its words, crudely: requests dropped (their text kept for font and heading macros), escapes removed. */
function stripRoff(source: string): string {
  const lines = source.split("\n").map((line) => {
    if (/^[.'][ \t]*\\"/.test(line)) return "";
    const request = /^[.'][ \t]*([A-Za-z]+)[ \t]*(.*)$/.exec(line);
    if (request === null) return line;
    return /^(B|I|BR|BI|IB|IR|RB|RI|SH|SS|SM|SB)$/.test(request[1] as string) ? (request[2] as string) : "";
  });
  return lines
    .join("\n")
    .replace(/\\\(aq|\\\[aq\]/g, "'")
    .replace(/\\\(cq|\\\[cq\]/g, "\u2019")
    .replace(/\\f(\[[^\]]*\]|\(..|.)/g, "")
    .replace(/\\\*(\[[^\]]*\]|\(..|.)/g, "")
    .replace(/\\\[[^\]]*\]|\\\(../g, " ")
    .replace(/\\-/g, "-")
    .replace(/\\[e\\]/g, "\\")
    .replace(/\\[&|^%c/,:~ 0dut]/g, (m) => (m === "\\ " || m === "\\~" || m === "\\0" ? " " : ""))
    .replace(/"/g, " ");
}

/** The translated strings of a GNU .mo catalog (little- or big-endian), header entry left out. */
function moStrings(bytes: Buffer): string[] {
  const le = bytes.readUInt32LE(0) === 0x950412de;
  const u32 = (at: number) => (le ? bytes.readUInt32LE(at) : bytes.readUInt32BE(at));
  const n = u32(8);
  const table = u32(16);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const length = u32(table + 8 * i);
    const offset = u32(table + 8 * i + 4);
    if (u32(u32(12) + 8 * i) === 0) continue; // the empty msgid: the catalog's header
    out.push(bytes.subarray(offset, offset + length).toString("utf8").replaceAll("\0", "\n"));
  }
  return out;
}

/** The installed files of a source, sorted, every k-th so that the sample spreads over the alphabet. */
function filesOf(source: Source): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (source.kind === "man" ? name.endsWith(".gz") : name.endsWith(".mo")) files.push(path);
    }
  };
  walk(source.dir);
  const step = Math.max(1, Math.floor(files.length / MAX_FILES));
  return files.filter((_, i) => i % step === 0).slice(0, MAX_FILES);
}

/** The language's documents, or why there are none. */
function documentsOf(code: string): { docs: string[]; missing?: string } {
  const source = SOURCES[code] as Source;
  if (!existsSync(source.dir)) return { docs: [], missing: `${source.dir} is not installed (Debian packages: ${source.packages})` };
  const docs: string[] = [];
  let total = 0;
  for (const file of filesOf(source)) {
    const bytes = readFileSync(file);
    const text = source.kind === "man" ? stripRoff(gunzipSync(bytes).toString("utf8")) : moStrings(bytes).join("\n");
    docs.push(text.slice(0, MAX_CHARS - total));
    total += text.length;
    if (total >= MAX_CHARS) break;
  }
  if (total < 5_000) return { docs: [], missing: `${source.dir} holds too little text (${total} characters; Debian packages: ${source.packages})` };
  return { docs };
}

/** The stemmer of each language, as natural gives it (Spanish: ours); null: the analyzer does not stem the language's words. */
const NATURAL_STEM: Record<string, ((token: string) => string) | null> = {
  fr: (t) => StemmerFr.stem(t),
  de: (t) => StemmerDe.stem(t),
  es: (t) => stemSpanish(t),
  it: (t) => StemmerIt.stem(t),
  pt: (t) => StemmerPt.stem(t),
  nl: (t) => StemmerNl.stem(t),
  no: (t) => StemmerNo.stem(t),
  sv: (t) => StemmerSv.stem(t),
  ru: (t) => StemmerRu.stem(t),
  uk: (t) => StemmerUk.stem(t),
  id: (t) => StemmerId.stem(t),
  fa: null,
  ja: null,
  zh: null,
};

/** A token of the language's own script (the ones its stemmer takes, or CJK ones). */
const SCRIPT: Record<string, RegExp> = {
  ru: /^\p{Script=Cyrillic}+$/u,
  uk: /^\p{Script=Cyrillic}+$/u,
  fa: /^[\p{Script=Arabic}\p{M}]+$/u,
  ja: /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u30fc]/u,
  zh: /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u30fc]/u,
  id: /^[\p{Script=Latin}-]+$/u,
};
const LATIN = /^\p{Script=Latin}+$/u;

/** The smallest share of a text's tokens that are in the language's script (man pages hold many option names). */
const MIN_SCRIPT_SHARE: Record<string, number> = { ja: 0.5, zh: 0.5, ru: 0.4, uk: 0.4, fa: 0.5 };

/** The smallest share of stop words among a text's tokens of the language's script. */
const MIN_STOP_SHARE: Record<string, number> = { fa: 0.02, zh: 0.01 };

const CODES = Object.keys(SOURCES);

describe.each(CODES)("language %s on installed text", (code) => {
  let loaded: { docs: string[]; missing?: string } | undefined;
  const load = () => (loaded ??= documentsOf(code));
  const script = SCRIPT[code] ?? LATIN;

  it("gives the indexer's scanner exactly the tokenizer's tokens", (ctx) => {
    const { docs, missing } = load();
    ctx.skip(missing !== undefined, missing);
    const analyzer = createLanguageAnalyzer(code);
    const learned: string[] = [];
    const ids = new TokenIds(analyzer, (token) => learned.push(token) - 1);
    for (const doc of docs) {
      const n = ids.scan(doc);
      expect(Array.from(ids.out.subarray(0, n), (id) => learned[id])).toEqual(analyzer.tokens(doc));
    }
  });

  it("cuts the text into runs of letters, marks and digits, mostly of the language's script", (ctx) => {
    const { docs, missing } = load();
    ctx.skip(missing !== undefined, missing);
    const analyzer = createLanguageAnalyzer(code);
    const tokens = docs.flatMap((d) => analyzer.tokens(d));
    const shape = code === "id" ? /^[\p{L}\p{M}\p{N}]+(-[\p{L}\p{M}\p{N}]+)*$/u : /^[\p{L}\p{M}\p{N}]+$/u;
    expect(tokens.filter((t) => !shape.test(t))).toEqual([]);
    expect(tokens.length).toBeGreaterThan(1_000);
    const share = tokens.filter((t) => script.test(t)).length / tokens.length;
    expect(share).toBeGreaterThan(MIN_SCRIPT_SHARE[code] ?? 0.8);
  });

  it("drops natural's stop words, a good share of the text", (ctx) => {
    const { docs, missing } = load();
    ctx.skip(missing !== undefined, missing);
    const analyzer = createLanguageAnalyzer(code);
    const tokens = docs.flatMap((d) => analyzer.tokens(d)).filter((t) => script.test(t));
    const stops = tokens.filter((t) => analyzer.stopWords.has(t));
    for (const t of new Set(stops)) expect(analyzer.term(t)).toBe("");
    // Manual pages and catalogs are terse; running prose has more (English: about 40%). natural's
    // Persian list has 7 words; its Chinese one single characters (and their pairs as bigrams).
    expect(stops.length / tokens.length).toBeGreaterThan(MIN_STOP_SHARE[code] ?? 0.05);
  });

  it("gives each word of the language natural's stem, and merges word forms", (ctx) => {
    const { docs, missing } = load();
    ctx.skip(missing !== undefined, missing);
    const analyzer: Analyzer = createLanguageAnalyzer(code);
    const natural = NATURAL_STEM[code] ?? null;
    const kept = new Set(docs.flatMap((d) => analyzer.tokens(d)).filter((t) => script.test(t) && analyzer.term(t) !== ""));
    const wrong: string[] = [];
    // The kept tokens are of the script the stemmer takes; without a stemmer a token is its term.
    for (const t of kept) if (analyzer.term(t) !== (natural === null ? t : natural(t))) wrong.push(t);
    expect(kept.size).toBeGreaterThan(200);
    expect(wrong).toEqual([]);
    if (natural !== null) expect(new Set([...kept].map((t) => analyzer.term(t))).size).toBeLessThan(kept.size * 0.9);
  });
});

describe("elision on installed French and Italian text", () => {
  const ELIDED: Record<string, RegExp> = {
    fr: /(?<![\p{L}\p{M}\p{N}'’])(?:l|d|qu|n|s|c|j)['’](\p{L}+)(?![\p{L}\p{M}\p{N}'’])/giu,
    it: /(?<![\p{L}\p{M}\p{N}'’])(?:l|dell|all|dall|nell|sull|un|d)['’](\p{L}+)(?![\p{L}\p{M}\p{N}'’])/giu,
  };

  it.for(["fr", "it"])("%s: a word after an elided article is the token, with either apostrophe", (code, ctx) => {
    const { docs, missing } = documentsOf(code);
    ctx.skip(missing !== undefined, missing);
    const analyzer = createLanguageAnalyzer(code);
    const seen = new Set<string>();
    for (const doc of docs) {
      for (const m of doc.matchAll(ELIDED[code] as RegExp)) {
        seen.add(m[0].includes("\u2019") ? "’" : "'");
        expect(analyzer.tokens(m[0])).toEqual([(m[1] as string).normalize("NFC").toLowerCase()]);
      }
    }
    expect(seen.size).toBeGreaterThan(0);
  });
});

describe("CJK bigrams on installed Chinese and Japanese text", () => {
  const RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u30fc]+/gu;

  it.for(["zh", "ja"])("%s: each run of CJK characters gives its overlapping bigrams, a lone character itself", (code, ctx) => {
    const { docs, missing } = documentsOf(code);
    ctx.skip(missing !== undefined, missing);
    // Without stemming: the katakana rule would shorten some runs (see lang-phrases.test.ts).
    const analyzer = createLanguageAnalyzer(code, { stemming: false });
    let runs = 0;
    for (const doc of docs) {
      for (const line of doc.split("\n")) {
        const expected = (line.normalize("NFKC").match(RUN) ?? []).flatMap((run) => {
          const chars = [...run];
          runs++;
          return chars.length === 1 ? chars : chars.slice(1).map((c, i) => (chars[i] as string) + c);
        });
        expect(analyzer.tokens(line).filter((t) => RUN.test(t) && ((RUN.lastIndex = 0), true))).toEqual(expected);
      }
    }
    expect(runs).toBeGreaterThan(500);
  });
});
