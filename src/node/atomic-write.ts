/**
 * The one writer of alsolike/node's files (`saveFile`) and the CLI's outputs (`-o`).
 *
 * A regular file (or a new one) is replaced atomically: the bytes go to a temporary file in the
 * target's folder, are flushed to disk, the temporary file is renamed over the target and the
 * folder is flushed too, so a reader (or a crash) sees the old file or the new one, never part of
 * one. The replaced file's permission bits are kept.
 *
 * A symbolic link is followed to the file it points to (through any chain of links), and that
 * file is replaced: the link stays a link. A dangling link creates the file it names.
 *
 * What rename cannot replace is written in place or refused, never replaced by a regular file:
 * FIFOs and character devices (`/dev/null`, `/dev/stdout` on a terminal, a shell's `>(...)`) are
 * written in place, as `>` would; a FIFO that no process reads is refused (writing would wait
 * forever). Directories, block devices and sockets are refused.
 *
 * A process killed mid-write (kill -9, out of memory, power loss) leaves its temporary file
 * behind, as large as the index it was writing. The next write to the same target removes such
 * files: those whose name has exactly our shape, for that target, and whose process is gone.
 */
import { randomBytes } from "node:crypto";
import { constants, type Stats } from "node:fs";
import { lstat, open, readdir, readlink, rename, stat, unlink } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { fail } from "../errors.js";

/** After `.<target name>.`: the writer's pid, 16 random hex digits, `.tmp`. Nothing else matches. */
const TEMP_TAIL = /^([1-9]\d{0,9})\.[0-9a-f]{16}\.tmp$/;
/** As the kernel's own limit on a chain of links (Linux's MAXSYMLINKS is 40). */
const MAX_LINKS = 40;

/**
 * Writes `data` to `path`: atomically for a regular or new file (temporary file, fsync, rename,
 * fsync of the folder), in place for a FIFO or a character device, following symbolic links.
 * @param path the file to create or replace; its folder must exist
 * @param data the whole new content
 * @throws {RecommenderError} `INVALID_OPTION` naming `path` when it is a directory, a block device,
 *   a socket, a FIFO no process reads, or a chain of more than 40 links; Node's file-system error
 *   when writing fails (a read-only folder: EACCES), after removing the temporary file (the
 *   previous file is left as it was)
 * @example
 * await writeFileAtomic("related.json", JSON.stringify(lists));
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  let info: Stats | null;
  try {
    info = await stat(path); // follows every link, /proc's magic ones included
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
    info = null; // a new file, or a dangling link to one
  }
  if (info !== null && !info.isFile()) {
    if (info.isFIFO() || info.isCharacterDevice()) return writeInPlace(path, data, info);
    throw fail("INVALID_OPTION", "path", path, `a regular file to replace (or a new one), a FIFO or a character device, not ${kindOf(info)}`);
  }
  const target = await linkTarget(path);
  await removeStaleTemps(target);
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(8).toString("hex")}.tmp`);
  // "wx": never write through a file (or a planted symlink) that already has this name.
  const handle = await open(tmp, "wx");
  try {
    try {
      // The file it replaces keeps its permissions (a 0644 site file does not become 0600).
      if (info !== null) await handle.chmod(info.mode & 0o7777);
      await handle.writeFile(data);
      await handle.sync();
    } catch (e) {
      await handle.close().catch(() => undefined); // the write's error is the one to report
      throw e;
    }
    await handle.close();
    await rename(tmp, target);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
  await syncFolder(dirname(target));
}

/**
 * The file a chain of symbolic links ends at (`path` itself when it is not a link); relative link
 * targets are read from the link's folder. The end may not exist (a dangling link).
 */
async function linkTarget(path: string): Promise<string> {
  let current = resolve(path);
  for (let hops = 0; hops <= MAX_LINKS; hops++) {
    let info: Stats;
    try {
      info = await lstat(current);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return current;
      throw e;
    }
    if (!info.isSymbolicLink()) return current;
    current = resolve(dirname(current), await readlink(current));
  }
  throw fail("INVALID_OPTION", "path", path, `a file reached through at most ${MAX_LINKS} symbolic links`);
}

/**
 * A FIFO or a character device, written as `>` writes it: opened for writing without creating
 * or truncating. A FIFO is first opened without blocking, which fails at once when no process
 * reads it; then again for blocking writes (a reader is there, so this open returns at once).
 */
async function writeInPlace(path: string, data: string | Uint8Array, info: Stats): Promise<void> {
  const flags = constants.O_WRONLY | (constants.O_NOCTTY ?? 0);
  let probe;
  try {
    probe = await open(path, flags | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENXIO" && info.isFIFO()) {
      throw fail("INVALID_OPTION", "path", path, "a FIFO that a process reads (this one has no reader: writing would wait forever)");
    }
    throw e;
  }
  try {
    const handle = await open(path, flags);
    try {
      await handle.writeFile(data);
    } finally {
      await handle.close();
    }
  } finally {
    await probe.close();
  }
}

/** Flushes a folder's entries (the rename) to disk. File systems that cannot are not an error. */
async function syncFolder(folder: string): Promise<void> {
  let handle;
  try {
    handle = await open(folder, constants.O_RDONLY);
    await handle.sync();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== "EINVAL" && code !== "EISDIR" && code !== "EPERM" && code !== "EACCES" && code !== "ENOTSUP") throw e;
  } finally {
    await handle?.close();
  }
}

function kindOf(info: Stats): string {
  if (info.isDirectory()) return "a directory";
  if (info.isBlockDevice()) return "a block device";
  if (info.isSocket()) return "a socket";
  return "a special file";
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
