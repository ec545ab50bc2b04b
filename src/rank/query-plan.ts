/**
 * What a query's signal options mean for each document, as the kernels consume it: which
 * documents may enter the list (`keep`: maxAge, newer, sameSection, language) and a multiplier
 * of each score (`weigh`: recency times boost), with its upper bound so that a kernel can skip a
 * document whose cosine, multiplied by the most any document gets, cannot reach its bar. Both are
 * applied to every document inside the kernels' scans: the top k of the final score is exact over
 * the whole corpus, not a rerank of a truncated pool.
 *
 *   final(q, d) = cosine(q, d) * 2^(-age(d) / halfLife) * (1 + section * [same section] + tags * jaccard(tags))
 */
import type { DocIndex, DocStore } from "../corpus/doc-store.js";
import type { Weigh } from "../search/kernels/kernel.js";
import type { CheckedSignals } from "./signal-options.js";
import { primaryLanguage } from "../analysis/registry.js";

/** The query's side of the signals: a stored article's metadata, or a draft's. */
export interface QueryProfile {
  /** The query's document, or -1 for a draft. */
  self: DocIndex;
  /** Epoch ms, NaN when undated. */
  date: number;
  section: string | undefined;
  /** Lowercased BCP 47 tag. */
  lang: string | undefined;
  /** The query's tags as value numbers known to the store, ascending. */
  tags: Int32Array;
  /** How many distinct tags the query has, including ones no stored article has. */
  tagCount: number;
  /** Editors' picks (article ids, in order). */
  related: readonly string[];
}

/** A query's per-document acceptance and multiplier; null where the options ask for none. */
export interface QueryPlan {
  keep: ((doc: DocIndex) => boolean) | null;
  weigh: Weigh | null;
}


/** The reference date ages are measured from (NaN: ages are unknown, nothing decays or ages out). */
function referenceDate(s: CheckedSignals, q: QueryProfile, now: number): number {
  return s.relativeTo === "article" ? q.date : s.relativeTo === "now" ? now : s.relativeTo;
}

/**
 * Documents closest in time to the reference date on each side, and undated ones, that recency
 * seeds the kernels with: at most 1/16 of the corpus (seeds are scored twice), at most 1,024.
 */
const SEEDS_PER_SIDE = 1024;
const UNDATED_SEEDS = 256;
const SEED_SHARE = 16;

/**
 * The plan of a query with signals `s` over `store`. `now` is the clock reading the query uses
 * for `relativeTo: "now"`; `byDate` the live documents newest first, undated last (list-edits.ts).
 */
export function planQuery(s: CheckedSignals, q: QueryProfile, store: DocStore, now: number, byDate: () => Int32Array): QueryPlan {
  const dates = store.dates;
  const ref = referenceDate(s, q, now);
  const fromArticle = s.relativeTo === "article";
  // Age of a dated document from the reference: the distance for an article, else how long before.
  const ageOf = (t: number): number => (fromArticle ? Math.abs(t - ref) : Math.max(0, ref - t));

  const tests: ((d: DocIndex) => boolean)[] = [];
  if (s.maxAge !== Infinity && !Number.isNaN(ref)) {
    const maxAge = s.maxAge;
    tests.push((d) => {
      const t = dates[d] as number;
      return Number.isNaN(t) || ageOf(t) <= maxAge;
    });
  }
  if (!s.newer && !Number.isNaN(q.date)) {
    const qDate = q.date;
    // NaN > qDate is false: undated documents stay.
    tests.push((d) => !((dates[d] as number) > qDate));
  }
  if (s.sameSection && q.section !== undefined) {
    const section = q.section;
    tests.push((d) => store.sectionOf(d) === section);
  }
  if (s.sameLanguage && q.lang !== undefined) {
    const primary = primaryLanguage(q.lang);
    const verdicts = new Map<string, boolean>();
    tests.push((d) => {
      const lang = store.langOf(d);
      if (lang === undefined) return true;
      let ok = verdicts.get(lang);
      if (ok === undefined) verdicts.set(lang, (ok = primaryLanguage(lang) === primary));
      return ok;
    });
  }
  const keep = tests.length === 0 ? null : tests.length === 1 ? (tests[0] as (d: DocIndex) => boolean) : (d: DocIndex) => tests.every((t) => t(d));
  return { keep, weigh: weighOf(s, q, store, ref, byDate) };
}

/**
 * The documents of `order` (newest first, undated last) dated closest to `ref`, on both sides,
 * and the first undated ones: under recency, the largest multipliers are among them.
 */
function nearestInTime(order: Int32Array, dates: Float64Array, ref: number): Int32Array {
  const n = order.length;
  // First position dated at or before ref, and first undated position (dates descend, NaN last).
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((dates[order[mid] as number] as number) > ref) lo = mid + 1;
    else hi = mid;
  }
  let undated = n;
  while (undated > 0 && Number.isNaN(dates[order[undated - 1] as number] as number)) undated--;
  const side = Math.min(SEEDS_PER_SIDE, Math.ceil(n / SEED_SHARE / 2));
  const from = Math.max(0, lo - side);
  const to = Math.min(undated, lo + side);
  const tail = Math.min(n, undated + Math.min(UNDATED_SEEDS, side));
  const out = new Int32Array(to - from + (tail - undated));
  out.set(order.subarray(from, to), 0);
  out.set(order.subarray(undated, tail), to - from);
  return out;
}

function weighOf(s: CheckedSignals, q: QueryProfile, store: DocStore, ref: number, byDate: () => Int32Array): Weigh | null {
  const decays = s.halfLife > 0 && !Number.isNaN(ref);
  const bySection = s.boostSection > 0 && q.section !== undefined ? s.boostSection : 0;
  const byTags = s.boostTags > 0 && q.tagCount > 0 ? s.boostTags : 0;
  if (!decays && bySection === 0 && byTags === 0) return null;
  const dates = store.dates;
  // 2^(-age / halfLife) as exp(age * c): one multiply and one exp per document.
  const c = -Math.LN2 / s.halfLife;
  const fromArticle = s.relativeTo === "article";
  const section = q.section;
  const qTags = q.tags;
  const qCount = q.tagCount;
  const of = (d: DocIndex): number => {
    let boost = 1;
    if (bySection !== 0 && store.sectionOf(d) === section) boost += bySection;
    if (byTags !== 0) boost += byTags * jaccard(qTags, qCount, store.tagNumbers(d));
    if (!decays) return boost;
    const t = dates[d] as number;
    if (t !== t) return boost; // undated: no decay
    const age = fromArticle ? Math.abs(t - ref) : ref > t ? ref - t : 0;
    return Math.exp(age * c) * boost;
  };
  return { max: 1 + bySection + byTags, of, seeds: decays ? nearestInTime(byDate(), dates, ref) : null };
}

/**
 * Shared tags over the union of tags: `a` holds the query's known tags (ascending), `aCount` all
 * of its tags, `b` a document's (ascending, all known).
 */
function jaccard(a: Int32Array, aCount: number, b: Int32Array): number {
  if (b.length === 0) return 0;
  let shared = 0;
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    const x = a[i] as number;
    const y = b[j] as number;
    if (x < y) i++;
    else if (x > y) j++;
    else {
      shared++;
      i++;
      j++;
    }
  }
  return shared / (aCount + b.length - shared);
}

/** The profile of stored document `d`. */
export function profileOf(store: DocStore, d: DocIndex): QueryProfile {
  const tags = store.tagNumbers(d);
  return { self: d, date: store.dates[d] as number, section: store.sectionOf(d), lang: store.langOf(d), tags, tagCount: tags.length, related: store.relatedOf(d) };
}

/**
 * The profile of a draft (`recommendText`): its own section, language, tags and picks; a draft
 * without a date is being written now, so it is dated `now`.
 */
export function draftProfile(
  store: DocStore,
  draft: { date: number; section?: string; lang?: string; tags?: readonly string[]; related?: readonly string[] },
  now: number,
): QueryProfile {
  const distinct = new Set((draft.tags ?? []).filter((t) => t !== ""));
  const known: number[] = [];
  for (const tag of distinct) {
    const n = store.values.numberOf(tag);
    if (n >= 0) known.push(n);
  }
  return {
    self: -1,
    date: Number.isNaN(draft.date) ? now : draft.date,
    section: draft.section,
    lang: draft.lang,
    tags: Int32Array.from(known).sort(),
    tagCount: distinct.size,
    related: draft.related ?? [],
  };
}
