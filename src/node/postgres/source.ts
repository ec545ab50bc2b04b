/**
 * Articles from a PostgreSQL table or query, streamed through a server-side cursor (a batch of
 * rows in memory at a time, whatever the table's size), and kept in step with it: `syncFromPostgres`
 * reads only the rows whose `updated_at` moved since the last read, adds or updates them, and
 * removes the rows flagged deleted. Column names are configurable; `date`, `tags`, `section`,
 * `lang`, `updated_at` and `deleted` are used when the table has them (a name given explicitly
 * must exist).
 */
import type { Article } from "../../validate.js";
import { fail } from "../../errors.js";
import type { Recommender } from "../../recommender.js";
import { connect, databaseError, quoteName, type Client } from "./connection.js";

/** Which column holds what. Defaults: id, title, text, date, tags, section, lang, updated_at, deleted. */
export interface ArticleColumns {
  id?: string;
  title?: string;
  text?: string;
  date?: string;
  tags?: string;
  section?: string;
  lang?: string;
  /** When a row last changed (timestamp, timestamptz, date or a number); drives `syncFromPostgres`. */
  updatedAt?: string;
  /** A boolean: true for a row that was deleted (kept as a tombstone so that a sync can see it). */
  deleted?: string;
}

/** Where the articles are: a table (`schema.table` allowed) or a SELECT. */
export interface PostgresSource {
  table?: string;
  /** A SELECT whose result has the columns below; used instead of `table`. */
  query?: string;
  columns?: ArticleColumns;
  /** Rows fetched per round trip. Default 1000. */
  batchSize?: number;
}

const DEFAULT_COLUMNS: Required<ArticleColumns> = Object.freeze({
  id: "id",
  title: "title",
  text: "text",
  date: "date",
  tags: "tags",
  section: "section",
  lang: "lang",
  updatedAt: "updated_at",
  deleted: "deleted",
});
const OPTIONAL = ["title", "date", "tags", "section", "lang", "updatedAt", "deleted"] as const;

/** A row read: the article, and whether the row is flagged deleted. */
export interface SourceRow {
  article: Article;
  deleted: boolean;
}

interface Plan {
  from: string;
  /** What messages call the source. */
  label: string;
  /** Column kind -> the name in the result, for the ones present. */
  names: Partial<Record<keyof ArticleColumns, string>>;
  batchSize: number;
}

/** Checks the source and looks up which columns it has (one `LIMIT 0` query). */
async function plan(client: Client, source: PostgresSource): Promise<Plan> {
  if (typeof source !== "object" || source === null) throw fail("INVALID_OPTION", "source", source, "{ table } or { query }");
  const { table, query, columns = {}, batchSize = 1000 } = source;
  if ((table === undefined) === (query === undefined)) throw fail("INVALID_OPTION", "source", source, "exactly one of table or query");
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 1_000_000) throw fail("INVALID_OPTION", "batchSize", batchSize, "an integer in 1..1000000");
  if (typeof columns !== "object" || columns === null) throw fail("INVALID_OPTION", "columns", columns, "an object of column names");
  let from: string;
  let label: string;
  if (table !== undefined) {
    from = quoteName(table, "table", true);
    label = `table ${JSON.stringify(table)}`;
  } else {
    if (typeof query !== "string" || query.trim() === "") throw fail("INVALID_OPTION", "query", query, "a SELECT statement");
    from = `(${query.replace(/;\s*$/, "")}) AS alsolike_source`;
    label = "the source query";
  }
  let fields: string[];
  try {
    const r = await client.query(`SELECT * FROM ${from} LIMIT 0`);
    fields = r.fields.map((f) => f.name);
  } catch (e) {
    throw databaseError(e, `Reading ${label}`);
  }
  const names: Plan["names"] = {};
  for (const kind of Object.keys(DEFAULT_COLUMNS) as (keyof ArticleColumns)[]) {
    const given = columns[kind];
    if (given !== undefined) quoteName(given, `columns.${kind}`);
    const name = given ?? DEFAULT_COLUMNS[kind];
    if (fields.includes(name)) names[kind] = name;
    else if (given !== undefined || !(OPTIONAL as readonly string[]).includes(kind)) {
      throw fail("DATABASE_ERROR", `Reading ${label}`, `column ${JSON.stringify(name)} (${kind}) does not exist; it has ${fields.map((f) => JSON.stringify(f)).join(", ") || "no columns"}`);
    }
  }
  return { from, label, names, batchSize };
}

function toArticle(row: Record<string, unknown>, names: Plan["names"], label: string): Article {
  const value = (kind: keyof ArticleColumns) => (names[kind] === undefined ? undefined : row[names[kind] as string]);
  const rawId = value("id");
  if (typeof rawId !== "string" && typeof rawId !== "number" && typeof rawId !== "bigint") {
    throw fail("INVALID_ARTICLE", `in ${label}`, `a row has id ${rawId === null ? "NULL" : typeof rawId}: the id column must be text or a number`);
  }
  const id = String(rawId);
  const where = `${JSON.stringify(id)} in ${label}`;
  const text = value("text");
  const article: Article = { id, text: text === null || text === undefined ? "" : (text as string) };
  const title = value("title");
  if (title !== null && title !== undefined) article.title = title as string;
  const date = value("date");
  if (date !== null && date !== undefined) article.date = date as Date | string | number;
  const tags = value("tags");
  if (tags !== null && tags !== undefined) article.tags = readTags(tags, where);
  const section = value("section");
  if (section !== null && section !== undefined) article.section = section as string;
  const lang = value("lang");
  if (lang !== null && lang !== undefined) article.lang = lang as string;
  return article;
}

/** A tags value: a text[] column, a JSON array (json/jsonb) or a comma-separated string. */
function readTags(tags: unknown, where: string): string[] {
  if (Array.isArray(tags)) return tags.filter((t) => t !== null) as string[];
  if (typeof tags === "string") {
    return tags
      .split(",")
      .map((t) => t.trim())
      .filter((t) => t !== "");
  }
  throw fail("INVALID_ARTICLE", where, "tags must be a text array, a JSON array or a comma-separated string");
}

/**
 * Streams rows through a cursor inside one REPEATABLE READ transaction (one consistent view of
 * the table from the first row to the last), `batchSize` rows at a time.
 */
async function* streamRows(client: Client, p: Plan, where: string, params: unknown[]): AsyncGenerator<Record<string, unknown>[]> {
  const cols = Object.values(p.names).map((n) => quoteName(n, "column"));
  const order = quoteName(p.names.id, "column");
  await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  try {
    await client.query(`DECLARE alsolike_rows NO SCROLL CURSOR FOR SELECT ${cols.join(", ")} FROM ${p.from} ${where} ORDER BY ${order}`, params);
    for (;;) {
      const r = await client.query(`FETCH ${p.batchSize} FROM alsolike_rows`);
      if (r.rows.length === 0) break;
      yield r.rows as Record<string, unknown>[];
    }
    await client.query("COMMIT");
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    throw databaseError(e, `Reading ${p.label}`);
  } finally {
    // A consumer that stops early (or throws) lands here with the transaction still open.
    await client.query("ROLLBACK").catch(() => {});
  }
}

async function withClient<T>(target: string | Client, work: (c: Client) => Promise<T>): Promise<T> {
  if (typeof target !== "string") return work(target);
  const client = await connect(target);
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Every article of a table or query, in batches, in id order, skipping rows flagged deleted.
 * NULL title/date/tags/section/lang are absent; a NULL text is empty.
 * @param target a connection string, or a connected `pg.Client` (left open)
 * @throws {RecommenderError} `INVALID_OPTION` for a bad source; `DATABASE_ERROR` naming the
 *   missing table, view or column, or the connection that failed; `INVALID_ARTICLE` for a NULL id
 * @example
 * for await (const batch of readArticlesFromPostgres(url, { table: "articles" })) rec.add(batch);
 */
export async function* readArticlesFromPostgres(target: string | Client, source: PostgresSource): AsyncGenerator<Article[]> {
  const owned = typeof target === "string" ? await connect(target) : null;
  const client = owned ?? (target as Client);
  try {
    const p = await plan(client, source);
    const where = p.names.deleted ? `WHERE ${quoteName(p.names.deleted, "column")} IS NOT TRUE` : "";
    for await (const rows of streamRows(client, p, where, [])) yield rows.map((r) => toArticle(r, p.names, p.label));
  } finally {
    if (owned) await owned.end().catch(() => {});
  }
}

/** What `syncFromPostgres` did. */
export interface SyncResult {
  added: number;
  updated: number;
  removed: number;
  /** The greatest `updated_at` seen (as PostgreSQL prints it): pass it as `since` next time. */
  mark: string | null;
}

/**
 * Brings `rec` up to date with the rows changed since `since`: rows whose `updated_at` is at
 * least `since` are added (new ids) or updated (known ids); rows flagged deleted are removed.
 * Without `since`, every row is read (a full reconciliation, removals of rows flagged deleted
 * included; the source then needs no `updated_at`, and the mark is null without one). Rows deleted outright (DELETE FROM) cannot be seen by any incremental read: flag
 * them instead, or build again. The changes go into `rec` in batches; afterwards it answers as a
 * fresh build over the table does.
 * @param since the `mark` of the previous sync (or any value PostgreSQL compares with the column)
 * @throws {RecommenderError} `DATABASE_ERROR` when the source has no `updated_at` column (naming
 *   it) or cannot be read; the errors of `add`/`update` for a bad row (nothing of that batch applied)
 */
export async function syncFromPostgres(
  rec: Recommender,
  target: string | Client,
  source: PostgresSource,
  since?: string | Date | null,
): Promise<SyncResult> {
  return withClient(target, async (client) => {
    const p = await plan(client, source);
    const updated = p.names.updatedAt;
    const incremental = since !== undefined && since !== null;
    if (updated === undefined && incremental) {
      const name = source.columns?.updatedAt ?? DEFAULT_COLUMNS.updatedAt;
      throw fail("DATABASE_ERROR", `Syncing from ${p.label}`, `column ${JSON.stringify(name)} (updatedAt) does not exist, so changes cannot be found`);
    }
    const col = updated === undefined ? null : quoteName(updated, "column");
    const result: SyncResult = { added: 0, updated: 0, removed: 0, mark: null };
    const rows = streamRows(client, p, incremental ? `WHERE ${col} >= $1` : "", incremental ? [since] : []);
    // A second row with one id is an error, as in add(), not a silent update.
    const seen = new Set<string>();
    // The mark comes from the same snapshot as the rows: read after the cursor opened.
    let markRead = false;
    for await (const batch of rows) {
      if (!markRead && col !== null) {
        markRead = true;
        const m = await client.query(`SELECT max(${col})::text AS mark FROM ${p.from}`);
        result.mark = (m.rows[0] as { mark: string | null }).mark;
      }
      const adds: Article[] = [];
      for (const row of batch) {
        const article = toArticle(row, p.names, p.label);
        if (seen.has(article.id)) throw fail("DUPLICATE_ID", article.id);
        seen.add(article.id);
        const gone = p.names.deleted !== undefined && row[p.names.deleted] === true;
        if (gone) {
          if (rec.has(article.id)) {
            rec.remove(article.id);
            result.removed++;
          }
        } else if (rec.has(article.id)) {
          rec.update(article);
          result.updated++;
        } else adds.push(article);
      }
      if (adds.length > 0) rec.add(adds);
      result.added += adds.length;
    }
    if (!markRead && col !== null) result.mark = since instanceof Date ? since.toISOString() : (since ?? null);
    return result;
  });
}
