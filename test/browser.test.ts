/**
 * The package in a real browser. `test/browser/app.js` imports "alsolike" (and "alsolike/snapshots",
 * for save and load) the way a site would; it
 * is bundled with esbuild for the browser platform (so any Node built-in reachable from the entry
 * fails the build), served from 127.0.0.1 and driven in headless Chromium through playwright-core,
 * and its answers are compared with the same built code running in Node. The static-site example's
 * page is opened too, when the example is there.
 *
 * Needs /usr/bin/chromium (`.ci/install-browser` installs Debian's); without it the file is skipped.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { builtinModules } from "node:module";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { extname, join, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { build, type Metafile } from "esbuild";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadBrown, type BrownText } from "../scripts/brown.js";
import { BUILD_TIMEOUT, ROOT, ensureDist } from "./ensure-dist.js";

const run = promisify(execFile);
const CHROMIUM = process.env.ALSOLIKE_CHROMIUM ?? "/usr/bin/chromium";
const HAS_CHROMIUM = existsSync(CHROMIUM);
const SITE = join(ROOT, "examples", "static-site");
/** Generous: a cold Chromium start on a loaded 2-core machine takes several seconds. */
const TIMEOUT = 120_000;
const K = 10;
/** Brown texts per category: 4 x 15 categories = 60 articles, spread evenly within each category. */
const PER_CATEGORY = 4;

type Article = Pick<BrownText, "id" | "title" | "text">;
type Lists = [string, { id: string; score: number }[]][];
type Entry = typeof import("../src/index.js");

/** What test/browser/app.js puts on `window`. */
interface App {
  build(articles: Article[]): number;
  load(base64: string): number;
  recommendAll(ids: string[], k: number): Lists;
  save(): string;
}
declare global {
  interface Window {
    alsolikeApp: App;
  }
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
  ".css": "text/css",
};

/** A static file server for `root` on 127.0.0.1, random port. */
async function serve(root: string): Promise<{ server: Server; url: string }> {
  const base = resolve(root);
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    const file = resolve(base, `.${path.endsWith("/") ? `${path}index.html` : path}`);
    if (file !== base && !file.startsWith(base + sep)) {
      res.writeHead(403).end();
      return;
    }
    readFile(file).then(
      (body) => res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" }).end(body),
      () => res.writeHead(404).end("not found"),
    );
  });
  await new Promise<void>((ok, fail) => {
    server.once("error", fail);
    server.listen(0, "127.0.0.1", ok);
  });
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

function close(server: Server | undefined): Promise<void> {
  if (!server?.listening) return Promise.resolve();
  server.closeAllConnections();
  return new Promise((ok) => server.close(() => ok()));
}

/** Opens `url` in a fresh page; uncaught page errors and console errors are collected in `errors`. */
async function open(browser: Browser, url: string, errors: string[]): Promise<Page> {
  const page = await browser.newPage();
  // Nothing but the local server: the page must work offline.
  await page.route("**/*", (route) =>
    new URL(route.request().url()).hostname === "127.0.0.1" ? route.continue() : route.abort(),
  );
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`console.error: ${m.text()}`);
  });
  await page.goto(url);
  return page;
}

function expectSameLists(actual: Lists, expected: Lists): void {
  expect(actual.map(([id, list]) => [id, list.map((r) => r.id)])).toEqual(
    expected.map(([id, list]) => [id, list.map((r) => r.id)]),
  );
  for (let i = 0; i < expected.length; i++) {
    const [id, want] = expected[i] as Lists[number];
    const got = (actual[i] as Lists[number])[1];
    for (let j = 0; j < want.length; j++) {
      expect(Math.abs((got[j] as { score: number }).score - (want[j] as { score: number }).score), `${id} #${j}`).toBeLessThan(1e-9);
    }
  }
}

const title = HAS_CHROMIUM
  ? "the browser bundle in headless Chromium"
  : `the browser bundle in headless Chromium (skipped: ${CHROMIUM} not found; run .ci/install-browser)`;

if (!HAS_CHROMIUM) console.warn(`test/browser.test.ts: skipped, ${CHROMIUM} not found (run .ci/install-browser)`);

describe.skipIf(!HAS_CHROMIUM)(title, () => {
  let work: string | undefined;
  /** The copy of the static-site example (inside the repository: see the last test). */
  let site: string | undefined;
  let server: Server | undefined;
  let url: string;
  let browser: Browser | undefined;
  let page: Page;
  let bundle: string;
  let metafile: Metafile;
  const pageErrors: string[] = [];
  let alsolike: Entry;
  let articles: Article[];
  let ids: string[];

  beforeAll(async () => {
    await ensureDist();
    // The same built code the bundle holds, run in Node.
    alsolike = (await import(pathToFileURL(join(ROOT, "dist", "index.js")).href)) as Entry;
    const byCategory = new Map<string, BrownText[]>();
    for (const t of loadBrown()) byCategory.set(t.category, [...(byCategory.get(t.category) ?? []), t]);
    articles = [...byCategory.values()].flatMap((texts) =>
      Array.from({ length: PER_CATEGORY }, (_, i) => {
        const { id, title, text } = texts[Math.floor((i * texts.length) / PER_CATEGORY)] as BrownText;
        return { id, title, text };
      }),
    );
    expect(articles).toHaveLength(60);
    ids = articles.map((a) => a.id);

    work = await mkdtemp(join(tmpdir(), "alsolike-browser-"));
    // As a site bundles it: platform "browser" resolves "alsolike" through package.json "exports"
    // (the "browser" condition: the browser entry) and fails on any Node built-in it cannot resolve.
    const result = await build({
      absWorkingDir: ROOT,
      entryPoints: [join(ROOT, "test", "browser", "app.js")],
      bundle: true,
      platform: "browser",
      format: "esm",
      target: "es2022",
      outfile: join(work, "app.js"),
      metafile: true,
      logLevel: "silent",
    });
    metafile = result.metafile;
    bundle = await readFile(join(work, "app.js"), "utf8");
    await writeFile(
      join(work, "index.html"),
      '<!doctype html>\n<meta charset="utf-8">\n<title>alsolike in the browser</title>\n<script type="module" src="app.js"></script>\n',
    );
    ({ server, url } = await serve(work));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    page = await open(browser, `${url}/index.html`, pageErrors);
    await page.waitForFunction(() => document.documentElement.dataset.ready === "true");
  }, TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await close(server);
    for (const dir of [work, site]) if (dir) await rm(dir, { recursive: true, force: true });
  }, TIMEOUT);

  it("bundles the package entry, not its sources, and nothing from Node", () => {
    const inputs = Object.keys(metafile.inputs);
    expect(inputs).toContain("dist/browser.js");
    expect(inputs).toContain("dist/snapshots.js");
    expect(inputs).not.toContain("dist/index.js");
    expect(inputs.filter((p) => p.startsWith("src/"))).toEqual([]);
    const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    for (const [input, { imports }] of Object.entries(metafile.inputs)) {
      for (const imp of imports) {
        expect(imp.external ?? false, `${input} imports ${imp.path}`).toBe(false);
        expect(builtins.has(imp.path), `${input} imports ${imp.path}`).toBe(false);
      }
    }
    expect(bundle).not.toMatch(/["'`]node:/);
    // esbuild turns bundled CommonJS into `require_x()` calls; a require of a string is one it left for Node.
    expect(bundle.match(/\brequire\s*\(\s*["'`][^"'`]*["'`]\s*\)/g) ?? []).toEqual([]);
    expect(bundle).not.toMatch(/\bimport\s*\(\s*["'`]/);
  });

  it("answers recommend on an index built in the browser exactly as in Node", { timeout: TIMEOUT }, async () => {
    const expected: Lists = (() => {
      const rec = new alsolike.Recommender().add(articles);
      return ids.map((id) => [id, rec.recommend(id, { k: K })]);
    })();
    expect(await page.evaluate((a) => window.alsolikeApp.build(a), articles)).toBe(articles.length);
    const actual = await page.evaluate(([i, k]) => window.alsolikeApp.recommendAll(i, k), [ids, K] as const);
    expect(actual.every(([, list]) => list.length === K)).toBe(true);
    expectSameLists(actual, expected);
    // A snapshot saved in the browser loads in Node and answers as Node's own index does. (Bytes
    // may differ in the last bits of the stored norm sums: engines may round Math.log apart.)
    const saved = await page.evaluate(() => window.alsolikeApp.save());
    const fromBrowser = alsolike.Recommender.load(new Uint8Array(Buffer.from(saved, "base64")));
    expectSameLists(
      ids.map((id) => [id, fromBrowser.recommend(id, { k: K })] as Lists[number]),
      expected,
    );
    expect(pageErrors).toEqual([]);
  });

  it("loads a snapshot saved in Node and answers as Node does", { timeout: TIMEOUT }, async () => {
    const rec = new alsolike.Recommender().add(articles);
    const bytes = rec.save();
    const expected: Lists = ids.map((id) => [id, rec.recommend(id, { k: K })]);
    const base64 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
    expect(await page.evaluate((b) => window.alsolikeApp.load(b), base64)).toBe(articles.length);
    expectSameLists(await page.evaluate(([i, k]) => window.alsolikeApp.recommendAll(i, k), [ids, K] as const), expected);
    expect(pageErrors).toEqual([]);
  });

  it("renders every post's \"You May Also Like\" list on the static-site example's page", { timeout: TIMEOUT }, async (ctx) => {
    const script = join(SITE, "build.mjs");
    if (!existsSync(script)) ctx.skip(`${script} does not exist yet: nothing to open`);
    // Built in a copy of the example, so that this never races test/static-site.test.ts over the
    // same output files. The copy sits at the same depth under the repository as the original, so
    // the script's relative paths (../../dist) and its bare imports (node_modules) resolve alike.
    site = await mkdtemp(join(ROOT, "test", ".static-site-"));
    const skip = new Set([join(SITE, "out"), join(SITE, "related.json")]);
    await cp(SITE, site, { recursive: true, filter: (src) => !skip.has(src) });
    try {
      await run(process.execPath, [join(site, "build.mjs")], { cwd: ROOT, timeout: BUILD_TIMEOUT });
    } catch (e) {
      const stderr = (e as { stderr?: string }).stderr ?? String(e);
      throw new Error(`examples/static-site/build.mjs exists but failed, so there is no page to open:\n${stderr}`);
    }
    const out = join(site, "out");
    expect(existsSync(join(out, "index.html")), "build.mjs wrote out/index.html").toBe(true);

    const { server: siteServer, url: siteUrl } = await serve(out);
    const errors: string[] = [];
    let sitePage: Page | undefined;
    try {
      sitePage = await open(browser as Browser, `${siteUrl}/index.html`, errors);
      const rendered = await sitePage.$$eval("article[data-id]", (els) =>
        els.map((el) => ({
          id: el.getAttribute("data-id") as string,
          heading: el.querySelector("aside h3")?.textContent?.trim() ?? "",
          links: Array.from(el.querySelectorAll("ol.also-like li a"), (a) => a.getAttribute("href") ?? ""),
        })),
      );
      const posts = (await readdir(join(SITE, "posts"))).filter((f) => f.endsWith(".md")).map((f) => f.slice(0, -3));
      expect(rendered.map((r) => r.id).sort()).toEqual(posts.sort());
      for (const post of rendered) {
        expect(post.heading, post.id).toMatch(/you may also like/i);
        expect(post.links.length, `${post.id}: list items`).toBeGreaterThan(0);
      }
      // Every link points at a post on the page.
      const anchors = new Set(await sitePage.$$eval("article[id]", (els) => els.map((el) => `#${el.id}`)));
      for (const post of rendered) for (const href of post.links) expect(anchors.has(href), `${post.id} -> ${href}`).toBe(true);
      // The first Syria post on the page lists another Syria post first.
      const syria = rendered.find((r) => r.id.startsWith("syria-"));
      expect(syria, "a Syria post on the page").toBeDefined();
      const first = (syria as (typeof rendered)[number]).links[0] as string;
      expect(first).toMatch(/^#post-syria-/);
      expect(first).not.toBe(`#post-${(syria as (typeof rendered)[number]).id}`);
      expect(errors).toEqual([]);
    } finally {
      await sitePage?.close();
      await close(siteServer);
    }
  });
});
