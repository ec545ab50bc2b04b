/**
 * alsolike/node inside other people's builds, from the packed tarball as a user installs it (and
 * alsolike itself in webpack's production builds for the web and for a server):
 * bundled by esbuild (ESM, and CommonJS from `import` and from `require`) and webpack (ESM and
 * CommonJS), where the worker file is left behind, relatedAll falls back to one thread with one warning and the same lists, and
 * front matter parses without a runtime require; and its types, compiled by tsc under node10,
 * node16 and bundler resolution.
 */
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { build } from "esbuild";
import webpack from "webpack";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUILD_TIMEOUT, ROOT, ensureDist } from "./ensure-dist.js";

const run = promisify(execFile);
const SLOW = 180_000;

let work: string;
let project: string;

beforeAll(async () => {
  await ensureDist();
  work = await mkdtemp(join(tmpdir(), "alsolike-bundlers-"));
  const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", work], { cwd: ROOT, maxBuffer: 16 << 20 });
  const [{ filename }] = JSON.parse(stdout) as [{ filename: string }];
  project = join(work, "project");
  await mkdir(join(project, "posts"), { recursive: true });
  await writeFile(join(project, "package.json"), JSON.stringify({ name: "scratch", private: true }));
  await run("npm", ["install", join(work, filename), "--omit=dev", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts"], { cwd: project, maxBuffer: 16 << 20 });
  await writeFile(join(project, "posts", "hugo.md"), '+++\ntitle = "Night trains"\ndate = 2023-03-14T08:00:00Z\ntags = ["rail"]\n+++\nSleeper [trains](https://example.com) run at night.\n');
  await writeFile(join(project, "posts", "jekyll.md"), "---\ntitle: Day trains\ndate: 2023-03-15\n---\nTrains run by day.\n");
}, BUILD_TIMEOUT + SLOW);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

/**
 * The script every variant runs: 2,100 seeded articles (threads start from 2,000), every list
 * twice from two indexes (so a second warning would show), and a folder with TOML and YAML front matter.
 */
const SCRIPT_BODY = `
const syllables = ["ka", "lo", "mi", "ne", "ru", "ta", "vo", "shi", "dan", "per", "gol", "tri"];
let seed = 7;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const words = Array.from({ length: 600 }, (_, i) => syllables[i % 12] + syllables[Math.floor(i / 12) % 12] + syllables[Math.floor(i / 144) % 12]);
const articles = Array.from({ length: 2100 }, (_, i) => {
  const topic = i % 30;
  const text = Array.from({ length: 40 }, () => (rand() < 0.6 ? words[topic * 20 + Math.floor(rand() * 20)] : words[Math.floor(rand() * 600)])).join(" ");
  return { id: "a" + i, text };
});
async function main() {
  const warnings = [];
  const onWarning = (m) => warnings.push(m);
  const lists = await relatedAll(new Recommender().add(articles), { k: 5, onWarning });
  const again = await relatedAll(new Recommender().add(articles), { k: 5, onWarning });
  const posts = await readArticles(process.argv[2]);
  process.stdout.write(JSON.stringify({ lists: [...lists], same: JSON.stringify([...again]) === JSON.stringify([...lists]), warnings, posts }));
}
`;
const ESM = `import { Recommender, readArticles, relatedAll } from "alsolike/node";\n${SCRIPT_BODY}\nawait main();\n`;
const REQUIRE = `const { Recommender, readArticles, relatedAll } = require("alsolike/node");\n${SCRIPT_BODY}\nmain();\n`;
const IMPORT_AS_CJS = `import { Recommender, readArticles, relatedAll } from "alsolike/node";\n${SCRIPT_BODY}\nmain();\n`;

interface Output {
  lists: [string, { id: string; score: number }[]][];
  same: boolean;
  warnings: string[];
  posts: { id: string; title: string; text: string; date: string; tags?: string[] }[];
}

let unbundledRun: Promise<Output> | undefined;

/** The script run by node from the installed package, as the reference: once per file. */
function unbundledOutput(): Promise<Output> {
  unbundledRun ??= writeFile(join(project, "plain.mjs"), ESM).then(() => runFile(join(project, "plain.mjs")));
  return unbundledRun;
}

async function runFile(file: string): Promise<Output> {
  const { stdout } = await run(process.execPath, [file, join(project, "posts")], { cwd: project, maxBuffer: 64 << 20 });
  return JSON.parse(stdout) as Output;
}

async function bundle(name: string, source: string, format: "esm" | "cjs"): Promise<string> {
  const entry = join(project, `${name}.src.${format === "esm" ? "mjs" : "cjs"}`);
  await writeFile(entry, source);
  // The bundle goes to its own folder, as a deployed function's would: nothing of alsolike beside it.
  const outfile = join(project, "out", `${name}.${format === "esm" ? "mjs" : "cjs"}`);
  await build({ entryPoints: [entry], bundle: true, platform: "node", format, outfile, logLevel: "silent", target: "node20" });
  return outfile;
}

describe("alsolike/node bundled by esbuild", () => {
  let unbundled: Output;

  beforeAll(async () => {
    unbundled = await unbundledOutput();
  }, SLOW);

  it("unbundled, runs relatedAll on worker threads without a warning", () => {
    expect(unbundled.warnings).toEqual([]);
    expect(unbundled.lists).toHaveLength(2100);
    expect(unbundled.same).toBe(true);
  });

  for (const [name, source, format] of [
    ["esm", ESM, "esm"],
    ["cjs-from-require", REQUIRE, "cjs"],
    ["cjs-from-import", IMPORT_AS_CJS, "cjs"],
  ] as const) {
    it(`${name}: relatedAll falls back to one thread, the same lists, and warns once`, { timeout: SLOW }, async () => {
      const out = await runFile(await bundle(name, source, format));
      expect(out.lists).toEqual(unbundled.lists);
      expect(out.same).toBe(true);
      expect(out.warnings).toHaveLength(1);
      expect(out.warnings[0]).toMatch(/^relatedAll runs on one thread: its worker file .*(is missing|cannot be located)/);
    });

    it(`${name}: reads TOML and YAML front matter, as unbundled`, { timeout: SLOW }, async () => {
      const out = await runFile(join(project, "out", `${name}.${format === "esm" ? "mjs" : "cjs"}`));
      expect(out.posts).toEqual(unbundled.posts);
      expect(out.posts).toEqual([
        { id: "hugo", title: "Night trains", date: "2023-03-14T08:00:00.000Z", tags: ["rail"], text: "Sleeper trains run at night." },
        { id: "jekyll", title: "Day trains", date: "2023-03-15T00:00:00.000Z", text: "Trains run by day." },
      ]);
    });
  }
});

/** webpack's Node API (no webpack-cli needed), production mode, unminified. */
async function pack(name: string, source: string, format: "esm" | "cjs"): Promise<string> {
  const entry = join(project, `${name}.src.${format === "esm" ? "mjs" : "cjs"}`);
  await writeFile(entry, source);
  const esm = format === "esm";
  const filename = `${name}.${esm ? "mjs" : "cjs"}`;
  const stats = await new Promise<webpack.Stats>((resolve, reject) => {
    webpack(
      {
        mode: "production",
        target: "node20",
        context: project,
        entry,
        output: { path: join(project, "out"), filename, module: esm, chunkFormat: esm ? "module" : "commonjs", ...(esm ? { library: { type: "module" } } : {}) },
        experiments: { outputModule: esm },
        optimization: { minimize: false },
      },
      (error, result) => (error || !result ? reject(error ?? new Error("no stats")) : resolve(result)),
    );
  });
  expect(stats.toJson({ all: false, errors: true }).errors).toEqual([]);
  return join(project, "out", filename);
}

describe("alsolike/node bundled by webpack", () => {
  let unbundled: Output;

  beforeAll(async () => {
    unbundled = await unbundledOutput();
  }, SLOW);

  it("cjs: relatedAll falls back to one thread, the same lists, and warns once; front matter as unbundled", { timeout: SLOW }, async () => {
    const out = await runFile(await pack("webpack-cjs", REQUIRE, "cjs"));
    expect(out.lists).toEqual(unbundled.lists);
    expect(out.warnings).toHaveLength(1);
    expect(out.warnings[0]).toMatch(/^relatedAll runs on one thread: its worker file .* is missing/);
    expect(out.posts).toEqual(unbundled.posts);
  });

  it("esm: webpack points import.meta.url at the installed file, so the workers run from there; without it, one thread and one warning", { timeout: SLOW }, async () => {
    const bundled = await pack("webpack-esm", ESM, "esm");
    const installed = await runFile(bundled);
    expect(installed.lists).toEqual(unbundled.lists);
    expect(installed.warnings).toEqual([]);
    // As deployed where the build machine's node_modules is not.
    const worker = join(project, "node_modules", "alsolike", "dist", "alsolike-worker.js");
    await rename(worker, `${worker}.away`);
    try {
      const deployed = await runFile(bundled);
      expect(deployed.lists).toEqual(unbundled.lists);
      expect(deployed.warnings).toHaveLength(1);
      expect(deployed.warnings[0]).toMatch(/^relatedAll runs on one thread: its worker file .*alsolike-worker\.js is missing/);
      expect(deployed.posts).toEqual(unbundled.posts);
    } finally {
      await rename(`${worker}.away`, worker);
    }
  });
});

/**
 * The main entry as a site's webpack build takes it: for the web (target "web": package.json's
 * "browser" condition, the browser entry, which adds save/load with "alsolike/snapshots") and for
 * a server (target "node": the main entry, every part without an import). Production mode, so
 * webpack's sideEffects pruning runs: a part's entry and the main entry's installing call must survive it.
 */
const PARTS_SCRIPT = (imports: string, from = "alsolike") => `import { Recommender } from "${from}";
${imports}
const rec = new Recommender().add([
  { id: "a", text: "Syria troops withdrawal from Syria" },
  { id: "b", text: "Syria troops stay in Syria" },
  { id: "c", text: "Bread dough in a hot oven" },
  { id: "d", text: "Oven bread and dough" },
]);
const code = (f) => { try { f(); return null; } catch (e) { return e.code; } };
console.log(JSON.stringify({
  top: rec.recommend("a", { k: 2 }),
  loaded: Recommender.load(rec.save()).recommend("a", { k: 2 }),
  relatedAll: code(() => rec.relatedAll({ k: 2 })),
  keepLists: rec.keepLists,
  french: code(() => new Recommender({ language: "fr" })),
}));
`;

interface PartsOutput {
  top: { id: string }[];
  loaded: unknown;
  relatedAll: string | null;
  keepLists: boolean;
  /** The code `language: "fr"` throws: alsolike/node registers every language, the main entry English only. */
  french: string | null;
}

async function packFor(target: "web" | "node20", name: string, source: string): Promise<{ file: string; modules: string[] }> {
  const entry = join(project, `${name}.src.mjs`);
  await writeFile(entry, source);
  const stats = await new Promise<webpack.Stats>((resolve, reject) => {
    webpack(
      { mode: "production", target, context: project, entry, output: { path: join(project, "out"), filename: `${name}.js` }, optimization: { minimize: false } },
      (error, result) => (error || !result ? reject(error ?? new Error("no stats")) : resolve(result)),
    );
  });
  const json = stats.toJson({ all: false, errors: true, modules: true, nestedModules: true });
  expect(json.errors).toEqual([]);
  const names = (json.modules ?? []).flatMap((m) => [m.name ?? "", ...(m.modules ?? []).map((n) => n.name ?? "")]);
  return { file: join(project, "out", `${name}.js`), modules: names.filter((n) => n.includes("node_modules/alsolike/")) };
}

describe("alsolike bundled by webpack in production mode", () => {
  it("for the web: the browser entry, save and load with import \"alsolike/snapshots\", relatedAll refused by name", { timeout: SLOW }, async () => {
    const { file, modules } = await packFor("web", "webpack-web", PARTS_SCRIPT('import "alsolike/snapshots";'));
    // webpack links "alsolike" straight to the chunks dist/browser.js re-exports (it has no side
    // effect); the part's entry stays (package.json lists it in "sideEffects"), the main entry never comes.
    expect(modules.some((m) => m.endsWith("dist/snapshots.js"))).toBe(true);
    expect(modules.some((m) => m.endsWith("dist/index.js"))).toBe(false);
    const { stdout } = await run(process.execPath, [file], { cwd: project });
    const out = JSON.parse(stdout) as PartsOutput;
    expect(out.top.map((r) => r.id)).toEqual(["b"]);
    expect(out.loaded).toEqual(out.top);
    expect(out.relatedAll).toBe("NOT_IMPORTED");
    expect(out.keepLists).toBe(false);
    expect(out.french).toBe("INVALID_OPTION");
  });

  it("for a server: the main entry with every part, no import needed", { timeout: SLOW }, async () => {
    const { file, modules } = await packFor("node20", "webpack-server", PARTS_SCRIPT(""));
    expect(modules.some((m) => m.endsWith("dist/index.js"))).toBe(true);
    expect(modules.some((m) => m.endsWith("dist/browser.js"))).toBe(false);
    const { stdout } = await run(process.execPath, [file], { cwd: project });
    const out = JSON.parse(stdout) as PartsOutput;
    expect(out.top.map((r) => r.id)).toEqual(["b"]);
    expect(out.loaded).toEqual(out.top);
    expect(out.relatedAll).toBeNull();
    expect(out.keepLists).toBe(true);
    expect(out.french).toBe("INVALID_OPTION");
  });

  it("for a server, from alsolike/node: every part, even when only the Recommender is used", { timeout: SLOW }, async () => {
    const { file } = await packFor("node20", "webpack-server-node", PARTS_SCRIPT("", "alsolike/node"));
    const { stdout } = await run(process.execPath, [file], { cwd: project });
    const out = JSON.parse(stdout) as PartsOutput;
    expect(out.top.map((r) => r.id)).toEqual(["b"]);
    expect(out.loaded).toEqual(out.top);
    expect(out.relatedAll).toBeNull();
    expect(out.keepLists).toBe(true);
    expect(out.french).toBeNull();
  });
});

describe("alsolike's types under every moduleResolution", () => {
  const CONSUMER = `import { Recommender, readArticles, relatedAll, type ArticleWithLabel, type ParallelRelatedAllOptions } from "alsolike/node";
import { Recommender as Core, RecommenderError } from "alsolike";
const options: ParallelRelatedAllOptions = { threads: 2, k: 5, onWarning: (message: string) => console.log(message) };
const rec: Core = new Recommender().add([{ id: "a", text: "x" }]);
export const lists: Promise<Map<string, { id: string; score: number }[]>> = relatedAll(rec, options);
export const url: Promise<string | undefined> = readArticles("posts", { drafts: true, code: "drop", encoding: "latin1" }).then((a: ArticleWithLabel[]) => a[0]?.url);
export const code: string = new RecommenderError("INVALID_OPTION", "m").code;
// @ts-expect-error: code is "keep" or "drop"
readArticles("posts", { code: "strip" });
`;
  const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");

  for (const [resolution, module, ext] of [
    ["node10", "commonjs", "ts"],
    ["node16", "node16", "mts"],
    ["node16", "node16", "cts"],
    ["bundler", "esnext", "ts"],
  ] as const) {
    it(`compiles a consumer (.${ext}) under moduleResolution ${resolution}`, { timeout: SLOW }, async () => {
      const file = join(project, `consumer-${resolution}.${ext}`);
      await writeFile(file, CONSUMER);
      const args = [tsc, "--noEmit", "--strict", "--skipLibCheck", "false", "--target", "es2022", "--module", module, "--moduleResolution", resolution, "--typeRoots", join(ROOT, "node_modules", "@types"), "--types", "node", file];
      const result = await run(process.execPath, args, { cwd: project }).then(
        () => ({ ok: true, out: "" }),
        (e: { stdout: string }) => ({ ok: false, out: e.stdout }),
      );
      expect(result.out).toBe("");
      expect(result.ok).toBe(true);
    });
  }
});
