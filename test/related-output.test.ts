/**
 * Related lists as templates use them: src/node/related-output.ts (entries with title, url and
 * date; URL patterns; JSON Lines; HTML snippets and where they go), and `alsolike all --format
 * json|jsonl|html --url-pattern` run as a user runs it (`node dist/cli.js` in a temporary folder).
 */
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { Recommender } from "../src/index.js";
import { EntryLinker, escapeHtml, expandUrlPattern, htmlSnippet, linkableUrl, listsJsonl, parseUrlPattern, snippetPath } from "../src/node/related-output.js";
import { BUILD_TIMEOUT, CLI, ensureDist } from "./ensure-dist.js";

vi.setConfig({ testTimeout: 30_000 });

const at = (id: string, extra: Record<string, unknown> = {}) => ({ id, tags: [], related: [], ...extra });

describe("URL patterns", () => {
  it("fills {id}, {slug}, {section}, {yyyy}, {mm}, {dd} (UTC), percent-encoding each path segment", () => {
    const p = parseUrlPattern("/{section}/{yyyy}/{mm}/{dd}/{slug}/");
    const a = at("2019/ca02", { section: "Middle East", date: new Date("2019-03-04T23:30:00-05:00") });
    expect(expandUrlPattern(p, a)).toBe("/Middle%20East/2019/03/05/ca02/");
    expect(expandUrlPattern(p, { ...a, slug: "café au lait?" })).toBe("/Middle%20East/2019/03/05/caf%C3%A9%20au%20lait%3F/");
    expect(expandUrlPattern(parseUrlPattern("https://x.example/{id}.html"), a)).toBe("https://x.example/2019/ca02.html");
    expect(expandUrlPattern(parseUrlPattern("/p/{id}/"), at("__proto__"))).toBe("/p/__proto__/");
    expect(expandUrlPattern(parseUrlPattern("/{{raw}}/{id}"), at("a"))).toBe("/{raw}/a");
  });

  it("makes no URL when the article lacks a value the pattern needs", () => {
    expect(expandUrlPattern(parseUrlPattern("/{yyyy}/{slug}/"), at("a"))).toBeUndefined();
    expect(expandUrlPattern(parseUrlPattern("/{section}/{slug}/"), at("a"))).toBeUndefined();
  });

  it("refuses unknown placeholders, lone braces and patterns without a placeholder (INVALID_OPTION)", () => {
    for (const bad of ["/posts/{title}/", "/posts/{slug", "/posts/}/{id}", "/posts/static/", "", "/{}/{id}"]) {
      expect(() => parseUrlPattern(bad), bad).toThrow(expect.objectContaining({ code: "INVALID_OPTION" }));
    }
  });
});

describe("entries and HTML snippets", () => {
  const rec = new Recommender().add([
    { id: "a", title: "Troops <leave> Syria & \"more\"", url: "/world/a/", text: "troops syria pentagon kurdish", date: "2024-01-08" },
    { id: "b", title: "Syria plan", text: "syria troops plan withdrawal", slug: "syria-plan" },
    { id: "c", title: "Evil", url: "javascript:alert(1)", text: "syria troops evil" },
    { id: "d", text: "syria pentagon troops plan" },
  ]);
  const lists = rec.relatedAll({ k: 3 });

  it("carries title, url (own, else from the pattern) and date, in the order id, score, title, url, date", () => {
    const linker = new EntryLinker(rec, parseUrlPattern("/posts/{slug}/"));
    const e = (r: { id: string; score: number }) => JSON.stringify(linker.entry(r));
    expect(e({ id: "a", score: 0.5 })).toBe('{"id":"a","score":0.5,"title":"Troops <leave> Syria & \\"more\\"","url":"/world/a/","date":"2024-01-08T00:00:00.000Z"}');
    expect(e({ id: "b", score: 0.25 })).toBe('{"id":"b","score":0.25,"title":"Syria plan","url":"/posts/syria-plan/"}');
    expect(linker.entry({ id: "d", score: 0, reason: "fallback" })).toEqual({ id: "d", score: 0, url: "/posts/d/", reason: "fallback" });
    expect(new EntryLinker(rec).entry({ id: "d", score: 0.1 })).toEqual({ id: "d", score: 0.1 });
  });

  it("writes JSON Lines: one { id, related } per article, in index order", () => {
    const lines = listsJsonl(lists, new EntryLinker(rec)).trimEnd().split("\n").map((l) => JSON.parse(l) as { id: string; related: { id: string; score: number }[] });
    expect(lines.map((l) => l.id)).toEqual(["a", "b", "c", "d"]);
    for (const l of lines) expect(l.related.map((r) => [r.id, r.score])).toEqual((lists.get(l.id) ?? []).map((r) => [r.id, r.score]));
  });

  it("escapes every value, links only relative and http(s) URLs, and writes nothing for an empty list", () => {
    const linker = new EntryLinker(rec);
    expect(htmlSnippet([{ id: "a", score: 0.9 }, { id: "c", score: 0.5 }, { id: "d", score: 0.1, reason: "pinned" }], linker)).toBe(
      '<ul class="alsolike-related">\n' +
        '  <li><a href="/world/a/">Troops &lt;leave&gt; Syria &amp; &quot;more&quot;</a></li>\n' +
        "  <li>Evil</li>\n" +
        '  <li data-reason="pinned">d</li>\n' +
        "</ul>\n",
    );
    expect(htmlSnippet([], linker)).toBe("");
    expect(escapeHtml(`<script>'&"</script>`)).toBe("&lt;script&gt;&#39;&amp;&quot;&lt;/script&gt;");
    for (const ok of ["/a/", "a/b", "https://x.example/", "HTTP://x", "#top", "?q=1", "./x:y"]) expect(linkableUrl(ok), ok).toBe(true);
    for (const bad of ["javascript:alert(1)", " JavaScript:x", "java\tscript:x", "data:text/html,x", "vbscript:x", "file:///etc/passwd"]) expect(linkableUrl(bad), bad).toBe(false);
  });

  it("puts each snippet under the folder, whatever the id", () => {
    const folder = resolve("/site/related");
    const ids = ["2019/ca02", "__proto__", "..", "../../etc/passwd", ".", "a//b", "/abs", "a\\b", "C:x", "%2E%2E", "a\u0000b", "東京"];
    const paths = ids.map((id) => snippetPath(folder, id));
    for (const p of paths) {
      const rel = relative(folder, p);
      expect(rel.startsWith(".."), p).toBe(false);
      expect(p.endsWith(".html")).toBe(true);
    }
    expect(new Set(paths).size).toBe(ids.length);
    expect(relative(folder, paths[0] as string)).toBe(join("2019", "ca02.html"));
    expect(relative(folder, paths[2] as string)).toBe("%2E%2E.html");
    expect(relative(folder, paths[11] as string)).toBe("東京.html");
  });
});

// ---------------------------------------------------------------------------------------------
// The CLI, as a user runs it.

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

let dir: string;

function cli(...args: string[]): Promise<Run> {
  return new Promise((done) => {
    execFile(process.execPath, [CLI, ...args], { cwd: dir, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      done({ code: error === null ? 0 : typeof error.code === "number" ? error.code : -1, stdout, stderr });
    });
  });
}

async function put(path: string, text: string): Promise<void> {
  await mkdir(dirname(join(dir, path)), { recursive: true });
  await writeFile(join(dir, path), text);
}

const post = (front: string, body: string) => `---\n${front}\n---\n\n${body}\n`;
const SYRIA_1 = "American troops begin to leave bases in northern Syria as the Pentagon reduces its presence.";
const SYRIA_2 = "Kurdish allies fear the withdrawal of American troops from Syria leaves them exposed.";
const SYRIA_3 = "The Pentagon says troops leaving Syria will move to bases in Iraq, and Kurdish allies protest.";

beforeAll(async () => {
  await ensureDist();
  dir = await mkdtemp(join(tmpdir(), "alsolike-output-test-"));
  await put("posts/syria-drawdown.md", post("title: Troops leave Syria\ndate: 2019-10-08\nurl: /world/syria-drawdown/", SYRIA_1));
  await put("posts/2019/allies.md", post('title: "Kurdish allies <fear> & wait"\ndate: 2019-10-09', SYRIA_2));
  await put("posts/bases.md", post("title: Bases move\npermalink: /world/bases/index.html", SYRIA_3));
  expect((await cli("build", "posts", "-o", "site.alsolike")).code).toBe(0);
}, BUILD_TIMEOUT);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("alsolike all --format, --url-pattern", () => {
  it("writes title, url and date in related.json: the article's own url or permalink, else the pattern's", async () => {
    const run = await cli("all", "--index", "site.alsolike", "-k", "2", "--url-pattern", "/posts/{yyyy}/{slug}/");
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    const lists = JSON.parse(run.stdout) as Record<string, { id: string; title?: string; url?: string; date?: string }[]>;
    expect(Object.keys(lists)).toEqual(["2019/allies", "bases", "syria-drawdown"]);
    const all = Object.values(lists).flat();
    const byId = new Map(all.map(({ id, title, url, date }) => [id, { title, url, date }]));
    expect(byId.get("syria-drawdown")).toEqual({ title: "Troops leave Syria", url: "/world/syria-drawdown/", date: "2019-10-08T00:00:00.000Z" });
    expect(byId.get("2019/allies")).toEqual({ title: "Kurdish allies <fear> & wait", url: "/posts/2019/allies/", date: "2019-10-09T00:00:00.000Z" });
    expect(byId.get("bases")).toEqual({ title: "Bases move", url: "/world/bases/index.html", date: undefined });
  });

  it("warns once, naming an article, when the pattern needs a value an article lacks", async () => {
    const run = await cli("all", "--index", "site.alsolike", "--url-pattern", "/{section}/{slug}/", "-o", "r.json");
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('alsolike: warning: --url-pattern "/{section}/{slug}/" made no URL for 1 article(s) without a date or section it needs, e.g. "2019/allies"');
    const lists = JSON.parse(await readFile(join(dir, "r.json"), "utf8")) as Record<string, { id: string; url?: string }[]>;
    expect(lists["bases"]?.find((e) => e.id === "2019/allies")).not.toHaveProperty("url");
  });

  it("--format jsonl prints one { id, related } line per article", async () => {
    const run = await cli("all", "--index", "site.alsolike", "--format", "jsonl", "-k", "1");
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split("\n").map((l) => JSON.parse(l) as { id: string; related: { id: string; title: string }[] });
    expect(lines.map((l) => l.id)).toEqual(["2019/allies", "bases", "syria-drawdown"]);
    for (const l of lines) {
      expect(l.related).toHaveLength(1);
      expect(typeof l.related[0]?.title).toBe("string");
    }
  });

  it("--format html writes one escaped snippet per article into the folder", async () => {
    const run = await cli("all", "--index", "site.alsolike", "--format", "html", "-o", "snippets", "-k", "2");
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^alsolike: snippets: 3 lists \(html\), \d+ ms\n$/);
    const files = (await readdir(join(dir, "snippets"), { recursive: true })).sort();
    expect(files).toEqual(["2019", join("2019", "allies.html"), "bases.html", "syria-drawdown.html"]);
    const html = await readFile(join(dir, "snippets", "syria-drawdown.html"), "utf8");
    expect(html).toMatch(/^<ul class="alsolike-related">\n( {2}<li>.*<\/li>\n){2}<\/ul>\n$/);
    expect(html).toContain("<li>Kurdish allies &lt;fear&gt; &amp; wait</li>");
    expect(html).toContain('<li><a href="/world/bases/index.html">Bases move</a></li>');
  });

  it("refuses a bad --format or --url-pattern, and html without a folder, with one line and exit 2", async () => {
    const cases: [string[], string][] = [
      [["--format", "xml"], '--format "xml": expected one of json, jsonl, html'],
      [["--url-pattern", "/posts/{title}/"], "--url-pattern"],
      [["--url-pattern", "/static/"], "--url-pattern"],
      [["--format", "html"], "--format html writes one file per article: give -o <folder>"],
    ];
    for (const [args, message] of cases) {
      const run = await cli("all", "--index", "site.alsolike", ...args);
      expect(run.code, args.join(" ")).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr.split("\n")[0]).toContain(message);
    }
  });
});
