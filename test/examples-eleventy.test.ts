/**
 * examples/eleventy, built by Eleventy itself (the @11ty/eleventy devDependency's command, run in
 * the example's folder as `npx @11ty/eleventy` runs it) into a temporary folder: every post page
 * shows its related posts, and every link points to a page the same build wrote.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUILD_TIMEOUT, ROOT, ensureDist } from "./ensure-dist.js";

const SITE = join(ROOT, "examples", "eleventy");
const PAIRS: Record<string, string> = {
  "sourdough-starter": "rye-bread-crumb",
  "rye-bread-crumb": "sourdough-starter",
  "spring-tides": "tide-tables",
  "tide-tables": "spring-tides",
  "chess-openings": "chess-endgames",
  "chess-endgames": "chess-openings",
};
/** Eleventy's URL of each post: its permalink, else /posts/<id>/. */
const urlOf = (id: string) => (id === "spring-tides" ? "/ocean/spring-tides/" : `/posts/${id}/`);

let out: string;
const pages = new Map<string, string>();

beforeAll(async () => {
  await ensureDist();
  out = await mkdtemp(join(tmpdir(), "alsolike-eleventy-"));
  const eleventy = join(ROOT, "node_modules", "@11ty", "eleventy", "cmd.cjs");
  const { stdout } = await promisify(execFile)(process.execPath, [eleventy, `--output=${out}`], { cwd: SITE });
  expect(stdout).toMatch(/Wrote 6 files/);
  for (const id of Object.keys(PAIRS)) pages.set(id, await readFile(join(out, urlOf(id), "index.html"), "utf8"));
}, BUILD_TIMEOUT);

afterAll(async () => {
  if (out) await rm(out, { recursive: true, force: true });
});

/** The links of a page's "You May Also Like" list: [href, text]. */
function alsoLike(html: string): [string, string][] {
  const list = /<ul class="also-like">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? "";
  return [...list.matchAll(/<li><a href="([^"]*)">([^<]*)<\/a><\/li>/g)].map((m) => [m[1] as string, m[2] as string]);
}

describe("the Eleventy example", () => {
  it("renders every post with up to three related posts, its topic's other post first", () => {
    // Only posts sharing a word with another post are listed (rye shares words with sourdough only).
    expect(alsoLike(pages.get("rye-bread-crumb") as string)).toEqual([["/posts/sourdough-starter/", "Keeping a sourdough starter alive"]]);
    expect(alsoLike(pages.get("sourdough-starter") as string)).toHaveLength(3);
    for (const [id, pair] of Object.entries(PAIRS)) {
      const links = alsoLike(pages.get(id) as string);
      expect(links.length, id).toBeGreaterThanOrEqual(1);
      expect(links.length, id).toBeLessThanOrEqual(3);
      expect(links[0]?.[0], id).toBe(urlOf(pair));
      expect(links.map(([href]) => href)).not.toContain(urlOf(id));
    }
  });

  it("links to pages the build wrote, with their titles from the front matter", async () => {
    for (const html of pages.values()) {
      for (const [href, text] of alsoLike(html)) {
        const target = join(out, href, "index.html");
        expect(existsSync(target), href).toBe(true);
        const title = /<h1>([^<]*)<\/h1>/.exec(await readFile(target, "utf8"))?.[1];
        expect(text).toBe(title);
      }
    }
    expect(alsoLike(pages.get("sourdough-starter") as string)[0]).toEqual(["/posts/rye-bread-crumb/", "Why rye bread has a dense crumb"]);
  });
});
