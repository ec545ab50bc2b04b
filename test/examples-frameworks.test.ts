/**
 * examples/astro and examples/next: Astro and Next.js are not installed here (hundreds of MB),
 * so their build steps run as the frameworks' builds run them: `node scripts/related.mjs` (the
 * "prebuild" script), then, for Next.js, `getStaticPaths` and `getStaticProps` called as `next
 * build` calls them. The .astro and .jsx pages themselves are not rendered.
 */
import { execFile } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import matter from "gray-matter";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_TIMEOUT, ROOT, ensureDist } from "./ensure-dist.js";

const run = promisify(execFile);
const POSTS = join(ROOT, "examples", "static-site", "posts");
const SYRIA = ["syria-troop-drawdown", "syria-kurdish-partners", "syria-isis-detention-camps"];

interface Entry {
  id: string;
  score: number;
  title: string;
  url: string;
  date?: string;
}

let ids: string[];
const titles = new Map<string, string>();

beforeAll(async () => {
  await ensureDist();
  ids = (await readdir(POSTS)).filter((f) => f.endsWith(".md")).map((f) => f.slice(0, -3)).sort();
  for (const id of ids) titles.set(id, String(matter(await readFile(join(POSTS, `${id}.md`), "utf8")).data.title));
}, BUILD_TIMEOUT);

/** Checks one build step's related.json: a list per post, linked entries, Syria posts together. */
function checkLists(related: Record<string, Entry[]>, url: (id: string) => string): void {
  expect(Object.keys(related).sort()).toEqual(ids);
  for (const [id, list] of Object.entries(related)) {
    expect(list.length, id).toBeGreaterThan(0);
    expect(list.length, id).toBeLessThanOrEqual(4);
    for (const e of list) {
      expect(e.id).not.toBe(id);
      expect(e.title).toBe(titles.get(e.id));
      expect(e.url).toBe(url(e.id));
      expect(e.date).toMatch(/^\d{4}-\d\d-\d\dT00:00:00\.000Z$/);
    }
  }
  for (const id of SYRIA) expect(related[id]?.slice(0, 2).map((e) => e.id).sort()).toEqual(SYRIA.filter((x) => x !== id).sort());
}

describe("the Astro example's build step", () => {
  it("writes src/data/related.json with a list for every entry of the posts collection", async () => {
    const site = join(ROOT, "examples", "astro");
    const { stdout } = await run(process.execPath, ["scripts/related.mjs"], { cwd: site });
    expect(stdout).toBe("related.json: 15 posts\n");
    const related = JSON.parse(await readFile(join(site, "src", "data", "related.json"), "utf8")) as Record<string, Entry[]>;
    // Astro's glob loader names an entry by its path without extension, slugified: these file
    // names are already slugs, so the collection's ids are the file names.
    checkLists(related, (id) => `/posts/${id}/`);
  });
});

describe("the Next.js example's build step and data functions", () => {
  it("gives every page from getStaticPaths props with its list, all JSON-serializable", async () => {
    const site = join(ROOT, "examples", "next");
    const { stdout } = await run(process.execPath, ["scripts/related.mjs"], { cwd: site });
    expect(stdout).toBe("related.json: 15 posts\n");
    type Props = { props: { post: { id: string; title: string; date: string; body: string }; related: Entry[] } };
    const lib = (await import(pathToFileURL(join(site, "lib", "posts.mjs")).href)) as {
      getStaticPaths(): Promise<{ paths: { params: { id: string } }[]; fallback: boolean }>;
      getStaticProps(context: { params: { id: string } }): Promise<Props>;
    };
    const paths = await lib.getStaticPaths();
    expect(paths.fallback).toBe(false);
    expect(paths.paths.map((p) => p.params.id).sort()).toEqual(ids);
    const related: Record<string, Entry[]> = {};
    for (const { params } of paths.paths) {
      const result = await lib.getStaticProps({ params });
      // next build refuses props that JSON cannot carry (undefined, Date).
      expect(JSON.parse(JSON.stringify(result))).toEqual(result);
      expect(result.props.post.title).toBe(titles.get(params.id));
      related[params.id] = result.props.related;
    }
    checkLists(related, (id) => `/posts/${id}`);
  });
});
