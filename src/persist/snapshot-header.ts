/**
 * A snapshot's header: a JSON object of counts that size every section, and the index options.
 * Reading it checks the keys each format version writes, bounds every count, and validates the
 * options as the Recommender constructor does (snapshot.ts lays out and reads the sections).
 */
import { fail } from "../errors.js";
import { resolveOptions, type ResolvedOptions } from "../options.js";
import { MAX_WIDTH } from "../search/kept-lists.js";
import { FORM_LIMITS, type FormCounts } from "./snapshot-forms.js";
import { LINK_LIMITS, type LinkCounts } from "./snapshot-links.js";
import { STORE_LIMITS, type StoreCounts } from "./snapshot-store.js";

export interface Header {
  /** The resolved options; `language` only when it is not English. */
  options: Omit<ResolvedOptions, "maxDf" | "language" | "fieldScoring" | "wordPairs"> & { maxDf: number | null; language?: string; fieldScoring?: "apart"; wordPairs?: number };
  nDocs: number;
  nTerms: number;
  nnz: number;
  /** Bytes per row entry: 2 (at most 65,536 terms) or 4. */
  rowWidth: number;
  termChars: number;
  idChars: number;
  /** Formats 4 and 5 only: bytes of the readable words. */
  surfaceChars?: number;
  /** Entries per kept list; 0 when the snapshot carries no lists. */
  listWidth: number;
}

/** A format-5 header: the document store block's counts too (written after idChars). */
export type Header5 = Header & StoreCounts;
/** A format-6 header: the link block's counts too (written after the store's), and the forms block's instead of surfaceChars. */
export type Header6 = Header5 & LinkCounts & Partial<FormCounts> & { analyzers?: Record<string, number> };

const HEADER_KEYS = ["options", "nDocs", "nTerms", "nnz", "rowWidth", "termChars", "idChars", "surfaceChars", "listWidth"];
const HEADER_KEYS_5 = [...HEADER_KEYS, ...Object.keys(STORE_LIMITS)];
/** Format 6 as written before the forms block: surfaceChars, as formats 4 and 5. */
const HEADER_KEYS_6_WORDS = [...HEADER_KEYS_5, ...Object.keys(LINK_LIMITS), "analyzers"];
const HEADER_KEYS_6 = [...HEADER_KEYS_6_WORDS.filter((k) => k !== "surfaceChars"), ...Object.keys(FORM_LIMITS)];

/** The header: a JSON object of exactly the keys `encodeSnapshot` writes in `version`, counts in range. */
export function readHeader(bytes: Uint8Array, version: number): Header {
  let h: unknown;
  try {
    h = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw fail("INVALID_SNAPSHOT", "unreadable header");
  }
  if (typeof h !== "object" || h === null || Array.isArray(h)) throw fail("INVALID_SNAPSHOT", "malformed header");
  const o = h as Record<string, unknown>;
  const keys = version >= 6 ? ("surfaceChars" in o ? HEADER_KEYS_6_WORDS : HEADER_KEYS_6) : version >= 5 ? HEADER_KEYS_5 : HEADER_KEYS;
  const extra = Object.keys(o).find((k) => !keys.includes(k));
  if (extra !== undefined) throw fail("INVALID_SNAPSHOT", `header: unknown field ${JSON.stringify(extra)}`);
  // Intrinsic bounds (doc indices are int32 in kept lists, offsets u32); the section sizes then
  // bound every count by the snapshot's length (decodeSealed).
  const words = version < 6 || keys === HEADER_KEYS_6_WORDS;
  const limits: Record<string, number> = {
    nDocs: 2 ** 31 - 2,
    nTerms: 2 ** 32 - 2,
    nnz: 2 ** 32 - 1,
    termChars: 2 ** 32 - 1,
    idChars: 2 ** 32 - 1,
    ...(words ? { surfaceChars: 2 ** 32 - 1 } : FORM_LIMITS),
    rowWidth: 4,
    listWidth: MAX_WIDTH,
    ...(version >= 5 ? STORE_LIMITS : {}),
    ...(version >= 6 ? LINK_LIMITS : {}),
  };
  for (const [k, max] of Object.entries(limits)) {
    const x = o[k];
    if (typeof x !== "number" || !Number.isInteger(x) || x < 0 || x > max) throw fail("INVALID_SNAPSHOT", `header: ${k} ${x === undefined ? "missing" : `is ${String(x)}`}`);
  }
  const header = h as Header;
  // Rows are 16-bit exactly when the term ids fit (the encoder's rule).
  if (header.rowWidth !== (header.nTerms <= 0x10000 ? 2 : 4)) throw fail("INVALID_SNAPSHOT", "header: rowWidth does not fit nTerms");
  // save({ lists: true }) writes lists only when some are kept, so never for an empty index.
  if (header.listWidth > 0 && header.nDocs === 0) throw fail("INVALID_SNAPSHOT", "header: listWidth without articles");
  return header;
}

/**
 * The saved options, validated as the Recommender constructor validates them (Recommender.load
 * passes them there), and required to be exactly what it resolves them to (what save wrote).
 */
export function checkOptions(raw: unknown): ResolvedOptions {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw fail("INVALID_SNAPSHOT", "header: options is not an object");
  // JSON has no Infinity: an unbounded maxDf is written as null.
  const saved: Record<string, unknown> = { ...raw, maxDf: (raw as { maxDf?: unknown }).maxDf === null ? Infinity : (raw as { maxDf?: unknown }).maxDf };
  // No language written: English (files before the option, and every English index since).
  if ((raw as { language?: unknown }).language === "en") throw fail("INVALID_SNAPSHOT", 'header: options hold language "en", which is never written');
  if (saved.language === undefined) saved.language = "en";
  if ((raw as { fieldScoring?: unknown }).fieldScoring === "merged") throw fail("INVALID_SNAPSHOT", 'header: options hold fieldScoring "merged", which is never written');
  if (saved.fieldScoring === undefined) saved.fieldScoring = "merged";
  if ((raw as { wordPairs?: unknown }).wordPairs === 0) throw fail("INVALID_SNAPSHOT", "header: options hold wordPairs 0, which is never written");
  if (saved.wordPairs === undefined) saved.wordPairs = 0;
  // The analysis options of analyzer "sklearn" are fixed, and may not be passed.
  const { stemming: _s, stopWords: _w, minLength: _m, numbers: _n, foldAccents: _f, ...rest } = saved;
  let resolved: ResolvedOptions;
  try {
    resolved = resolveOptions(saved.analyzer === "sklearn" ? rest : saved);
  } catch (e) {
    throw fail("INVALID_SNAPSHOT", `header: options (${e instanceof Error ? e.message : String(e)})`);
  }
  if (!sameJson(resolved, saved)) throw fail("INVALID_SNAPSHOT", "header: options incomplete or not in resolved form");
  return resolved;
}

/** Header options without their defaults (see checkOptions): `language` English, `fieldScoring` "merged", `wordPairs` 0. */
export function withoutDefaults<T extends { language: string; fieldScoring: string; wordPairs: number }>(options: T): Header6["options"] {
  // Keys deleted from a copy, so that the others keep their order (and the header its bytes).
  const out: Partial<T> = { ...options };
  if (options.language === "en") delete out.language;
  if (options.fieldScoring === "merged") delete out.fieldScoring;
  if (options.wordPairs === 0) delete out.wordPairs;
  return out as unknown as Header6["options"];
}

/** Deep equality of JSON-like values (Infinity included). */
function sameJson(a: unknown, b: unknown): boolean {
  if (typeof a !== "object" || a === null || typeof b !== "object" || b === null) return a === b;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
