/**
 * Every error alsolike throws is a {@link RecommenderError} with a stable `code`;
 * messages live in one table so that they stay consistent and name the offending value.
 */

/** Machine-readable error codes; assert on these, not on message text. */
export type ErrorCode =
  | "UNKNOWN_ARTICLE"
  | "DUPLICATE_ID"
  | "INVALID_ID"
  | "INVALID_ARTICLE"
  | "INVALID_OPTION"
  | "INVALID_SNAPSHOT"
  | "INCOMPATIBLE_SNAPSHOT_VERSION"
  | "REENTRANT_CALL"
  | "DATABASE_ERROR"
  | "RUN_IN_PROGRESS"
  | "NOT_IMPORTED";

const MESSAGES = {
  UNKNOWN_ARTICLE: (id: string) => `Unknown article id ${quote(id)}`,
  DUPLICATE_ID: (id: string) => `Duplicate article id ${quote(id)}: use update() to replace an article`,
  INVALID_ID: (value: unknown) => `Article id must be a non-empty, well-formed string, got ${describe(value)}`,
  INVALID_ARTICLE: (where: string, detail: string) => `Invalid article ${where}: ${detail}`,
  INVALID_OPTION: (name: string, value: unknown, expected: string) =>
    `Invalid option "${name}": expected ${expected}, got ${describe(value)}`,
  INVALID_SNAPSHOT: (detail: string) => `Invalid snapshot: ${detail}`,
  INCOMPATIBLE_SNAPSHOT_VERSION: (found: number, supported: number, language?: string) =>
    language === undefined
      ? `Snapshot format version ${found} is not supported (this alsolike reads version ${supported})`
      : `Snapshot analyzed language ${language} with version ${found} of its analysis; this alsolike analyzes it with version ${supported}: build the index again from its articles`,
  REENTRANT_CALL: (method: string) =>
    `Cannot call ${method}() from a callback (filter, onProgress) of a query that is still running: call it after the query returns`,
  DATABASE_ERROR: (where: string, detail: string) => `${where}: ${detail}`,
  RUN_IN_PROGRESS: (run: string, detail: string) => `A list run is still in progress in ${run}: ${detail}`,
  NOT_IMPORTED: (use: string, entry: string) =>
    `${use} is not in this build of alsolike (the browser entry leaves it out): add import "${entry}" once, before using it`,
} as const;

/** The one error class alsolike throws. */
export class RecommenderError extends Error {
  /** What went wrong, as a stable code. */
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = "RecommenderError";
    this.code = code;
  }
}

/** @internal Builds a RecommenderError from the message table. */
export function fail<C extends ErrorCode>(
  code: C,
  ...args: Parameters<(typeof MESSAGES)[C]>
): RecommenderError {
  const format = MESSAGES[code] as (...a: unknown[]) => string;
  return new RecommenderError(code, format(...args));
}

/** @internal A short, safe rendering of any value for an error message. */
export function describe(value: unknown): string {
  if (typeof value === "string") return value.length > 80 ? `${quote(value.slice(0, 80))}...` : quote(value);
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  if (typeof value === "object") return "an object";
  return typeof value;
}

function quote(s: string): string {
  return JSON.stringify(s);
}

/** Why `signal` aborted: its reason, or an Error when a polyfill gives none. */
export function abortReason(signal: AbortSignal | undefined): unknown {
  return signal?.reason ?? new Error("The operation was aborted");
}

/** Throws the signal's reason once it is aborted. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortReason(signal);
}
