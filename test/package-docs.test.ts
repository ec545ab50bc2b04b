/**
 * What the registry shows of the package: the README's links must work on the package's page
 * (where only the packed files exist), the package must carry its licence and changelog, and the
 * API reference must build from the TSDoc comments of the published entries without a warning.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_TIMEOUT, ensureDist, ROOT } from "./ensure-dist.js";

const run = promisify(execFile);
const REPO = "https://github.com/alsolike/alsolike";

/** Every link target of a Markdown text: inline links and images, reference definitions, HTML href/src. Code is not read. */
function linkTargets(markdown: string): string[] {
  // Fenced blocks and inline code spans hold commands and paths, not links.
  const prose = markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, "").replace(/(`+)[\s\S]*?\1/g, "");
  const out: string[] = [];
  for (const m of prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) out.push(m[1] as string);
  for (const m of prose.matchAll(/^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)) out.push(m[1] as string);
  for (const m of prose.matchAll(/\b(?:href|src)\s*=\s*["']([^"']+)["']/g)) out.push(m[1] as string);
  return out;
}

/** A heading's anchor as GitHub and the npm registry make it: lowercase, punctuation out, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/`/g, "")
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

/** What is wrong with each link of `markdown`, given the files the package holds and the repository's files. */
function brokenLinks(markdown: string, packed: ReadonlySet<string>, inRepo: (path: string) => boolean): string[] {
  const anchors = new Set([...markdown.replace(/^```[\s\S]*?^```/gm, "").matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) => slug(m[1] as string)));
  const faults: string[] = [];
  for (const target of linkTargets(markdown)) {
    if (target.startsWith("#")) {
      if (!anchors.has(target.slice(1))) faults.push(`${target}: no such heading`);
      continue;
    }
    if (target.startsWith(`${REPO}/blob/main/`) || target.startsWith(`${REPO}/tree/main/`)) {
      const path = decodeURIComponent(target.slice(`${REPO}/blob/main/`.length).replace(/[?#].*$/, ""));
      if (!inRepo(path)) faults.push(`${target}: not in the repository`);
      continue;
    }
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith("//")) continue;
    // Relative: the registry's page has only the packed files.
    const path = decodeURIComponent(target.replace(/[?#].*$/, "")).replace(/^\.\//, "").replace(/\/$/, "");
    const isPacked = packed.has(path) || [...packed].some((f) => f.startsWith(`${path}/`));
    if (!isPacked) faults.push(`${target}: not in the package`);
  }
  return faults;
}

describe("the README on the registry's page", () => {
  let packed: Set<string>;
  let readme: string;

  beforeAll(async () => {
    await ensureDist();
    const { stdout } = await run("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: ROOT, maxBuffer: 16 << 20 });
    const [info] = JSON.parse(stdout) as { files: { path: string }[] }[];
    packed = new Set((info?.files ?? []).map((f) => f.path));
    readme = await readFile(join(ROOT, "README.md"), "utf8");
  }, BUILD_TIMEOUT);

  it("links only to packed files, headings that exist, and files of the repository by absolute address", () => {
    expect(packed.has("README.md")).toBe(true);
    expect(brokenLinks(readme, packed, (p) => existsSync(join(ROOT, p)))).toEqual([]);
  });

  it("ships the licence and the changelog it links to", () => {
    expect(packed.has("LICENSE")).toBe(true);
    expect(packed.has("CHANGELOG.md")).toBe(true);
    expect(linkTargets(readme)).toEqual(expect.arrayContaining(["LICENSE", "CHANGELOG.md"]));
  });

  it("finds a relative link to an unpacked file, a missing heading and a repository path that does not exist", () => {
    const text = [
      "# Title",
      "## Kept lists",
      "See [the example](examples/static-site/), ![chart](bench/scale.svg), [design](./DESIGN.md),",
      "[ok](#kept-lists), [gone](#no-such), [dist](dist/index.js), [abs](https://example.com/x),",
      `[repo](${REPO}/blob/main/DESIGN.md), [typo](${REPO}/blob/main/DESIGNS.md), <img src="bench/chart.png">`,
      "[ref]: LICENSE",
      "`[not a link](nowhere.md)`",
      "```md\n[also not](nowhere.md)\n```",
    ].join("\n");
    const faults = brokenLinks(text, new Set(["README.md", "LICENSE", "dist/index.js", "package.json"]), (p) => p === "DESIGN.md");
    expect(faults).toEqual([
      "examples/static-site/: not in the package",
      "bench/scale.svg: not in the package",
      "./DESIGN.md: not in the package",
      "#no-such: no such heading",
      `${REPO}/blob/main/DESIGNS.md: not in the repository`,
      "bench/chart.png: not in the package",
    ]);
  });
});

describe("package.json", () => {
  it("names the repository, its home page and its issue tracker, and a bin path npm accepts", async () => {
    const pkg = JSON.parse(await readFile(join(ROOT, "package.json"), "utf8")) as Record<string, unknown>;
    expect(pkg.license).toBe("MIT");
    expect(pkg.repository).toEqual({ type: "git", url: `git+${REPO}.git` });
    expect(pkg.homepage).toBe(`${REPO}#readme`);
    expect(pkg.bugs).toEqual({ url: `${REPO}/issues` });
    // "./dist/cli.js" makes `npm publish` drop the command ("script name ... was invalid and removed").
    expect(pkg.bin).toEqual({ alsolike: "dist/cli.js" });
    const licence = await readFile(join(ROOT, "LICENSE"), "utf8");
    expect(licence).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} the alsolike authors\n/);
  });
});

describe("npm run docs", () => {
  it(
    "builds the API reference of every published entry from the TSDoc, with no warning",
    async () => {
      const out = await mkdtemp(join(tmpdir(), "alsolike-docs-"));
      try {
        // typedoc.json treats warnings (an exported type that is not documented, a broken link) as errors.
        await run("npx", ["typedoc", "--out", out], { cwd: ROOT, maxBuffer: 16 << 20 });
        for (const page of ["modules/alsolike.html", "modules/alsolike_node.html", "modules/alsolike_lang_fr.html", "classes/alsolike.Recommender.html"]) {
          expect(existsSync(join(out, page)), page).toBe(true);
        }
        const recommender = await readFile(join(out, "classes/alsolike.Recommender.html"), "utf8");
        for (const member of ["recommend", "recommendText", "relatedAll", "explain", "save", "load"]) expect(recommender).toContain(`id="${member.toLowerCase()}"`);
      } finally {
        await rm(out, { recursive: true, force: true });
      }
    },
    BUILD_TIMEOUT,
  );
});
