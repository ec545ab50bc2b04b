/**
 * The snapshots part: `save()` and `Recommender.load()` (persist/). No side effect: the entry
 * src/entries/snapshots.ts installs it, and parts/all.ts with every other part.
 */
import { decodeSnapshot, encodeSnapshot, matrixFromSnapshot } from "../persist/snapshot.js";
import type { SnapshotPart } from "./slots.js";

export const SNAPSHOTS: SnapshotPart = Object.freeze({ encode: encodeSnapshot, decode: decodeSnapshot, matrix: matrixFromSnapshot });
