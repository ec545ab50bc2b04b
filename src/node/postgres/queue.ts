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
import PgBoss from "pg-boss";
import { fail } from "../../errors.js";
import { internalsOf } from "../../internal.js";
import type { Recommendation } from "../../lists.js";
import type { Recommender } from "../../recommender.js";
import { cutBlock, cutShard, globalInvNorms, globalIdf, globalStats, splitRange, type BlockRows, type GlobalStats, type ShardPostings } from "../../corpus/shards.js";
import { Scratch } from "../../search/kernels/scratch.js";
import { mergePartials, shardTopK, type PartialLists } from "../../search/shard-lists.js";
import { decodeBlob, encodeBlob } from "./blob.js";
import { connect, databaseError, quoteName, redactUrl, type Client } from "./connection.js";
import { ensureRelatedTable, replaceLists } from "./sink.js";

/** The pg-boss queue and schema (pg-boss creates and migrates its schema itself). */
export const QUEUE = "alsolike-lists";
export const BOSS_SCHEMA = "alsolike_boss";
/** A bytea value is at most 1 GB; blobs are stored in parts of this size. */
const PART_BYTES = 64 << 20;
/** Query blocks per run when no block size is given. */
const DEFAULT_BLOCKS = 64;
const RUN_LOCK = "alsolike-runs";

const SCHEMA_SQL = [
  `CREATE TABLE IF NOT EXISTS alsolike_runs (
    id bigserial PRIMARY KEY,
    fingerprint text NOT NULL,
    related_table text NOT NULL,
    k integer NOT NULL,
    n integer NOT NULL,
    shards integer NOT NULL,
    blocks integer NOT NULL,
    block_size integer NOT NULL,
    state text NOT NULL,
    blocks_merged integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    started_at timestamptz,
    finished_at timestamptz
  )`,
  `CREATE TABLE IF NOT EXISTS alsolike_blobs (
    run bigint NOT NULL, name text NOT NULL, part integer NOT NULL, data bytea NOT NULL,
    PRIMARY KEY (run, name, part)
  )`,
  `CREATE TABLE IF NOT EXISTS alsolike_articles (
    run bigint NOT NULL, doc integer NOT NULL, id text NOT NULL,
    PRIMARY KEY (run, doc)
  )`,
  "CREATE UNIQUE INDEX IF NOT EXISTS alsolike_articles_id ON alsolike_articles (run, id)",
  `CREATE TABLE IF NOT EXISTS alsolike_blocks (
    run bigint NOT NULL, block integer NOT NULL, lo integer NOT NULL, hi integer NOT NULL,
    merged boolean NOT NULL DEFAULT false,
    PRIMARY KEY (run, block)
  )`,
  `CREATE TABLE IF NOT EXISTS alsolike_partials (
    run bigint NOT NULL, block integer NOT NULL, shard integer NOT NULL, data bytea NOT NULL,
    PRIMARY KEY (run, block, shard)
  )`,
];

/** A job's payload: which run, which query block, which shard. */
interface JobData {
  run: string;
  block: number;
  shard: number;
}

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

function intOption(value: unknown, name: string, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw fail("INVALID_OPTION", name, value, `an integer in ${min}..${max}`);
  }
  return value;
}

async function inTransaction<T>(client: Client, work: () => Promise<T>): Promise<T> {
  await client.query("BEGIN");
  try {
    const out = await work();
    await client.query("COMMIT");
    return out;
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    throw e;
  }
}

async function ensureSchema(client: Client): Promise<void> {
  // Two processes creating the tables at once would race on the catalog: one lock for both.
  await inTransaction(client, async () => {
    await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [RUN_LOCK]);
    for (const sql of SCHEMA_SQL) await client.query(sql);
  });
}

async function writeBlob(client: Client, run: string, name: string, bytes: Buffer): Promise<void> {
  for (let part = 0, at = 0; at < bytes.length || part === 0; part++, at += PART_BYTES) {
    await client.query("INSERT INTO alsolike_blobs (run, name, part, data) VALUES ($1, $2, $3, $4)", [run, name, part, bytes.subarray(at, at + PART_BYTES)]);
  }
}

async function readBlob(client: Client, run: string, name: string): Promise<Buffer> {
  const r = await client.query("SELECT data FROM alsolike_blobs WHERE run = $1 AND name = $2 ORDER BY part", [run, name]);
  if (r.rows.length === 0) throw fail("DATABASE_ERROR", `Reading run ${run}`, `its ${name} is missing from table alsolike_blobs`);
  return Buffer.concat(r.rows.map((row: { data: Buffer }) => row.data));
}

/** A pg-boss instance on the database, its queue created. */
async function openBoss(url: string, supervise: boolean): Promise<PgBoss> {
  const boss = new PgBoss({ connectionString: url, schema: BOSS_SCHEMA, supervise, schedule: false, max: 2, application_name: "alsolike-queue" });
  // Errors of its background loops (a dropped connection) surface on the next call we make.
  boss.on("error", () => {});
  try {
    await boss.start();
    await boss.createQueue(QUEUE, { name: QUEUE, retryLimit: 1000, retryDelay: 0 });
  } catch (e) {
    await boss.stop({ graceful: false, wait: true }).catch(() => {});
    throw databaseError(e, `Starting the job queue at ${JSON.stringify(redactUrl(url))}`);
  }
  return boss;
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

interface RunRow {
  id: string;
  related_table: string;
  k: number;
  n: number;
  shards: number;
  blocks: number;
  state: string;
}

/** What a worker keeps between jobs: the run's statistics and the last shard it loaded. */
class WorkerCache {
  run: string | null = null;
  stats: GlobalStats | null = null;
  idf: Float64Array | null = null;
  shard: { index: number; postings: ShardPostings; inv: Float64Array; ids: string[] } | null = null;
  readonly scratch = new Scratch();

  async load(client: Client, run: RunRow, shard: number): Promise<void> {
    if (this.run !== run.id) {
      const { meta, arrays } = decodeBlob<{ n: number; options: GlobalStats["options"] & { minDf: string; maxDf: string } }>(await readBlob(client, run.id, "stats"), `run ${run.id} statistics`);
      const options = { ...meta.options, minDf: Number(meta.options.minDf), maxDf: Number(meta.options.maxDf) };
      this.stats = { n: meta.n, options, df: arrays.df as Int32Array };
      this.idf = globalIdf(this.stats);
      this.run = run.id;
      this.shard = null;
    }
    if (this.shard?.index !== shard) {
      this.shard = null; // let the previous shard go before loading the next
      const { meta, arrays } = decodeBlob<{ lo: number; hi: number }>(await readBlob(client, run.id, `shard:${shard}`), `run ${run.id} shard ${shard}`);
      const postings: ShardPostings = {
        lo: meta.lo,
        hi: meta.hi,
        termPtr: arrays.termPtr as Uint32Array,
        postDoc: arrays.postDoc as Uint32Array,
        postW: arrays.postW as Float32Array,
        df: arrays.df as Int32Array,
        sums: arrays.sums as Float64Array,
      };
      const ids = await client.query("SELECT id FROM alsolike_articles WHERE run = $1 AND doc >= $2 AND doc < $3 ORDER BY doc", [run.id, meta.lo, meta.hi]);
      this.shard = { index: shard, postings, inv: globalInvNorms(this.stats!, postings.sums), ids: ids.rows.map((r: { id: string }) => r.id) };
    }
  }
}

function encodePartial(p: PartialLists): Buffer {
  return encodeBlob({ k: p.k }, { sizes: p.sizes, docs: p.docs, scores: p.scores });
}

function decodePartial(bytes: Buffer, what: string): PartialLists {
  const { meta, arrays } = decodeBlob<{ k: number }>(bytes, what);
  return { k: meta.k, sizes: arrays.sizes as Uint32Array, docs: arrays.docs as Uint32Array, scores: arrays.scores as Float64Array };
}

/** One job: score, then (with the block locked) store the partial and merge a complete block. */
async function runJob(client: Client, cache: WorkerCache, data: JobData): Promise<"done" | "stale"> {
  const r = await client.query("SELECT id, related_table, k, n, shards, blocks, state FROM alsolike_runs WHERE id = $1", [data.run]);
  const run = r.rows[0] as RunRow | undefined;
  if (!run || run.state !== "running") return "stale";
  const b = await client.query("SELECT merged FROM alsolike_blocks WHERE run = $1 AND block = $2", [run.id, data.block]);
  if ((b.rows[0] as { merged: boolean } | undefined)?.merged !== false) return "stale";
  await cache.load(client, run, data.shard);
  const { meta, arrays } = decodeBlob<{ lo: number; hi: number }>(await readBlob(client, run.id, `block:${data.block}`), `run ${run.id} block ${data.block}`);
  const block: BlockRows = { lo: meta.lo, hi: meta.hi, rowPtr: arrays.rowPtr as Uint32Array, rowTerm: arrays.rowTerm as Uint32Array, rowW: arrays.rowW as Float32Array, sums: arrays.sums as Float64Array };
  const shard = cache.shard!;
  const partial = shardTopK(block, globalInvNorms(cache.stats!, block.sums), shard.postings, shard.inv, cache.idf!, shard.ids, run.k, cache.stats!.options.norm, cache.scratch);

  await inTransaction(client, async () => {
    const lock = await client.query("SELECT merged FROM alsolike_blocks WHERE run = $1 AND block = $2 FOR UPDATE", [run.id, data.block]);
    if ((lock.rows[0] as { merged: boolean } | undefined)?.merged !== false) return;
    await client.query("UPDATE alsolike_runs SET started_at = coalesce(started_at, now()) WHERE id = $1 AND started_at IS NULL", [run.id]);
    await client.query("INSERT INTO alsolike_partials (run, block, shard, data) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING", [run.id, data.block, data.shard, encodePartial(partial)]);
    const parts = await client.query("SELECT shard, data FROM alsolike_partials WHERE run = $1 AND block = $2 ORDER BY shard", [run.id, data.block]);
    if (parts.rows.length < run.shards) return;
    await mergeBlock(client, run, block, parts.rows.map((row: { shard: number; data: Buffer }) => decodePartial(row.data, `run ${run.id} block ${data.block} shard ${row.shard}`)));
    await client.query("UPDATE alsolike_blocks SET merged = true WHERE run = $1 AND block = $2", [run.id, data.block]);
    await client.query("DELETE FROM alsolike_partials WHERE run = $1 AND block = $2", [run.id, data.block]);
    const done = await client.query("UPDATE alsolike_runs SET blocks_merged = blocks_merged + 1 WHERE id = $1 RETURNING blocks_merged", [run.id]);
    if ((done.rows[0] as { blocks_merged: number }).blocks_merged === run.blocks) await finishRun(client, run);
  });
  return "done";
}

/** The block's final lists into the related table (inside the caller's transaction). */
async function mergeBlock(client: Client, run: RunRow, block: BlockRows, parts: PartialLists[]): Promise<void> {
  const docs = new Set<number>();
  for (const p of parts) for (const d of p.docs.subarray(0, p.sizes.length * p.k)) docs.add(d);
  for (let q = block.lo; q < block.hi; q++) docs.add(q);
  const rows = await client.query("SELECT doc, id FROM alsolike_articles WHERE run = $1 AND doc = ANY($2::int[])", [run.id, [...docs]]);
  const ids = new Map<number, string>(rows.rows.map((row: { doc: number; id: string }) => [row.doc, row.id]));
  const idOf = (d: number) => ids.get(d) as string;
  const lists: [string, Recommendation[]][] = [];
  for (let q = 0; q < block.hi - block.lo; q++) {
    const merged = mergePartials(parts, q, run.k, idOf);
    lists.push([idOf(block.lo + q), merged.map((h) => ({ id: idOf(h.doc), score: h.score }))]);
  }
  await replaceLists(client, run.related_table, lists, new Date());
}

/** The last block is in: drop lists of articles no longer indexed, and the run's working data. */
async function finishRun(client: Client, run: RunRow): Promise<void> {
  const t = quoteName(run.related_table, "relatedTable", true);
  await client.query(`DELETE FROM ${t} r WHERE NOT EXISTS (SELECT 1 FROM alsolike_articles a WHERE a.run = $1 AND a.id = r.article_id)`, [run.id]);
  for (const table of ["alsolike_blobs", "alsolike_articles", "alsolike_partials"]) await client.query(`DELETE FROM ${table} WHERE run = $1`, [run.id]);
  await client.query("UPDATE alsolike_runs SET state = 'done', finished_at = now() WHERE id = $1", [run.id]);
}

/** Options of `runWorker`. */
export interface RunWorkerOptions {
  /** Exit once no job is waiting or running (default: keep polling until `signal` aborts). */
  untilEmpty?: boolean;
  /** Stops the worker after its current job. */
  signal?: AbortSignal;
  /** Milliseconds between polls of an empty queue. Default 1000. */
  pollMs?: number;
  /** Called after each job. */
  onJob?: (job: { run: string; block: number; shard: number; ms: number; outcome: "done" | "stale" }) => void;
}

/**
 * A worker: claims jobs from the queue, computes, writes, until told to stop (`signal`) or, with
 * `untilEmpty`, until no job is waiting or running. Any number may run, on any machines that
 * reach the database. Jobs of a worker that died are retried once their run's job timeout passes.
 * @returns how many jobs it ran
 * @throws {RecommenderError} `DATABASE_ERROR` when the database cannot be reached, or a job's
 *   data is missing or corrupt (that job is marked failed)
 */
export async function runWorker(url: string, options: RunWorkerOptions = {}): Promise<number> {
  const { untilEmpty = false, signal, pollMs = 1000, onJob } = options;
  intOption(pollMs, "pollMs", 10, 3_600_000, 1000);
  const client = await connect(url);
  let boss: PgBoss | undefined;
  let count = 0;
  try {
    boss = await openBoss(url, true);
    const cache = new WorkerCache();
    while (!signal?.aborted) {
      const [job] = await boss.fetch<JobData>(QUEUE, { batchSize: 1 });
      if (!job) {
        // Jobs of dead workers go back to the queue once their timeout passes.
        await boss.expire();
        if (untilEmpty) {
          const left = await client.query(`SELECT count(*)::int AS n FROM ${BOSS_SCHEMA}.job WHERE name = $1 AND state IN ('created', 'retry', 'active')`, [QUEUE]);
          if ((left.rows[0] as { n: number }).n === 0) break;
        }
        await new Promise((resolve) => setTimeout(resolve, pollMs));
        continue;
      }
      const started = performance.now();
      let outcome: "done" | "stale";
      try {
        outcome = await runJob(client, cache, job.data);
      } catch (e) {
        const err = databaseError(e, `Job ${job.id} (run ${job.data.run}, block ${job.data.block}, shard ${job.data.shard})`);
        await boss.fail(QUEUE, job.id, { message: err.message }).catch(() => {});
        throw err;
      }
      await boss.complete(QUEUE, job.id);
      count++;
      onJob?.({ ...job.data, ms: performance.now() - started, outcome });
    }
    return count;
  } catch (e) {
    throw databaseError(e, `Worker on ${JSON.stringify(redactUrl(url))}`);
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
