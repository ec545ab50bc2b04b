/**
 * Reading a corpus from disk (Node only): a folder of Markdown files with YAML front matter, a
 * JSON Lines file, or a JSON array. Every problem is reported with the file (and line) it is in,
 * because the user has to go and fix that file.
 */
import { constants, type Stats } from "node:fs";
import { open, readdir, stat } from "node:fs/promises";
import { extname, join, relative, sep } from "node:path";
import matter from "gray-matter";
import { fail, RecommenderError } from "../errors.js";
import { checkArticle, type Article } from "../validate.js";

/** An article read from a file, with the value of the label field when one was asked for. */
export interface ArticleWithLabel extends Article {
  /** The value of `options.label` (front matter or object field), as a string; absent when missing. */
  label?: string;
}

/** Options of {@link readArticles}. */
export interface ReadArticlesOptions {
  /** Name of a front matter / object field to copy into `label` (for evaluation). */
  label?: string;
  /**
   * Receives one line per Markdown file skipped because it is not valid UTF-8 (naming the file).
   * Default: `process.emitWarning`, so that a skipped file is never silent.
   */
  onWarning?: (message: string) => void;
}

const MARKDOWN = new Set([".md", ".markdown"]);
const JSON_LINES = new Set([".jsonl", ".ndjson"]);

/**
 * Reads articles from `path`:
 * - a **folder**: every `.md` / `.markdown` file below it (recursively, skipping folders whose
 *   name starts with `.` and `node_modules`), in path order. Front matter gives the fields below
 *   and the id (`id`, else `slug`, else the path relative to the folder without its extension,
 *   with `/` separators, e.g. `2019/ca02`); the body is the text. Only YAML and JSON front
 *   matter are read: `---js` blocks are refused, never evaluated.
 * - a **`.jsonl` / `.ndjson` file**: one object per line, `{ id, text, title?, tags?, date?,
 *   section?, lang?, related? }` (`body` is accepted in place of `text`); blank lines are skipped.
 * - a **`.json` file**: an array of such objects.
 *
 * Fields: `title`; `date` (a YAML date, an ISO string or epoch ms); `tags` and `related` (editors'
 * picks: article ids), each a list or a comma-separated string; `section`, else `category`, else
 * `categories` (a list gives its first element); `lang` (a BCP 47 tag; else `language`, else
 * `locale`, where a POSIX "fr_FR.UTF-8" is read as "fr-FR"). Numeric ids, titles and
 * sections become strings. Each article is checked as `Recommender.add` checks it, so a bad
 * value (a date that is not one, a malformed `lang`) is an error naming its file and field.
 * Files are decoded as strict UTF-8: a Markdown file that is not valid UTF-8 is skipped, with a
 * warning naming it (decoding it anyway would turn distinct bytes into the same U+FFFD, and two
 * ids into one); in a `.jsonl` / `.json` file it is an error naming the line.
 * FIFOs, devices and sockets are refused (reading `/dev/zero` or a pipe would never end).
 * @param path a folder, a .jsonl/.ndjson file or a .json file
 * @param options `label`: a field to copy into each article's `label`; `onWarning`: receives the
 *   skipped-file warnings
 * @returns the articles, in a stable order (sorted paths, or file order)
 * @throws {RecommenderError} `INVALID_ARTICLE` naming the file (and line) of a malformed article,
 *   a duplicate id, invalid UTF-8 in a `.jsonl` / `.json` file, or a file that is not a regular
 *   file; `INVALID_OPTION` for an `onWarning` that is not a function; Node's file-system errors
 *   (with `code` and `path`) for unreadable paths
 * @example
 * const articles = await readArticles("content/posts");
 * new Recommender().add(articles);
 */
export async function readArticles(path: string, options: ReadArticlesOptions = {}): Promise<ArticleWithLabel[]> {
  if (options.onWarning !== undefined && typeof options.onWarning !== "function") {
    throw fail("INVALID_OPTION", "onWarning", options.onWarning, "a function");
  }
  const info = await stat(path);
  const ext = extname(path).toLowerCase();
  let articles: { article: ArticleWithLabel; where: string }[];
  if (info.isDirectory()) articles = await readMarkdownFolder(path, options);
  else if (JSON_LINES.has(ext)) articles = await readJsonLines(path, options);
  else if (ext === ".json") articles = await readJsonArray(path, options);
  else if (MARKDOWN.has(ext)) throw fail("INVALID_ARTICLE", `source ${JSON.stringify(path)}`, "give the folder that holds the Markdown files, not one file");
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

async function readMarkdownFolder(root: string, options: ReadArticlesOptions) {
  const files = (await listMarkdown(root)).sort();
  const out: { article: ArticleWithLabel; where: string }[] = [];
  for (const file of files) {
    const rel = relative(root, file).split(sep).join("/");
    const where = `in ${rel}`;
    const source = decodeUtf8(await readRegularFile(file, (kind) => fail("INVALID_ARTICLE", where, `${kind}, not a regular file`)));
    if (typeof source !== "string") {
      const warn = options.onWarning ?? ((message: string) => process.emitWarning(message, "AlsolikeWarning"));
      warn(`skipped ${file}: not valid UTF-8 (line ${source.badLine})`);
      continue;
    }
    let parsed: { data: Record<string, unknown>; content: string };
    try {
      parsed = matter(source, { engines: { javascript: refuseScript, js: refuseScript } });
    } catch (e) {
      throw fail("INVALID_ARTICLE", where, `bad front matter: ${yamlReason(e)}`);
    }
    const data = parsed.data;
    const fallbackId = rel.slice(0, rel.length - extname(rel).length);
    const id = data.id ?? data.slug ?? fallbackId;
    out.push({ article: toArticle({ ...data, id, text: parsed.content }, where, options), where });
  }
  return out;
}

async function listMarkdown(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!entry.name.startsWith(".") && entry.name !== "node_modules") out.push(...(await listMarkdown(full)));
    } else if ((entry.isFile() || entry.isSymbolicLink()) && MARKDOWN.has(extname(entry.name).toLowerCase())) {
      out.push(full);
    }
  }
  return out;
}

function refuseScript(): never {
  throw new Error("JavaScript front matter is not supported (it would run code)");
}

/** js-yaml errors carry a multi-line excerpt; keep the reason and the line (in the file, after `---`). */
function yamlReason(e: unknown): string {
  const err = e as { reason?: string; mark?: { line?: number }; message?: string };
  if (typeof err.reason === "string") {
    return typeof err.mark?.line === "number" ? `${err.reason} (line ${err.mark.line + 2})` : err.reason;
  }
  return String(err.message ?? e).split("\n")[0] as string;
}

async function readJsonLines(path: string, options: ReadArticlesOptions) {
  const lines = (await readUtf8Source(path)).split("\n");
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
    out.push({ article: toArticle(value, where, options), where });
  }
  return out;
}

async function readJsonArray(path: string, options: ReadArticlesOptions) {
  const text = await readUtf8Source(path);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    if (!(e instanceof SyntaxError)) throw e;
    throw fail("INVALID_ARTICLE", `in ${path}`, `not valid JSON (${e.message})`);
  }
  if (!Array.isArray(value)) throw fail("INVALID_ARTICLE", `in ${path}`, "expected a JSON array of articles");
  return value.map((v, i) => {
    const where = `at ${path}[${i}]`;
    return { article: toArticle(v, where, options), where };
  });
}

/** A .jsonl / .json source as text: strict UTF-8 (without its BOM), or INVALID_ARTICLE naming the line. */
async function readUtf8Source(path: string): Promise<string> {
  const decoded = decodeUtf8(await readRegularFile(path, (kind) => fail("INVALID_ARTICLE", `source ${JSON.stringify(path)}`, `${kind}, not a regular file`)));
  if (typeof decoded !== "string") throw fail("INVALID_ARTICLE", `at ${path}:${decoded.badLine}`, "not valid UTF-8");
  return decoded;
}

// Fatal: a wrong byte is an error, never a silent U+FFFD. Drops a leading BOM (ignoreBOM false).
const UTF8 = new TextDecoder("utf-8", { fatal: true });

/** The text of UTF-8 bytes, or the (1-based) line holding the first invalid sequence. */
function decodeUtf8(bytes: Uint8Array): string | { badLine: number } {
  try {
    return UTF8.decode(bytes);
  } catch (e) {
    if (!(e instanceof TypeError)) throw e;
  }
  // Only on failure: decode line by line. A newline byte is never inside a UTF-8 sequence, so the
  // line whose bytes fail alone is the one to name.
  let line = 1;
  let start = 0;
  for (;;) {
    const nl = bytes.indexOf(0x0a, start);
    const end = nl < 0 ? bytes.length : nl;
    try {
      UTF8.decode(bytes.subarray(start, end));
    } catch {
      return { badLine: line };
    }
    if (nl < 0) return { badLine: line };
    start = nl + 1;
    line++;
  }
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
function toArticle(value: unknown, where: string, options: ReadArticlesOptions): ArticleWithLabel {
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
  for (const [field, keys] of [["url", ["url", "permalink"]], ["slug", ["slug"]]] as const) {
    const key = keys.find((k) => raw[k] !== undefined && raw[k] !== null && raw[k] !== false);
    if (key === undefined) continue;
    const value = scalar(raw[key]);
    if (value === undefined) throw fail("INVALID_ARTICLE", where, `"${key}" must be a string, got ${shown(raw[key])}`);
    if (value !== "") article[field] = value;
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
 * (Hugo's and Jekyll's `categories: [world, europe]`) gives its first element. An empty value or
 * list means no section.
 */
function sectionOf(raw: Record<string, unknown>, where: string): string | undefined {
  for (const field of ["section", "category", "categories"] as const) {
    const v = raw[field];
    if (v === undefined || v === null) continue;
    const listed = field !== "section" && Array.isArray(v);
    const first = listed ? (v as unknown[])[0] : v;
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
