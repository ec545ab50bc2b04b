/**
 * Builds `dist/` once when it is missing or older than the sources, for the tests that run the
 * CLI and the example as a user would. Test files run in parallel workers and tsup cleans `dist/`
 * first, so two workers must never build at once: a lock folder serialises them, and whoever
 * waits re-checks afterwards instead of building again. In CI the build step has already run and
 * nothing is rebuilt.
 */
import { execFile } from "node:child_process";
import { mkdir, readdir, rmdir, stat } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const CLI = join(ROOT, "dist", "cli.js");
/** Long enough for a cold tsup build with declarations. */
export const BUILD_TIMEOUT = 180_000;
const LOCK = join(ROOT, "node_modules", ".cache", "alsolike-test-build.lock");
const OUTPUTS = ["cli.js", "index.js", "node.js", "browser.js"].map((f) => join(ROOT, "dist", f));

async function mtime(path: string): Promise<number> {
  try {
    return (await stat(path)).mtimeMs;
  } catch {
    return -1;
  }
}

async function newestSource(dir = join(ROOT, "src")): Promise<number> {
  let newest = Math.max(await mtime(join(ROOT, "package.json")), await mtime(join(ROOT, "tsup.config.ts")));
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? await newestSource(full) : await mtime(full));
  }
  return newest;
}

async function isStale(): Promise<boolean> {
  const built = Math.min(...(await Promise.all(OUTPUTS.map(mtime))));
  return built < 0 || built < (await newestSource());
}

/** Resolves once `dist/` is at least as new as `src/`. */
export async function ensureDist(): Promise<void> {
  if (!(await isStale())) return;
  await mkdir(dirname(LOCK), { recursive: true });
  for (;;) {
    try {
      await mkdir(LOCK);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      // A lock left by a killed run: take it over after the longest a build may take.
      if (Date.now() - (await mtime(LOCK)) > BUILD_TIMEOUT) await rmdir(LOCK).catch(() => undefined);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    if (await isStale()) await run("npx", ["tsup"], { cwd: ROOT, maxBuffer: 16 << 20 });
  } finally {
    await rmdir(LOCK).catch(() => undefined);
  }
}
