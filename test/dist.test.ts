/**
 * Packaging tests: they run against the built `dist/` (built here if missing), the way a user gets it.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { builtinModules } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const DIST = join(ROOT, "dist");
// npm pack + npm install of natural's dependency tree is slow on a cold cache.
const SLOW = 120_000;

const ARTICLES = [
  { id: "syria-1", title: "US troops leave Syria", text: "American troops begin their withdrawal from northern Syria." },
  { id: "syria-2", title: "Syria withdrawal", text: "The Syria troop withdrawal worries Kurdish allies." },
  { id: "baking", title: "Sourdough at home", text: "Feed the starter, fold the dough, bake in a hot oven." },
];

async function node(args: string[], cwd = ROOT): Promise<{ stdout: string; stderr: string }> {
  return run(process.execPath, args, { cwd, maxBuffer: 16 << 20 });
}

beforeAll(async () => {
  if (!existsSync(join(DIST, "index.js"))) await run("npm", ["run", "build"], { cwd: ROOT, maxBuffer: 16 << 20 });
}, SLOW);

describe("the packed tarball", () => {
  let work: string;
  let project: string;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), "alsolike-pack-"));
    const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", work], { cwd: ROOT, maxBuffer: 16 << 20 });
    const [{ filename }] = JSON.parse(stdout) as [{ filename: string }];
    project = join(work, "project");
    await mkdir(project);
    await writeFile(join(project, "package.json"), JSON.stringify({ name: "scratch", private: true, type: "module" }));
    // --ignore-scripts: nothing tested here needs third-party install scripts.
    await run(
      "npm",
      ["install", join(work, filename), "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts"],
      { cwd: project, maxBuffer: 16 << 20 },
    );
  }, SLOW);

  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  // Each script prints the recommendations for "syria-1", how many names the second entry exports, and
  // whether every name exported by both entries is the same object (one copy of the core).
  const body = (main: string, sub: string) => `
const rec = new ${main}.Recommender();
rec.add(${JSON.stringify(ARTICLES)});
const common = Object.keys(${main}).filter((name) => name in ${sub});
console.log(JSON.stringify({
  top: rec.recommend("syria-1", { k: 2 }),
  subExports: Object.keys(${sub}).length,
  shared: common.length > 0 && common.every((name) => ${main}[name] === ${sub}[name]),
}));
`;
  const ESM = `import * as main from "alsolike";\nimport * as sub from "alsolike/node";\n${body("main", "sub")}`;
  const CJS = `const main = require("alsolike");\nconst sub = require("alsolike/node");\n${body("main", "sub")}`;

  interface Output {
    top: { id: string; score: number }[];
    subExports: number;
    shared: boolean;
  }

  async function runScript(file: string, source: string): Promise<Output> {
    await writeFile(join(project, file), source);
    const { stdout } = await node([file], project);
    return JSON.parse(stdout);
  }

  it("works with import (alsolike and alsolike/node) from an ESM project", { timeout: SLOW }, async () => {
    const out = await runScript("esm.mjs", ESM);
    expect(out.top[0]?.id).toBe("syria-2");
    expect(out.top.map((r) => r.id)).not.toContain("syria-1");
    expect(out.subExports).toBeGreaterThan(0);
  });

  it("works with require (alsolike and alsolike/node) from a CommonJS script", { timeout: SLOW }, async () => {
    const out = await runScript("cjs.cjs", CJS);
    expect(out.top[0]?.id).toBe("syria-2");
    expect(out.top.map((r) => r.id)).not.toContain("syria-1");
    expect(out.subExports).toBeGreaterThan(0);
  });

  it("gives the same results from the ESM and CJS builds", { timeout: SLOW }, async () => {
    const esm = await runScript("esm.mjs", ESM);
    const cjs = await runScript("cjs.cjs", CJS);
    expect(cjs.top).toEqual(esm.top);
  });

  it("shares one copy of the core between alsolike and alsolike/node, in both formats", { timeout: SLOW }, async () => {
    const esm = await runScript("esm.mjs", ESM);
    const cjs = await runScript("cjs.cjs", CJS);
    expect(esm.shared).toBe(true);
    expect(cjs.shared).toBe(true);
  });
});

/** Every module specifier a built file imports or requires, static or dynamic. */
function specifiers(code: string): string[] {
  const patterns = [
    /\bfrom\s*["']([^"']+)["']/g,
    /\bimport\s*["']([^"']+)["']/g,
    /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g,
    /\brequire\s*\(\s*["']([^"']+)["']\s*\)/g,
  ];
  return patterns.flatMap((re) => [...code.matchAll(re)].map((m) => m[1]!));
}

/** The bare specifiers reachable from an entry, following its relative imports (shared chunks). */
async function externalImports(entry: string): Promise<string[]> {
  const seen = new Set<string>();
  const external = new Set<string>();
  const queue = [join(DIST, entry)];
  for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    for (const spec of specifiers(await readFile(file, "utf8"))) {
      if (spec.startsWith(".")) queue.push(resolve(dirname(file), spec));
      else external.add(spec);
    }
  }
  return [...external].sort();
}

describe.each(["index.js", "index.cjs"])("the browser-safe entry dist/%s", (entry) => {
  let imports: string[];
  beforeAll(async () => {
    imports = await externalImports(entry);
  });

  it("imports nothing with the node: prefix", () => {
    expect(imports.filter((s) => s.startsWith("node:"))).toEqual([]);
  });

  it("imports no bare Node built-in (fs, path, os, crypto...)", () => {
    const builtins = new Set(builtinModules);
    expect(imports.filter((s) => builtins.has(s) || builtins.has(s.split("/")[0]!))).toEqual([]);
  });

  it("reaches natural only through deep natural/lib/ paths, never its root module", () => {
    const natural = imports.filter((s) => s === "natural" || s.startsWith("natural/"));
    expect(natural.length).toBeGreaterThan(0);
    expect(natural.filter((s) => !s.startsWith("natural/lib/"))).toEqual([]);
  });
});

describe("loading the main entry", () => {
  it("prints nothing to stdout under import", { timeout: SLOW }, async () => {
    const url = pathToFileURL(join(DIST, "index.js")).href;
    const { stdout } = await node(["--input-type=module", "-e", `await import(${JSON.stringify(url)});`]);
    expect(stdout).toBe("");
  });

  it("prints nothing to stdout under require", { timeout: SLOW }, async () => {
    const { stdout } = await node(["-e", `require(${JSON.stringify(join(DIST, "index.cjs"))});`]);
    expect(stdout).toBe("");
  });
});
