/**
 * The kept-lists part: lists kept exact across changes (`keepLists`, search/live-lists.ts) and
 * every list at once (`relatedAll`, all-lists.ts), which keeps what it computes. No side effect:
 * the entry src/entries/kept-lists.ts installs it, and parts/all.ts with every other part.
 */
import { allLists, fullKeptLists, listsFromCosine } from "../all-lists.js";
import { KeptLists } from "../search/live-lists.js";
import type { KeptListsPart } from "./slots.js";

export const KEPT_LISTS: KeptListsPart = Object.freeze<KeptListsPart>({
  create: (source) => new KeptLists(source),
  allLists,
  fullKeptLists,
  listsFromCosine,
});
