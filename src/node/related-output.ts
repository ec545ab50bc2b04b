/**
 * Related lists as templates use them (`alsolike all --format json|jsonl|html`): each entry
 * carries what a page needs to link to the article, read from the index (`Recommender#article`):
 * `{ id, score, title?, url?, date?, reason? }`. The URL is the article's own (front matter
 * `url`/`permalink`, or a JSON field), else one made from a `--url-pattern` such as
 * `/posts/{yyyy}/{slug}/`. HTML snippets are escaped here, never by the caller.
 */
import { mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fail } from "../errors.js";
import type { Recommendation, Recommender, StoredArticle } from "./index.js";
import { writeFileAtomic } from "./atomic-write.js";

/** A list entry with what a template needs to link to the article. */
export interface LinkedEntry {
  id: string;
  score: number;
  title?: string;
  url?: string;
  /** ISO 8601 (UTC), as `Date#toISOString` writes it. */
  date?: string;
  reason?: string;
}

/** The placeholders a URL pattern may hold. */
export const URL_PLACEHOLDERS = ["id", "slug", "section", "yyyy", "mm", "dd"] as const;
type Placeholder = (typeof URL_PLACEHOLDERS)[number];

/** A parsed URL pattern: literal parts and placeholders, alternating. */
export interface UrlPattern {
  source: string;
  parts: (string | { name: Placeholder })[];
}

/**
 * Parses a URL pattern such as `/posts/{yyyy}/{mm}/{slug}/`. `{{` and `}}` stand for literal braces.
 * @throws {RecommenderError} `INVALID_OPTION` ("urlPattern") for an unknown placeholder, an
 *   unclosed brace, or a pattern without any placeholder (every article would get the same URL)
 */
export function parseUrlPattern(source: string): UrlPattern {
  const parts: UrlPattern["parts"] = [];
  let literal = "";
  let placeholders = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i] as string;
    if ((c === "{" || c === "}") && source[i + 1] === c) {
      literal += c;
      i++;
    } else if (c === "{") {
      const end = source.indexOf("}", i);
      const name = end < 0 ? "" : source.slice(i + 1, end);
      if (!(URL_PLACEHOLDERS as readonly string[]).includes(name)) {
        const shown = end < 0 ? source.slice(i) : `{${name}}`;
        throw fail("INVALID_OPTION", "urlPattern", source, `placeholders ${URL_PLACEHOLDERS.map((p) => `{${p}}`).join(", ")} (not ${JSON.stringify(shown)}); {{ and }} for braces`);
      }
      if (literal !== "") parts.push(literal);
      literal = "";
      parts.push({ name: name as Placeholder });
      placeholders++;
      i = end;
    } else if (c === "}") {
      throw fail("INVALID_OPTION", "urlPattern", source, "a lone } (write }} for a brace)");
    } else {
      literal += c;
    }
  }
  if (literal !== "") parts.push(literal);
  if (placeholders === 0) throw fail("INVALID_OPTION", "urlPattern", source, `a pattern with a placeholder such as {id} or {slug}`);
  return { source, parts };
}

/**
 * The URL `pattern` gives article `a`, or undefined when the article lacks a value the pattern
 * needs (no date for `{yyyy}`, no section for `{section}`). `{slug}` is the article's slug, else
 * the last segment of its id (`2019/ca02` -> `ca02`); `{id}` keeps the id's slashes. Each value is
 * percent-encoded as a URL path segment (per segment: "Middle East" -> "Middle%20East"); dates are UTC.
 */
export function expandUrlPattern(pattern: UrlPattern, a: StoredArticle): string | undefined {
  let out = "";
  for (const part of pattern.parts) {
    if (typeof part === "string") {
      out += part;
      continue;
    }
    const value = placeholderValue(part.name, a);
    if (value === undefined || value === "") return undefined;
    out += value.split("/").map(encodeURIComponent).join("/");
  }
  return out;
}

function placeholderValue(name: Placeholder, a: StoredArticle): string | undefined {
  const two = (n: number) => String(n).padStart(2, "0");
  switch (name) {
    case "id":
      return a.id;
    case "slug":
      return a.slug ?? a.id.slice(a.id.lastIndexOf("/") + 1);
    case "section":
      return a.section;
    case "yyyy":
      return a.date === undefined ? undefined : String(a.date.getUTCFullYear()).padStart(4, "0");
    case "mm":
      return a.date === undefined ? undefined : two(a.date.getUTCMonth() + 1);
    case "dd":
      return a.date === undefined ? undefined : two(a.date.getUTCDate());
  }
}

/**
 * Makes entries with titles, URLs and dates from an index's stored fields; each article is looked
 * up once. `missing` lists the articles the pattern could make no URL for (those entries have none).
 */
export class EntryLinker {
  readonly #rec: Recommender;
  readonly #pattern: UrlPattern | undefined;
  readonly #seen = new Map<string, { title?: string; url?: string; date?: string }>();
  /** Ids of articles with no URL of their own for which the pattern could make none. */
  readonly missing: string[] = [];

  constructor(rec: Recommender, pattern?: UrlPattern) {
    this.#rec = rec;
    this.#pattern = pattern;
  }

  /** The link fields of article `id` (title, url, date), as entries carry them. */
  linkOf(id: string): { title?: string; url?: string; date?: string } {
    let link = this.#seen.get(id);
    if (link !== undefined) return link;
    const a = this.#rec.article(id);
    link = {};
    if (a.title !== undefined) link.title = a.title;
    const url = a.url ?? (this.#pattern === undefined ? undefined : expandUrlPattern(this.#pattern, a));
    if (url !== undefined) link.url = url;
    else if (this.#pattern !== undefined) this.missing.push(id);
    if (a.date !== undefined) link.date = a.date.toISOString();
    this.#seen.set(id, link);
    return link;
  }

  /** `r` with its article's title, url and date: `{ id, score, title?, url?, date?, reason? }` in that order. */
  entry(r: Recommendation): LinkedEntry {
    const out: LinkedEntry = { id: r.id, score: r.score, ...this.linkOf(r.id) };
    if (r.reason !== undefined) out.reason = r.reason;
    return out;
  }
}

/**
 * Every list as JSON Lines: one `{"id": ..., "related": [entries]}` object per line, in index
 * order (a stream a build step can read line by line).
 */
export function listsJsonl(lists: ReadonlyMap<string, readonly Recommendation[]>, linker: EntryLinker): string {
  let out = "";
  for (const [id, list] of lists) out += `${JSON.stringify({ id, related: list.map((r) => linker.entry(r)) })}\n`;
  return out;
}

/**
 * Every list as one JSON object `{ "<id>": [entries] }`, one line per article, written by hand: a
 * plain object would turn an id like "__proto__" into a prototype change instead of a key.
 */
export function listsJsonLinked(lists: ReadonlyMap<string, readonly Recommendation[]>, linker: EntryLinker): string {
  const lines: string[] = [];
  for (const [id, list] of lists) lines.push(`  ${JSON.stringify(id)}: ${JSON.stringify(list.map((r) => linker.entry(r)))}`);
  return lines.length === 0 ? "{}\n" : `{\n${lines.join(",\n")}\n}\n`;
}

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** `text` safe in HTML text and in a quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] as string);
}

/**
 * Whether `url` may be a link's href: relative URLs and http(s) ones. A `javascript:`, `data:` or
 * other scheme would run or embed something when clicked, so such an entry is shown unlinked.
 */
export function linkableUrl(url: string): boolean {
  // Browsers ignore tabs and newlines inside a scheme ("java\tscript:"), and leading spaces/controls.
  const cleaned = url.replace(/[\t\n\r]/g, "").replace(/^[\u0000-\u0020]+/, "");
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(cleaned);
  return scheme === null || /^https?$/i.test(scheme[1] as string);
}

/**
 * One article's list as an HTML snippet: a `<ul class="alsolike-related">` of links with titles
 * (the id when an article has no title; no link when it has no URL, or an unsafe one). Every
 * value is escaped. An empty list is an empty snippet, so that a template's include shows nothing.
 */
export function htmlSnippet(list: readonly Recommendation[], linker: EntryLinker): string {
  if (list.length === 0) return "";
  const items = list.map((r) => {
    const e = linker.entry(r);
    const text = escapeHtml(e.title ?? e.id);
    const body = e.url !== undefined && linkableUrl(e.url) ? `<a href="${escapeHtml(e.url)}">${text}</a>` : text;
    const reason = e.reason === undefined ? "" : ` data-reason="${escapeHtml(e.reason)}"`;
    return `  <li${reason}>${body}</li>\n`;
  });
  return `<ul class="alsolike-related">\n${items.join("")}</ul>\n`;
}

/**
 * Where article `id`'s snippet goes under `folder`: `<folder>/<id>.html`, the id's slashes kept as
 * folders (`2019/ca02` -> `2019/ca02.html`, matching a site's own paths) and each segment made
 * safe: percent-encoded where a character could escape the folder or is not portable
 * (`/`, `\`, NUL and controls, `%`, `:`, `*`, `?`, `"`, `<`, `>`, `|`), and "", "." and ".."
 * segments encoded whole, so no id can reach outside `folder` and two ids never share a file.
 */
export function snippetPath(folder: string, id: string): string {
  const segments = id.split("/").map((s) => {
    if (s === "" || s === "." || s === "..") return s.length === 0 ? "%" : s.replace(/\./g, "%2E");
    // eslint-disable-next-line no-control-regex
    return s.replace(/[\u0000-\u001f\u007f%\\:*?"<>|]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
  });
  return `${join(folder, ...segments)}.html`;
}

/**
 * Writes each article's snippet to `snippetPath(folder, id)` (each file replaced atomically),
 * making folders as needed. Returns how many files were written.
 */
export async function writeSnippets(folder: string, lists: ReadonlyMap<string, readonly Recommendation[]>, linker: EntryLinker): Promise<number> {
  let n = 0;
  const made = new Set<string>();
  for (const [id, list] of lists) {
    const path = snippetPath(folder, id);
    const parent = dirname(path);
    if (!made.has(parent)) {
      await mkdir(parent, { recursive: true });
      made.add(parent);
    }
    await writeFileAtomic(path, htmlSnippet(list, linker));
    n++;
  }
  return n;
}

/** The formats of `alsolike all`. */
export const LIST_FORMATS = ["json", "jsonl", "html"] as const;
export type ListFormat = (typeof LIST_FORMATS)[number];

/**
 * Writes every list in `format` to `output` (a file replaced atomically; for "html", a folder of
 * snippets), or returns the text to print when `output` is undefined ("json" and "jsonl" only).
 */
export async function writeLists(format: ListFormat, lists: ReadonlyMap<string, readonly Recommendation[]>, linker: EntryLinker, output: string | undefined): Promise<string | undefined> {
  if (format === "html") {
    if (output === undefined) throw fail("INVALID_OPTION", "output", output, "a folder for the HTML snippets (-o <folder>)");
    await writeSnippets(output, lists, linker);
    return undefined;
  }
  const text = format === "jsonl" ? listsJsonl(lists, linker) : listsJsonLinked(lists, linker);
  if (output === undefined) return text;
  await writeFileAtomic(output, text);
  return undefined;
}
