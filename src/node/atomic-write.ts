/**
 * Files replaced atomically (Node only), for `saveFile` and the CLI's outputs: the bytes go to a
 * temporary file in the target's folder, are flushed to disk, and the temporary file is renamed
 * over the target, so a reader (or a crash) sees the old file or the new one, never part of one.
 *
 * A process killed mid-write (kill -9, out of memory, power loss) leaves its temporary file
 * behind, as large as the index it was writing. The next write to the same target removes such
 * files: those whose name has exactly our shape, for that target, and whose process is gone.
 */
import { randomBytes } from "node:crypto";
import { lstat, open, readdir, rename, stat, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { fail } from "../errors.js";

/** After `.<target name>.`: the writer's pid, 16 random hex digits, `.tmp`. Nothing else matches. */
const TEMP_TAIL = /^([1-9]\d{0,9})\.[0-9a-f]{16}\.tmp$/;

/**
 * Writes `data` to `path` atomically (temporary file, fsync, rename), first removing temporary
 * files that killed processes left for the same `path`.
 * @param path the file to create or replace; its folder must exist
 * @param data the whole new content
 * @throws {RecommenderError} `INVALID_OPTION` when `path` exists and is a FIFO, a device or a socket
 *   (renaming over it would replace, say, `/dev/stdout` itself); Node's file-system error when
 *   writing fails, after removing the temporary file (the previous file is left as it was)
 * @example
 * await writeFileAtomic("related.json", JSON.stringify(lists));
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await refuseSpecialTarget(path);
  await removeStaleTemps(path);
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(8).toString("hex")}.tmp`);
  // "wx": never write through a file (or a planted symlink) that already has this name.
  const handle = await open(tmp, "wx");
  try {
    try {
      await handle.writeFile(data);
      await handle.sync();
    } catch (e) {
      await handle.close().catch(() => undefined); // the write's error is the one to report
      throw e;
    }
    await handle.close();
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
}

async function refuseSpecialTarget(path: string): Promise<void> {
  let info;
  try {
    info = await stat(path);
  } catch {
    return; // absent (the usual case) or unreachable: the write below reports what is wrong
  }
  // A folder is left to rename, which fails with the fs error (EISDIR) and changes nothing.
  if (info.isFile() || info.isDirectory()) return;
  throw fail("INVALID_OPTION", "path", path, "a regular file (or a new one), not a FIFO, device or socket");
}

/**
 * Removes `.<name>.<pid>.<hex>.tmp` files next to `path` whose process no longer exists. A live
 * pid (this process included: another save may be running) keeps its file; so does a pid we may
 * not signal (another user's process). Best effort: a folder we cannot list or a file we cannot
 * remove is left alone, since the write that follows is what the caller asked for.
 */
async function removeStaleTemps(path: string): Promise<void> {
  const dir = dirname(path);
  const prefix = `.${basename(path)}.`;
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const match = TEMP_TAIL.exec(name.slice(prefix.length));
    if (match === null) continue;
    const pid = Number(match[1]);
    if (pid === process.pid || pid > 0x7fffffff || isAlive(pid)) continue;
    const file = join(dir, name);
    try {
      if ((await lstat(file)).isFile()) await unlink(file);
    } catch {
      // Gone already (another writer cleaned it) or not ours to remove.
    }
  }
}

/** `kill(pid, 0)` sends nothing; only ESRCH says that no such process exists. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== "ESRCH";
  }
}
