import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { inlineText, normalizeHeading, requestArgs, roffToSections } from "../scripts/eval/roff.js";
import { installedManLanguages, loadManPages, pageFileName, parseManPage, seeAlsoRefs, type ManPage } from "../scripts/eval/man-pages.js";

// Every page below was written for these tests in man(7) or mdoc(7) markup; none is copied from a package.
const FROB = [
  '.\\" A comment line',
  ".de Xx",
  ".  nr Yy 1",
  "..",
  '.ds Pn Frobnicator',
  '.TH FROB 1 "2024-01-01" "frob 1.0" "User Commands"',
  ".SH NAME",
  "frob, frobctl \\- adjust the \\fIwidget\\fP tension",
  ".SH SYNOPSIS",
  ".B frob",
  "[\\fB\\-v\\fR] \\fIfile\\fR...",
  ".SH DESCRIPTION",
  ".ie n \\{\\",
  "hidden in nroff",
  ".\\}",
  ".el hidden otherwise",
  "The \\*(Pn reads \\fBwidgets\\fR from",
  ".IR file ,",
  "one per line \\(em like \\(lqthis\\(rq \\- and caf\\('e or na\\[u00EF]ve.",
  ".TP",
  ".BR \\-v \", \" \\-\\-verbose",
  "Say more.",
  '.IP "\\(bu" 4',
  "A bullet item.",
  ".TS",
  "tab(;);",
  "l l.",
  "spring;steel",
  ".TE",
  ".SH AUTHOR",
  "Written by Pat Example.",
  '.SH "SEE ALSO"',
  ".BR frobd (8),",
  ".BR widget (5),",
  "\\fBtension\\fP(7)",
  "and the full manual.",
].join("\n");

describe("inlineText", () => {
  it("drops font, size and zero-width escapes", () => {
    expect(inlineText("\\fBbold\\fR, \\f(CWmono\\fP, \\f[I]it\\f[], \\s-1small\\s0, a\\&b, x\\|y")).toBe("bold, mono, it, small, ab, xy");
  });

  it("maps special characters, accents and Unicode names", () => {
    expect(inlineText("\\(em \\(lqq\\(rq \\- \\e \\('e \\(:a \\[u00E9] \\[char65] \\(co")).toBe("— “q” - \\ é ä é A ©");
  });

  it("substitutes strings, predefined and defined", () => {
    expect(inlineText("\\*(lqx\\*(rq \\*[Pn] \\*(Un", new Map([["Pn", "Frob"]]))).toBe("“x” Frob ");
  });

  it("stops at a comment", () => {
    expect(inlineText('text \\" the rest is a comment')).toBe("text ");
  });
});

describe("requestArgs", () => {
  it("splits on spaces, keeping double-quoted arguments whole", () => {
    expect(requestArgs('one "two words" three')).toEqual(["one", "two words", "three"]);
  });

  it('reads "" inside quotes as a quote and stops at a comment', () => {
    expect(requestArgs('"say ""hi""" x \\" comment')).toEqual(['say "hi"', "x"]);
  });
});

describe("roffToSections", () => {
  const page = roffToSections(FROB);
  const byHeading = new Map(page.sections.map((s) => [s.heading, s.text]));

  it("splits the page at its .SH headings, dropping what comes before the first", () => {
    expect(page.sections.map((s) => s.heading)).toEqual(["NAME", "SYNOPSIS", "DESCRIPTION", "AUTHOR", "SEE ALSO"]);
    expect(byHeading.get("NAME")).toBe("frob, frobctl - adjust the widget tension");
  });

  it("keeps the text of font macros, joining alternating ones without spaces", () => {
    const d = byHeading.get("DESCRIPTION") as string;
    expect(d).toContain("-v, --verbose");
    expect(d).toContain("file,");
    expect(d).toContain("“this” - and café or naïve");
    expect(d).toContain("•\nA bullet item.");
  });

  it("substitutes .ds strings and skips definitions, conditionals and table formats", () => {
    const d = byHeading.get("DESCRIPTION") as string;
    expect(d).toContain("The Frobnicator reads widgets");
    expect(d).not.toMatch(/hidden|nr Yy|tab\(|l l\./);
    expect(d).toContain("spring steel");
  });

  it("reads mdoc: .Sh headings, .Nm and .Nd, .Xr as name(section), .Fl as a flag", () => {
    const mdoc = roffToSections(
      [".Dd January 1, 2024", ".Dt GRIND 1", ".Os", ".Sh NAME", ".Nm grind", ".Nd grind the beans finely", ".Sh SYNOPSIS", ".Nm", ".Op Fl q", ".Ar beans", ".Sh SEE ALSO", ".Xr mill 1 ,", ".Xr coffee 7"].join("\n"),
    );
    expect(mdoc.mdocName).toBe("grind");
    expect(mdoc.mdocDescription).toBe("grind the beans finely");
    expect(mdoc.sections.map((s) => [s.heading, s.text])).toEqual([
      ["NAME", "grind\ngrind the beans finely"],
      ["SYNOPSIS", "grind\n-q\nbeans"],
      ["SEE ALSO", "mill(1) ,\ncoffee(7)"],
    ]);
  });
});

describe("normalizeHeading", () => {
  it("compares headings whatever their quotes, spaces and case", () => {
    expect(normalizeHeading('"See  Also"')).toBe("SEE ALSO");
    expect(normalizeHeading(inlineText("V\\('EASE TAMBI\\('EN"))).toBe("VÉASE TAMBIÉN");
  });
});

describe("seeAlsoRefs", () => {
  it("finds name(section) references, with or without a space, once each", () => {
    expect(seeAlsoRefs("chmod(2), fopen (3), Frob::Util(3perl), frob.conf(5), chmod(2), tls-req(1ssl)")).toEqual([
      { name: "chmod", section: "2" },
      { name: "fopen", section: "3" },
      { name: "Frob::Util", section: "3perl" },
      { name: "frob.conf", section: "5" },
      { name: "tls-req", section: "1ssl" },
    ]);
  });

  it("ignores parentheses that are not a section", () => {
    expect(seeAlsoRefs("the manual (see above) and RFC 1234 (obsolete)")).toEqual([]);
  });
});

describe("parseManPage", () => {
  const page = parseManPage(FROB) as ManPage;

  it("titles the page with the NAME line's description and reads its names", () => {
    expect(page.title).toBe("adjust the widget tension");
    expect(page.names).toEqual(["frob", "frobctl"]);
  });

  it("takes the SEE ALSO references out of the text", () => {
    expect(page.seeAlso.map((r) => `${r.name}(${r.section})`)).toEqual(["frobd(8)", "widget(5)", "tension(7)"]);
    expect(page.text).not.toMatch(/frobd|tension\(7\)|full manual/);
  });

  it("leaves the NAME line and the authorship sections out of the text", () => {
    expect(page.text).not.toMatch(/frobctl|Pat Example/);
    expect(page.text).toContain("The Frobnicator reads widgets");
  });

  it("recognises a language's headings, and English ones in any language", () => {
    const fr = parseManPage([".TH FROB 1", ".SH NOM", "frob \\- régler la tension", ".SH DESCRIPTION", "Texte.", '.SH "VOIR AUSSI"', ".BR widget (5)"].join("\n"), "fr") as ManPage;
    expect(fr.title).toBe("régler la tension");
    expect(fr.seeAlso).toEqual([{ name: "widget", section: "5" }]);
    const es = parseManPage([".TH FROB 1", ".SH NOMBRE", "frob \\- x", ".SH V\\('EASE TAMBI\\('EN", "widget(5)"].join("\n"), "es") as ManPage;
    expect(es.seeAlso).toEqual([{ name: "widget", section: "5" }]);
    const untranslated = parseManPage([".TH FROB 1", ".SH NAME", "frob \\- x", ".SH SEE ALSO", "widget(5)"].join("\n"), "de") as ManPage;
    expect(untranslated.seeAlso).toEqual([{ name: "widget", section: "5" }]);
  });

  it("reports a page that only includes another as a redirect", () => {
    expect(parseManPage('.\\" alias\n.so man1/frob.1\n')).toEqual({ redirect: "man1/frob.1" });
  });
});

describe("pageFileName", () => {
  it("reads the name and section of a page file", () => {
    expect(pageFileName("frob.conf.5.gz")).toEqual({ name: "frob.conf", section: "5" });
    expect(pageFileName("tls-req.1ssl.gz")).toEqual({ name: "tls-req", section: "1ssl" });
    expect(pageFileName("README")).toBeNull();
  });
});

describe("loadManPages on a manual made here", () => {
  let root: string;
  const page = (name: string, desc: string, body: string, seeAlso: string[]) =>
    gzipSync([`.TH ${name.toUpperCase()} 1`, ".SH NAME", `${name} \\- ${desc}`, ".SH DESCRIPTION", body, ".SH SEE ALSO", ...seeAlso].join("\n"));

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "alsolike-man-"));
    for (const d of ["man1", "man5", "fr/man1"]) mkdirSync(join(root, d), { recursive: true });
    writeFileSync(join(root, "man1/frob.1.gz"), page("frob", "adjust widgets", "Tension of widgets.", [".BR widget (5),", ".BR unfrob (1),", ".BR nowhere (1)"]));
    writeFileSync(join(root, "man1/grind.1.gz"), page("grind", "grind beans", "Beans and mills.", [".BR frob (1)"]));
    writeFileSync(join(root, "man5/widget.5.gz"), page("widget", "widget file format", "Widgets are springs.", []));
    // unfrob(1) reaches frob(1) through a symlink; unfrobnicate(1) through a .so page.
    symlinkSync("frob.1.gz", join(root, "man1/unfrob.1.gz"));
    writeFileSync(join(root, "man1/unfrobnicate.1.gz"), gzipSync(".so man1/grind.1\n"));
    writeFileSync(join(root, "fr/man1/frob.1.gz"), gzipSync([".TH FROB 1", ".SH NOM", "frob \\- régler", ".SH DESCRIPTION", "Ressorts.", ".SH VOIR AUSSI", "grind(1)"].join("\n")));
    writeFileSync(join(root, "fr/man1/grind.1.gz"), page("grind", "moudre", "Grains.", ["frob(1)"]));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("makes one article per page file, titled, with the SEE ALSO pages present as relevant", () => {
    const c = loadManPages({ root, excludePackages: [] });
    expect(c.articles.map((a) => a.id).sort()).toEqual(["frob(1)", "grind(1)", "widget(5)"]);
    expect(c.articles.find((a) => a.id === "frob(1)")?.title).toBe("adjust widgets");
    // unfrob(1) is frob(1) itself (a symlink), so it is not relevant to it; nowhere(1) is not installed.
    expect(c.relevant?.get("frob(1)")).toEqual(new Set(["widget(5)"]));
    expect(c.relevant?.get("grind(1)")).toEqual(new Set(["frob(1)"]));
    // widget(5) names no page: not a query.
    expect(c.queries?.sort()).toEqual(["frob(1)", "grind(1)"]);
    expect(c.articles.every((a) => !/SEE ALSO|widget\(5\)/.test(a.text))).toBe(true);
  });

  it("reads a translation from <root>/<lang>", () => {
    const c = loadManPages({ root, lang: "fr", excludePackages: [] });
    expect(c.name).toBe("man-pages-fr");
    expect(c.relevant?.get("frob(1)")).toEqual(new Set(["grind(1)"]));
    expect(installedManLanguages(root)).toEqual([
      { lang: "en", pages: 4, headings: true },
      { lang: "fr", pages: 2, headings: true },
    ]);
  });

  it("samples the queries with a seed", () => {
    const a = loadManPages({ root, excludePackages: [], queries: 1, seed: 3 });
    const b = loadManPages({ root, excludePackages: [], queries: 1, seed: 3 });
    expect(a.queries).toHaveLength(1);
    expect(a.queries).toEqual(b.queries);
  });
});

// Debian's manpages package (the Linux man-pages project) installs open(2); without it the real manual is not tested.
const OPEN_2 = "/usr/share/man/man2/open.2.gz";
describe.skipIf(!existsSync(OPEN_2))("loadManPages on the installed manual (needs Debian's manpages-dev for section 2)", () => {
  it("links open(2) to the pages its SEE ALSO names", () => {
    const c = loadManPages({ sections: [2] });
    expect(c.articles.find((a) => a.id === "open(2)")?.title).toMatch(/open/);
    const rel = c.relevant?.get("open(2)");
    expect(rel?.has("close(2)")).toBe(true);
    expect(c.articles.find((a) => a.id === "open(2)")?.text).not.toMatch(/SEE ALSO/);
  });
});
