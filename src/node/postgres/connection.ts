/**
 * Connecting to PostgreSQL and saying what went wrong in one line: a connection string is checked
 * before any network traffic, its password never appears in a message, and the driver's errors
 * (no server, no database, no table, no column) become `DATABASE_ERROR`s naming what is missing.
 */
import pg from "pg";
import { fail, RecommenderError } from "../../errors.js";

export type Client = pg.Client;

/** How long a connection attempt may take before it is an error, not a hang. */
const CONNECT_TIMEOUT_MS = 15_000;

/** scheme, user info (to the last @ before the path), the rest. */
const URL_SHAPE = /^([a-z][a-z0-9+.-]*:\/\/)(?:([^/?#]*)@)?(.*)$/is;

/**
 * The connection string with its password replaced by `***`, for messages and logs.
 * A value that is not a URL is shown as `"<not a URL>"` (it may be a password pasted by mistake).
 */
export function redactUrl(url: string): string {
  const m = URL_SHAPE.exec(url);
  if (!m) return "<not a URL>";
  const [, scheme, userInfo, rest] = m as unknown as [string, string, string | undefined, string];
  const query = rest.replace(/([?&]password=)[^&#]*/gi, "$1***");
  if (userInfo === undefined) return `${scheme}${query}`;
  const colon = userInfo.indexOf(":");
  return `${scheme}${colon < 0 ? userInfo : `${userInfo.slice(0, colon)}:***`}@${query}`;
}

/**
 * Checks a connection string: a `postgres://` or `postgresql://` URL (the host may be empty, with
 * `?host=/socket/dir`, as libpq allows; the driver parses the rest).
 * @throws {RecommenderError} `INVALID_OPTION` naming the option and the (redacted) value
 */
export function checkUrl(url: unknown, option = "url"): string {
  if (typeof url !== "string" || url === "") throw fail("INVALID_OPTION", option, url, "a postgres:// connection string");
  const m = URL_SHAPE.exec(url);
  if (!m) throw fail("INVALID_OPTION", option, redactUrl(url), "a postgres://user@host/database connection string");
  if (!/^postgres(ql)?:\/\/$/i.test(m[1] as string)) {
    throw fail("INVALID_OPTION", option, redactUrl(url), "a postgres:// or postgresql:// connection string");
  }
  return url;
}

/** The database a connection string names, for messages. */
function where(url: string): string {
  return `PostgreSQL at ${JSON.stringify(redactUrl(url))}`;
}

/**
 * An open client.
 * @throws {RecommenderError} `INVALID_OPTION` for a malformed string; `DATABASE_ERROR` naming the
 *   (redacted) string when the server cannot be reached or refuses us (no such database, bad password)
 */
export async function connect(url: string, option = "url"): Promise<pg.Client> {
  checkUrl(url, option);
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, application_name: "alsolike" });
  // A server that goes away later emits 'error' on the client; the query in flight rejects too.
  client.on("error", () => {});
  try {
    await client.connect();
  } catch (e) {
    await client.end().catch(() => {});
    throw fail("DATABASE_ERROR", `Cannot connect to ${where(url)}`, oneLine(e));
  }
  return client;
}

/** The first line of an error's message (pg's own, or a system error's). */
export function oneLine(e: unknown): string {
  const err = e as { message?: unknown; code?: unknown };
  const text = typeof err?.message === "string" && err.message !== "" ? err.message : String(e);
  // AggregateError (every address refused) has an empty message but a code.
  return (text.split("\n")[0] ?? text) || (typeof err?.code === "string" ? err.code : "unknown error");
}

/**
 * A driver error as a `DATABASE_ERROR` that says which table or column is missing; errors that
 * are already ours pass through.
 * @param context what we were doing, e.g. `Reading table "articles"`
 */
export function databaseError(e: unknown, context: string): RecommenderError {
  if (e instanceof RecommenderError) return e;
  const code = (e as { code?: unknown }).code;
  if (code === "42P01") return fail("DATABASE_ERROR", context, `${oneLine(e)} (no such table or view)`);
  if (code === "42703") return fail("DATABASE_ERROR", context, `${oneLine(e)} (set the column names with the --*-column flags)`);
  return fail("DATABASE_ERROR", context, oneLine(e));
}

/**
 * A table or column name as a quoted SQL identifier; `schema.table` is quoted part by part.
 * @throws {RecommenderError} `INVALID_OPTION` for an empty name or part, or a NUL character
 */
export function quoteName(name: unknown, option: string, qualified = false): string {
  if (typeof name !== "string" || name === "" || name.includes("\0")) {
    throw fail("INVALID_OPTION", option, name, qualified ? "a table name (or schema.table)" : "a column name");
  }
  const parts = qualified ? name.split(".") : [name];
  if (parts.length > 2 || parts.some((p) => p === "")) throw fail("INVALID_OPTION", option, name, "a table name (or schema.table)");
  return parts.map((p) => `"${p.replaceAll('"', '""')}"`).join(".");
}
