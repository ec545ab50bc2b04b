/**
 * Input validation at the public boundary: every check names the offending value.
 */
import type { CheckedArticle } from "./corpus/checked-article.js";
import { fail } from "./errors.js";
import type { FeedbackOptions, SharedNeighboursOptions } from "./options.js";
import { checkSignalOptions, NO_SIGNALS, SIGNAL_KEYS, type CheckedSignals, type SignalOptions } from "./rank/signal-options.js";

/** An article as callers pass it. */
export interface Article {
  /** Your id for the article (any non-empty string: "__proto__" is an ordinary id). */
  id: string;
  /** Title, weighted by `fields.title` (default 3: its words count three times). */
  title?: string;
  /** Body text. */
  text: string;
  /** Tags, each analyzed as text (weighted by `fields.tags`) and kept whole for the tag signals. */
  tags?: readonly string[];
  /** Where the article lives on the site ("/posts/my-post/" or a full URL): stored, not indexed. */
  url?: string;
  /** The article's slug ("my-post"): stored, not indexed, for URL patterns (`{slug}`). */
  slug?: string;
  /** Publication date (a Date, an ISO string or epoch milliseconds), handed to `filter`. */
  date?: Date | string | number;
  /** The site's section or category ("world", "sport"): one value. */
  section?: string;
  /** Language of the article, a BCP 47 tag ("en", "fr", "pt-BR"); stored lowercased. */
  lang?: string;
  /**
   * Ids of articles an editor picked for this one's list, in order: they come first, marked
   * `reason: "pinned"` (ids not in the index are skipped at query time).
   */
  related?: readonly string[];
}

/** A text that is not in the index, for `recommendText`: an article without an id. */
export type Draft = Omit<Article, "id">;

// BCP 47's shape: a 2-3 letter language (or 4-8 for registered ones), then subtags of 1-8 alphanumerics.
const LANGUAGE_TAG = /^[a-z]{2,8}(?:-[a-z0-9]{1,8})*$/i;

// A lone surrogate cannot be encoded (UTF-8 snapshots, JSON files): such an id is refused up front.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function checkId(id: unknown): string {
  if (typeof id !== "string" || id.length === 0 || LONE_SURROGATE.test(id)) throw fail("INVALID_ID", id);
  return id;
}

/**
 * Validates one article; `where` locates it in a batch for the message. Each field is read once
 * (an article may be a Proxy or have getters: what was checked is what gets indexed) and tags
 * are copied, so a caller changing its objects later cannot change the index.
 */
export function checkArticle(value: unknown, where: string): CheckedArticle {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw fail("INVALID_ARTICLE", where, "expected an object { id, text, title?, tags?, date? }");
  }
  const a = value as Record<string, unknown>;
  const id = checkId(a.id);
  const at = `${JSON.stringify(id)}`;
  const text = a.text;
  if (typeof text !== "string") throw fail("INVALID_ARTICLE", at, `"text" must be a string, got ${kind(text)}`);
  const title = a.title;
  if (title !== undefined && typeof title !== "string") {
    throw fail("INVALID_ARTICLE", at, `"title" must be a string, got ${kind(title)}`);
  }
  const url = a.url;
  const slug = a.slug;
  for (const [name, v] of [["url", url], ["slug", slug]] as const) {
    // Stored as UTF-8 in snapshots: a lone surrogate could not come back as it went in.
    if (v !== undefined && (typeof v !== "string" || LONE_SURROGATE.test(v))) throw fail("INVALID_ARTICLE", at, `"${name}" must be a string, got ${kind(v)}`);
  }
  const tagsGiven = a.tags;
  let tags: string[] | undefined;
  if (tagsGiven !== undefined) {
    if (!Array.isArray(tagsGiven)) throw fail("INVALID_ARTICLE", at, `"tags" must be an array of strings, got ${kind(tagsGiven)}`);
    tags = Array.from(tagsGiven as unknown[]) as string[];
    if (!tags.every((t) => typeof t === "string")) {
      throw fail("INVALID_ARTICLE", at, `"tags" must be an array of strings, got an array holding ${kind(tags.find((t) => typeof t !== "string"))}`);
    }
  }
  const date = checkDate(a.date, at);
  const section = a.section;
  if (section !== undefined && typeof section !== "string") {
    throw fail("INVALID_ARTICLE", at, `"section" must be a string, got ${kind(section)}`);
  }
  const lang = a.lang;
  if (lang !== undefined && (typeof lang !== "string" || !LANGUAGE_TAG.test(lang))) {
    throw fail("INVALID_ARTICLE", at, `"lang" must be a BCP 47 language tag such as "en" or "pt-BR", got ${kind(lang)}`);
  }
  const relatedGiven = a.related;
  let related: string[] | undefined;
  if (relatedGiven !== undefined) {
    if (!Array.isArray(relatedGiven)) throw fail("INVALID_ARTICLE", at, `"related" must be an array of article ids, got ${kind(relatedGiven)}`);
    const picks = new Set<string>();
    for (const pick of Array.from(relatedGiven as unknown[])) {
      if (typeof pick !== "string" || pick.length === 0 || LONE_SURROGATE.test(pick)) {
        throw fail("INVALID_ARTICLE", at, `"related" must hold article ids (non-empty strings), got ${kind(pick)}`);
      }
      if (pick !== id) picks.add(pick);
    }
    related = [...picks];
  }
  const out: CheckedArticle = { id, title: title as string | undefined, text, tags, date };
  if (section !== undefined && section !== "") out.section = section;
  if (typeof url === "string" && url !== "") out.url = url;
  if (typeof slug === "string" && slug !== "") out.slug = slug;
  if (lang !== undefined) out.lang = lang.toLowerCase();
  if (related !== undefined && related.length > 0) out.related = related;
  return out;
}

/**
 * Validates a batch of articles (or one), all before any is added: ids must be new to the index
 * (`has`) and to the batch.
 * @throws {RecommenderError} `DUPLICATE_ID`, `INVALID_ID` or `INVALID_ARTICLE`, naming the article
 */
export function checkBatch(articles: unknown, has: (id: string) => boolean): CheckedArticle[] {
  const batch = Array.isArray(articles);
  const list = batch ? (articles as readonly unknown[]) : [articles];
  const checked: CheckedArticle[] = [];
  const seen = new Set<string>();
  for (let i = 0, n = list.length; i < n; i++) {
    const a = checkArticle(list[i], batch ? `at index ${i}` : "");
    if (has(a.id) || seen.has(a.id)) throw fail("DUPLICATE_ID", a.id);
    seen.add(a.id);
    checked.push(a);
  }
  return checked;
}

/** Epoch milliseconds of an article's date, NaN when absent; anything else is INVALID_ARTICLE. */
function checkDate(value: unknown, at: string): number {
  if (value === undefined || value === null) return NaN;
  let ms = NaN;
  if (typeof value === "string" || typeof value === "number") ms = new Date(value).getTime();
  else if (value instanceof Date) {
    // Date's own method, not the object's: a subclass or a Proxy may override or break getTime.
    try {
      ms = Date.prototype.getTime.call(value);
    } catch {
      ms = NaN;
    }
  }
  if (Number.isNaN(ms)) throw fail("INVALID_ARTICLE", at, `"date" is not a valid date: ${kind(value)}`);
  return ms;
}

/** A safe rendering of any value for a message: never calls the value's own methods. */
function kind(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "string") return `the string ${JSON.stringify(v.slice(0, 40))}`;
  if (typeof v === "object" || typeof v === "function") return typeof v === "object" ? "an object" : "a function";
  if (typeof v === "symbol") return "a symbol";
  return `${typeof v} ${String(v)}`;
}

/** Options of `recommend` and `recommendText`: these, and the signals (rank/signal-options.ts). */
export interface RecommendOptions extends SignalOptions {
  /** How many articles to return at most. Default 10. */
  k?: number;
  /** Drop articles scoring below this. Default 0 (articles sharing no term never appear). */
  minScore?: number;
  /** Keep only articles for which this returns true. */
  filter?: (id: string, date: Date | undefined) => boolean;
  /** Article ids never to return (for example the ones already on the page). */
  exclude?: Iterable<string>;
  /**
   * Approximate and faster (opt-in): look for candidates with only the query's N most weighted
   * terms, as Lucene's MoreLikeThis `maxQueryTerms`, then score each candidate exactly. Scores
   * are the true ones; a list may miss an article the exact search would return. Default:
   * every term (exact).
   */
  maxQueryTerms?: number;
}

export interface CheckedRecommendOptions {
  k: number;
  minScore: number;
  filter?: (id: string, date: Date | undefined) => boolean;
  exclude?: ReadonlySet<string>;
  /** Infinity when exact. */
  maxQueryTerms: number;
  signals: CheckedSignals;
}

export function checkK(k: unknown, name = "k"): number {
  if (typeof k !== "number" || !Number.isInteger(k) || k < 1) throw fail("INVALID_OPTION", name, k, "a positive integer");
  return k;
}

/**
 * The known options of an options object, each read once into a plain object (a getter or a
 * Proxy cannot hand validation one value and the engine another); an unknown own key is refused.
 */
export function readOptions(options: object, known: readonly string[]): Record<string, unknown> {
  const given = options as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (!known.includes(key)) throw fail("INVALID_OPTION", key, given[key], `one of ${known.join(", ")}`);
  }
  const o: Record<string, unknown> = Object.create(null);
  for (const key of known) o[key] = given[key];
  return o;
}

const RECOMMEND_KEYS = ["k", "minScore", "filter", "exclude", "maxQueryTerms", ...SIGNAL_KEYS];

export function checkRecommendOptions(options: unknown): CheckedRecommendOptions {
  if (options === undefined) return { k: 10, minScore: 0, maxQueryTerms: Infinity, signals: NO_SIGNALS };
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw fail("INVALID_OPTION", "options", options, "an object { k?, minScore?, filter?, exclude?, maxQueryTerms?, recency?, boost?, ... }");
  }
  const o = readOptions(options, RECOMMEND_KEYS);
  const maxQueryTerms = o.maxQueryTerms === undefined ? Infinity : checkK(o.maxQueryTerms, "maxQueryTerms");
  const k = o.k === undefined ? 10 : checkK(o.k);
  const minScore = o.minScore === undefined ? 0 : o.minScore;
  if (typeof minScore !== "number" || Number.isNaN(minScore)) throw fail("INVALID_OPTION", "minScore", minScore, "a number");
  if (o.filter !== undefined && typeof o.filter !== "function") throw fail("INVALID_OPTION", "filter", o.filter, "a function (id, date) => boolean");
  let exclude: Set<string> | undefined;
  if (o.exclude !== undefined) {
    const ex = o.exclude;
    if (typeof ex === "string" || ex === null || typeof (ex as Iterable<unknown>)[Symbol.iterator] !== "function") {
      throw fail("INVALID_OPTION", "exclude", ex, "an array or Set of article ids");
    }
    exclude = new Set<string>();
    for (const id of ex as Iterable<unknown>) exclude.add(checkId(id));
  }
  return { k, minScore, filter: o.filter as CheckedRecommendOptions["filter"], exclude, maxQueryTerms, signals: checkSignalOptions(o) };
}

/** Options of `relatedAll`: these, and the signals (rank/signal-options.ts), as `recommend` takes them. */
export interface RelatedAllOptions extends SignalOptions {
  /** List length. Default 10. */
  k?: number;
  /** Called as lists complete, with how many are done and the total. */
  onProgress?: (done: number, total: number) => void;
  /**
   * Stops the work when aborted: `relatedAll` then throws (or rejects with) `signal.reason`, and
   * the index is unchanged. Checked between chunks of about 1% of the articles.
   */
  signal?: AbortSignal;
}

export interface CheckedRelatedAllOptions {
  k: number;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
  signals: CheckedSignals;
}

const RELATED_ALL_KEYS = ["k", "onProgress", "signal", ...SIGNAL_KEYS];

export function checkRelatedAllOptions(options: unknown): CheckedRelatedAllOptions {
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw fail("INVALID_OPTION", "options", options, "an object { k?, onProgress?, signal? }");
  }
  const o = readOptions(options, RELATED_ALL_KEYS);
  if (o.onProgress !== undefined && typeof o.onProgress !== "function") {
    throw fail("INVALID_OPTION", "onProgress", o.onProgress, "a function (done, total) => void");
  }
  const signal = o.signal as AbortSignal | undefined;
  // Duck-typed: AbortSignal from another realm (a test runner's, a polyfill) works too.
  if (signal !== undefined && (typeof signal !== "object" || signal === null || typeof signal.aborted !== "boolean" || typeof signal.addEventListener !== "function")) {
    throw fail("INVALID_OPTION", "signal", signal, "an AbortSignal");
  }
  return { k: o.k === undefined ? 10 : checkK(o.k), onProgress: o.onProgress as ((d: number, t: number) => void) | undefined, signal, signals: checkSignalOptions(o) };
}

/** Options of `Recommender.load`. */
export interface LoadOptions {
  /** Copy the bytes instead of using them in place. Default `false`. */
  copy?: boolean;
  /**
   * Pseudo-relevance feedback for the loaded index, in place of the saved setting (`false`: off).
   * It does not shape the stored vectors, so any snapshot loads with any setting. Default: the saved one.
   */
  feedback?: boolean | FeedbackOptions;
  /** The shared-neighbours rerank for the loaded index, in place of the saved setting (as `feedback`). */
  sharedNeighbours?: boolean | SharedNeighboursOptions;
}

/** Options of `save`. */
export interface SaveOptions {
  /**
   * Also write the kept related lists (see `keepLists`): all of them after `relatedAll`, so that
   * the loaded Recommender answers every article by lookup. Default `false`: the bytes then
   * depend only on the articles, not on which queries ran.
   */
  lists?: boolean;
}

function checkFlag(options: unknown, name: string): void {
  const value = typeof options === "object" && options !== null ? (options as Record<string, unknown>)[name] : options;
  if (typeof options !== "object" || options === null || (value !== undefined && typeof value !== "boolean")) {
    throw fail("INVALID_OPTION", name, value, "a boolean");
  }
}

export function checkSaveOptions(options: unknown): void {
  checkFlag(options, "lists");
}

export function checkLoadOptions(options: unknown): void {
  checkFlag(options, "copy");
  for (const key of Object.keys(options as object)) {
    if (key !== "copy" && key !== "feedback" && key !== "sharedNeighbours") throw fail("INVALID_OPTION", key, (options as Record<string, unknown>)[key], "a load option among copy, feedback, sharedNeighbours");
  }
}
