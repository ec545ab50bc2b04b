/**
 * The ranking options a news list needs around the cosine (time, sections and tags, variety,
 * editors' picks, language, fallback), as callers pass them to `recommend`, `recommendText` and
 * `relatedAll`, and their checks. Each bad value is `INVALID_OPTION` naming the option and value.
 */
import { fail } from "../errors.js";

/** A span of time: milliseconds, or a number and a unit: "90s", "30m", "12h", "30d", "2w", "1y" (365 days). */
export type Duration = number | string;

/** Options of the signals, shared by `recommend`, `recommendText` and `relatedAll`. */
export interface SignalOptions {
  /**
   * Favour articles close in time: each score is multiplied by `2^(-age / halfLife)`. Age is
   * measured from the query article's date (`relativeTo: "article"`, the default: the absolute
   * difference), or from now (`"now"`) or a given `Date`: then age = reference - date, at least 0.
   * Undated articles are not decayed; an undated query article decays nothing.
   */
  recency?: { halfLife: Duration; relativeTo?: "article" | "now" | Date };
  /** Keep only articles at most this far from the reference date (recency's, else the query's). Undated ones are kept. */
  maxAge?: Duration;
  /** `false`: never an article dated after the query article (undated ones are kept). Default true. */
  newer?: boolean;
  /** Multiply each score by `1 + section * [same section] + tags * (shared tags / union of tags)`. */
  boost?: { section?: number; tags?: number };
  /** Keep only the query article's section (a query without a section keeps every article). Default false. */
  sameSection?: boolean;
  /**
   * A cosine in (0, 1]: of two candidates at least this similar to each other, only the better
   * one stays (wire copies, corrections, live-blog updates). Default off.
   */
  duplicates?: number;
  /** Maximal marginal relevance, lambda in [0, 1]: 1 = no diversity (the default), 0 = only diversity. */
  diversity?: number;
  /** How many of the best candidates `diversity` chooses from. Default 50 (never fewer than k). */
  pool?: number;
  /** `false`: ignore the query article's `related` picks. Default true. */
  pins?: boolean;
  /** `false`: lists may hold articles in other languages than the query's. Default true. */
  sameLanguage?: boolean;
  /**
   * Fill a list shorter than k: `"recent"` (the newest articles of the query's section, then the
   * newest of all) or article ids in order. Entries carry `reason: "fallback"` and score 0. Default off.
   */
  fallback?: "recent" | readonly string[];
}

/** The signal options, checked; durations in milliseconds. */
export interface CheckedSignals {
  /** Half-life in ms, or 0 for no decay. */
  halfLife: number;
  /** "article", "now", or epoch ms of a given Date. */
  relativeTo: "article" | "now" | number;
  /** In ms; Infinity when unset. */
  maxAge: number;
  newer: boolean;
  boostSection: number;
  boostTags: number;
  sameSection: boolean;
  /** 0 when off. */
  duplicates: number;
  /** 1 when off. */
  diversity: number;
  pool: number;
  pins: boolean;
  sameLanguage: boolean;
  fallback: "recent" | readonly string[] | null;
}

export const SIGNAL_KEYS = ["recency", "maxAge", "newer", "boost", "sameSection", "duplicates", "diversity", "pool", "pins", "sameLanguage", "fallback"] as const;

const DEFAULT_POOL = 50;
const MAX_POOL = 10_000;
/** Boost factors beyond this are refused: scores must stay finite. */
const MAX_BOOST = 1e6;

export const NO_SIGNALS: Readonly<CheckedSignals> = Object.freeze({
  halfLife: 0,
  relativeTo: "article",
  maxAge: Infinity,
  newer: true,
  boostSection: 0,
  boostTags: 0,
  sameSection: false,
  duplicates: 0,
  diversity: 1,
  pool: DEFAULT_POOL,
  pins: true,
  sameLanguage: true,
  fallback: null,
});

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000, y: 365 * 86_400_000 };
const DURATION = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(ms|s|m|h|d|w|y)\s*$/;
/** Beyond a million years a duration means "no limit" to nobody: refused, so arithmetic stays finite. */
const MAX_DURATION = 1e6 * UNIT_MS.y!;

/** A duration in milliseconds (`"30d"`, `"12h"`, `86400000`); `positive` refuses 0. */
export function parseDuration(value: unknown, name: string, positive: boolean): number {
  let ms = NaN;
  if (typeof value === "number") ms = value;
  else if (typeof value === "string") {
    const m = DURATION.exec(value);
    if (m) ms = Number(m[1]) * (UNIT_MS[m[2] as string] as number);
  }
  if (!Number.isFinite(ms) || ms < 0 || (positive && ms === 0) || ms > MAX_DURATION) {
    throw fail("INVALID_OPTION", name, value, `a ${positive ? "positive" : "non-negative"} duration: milliseconds or a string such as "30d", "12h", "90m"`);
  }
  return ms;
}

function checkBoolean(value: unknown, name: string, dflt: boolean): boolean {
  if (value === undefined) return dflt;
  if (typeof value !== "boolean") throw fail("INVALID_OPTION", name, value, "true or false");
  return value;
}

function checkFactor(value: unknown, name: string): number {
  if (value === undefined) return 0;
  if (typeof value !== "number" || !(value >= 0 && value <= MAX_BOOST)) throw fail("INVALID_OPTION", name, value, `a number from 0 to ${MAX_BOOST}`);
  return value;
}

function plainObject(value: unknown, name: string, shape: string, keys: readonly string[]): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw fail("INVALID_OPTION", name, value, shape);
  const given = value as Record<string, unknown>;
  const out: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(given)) if (!keys.includes(key)) throw fail("INVALID_OPTION", `${name}.${key}`, given[key], `one of ${keys.join(", ")}`);
  for (const key of keys) out[key] = given[key];
  return out;
}

/**
 * Checks the signal options of an options object already read once (see validate.ts
 * `readOptions`); returns `NO_SIGNALS` when none is set.
 */
export function checkSignalOptions(o: Readonly<Record<string, unknown>>): CheckedSignals {
  if (SIGNAL_KEYS.every((key) => o[key] === undefined)) return NO_SIGNALS;
  const s: CheckedSignals = { ...NO_SIGNALS };
  if (o.recency !== undefined) {
    const r = plainObject(o.recency, "recency", '{ halfLife: "30d", relativeTo?: "article" | "now" | Date }', ["halfLife", "relativeTo"]);
    s.halfLife = parseDuration(r.halfLife, "recency.halfLife", true);
    const rel = r.relativeTo;
    if (rel === undefined || rel === "article" || rel === "now") s.relativeTo = rel ?? "article";
    else {
      const ms = rel instanceof Date ? Date.prototype.getTime.call(rel) : NaN;
      if (Number.isNaN(ms)) throw fail("INVALID_OPTION", "recency.relativeTo", rel, '"article", "now" or a valid Date');
      s.relativeTo = ms;
    }
  }
  if (o.maxAge !== undefined) s.maxAge = parseDuration(o.maxAge, "maxAge", false);
  s.newer = checkBoolean(o.newer, "newer", true);
  if (o.boost !== undefined) {
    const b = plainObject(o.boost, "boost", "{ section?: number, tags?: number }", ["section", "tags"]);
    s.boostSection = checkFactor(b.section, "boost.section");
    s.boostTags = checkFactor(b.tags, "boost.tags");
  }
  s.sameSection = checkBoolean(o.sameSection, "sameSection", false);
  if (o.duplicates !== undefined) {
    const v = o.duplicates;
    if (typeof v !== "number" || !(v > 0 && v <= 1)) throw fail("INVALID_OPTION", "duplicates", v, "a cosine in (0, 1]");
    s.duplicates = v;
  }
  if (o.diversity !== undefined) {
    const v = o.diversity;
    if (typeof v !== "number" || !(v >= 0 && v <= 1)) throw fail("INVALID_OPTION", "diversity", v, "a number in [0, 1] (1 = no diversity)");
    s.diversity = v;
  }
  if (o.pool !== undefined) {
    const v = o.pool;
    if (typeof v !== "number" || !Number.isInteger(v) || v < 1 || v > MAX_POOL) throw fail("INVALID_OPTION", "pool", v, `an integer from 1 to ${MAX_POOL}`);
    s.pool = v;
  }
  s.pins = checkBoolean(o.pins, "pins", true);
  s.sameLanguage = checkBoolean(o.sameLanguage, "sameLanguage", true);
  if (o.fallback !== undefined) {
    const f = o.fallback;
    if (f === "recent") s.fallback = "recent";
    else if (Array.isArray(f)) {
      const ids = Array.from(f as unknown[]);
      const bad = ids.find((id) => typeof id !== "string" || id.length === 0);
      if (bad !== undefined) throw fail("INVALID_OPTION", "fallback", bad, "article ids (non-empty strings)");
      s.fallback = Object.freeze(ids as string[]);
    } else throw fail("INVALID_OPTION", "fallback", f, '"recent" or an array of article ids');
  }
  return s;
}
