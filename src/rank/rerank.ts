/**
 * The rank stage: one list from the query's options. The search (search/) answers the exact top
 * of the final score, the signals' multipliers and filters applied inside the kernels'
 * scans (query-plan.ts); around it this stage pins the editors' picks first (list-edits.ts),
 * asks the search for a deeper pool when variety needs one (variety.ts), and fills a short
 * list with fallback entries. With no option set, it is the search's top k and nothing more.
 */
import type { DocIndex, DocStore } from "../corpus/doc-store.js";
import type { Accept, Weigh } from "../search/kernels/kernel.js";
import type { Hit } from "../search/query.js";
import { fillFallback, pinnedDocs } from "./list-edits.js";
import { planQuery, type QueryProfile } from "./query-plan.js";
import type { CheckedSignals } from "./signal-options.js";
import { vary, type PairScores } from "./variety.js";

export type { Hit };

/** A search the stage may ask for: the best `k` accepted documents by score times `weigh`. */
export interface PoolRequest {
  k: number;
  accept: Accept;
  weigh: Weigh | null;
  /** True when only the query's own document is refused and nothing multiplies: a cosine list. */
  plain: boolean;
}

/** What the stage reads besides the query. */
export interface RankContext {
  store: DocStore;
  /** Live documents: the deepest pool there is. */
  alive: number;
  /** The exact search (kernels, or kept lists where they answer exactly). */
  search: (req: PoolRequest) => Hit[];
  /** Scores of document pairs, for variety (made on first use). */
  pairs: () => PairScores;
  /** The score of the query against document `d` (for a pinned entry). */
  scoreOf: (d: DocIndex) => number;
  /** Documents newest first (for `fallback: "recent"`). */
  recent: () => Int32Array;
  /** The clock for `relativeTo: "now"` (epoch ms). */
  now: number;
}

/** One list's query. */
export interface ListQuery {
  k: number;
  signals: CheckedSignals;
  profile: QueryProfile;
  /** The caller's own tests: not the query itself, `exclude`, `filter`. */
  accept: Accept;
  /** True when `accept` refuses only the query itself (no exclude, no filter). */
  acceptsAll: boolean;
}

/** The list for `query`, best first: picks, then matches, then fallback entries. */
export function rankList(query: ListQuery, ctx: RankContext): Hit[] {
  const { k, signals: s, profile } = query;
  const plan = planQuery(s, profile, ctx.store, ctx.now, ctx.recent);
  const pins = s.pins && profile.related.length > 0 ? pinnedDocs(profile.related, ctx.store, profile.self, query.accept, k) : [];
  const skip = pins.length > 0 ? new Set(pins) : null;
  const keep = plan.keep;
  const base = query.accept;
  const accept: Accept = skip === null && keep === null ? base : (d) => (skip === null || !skip.has(d)) && (keep === null || keep(d)) && base(d);
  const plain = query.acceptsAll && skip === null && keep === null && plan.weigh === null;
  const list: Hit[] = pins.map((d) => ({ doc: d, score: ctx.scoreOf(d), reason: "pinned" as const }));
  const need = k - pins.length;
  if (need > 0) list.push(...matches(need, s, pins, accept, plan.weigh, plain, ctx));
  return s.fallback === null ? list : fillFallback(list, k, s.fallback, ctx.store, accept, profile.section, ctx.recent);
}

/** The best `need` matches, through variety when it is on (a deeper pool until it fills). */
function matches(need: number, s: CheckedSignals, listed: readonly DocIndex[], accept: Accept, weigh: Weigh | null, plain: boolean, ctx: RankContext): Hit[] {
  if (s.duplicates === 0 && s.diversity === 1) return ctx.search({ k: need, accept, weigh, plain });
  const variety = { duplicates: s.duplicates, diversity: s.diversity, listed };
  let size = Math.min(ctx.alive, firstPool(need, s));
  for (;;) {
    const hits = ctx.search({ k: size, accept, weigh, plain });
    const complete = hits.length < size || size >= ctx.alive;
    const out = vary(hits, need, variety, ctx.pairs(), complete);
    if (out !== null) return out;
    size = Math.min(ctx.alive, size * 4);
  }
}

/**
 * How many candidates a list of `need` matches asks the search for first: `need`, or under
 * variety its pool (diversity chooses from `pool`; duplicates alone start at twice the need and
 * grow). relatedAll keeps cosine lists this long, so that they answer these searches too.
 */
export function firstPool(need: number, s: CheckedSignals): number {
  if (s.duplicates === 0 && s.diversity === 1) return need;
  return s.diversity < 1 ? Math.max(s.pool, need) : Math.max(2 * need, need + 10);
}
