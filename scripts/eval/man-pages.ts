// The installed manual as a judged eval corpus: every page under /usr/share/man/man[1-8] (or
// /usr/share/man/<lang>/man[1-8] for a translation) is one article, and its SEE ALSO section,
// written by the page's authors, says which other pages are related to it. Read at eval time from
// the installed packages (no page text is kept in the repository).
//
//   id        "name(section)" from the file name ("open(2)", "openssl-req(1ssl)")
//   title     the NAME line's description ("open and possibly create a file")
//   text      the page as plain text (roff.ts) without its NAME section (that is the title), its
//             SEE ALSO section (the judgements must not leak into the text) and the sections about
//             who wrote, translated or owns the page or where to report bugs (AUTHORS, COPYRIGHT,
//             REPORTING BUGS, COLOPHON, TRANSLATION, git's "GIT: Part of the git(1) suite" ...):
//             one project's boilerplate would relate its pages whatever they are about
//   section   the manual section ("2", "3ssl")
//   relevant  the pages that the SEE ALSO section names ("chmod(2)", mdoc's ".Xr chmod 2") and that
//             are in the corpus: by exact name and section, else by name and the section's digit
//             ("foo(3)" finds "foo(3ssl)"); names reach a page through its symlinks, its ".so"
//             redirects and the names of its NAME line ("printf, fprintf \- ..."). Only pages
//             naming at least one such page query.
//
// Packages: the English corpus is whatever is installed under /usr/share/man/man[1-8]; Debian's
// `manpages` and `manpages-dev` (the Linux man-pages project: sections 2, 3, 4, 5, 7) give 1071 of
// its 2429 queries and 5522 of its 9883 links on this machine; git, openssl, perl, systemd, llvm
// and the other installed packages give the rest. Translations: `manpages-fr`, `manpages-de`, `manpages-es`, `manpages-it`,
// `manpages-pl`, `manpages-ru` install /usr/share/man/<lang>/, and Debian's own tools (dpkg,
// apt, man-db, passwd, procps, xz-utils ...) ship smaller translations (nl, pt, sv, uk, ja,
// zh_CN); their headings are in MAN_HEADINGS, other languages are read with the English headings only; installedManLanguages() lists what
// is there. Pages of EXCLUDED_PACKAGES are left out by default (see there). Needs Debian's
// dpkg-query only for that exclusion (skipped when absent).
import { execFileSync } from "node:child_process";
import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { sample, type EvalArticle, type EvalCorpus } from "./corpus.js";
import { normalizeHeading, roffToSections } from "./roff.js";

export const MAN_ROOT = "/usr/share/man";

/** Section headings by language, upper case: the NAME line, SEE ALSO, and the sections left out of the text. */
export interface ManHeadings {
  name: string[];
  seeAlso: string[];
  dropped: string[];
}

const ENGLISH: ManHeadings = {
  name: ["NAME"],
  seeAlso: ["SEE ALSO"],
  dropped: ["AUTHOR", "AUTHORS", "COPYRIGHT", "COPYRIGHT AND LICENSE", "LICENSE", "LICENCE", "REPORTING BUGS", "COLOPHON", "TRANSLATION", "TRANSLATOR", "MAINTAINERS", "GIT"],
};

/**
 * Headings of the translated pages (manpages-l10n), as they appear in Debian 12's packages. English
 * headings are recognised in every language too (untranslated pages sit beside translated ones).
 * A language missing here is read with the English headings only.
 */
export const MAN_HEADINGS: Readonly<Record<string, ManHeadings>> = {
  en: ENGLISH,
  fr: { name: ["NOM"], seeAlso: ["VOIR AUSSI"], dropped: ["AUTEUR", "AUTEURS", "TRADUCTION", "TRADUCTEURS", "SIGNALER DES BOGUES", "SIGNALEMENTS DE BOGUES", "DROIT D’AUTEUR", "DROIT D’AUTEUR ET LICENCE"] },
  de: { name: ["BEZEICHNUNG"], seeAlso: ["SIEHE AUCH"], dropped: ["AUTOR", "AUTOREN", "ÜBERSETZUNG", "FEHLER MELDEN", "FEHLERBERICHTE", "KONTAKT UND FEHLERBERICHTE", "URHEBERRECHT"] },
  es: { name: ["NOMBRE"], seeAlso: ["VÉASE TAMBIÉN", "VEA TAMBIÉN"], dropped: ["AUTOR", "AUTORES", "TRADUCCIÓN", "TRADUCTOR", "INFORMAR DE ERRORES", "DERECHOS DE AUTOR"] },
  it: { name: ["NOME"], seeAlso: ["VEDERE ANCHE", "VEDI ANCHE"], dropped: ["AUTORE", "AUTORI", "TRADUZIONE", "AUTORI DELLA PAGINA DI MANUALE"] },
  pl: { name: ["NAZWA"], seeAlso: ["ZOBACZ TAKŻE", "PATRZ TAKŻE"], dropped: ["AUTOR", "AUTORZY", "TŁUMACZENIE", "ZGŁASZANIE BŁĘDÓW", "ZGŁOSZENIA BŁĘDÓW", "PRAWA AUTORSKIE"] },
  nl: { name: ["NAAM"], seeAlso: ["ZIE OOK"], dropped: ["AUTEUR", "AUTEURS", "VERTALING"] },
  pt: { name: ["NOME"], seeAlso: ["VEJA TAMBÉM", "VER TAMBÉM"], dropped: ["AUTOR", "AUTORES", "TRADUÇÃO", "TRADUTOR"] },
  sv: { name: ["NAMN"], seeAlso: ["SE ÄVEN", "SE OCKSÅ"], dropped: ["FÖRFATTARE", "ÖVERSÄTTNING", "RAPPORTERA FEL"] },
  uk: { name: ["НАЗВА"], seeAlso: ["ДИВ. ТАКОЖ", "ТАКОЖ ПЕРЕГЛЯНЬТЕ", "ДИВІТЬСЯ ТАКОЖ"], dropped: ["АВТОР", "АВТОРИ", "ПЕРЕКЛАД"] },
  ja: { name: ["名前"], seeAlso: ["関連項目"], dropped: ["著者", "翻訳", "翻訳者", "翻訳校正", "マニュアルページ作者"] },
  zh_CN: { name: ["名称"], seeAlso: ["参见"], dropped: ["作者", "翻译"] },
  ru: { name: ["ИМЯ", "НАЗВАНИЕ"], seeAlso: ["СМ. ТАКЖЕ", "СМОТРИТЕ ТАКЖЕ", "СМОТРИ ТАКЖЕ"], dropped: ["АВТОР", "АВТОРЫ", "ПЕРЕВОД", "ИНФОРМАЦИЯ ОБ ОШИБКАХ", "АВТОРСКИЕ ПРАВА"] },
};

function headingsFor(lang: string): { name: Set<string>; seeAlso: Set<string>; dropped: Set<string> } {
  const own = MAN_HEADINGS[lang] ?? ENGLISH;
  return {
    name: new Set([...own.name, ...ENGLISH.name]),
    seeAlso: new Set([...own.seeAlso, ...ENGLISH.seeAlso]),
    dropped: new Set([...own.dropped, ...ENGLISH.dropped]),
  };
}

/**
 * Packages whose pages are left out by default. google-cloud-cli (Google's repository, not Debian's;
 * this workplace's machine image has it, a typical Debian system does not) installs about 16,600
 * generated pages, one per `gcloud` subcommand: 84% of the pages here, 15 of them with a SEE ALSO
 * section. Kept, they would make the corpus mostly one generator's template, queried by almost none.
 */
export const EXCLUDED_PACKAGES: readonly string[] = ["google-cloud-cli"];

/** A reference in a SEE ALSO section: "chmod(2)" is { name: "chmod", section: "2" }. */
export interface ManRef {
  name: string;
  section: string;
}

// "chmod(2)", "chmod (2)", "openssl-req(1ssl)", "File::Temp(3perl)", "systemd.unit(5)", "[(1)".
const REF = /([\p{L}\p{N}_.:+@[\]-]+) ?\((\d[a-z0-9]*)\)/gu;

/**
 * The page references of a SEE ALSO section's text, in order, without repeats.
 * @example seeAlsoRefs("chmod(2), fopen (3) and the info manual") // [{ name: "chmod", section: "2" }, { name: "fopen", section: "3" }]
 */
export function seeAlsoRefs(text: string): ManRef[] {
  const seen = new Set<string>();
  const refs: ManRef[] = [];
  for (const m of text.matchAll(REF)) {
    // A leading "." or "-" is punctuation, not part of the name ("...see -foo(1)" is rare; ".foo(1)" is not a page).
    const name = (m[1] as string).replace(/^[.\-:]+|[.:]+$/g, "");
    const key = `${name}(${m[2]})`;
    if (name === "" || seen.has(key)) continue;
    seen.add(key);
    refs.push({ name, section: m[2] as string });
  }
  return refs;
}

/** One page parsed: what the corpus needs from it. */
export interface ManPage {
  /** The NAME line's description, or undefined when the page has no parsable NAME line. */
  title?: string;
  /** The names the NAME line lists ("printf, fprintf \- ..." gives both). */
  names: string[];
  seeAlso: ManRef[];
  text: string;
}

/**
 * Parses one page's roff source (see the top of this file for what goes where).
 * @param source the page's roff source, gunzipped
 * @param lang the language whose headings to recognise ("en", "fr", ...)
 * @returns the page, or { redirect } for a ".so man3/other.3" page that only includes another
 */
export function parseManPage(source: string, lang = "en"): ManPage | { redirect: string } {
  const so = /^\.so\s+(\S+)\s*$/m.exec(source);
  if (so && source.split("\n").filter((l) => l.trim() !== "" && !/^['.]\s*\\"/.test(l)).length === 1) return { redirect: so[1] as string };
  const h = headingsFor(lang);
  const page = roffToSections(source);
  let title: string | undefined;
  let names: string[] = [];
  const seeAlso: ManRef[] = [];
  const kept: string[] = [];
  for (const { heading, text } of page.sections) {
    const key = normalizeHeading(heading);
    if (h.name.has(key)) {
      // "name1, name2 \- description"; mdoc pages say it with .Nm and .Nd.
      const flat = text.replace(/\s+/g, " ");
      const m = /^(.*?)\s+[-—–]+\s+(.*)$/.exec(flat);
      if (page.mdocDescription !== undefined) {
        title = page.mdocDescription;
        names = page.mdocName === undefined ? [] : [page.mdocName];
      } else if (m) {
        title = m[2];
        names = (m[1] as string).split(",").map((s) => s.trim()).filter(Boolean);
      }
    } else if (h.seeAlso.has(key)) seeAlso.push(...seeAlsoRefs(text));
    else if (!h.dropped.has(key)) kept.push(heading, text);
  }
  const page_: ManPage = { names, seeAlso, text: kept.filter(Boolean).join("\n") };
  if (title !== undefined && title.trim() !== "") page_.title = title.trim();
  return page_;
}

/** "printf.3.gz" -> { name: "printf", section: "3" }; null for a file that is not a page. */
export function pageFileName(file: string): ManRef | null {
  const m = /^(.+)\.(\d[a-z0-9]*)(?:\.gz)?$/.exec(file);
  return m ? { name: m[1] as string, section: m[2] as string } : null;
}

function readPage(path: string): string {
  const bytes = readFileSync(path);
  const raw = path.endsWith(".gz") ? gunzipSync(bytes) : bytes;
  const text = new TextDecoder("utf-8").decode(raw);
  // A few old pages are Latin-1: decoded as UTF-8 they would be full of replacement characters.
  return text.includes("\uFFFD") ? raw.toString("latin1") : text;
}

/** The directory holding man1..man8 for `lang` ("en" is the untranslated manual). */
function languageRoot(root: string, lang: string): string {
  return lang === "en" ? root : join(root, lang);
}

/**
 * The manual's languages installed here: "en" and each /usr/share/man/<lang> with pages in
 * man1..man8, with its page files (symlinks not counted) and whether MAN_HEADINGS knows its headings.
 */
export function installedManLanguages(root = MAN_ROOT): { lang: string; pages: number; headings: boolean }[] {
  if (!existsSync(root)) return [];
  const out: { lang: string; pages: number; headings: boolean }[] = [];
  for (const lang of ["en", ...readdirSync(root).filter((d) => !/^man/.test(d)).sort()]) {
    let pages = 0;
    for (let s = 1; s <= 8; s++) {
      const dir = join(languageRoot(root, lang), `man${s}`);
      if (!existsSync(dir)) continue;
      for (const f of readdirSync(dir)) if (pageFileName(f) && !lstatSync(join(dir, f)).isSymbolicLink()) pages++;
    }
    if (pages > 0) out.push({ lang, pages, headings: Object.hasOwn(MAN_HEADINGS, lang) });
  }
  return out;
}

/** The files that installed packages own (dpkg-query -L); empty when dpkg-query is missing or a package is not installed. */
function packageFiles(packages: readonly string[]): Set<string> {
  const files = new Set<string>();
  for (const p of packages) {
    try {
      const out = execFileSync("dpkg-query", ["-L", p], { encoding: "utf8", maxBuffer: 256 << 20, stdio: ["ignore", "pipe", "ignore"] });
      for (const line of out.split("\n")) if (line) files.add(line);
    } catch {
      // Not installed (or not Debian): nothing to leave out.
    }
  }
  return files;
}

export interface ManPagesOptions {
  /** "en" (default) or a /usr/share/man/<lang> folder name: "fr", "de", "es", "pt_BR", ... */
  lang?: string;
  /** Manual root, default /usr/share/man. */
  root?: string;
  /** Sections read, default 1-8. */
  sections?: number[];
  /** Packages whose pages are left out, default EXCLUDED_PACKAGES. */
  excludePackages?: readonly string[];
  /** How many pages query: a seeded sample of those with a relevant page. Default: all. */
  queries?: number;
  /** Seed of the query sample, default 1. */
  seed?: number;
}

/**
 * The man-page corpus of this machine (see the top of this file).
 * @throws when the language's manual has no page, or no page names another in its SEE ALSO
 */
export function loadManPages(options: ManPagesOptions = {}): EvalCorpus {
  const { lang = "en", root = MAN_ROOT, sections = [1, 2, 3, 4, 5, 6, 7, 8], excludePackages = EXCLUDED_PACKAGES, queries = Infinity, seed = 1 } = options;
  const base = languageRoot(root, lang);
  const excluded = packageFiles(excludePackages);
  const pages = new Map<string, ManPage & { section: string }>(); // id -> page
  const idOfPath = new Map<string, string>();
  const aliases: { id: string; target: string }[] = []; // "name(sec)" -> a path (symlink or .so), resolved below
  let excludedFiles = 0;
  for (const s of sections) {
    const dir = join(base, `man${s}`);
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir).sort()) {
      const ref = pageFileName(file);
      if (!ref) continue;
      const path = join(dir, file);
      if (excluded.has(path)) {
        excludedFiles++;
        continue;
      }
      const id = `${ref.name}(${ref.section})`;
      if (lstatSync(path).isSymbolicLink()) {
        try {
          aliases.push({ id, target: realpathSync(path) });
        } catch {
          // A dangling link: no page behind it.
        }
        continue;
      }
      const parsed = parseManPage(readPage(path), lang);
      if ("redirect" in parsed) {
        const target = join(base, parsed.redirect);
        aliases.push({ id, target: existsSync(target) ? target : `${target}.gz` });
        continue;
      }
      if (parsed.text.trim() === "" && parsed.title === undefined) continue;
      pages.set(id, { ...parsed, section: ref.section });
      idOfPath.set(path, id);
    }
  }
  if (pages.size === 0) throw new Error(`No man page found under ${base}/man[${sections.join("")}]`);

  // Name lookup: the files first, then their aliases, then the NAME lines' names (never overriding).
  const exact = new Map<string, string>();
  const byDigit = new Map<string, string>();
  const addName = (name: string, section: string, id: string) => {
    const key = `${name}(${section})`;
    if (!exact.has(key)) exact.set(key, id);
    const digit = `${name}(${section[0]})`;
    if (!byDigit.has(digit)) byDigit.set(digit, id);
  };
  for (const [id, p] of pages) addName(id.slice(0, id.lastIndexOf("(")), p.section, id);
  for (const { id, target } of aliases) {
    const to = idOfPath.get(target);
    if (to !== undefined) addName(id.slice(0, id.lastIndexOf("(")), id.slice(id.lastIndexOf("(") + 1, -1), to);
  }
  for (const [id, p] of pages) for (const name of p.names) addName(name, p.section, id);

  const articles: EvalArticle[] = [];
  const relevant = new Map<string, Set<string>>();
  let links = 0;
  let unresolved = 0;
  let withSeeAlso = 0;
  for (const [id, p] of pages) {
    const article: EvalArticle = { id, text: p.text, section: p.section };
    if (p.title !== undefined) article.title = p.title;
    articles.push(article);
    if (p.seeAlso.length > 0) withSeeAlso++;
    const rel = new Set<string>();
    for (const r of p.seeAlso) {
      const to = exact.get(`${r.name}(${r.section})`) ?? byDigit.get(`${r.name}(${r.section[0]})`);
      if (to === undefined) unresolved++;
      else if (to !== id) rel.add(to);
    }
    if (rel.size > 0) {
      relevant.set(id, rel);
      links += rel.size;
    }
  }
  const candidates = [...relevant.keys()];
  if (candidates.length === 0) throw new Error(`No man page under ${base} names another page of the corpus in its SEE ALSO section`);
  const chosen = sample(candidates, queries, seed);
  const titled = articles.filter((a) => a.title !== undefined).length;
  return {
    name: lang === "en" ? "man-pages" : `man-pages-${lang}`,
    description:
      `Manual pages under ${base}/man[${sections.join("")}]` +
      (excludedFiles > 0 ? ` less ${excludedFiles} files of ${excludePackages.join(", ")}` : "") +
      `: ${articles.length} pages (${aliases.length} more names as symlinks or .so), ${titled} titled by their NAME line; ` +
      `${withSeeAlso} have a SEE ALSO section, ${candidates.length} name a page of the corpus (${links} links, mean ${(links / candidates.length).toFixed(1)}; ${unresolved} references to pages not installed); ` +
      `relevant = the pages a page's SEE ALSO names, which is left out of its text`,
    articles,
    labels: new Map(),
    relevant: new Map(chosen.map((id) => [id, relevant.get(id) as Set<string>])),
    queries: chosen,
    sampling:
      queries >= candidates.length
        ? `all ${candidates.length} pages that name a page of the corpus in SEE ALSO`
        : `${queries} of the ${candidates.length} pages that name a page of the corpus in SEE ALSO, seeded sample (seed ${seed})`,
  };
}
