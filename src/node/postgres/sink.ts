/**
 * Lists into a PostgreSQL table `related(article_id, rank, related_id, score, reason, computed_at)`.
 * Each article's list is replaced inside one transaction (its old rows deleted and its new rows
 * inserted together), so a reader sees the old list or the new one, never a mix or half of one.
 * Articles are written in batches, one transaction per batch: a batch is all-or-nothing.
 */
import { fail } from "../../errors.js";
import type { Recommendation } from "../../lists.js";
import { connect, databaseError, quoteName, type Client } from "./connection.js";

/** Articles per transaction when writing lists. */
export const WRITE_BATCH = 500;

/** The table's definition; `rank` starts at 1. */
export function relatedTableSql(table: string): string {
  const t = quoteName(table, "relatedTable", true);
  return `CREATE TABLE IF NOT EXISTS ${t} (
  article_id text NOT NULL,
  rank integer NOT NULL,
  related_id text NOT NULL,
  score double precision NOT NULL,
  reason text,
  computed_at timestamptz NOT NULL,
  PRIMARY KEY (article_id, rank)
)`;
}

/** Creates the related table when it does not exist. */
export async function ensureRelatedTable(client: Client, table: string): Promise<void> {
  try {
    await client.query(relatedTableSql(table));
  } catch (e) {
    throw databaseError(e, `Creating table ${JSON.stringify(table)}`);
  }
}

/** The rows of some articles' lists, as the column arrays of one `unnest` insert. */
interface Columns {
  owners: string[];
  articleIds: string[];
  ranks: number[];
  relatedIds: string[];
  scores: number[];
  reasons: (string | null)[];
}

function columnsOf(lists: Iterable<readonly [string, readonly Recommendation[]]>): Columns {
  const c: Columns = { owners: [], articleIds: [], ranks: [], relatedIds: [], scores: [], reasons: [] };
  for (const [id, list] of lists) {
    c.owners.push(id);
    for (let r = 0; r < list.length; r++) {
      const e = list[r] as Recommendation;
      c.articleIds.push(id);
      c.ranks.push(r + 1);
      c.relatedIds.push(e.id);
      c.scores.push(e.score);
      c.reasons.push(e.reason ?? null);
    }
  }
  return c;
}

/**
 * Replaces these articles' lists, inside the caller's transaction (or as one statement pair on
 * its own). Scores go over the wire as JavaScript's shortest round-trip decimal, which PostgreSQL
 * parses back to the same double.
 */
export async function replaceLists(client: Client, table: string, lists: Iterable<readonly [string, readonly Recommendation[]]>, computedAt: Date): Promise<number> {
  const t = quoteName(table, "relatedTable", true);
  const c = columnsOf(lists);
  await client.query(`DELETE FROM ${t} WHERE article_id = ANY($1::text[])`, [c.owners]);
  if (c.articleIds.length > 0) {
    await client.query(
      `INSERT INTO ${t} (article_id, rank, related_id, score, reason, computed_at)
       SELECT a, r, rel, s, why, $6 FROM unnest($1::text[], $2::int[], $3::text[], $4::float8[], $5::text[]) AS x(a, r, rel, s, why)`,
      [c.articleIds, c.ranks, c.relatedIds, c.scores, c.reasons, computedAt],
    );
  }
  return c.articleIds.length;
}

/** Options of `writeRelated`. */
export interface WriteRelatedOptions {
  /** The table (created when missing; `schema.table` allowed). Default `related`. */
  table?: string;
  /** Delete the lists of articles not in `lists` (articles removed since the last run). Default true. */
  prune?: boolean;
  /** The `computed_at` of every row. Default: now. */
  computedAt?: Date;
  /** Called after each batch with lists written so far and the total. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Writes every list of `lists` to the related table, each article's list replaced in one
 * transaction, and (with `prune`) deletes the lists of articles that are no longer there.
 * @param target a connection string or a connected `pg.Client` (left open)
 * @returns rows written
 * @throws {RecommenderError} `DATABASE_ERROR` naming the table when it cannot be created or
 *   written (for example an existing table with other columns), or the connection that failed
 * @example
 * await writeRelated(url, await relatedAll(rec, { k: 10 }));
 */
export async function writeRelated(
  target: string | Client,
  lists: ReadonlyMap<string, readonly Recommendation[]>,
  options: WriteRelatedOptions = {},
): Promise<number> {
  if (!(lists instanceof Map)) throw fail("INVALID_OPTION", "lists", lists, "a Map of article id -> list (relatedAll's result)");
  const { table = "related", prune = true, computedAt = new Date(), onProgress } = options;
  quoteName(table, "table", true);
  if (!(computedAt instanceof Date) || Number.isNaN(computedAt.getTime())) throw fail("INVALID_OPTION", "computedAt", computedAt, "a valid Date");
  const client = typeof target === "string" ? await connect(target) : target;
  const t = quoteName(table, "table", true);
  let rows = 0;
  try {
    await ensureRelatedTable(client, table);
    const entries = [...lists];
    for (let start = 0; start < entries.length; start += WRITE_BATCH) {
      const batch = entries.slice(start, start + WRITE_BATCH);
      await client.query("BEGIN");
      try {
        rows += await replaceLists(client, table, batch, computedAt);
        await client.query("COMMIT");
      } catch (e) {
        await client.query("ROLLBACK").catch(() => {});
        throw e;
      }
      onProgress?.(Math.min(entries.length, start + WRITE_BATCH), entries.length);
    }
    if (prune) await client.query(`DELETE FROM ${t} WHERE NOT (article_id = ANY($1::text[]))`, [[...lists.keys()]]);
    return rows;
  } catch (e) {
    throw databaseError(e, `Writing lists to table ${JSON.stringify(table)}`);
  } finally {
    if (typeof target === "string") await client.end().catch(() => {});
  }
}
