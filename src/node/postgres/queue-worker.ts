/**
 * A worker of the list queue: claims a (query block, shard) job, scores the block's queries
 * against the shard with the run's global statistics, stores the partial top-k, and merges the
 * block's lists into the related table when its last partial comes in (see queue.ts).
 */
import type PgBoss from "pg-boss";
import type { Recommendation } from "../../lists.js";
import { globalIdf, globalInvNorms, type BlockRows, type GlobalStats, type ShardPostings } from "../../corpus/shards.js";
import { Scratch } from "../../search/kernels/scratch.js";
import { mergePartials, shardTopK, type PartialLists } from "../../search/shard-lists.js";
import { decodeBlob, encodeBlob } from "./blob.js";
import { connect, databaseError, quoteName, redactUrl, type Client } from "./connection.js";
import { replaceLists } from "./sink.js";
import { BOSS_SCHEMA, inTransaction, intOption, openBoss, QUEUE, readBlob, type JobData, type RunRow } from "./queue-schema.js";

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

