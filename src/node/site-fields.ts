/**
 * What static-site generators' front matter and file names mean, for alsolike's fields:
 * - drafts: `draft: true` (Hugo, Astro, Docusaurus), `published: false` (Jekyll),
 *   `eleventyExcludeFromCollections: true` and `permalink: false` (Eleventy), `unlisted: true`
 *   (Docusaurus: kept out of every listing) are not published lists' material;
 * - ids: Hugo's page bundles (`post/index.md`, `section/_index.md`) are named by their folder;
 * - dates: `date`, else Astro's `pubDate`, else Hugo's `publishDate`, else a Jekyll file name's
 *   `2019-05-01-` prefix; Eleventy's "Last Modified" and "Created" keywords are no date;
 * - the page's address: `url` (Hugo), else `permalink` (Jekyll, Eleventy), when it is one and
 *   not a pattern still to fill (`/:year/:title/`, `{{ page.fileSlug }}`).
 */
import { fail } from "../errors.js";

/** True for "true" in any of the spellings front matter uses (YAML 1.1's yes/on included). */
function yes(v: unknown): boolean {
  return v === true || (typeof v === "string" && /^(?:true|yes|on)$/i.test(v.trim()));
}

function no(v: unknown): boolean {
  return v === false || (typeof v === "string" && /^(?:false|no|off)$/i.test(v.trim()));
}

/**
 * The front matter field that makes a page a draft (unpublished or unlisted), or undefined.
 * @param data a file's front matter, or a JSON record
 */
export function draftField(data: Record<string, unknown>): string | undefined {
  if (yes(data.draft)) return "draft";
  if (no(data.published)) return "published";
  if (yes(data.eleventyExcludeFromCollections)) return "eleventyExcludeFromCollections";
  if (data.permalink === false) return "permalink";
  if (yes(data.unlisted)) return "unlisted";
  return undefined;
}

const INDEX_PAGE = /^_?index$/;
const DATED_NAME = /^(\d{4})-(\d{2})-(\d{2})-(?=.)/;

/**
 * The id of a Markdown file from its path: the path without extension, and a page bundle's
 * `index` or `_index` named by its folder (`post/index.md` is `post`; at the root it stays `index`).
 * @param rel the path relative to the content folder, `/` separators
 */
export function idFromPath(rel: string): string {
  const dot = rel.lastIndexOf(".");
  const bare = dot > rel.lastIndexOf("/") ? rel.slice(0, dot) : rel;
  const slash = bare.lastIndexOf("/");
  if (slash > 0 && INDEX_PAGE.test(bare.slice(slash + 1))) return bare.slice(0, slash);
  return bare;
}

/** A slug used as an id: without the slashes around it (Docusaurus writes `slug: /intro`). */
export function idFromSlug(slug: unknown): unknown {
  if (typeof slug !== "string") return slug;
  const trimmed = slug.trim().replace(/^\/+|\/+$/g, "");
  return trimmed === "" ? undefined : trimmed;
}

const ELEVENTY_KEYWORDS = /^(?:git )?(?:last modified|created)$/i;

/**
 * The date of a Markdown page: `date`, else `pubDate`, else `publishDate`, else the
 * `YYYY-MM-DD-` prefix of a Jekyll post's file name (UTC midnight).
 * @param data the front matter
 * @param rel the file's path, for the file-name date
 */
export function pageDate(data: Record<string, unknown>, rel: string): unknown {
  for (const field of ["date", "pubDate", "publishDate"]) {
    const v = data[field];
    if (v === undefined || v === null || v === "") continue;
    if (typeof v === "string" && ELEVENTY_KEYWORDS.test(v.trim())) continue;
    return v;
  }
  const named = DATED_NAME.exec(rel.slice(rel.lastIndexOf("/") + 1));
  return named ? `${named[1]}-${named[2]}-${named[3]}` : undefined;
}

// `/:title/` (Jekyll), `{{ ... }}` / `{% ... %}` (Liquid, Nunjucks): patterns, not addresses.
const URL_PATTERN = /\{\{|\{%|(?:^|\/):[A-Za-z_]/;

/**
 * The page's address from `url`, else `permalink`, when it is a string that is not a pattern.
 * @param data the front matter or JSON record
 * @param where the file (and line) for an error
 * @throws {RecommenderError} `INVALID_ARTICLE` when `url` or `permalink` is neither a string nor
 *   (for `permalink`) `false`
 */
export function pageUrl(data: Record<string, unknown>, where: string): string | undefined {
  for (const field of ["url", "permalink"] as const) {
    const v = data[field];
    if (v === undefined || v === null || (field === "permalink" && v === false)) continue;
    if (typeof v !== "string") throw fail("INVALID_ARTICLE", where, `"${field}" must be a string (the page's address), got ${typeof v === "object" ? "an object" : `${typeof v} ${String(v)}`}`);
    const url = v.trim();
    if (url === "" || URL_PATTERN.test(url) || /\s/.test(url)) continue;
    return url;
  }
  return undefined;
}
