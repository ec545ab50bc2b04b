/**
 * The CLI's ranking flags (`--half-life 30d`, `--same-section`, ...) and the index-wide options
 * `alsolike build` stores beside the index. Each flag sets one of the library's signal options
 * (rank/signal-options.ts) and is checked by the library's own check, so the CLI accepts exactly
 * what `recommend` accepts; the message then names the flag and the value as typed.
 *
 * Index-wide options live in a sidecar, `<index>.options.json`, not in the snapshot (whose
 * header refuses fields it does not know): the options as `recommend` takes them (JSON, with
 * `recency.relativeTo` as an ISO string), plus the size and last 8 bytes (the snapshot's length
 * and checksum) of the index they were written with, so a sidecar left beside an index rebuilt
 * some other way is noticed and ignored instead of silently reshaping its lists.
 */
import { open, unlink } from "node:fs/promises";
import { RecommenderError } from "../errors.js";
import { checkSignalOptions, SIGNAL_KEYS, type SignalOptions } from "../rank/signal-options.js";
import { writeFileAtomic } from "./atomic-write.js";
import { readRegularFile } from "./corpus-files.js";

/** A flag with a bad value, or a bad options file: one line on stderr, exit 2. */
export class BadValueError extends Error {}

/** Signal options as JSON holds them: `SignalOptions` with `recency.relativeTo` as a string. */
export type StoredSignals = Record<string, unknown>;

interface SignalFlag {
  name: string;
  /** The option it sets: a key, or a key and a sub-key. */
  path: readonly [string, string?];
  /** A boolean flag: the value it sets. */
  sets?: boolean;
  /** A value flag: the typed string as the option's value. */
  parse?: (raw: string) => unknown;
  /** What "off" removes, when not `path`. */
  off?: readonly [string, string?];
  /** The option object that checks the value alone, when not just the value at `path`. */
  alone?: (value: unknown) => Record<string, unknown>;
  /** What a refused value should have been, in the CLI's words, when the library's would puzzle. */
  expected?: string;
}

// A plain decimal number; anything else reaches the library's check as the typed string, and is refused there.
const NUMBER = /^(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;
const number = (raw: string): unknown => (NUMBER.test(raw) ? Number(raw) : raw);
/** A bare number is milliseconds; "30d" and the like go to the library as they are. */
const duration = (raw: string): unknown => (/^\d+(?:\.\d+)?$/.test(raw) ? Number(raw) : raw);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** "article", "now", or an ISO date (a date-time without an offset is UTC), normalised to toISOString. */
function relativeTo(raw: string): unknown {
  if (raw === "article" || raw === "now") return raw;
  const d = isoDate(raw);
  return Number.isNaN(d.getTime()) ? raw : d.toISOString();
}

function isoDate(s: string): Date {
  const m = ISO_DATE.exec(s);
  if (m === null) return new Date(NaN);
  // JavaScript reads "2024-05-01T10:00" as local time: the same flag would mean another instant elsewhere.
  return new Date(s.includes(":") && m[1] === undefined ? `${s.replace(" ", "T")}Z` : s.replace(" ", "T"));
}

function fallback(raw: string): unknown {
  return raw === "recent" ? raw : raw.split(",").map((id) => id.trim());
}

/** Every ranking flag, in the order help lists them. */
const FLAGS: readonly SignalFlag[] = [
  { name: "half-life", path: ["recency", "halfLife"], parse: duration, off: ["recency"] },
  { name: "relative-to", path: ["recency", "relativeTo"], parse: relativeTo, alone: (v) => ({ recency: { halfLife: 1, relativeTo: v } }), expected: 'expected "article", "now" or an ISO date such as 2024-05-01' },
  { name: "max-age", path: ["maxAge"], parse: duration },
  { name: "newer", path: ["newer"], sets: true },
  { name: "no-newer", path: ["newer"], sets: false },
  { name: "boost-section", path: ["boost", "section"], parse: number },
  { name: "boost-tags", path: ["boost", "tags"], parse: number },
  { name: "same-section", path: ["sameSection"], sets: true },
  { name: "any-section", path: ["sameSection"], sets: false },
  { name: "duplicates", path: ["duplicates"], parse: number },
  { name: "diversity", path: ["diversity"], parse: number },
  { name: "pool", path: ["pool"], parse: number },
  { name: "pins", path: ["pins"], sets: true },
  { name: "no-pins", path: ["pins"], sets: false },
  { name: "same-language", path: ["sameLanguage"], sets: true },
  { name: "any-language", path: ["sameLanguage"], sets: false },
  { name: "fallback", path: ["fallback"], parse: fallback },
];

/** The ranking flags for parseArgs. */
export const SIGNAL_OPTIONS: Record<string, { type: "string" | "boolean" }> = Object.fromEntries(
  FLAGS.map((f) => [f.name, { type: f.sets === undefined ? "string" : "boolean" }]),
);

/** The ranking flags' help, for every command that takes them. */
export const SIGNAL_HELP = `Ranking (the library's recommend options; a value flag given "off" is unset):
  --half-life D      recency: a score halves for every D of age (D: 90m, 12h, 30d, 2w,
                     1y, or milliseconds)
  --relative-to R    age from: article (default: the time between the two dates), now,
                     or an ISO date such as 2024-05-01 (UTC unless it has an offset)
  --max-age D        only articles at most D old, age as above (undated ones stay)
  --no-newer         never an article dated after the query (--newer undoes it)
  --boost-section F  score x (1 + F) when both articles have the same section
  --boost-tags F     score x (1 + F * shared tags / all their tags)
  --same-section     only articles of the query's section (--any-section undoes it)
  --duplicates C     of two candidates with cosine >= C (0 < C <= 1), keep the better
  --diversity L      maximal marginal relevance, L in [0, 1] (default 1: none)
  --pool N           candidates --diversity chooses from (default 50)
  --no-pins          ignore the editors' picks ("related" field) (--pins undoes it)
  --any-language     allow other languages than the query's (--same-language undoes it)
  --fallback F       fill short lists: "recent" or ids "id1,id2" (reason "fallback")`;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The options object of `path` = `value`. */
function nest(path: readonly [string, string?], value: unknown): Record<string, unknown> {
  const [key, sub] = path;
  return { [key]: sub === undefined ? value : { [sub]: value } };
}

/** JSON-held options as `recommend` takes them: `recency.relativeTo` back to a Date. */
export function toSignalOptions(stored: StoredSignals): SignalOptions {
  return withDates(stored) as SignalOptions;
}

function withDates(stored: StoredSignals): Record<string, unknown> {
  const out: Record<string, unknown> = { ...stored };
  const r = stored.recency;
  if (isObject(r) && typeof r.relativeTo === "string" && r.relativeTo !== "article" && r.relativeTo !== "now") {
    out.recency = { ...r, relativeTo: isoDate(r.relativeTo) };
  }
  return out;
}

/** What the library expects, from its INVALID_OPTION message (`... expected X, got Y`). */
function expectation(e: RecommenderError): string {
  const at = e.message.indexOf(": expected ");
  const got = e.message.lastIndexOf(", got ");
  return at >= 0 && got > at ? e.message.slice(at + 2, got) : e.message;
}

/** One flag as typed: which option, what value (undefined for "off"). */
export interface FlagSetting {
  flag: SignalFlag;
  value: unknown;
}

/**
 * The ranking flags among parsed `values`, each checked alone by the library.
 * @throws {BadValueError} naming the flag and its value as typed, or two flags that contradict
 */
export function readSignalFlags(values: Record<string, string | boolean | undefined>): FlagSetting[] {
  const out: FlagSetting[] = [];
  for (const flag of FLAGS) {
    const raw = values[flag.name];
    if (raw === undefined) continue;
    if (flag.sets !== undefined) {
      const other = FLAGS.find((f) => f !== flag && f.path[0] === flag.path[0] && values[f.name] !== undefined);
      if (other !== undefined) throw new BadValueError(`--${flag.name} and --${other.name} contradict each other`);
      out.push({ flag, value: flag.sets });
      continue;
    }
    const typed = String(raw);
    if (typed === "off") {
      out.push({ flag, value: undefined });
      continue;
    }
    const value = (flag.parse as (raw: string) => unknown)(typed);
    try {
      checkSignalOptions(withDates(flag.alone ? flag.alone(value) : nest(flag.path, value)));
    } catch (e) {
      if (!(e instanceof RecommenderError) || e.code !== "INVALID_OPTION") throw e;
      throw new BadValueError(`--${flag.name} ${JSON.stringify(typed)}: ${flag.expected ?? expectation(e)}`, { cause: e });
    }
    out.push({ flag, value });
  }
  return out;
}

/**
 * `base` (stored options, or none) with the flags applied over it, each replacing what it sets.
 * @throws {BadValueError} for `--relative-to` without a half-life to go with it
 */
export function applySignalFlags(base: StoredSignals, settings: readonly FlagSetting[]): StoredSignals {
  const out: StoredSignals = structuredClone(base);
  for (const { flag, value } of settings) {
    const path = value === undefined ? (flag.off ?? flag.path) : flag.path;
    const [key, sub] = path;
    if (sub === undefined) {
      if (value === undefined) delete out[key];
      else out[key] = value;
      continue;
    }
    const inner = isObject(out[key]) ? { ...(out[key] as Record<string, unknown>) } : {};
    if (value === undefined) delete inner[sub];
    else inner[sub] = value;
    if (Object.keys(inner).length === 0) delete out[key];
    else out[key] = inner;
  }
  const recency = out.recency;
  if (isObject(recency) && recency.halfLife === undefined) {
    throw new BadValueError("--relative-to needs --half-life: it says where recency measures ages from");
  }
  return out;
}

/** The flags that give `stored` (for summaries): `--half-life 30d --no-newer`. */
export function describeSignals(stored: StoredSignals): string {
  const parts: string[] = [];
  for (const flag of FLAGS) {
    const [key, sub] = flag.path;
    const v = sub === undefined ? stored[key] : isObject(stored[key]) ? (stored[key] as Record<string, unknown>)[sub] : undefined;
    if (v === undefined) continue;
    if (flag.sets !== undefined) {
      if (v === flag.sets) parts.push(`--${flag.name}`);
    } else parts.push(`--${flag.name} ${Array.isArray(v) ? v.join(",") : String(v)}`);
  }
  return parts.join(" ");
}

/** Where `alsolike build` keeps an index's options. */
export function optionsPath(index: string): string {
  return `${index}.options.json`;
}

const MARK = "index options";
const VERSION = 1;

/** An index file's size and last 8 bytes (the snapshot's own length and checksum), as hex. */
function fingerprint(size: number, tail: Uint8Array): { bytes: number; tail: string } {
  return { bytes: size, tail: Buffer.from(tail).toString("hex") };
}

/**
 * The sidecar's text for `options`, stored with the index `snapshot` (the bytes just written).
 * @returns the JSON text, ending with a newline
 */
function indexOptionsText(snapshot: Uint8Array, options: StoredSignals): string {
  const doc = { alsolike: MARK, version: VERSION, index: fingerprint(snapshot.length, snapshot.subarray(snapshot.length - 8)), options };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/**
 * Stores `options` beside the index just written (`snapshot`: its bytes) in `<index>.options.json`,
 * atomically; with no option set, removes that file, so a rebuild without flags clears them.
 */
export async function storeIndexOptions(index: string, snapshot: Uint8Array, options: StoredSignals): Promise<void> {
  const path = optionsPath(index);
  if (Object.keys(options).length > 0) {
    await writeFileAtomic(path, indexOptionsText(snapshot, options));
    return;
  }
  try {
    await unlink(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
}

const UTF8 = new TextDecoder("utf-8", { fatal: true });

/**
 * The options stored beside `index`, checked as `recommend` checks them; null when there is no
 * sidecar, or when it was written for another build of the index (then `onStale` hears of it).
 * @throws {BadValueError} for a sidecar that is not valid JSON, not ours, of another version, or
 *   holds an option `recommend` would refuse; Node's fs errors for an unreadable one
 */
export async function readIndexOptions(index: string, onStale: (message: string) => void): Promise<StoredSignals | null> {
  const path = optionsPath(index);
  const bad = (why: string) => new BadValueError(`Invalid index options "${path}": ${why}`);
  let bytes: Buffer;
  try {
    bytes = await readRegularFile(path, (kind) => bad(`${kind}, not a regular file`));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw e;
  }
  let doc: unknown;
  try {
    doc = JSON.parse(UTF8.decode(bytes));
  } catch (e) {
    throw bad(`not valid JSON (${(e as Error).message.split("\n")[0]})`);
  }
  if (!isObject(doc) || doc.alsolike !== MARK) throw bad(`not an alsolike options file (no "alsolike": "${MARK}")`);
  if (doc.version !== VERSION) throw bad(`version ${JSON.stringify(doc.version)} is not supported (this alsolike reads version ${VERSION})`);
  const extra = Object.keys(doc).find((k) => !["alsolike", "version", "index", "options"].includes(k));
  if (extra !== undefined) throw bad(`unknown field ${JSON.stringify(extra)}`);
  const fp = doc.index;
  if (!isObject(fp) || !Number.isSafeInteger(fp.bytes) || typeof fp.tail !== "string" || !/^[0-9a-f]{16}$/.test(fp.tail)) {
    throw bad('"index" must be { "bytes": size, "tail": 16 hex digits }');
  }
  const options = doc.options;
  if (!isObject(options)) throw bad('"options" must be an object');
  const unknown = Object.keys(options).find((k) => !(SIGNAL_KEYS as readonly string[]).includes(k));
  if (unknown !== undefined) throw bad(`unknown option ${JSON.stringify(unknown)}`);
  try {
    checkSignalOptions(withDates(options));
  } catch (e) {
    if (!(e instanceof RecommenderError) || e.code !== "INVALID_OPTION") throw e;
    throw bad(e.message);
  }
  const actual = await indexFingerprint(index);
  if (actual.bytes !== fp.bytes || actual.tail !== fp.tail) {
    onStale(`ignored ${path}: it was written with another build of ${index} (rebuild with "alsolike build", or delete it)`);
    return null;
  }
  return options;
}

async function indexFingerprint(index: string): Promise<{ bytes: number; tail: string }> {
  const handle = await open(index, "r");
  try {
    const { size } = await handle.stat();
    const tail = Buffer.alloc(Math.min(8, size));
    await handle.read(tail, 0, tail.length, size - tail.length);
    return fingerprint(size, tail);
  } finally {
    await handle.close();
  }
}
