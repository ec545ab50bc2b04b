/**
 * A throwaway PostgreSQL cluster for the tests that need a real database: initdb into a temporary
 * folder, a server listening only on a Unix socket in that folder (no TCP port to collide with
 * another test file or engineer), stopped and removed at the end, also when a test fails or the
 * process exits early. PostgreSQL refuses to run as root, so as root the cluster runs as an
 * unprivileged user (`postgres`, Debian's, or `nobody`) through `runuser`/`setpriv`.
 *
 * Nothing is skipped: without PostgreSQL's server binaries the tests fail, naming what to install
 * (`.ci/run` installs Debian's `postgresql` when they are missing).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface PgCluster {
  /** A connection string for the cluster's `postgres` database (Unix socket, user `alsolike`). */
  url: string;
  /** A connection string for another database of the cluster (created with `createDatabase`). */
  urlOf(database: string): string;
  /** Creates an empty database and returns its connection string. */
  createDatabase(name: string): string;
  /** Stops the server and removes its folder. Safe to call twice. */
  stop(): void;
}

/** Where initdb, pg_ctl and postgres are: $PG_BIN, else the newest /usr/lib/postgresql/<v>/bin. */
export function findPgBin(): string {
  const candidates: string[] = [];
  if (process.env.PG_BIN) candidates.push(process.env.PG_BIN);
  const debian = "/usr/lib/postgresql";
  if (existsSync(debian)) {
    for (const v of readdirSync(debian).filter((d) => /^\d+$/.test(d)).sort((a, b) => Number(b) - Number(a))) {
      candidates.push(join(debian, v, "bin"));
    }
  }
  try {
    candidates.push(execFileSync("pg_config", ["--bindir"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim());
  } catch {
    // No pg_config on the PATH: the candidates above are all there is.
  }
  const bin = candidates.find((dir) => ["initdb", "pg_ctl", "postgres"].every((b) => existsSync(join(dir, b))));
  if (bin === undefined) {
    throw new Error(
      "PostgreSQL server binaries (initdb, pg_ctl, postgres) not found in $PG_BIN, /usr/lib/postgresql/<version>/bin " +
        "or pg_config --bindir: install Debian's postgresql (apt-get install postgresql; .ci/run does this) or set PG_BIN",
    );
  }
  return bin;
}

/** The unprivileged account to run the server as when we are root. */
function serverUser(): { name: string; uid: number; gid: number } | null {
  if (typeof process.getuid !== "function" || process.getuid() !== 0) return null;
  for (const name of ["postgres", "nobody"]) {
    const r = spawnSync("id", ["-u", name], { encoding: "utf8" });
    const g = spawnSync("id", ["-g", name], { encoding: "utf8" });
    if (r.status === 0 && g.status === 0) return { name, uid: Number(r.stdout.trim()), gid: Number(g.stdout.trim()) };
  }
  throw new Error("Running as root and neither a postgres nor a nobody user exists to run the PostgreSQL server as");
}

/** Runs a server binary, as the unprivileged user when root; throws with its output on failure. */
function runAs(user: ReturnType<typeof serverUser>, bin: string, args: string[]): string {
  const [cmd, argv] = user
    ? existsSync("/usr/sbin/runuser") || existsSync("/sbin/runuser")
      ? ["runuser", ["-u", user.name, "--", bin, ...args]]
      : ["setpriv", [`--reuid=${user.uid}`, `--regid=${user.gid}`, "--clear-groups", bin, ...args]]
    : [bin, args];
  const r = spawnSync(cmd as string, argv as string[], { encoding: "utf8", env: { ...process.env, LC_ALL: "C" }, timeout: 60_000 });
  if (r.status !== 0) {
    throw new Error(`${bin} ${args.join(" ")} failed (${r.error?.message ?? `exit ${r.status}`}):\n${r.stdout}\n${r.stderr}`);
  }
  return r.stdout;
}

const running = new Set<() => void>();
let exitHookInstalled = false;

/**
 * Starts a fresh cluster. Call `stop()` in afterAll; a process that exits without it stops the
 * server from an exit hook (`pg_ctl stop -m immediate`), so no server outlives its tests.
 */
export function startPgCluster(): PgCluster {
  const bin = findPgBin();
  const user = serverUser();
  const root = mkdtempSync(join(tmpdir(), "alsolike-pg-"));
  const data = join(root, "data");
  const log = join(root, "server.log");
  if (user) {
    chownSync(root, user.uid, user.gid);
    chmodSync(root, 0o755);
  }
  runAs(user, join(bin, "initdb"), ["-D", data, "-U", "alsolike", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
  // Unix socket only, in our folder; no fsync (a test cluster is thrown away); enough
  // connections for several worker processes and their queue's pools.
  const serverOptions = [
    "-c listen_addresses=''",
    `-c unix_socket_directories='${root}'`,
    "-c fsync=off",
    "-c synchronous_commit=off",
    "-c full_page_writes=off",
    "-c max_connections=200",
  ].join(" ");
  let stopped = false;
  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    running.delete(stop);
    try {
      runAs(user, join(bin, "pg_ctl"), ["stop", "-D", data, "-m", "immediate", "-w"]);
    } catch {
      // Already down (or never up): removing the folder is all that is left.
    }
    rmSync(root, { recursive: true, force: true });
  };
  running.add(stop);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on("exit", () => {
      for (const s of [...running]) s();
    });
  }
  try {
    runAs(user, join(bin, "pg_ctl"), ["start", "-D", data, "-l", log, "-w", "-t", "60", "-o", serverOptions]);
  } catch (e) {
    const serverLog = existsSync(log) ? readFileSync(log, "utf8") : "";
    stop();
    throw new Error(`${(e as Error).message}\nserver log:\n${serverLog}`);
  }
  const urlOf = (database: string) => `postgresql://alsolike@/${encodeURIComponent(database)}?host=${encodeURIComponent(root)}`;
  return {
    url: urlOf("postgres"),
    urlOf,
    createDatabase(name: string): string {
      runAs(user, join(bin, "psql"), ["-h", root, "-U", "alsolike", "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-c", `CREATE DATABASE "${name}"`]);
      return urlOf(name);
    },
    stop,
  };
}
