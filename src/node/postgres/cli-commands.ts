/**
 * What the `alsolike` command runs for its PostgreSQL flags and commands (`build --from`, `sync`,
 * `all --to`, `all --queue`, `worker`, `status`). Loaded by the CLI only when one is used, so the
 * other commands never load `pg`. Bad flag values throw BadValueError (exit 2); database trouble
 * throws RecommenderError `DATABASE_ERROR` (one line, exit 1).
 */
import { readFile } from "node:fs/promises";
import { fail } from "../../errors.js";
import type { Recommendation } from "../../lists.js";
import { Recommender } from "../../recommender.js";
import type { RecommenderOptions } from "../../options.js";
import { writeFileAtomic } from "../atomic-write.js";
import { BadValueError } from "../cli-signals.js";
import { checkUrl } from "./connection.js";
import { COLUMN_FLAGS } from "./cli-flags.js";
import { syncFromPostgres, type ArticleColumns, type PostgresSource } from "./source.js";
import { writeRelated } from "./sink.js";
import { enqueueRelated, queueStatus, runWorker } from "./queue.js";

type Values = Record<string, string | boolean | undefined>;

/** A connection string flag, checked: a malformed one is a one-line error naming it (exit 1). */
function url(values: Values, flag: string): string {
  return checkUrl(values[flag], `--${flag}`);
}

/** The source the flags describe, over `stored` (a sync's remembered source) when given. */
function sourceOf(values: Values, stored?: PostgresSource): PostgresSource {
  const table = values.table;
  const query = values.query;
  if (table !== undefined && query !== undefined) throw new BadValueError("--table and --query cannot be used together");
  const columns: ArticleColumns = { ...stored?.columns };
  for (const [flag, key] of Object.entries(COLUMN_FLAGS)) {
    const v = values[flag];
    if (v === undefined) continue;
    if (typeof v !== "string" || v === "") throw new BadValueError(`--${flag} expects a column name`);
    columns[key] = v;
  }
  if (typeof table === "string") return { table, columns };
  if (typeof query === "string") return { query, columns };
  if (stored) return { ...stored, columns };
  throw new BadValueError("--from needs --table <name> or --query <select>");
}

/**
 * `build --from`: a Recommender over the source's articles, added in batches as they stream in.
 * @returns the index and the sync state to store beside it
 */
export async function buildFromPostgres(values: Values, options: RecommenderOptions): Promise<{ rec: Recommender; state: SyncState }> {
  const from = url(values, "from");
  const source = sourceOf(values);
  const rec = new Recommender(options);
  // syncFromPostgres from nothing reads every row and returns the mark a later sync starts from.
  const { mark } = await syncFromPostgres(rec, from, source, null);
  if (rec.size === 0) throw fail("DATABASE_ERROR", `Reading ${source.table !== undefined ? `table ${JSON.stringify(source.table)}` : "the source query"}`, "no articles");
  return { rec, state: { source, mark } };
}

/** What `sync` needs to know about the index's source, stored in `<index>.source.json`. */
export interface SyncState {
  source: PostgresSource;
  mark: string | null;
}

const MARK = "postgres source";

export function syncStatePath(index: string): string {
  return `${index}.source.json`;
}

/** Stores the sync state beside the index just written (`snapshot`: its bytes), atomically. */
export async function storeSyncState(index: string, snapshot: Uint8Array, state: SyncState): Promise<void> {
  const tail = Buffer.from(snapshot.subarray(snapshot.length - 8)).toString("hex");
  const doc = { alsolike: MARK, version: 1, index: { bytes: snapshot.length, tail }, source: state.source, mark: state.mark };
  await writeFileAtomic(syncStatePath(index), `${JSON.stringify(doc, null, 2)}\n`);
}

async function readSyncState(index: string, snapshot: Uint8Array): Promise<SyncState | null> {
  const path = syncStatePath(index);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw e;
  }
  let doc: { alsolike?: unknown; version?: unknown; index?: { bytes?: unknown; tail?: unknown }; source?: PostgresSource; mark?: unknown };
  try {
    doc = JSON.parse(text);
  } catch {
    throw new BadValueError(`Invalid sync state "${path}": not valid JSON`);
  }
  if (doc?.alsolike !== MARK || doc.version !== 1 || typeof doc.source !== "object" || doc.source === null) {
    throw new BadValueError(`Invalid sync state "${path}": not an alsolike source file of version 1`);
  }
  const tail = Buffer.from(snapshot.subarray(snapshot.length - 8)).toString("hex");
  // Written for another build of the index: its mark would skip changes this index lacks.
  if (doc.index?.bytes !== snapshot.length || doc.index?.tail !== tail) return null;
  return { source: doc.source, mark: typeof doc.mark === "string" ? doc.mark : null };
}

/**
 * `sync --from URL --index FILE`: applies the rows changed since the index's last build or sync,
 * writes the index back (atomically) and the new mark beside it. Without a matching state file
 * every row is read again (a full reconciliation).
 */
export async function syncIndex(values: Values, index: string, snapshot: Uint8Array, rec: Recommender): Promise<{ added: number; updated: number; removed: number; snapshot: Uint8Array }> {
  const from = url(values, "from");
  const stored = await readSyncState(index, snapshot);
  const source = sourceOf(values, stored?.source);
  const result = await syncFromPostgres(rec, from, source, stored?.mark ?? null);
  const bytes = rec.save();
  await writeFileAtomic(index, bytes);
  await storeSyncState(index, bytes, { source, mark: result.mark });
  return { ...result, snapshot: bytes };
}

/** `all --to URL`: the lists written to the related table. */
export async function writeListsTo(values: Values, lists: Map<string, Recommendation[]>): Promise<number> {
  const to = url(values, "to");
  const table = values["related-table"];
  if (table !== undefined && (typeof table !== "string" || table === "")) throw new BadValueError("--related-table expects a table name");
  return writeRelated(to, lists, { table: (table as string | undefined) ?? "related" });
}

function flagInt(values: Values, flag: string, min: number): number | undefined {
  const raw = values[flag];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (typeof raw !== "string" || !Number.isInteger(n) || n < min) throw new BadValueError(`--${flag} expects an integer >= ${min}, got ${JSON.stringify(raw)}`);
  return n;
}

/** `all --to URL --queue`: the work queued; returns the line to print. */
export async function enqueueFromCli(values: Values, rec: Recommender, k: number, signals: Record<string, unknown>): Promise<string> {
  const to = url(values, "to");
  if (Object.keys(signals).length > 0) {
    throw new BadValueError(`--queue computes plain cosine lists: drop the ranking flags (${Object.keys(signals).join(", ")}), stored ones included (rebuild the index without them), or run "alsolike all --to" without --queue`);
  }
  const table = values["related-table"];
  const r = await enqueueRelated(rec, to, {
    k,
    shards: flagInt(values, "shards", 1),
    blockSize: flagInt(values, "block-size", 1),
    jobTimeout: flagInt(values, "job-timeout", 1),
    relatedTable: typeof table === "string" ? table : undefined,
  });
  return r.joined
    ? `alsolike: run ${r.run} with this index and these options is already queued (${r.jobs} jobs): joined it; start workers with "alsolike worker --db <url>"`
    : `alsolike: run ${r.run}: ${r.jobs} jobs queued for ${rec.size} articles; start workers with "alsolike worker --db <url>"`;
}

/** `worker --db URL [--until-empty]`: runs jobs until SIGINT/SIGTERM (after the current job) or an empty queue. */
export async function workerFromCli(values: Values, log: (line: string) => void): Promise<number> {
  const db = url(values, "db");
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    return await runWorker(db, {
      untilEmpty: values["until-empty"] === true,
      signal: stop.signal,
      pollMs: flagInt(values, "poll-ms", 10),
      onJob: (j) => log(`alsolike: run ${j.run} block ${j.block} shard ${j.shard}: ${j.outcome === "done" ? `${Math.round(j.ms)} ms` : "already done, skipped"}`),
    });
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

/** `status --db URL [--cancel] [--json]`: the latest run's progress, as a line or JSON. */
export async function statusFromCli(values: Values): Promise<string> {
  const db = url(values, "db");
  const s = await queueStatus(db, { cancel: values.cancel === true });
  if (values.json) return `${JSON.stringify(s)}\n`;
  if (s === null) return "no list run queued yet\n";
  const rate = s.rate === null ? "rate unknown yet" : `${s.rate.toFixed(2)} jobs/s`;
  const eta = s.state === "running" ? (s.etaSeconds === null ? ", ETA unknown" : `, ETA ${Math.ceil(s.etaSeconds)} s`) : "";
  return `run ${s.run}: ${s.state}, ${s.done} of ${s.jobs} jobs done, ${s.jobs - s.done} left (${s.active} running), ${rate}${eta}; ${s.articles} articles, k ${s.k}, ${s.shards} shards, ${s.blocks} blocks -> table ${s.relatedTable}\n`;
}
