/**
 * The language analyzers inside the Recommender, before the `language` option exists: each one is
 * registered here as an analyzer by name (registerAnalyzer), through the adapter the option will
 * need (the Recommender's default `stopWords: "english"` means the language's own list). Checks:
 * the indexer (scanner) and queries (tokenizer) give the same rows on installed text and on
 * phrases, and translated manual pages of one family are each other's neighbours.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import type { AnalyzerOptions } from "../src/analysis/analyzer.js";
import { registerAllLanguages } from "../src/analysis/lang/all.js";
import { createLanguageAnalyzer, LANGUAGE_CODES, registerAnalyzer, type AnalyzerName } from "../src/analysis/registry.js";
import { RowBuilder, vectorizeQuery, type ArticleText } from "../src/corpus/vectorize.js";
import { Vocabulary } from "../src/corpus/vocabulary.js";
import { resolveOptions } from "../src/options.js";
import { Recommender } from "../src/index.js";

registerAllLanguages();

const OTHERS = LANGUAGE_CODES.filter((c) => c !== "en");
const nameOf = (code: string) => `lang-${code}` as AnalyzerName;

for (const code of OTHERS) {
  registerAnalyzer(nameOf(code), (o: AnalyzerOptions) => createLanguageAnalyzer(code, { ...o, stopWords: o.stopWords === "english" ? true : o.stopWords }));
}

/** A few lines of a translated manual, if installed (roff requests dropped, escapes left: they are text too). */
function manLines(locale: string, limit: number): string[] {
  const dir = `/usr/share/man/${locale}/man1`;
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .slice(0, 6)
    .flatMap((f) => gunzipSync(readFileSync(`${dir}/${f}`)).toString("utf8").split("\n"))
    .filter((l) => !l.startsWith("."))
    .slice(0, limit);
}

/** A row as term -> weight, for comparison. */
function byTerm(row: { terms: ArrayLike<number>; weights: ArrayLike<number> }, vocab: Vocabulary): Map<string, number> {
  const out = new Map<string, number>();
  for (let i = 0; i < row.terms.length; i++) out.set(vocab.termOf(row.terms[i] as number), row.weights[i] as number);
  return out;
}

const LOCALE: Record<string, string> = { zh: "zh_CN", no: "nb", fa: "fa" };
const PHRASES = [
  "L'armée française s’est battue jusqu'ici", "dell'esercito, un'altra città", "Die Häuser der Straße",
  "Ещё национальные армии", "м'ясо мʼясо", "كتاب‌های فارسي", "anak-anak membaca buku-buku", "東京都のコンピューター",
  "我在图书馆看书 iPhone", "Ελληνικά κείμενα", "don't stop", "x".repeat(70), "ｶﾀｶﾅ ２０２４年",
];

describe.each(OTHERS)("language %s through the Recommender's indexer", (code) => {
  it("gives the same rows through the scanner (indexing) and through its tokenizer (queries)", () => {
    const options = resolveOptions({ analyzer: nameOf(code) });
    const analyzer = createLanguageAnalyzer(code);
    const vocab = new Vocabulary();
    const rows = new RowBuilder(analyzer, options, vocab);
    const lines = manLines(LOCALE[code] ?? code, 400);
    const articles: ArticleText[] = [
      ...PHRASES.map((p, i) => ({ title: PHRASES[(i + 1) % PHRASES.length] as string, text: p })),
      ...Array.from({ length: Math.ceil(lines.length / 20) }, (_, i) => ({ title: lines[i * 20] ?? "", text: lines.slice(i * 20, i * 20 + 20).join("\n") })),
    ];
    for (const a of articles) {
      // Read at once: a row may be a view of the builder's buffers.
      const indexed = byTerm(rows.row(a), vocab);
      expect(byTerm(vectorizeQuery(a, analyzer, options, vocab), vocab)).toEqual(indexed);
    }
    expect(vocab.size).toBeGreaterThan(0);
  });
});

describe("translated manual pages in the Recommender", () => {
  const CHECKSUMS = ["b2sum", "md5sum", "sha1sum", "sha224sum", "sha256sum", "sha384sum", "sha512sum", "md5sum.textutils"];
  const OWNERSHIP = ["chgrp", "chmod", "chown"];

  it.for(["fr", "de", "es"])("%s: the checksum and ownership pages are each other's nearest neighbours", (code, ctx) => {
    const dir = `/usr/share/man/${code}/man1`;
    ctx.skip(!existsSync(`${dir}/sha256sum.1.gz`), `${dir}/sha256sum.1.gz is not installed (Debian package: manpages-${code})`);
    const pages = readdirSync(dir).filter((f) => f.endsWith(".1.gz"));
    const rec = new Recommender({ analyzer: nameOf(code), minDf: 1 }).add(
      pages.map((f) => ({ id: f.replace(/\.1\.gz$/, ""), text: gunzipSync(readFileSync(`${dir}/${f}`)).toString("utf8").replace(/\\f.|\\-|^\..*$/gm, " ") })),
    );
    for (const family of [CHECKSUMS, OWNERSHIP]) {
      for (const id of family.filter((p) => rec.has(p) && p !== "md5sum.textutils")) {
        expect(family).toContain(rec.recommend(id, { k: 1 })[0]?.id);
      }
    }
    // Readable words in explanations: a stem's shortest source word, in the page's language.
    const terms = rec.explain("chmod", "chown").terms.map((t) => t.term);
    expect(terms.length).toBeGreaterThan(0);
    expect(Recommender.load(rec.save()).recommend("chmod")).toEqual(rec.recommend("chmod"));
  });
});
