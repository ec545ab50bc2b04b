/**
 * The static-site example, run as its README says: `node examples/static-site/build.mjs`, then the
 * lists it wrote are checked against what a reader of the site would expect.
 */
import { execFile } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_TIMEOUT, ROOT, ensureDist } from "./ensure-dist.js";

const run = promisify(execFile);
const SITE = join(ROOT, "examples", "static-site");
const K = 4;

const SECTIONS = {
  syria: ["syria-troop-drawdown", "syria-kurdish-partners", "syria-isis-detention-camps"],
  southChinaSea: ["south-china-sea-tribunal", "south-china-sea-shoal-standoff"],
  iranMissiles: ["iran-ballistic-missile-test", "iran-satellite-rocket"],
  iranActivists: ["iran-environmentalists-detained", "iran-environmentalists-trial"],
  sport: ["marathon-course-record", "cup-final-penalties", "league-title-race"],
  science: ["exoplanet-water-vapour", "deep-sea-microbes", "ancient-bird-fossil"],
};
const IRAN = [...SECTIONS.iranMissiles, ...SECTIONS.iranActivists];

let related: Record<string, { id: string; score: number }[]>;
let page: string;

const ids = (id: string, n = K) => (related[id] ?? []).slice(0, n).map((r) => r.id);
const others = (section: string[], id: string) => section.filter((x) => x !== id).sort();

beforeAll(async () => {
  await ensureDist();
  const { stdout } = await run(process.execPath, [join(SITE, "build.mjs")], { cwd: ROOT });
  expect(stdout).toContain("15 posts");
  related = JSON.parse(await readFile(join(SITE, "related.json"), "utf8")) as typeof related;
  page = await readFile(join(SITE, "out", "index.html"), "utf8");
}, BUILD_TIMEOUT);

describe("the static-site example", () => {
  it("writes a list of k related posts for every post", async () => {
    const posts = (await readdir(join(SITE, "posts"))).map((f) => f.replace(/\.md$/, "")).sort();
    expect(posts).toEqual(Object.values(SECTIONS).flat().sort());
    expect(Object.keys(related).sort()).toEqual(posts);
    for (const id of posts) {
      expect(related[id], id).toHaveLength(K);
      expect(ids(id), id).not.toContain(id);
    }
  });

  it("lists the other Syria posts first on each Syria post", () => {
    for (const id of SECTIONS.syria) expect(ids(id, 2).sort(), id).toEqual(others(SECTIONS.syria, id));
  });

  it("pairs the two South China Sea posts", () => {
    for (const id of SECTIONS.southChinaSea) expect(ids(id, 1), id).toEqual(others(SECTIONS.southChinaSea, id));
  });

  it("lists the other missile post first on an Iran missile post, then Iran's activists", () => {
    for (const id of SECTIONS.iranMissiles) {
      expect(ids(id, 1), id).toEqual(others(SECTIONS.iranMissiles, id));
      for (const r of ids(id, 3)) expect(IRAN, `${id} -> ${r}`).toContain(r);
    }
  });

  it("pairs the detained activists' posts, with an Iran missile post further down", () => {
    for (const id of SECTIONS.iranActivists) {
      expect(ids(id, 1), id).toEqual(others(SECTIONS.iranActivists, id));
      expect(ids(id).some((r) => SECTIONS.iranMissiles.includes(r)), id).toBe(true);
    }
  });

  it("keeps sport with sport and science with science", () => {
    for (const section of [SECTIONS.sport, SECTIONS.science]) {
      for (const id of section) expect(ids(id, 2).sort(), id).toEqual(others(section, id));
    }
  });

  it("ranks each list best first, scores in (0, 1]", () => {
    for (const [id, list] of Object.entries(related)) {
      for (let i = 0; i < list.length; i++) {
        const score = list[i]!.score;
        expect(score, id).toBeGreaterThan(0);
        expect(score, id).toBeLessThanOrEqual(1);
        if (i > 0) expect(score, id).toBeLessThanOrEqual(list[i - 1]!.score);
      }
    }
  });

  it("renders one section per post, each with its You May Also Like list of links", () => {
    const articles = page.split("<article ").slice(1);
    expect(articles).toHaveLength(15);
    const anchors = new Set([...page.matchAll(/<article id="([^"]+)"/g)].map((m) => m[1]));
    for (const section of articles) {
      const id = /data-id="([^"]+)"/.exec(section)?.[1] as string;
      expect(section).toContain("You May Also Like");
      expect(section).toMatch(/<h2>[^<]+<\/h2>/);
      expect(section).toMatch(/<time datetime="\d{4}-\d{2}-\d{2}">/);
      const links = [...section.matchAll(/<li><a href="#([^"]+)">[^<]+<\/a> <span class="score">(\d\.\d\d)<\/span><\/li>/g)];
      expect(links, id).toHaveLength(K);
      for (const [, target] of links) expect(anchors.has(target), `${id} -> ${target}`).toBe(true);
    }
  });
});
