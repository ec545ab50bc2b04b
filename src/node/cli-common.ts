/**
 * What the `alsolike` commands share: the command shape, the two kinds of failure and their exit
 * codes, the option groups with their help text, and the helpers that read sources and indexes
 * and write results (cli.ts dispatches; cli-index.ts and cli-lists.ts hold the commands).
 */
import { LANGUAGE_CODES } from "../analysis/registry.js";
import { WORD_PAIRS_RANGE } from "../analysis/word-pairs.js";
import { readArticles, type ArticleWithLabel, type ReadArticlesOptions } from "./corpus-files.js";
import { DEFAULTS, FEEDBACK_DEFAULTS, SHARED_NEIGHBOURS_DEFAULTS, loadFile, Recommender, RecommenderError, type FeedbackOptions, type SharedNeighboursOptions } from "./index.js";
import { LIST_FORMATS, parseUrlPattern, type ListFormat } from "./related-output.js";
import { applySignalFlags, BadValueError, optionsPath, readIndexOptions, type FlagSetting, type StoredSignals } from "./cli-signals.js";

const { stdout, stderr } = process;

export type Values = Record<string, string | boolean | undefined>;
export type OptionSpec = Record<string, { type: "string" | "boolean"; short?: string }>;
export interface Command {
  usage: string;
  /** How many positional arguments it takes. */
  arity: number;
  help: string;
  options: OptionSpec;
  run(values: Values, positionals: string[]): Promise<void>;
}

/** A failure the user can fix (exit 1); its message is the whole story, no stack needed. */
export class CliError extends Error {}
/** A malformed command line (exit 2). */
export class UsageError extends Error {}

export const warn = (message: string) => stderr.write(`alsolike: warning: ${message}\n`);
export const GLOBAL: OptionSpec = { help: { type: "boolean", short: "h" }, verbose: { type: "boolean" }, quiet: { type: "boolean" } };
export const FIELDS: OptionSpec = { "title-weight": { type: "string" }, "tags-weight": { type: "string" }, "field-scoring": { type: "string" }, language: { type: "string" }, "word-pairs": { type: "string" }, feedback: { type: "string" }, "shared-neighbours": { type: "string" } };
export const FEEDBACK: OptionSpec = { feedback: { type: "string" }, "shared-neighbours": { type: "string" } };
export const FEEDBACK_HELP = `  --feedback F       pseudo-relevance feedback: "on" (${FEEDBACK_DEFAULTS.docs},${FEEDBACK_DEFAULTS.weight},${FEEDBACK_DEFAULTS.terms}), "off" (default), or
                     DOCS[,WEIGHT[,TERMS]]: each query moved toward its DOCS best neighbours
  --shared-neighbours S  neighbours of neighbours: "on" (${SHARED_NEIGHBOURS_DEFAULTS.depth},${SHARED_NEIGHBOURS_DEFAULTS.weight},${SHARED_NEIGHBOURS_DEFAULTS.pool}), "off" (default), or
                     DEPTH[,WEIGHT[,POOL]]: the best POOL reranked by cosine and shared neighbours`;
export const FIELDS_HELP = `  --language CODE    the articles' language: its stop words, stemmer and word rules (default en;
                     ${LANGUAGE_CODES.join(", ")})
  --title-weight N   how much title words count against body words (default ${DEFAULTS.fields.title})
  --tags-weight N    how much tags count (default ${DEFAULTS.fields.tags})
  --field-scoring S  merged (default: title, text and tags words in one vector) or apart (title
                     words meet titles only, text text, tags tags); stored in the index
  --word-pairs W     also index neighbouring words as pairs ("file descriptor"), each counting W
                     times its field's weight (default ${DEFAULTS.wordPairs}: off; 0.5 scored best in npm run eval)
${FEEDBACK_HELP} (stored in the index)`;
export const READING: OptionSpec = { drafts: { type: "boolean" }, code: { type: "string" }, encoding: { type: "string" } };
export const READING_HELP = `  --drafts           also read drafts (draft: true, published: false, Jekyll's _drafts/, ...)
  --code keep|drop   Markdown code blocks: indexed (keep, the default) or left out (drop)
  --encoding E       decode files that are not valid UTF-8 as E (latin1, windows-1252, shift_jis,
                     ...) instead of skipping them with a warning`;
export const COMMON_HELP = `  -h, --help         show this help
  --quiet            no summary or progress on stderr
  --verbose          print the stack trace of an error`;
export const SOURCES = `<source> is a folder of Markdown files (.md, .markdown, .mdx, recursive; hidden, .gitignored
and draft files skipped; YAML, TOML or JSON front matter: title, date, tags, section (else category,
or the first of categories), lang, related (editors' picks), url or permalink, and id or slug, else
the id is the path without extension, e.g. 2019/ca02, post/index.md is post), a .jsonl file (one
{id, text, title?, tags?, date?, section?, lang?, related?} per line; "body" is read as "text") or a
.json array of such objects.`;

/**
 * The PostgreSQL commands (./postgres/cli-commands.ts), loaded on first use: the other commands
 * never load the `pg` driver, an optional peer dependency.
 */
export async function postgres(): Promise<typeof import("./postgres/cli-commands.js")> {
  try {
    return await import("./postgres/cli-commands.js");
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") {
      throw new CliError(`PostgreSQL support needs the optional packages pg and pg-boss: npm install pg pg-boss (${(e as Error).message.split("\n")[0]})`);
    }
    throw e;
  }
}

export function required(value: string | boolean | undefined, what: string): string {
  if (typeof value !== "string") throw new UsageError(`Missing ${what}`);
  return value;
}

export function positiveInt(value: string | boolean | undefined, flag: string): number {
  if (value === undefined) return 10;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} expects a positive integer, got "${String(value)}"`);
  return n;
}

export function listFormat(value: string | boolean | undefined): ListFormat {
  if (value === undefined) return "json";
  if (!LIST_FORMATS.includes(value as ListFormat)) throw new BadValueError(`--format "${String(value)}": expected one of ${LIST_FORMATS.join(", ")}`);
  return value as ListFormat;
}

export function urlPattern(value: string | boolean | undefined) {
  if (typeof value !== "string") return undefined;
  try {
    return parseUrlPattern(value);
  } catch (e) {
    throw new BadValueError(`--url-pattern ${(e as Error).message.replace(/^Invalid option "urlPattern": /, "")}`);
  }
}

export function fieldOptions(values: Values) {
  const pairs = values["word-pairs"];
  const wordPairs = pairs === undefined ? {} : { wordPairs: Number(pairs) };
  const { min, max } = WORD_PAIRS_RANGE;
  const w = wordPairs.wordPairs;
  if (w !== undefined && (pairs === "" || !(w === 0 || (w >= min && w <= max)))) throw new UsageError(`--word-pairs expects 0 (off) or a number in [${min}, ${max}], got "${String(pairs)}"`);
  return { ...fieldWeights(values), ...wordPairs, ...secondPassFlags(values) };
}

/** `--feedback` and `--shared-neighbours`, the options given (each checked as the Recommender checks it). */
export function secondPassFlags(values: Values): { feedback?: FeedbackSetting; sharedNeighbours?: boolean | SharedNeighboursOptions } {
  const feedback = settingFlag(values, "feedback", ["docs", "weight", "terms"]);
  const sharedNeighbours = settingFlag(values, "shared-neighbours", ["depth", "weight", "pool"]);
  return { ...(feedback === undefined ? {} : { feedback }), ...(sharedNeighbours === undefined ? {} : { sharedNeighbours }) };
}

type FeedbackSetting = boolean | FeedbackOptions;

/**
 * `--feedback on | off | DOCS[,WEIGHT[,TERMS]]` or `--shared-neighbours on | off | DEPTH[,WEIGHT[,POOL]]`,
 * checked as the Recommender checks it (exit 2 naming the flag); undefined when not given.
 */
function settingFlag(values: Values, flag: "feedback" | "shared-neighbours", keys: readonly string[]): boolean | Record<string, number> | undefined {
  const raw = values[flag];
  if (raw === undefined) return undefined;
  const text = String(raw);
  const option = flag === "feedback" ? "feedback" : "sharedNeighbours";
  let setting: boolean | Record<string, number>;
  if (text === "on" || text === "off") setting = text === "on";
  else {
    const parts = text.split(",");
    const nums = parts.map((p) => (p.trim() === "" ? NaN : Number(p)));
    if (parts.length > keys.length || nums.some((x) => Number.isNaN(x))) {
      throw new BadValueError(`--${flag} "${text}": expected on, off or ${keys.map((k) => k.toUpperCase()).join("[,")}${"]".repeat(keys.length - 1)} (numbers)`);
    }
    setting = {};
    nums.forEach((x, i) => ((setting as Record<string, number>)[keys[i] as string] = x));
  }
  try {
    new Recommender({ [option]: setting });
  } catch (e) {
    if (e instanceof RecommenderError) throw new BadValueError(`--${flag} "${text}": ${e.message}`);
    throw e;
  }
  return setting;
}

function fieldWeights(values: Values) {
  const fields: { title?: number; tags?: number } = {};
  for (const field of ["title", "tags"] as const) {
    const raw = values[`${field}-weight`];
    if (raw === undefined) continue;
    const w = Number(raw);
    if (raw === "" || !Number.isFinite(w) || w < 0) throw new UsageError(`--${field}-weight expects a number >= 0, got "${String(raw)}"`);
    fields[field] = w;
  }
  const scoring = values["field-scoring"];
  if (scoring !== undefined && scoring !== "merged" && scoring !== "apart") throw new UsageError(`--field-scoring "${String(scoring)}": expected merged or apart`);
  const fieldScoring = scoring === undefined ? {} : { fieldScoring: scoring as "merged" | "apart" };
  const language = values.language;
  if (language === undefined) return { fields, ...fieldScoring };
  if (typeof language !== "string" || !LANGUAGE_CODES.includes(language as never)) {
    throw new UsageError(`--language "${String(language)}": expected one of ${LANGUAGE_CODES.join(", ")}`);
  }
  return { fields, ...fieldScoring, language };
}

/** Writes to stdout and resolves once the data is handed to the OS (a pipe's reader may be slow). */
export function writeStdout(data: string | Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    stdout.write(data, (error) => (error ? reject(error) : resolve()));
  });
}

export function note(values: Values, line: string): void {
  if (!values.quiet) stderr.write(`${line}\n`);
}

/** Rewrites file-system errors as `Cannot read "path": no such file or directory`. */
export async function io<T>(verb: "read" | "write", path: string, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (e) {
    // The one RecommenderError a write raises: a target it will not replace (a directory, a
    // FIFO nobody reads, ...); its message ends with what the target is.
    if (verb === "write" && e instanceof RecommenderError && e.code === "INVALID_OPTION") {
      const what = /expected (.*), got /.exec(e.message)?.[1] ?? "not a file alsolike can write";
      throw new CliError(`Cannot write "${path}": expected ${what}`, { cause: e });
    }
    const err = e as NodeJS.ErrnoException;
    if (typeof err.code !== "string" || typeof err.syscall !== "string") throw e;
    const where = verb === "read" && typeof err.path === "string" ? err.path : path;
    const why = err.message.replace(/^[A-Z]+: /, "").replace(/, \w+ '.*'$/s, "");
    throw new CliError(`Cannot ${verb} "${where}": ${why}`, { cause: e });
  }
}

export async function readSource(path: string, values: Values, label?: string): Promise<ArticleWithLabel[]> {
  const options: ReadArticlesOptions = { onWarning: warn, drafts: values.drafts === true };
  if (label !== undefined) options.label = label;
  if (values.code !== undefined) {
    if (values.code !== "keep" && values.code !== "drop") throw new UsageError(`--code expects keep or drop, got "${String(values.code)}"`);
    options.code = values.code;
  }
  if (values.encoding !== undefined) {
    if (typeof values.encoding !== "string" || !isEncoding(values.encoding)) throw new UsageError(`--encoding "${String(values.encoding)}": not an encoding TextDecoder knows (latin1, windows-1252, utf-8, shift_jis, ...)`);
    options.encoding = values.encoding;
  }
  // A skipped file (binary, not valid UTF-8) is worth a line even with --quiet: the index lacks it.
  const articles = await io("read", path, readArticles(path, options));
  if (articles.length === 0) throw new CliError(`No articles in "${path}" (looked for .md/.markdown/.mdx files that are not drafts, or .jsonl/.json records)`);
  return articles;
}

export function isEncoding(label: string): boolean {
  try {
    new TextDecoder(label);
    return label.trim() !== "";
  } catch {
    return false;
  }
}

/** The index at `path`, and its stored ranking options with `flags` applied over them. */
export async function loadIndex(path: string, flags: readonly FlagSetting[], second: ReturnType<typeof secondPassFlags> = {}): Promise<{ rec: Recommender; signals: StoredSignals }> {
  let rec: Recommender;
  try {
    rec = await io("read", path, loadFile(path, second));
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`Cannot load index "${path}": ${(e as Error).message}`, { cause: e });
  }
  const stored = await io("read", optionsPath(path), readIndexOptions(path, warn));
  return { rec, signals: applySignalFlags(stored ?? {}, flags) };
}

export function usageError(message: string, usage: string): number {
  stderr.write(`alsolike: ${message}\nUsage: ${usage}\nRun "${usage.split(" <")[0]?.split(" [")[0]} --help" for details.\n`);
  return 2;
}

