/**
 * Every list computed by any number of worker processes that share nothing but the database.
 *
 * `enqueueRelated` cuts the index into S shards (contiguous document ranges: their postings) and
 * B query blocks (their rows), stores them in `alsolike_blobs`, and puts one job per (block,
 * shard) on a pg-boss queue: the payload is three numbers, each worker loads what it needs
 * itself. A worker scores the block's queries against the shard with the global statistics
 * (corpus/shards.ts) and writes the block's partial top-k; whichever job completes a block (all
 * S partials in) merges them and replaces the block's lists in the related table, in the same
 * transaction, with the block row locked, so the merge happens exactly once.
 *
 * Failure: a worker killed mid-job holds no lock and has committed nothing; pg-boss expires the
 * job after the run's job timeout and hands it to another worker. Partials are keyed by (run,
 * block, shard), so a job run twice (a timed-out job that was only slow) changes nothing.
 * A second `enqueueRelated` while a run is unfinished joins it when it is the same index and
 * options, and is refused (RUN_IN_PROGRESS) otherwise: one advisory lock serialises the check.
 */
import { createHash } from "node:crypto";
import type PgBoss from "pg-boss";
import { fail } from "../../errors.js";
import { internalsOf } from "../../internal.js";
import type { Recommender } from "../../recommender.js";
import { cutBlock, cutShard, globalStats, splitRange, type ShardPostings } from "../../corpus/shards.js";
import { encodeBlob } from "./blob.js";
import { connect, databaseError, quoteName, redactUrl } from "./connection.js";
import { BOSS_SCHEMA, ensureSchema, inTransaction, intOption, openBoss, QUEUE, RUN_LOCK, writeBlob, type JobData } from "./queue-schema.js";
import { ensureRelatedTable } from "./sink.js";

export { runWorker, type RunWorkerOptions } from "./queue-worker.js";

/** Query blocks per run when no block size is given. */
const DEFAULT_BLOCKS = 64;

/** Options of `enqueueRelated`. */
export interface EnqueueOptions {
  /** List length. Default 10. */
  k?: number;
  /** Shards (document ranges); a worker holds one shard's postings at a time. Default 1. */
  shards?: number;
  /** Articles per job. Default: the index cut into about 64 blocks. */
  blockSize?: number;
  /** The related table (created when missing). Default `related`. */
  relatedTable?: string;
  /** Seconds after which a job still running is given to another worker (a killed worker). Default 900. */
  jobTimeout?: number;
}

/** What `enqueueRelated` did. */
export interface EnqueueResult {
  run: string;
  /** True when an unfinished run of the same index and options was found and joined. */
  joined: boolean;
  jobs: number;
}

/**
 * Puts the computation of every list of `rec` on the database's queue and returns: workers
 * (`runWorker`, `alsolike worker`) compute and write the lists. Refused while another run is
 * unfinished, unless it is this one (same index, k, shards, block size and table): then joined.
 * Lists are plain cosine lists (the ranking signals are not applied), so an index with feedback
 * on is refused (its lists are second searches: `relatedAll` and `writeRelated` compute them).
 * @throws {RecommenderError} `INVALID_OPTION` for a bad option or an index with feedback; `RUN_IN_PROGRESS` when another run
 *   is unfinished; `DATABASE_ERROR` when the database cannot be reached or written
 */
export async function enqueueRelated(rec: Recommender, url: string, options: EnqueueOptions = {}): Promise<EnqueueResult> {
  if (typeof options !== "object" || options === null) throw fail("INVALID_OPTION", "options", options, "an object");
  const internals = internalsOf(rec);
  if (rec.options.sharedNeighbours !== undefined) throw fail("INVALID_OPTION", "rec.options.sharedNeighbours", rec.options.sharedNeighbours, "no shared-neighbours rerank: the queue computes plain cosine lists (load the index with { sharedNeighbours: false }, or use relatedAll)");
  if (rec.options.feedback !== undefined) throw fail("INVALID_OPTION", "rec.options.feedback", rec.options.feedback, "no feedback: the queue computes plain cosine lists (load the index with { feedback: false }, or use relatedAll)");
  const k = intOption(options.k, "k", 1, 10_000, 10);
  const jobTimeout = intOption(options.jobTimeout, "jobTimeout", 1, 86_399, 900);
  const table = options.relatedTable ?? "related";
  quoteName(table, "relatedTable", true);
  const state = internals.state(true);
  const m = state.matrix;
  const n = m.nDocs;
  if (n === 0) throw fail("INVALID_OPTION", "rec", "an empty index", "an index with articles");
  const shards = intOption(options.shards, "shards", 1, Math.max(1, Math.min(n, 4096)), 1);
  const blockSize = intOption(options.blockSize, "blockSize", 1, 2 ** 31 - 1, Math.max(1, Math.ceil(n / DEFAULT_BLOCKS)));
  // A block is queries and a shard candidates: a block may span shards.
  const blocks = Math.ceil(n / blockSize);
  const fingerprint = createHash("sha256")
    .update(rec.save())
    .update(JSON.stringify({ k, shards, blockSize, table }))
    .digest("hex");

  const client = await connect(url);
  let boss: PgBoss | undefined;
  try {
    await ensureSchema(client);
    await ensureRelatedTable(client, table);
    boss = await openBoss(url, false);
    const db = { executeSql: (text: string, values: unknown[]) => client.query(text, values as unknown[]) };
    return await inTransaction(client, async () => {
      await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [RUN_LOCK]);
      const open = await client.query("SELECT id, fingerprint, created_at FROM alsolike_runs WHERE state = 'running' ORDER BY id LIMIT 1");
      const existing = open.rows[0] as { id: string; fingerprint: string; created_at: Date } | undefined;
      if (existing) {
        if (existing.fingerprint === fingerprint) return { run: existing.id, joined: true, jobs: blocks * shards };
        throw fail(
          "RUN_IN_PROGRESS",
          redactUrl(url),
          `run ${existing.id} (started ${existing.created_at.toISOString()}) is for another index or other options; wait for it to finish ("alsolike status --db <url>") or cancel it ("alsolike status --db <url> --cancel")`,
        );
      }
      const inserted = await client.query(
        "INSERT INTO alsolike_runs (fingerprint, related_table, k, n, shards, blocks, block_size, state) VALUES ($1, $2, $3, $4, $5, $6, $7, 'running') RETURNING id",
        [fingerprint, table, k, n, shards, blocks, blockSize],
      );
      const run = String((inserted.rows[0] as { id: string }).id);
      for (let at = 0; at < n; at += 10_000) {
        const docs: number[] = [];
        for (let d = at; d < Math.min(n, at + 10_000); d++) docs.push(d);
        await client.query("INSERT INTO alsolike_articles (run, doc, id) SELECT $1, d, i FROM unnest($2::int[], $3::text[]) AS x(d, i)", [run, docs, state.ids.slice(at, at + docs.length)]);
      }
      const sums = m.sums();
      // One shard in memory at a time; the global df is summed from the shards' own counts.
      const counts: Pick<ShardPostings, "lo" | "hi" | "df">[] = [];
      splitRange(n, shards).forEach(([lo, hi]) => counts.push({ lo, hi, df: new Int32Array(0) }));
      for (let s = 0; s < shards; s++) {
        const [lo, hi] = [counts[s]!.lo, counts[s]!.hi];
        const shard = cutShard(m, sums, lo, hi);
        counts[s] = { lo, hi, df: shard.df };
        const { termPtr, postDoc, postW, df, sums: ss } = shard;
        await writeBlob(client, run, `shard:${s}`, encodeBlob({ lo, hi }, { termPtr, postDoc, postW, df, sums: ss }));
      }
      const g = globalStats(m.options, counts);
      // JSON has no Infinity (maxDf's default): the bounds travel as strings.
      const options = { ...g.options, minDf: String(g.options.minDf), maxDf: String(g.options.maxDf) };
      await writeBlob(client, run, "stats", encodeBlob({ n: g.n, options }, { df: g.df }));
      const jobs: { name: string; data: JobData; expireInSeconds: number; retryLimit: number; retryDelay: number }[] = [];
      for (let b = 0; b < blocks; b++) {
        const lo = b * blockSize;
        const hi = Math.min(n, lo + blockSize);
        const rows = cutBlock(m, sums, lo, hi);
        await writeBlob(client, run, `block:${b}`, encodeBlob({ lo, hi }, { rowPtr: rows.rowPtr, rowTerm: rows.rowTerm, rowW: rows.rowW, sums: rows.sums }));
        await client.query("INSERT INTO alsolike_blocks (run, block, lo, hi) VALUES ($1, $2, $3, $4)", [run, b, lo, hi]);
        for (let s = 0; s < shards; s++) jobs.push({ name: QUEUE, data: { run, block: b, shard: s }, expireInSeconds: jobTimeout, retryLimit: 1000, retryDelay: 0 });
      }
      // In this transaction: workers see the jobs only with everything they read.
      for (let at = 0; at < jobs.length; at += 1000) await boss!.insert(jobs.slice(at, at + 1000), { db });
      return { run, joined: false, jobs: jobs.length };
    });
  } catch (e) {
    throw databaseError(e, `Queueing the lists in ${JSON.stringify(redactUrl(url))}`);
  } finally {
    await boss?.stop({ graceful: false, wait: true }).catch(() => {});
    await client.end().catch(() => {});
  }
}

/** A run's progress. */
export interface RunStatus {
  run: string;
  state: string;
  articles: number;
  k: number;
  shards: number;
  blocks: number;
  relatedTable: string;
  jobs: number;
  done: number;
  /** Jobs being worked on now, by pg-boss's count. */
  active: number;
  /** Jobs per second since the first result came in (null before). */
  rate: number | null;
  /** Seconds left at that rate (null when unknown). */
  etaSeconds: number | null;
  createdAt: Date;
  finishedAt: Date | null;
}

/**
 * The progress of the latest run (null when there has been none): jobs done and left, rate, ETA.
 * @throws {RecommenderError} `DATABASE_ERROR` naming the database or the missing table
 */
export async function queueStatus(url: string, options: { cancel?: boolean } = {}): Promise<RunStatus | null> {
  const client = await connect(url);
  try {
    const exists = await client.query("SELECT to_regclass('alsolike_runs') IS NOT NULL AS ok");
    if (!(exists.rows[0] as { ok: boolean }).ok) {
      throw fail("DATABASE_ERROR", `Reading ${JSON.stringify(redactUrl(url))}`, 'table "alsolike_runs" does not exist: no list run was ever queued there ("alsolike all --to <url> --queue")');
    }
    if (options.cancel) {
      await inTransaction(client, async () => {
        await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [RUN_LOCK]);
        const c = await client.query("UPDATE alsolike_runs SET state = 'cancelled', finished_at = now() WHERE state = 'running' RETURNING id");
        for (const row of c.rows as { id: string }[]) {
          for (const table of ["alsolike_blobs", "alsolike_articles", "alsolike_partials"]) await client.query(`DELETE FROM ${table} WHERE run = $1`, [row.id]);
          const boss = await client.query("SELECT to_regclass($1) IS NOT NULL AS ok", [`${BOSS_SCHEMA}.job`]);
          if ((boss.rows[0] as { ok: boolean }).ok) {
            await client.query(`DELETE FROM ${BOSS_SCHEMA}.job WHERE name = $1 AND data->>'run' = $2 AND state IN ('created', 'retry', 'active')`, [QUEUE, row.id]);
          }
        }
      });
    }
    const r = await client.query(
      `SELECT id, state, n, k, shards, blocks, related_table, blocks_merged, created_at, started_at, finished_at, now() AS now,
         (SELECT count(*)::int FROM alsolike_partials p WHERE p.run = r.id) AS partials
       FROM alsolike_runs r ORDER BY id DESC LIMIT 1`,
    );
    const row = r.rows[0] as
      | { id: string; state: string; n: number; k: number; shards: number; blocks: number; related_table: string; blocks_merged: number; created_at: Date; started_at: Date | null; finished_at: Date | null; now: Date; partials: number }
      | undefined;
    if (!row) return null;
    const jobs = row.blocks * row.shards;
    const done = row.state === "done" ? jobs : row.blocks_merged * row.shards + row.partials;
    let active = 0;
    const boss = await client.query("SELECT to_regclass($1) IS NOT NULL AS ok", [`${BOSS_SCHEMA}.job`]);
    if ((boss.rows[0] as { ok: boolean }).ok && row.state === "running") {
      const a = await client.query(`SELECT count(*)::int AS n FROM ${BOSS_SCHEMA}.job WHERE name = $1 AND data->>'run' = $2 AND state = 'active'`, [QUEUE, row.id]);
      active = (a.rows[0] as { n: number }).n;
    }
    const end = row.finished_at ?? row.now;
    const seconds = row.started_at ? (end.getTime() - row.started_at.getTime()) / 1000 : 0;
    const rate = row.started_at && seconds > 0 && done > 0 ? done / seconds : null;
    return {
      run: String(row.id),
      state: row.state,
      articles: row.n,
      k: row.k,
      shards: row.shards,
      blocks: row.blocks,
      relatedTable: row.related_table,
      jobs,
      done,
      active,
      rate,
      etaSeconds: row.state === "running" && rate ? (jobs - done) / rate : row.state === "done" ? 0 : null,
      createdAt: row.created_at,
      finishedAt: row.finished_at,
    };
  } catch (e) {
    throw databaseError(e, `Reading the list runs of ${JSON.stringify(redactUrl(url))}`);
  } finally {
    await client.end().catch(() => {});
  }
}
