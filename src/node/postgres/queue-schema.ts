/**
 * What the list queue keeps in the database besides pg-boss's own schema: runs, their articles,
 * blocks and partial lists, and blobs (shards, blocks, statistics) stored in parts. The producer
 * (queue.ts) and the workers (queue-worker.ts) reach it through here.
 */
import PgBoss from "pg-boss";
import { fail } from "../../errors.js";
import { databaseError, redactUrl, type Client } from "./connection.js";

/** The pg-boss queue and schema (pg-boss creates and migrates its schema itself). */
export const QUEUE = "alsolike-lists";
export const BOSS_SCHEMA = "alsolike_boss";
/** A bytea value is at most 1 GB; blobs are stored in parts of this size. */
export const PART_BYTES = 64 << 20;
export const RUN_LOCK = "alsolike-runs";

export const SCHEMA_SQL = [
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
export interface JobData {
  run: string;
  block: number;
  shard: number;
}

export interface RunRow {
  id: string;
  related_table: string;
  k: number;
  n: number;
  shards: number;
  blocks: number;
  state: string;
}

export function intOption(value: unknown, name: string, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw fail("INVALID_OPTION", name, value, `an integer in ${min}..${max}`);
  }
  return value;
}

export async function inTransaction<T>(client: Client, work: () => Promise<T>): Promise<T> {
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

export async function ensureSchema(client: Client): Promise<void> {
  // Two processes creating the tables at once would race on the catalog: one lock for both.
  await inTransaction(client, async () => {
    await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [RUN_LOCK]);
    for (const sql of SCHEMA_SQL) await client.query(sql);
  });
}

export async function writeBlob(client: Client, run: string, name: string, bytes: Buffer): Promise<void> {
  for (let part = 0, at = 0; at < bytes.length || part === 0; part++, at += PART_BYTES) {
    await client.query("INSERT INTO alsolike_blobs (run, name, part, data) VALUES ($1, $2, $3, $4)", [run, name, part, bytes.subarray(at, at + PART_BYTES)]);
  }
}

export async function readBlob(client: Client, run: string, name: string): Promise<Buffer> {
  const r = await client.query("SELECT data FROM alsolike_blobs WHERE run = $1 AND name = $2 ORDER BY part", [run, name]);
  if (r.rows.length === 0) throw fail("DATABASE_ERROR", `Reading run ${run}`, `its ${name} is missing from table alsolike_blobs`);
  return Buffer.concat(r.rows.map((row: { data: Buffer }) => row.data));
}

/** A pg-boss instance on the database, its queue created. */
export async function openBoss(url: string, supervise: boolean): Promise<PgBoss> {
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

