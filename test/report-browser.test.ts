/**
 * `alsolike report`, run as a user runs it, and its page opened from the file in headless
 * Chromium (playwright-core with Debian's Chromium, as test/browser.test.ts does): search an
 * article, click it, check the list's ids, scores, shared words and reasons against the library,
 * and take a screenshot. Every request the page makes is refused: it must need none.
 *
 * Needs /usr/bin/chromium (`.ci/install-browser`); without it the browser part is skipped.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { inflateSync } from "node:zlib";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Recommender } from "../src/index.js";
import { scriptJson } from "../src/node/report.js";
import { BUILD_TIMEOUT, CLI, ensureDist } from "./ensure-dist.js";

const CHROMIUM = process.env.ALSOLIKE_CHROMIUM ?? "/usr/bin/chromium";
const HAS_CHROMIUM = existsSync(CHROMIUM);
const run = promisify(execFile);

const HOSTILE = "Evil </script><script>window.pwned = 1</script> <!-- \u2028 & title";
const ARTICLES = [
  { id: "syria-a", title: "Troops leave Syria", topic: "world", date: "2019-10-08", related: ["cup"], text: "American troops begin to leave bases in northern Syria as the Pentagon reduces its presence." },
  { id: "syria-b", title: "Kurdish allies exposed", topic: "world", text: "Kurdish allies fear the withdrawal of American troops from Syria leaves them exposed." },
  { id: "syria-c", title: HOSTILE, topic: "world", text: "The Pentagon says troops leaving Syria will move to bases in Iraq, and Kurdish allies protest." },
  { id: "cup", title: "Cup final", topic: "sport", text: "The cup final went to penalties and the young goalkeeper saved two kicks for his team." },
  { id: "league", title: "League title race", topic: "sport", text: "The league title race ends as the goalkeeper keeps a clean sheet in the cup final." },
  { id: "__proto__", title: "Marathon record", topic: "sport", text: "A marathon runner broke the course record as the team cheered the final kicks." },
];

let dir: string;
let html: string;
let stderr: string;

beforeAll(async () => {
  await ensureDist();
  dir = await mkdtemp(join(tmpdir(), "alsolike-report-"));
  await writeFile(join(dir, "articles.jsonl"), ARTICLES.map((a) => JSON.stringify(a)).join("\n"));
  await run(process.execPath, [CLI, "build", "articles.jsonl", "-o", "site.alsolike", "--quiet"], { cwd: dir });
  ({ stderr } = await run(process.execPath, [CLI, "report", "--index", "site.alsolike", "-o", "report.html", "-k", "3", "--label", "topic", "--source", "articles.jsonl"], { cwd: dir }));
  html = await readFile(join(dir, "report.html"), "utf8");
}, BUILD_TIMEOUT);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The library's answers for the same articles (the index the CLI built). */
const reference = () => new Recommender().add(ARTICLES);

describe("alsolike report (the file)", () => {
  it("writes one self-contained page: no external URL, the data in one JSON script, one note line", () => {
    expect(stderr).toMatch(/^alsolike: report\.html: 6 articles, \d+ bytes, \d+ ms\n$/);
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).not.toMatch(/\b(src|href)=["']?(https?:)?\/\//);
    expect(html.match(/<script/g)).toHaveLength(2);
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    // The hostile title is in the data, escaped: no raw "<", U+2028 or "&".
    const data = /<script type="application\/json" id="data">([^]*?)<\/script>/.exec(html)?.[1] as string;
    expect(data).not.toMatch(/[<>&\u2028]/);
    expect((JSON.parse(data) as { titles: string[] }).titles).toContain(HOSTILE);
  });

  it("escapes </script>, <!--, & and U+2028/U+2029 in the embedded JSON", () => {
    expect(scriptJson({ t: "</script><!--&\u2028\u2029" })).toBe('{"t":"\\u003c/script\\u003e\\u003c!--\\u0026\\u2028\\u2029"}');
  });

  it("refuses --label without --source, and a missing -o, with exit 2", async () => {
    for (const args of [["--label", "topic"], ["--source", "articles.jsonl"], []]) {
      const extra = args.length === 0 ? [] : ["-o", "x.html", ...args];
      const result = await run(process.execPath, [CLI, "report", "--index", "site.alsolike", ...extra], { cwd: dir }).then(() => 0, (e: { code: number }) => e.code);
      expect(result, args.join(" ")).toBe(2);
    }
  });
});

/** Width and height of a PNG, and whether its pixels differ (decoded: 8-bit RGB or RGBA, no interlace). */
function pngFacts(png: Buffer): { width: number; height: number; distinctRows: number } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const colorType = png[25] as number;
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString("latin1", at + 4, at + 8);
    if (type === "IDAT") idat.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * (colorType === 6 ? 4 : 3) + 1;
  // Rows differ in filtered bytes when the picture has content; a blank page gives one kind of row.
  const rows = new Set<string>();
  for (let y = 0; y < height; y++) rows.add(raw.subarray(y * stride, (y + 1) * stride).toString("base64"));
  return { width, height, distinctRows: rows.size };
}

describe.skipIf(!HAS_CHROMIUM)("alsolike report (the page, in headless Chromium)", () => {
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  const requests: string[] = [];

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"] });
    page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    await page.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith("file:")) return route.continue();
      requests.push(url);
      return route.abort();
    });
    await page.goto(pathToFileURL(join(dir, "report.html")).href);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it("shows the index's stats and the eval figures", async () => {
    const stats = await page.locator("#stats").innerText();
    expect(stats).toContain("articles\t6");
    const rec = reference();
    expect(stats).toContain(`terms\t${rec.stats().terms}`);
    const ev = await page.locator("#eval").innerText();
    expect(ev).toMatch(/P@3\t\d\.\d{3}/);
    expect(ev).toMatch(/nDCG@3\t\d\.\d{3}/);
    expect(ev).toMatch(/MRR@3\t\d\.\d{3}/);
  });

  it("finds an article by title, and on click shows its list with the library's ids, scores, shared words and reasons", async () => {
    await page.fill("#search", "leave syr");
    await expect.poll(() => page.locator("#results li").count()).toBe(1);
    expect(await page.locator("#count").innerText()).toBe("1 match");
    await page.locator("#results li").first().click();
    expect(await page.locator("#detail h2").innerText()).toBe("Troops leave Syria");
    const rows = page.locator("#list tr[data-id]");
    const rec = reference();
    const expected = rec.recommend("syria-a", { k: 3 });
    expect(expected[0]).toMatchObject({ id: "cup", reason: "pinned" });
    expect(await rows.evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.id))).toEqual(expected.map((r) => r.id));
    expect(await rows.locator("td.score").allInnerTexts()).toEqual(expected.map((r) => r.score.toFixed(3)));
    const cells = await rows.evaluateAll((trs) => trs.map((tr) => Array.from(tr.children, (td) => (td as HTMLElement).innerText)));
    expect(cells[0]?.[4]).toBe("pinned");
    const words = rec.explain("syria-a", "syria-b").terms.slice(0, 5).map((t) => t.term).join(", ");
    expect(cells.find((c) => c[2]?.includes("syria-b"))?.[3]).toBe(words);
    // The hostile title is shown as text, and ran nothing.
    expect(cells.find((c) => c[2]?.includes("syria-c"))?.[2]).toContain("Evil </script><script>window.pwned = 1</script> <!--");
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
  });

  it("follows a link in the list to that article, and finds ids such as __proto__", async () => {
    await page.locator("#list a.goto", { hasText: "Kurdish allies exposed" }).click();
    expect(await page.locator("#detail h2").innerText()).toBe("Kurdish allies exposed");
    await page.fill("#search", "__proto__");
    await expect.poll(() => page.locator("#results li").count()).toBe(1);
    await page.locator("#results li").first().click();
    expect(await page.locator("#detail h2").innerText()).toBe("Marathon record");
    const ids = await page.locator("#list tr[data-id]").evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.id));
    expect(ids).toEqual(reference().recommend("__proto__", { k: 3 }).map((r) => r.id));
  });

  it("renders a non-blank screenshot, made no network request and logged no error", async () => {
    const png = await page.screenshot({ fullPage: true });
    const facts = pngFacts(png);
    expect(facts.width).toBe(1100);
    expect(facts.height).toBeGreaterThanOrEqual(800);
    expect(facts.distinctRows).toBeGreaterThan(50);
    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
  });
});
