/**
 * alsolike/postgres and the CLI's PostgreSQL commands against a real PostgreSQL (a throwaway
 * cluster, test/pg-cluster.ts): articles in from a table, lists out to a related table, an index
 * kept in step by `sync`, lists computed by several worker processes (one killed mid-job), and the
 * one-line errors for bad connection strings, missing tables and columns.
 */
import { ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { Recommender } from "../src/index.js";
import { loadFile } from "../src/node/index.js";
import { readArticlesFromPostgres, writeRelated } from "../src/node/postgres/index.js";
import { generateCorpusArray, type SyntheticArticle } from "../bench/synthetic.js";
import { CLI, ensureDist } from "./ensure-dist.js";
import { startPgCluster, type PgCluster } from "./pg-cluster.js";

vi.setConfig({ testTimeout: 60_000, hookTimeout: 180_000 });

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

let cluster: PgCluster;
let dir: string;

function cli(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd: dir, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === "number" ? error.code : -1, stdout, stderr });
    });
  });
}

async function withClient<T>(url: string, work: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await work(c);
  } finally {
    await c.end();
  }
}

/** Creates `articles` (the CLI's default columns) holding these articles, updated_at = `at`. */
async function createArticles(url: string, articles: readonly SyntheticArticle[], table = "articles"): Promise<void> {
  await withClient(url, async (c) => {
    await c.query(`CREATE TABLE ${table} (id text PRIMARY KEY, title text, text text, date timestamptz, tags text[], section text,
      lang text, updated_at timestamptz NOT NULL DEFAULT '2024-01-01T00:00:00Z', deleted boolean NOT NULL DEFAULT false)`);
    for (let at = 0; at < articles.length; at += 1000) {
      const batch = articles.slice(at, at + 1000);
      await c.query(
        `INSERT INTO ${table} (id, title, text, date, tags, section)
         SELECT i, ti, tx, d, ARRAY['news', 'topic' || right(i, 1)], 'news' FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[]) AS x(i, ti, tx, d)`,
        [batch.map((a) => a.id), batch.map((a) => a.title), batch.map((a) => a.text), batch.map((a) => a.date)],
      );
    }
  });
}

/** The related table, as relatedAll's Map (ranks checked to run 1..n without gaps). */
async function readRelated(url: string, table = "related"): Promise<Map<string, { id: string; score: number }[]>> {
  return withClient(url, async (c) => {
    const r = await c.query(`SELECT article_id, rank, related_id, score FROM ${table} ORDER BY article_id, rank`);
    const out = new Map<string, { id: string; score: number }[]>();
    for (const row of r.rows as { article_id: string; rank: number; related_id: string; score: number }[]) {
      const list = out.get(row.article_id) ?? [];
      expect(row.rank).toBe(list.length + 1);
      list.push({ id: row.related_id, score: row.score });
      out.set(row.article_id, list);
    }
    return out;
  });
}

/** relatedAll's lists without the empty ones (an article with no match has no row), keyed by id. */
function nonEmpty(lists: Map<string, { id: string; score: number }[]>): Map<string, { id: string; score: number }[]> {
  return new Map([...lists].filter(([, l]) => l.length > 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Same ids in the same order, scores within 1e-12. */
function expectSameLists(actual: Map<string, { id: string; score: number }[]>, expected: Map<string, { id: string; score: number }[]>): void {
  expect([...actual.keys()]).toEqual([...expected.keys()]);
  for (const [id, list] of expected) {
    const got = actual.get(id)!;
    expect(got.map((e) => e.id), id).toEqual(list.map((e) => e.id));
    for (let i = 0; i < list.length; i++) expect(Math.abs(got[i]!.score - list[i]!.score)).toBeLessThanOrEqual(1e-12);
  }
}

beforeAll(async () => {
  await ensureDist();
  cluster = startPgCluster();
  dir = await mkdtemp(join(tmpdir(), "alsolike-pg-test-"));
});

afterAll(async () => {
  cluster?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("a table in, a related table out", () => {
  const articles = generateCorpusArray({ n: 300, seed: 11 });
  let url: string;

  beforeAll(async () => {
    url = cluster.createDatabase("site");
    await createArticles(url, articles);
  });

  it("builds from a table the index a build from the same articles gives, byte for byte", async () => {
    const r = await cli("build", "--from", url, "--table", "articles", "-o", "site.alsolike");
    expect(r.stderr).toMatch(/site\.alsolike: 300 articles/);
    expect(r.code).toBe(0);
    const fromDb = await loadFile(join(dir, "site.alsolike"));
    const sorted = [...articles].sort((a, b) => (a.id < b.id ? -1 : 1));
    const direct = new Recommender().add(
      sorted.map((a) => ({ id: a.id, title: a.title, text: a.text, date: a.date, tags: ["news", `topic${a.id.slice(-1)}`], section: "news" })),
    );
    expect(Buffer.from(fromDb.save()).equals(Buffer.from(direct.save()))).toBe(true);
  });

  it("streams rows in batches, NULL fields absent, tags from text[] or a comma-separated string", async () => {
    await withClient(url, (c) =>
      c.query(`CREATE TABLE posts (slug text, headline text, body text, published date, labels text);
        INSERT INTO posts VALUES ('b', NULL, 'second body', NULL, 'x, y'), ('a', 'First', NULL, '2024-05-01', NULL), ('__proto__', 'Proto', 'ordinary id', NULL, '')`),
    );
    const batches: unknown[][] = [];
    for await (const b of readArticlesFromPostgres(url, {
      table: "public.posts",
      batchSize: 2,
      columns: { id: "slug", title: "headline", text: "body", date: "published", tags: "labels" },
    })) {
      batches.push(b);
    }
    expect(batches.map((b) => b.length)).toEqual([2, 1]);
    expect(batches.flat()).toEqual([
      { id: "__proto__", title: "Proto", text: "ordinary id", tags: [] },
      { id: "a", title: "First", text: "", date: new Date(2024, 4, 1) },
      { id: "b", text: "second body", tags: ["x", "y"] },
    ]);
  });

  it("writes every list to the related table, equal to relatedAll, and replaces them on a rerun", async () => {
    const r = await cli("all", "--index", "site.alsolike", "--to", url, "-k", "5");
    expect(r.code, r.stderr).toBe(0);
    const rec = await loadFile(join(dir, "site.alsolike"));
    const expected = nonEmpty(rec.relatedAll({ k: 5 }));
    const got = await readRelated(url);
    expectSameLists(got, expected);
    // Exactly the same doubles: float8 round-trips JavaScript's shortest decimal.
    for (const [id, list] of expected) expect(got.get(id)).toEqual(list);
    // A stale row of an article no longer indexed is pruned; a rerun with k 3 replaces every list.
    await withClient(url, (c) => c.query("INSERT INTO related VALUES ('gone', 1, 'x', 0.5, NULL, now())"));
    expect((await cli("all", "--index", "site.alsolike", "--to", url, "-k", "3")).code).toBe(0);
    expectSameLists(await readRelated(url), nonEmpty(rec.relatedAll({ k: 3 })));
  });

  it("writeRelated replaces each list in one transaction: a reader never sees half a list", async () => {
    const rec = await loadFile(join(dir, "site.alsolike"));
    const lists = rec.relatedAll({ k: 10 });
    const id = [...lists.keys()][0]!;
    await writeRelated(url, lists, { table: "related_tx" });
    // A concurrent reader polls one list while it is rewritten 20 times with k alternating.
    const seen = new Set<number>();
    let writing = true;
    const reader = withClient(url, async (c) => {
      while (writing) {
        const r = await c.query("SELECT count(*)::int AS n FROM related_tx WHERE article_id = $1", [id]);
        seen.add((r.rows[0] as { n: number }).n);
      }
    });
    for (let i = 0; i < 20; i++) {
      const k = i % 2 === 0 ? 4 : 10;
      await writeRelated(url, new Map([[id, lists.get(id)!.slice(0, k)]]), { table: "related_tx", prune: false });
    }
    writing = false;
    await reader;
    expect([...seen].every((n) => n === 4 || n === 10)).toBe(true);
  });
});

describe("sync", () => {
  it("applies inserted, updated and deleted rows and then answers as a fresh build over the table", async () => {
    const url = cluster.createDatabase("sync");
    const all = generateCorpusArray({ n: 260, seed: 7 });
    await createArticles(url, all.slice(0, 200));
    // A second apart, as real edits are: the next sync re-reads only the row at the mark.
    await withClient(url, (c) => c.query("UPDATE articles SET updated_at = '2024-01-01T00:00:00Z'::timestamptz + right(id, 3)::int * interval '1 second'"));
    expect((await cli("build", "--from", url, "--table", "articles", "-o", "sync.alsolike")).code).toBe(0);
    await withClient(url, async (c) => {
      await c.query(
        "INSERT INTO articles (id, title, text, updated_at) SELECT i, ti, tx, '2024-02-01T00:00:00Z' FROM unnest($1::text[], $2::text[], $3::text[]) AS x(i, ti, tx)",
        [all.slice(200).map((a) => a.id), all.slice(200).map((a) => a.title), all.slice(200).map((a) => a.text)],
      );
      await c.query("UPDATE articles SET text = text || ' storm storm', updated_at = '2024-02-02T00:00:00Z' WHERE id = ANY($1)", [all.slice(0, 5).map((a) => a.id)]);
      await c.query("UPDATE articles SET deleted = true, updated_at = '2024-02-03T00:00:00Z' WHERE id = ANY($1)", [all.slice(10, 14).map((a) => a.id)]);
    });
    const r = await cli("sync", "--from", url, "--index", "sync.alsolike");
    // 5 updated, and the one row at the build's mark read again.
    expect(r.stderr).toMatch(/60 added, 6 updated, 4 removed, 256 articles/);
    expect(r.code).toBe(0);
    // Nothing changed since: the next sync reads only the rows at the mark (the 4 deleted ones).
    expect((await cli("sync", "--from", url, "--index", "sync.alsolike")).stderr).toMatch(/0 added, 0 updated, 0 removed, 256 articles/);
    expect((await cli("build", "--from", url, "--table", "articles", "-o", "fresh.alsolike")).code).toBe(0);
    const synced = await loadFile(join(dir, "sync.alsolike"));
    const fresh = await loadFile(join(dir, "fresh.alsolike"));
    expect(synced.size).toBe(256);
    const freshLists = fresh.relatedAll({ k: 10 });
    const syncedLists = synced.relatedAll({ k: 10 });
    expectSameLists(new Map([...syncedLists].sort(([a], [b]) => (a < b ? -1 : 1))), new Map([...freshLists].sort(([a], [b]) => (a < b ? -1 : 1))));
  });
});

describe("many workers", () => {
  it("compute every list exactly, one killed mid-job; a second run is joined or refused; status tells", async () => {
    const url = cluster.createDatabase("queue");
    const articles = generateCorpusArray({ n: 2400, seed: 21 });
    const rec = new Recommender().add(articles);
    await (await import("../src/node/index.js")).saveFile(rec, join(dir, "queue.alsolike"));
    const queue = ["all", "--index", "queue.alsolike", "--to", url, "--queue", "--shards", "3", "--block-size", "400", "--job-timeout", "2"];
    const q = await cli(...queue);
    expect(q.stderr).toMatch(/run 1: 18 jobs queued for 2400 articles/);
    expect(q.code).toBe(0);
    // The same run again joins it; another one while it is unfinished is refused.
    expect((await cli(...queue)).stderr).toMatch(/run 1 .*already queued \(18 jobs\): joined it/);
    const other = await cli(...queue, "-k", "5");
    expect(other.code).toBe(1);
    expect(other.stderr.trim().split("\n")).toHaveLength(1);
    expect(other.stderr).toMatch(/A list run is still in progress .*run 1 /);

    // Hold block 0's row: the first worker takes job (block 0, shard 0), scores it, and waits for
    // the lock to write, mid-job with nothing committed. Then it is killed.
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    await holder.query("BEGIN");
    await holder.query("SELECT 1 FROM alsolike_blocks WHERE run = 1 AND block = 0 FOR UPDATE");
    const doomed = spawn(process.execPath, [CLI, "worker", "--db", url, "--poll-ms", "100"], { cwd: dir, stdio: "ignore" });
    let waiting = 0;
    for (let i = 0; i < 300 && waiting === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      // Not from the holder: a transaction keeps its first view of pg_stat_activity.
      const w = await withClient(url, (c) => c.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'alsolike' AND wait_event_type = 'Lock'"));
      waiting = (w.rows[0] as { n: number }).n;
    }
    expect(waiting).toBe(1);
    doomed.kill("SIGKILL");
    await new Promise((r) => doomed.once("exit", r));
    await holder.query("ROLLBACK");
    await holder.end();
    const mid = JSON.parse((await cli("status", "--db", url, "--json")).stdout) as { done: number; active: number; jobs: number };
    expect(mid).toMatchObject({ jobs: 18, active: 1 });

    const workers: ChildProcess[] = [];
    const exits = [0, 1].map(() => {
      const w = spawn(process.execPath, [CLI, "worker", "--db", url, "--until-empty", "--poll-ms", "100"], { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
      workers.push(w);
      let err = "";
      w.stderr!.on("data", (d) => (err += d));
      return new Promise<{ code: number | null; err: string }>((r) => w.once("exit", (code) => r({ code, err })));
    });
    const results = await Promise.all(exits);
    for (const r of results) expect(r.code, r.err).toBe(0);
    // Every job the killed worker had not finished ran once more, its own among them.
    const jobs = results.map((r) => (r.err.match(/ ms\n/g) ?? []).length);
    expect(jobs[0]! + jobs[1]!).toBe(18 - mid.done);
    expect(results.map((r) => r.err).join("")).toMatch(/block 0 shard 0: \d+ ms/);

    expectSameLists(await readRelated(url), nonEmpty(rec.relatedAll({ k: 10 })));
    const status = await cli("status", "--db", url);
    expect(status.stdout).toMatch(/^run 1: done, 18 of 18 jobs done, 0 left \(0 running\), [\d.]+ jobs\/s; 2400 articles, k 10, 3 shards, 6 blocks -> table related\n$/);
    // The working data is gone; a new run may start.
    await withClient(url, async (c) => {
      const left = await c.query("SELECT (SELECT count(*) FROM alsolike_blobs)::int + (SELECT count(*) FROM alsolike_partials)::int AS n");
      expect((left.rows[0] as { n: number }).n).toBe(0);
    });
    expect((await cli(...queue.slice(0, -2), "--job-timeout", "3")).stderr).toMatch(/run 2: 18 jobs queued/);
    expect((await cli("status", "--db", url, "--cancel")).stdout).toMatch(/^run 2: cancelled, 0 of 18 jobs done/);
  });
});

describe("bad inputs", () => {
  it("name a malformed connection string, an unreachable server, a missing database, table or column, in one line, exit 1", async () => {
    const cases: [string[], RegExp][] = [
      [["build", "--from", "mysql://x@y/z", "--table", "t", "-o", "x.alsolike"], /--from.*postgres:\/\//],
      [["build", "--from", "not a url", "--table", "t", "-o", "x.alsolike"], /"--from".*<not a URL>/],
      [["build", "--from", "postgresql://u:hunter2@/db?host=/nonexistent-socket-dir", "--table", "t", "-o", "x.alsolike"], /Cannot connect to PostgreSQL at "postgresql:\/\/u:\*\*\*@\/db\?host=.*nonexistent-socket-dir"/],
      [["build", "--from", cluster.urlOf("no_such_db"), "--table", "t", "-o", "x.alsolike"], /Cannot connect.*database "no_such_db" does not exist/],
      [["build", "--from", cluster.url, "--table", "no_such_table", "-o", "x.alsolike"], /Reading table "no_such_table": relation "no_such_table" does not exist/],
      [["build", "--from", cluster.urlOf("site"), "--table", "articles", "--text-column", "body", "-o", "x.alsolike"], /column "body" \(text\) does not exist; it has "id", "title", "text"/],
      [["build", "--from", cluster.urlOf("site"), "--query", "SELECT id, title FROM articles", "-o", "x.alsolike"], /column "text" \(text\) does not exist/],
      [["status", "--db", cluster.url], /table "alsolike_runs" does not exist/],
      [["worker", "--db", "postgresql://alsolike@/x?host=/nonexistent-socket-dir", "--until-empty"], /Cannot connect to PostgreSQL/],
    ];
    for (const [args, message] of cases) {
      const r = await cli(...args);
      expect(r.stderr, args.join(" ")).toMatch(message);
      expect(r.stderr).not.toMatch(/hunter2/);
      expect(r.stderr.trim().split("\n"), r.stderr).toHaveLength(1);
      expect(r.code, args.join(" ")).toBe(1);
    }
  });

  it("refuses --queue with ranking flags, and -o with --to", async () => {
    const r = await cli("all", "--index", "site.alsolike", "--to", cluster.urlOf("site"), "--queue", "--half-life", "30d");
    expect(r.stderr).toMatch(/--queue computes plain cosine lists: drop the ranking flags \(recency\)/);
    expect(r.code).toBe(2);
    expect((await cli("all", "--index", "site.alsolike", "--to", cluster.urlOf("site"), "-o", "x.json")).code).toBe(2);
  });
});
