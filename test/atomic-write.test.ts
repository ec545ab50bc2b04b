/**
 * The one writer of saveFile and the CLI's -o: symlinks written through, FIFOs and devices
 * written in place, directories refused, read-only folders failing without a trace.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { chmod, lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, stat, symlink, writeFile } from "node:fs/promises";
import { closeSync, constants, openSync, readSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RecommenderError } from "../src/errors.js";
import { writeFileAtomic } from "../src/node/atomic-write.js";

const posix = process.platform !== "win32";
let dir: string;
let n = 0;

async function folder(): Promise<string> {
  const f = join(dir, `case-${n++}`);
  await mkdir(f);
  return f;
}

async function rejection(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await promise;
  } catch (e) {
    return e as Error & { code?: string };
  }
  throw new Error("expected a rejection");
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "alsolike-write-"));
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe.runIf(posix)("writeFileAtomic", () => {
  it("replaces a regular file, keeping its permission bits, and leaves no temporary file", async () => {
    const f = await folder();
    await writeFile(join(f, "related.json"), "old");
    await chmod(join(f, "related.json"), 0o644);
    await writeFileAtomic(join(f, "related.json"), "new");
    expect(await readFile(join(f, "related.json"), "utf8")).toBe("new");
    expect((await stat(join(f, "related.json"))).mode & 0o777).toBe(0o644);
    expect(await readdir(f)).toEqual(["related.json"]);
  });

  it("writes through a symlink (a chain of them, relative targets): the links stay links, the real file is replaced", async () => {
    const f = await folder();
    await mkdir(join(f, "data"));
    await mkdir(join(f, "real"));
    await writeFile(join(f, "real", "lists.json"), "old");
    await symlink("../real/lists.json", join(f, "data", "middle.json"));
    await symlink("middle.json", join(f, "data", "related.json"));
    await writeFileAtomic(join(f, "data", "related.json"), "new");
    expect((await lstat(join(f, "data", "related.json"))).isSymbolicLink()).toBe(true);
    expect(await readlink(join(f, "data", "related.json"))).toBe("middle.json");
    expect((await lstat(join(f, "data", "middle.json"))).isSymbolicLink()).toBe(true);
    expect(await readFile(join(f, "real", "lists.json"), "utf8")).toBe("new");
    expect((await readdir(join(f, "real"))).sort()).toEqual(["lists.json"]);
    expect((await readdir(join(f, "data"))).sort()).toEqual(["middle.json", "related.json"]);
  });

  it("creates the file a dangling symlink names, and the link stays", async () => {
    const f = await folder();
    await symlink("missing.json", join(f, "related.json"));
    await writeFileAtomic(join(f, "related.json"), "created");
    expect(await readlink(join(f, "related.json"))).toBe("missing.json");
    expect(await readFile(join(f, "missing.json"), "utf8")).toBe("created");
    expect((await readdir(f)).sort()).toEqual(["missing.json", "related.json"]);
  });

  it("refuses a loop of symlinks with INVALID_OPTION naming the path", async () => {
    const f = await folder();
    await symlink("b", join(f, "a"));
    await symlink("a", join(f, "b"));
    const e = await rejection(writeFileAtomic(join(f, "a"), "x"));
    expect(e.code === "ELOOP" || (e instanceof RecommenderError && e.code === "INVALID_OPTION")).toBe(true);
    expect((await readdir(f)).sort()).toEqual(["a", "b"]);
  });

  it.runIf(process.platform === "linux")("writes /dev/null in place: it is still a character device after", async () => {
    await writeFileAtomic("/dev/null", "discarded");
    expect((await stat("/dev/null")).isCharacterDevice()).toBe(true);
    expect((await lstat("/dev/null")).isCharacterDevice()).toBe(true);
  });

  it("writes a FIFO that a process reads in place, and it stays a FIFO", async () => {
    const f = await folder();
    const fifo = join(f, "out.fifo");
    execFileSync("mkfifo", [fifo]);
    // The reader's end, opened without waiting for a writer; the data fits in the pipe's buffer.
    const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      await writeFileAtomic(fifo, "through the pipe");
      const buffer = Buffer.alloc(100);
      const got = readSync(reader, buffer, 0, 100, null);
      expect(buffer.subarray(0, got).toString()).toBe("through the pipe");
    } finally {
      closeSync(reader);
    }
    expect((await stat(fifo)).isFIFO()).toBe(true);
    expect(await readdir(f)).toEqual(["out.fifo"]);
  });

  it("refuses a FIFO that nobody reads with INVALID_OPTION naming it, at once, leaving it a FIFO", async () => {
    const f = await folder();
    const fifo = join(f, "nobody.fifo");
    execFileSync("mkfifo", [fifo]);
    const e = await rejection(writeFileAtomic(fifo, "x"));
    expect(e).toBeInstanceOf(RecommenderError);
    expect(e.code).toBe("INVALID_OPTION");
    expect(e.message).toContain(fifo);
    expect(e.message).toContain("no reader");
    expect((await stat(fifo)).isFIFO()).toBe(true);
  });

  it("refuses a directory with INVALID_OPTION naming it, and changes nothing in it", async () => {
    const f = await folder();
    await mkdir(join(f, "related.json"));
    await writeFile(join(f, "related.json", "inside"), "kept");
    const e = await rejection(writeFileAtomic(join(f, "related.json"), "x"));
    expect(e).toBeInstanceOf(RecommenderError);
    expect(e.code).toBe("INVALID_OPTION");
    expect(e.message).toContain("a directory");
    expect(e.message).toContain(join(f, "related.json"));
    expect((await stat(join(f, "related.json"))).isDirectory()).toBe(true);
    expect(await readdir(join(f, "related.json"))).toEqual(["inside"]);
    expect(await readdir(f)).toEqual(["related.json"]);
  });

  it("fails in a read-only folder with EACCES, leaving the old file and no temporary file", async () => {
    const f = await folder();
    await writeFile(join(f, "related.json"), "old");
    await chmod(f, 0o555);
    try {
      const root = process.getuid?.() === 0;
      if (root) {
        // root ignores permission bits: the same write, by an unprivileged user. The writer is
        // bundled into the test's own folder, so that user need not read the checkout (a clone in
        // a private folder, as mktemp -d makes, is not readable by others).
        await chmod(dir, 0o755);
        const bundle = join(dir, "atomic-write.mjs");
        await build({ entryPoints: [fileURLToPath(new URL("../src/node/atomic-write.ts", import.meta.url))], bundle: true, platform: "node", format: "esm", outfile: bundle, logLevel: "silent" });
        const script = `import { writeFileAtomic } from ${JSON.stringify(pathToFileURL(bundle).href)};
          writeFileAtomic(${JSON.stringify(join(f, "related.json"))}, "new").then(() => process.exit(0), (e) => { console.error(e.code); process.exit(3); });`;
        const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], { uid: 65534, gid: 65534, encoding: "utf8", cwd: dir });
        expect(run.status).toBe(3);
        expect(run.stderr.trim()).toBe("EACCES");
      } else {
        expect((await rejection(writeFileAtomic(join(f, "related.json"), "new"))).code).toBe("EACCES");
      }
      expect(await readFile(join(f, "related.json"), "utf8")).toBe("old");
      expect(await readdir(f)).toEqual(["related.json"]);
    } finally {
      await chmod(f, 0o755);
    }
  });
});
