/**
 * The optional parts of the Recommender, and where each one plugs in. The class reaches snapshots,
 * kept lists with `relatedAll`, and the second passes (which it hands to lists.ts in its
 * IndexView) only through the slots below, never by a static import, so that a bundle of the browser
 * entry (src/browser.ts) carries none of them until the site imports the part's entry
 * (src/entries/<part>.ts, `import "alsolike/snapshots"`). The main entry, alsolike/node and
 * the CLI fill every slot (parts/all.ts), so in Node nothing is missing.
 *
 * Only types are imported here (and errors.ts): this module must stay as small as the slots it holds.
 */
import { fail } from "../errors.js";
import type { decodeSnapshot, encodeSnapshot, matrixFromSnapshot } from "../persist/snapshot.js";
import type { ListCache } from "../search/kept-lists.js";
import type { KeptSource, LiveStats } from "../search/live-lists.js";
import type { Remap, DocTermMatrix } from "../corpus/matrix.js";
import type { allLists, fullKeptLists, listsFromCosine } from "../all-lists.js";
import type { SecondPasses } from "../lists.js";
import type { PruneBounds, prunedKernel } from "../search/kernels/pruned.js";
import type { Segment } from "../corpus/segment.js";

/** save() and load(): the snapshot format (persist/). */
export interface SnapshotPart {
  readonly encode: typeof encodeSnapshot;
  readonly decode: typeof decodeSnapshot;
  readonly matrix: typeof matrixFromSnapshot;
}

/** What a Recommender asks of its kept lists (search/live-lists.ts KeptLists has it all). */
export interface KeptListsLike {
  enabled: boolean;
  readonly stats: LiveStats;
  lists(n: number): ListCache | null;
  current(n: number): ListCache | null;
  peek(): ListCache | null;
  adopt(lists: ListCache): void;
  bytes(): number;
  added(d: number, terms: ArrayLike<number>): void;
  removed(d: number, terms: ArrayLike<number>): void;
  compacted(remap: Remap, n: number): void;
  synced(m: DocTermMatrix): void;
}

/** `keepLists` and `relatedAll` (search/live-lists.ts, search/kept-lists.ts, all-lists.ts). */
export interface KeptListsPart {
  readonly create: (source: KeptSource) => KeptListsLike;
  readonly allLists: typeof allLists;
  readonly fullKeptLists: typeof fullKeptLists;
  readonly listsFromCosine: typeof listsFromCosine;
}

/** The `feedback` and `sharedNeighbours` options (search/feedback.ts, rank/shared-neighbours.ts; lists.ts reads them). */
export type SecondPassesPart = SecondPasses;

/**
 * The pruned kernel (search/kernels/pruned.ts), which benchmarks compare with the exhaustive one
 * through the internals door: not in the browser entry, and no entry of its own (the main entry in
 * Node and alsolike/node have it).
 */
export interface PrunedPart {
  readonly bounds: (m: Segment) => PruneBounds;
  readonly kernel: typeof prunedKernel;
}

/** Each part, the entry that installs it, and what it is installed as. */
interface Parts {
  snapshots: SnapshotPart;
  keptLists: KeptListsPart;
  secondPasses: SecondPassesPart;
  pruned: PrunedPart;
}

/** The package entry of each part, as an error message names it. */
export const PART_ENTRIES: { readonly [P in keyof Parts]: string } = Object.freeze({
  snapshots: "alsolike/snapshots",
  keptLists: "alsolike/kept-lists",
  secondPasses: "alsolike/second-passes",
  pruned: "alsolike/node",
});

const installed: { [P in keyof Parts]?: Parts[P] } = {};

/** @internal Fills a slot (the part's entry calls it when imported; installing again does nothing). */
export function installPart<P extends keyof Parts>(name: P, part: Parts[P]): void {
  installed[name] ??= part;
}

/** @internal The part installed in slot `name`, or undefined. */
export function partOf<P extends keyof Parts>(name: P): Parts[P] | undefined {
  return installed[name];
}

/**
 * @internal The part installed in slot `name`.
 * @param use what needs it, as the error names it ("save()", "relatedAll()")
 * @throws {RecommenderError} `NOT_IMPORTED` naming `use` and the entry to import
 */
export function needPart<P extends keyof Parts>(name: P, use: string): Parts[P] {
  const part = installed[name];
  if (part === undefined) throw fail("NOT_IMPORTED", use, PART_ENTRIES[name]);
  return part;
}

/**
 * @internal Refuses an option whose part is not installed.
 * @throws {RecommenderError} `INVALID_OPTION` naming the option and the entry to import
 */
export function checkPartOption(name: keyof Parts, option: string, value: unknown): void {
  if (installed[name] === undefined) throw fail("INVALID_OPTION", option, value, `no ${option} until its entry is imported: import "${PART_ENTRIES[name]}" first`);
}

/** Kept lists when their part is not installed: none kept, and none can be turned on. */
export const NO_KEPT_LISTS: KeptListsLike = Object.freeze({
  get enabled(): boolean {
    return false;
  },
  set enabled(on: boolean) {
    if (on) checkPartOption("keptLists", "keepLists", on);
  },
  stats: Object.freeze({ settled: 0, repaired: 0, uncertain: 0 }),
  lists: () => null,
  current: () => null,
  peek: () => null,
  adopt: () => undefined,
  bytes: () => 0,
  added: () => undefined,
  removed: () => undefined,
  compacted: () => undefined,
  synced: () => undefined,
});
