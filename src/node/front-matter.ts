/**
 * Front matter as static-site generators write it, split from the body and parsed as data:
 * - YAML between `---` lines (Jekyll, Eleventy, Astro, Docusaurus, Hugo), closed by `---` or `...`;
 * - TOML between `+++` lines (Hugo);
 * - a JSON object at the very start of the file (Hugo).
 * The parsers are `yaml` and `smol-toml`, bundled into dist: neither loads modules at run time
 * (gray-matter's `require("fs")` broke ESM bundles of alsolike/node) and neither runs code.
 * `---js` front matter is refused, never evaluated.
 */
import { parseDocument } from "yaml";
import { parse as parseToml } from "smol-toml";

/** The front matter's fields (an empty object when the file has none) and the body after it. */
export interface FrontMatter {
  data: Record<string, unknown>;
  body: string;
  /** Which syntax the front matter was in; "none" when the file has none. */
  format: "yaml" | "toml" | "json" | "none";
}

/** A front matter the file holds but that cannot be read; `line` is 1-based, in the file. */
export class FrontMatterError extends Error {
  constructor(
    readonly reason: string,
    readonly line?: number,
  ) {
    super(line === undefined ? reason : `${reason} (line ${line})`);
    this.name = "FrontMatterError";
  }
}

// An opening line: the fence, then an optional language name (gray-matter's `---yaml`, `---js`).
const OPEN = /^(---|\+\+\+)([A-Za-z]*)[ \t]*\r?$/;

/**
 * Splits `source` (already decoded, without a BOM) into front matter and body.
 * A fence with no closing line is not front matter (a Markdown file may start with a thematic
 * break): the whole file is the body then.
 * @throws {FrontMatterError} for front matter that does not parse, or is not a mapping of fields
 */
export function splitFrontMatter(source: string): FrontMatter {
  if (source.startsWith("{")) return splitJson(source);
  const firstEnd = lineEnd(source, 0);
  const open = OPEN.exec(source.slice(0, firstEnd));
  if (open === null) return { data: {}, body: source, format: "none" };
  const fence = open[1] as string;
  const language = (open[2] as string).toLowerCase() || (fence === "+++" ? "toml" : "yaml");
  // Find the closing line: the same fence (or `...`, YAML's end of document, after `---`).
  let start = firstEnd + 1;
  let lines = 1;
  while (start <= source.length) {
    const end = lineEnd(source, start);
    const line = source.slice(start, end).replace(/[ \t]*\r?$/, "");
    lines++;
    if (line === fence || (fence === "---" && line === "...")) {
      const raw = source.slice(firstEnd + 1, start);
      const body = source.slice(Math.min(source.length, end + 1));
      return { data: parseBlock(raw, language), body, format: language === "toml" ? "toml" : "yaml" };
    }
    if (end >= source.length) break;
    start = end + 1;
  }
  return { data: {}, body: source, format: "none" };
}

function lineEnd(s: string, from: number): number {
  const nl = s.indexOf("\n", from);
  return nl < 0 ? s.length : nl;
}

function parseBlock(raw: string, language: string): Record<string, unknown> {
  if (language === "yaml" || language === "yml") return parseYaml(raw);
  if (language === "toml") return parseTomlBlock(raw);
  if (language === "js" || language === "javascript") {
    throw new FrontMatterError("JavaScript front matter is not supported (it would run code)", 1);
  }
  throw new FrontMatterError(`front matter in ${JSON.stringify(language)} is not supported (YAML, TOML or JSON)`, 1);
}

function parseYaml(raw: string): Record<string, unknown> {
  // YAML 1.2's core schema (as js-yaml read it: `no` stays a string) plus timestamps, so that
  // `date: 2019-05-01` is a date. Aliases are capped (a billion-laughs file stays small) and
  // keys must be unique; nothing is printed (logLevel "error": warnings are not our output).
  const doc = parseDocument(raw, { customTags: ["timestamp"], uniqueKeys: true, logLevel: "error", prettyErrors: false });
  const error = doc.errors[0];
  if (error !== undefined) {
    // Lines counted from the first front matter line, which is the file's second.
    const at = Math.min(error.pos[0], raw.length);
    throw new FrontMatterError(firstLine(error.message), raw.slice(0, at).split("\n").length + 1);
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    throw new FrontMatterError(firstLine((e as Error).message));
  }
  return mapping(value, "YAML");
}

function parseTomlBlock(raw: string): Record<string, unknown> {
  let value: Record<string, unknown>;
  try {
    value = parseToml(raw) as Record<string, unknown>;
  } catch (e) {
    const err = e as { line?: number; message?: string };
    const reason = firstLine(String(err.message ?? e)).replace(/^Invalid TOML document: /, "");
    throw new FrontMatterError(reason, typeof err.line === "number" ? err.line + 1 : undefined);
  }
  return plainDates(value) as Record<string, unknown>;
}

/**
 * smol-toml's dates are `TomlDate`s (a Date subclass whose `toISOString` prints a local date
 * as "2019-05-01"): plain Dates of the same instant, so every front matter gives the same kind.
 * Its tables have a null prototype; they are copied to plain objects.
 */
function plainDates(v: unknown): unknown {
  if (v instanceof Date) return new Date(Date.prototype.getTime.call(v));
  if (Array.isArray(v)) return v.map(plainDates);
  if (typeof v === "object" && v !== null) {
    const out: Record<string, unknown> = {};
    // defineProperty: a `__proto__` key is an ordinary field, never the object's prototype.
    for (const [k, x] of Object.entries(v)) Object.defineProperty(out, k, { value: plainDates(x), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return v;
}

/** Hugo's JSON front matter: an object that opens the file, then the body. */
function splitJson(source: string): FrontMatter {
  const end = jsonObjectEnd(source);
  if (end < 0) throw new FrontMatterError("JSON front matter: no closing } for the { that opens the file", 1);
  let value: unknown;
  try {
    value = JSON.parse(source.slice(0, end));
  } catch (e) {
    // V8 names the position for some errors only; YAML (a superset of JSON) finds the others.
    const named = /position (\d+)/.exec((e as Error).message);
    const at = named ? Number(named[1]) : parseDocument(source.slice(0, end), { prettyErrors: false, logLevel: "silent" }).errors[0]?.pos[0];
    const line = at === undefined ? undefined : source.slice(0, at).split("\n").length;
    throw new FrontMatterError(`JSON front matter: ${firstLine((e as Error).message).replace(/ in JSON at position \d+.*$/, "").replace(/, ".*" is not valid JSON$/, "")}`, line);
  }
  // The body starts on the line after the closing brace.
  const nl = source.indexOf("\n", end);
  return { data: mapping(value, "JSON"), body: nl < 0 ? "" : source.slice(nl + 1), format: "json" };
}

/** The index just past the `}` closing the object that starts at 0 (strings skipped), or -1. */
function jsonObjectEnd(s: string): number {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22) {
      // Skip the string, escapes included.
      for (i++; i < s.length && s.charCodeAt(i) !== 0x22; i++) if (s.charCodeAt(i) === 0x5c) i++;
    } else if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

function mapping(value: unknown, syntax: string): Record<string, unknown> {
  if (value === null || value === undefined) return {};
  if (typeof value !== "object" || Array.isArray(value) || value instanceof Date) {
    throw new FrontMatterError(`${syntax} front matter must be a mapping of fields (title: ...), got ${Array.isArray(value) ? "a list" : typeof value}`);
  }
  return value as Record<string, unknown>;
}

function firstLine(s: string): string {
  return (s.split("\n")[0] as string).trim();
}
