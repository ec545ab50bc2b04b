/**
 * Reading a corpus from disk (Node only): a site's content folder of Markdown and MDX files with
 * front matter, a JSON Lines file, or a JSON array. Every problem is reported with the file (and
 * line) it is in, because the user has to go and fix that file. What a site generator's fields and
 * file names mean: ./site-fields.ts; front matter: ./front-matter.ts; the reader's text of a
 * Markdown body: ./markdown-text.ts; which files are articles: ./corpus-tree.ts.
 */
import { constants, type Stats } from "node:fs";
import { open, stat } from "node:fs/promises";
import { extname, join } from "node:path";
import { fail, RecommenderError } from "../errors.js";
import { checkArticle, type Article } from "../validate.js";
import { listArticleFiles, MARKDOWN_EXTENSIONS } from "./corpus-tree.js";
import { decodeText, decoderFor, undecodableReason } from "./file-text.js";
import { FrontMatterError, splitFrontMatter } from "./front-matter.js";
import { readerText, type CodeBlocks } from "./markdown-text.js";
import { draftField, idFromPath, idFromSlug, pageDate, pageUrl } from "./site-fields.js";

/** An article read from a file, with its address and the value of the label field when one was asked for. */
export interface ArticleWithLabel extends Article {
  /** The value of `options.label` (front matter or object field), as a string; absent when missing. */
  label?: string;
  /** The page's address as the site gives it: `url`, else `permalink` (absent when neither, or a pattern). */
  url?: string;
}

/** Options of {@link readArticles}. */
export interface ReadArticlesOptions {
  /** Name of a front matter / object field to copy into `label` (for evaluation). */
  label?: string;
  /**
   * Receives one line per file skipped because it is binary or not valid UTF-8 (naming the file).
   * Default: `process.emitWarning`, so that a skipped file is never silent.
   */
  onWarning?: (message: string) => void;
  /** Also read drafts (`draft: true`, `published: false`, ...; Jekyll's `_drafts/`). Default false. */
  drafts?: boolean;
  /** Fenced and indented code blocks of Markdown: "keep" (default, indexed without their URLs) or "drop". */
  code?: CodeBlocks;
  /**
   * The encoding of files that are not valid UTF-8 (a TextDecoder label: "latin1", "windows-1252",
   * "shift_jis", ...). Valid UTF-8 files are read as UTF-8 whatever this says. Default: none, such
   * files are skipped with a warning.
   */
  encoding?: string;
}

const JSON_LINES = new Set([".jsonl", ".ndjson"]);
const OPTION_KEYS = new Set(["label", "onWarning", "drafts", "code", "encoding"]);

interface Checked {
  label?: string;
  warn: (message: string) => void;
  drafts: boolean;
  code: CodeBlocks;
  fallback?: TextDecoder;
}

function checkOptions(options: unknown): Checked {
  if (typeof options !== "object" || options === null || Array.isArray(options)) throw fail("INVALID_OPTION", "options", options, "an object");
  const o = options as ReadArticlesOptions;
  for (const key of Object.keys(o)) if (!OPTION_KEYS.has(key)) throw fail("INVALID_OPTION", key, (o as Record<string, unknown>)[key], `no such option (${[...OPTION_KEYS].join(", ")})`);
  if (o.onWarning !== undefined && typeof o.onWarning !== "function") throw fail("INVALID_OPTION", "onWarning", o.onWarning, "a function");
  if (o.label !== undefined && (typeof o.label !== "string" || o.label === "")) throw fail("INVALID_OPTION", "label", o.label, "a field name");
  if (o.drafts !== undefined && typeof o.drafts !== "boolean") throw fail("INVALID_OPTION", "drafts", o.drafts, "true or false");
  if (o.code !== undefined && o.code !== "keep" && o.code !== "drop") throw fail("INVALID_OPTION", "code", o.code, '"keep" or "drop"');
  return {
    label: o.label,
    warn: o.onWarning ?? ((message: string) => process.emitWarning(message, "AlsolikeWarning")),
    drafts: o.drafts === true,
    code: o.code ?? "keep",
    fallback: o.encoding === undefined ? undefined : decoderFor(o.encoding),
  };
}

/**
 * Reads articles from `path`:
 * - a **folder**: every `.md`, `.markdown` and `.mdx` file below it, in path order, except hidden
 *   files and folders, `node_modules`, what the folder's `.gitignore` files exclude and (unless
 *   `drafts`) Jekyll's `_drafts/`. Front matter (YAML `---`, TOML `+++` or a JSON object) gives the
 *   fields below; the text is what a reader reads (links' and images' URLs, HTML tags, shortcodes
 *   and template tags out, link text and alt text in, code blocks per `code`). The id is `id`,
 *   else `slug`, else the path relative to the folder without its extension, with `/` separators
 *   (`2019/ca02`), a page bundle named by its folder (`post/index.md` and `post/_index.md` are
 *   `post`). Drafts are skipped unless `drafts`: `draft: true`, `published: false`,
 *   `eleventyExcludeFromCollections: true`, `permalink: false`, `unlisted: true`.
 * - a **`.jsonl` / `.ndjson` file**: one object per line, `{ id, text, title?, tags?, date?,
 *   section?, lang?, related?, url? }` (`body` is accepted in place of `text`); blank lines are
 *   skipped; records marked as drafts the same way are skipped unless `drafts`.
 * - a **`.json` file**: an array of such objects.
 *
 * Fields: `title`; `date` (a YAML or TOML date, an ISO string or epoch ms; in Markdown, else
 * `pubDate`, else `publishDate`, else a Jekyll file name's `2019-05-01-`); `tags` and `related`
 * (editors' picks: article ids), each a list or a comma-separated string; `section`, else
 * `category`, else `categories` (a list gives its first element); `lang` (a BCP 47 tag; else
 * `language`, else `locale`, where a POSIX "fr_FR.UTF-8" is read as "fr-FR"); `url`, else
 * `permalink` (kept as the article's `url` unless it is a pattern such as `/:title/`). Numeric
 * ids, titles and sections become strings. Each article is checked as `Recommender.add` checks
 * it, so a bad value (a date that is not one, a malformed `lang`) is an error naming its file and field.
 * Files are decoded as strict UTF-8 (or as their byte-order mark says): a Markdown file that is
 * binary (a NUL byte) or not valid UTF-8 is skipped with one warning naming it (decoding it anyway
 * would turn distinct bytes into the same U+FFFD, and two ids into one), unless `encoding` names
 * the encoding of such files; in a `.jsonl` / `.json` file it is an error naming the line.
 * FIFOs, devices and sockets are refused (reading `/dev/zero` or a pipe would never end).
 * @param path a folder, a .jsonl/.ndjson file or a .json file
 * @param options `label`: a field to copy into each article's `label`; `onWarning`: receives the
 *   skipped-file warnings; `drafts`, `code`, `encoding`: see {@link ReadArticlesOptions}
 * @returns the articles, in a stable order (sorted paths, or file order)
 * @throws {RecommenderError} `INVALID_ARTICLE` naming the file (and line) of a malformed article
 *   or front matter, a duplicate id, invalid UTF-8 in a `.jsonl` / `.json` file, or a file that is
 *   not a regular file; `INVALID_OPTION` for an unknown option or a bad value (an `onWarning` that
 *   is not a function, an unknown `encoding`); Node's file-system errors (with `code` and `path`)
 *   for unreadable paths
 * @example
 * const articles = await readArticles("content/posts", { code: "drop" });
 * new Recommender().add(articles);
 */
export async function readArticles(path: string, options: ReadArticlesOptions = {}): Promise<ArticleWithLabel[]> {
  if (typeof path !== "string" || path === "") throw fail("INVALID_OPTION", "path", path, "a folder or file path");
  const checked = checkOptions(options);
  const info = await stat(path);
  const ext = extname(path).toLowerCase();
  let articles: { article: ArticleWithLabel; where: string }[];
  if (info.isDirectory()) articles = await readMarkdownFolder(path, checked);
  else if (JSON_LINES.has(ext)) articles = await readJsonLines(path, checked);
  else if (ext === ".json") articles = await readJsonArray(path, checked);
  else if (MARKDOWN_EXTENSIONS.has(ext)) throw fail("INVALID_ARTICLE", `source ${JSON.stringify(path)}`, "give the folder that holds the Markdown files, not one file");
  else throw fail("INVALID_ARTICLE", `source ${JSON.stringify(path)}`, "expected a folder of Markdown files, a .jsonl or a .json file");
  // Name both places of a duplicate id: Recommender.add could only name the id.
  const firstSeen = new Map<string, string>();
  for (const { article, where } of articles) {
    const before = firstSeen.get(article.id);
    if (before !== undefined) throw fail("INVALID_ARTICLE", where, `id ${JSON.stringify(article.id)} is already used ${before}`);
    firstSeen.set(article.id, where);
  }
  return articles.map((a) => a.article);
}

async function readMarkdownFolder(root: string, options: Checked) {
  const out: { article: ArticleWithLabel; where: string }[] = [];
  for (const rel of await listArticleFiles(root, options.drafts)) {
    const file = join(root, rel);
    const where = `in ${rel}`;
    const source = decodeText(await readRegularFile(file, (kind) => fail("INVALID_ARTICLE", where, `${kind}, not a regular file`)), options.fallback);
    if (typeof source !== "string") {
      options.warn(`skipped ${file}: ${undecodableReason(source)}`);
      continue;
    }
    let data: Record<string, unknown>;
    let body: string;
    try {
      ({ data, body } = splitFrontMatter(source));
    } catch (e) {
      if (!(e instanceof FrontMatterError)) throw e;
      throw fail("INVALID_ARTICLE", where, `bad front matter: ${e.message}`);
    }
    if (!options.drafts && draftField(data) !== undefined) continue;
    const id = data.id ?? idFromSlug(data.slug) ?? idFromPath(rel);
    const text = readerText(body, { code: options.code, mdx: extname(rel).toLowerCase() === ".mdx" });
    out.push({ article: toArticle({ ...data, id, date: pageDate(data, rel), text }, where, options), where });
  }
  return out;
}

async function readJsonLines(path: string, options: Checked) {
  const lines = (await readSourceText(path, options)).split("\n");
  const out: { article: ArticleWithLabel; where: string }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === "") continue;
    const where = `at ${path}:${i + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      throw fail("INVALID_ARTICLE", where, `not valid JSON (${(e as Error).message})`);
    }
    if (!options.drafts && isDraftRecord(value)) continue;
    out.push({ article: toArticle(value, where, options), where });
  }
  return out;
}

async function readJsonArray(path: string, options: Checked) {
  const text = await readSourceText(path, options);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    if (!(e instanceof SyntaxError)) throw e;
    throw fail("INVALID_ARTICLE", `in ${path}`, `not valid JSON (${e.message})`);
  }
  if (!Array.isArray(value)) throw fail("INVALID_ARTICLE", `in ${path}`, "expected a JSON array of articles");
  const out: { article: ArticleWithLabel; where: string }[] = [];
  value.forEach((v, i) => {
    const where = `at ${path}[${i}]`;
    if (options.drafts || !isDraftRecord(v)) out.push({ article: toArticle(v, where, options), where });
  });
  return out;
}

function isDraftRecord(value: unknown): boolean {
  return typeof value === "object" && value !== null && !Array.isArray(value) && draftField(value as Record<string, unknown>) !== undefined;
}

/** A .jsonl / .json source as text: strict UTF-8 (without its BOM), else the `encoding`, else INVALID_ARTICLE naming the line. */
async function readSourceText(path: string, options: Checked): Promise<string> {
  const decoded = decodeText(await readRegularFile(path, (kind) => fail("INVALID_ARTICLE", `source ${JSON.stringify(path)}`, `${kind}, not a regular file`)), options.fallback);
  if (typeof decoded === "string") return decoded;
  if (decoded.binary) throw fail("INVALID_ARTICLE", `in ${path}`, undecodableReason(decoded));
  throw fail("INVALID_ARTICLE", `at ${path}:${decoded.badLine}`, "not valid UTF-8");
}

/**
 * @internal The bytes of `path` when it is a regular file; `refuse(kind)` otherwise ("a FIFO", "a
 * character device", ...). It is opened without blocking (a FIFO with no writer would otherwise
 * wait forever), and the open handle is checked, not the path beforehand, so the file checked is
 * the file read. A folder gives the fs error (EISDIR), as reading it always did.
 */
export async function readRegularFile(path: string, refuse: (kind: string) => Error): Promise<Buffer> {
  // O_NONBLOCK is undefined on Windows, which has no FIFOs to open this way.
  const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const info = await handle.stat();
    if (info.isDirectory()) await handle.read(Buffer.alloc(1), 0, 1, 0); // throws EISDIR
    if (!info.isFile()) throw refuse(fileKind(info));
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

function fileKind(info: Stats): string {
  if (info.isFIFO()) return "a FIFO (named pipe)";
  if (info.isCharacterDevice()) return "a character device";
  if (info.isBlockDevice()) return "a block device";
  if (info.isSocket()) return "a socket";
  if (info.isDirectory()) return "a folder";
  return "a special file";
}

/** Normalises one raw record (parsed front matter + body, or a JSON object) into an article. */
function toArticle(value: unknown, where: string, options: Checked): ArticleWithLabel {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw fail("INVALID_ARTICLE", where, "expected an object { id, text, title?, tags?, date?, section?, lang?, related? }");
  }
  const raw = value as Record<string, unknown>;
  const id = scalar(raw.id);
  if (id === undefined || id === "") throw fail("INVALID_ARTICLE", where, `"id" must be a non-empty string, got ${shown(raw.id)}`);
  const text = raw.text ?? raw.body;
  if (typeof text !== "string") throw fail("INVALID_ARTICLE", where, `"text" must be a string, got ${shown(text)}`);
  const article: ArticleWithLabel = { id, text };
  if (raw.title !== undefined && raw.title !== null) {
    const title = scalar(raw.title);
    if (title === undefined) throw fail("INVALID_ARTICLE", where, `"title" must be a string, got ${shown(raw.title)}`);
    article.title = title;
  }
  const tags = normaliseList(raw.tags);
  if (tags === null) throw fail("INVALID_ARTICLE", where, `"tags" must be a string or an array of strings, got ${shown(raw.tags)}`);
  if (tags !== undefined) article.tags = tags;
  // Dates pass through as YAML/JSON gave them (Date, ISO string or epoch ms); checkArticle below checks them.
  const date = raw.date;
  if (date instanceof Date || typeof date === "string" || typeof date === "number") article.date = date;
  else if (date !== undefined && date !== null) throw fail("INVALID_ARTICLE", where, `"date" must be a date, got ${shown(date)}`);
  const section = sectionOf(raw, where);
  if (section !== undefined) article.section = section;
  // `lang`, else `language` (Hugo), else `locale` (a POSIX "fr_FR.UTF-8" becomes "fr-FR").
  const langKey = (["lang", "language", "locale"] as const).find((key) => raw[key] !== undefined && raw[key] !== null);
  if (langKey !== undefined) {
    const value = raw[langKey];
    if (typeof value !== "string") throw fail("INVALID_ARTICLE", where, `"${langKey}" must be a language tag such as "en", got ${shown(value)}`);
    const tag = value.trim().replace(/\.[A-Za-z0-9@_-]*$/, "").replaceAll("_", "-");
    if (tag !== "") article.lang = tag;
  }
  const related = normaliseList(raw.related);
  if (related === null) throw fail("INVALID_ARTICLE", where, `"related" must be article ids: a list or a comma-separated string, got ${shown(raw.related)}`);
  if (related !== undefined && related.length > 0) article.related = related;
  // Where the article lives, for related.json: `url`, else `permalink` (Jekyll, Eleventy), and its `slug`.
  const url = pageUrl(raw, where);
  if (url !== undefined) article.url = url;
  if (raw.slug !== undefined && raw.slug !== null && raw.slug !== false) {
    const slug = scalar(raw.slug);
    if (slug === undefined) throw fail("INVALID_ARTICLE", where, `"slug" must be a string, got ${shown(raw.slug)}`);
    if (slug !== "") article.slug = slug;
  }
  if (options.label !== undefined) {
    const label = scalar(raw[options.label]);
    if (label !== undefined) article.label = label;
    else if (raw[options.label] !== undefined && raw[options.label] !== null) {
      throw fail("INVALID_ARTICLE", where, `label field ${JSON.stringify(options.label)} must be a string, got ${shown(raw[options.label])}`);
    }
  }
  checkAsAdded(article, where);
  return article;
}

/**
 * The section: `section`, else `category`, else `categories`, whichever is present first; a list
 * (Hugo's and Jekyll's `categories: [world, europe]`, Jekyll's `categories: world europe`) gives
 * its first element. An empty value or
 * list means no section.
 */
function sectionOf(raw: Record<string, unknown>, where: string): string | undefined {
  for (const field of ["section", "category", "categories"] as const) {
    const v = raw[field];
    if (v === undefined || v === null) continue;
    const listed = field !== "section" && Array.isArray(v);
    // Jekyll's `categories: jekyll update` is a space-separated list.
    const first = listed ? (v as unknown[])[0] : field === "categories" && typeof v === "string" ? v.trim().split(/[\s,]+/)[0] : v;
    if (listed && first === undefined) return undefined;
    const s = scalar(first);
    if (s === undefined) {
      const expected = field === "section" ? "a string" : "a string or a list of strings";
      throw fail("INVALID_ARTICLE", where, `${JSON.stringify(field)} must be ${expected}, got ${shown(listed ? first : v)}`);
    }
    return s.trim() === "" ? undefined : s.trim();
  }
  return undefined;
}

/**
 * Runs `Recommender.add`'s own checks (dates, language tags, ids) now, so a bad value is named
 * with its file and line instead of only the article's id at build time.
 */
function checkAsAdded(article: ArticleWithLabel, where: string): void {
  try {
    checkArticle(article, where);
  } catch (e) {
    if (!(e instanceof RecommenderError) || (e.code !== "INVALID_ARTICLE" && e.code !== "INVALID_ID")) throw e;
    // checkArticle says `Invalid article "<id>": <detail>`: keep the detail, name the file instead.
    const prefix = fail("INVALID_ARTICLE", JSON.stringify(article.id), "").message;
    const detail = e.message.startsWith(prefix) ? e.message.slice(prefix.length) : e.message;
    throw fail("INVALID_ARTICLE", where, detail);
  }
}

/** Strings stay; finite numbers and booleans (YAML `id: 42`, `title: 1984`) become strings. */
function scalar(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  if ((typeof v === "number" && Number.isFinite(v)) || typeof v === "boolean") return String(v);
  return undefined;
}

/** undefined when absent, null when malformed. A string is split on commas ("syria, troops"). */
function normaliseList(v: unknown): string[] | undefined | null {
  if (v === undefined || v === null) return undefined;
  const list = typeof v === "string" ? v.split(",") : Array.isArray(v) ? v : null;
  if (list === null) return null;
  const tags: string[] = [];
  for (const t of list) {
    if (t === null || t === undefined) continue;
    const s = scalar(t);
    if (s === undefined) return null;
    if (s.trim() !== "") tags.push(s.trim());
  }
  return tags;
}

function shown(v: unknown): string {
  if (v === undefined) return "nothing";
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (v instanceof Date) return "a date";
  if (typeof v === "object") return "an object";
  return typeof v === "string" ? JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v) : `${typeof v} ${String(v)}`;
}
