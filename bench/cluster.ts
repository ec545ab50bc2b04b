// `npm run bench:cluster`: every list of a seeded synthetic corpus computed through PostgreSQL by
// 1, 2 and 4 worker processes (`alsolike all --to --queue`, `alsolike worker`), against one
// process without the database (relatedAll on one thread, and alsolike/node's on worker threads).
// Prints wall time, speed-up, bytes written (the run's blobs and the database's WAL) and each
// worker's peak RSS. Flags: --n N (default 100000), --1m (n = 1,000,000), --workers 1,2,4,
// --shards S (default: as many shards as workers). Needs `npm run build` and PostgreSQL's server.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, cpus, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import pg from "pg";
import { Recommender } from "../src/index.js";
import { saveFile } from "../src/node/index.js";
import { startPgCluster } from "../test/pg-cluster.js";
import { generateCorpus } from "./synthetic.js";

const { values } = parseArgs({
  options: { n: { type: "string" }, "1m": { type: "boolean" }, workers: { type: "string" }, shards: { type: "string" } },
});
const n = values["1m"] ? 1_000_000 : Number(values.n ?? 100_000);
const workerCounts = (values.workers ?? "1,2,4").split(",").map(Number);
const ROOT = resolve(import.meta.dirname, "..");
const POSTGRES_ENTRY = join(ROOT, "dist", "postgres.js");
const CLI = join(ROOT, "dist", "cli.js");
// The threaded baseline runs the built alsolike/node: from src (.ts) there is no worker file, and
// relatedAll answers on the calling thread (node/index.ts workerUrl).
const { relatedAll } = (await import(pathToFileURL(join(ROOT, "dist", "node.js")).href)) as typeof import("../src/node/index.js");
const s = (ms: number) => (ms / 1000).toFixed(1);
const mb = (bytes: number) => (bytes / 1e6).toFixed(0);

console.log(`${cpus()[0]?.model ?? "cpu"}, ${availableParallelism()} cores, Node ${process.version}, load ${loadavg()[0]!.toFixed(2)}; ${n.toLocaleString("en")} synthetic articles`);
const rec = new Recommender();
let batch: { id: string; title: string; text: string; date: string }[] = [];
for (const a of generateCorpus({ n, seed: 42 })) {
  batch.push({ id: a.id, title: a.title, text: a.text, date: a.date });
  if (batch.length === 10_000) {
    rec.add(batch);
    batch = [];
  }
}
rec.add(batch);
rec.build();
const dir = mkdtempSync(join(tmpdir(), "alsolike-bench-cluster-"));
const index = join(dir, "bench.alsolike");
await saveFile(rec, index);

// Baselines: one process, no database.
let t = performance.now();
const expected = rec.relatedAll({ k: 10 });
const oneThread = performance.now() - t;
rec.keepLists = false;
t = performance.now();
await relatedAll(rec, { k: 10, threads: availableParallelism(), onWarning: (m: string) => console.log(`warning: ${m}`) });
const threads = performance.now() - t;
console.log(`one process, no database: relatedAll ${s(oneThread)} s on 1 thread, ${s(threads)} s on ${availableParallelism()} threads (alsolike/node)`);

const cluster = startPgCluster();
const rows: string[] = [];
try {
  for (const w of workerCounts) {
    const shards = Number(values.shards ?? w);
    const url = cluster.createDatabase(`bench_${w}`);
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    const wal0 = (await db.query("SELECT pg_current_wal_lsn() AS l")).rows[0].l as string;
    const started = performance.now();
    const q = spawnSync(process.execPath, [CLI, "all", "--index", index, "--to", url, "--queue", "--shards", String(shards)], { encoding: "utf8" });
    if (q.status !== 0) throw new Error(q.stderr);
    const queued = performance.now() - started;
    const blobs = Number((await db.query("SELECT coalesce(sum(octet_length(data)), 0)::bigint AS b FROM alsolike_blobs")).rows[0].b);
    // Each worker reports its peak RSS (KB) on stdout when the queue is empty.
    const script = `import { runWorker } from ${JSON.stringify(POSTGRES_ENTRY)}; const jobs = await runWorker(${JSON.stringify(url)}, { untilEmpty: true, pollMs: 200 }); console.log(JSON.stringify({ jobs, maxRSS: process.resourceUsage().maxRSS }));`;
    const results = await Promise.all(
      Array.from({ length: w }, () => {
        const child = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "inherit"] });
        let out = "";
        child.stdout.on("data", (d) => (out += d));
        return new Promise<{ jobs: number; maxRSS: number }>((res, rej) => child.once("exit", (code) => (code === 0 ? res(JSON.parse(out)) : rej(new Error(`worker exit ${code}`)))));
      }),
    );
    const wall = performance.now() - started;
    const wal1 = (await db.query("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), $1)::bigint AS b", [wal0])).rows[0].b as string;
    const related = Number((await db.query("SELECT pg_total_relation_size('related')::bigint AS b")).rows[0].b);
    // The lists in the table equal relatedAll's (ids; scores within 1e-12), or the figure means nothing.
    const got = await db.query("SELECT article_id, related_id, score FROM related ORDER BY article_id, rank");
    const lists = new Map<string, { id: string; score: number }[]>();
    for (const r of got.rows as { article_id: string; related_id: string; score: number }[]) {
      if (!lists.has(r.article_id)) lists.set(r.article_id, []);
      lists.get(r.article_id)!.push({ id: r.related_id, score: r.score });
    }
    let mismatches = 0;
    for (const [id, list] of expected) {
      const g = lists.get(id) ?? [];
      if (g.length !== list.length || g.some((e, i) => e.id !== list[i]!.id || Math.abs(e.score - list[i]!.score) > 1e-12)) mismatches++;
    }
    await db.end();
    rows.push(
      `| ${w} | ${shards} | ${s(wall)} (queue ${s(queued)}) | ${(oneThread / wall).toFixed(2)}x / ${(threads / wall).toFixed(2)}x | ${mb(blobs)} MB blobs, ${mb(Number(wal1))} MB WAL, related ${mb(related)} MB | ${results.map((r) => `${(r.maxRSS / 1e3).toFixed(0)}`).join(", ")} MB | ${results.map((r) => r.jobs).join(", ")} | ${mismatches} |`,
    );
    console.log(rows.at(-1));
  }
} finally {
  cluster.stop();
  rmSync(dir, { recursive: true, force: true });
}
console.log(`\n| workers | shards | wall s | speed-up vs 1 thread / vs ${availableParallelism()} threads | bytes written | peak RSS per worker | jobs per worker | lists differing |\n| ---: | ---: | ---: | ---: | --- | --- | --- | ---: |\n${rows.join("\n")}`);
console.log(`load at end ${loadavg()[0]!.toFixed(2)}`);
