import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { readArticles } from "../src/node/corpus-files.js";
import { Recommender, RecommenderError } from "../src/index.js";

let dir: string;

async function put(path: string, text: string | Uint8Array): Promise<string> {
  const full = join(dir, path);
  await mkdir(dirname(full), { recursive: true });
  await writeFile(full, text);
  return full;
}

/** The error `promise` rejects with (fails the test when it resolves). */
async function rejection(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await promise;
  } catch (e) {
    return e as Error & { code?: string };
  }
  throw new Error("expected a rejection");
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "alsolike-corpus-"));
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("readArticles on a Markdown folder", () => {
  let folder: string;

  beforeAll(async () => {
    folder = join(dir, "site");
    await put("site/b-post.md", "---\ntitle: Troops leave Syria\ndate: 2019-10-08\ntags: [syria, troops]\n---\n\nThe body text.\n");
    await put("site/2019/ca02.md", "---\ntitle: No id here\ntags: syria, kurds ,  \n---\nNested body.\n");
    await put("site/2019/deep/x.markdown", "---\nslug: from-slug\ntitle: 1984\n---\nSlug body.\n");
    await put("site/a.md", "---\nid: 42\nslug: ignored\n---\nId body.\n");
    await put("site/plain.md", "No front matter at all.\n");
    await put("site/notes.txt", "not an article");
    await put("site/.git/x.md", "---\ntitle: hidden\n---\nhidden");
    await put("site/node_modules/pkg/readme.md", "a dependency's readme");
  });

  it("reads .md and .markdown files recursively, in path order, skipping dot-folders and node_modules", async () => {
    const ids = (await readArticles(folder)).map((a) => a.id);
    expect(ids).toEqual(["2019/ca02", "from-slug", "42", "b-post", "plain"]);
  });

  it("takes the id from id, else slug, else the relative path without extension", async () => {
    const byId = new Map((await readArticles(folder)).map((a) => [a.id, a]));
    expect(byId.has("42")).toBe(true); // id wins over slug; a YAML number becomes a string
    expect(byId.has("from-slug")).toBe(true);
    expect(byId.has("2019/ca02")).toBe(true); // `/` separators whatever the platform
  });

  it("passes title and date through, normalises tags, and keeps the body without front matter", async () => {
    const byId = new Map((await readArticles(folder)).map((a) => [a.id, a]));
    const post = byId.get("b-post");
    expect(post?.title).toBe("Troops leave Syria");
    expect(post?.date).toBeInstanceOf(Date);
    expect((post?.date as Date).toISOString()).toBe("2019-10-08T00:00:00.000Z");
    expect(post?.tags).toEqual(["syria", "troops"]);
    expect(post?.text.trim()).toBe("The body text.");
    expect(byId.get("2019/ca02")?.tags).toEqual(["syria", "kurds"]);
    expect(byId.get("from-slug")?.title).toBe("1984");
    expect(byId.get("plain")).toEqual({ id: "plain", text: "No front matter at all." });
  });

  it("gives articles a Recommender accepts as they are", async () => {
    const rec = new Recommender().add(await readArticles(folder));
    expect(rec.size).toBe(5);
  });

  it("refuses JavaScript front matter instead of running it", async () => {
    await put("js/evil.md", '---js\n{ title: (globalThis.alsolikePwned = true, "x") }\n---\nbody\n');
    const e = await rejection(readArticles(join(dir, "js")));
    expect(e.code).toBe("INVALID_ARTICLE");
    expect(e.message).toContain("evil.md");
    expect((globalThis as { alsolikePwned?: boolean }).alsolikePwned).toBeUndefined();
  });

  it("names the file and line of bad YAML, in one line", async () => {
    await put("yaml/ok.md", "---\ntitle: fine\n---\ntext\n");
    await put("yaml/bad.md", "---\ntitle: fine\ntags: [unclosed\n---\ntext\n");
    const e = await rejection(readArticles(join(dir, "yaml")));
    expect(e).toBeInstanceOf(RecommenderError);
    expect(e.code).toBe("INVALID_ARTICLE");
    expect(e.message).toMatch(/bad\.md/);
    expect(e.message).toMatch(/line \d+/);
    expect(e.message).not.toContain("\n");
  });

  it("names both files of a duplicate id", async () => {
    await put("dup/one.md", "---\nslug: same\n---\na\n");
    await put("dup/two.md", "---\nid: same\n---\nb\n");
    const e = await rejection(readArticles(join(dir, "dup")));
    expect(e.code).toBe("INVALID_ARTICLE");
    expect(e.message).toContain("one.md");
    expect(e.message).toContain("two.md");
  });

  it("rejects tags that are neither strings nor a list of them", async () => {
    await put("tags/t.md", "---\ntags: { a: 1 }\n---\nb\n");
    expect((await rejection(readArticles(join(dir, "tags")))).code).toBe("INVALID_ARTICLE");
  });
});

describe("readArticles on JSON Lines and JSON", () => {
  const records = [
    { id: "a", title: "First", text: "Alpha text", tags: ["x"], date: "2020-01-02", topic: "greek" },
    { id: 7, body: "Body is read as text", tags: "x, y", topic: 3 },
    { id: "__proto__", text: "An ordinary id", topic: { nested: true } },
  ];

  it("reads one object per line, skipping blank lines, with body as an alias of text", async () => {
    const path = await put("a.jsonl", `\uFEFF${JSON.stringify(records[0])}\n\n${JSON.stringify(records[1])}\r\n`);
    const articles = await readArticles(path);
    expect(articles).toEqual([
      { id: "a", title: "First", text: "Alpha text", tags: ["x"], date: "2020-01-02" },
      { id: "7", text: "Body is read as text", tags: ["x", "y"] },
    ]);
  });

  it("reads a .json array the same way, __proto__ included", async () => {
    const path = await put("a.json", JSON.stringify([records[0], records[1], { id: "__proto__", text: "x" }]));
    const articles = await readArticles(path);
    expect(articles.map((a) => a.id)).toEqual(["a", "7", "__proto__"]);
    expect(Object.hasOwn(articles[2] as object, "id")).toBe(true);
  });

  it("copies the label field when asked, as a string", async () => {
    const path = await put("labels.jsonl", [records[0], records[1], { id: "z", text: "no label" }].map((r) => JSON.stringify(r)).join("\n"));
    const articles = await readArticles(path, { label: "topic" });
    expect(articles.map((a) => a.label)).toEqual(["greek", "3", undefined]);
    expect((await readArticles(path)).every((a) => !("label" in a))).toBe(true);
  });

  it("rejects a label that is not a string or number, naming the line", async () => {
    const path = await put("badlabel.jsonl", records.map((r) => JSON.stringify(r)).join("\n"));
    const e = await rejection(readArticles(path, { label: "topic" }));
    expect(e.code).toBe("INVALID_ARTICLE");
    expect(e.message).toContain("badlabel.jsonl:3");
  });

  it("names the line of invalid JSON or a malformed article", async () => {
    const broken = await put("broken.jsonl", '{"id": "a", "text": "ok"}\n{"id": "b", "text": \n');
    const e1 = await rejection(readArticles(broken));
    expect(e1.code).toBe("INVALID_ARTICLE");
    expect(e1.message).toContain("broken.jsonl:2");
    const noText = await put("notext.jsonl", '{"id": "a", "text": "ok"}\n{"id": "b"}\n');
    expect((await rejection(readArticles(noText))).message).toContain("notext.jsonl:2");
    const noId = await put("noid.json", '[{"text": "no id"}]');
    expect((await rejection(readArticles(noId))).message).toContain("noid.json[0]");
  });

  it("requires a .json file to hold an array", async () => {
    const path = await put("object.json", '{"id": "a", "text": "x"}');
    expect((await rejection(readArticles(path))).code).toBe("INVALID_ARTICLE");
  });

  it("rejects a file of another kind, and a single Markdown file", async () => {
    expect((await rejection(readArticles(await put("notes.txt", "x")))).code).toBe("INVALID_ARTICLE");
    expect((await rejection(readArticles(await put("one.md", "x")))).code).toBe("INVALID_ARTICLE");
  });

  it("passes file-system errors through with their code and path", async () => {
    const e = (await rejection(readArticles(join(dir, "nowhere.jsonl")))) as NodeJS.ErrnoException;
    expect(e.code).toBe("ENOENT");
    expect(e.path).toBe(join(dir, "nowhere.jsonl"));
  });
});

describe("readArticles: the news fields", () => {
  const md = (front: string) => `---\n${front}\n---\nSome body text.\n`;

  it("reads section, else category, else the first of categories", async () => {
    await put("sections/a.md", md("section: World\ncategory: Ignored"));
    await put("sections/b.md", md("category: Sport"));
    await put("sections/c.md", md("categories: [Arts, Music]"));
    await put("sections/d.md", md("category: [Science, Space]"));
    await put("sections/e.md", md('categories: []\ncategory: "  "'));
    await put("sections/f.md", md("category: 2019"));
    const byId = new Map((await readArticles(join(dir, "sections"))).map((a) => [a.id, a]));
    expect([..."abcdef"].map((id) => byId.get(id)?.section)).toEqual(["World", "Sport", "Arts", "Science", undefined, "2019"]);
    expect(byId.get("e")).not.toHaveProperty("section");
  });

  it("reads the language from lang, else language, else locale (POSIX locales as BCP 47)", async () => {
    await put("langs/a.md", md("language: fr"));
    await put("langs/b.md", md("locale: pt_BR.UTF-8"));
    await put("langs/c.md", md("lang: de\nlanguage: fr\nlocale: it_IT"));
    const byId = new Map((await readArticles(join(dir, "langs"))).map((a) => [a.id, a]));
    expect(byId.get("a")?.lang).toBe("fr");
    expect(byId.get("b")?.lang).toBe("pt-BR");
    expect(byId.get("c")?.lang).toBe("de");
    await put("langs-bad/a.md", md("locale: [fr]"));
    await expect(readArticles(join(dir, "langs-bad"))).rejects.toThrow(/"locale"/);
  });

  it("reads tags and related as lists or comma-separated strings, lang, and the date as YAML gives it", async () => {
    await put("fields/a.md", md("tags: syria, troops\nrelated: b, c\nlang: pt-BR\ndate: 2019-10-08 18:30:00"));
    await put("fields/b.md", md('tags: [syria]\nrelated: [a]\nlang: " en "\ndate: "October 9, 2019"'));
    await put("fields/c.md", md("related: []\nlang: ''"));
    const byId = new Map((await readArticles(join(dir, "fields"))).map((a) => [a.id, a]));
    expect(byId.get("a")).toMatchObject({ tags: ["syria", "troops"], related: ["b", "c"], lang: "pt-BR" });
    expect((byId.get("a")?.date as Date).toISOString()).toBe("2019-10-08T18:30:00.000Z");
    expect(byId.get("b")).toMatchObject({ tags: ["syria"], related: ["a"], lang: "en", date: "October 9, 2019" });
    expect(byId.get("c")).toEqual({ id: "c", text: "Some body text." });
    const rec = new Recommender().add([...byId.values()]);
    expect(rec.size).toBe(3);
  });

  it("reads the same fields from JSON Lines", async () => {
    const path = await put("news.jsonl", `${JSON.stringify({ id: "a", text: "x", category: ["world"], lang: "fr", related: ["b"], tags: "x, y", date: 1570000000000 })}\n`);
    expect(await readArticles(path)).toEqual([{ id: "a", text: "x", section: "world", lang: "fr", related: ["b"], tags: ["x", "y"], date: 1570000000000 }]);
  });

  it("names the file and the field of a bad value, in one line", async () => {
    const cases: [string, string][] = [
      ["date: yesterday", '"date"'],
      ["lang: not a language", '"lang"'],
      ["lang: [en]", '"lang"'],
      ["section: [world]", '"section"'],
      ["category: { name: world }", '"category"'],
      ["categories: [{ name: world }]", '"categories"'],
      ["related: { a: 1 }", '"related"'],
      ["related: [[a]]", '"related"'],
    ];
    for (const [i, [front, field]] of cases.entries()) {
      await put(`badfields/${i}/post.md`, md(front));
      const e = await rejection(readArticles(join(dir, "badfields", String(i))));
      expect(e.code, front).toBe("INVALID_ARTICLE");
      expect(e.message, front).toContain("post.md");
      expect(e.message, front).toContain(field);
      expect(e.message).not.toContain("\n");
    }
    const line = await put("badfields.jsonl", `${JSON.stringify({ id: "a", text: "x" })}\n${JSON.stringify({ id: "b", text: "x", lang: "x" })}\n`);
    const e = await rejection(readArticles(line));
    expect(e.message).toContain("badfields.jsonl:2");
    expect(e.message).toContain('"lang"');
  });
});

describe("readArticles on files that are not valid UTF-8", () => {
  // "café" in Latin-1 and in Windows-1252-ish bytes: as lenient UTF-8 both ids would become
  // "caf\uFFFD", one id for two articles.
  const latin1 = (text: string) => Buffer.from(text, "latin1");

  it("skips a Markdown file that is not valid UTF-8, with one warning naming it", async () => {
    await put("enc/good.md", "---\nid: café\n---\nValid UTF-8 text.\n");
    const bad1 = await put("enc/bad-1.md", latin1("---\nid: caf\u00e9-1\n---\nLatin-1 text.\n"));
    const bad2 = await put("enc/sub/bad-2.md", Buffer.concat([Buffer.from("---\ntitle: ok\n---\nline 4\n"), Buffer.from([0x63, 0x61, 0x66, 0xff, 0x0a])]));
    const warnings: string[] = [];
    const articles = await readArticles(join(dir, "enc"), { onWarning: (m) => warnings.push(m) });
    expect(articles.map((a) => a.id)).toEqual(["café"]);
    expect(articles[0]?.text).not.toContain("\uFFFD");
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain(bad1);
    expect(warnings[0]).toContain("line 2");
    expect(warnings[1]).toContain(bad2);
    expect(warnings[1]).toContain("line 5");
    for (const w of warnings) expect(w).not.toContain("\n");
  });

  it("keeps two ids apart that lenient decoding would merge, skipping both", async () => {
    await put("collide/a.md", latin1("---\nid: caf\u00e9\n---\nfirst\n"));
    await put("collide/b.md", latin1("---\nid: caf\u00e8\n---\nsecond\n"));
    await put("collide/c.md", "---\nid: plain\n---\nthird\n");
    const warnings: string[] = [];
    expect((await readArticles(join(dir, "collide"), { onWarning: (m) => warnings.push(m) })).map((a) => a.id)).toEqual(["plain"]);
    expect(warnings.map((w) => w.match(/[ab]\.md/)?.[0])).toEqual(["a.md", "b.md"]);
  });

  it("warns through process.emitWarning when no onWarning is given", async () => {
    await put("default-warn/x.md", latin1("caf\u00e9\n"));
    await put("default-warn/y.md", "fine\n");
    const emit = vi.spyOn(process, "emitWarning").mockImplementation(() => undefined);
    try {
      expect((await readArticles(join(dir, "default-warn"))).map((a) => a.id)).toEqual(["y"]);
      expect(emit).toHaveBeenCalledTimes(1);
      expect(String(emit.mock.calls[0]?.[0])).toContain("x.md");
    } finally {
      emit.mockRestore();
    }
  });

  it("rejects an onWarning that is not a function with INVALID_OPTION", async () => {
    const e = await rejection(readArticles(join(dir, "default-warn"), { onWarning: "stderr" as never }));
    expect(e).toBeInstanceOf(RecommenderError);
    expect(e.code).toBe("INVALID_OPTION");
  });

  it("rejects invalid UTF-8 in a .jsonl or .json file with INVALID_ARTICLE naming the line", async () => {
    const lines = await put("enc.jsonl", Buffer.concat([Buffer.from('{"id": "a", "text": "ok"}\n{"id": "caf'), Buffer.from([0xe9]), Buffer.from('", "text": "x"}\n')]));
    const e1 = await rejection(readArticles(lines));
    expect(e1.code).toBe("INVALID_ARTICLE");
    expect(e1.message).toContain("enc.jsonl:2");
    const array = await put("enc.json", Buffer.concat([Buffer.from('[\n{"id": "a", "text": "ok"},\n{"id": "b", "text": "caf'), Buffer.from([0xc3, 0x28]), Buffer.from('"}]')]));
    const e2 = await rejection(readArticles(array));
    expect(e2.code).toBe("INVALID_ARTICLE");
    expect(e2.message).toContain("enc.json:3");
  });
});

describe.runIf(process.platform !== "win32")("readArticles on FIFOs and devices", () => {
  it("refuses a FIFO source with INVALID_ARTICLE naming it, without waiting for a writer", async () => {
    const fifo = join(dir, "pipe.jsonl");
    execFileSync("mkfifo", [fifo]);
    const started = performance.now();
    const e = await rejection(readArticles(fifo));
    expect(e.code).toBe("INVALID_ARTICLE");
    expect(e.message).toContain(fifo);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it.runIf(process.platform === "linux")("refuses a Markdown link to /dev/zero with INVALID_ARTICLE naming it", async () => {
    await put("dev/ok.md", "fine\n");
    await symlink("/dev/zero", join(dir, "dev", "zero.md"));
    const e = await rejection(readArticles(join(dir, "dev")));
    expect(e.code).toBe("INVALID_ARTICLE");
    expect(e.message).toContain("zero.md");
  });
});

describe("readArticles on real sites' content folders (test/fixtures/sites)", () => {
  const SITES = join(dirname(fileURLToPath(import.meta.url)), "fixtures", "sites");
  const read = (site: string, options: Parameters<typeof readArticles>[1] = {}) => readArticles(join(SITES, site), options);

  it("Hugo: TOML, YAML and JSON front matter, a page bundle and a section page, shortcodes out, drafts skipped", async () => {
    expect(await read("hugo")).toEqual([
      { id: "content/posts", title: "Posts", text: "Dispatches from the road." },
      { id: "content/posts/baltic-ferries", title: "Baltic ferries", date: "2023-05-20", tags: ["ferry", "estonia"], text: "Ferries link Tallinn and Helsinki every hour; lists them." },
      {
        id: "content/posts/kyiv-night-trains",
        title: "Night trains to Kyiv",
        date: new Date("2023-03-14T07:00:00.000Z"),
        tags: ["rail", "ukraine"],
        section: "travel",
        text: "The overnight service from Przemyśl reaches Kyiv by morning.\nA blue sleeper carriage Platform 5 at dawn\n\nTickets sell out within hours: see the timetable\nor the booking FAQ.\n\ncurl \" \"\n\nBook the two-berth compartment.",
      },
      {
        id: "tbilisi-by-rail",
        slug: "tbilisi-by-rail",
        title: "Tbilisi by rail",
        date: new Date("2023-04-02T00:00:00.000Z"),
        tags: ["rail", "georgia"],
        url: "/travel/tbilisi-by-rail/",
        text: "The train from Yerevan arrives at Tbilisi Central The station hall .\n\nFares are listed at , in lari & dollars.",
      },
    ]);
  });

  it("Hugo: --code drop leaves the highlight shortcode's code out; drafts come back when asked for", async () => {
    const dropped = await read("hugo", { code: "drop" });
    expect(dropped.find((a) => a.id === "content/posts/kyiv-night-trains")?.text).toBe(
      "The overnight service from Przemyśl reaches Kyiv by morning.\nA blue sleeper carriage Platform 5 at dawn\n\nTickets sell out within hours: see the timetable\nor the booking FAQ.\n\nBook the two-berth compartment.",
    );
    const all = await read("hugo", { drafts: true });
    expect(all.map((a) => a.id)).toEqual(["content/posts", "content/posts/baltic-ferries", "content/posts/ferry-draft", "content/posts/kyiv-night-trains", "tbilisi-by-rail"]);
  });

  it("Jekyll: dated file names give the date, Liquid tags out (raw blocks' words kept), published: false and _drafts skipped", async () => {
    expect(await read("jekyll")).toEqual([
      {
        id: "_posts/2019-05-01-welcome-to-jekyll",
        title: "Welcome to Jekyll!",
        date: "2019-05-01",
        section: "jekyll",
        url: "/blog/welcome/",
        text: "You’ll find this post in your _posts directory.\n\ndef print_hi(name)\n  puts \"Hi, #{name}\"\nend\n\nCheck out the Jekyll docs for more on Liquid and themes.",
      },
      // A permalink with :placeholders is a pattern, not this page's address: no url.
      { id: "_posts/2019-07-01-timezones", title: "Time zones in Liquid", date: "2019-07-02 10:00:00 +0200", text: 'page.date date: "%Y" prints the year;\n\nset timezone in _config.yml.' },
    ]);
    expect((await read("jekyll", { drafts: true })).map((a) => a.id)).toEqual([
      "_drafts/a-draft",
      "_posts/2019-05-01-welcome-to-jekyll",
      "_posts/2019-06-10-unpublished",
      "_posts/2019-07-01-timezones",
    ]);
    expect((await read("jekyll", { code: "drop" }))[0]?.text).toBe("You’ll find this post in your _posts directory.\n\nCheck out the Jekyll docs for more on Liquid and themes.");
  });

  it("Eleventy: Nunjucks out, a permalink as url (not a templated one), excluded and unwritten pages skipped, 'Last Modified' is no date", async () => {
    expect(await read("eleventy")).toEqual([
      { id: "blog/custom-address", title: "Custom address", date: new Date("2022-11-05T00:00:00.000Z"), url: "/blog/custom/index.html", text: "Eleventy writes this page where its permalink says." },
      { id: "blog/first-post", title: "First post", tags: ["post", "rail"], text: "Riding across Europe." },
    ]);
    expect((await read("eleventy", { drafts: true })).map((a) => a.id)).toEqual(["blog/custom-address", "blog/excluded", "blog/first-post", "blog/not-written"]);
  });

  it("Astro: .mdx with imports, exports, components and expressions; pubDate as the date; draft: true skipped", async () => {
    expect(await read("astro")).toEqual([
      {
        id: "src/content/blog/islands",
        title: "Islands of interactivity",
        date: new Date("2024-02-10T00:00:00.000Z"),
        tags: ["astro"],
        text: "Astro ships zero JavaScript by default.\n\nPartial hydration keeps pages fast.\n\nAn island at sunset\n\nReading time: minutes.",
      },
    ]);
  });

  it("Docusaurus: slug as id (a slug of / falls back to the path), admonitions keep their titles, MDX tabs keep their code, unlisted skipped", async () => {
    expect(await read("docusaurus")).toEqual([
      { id: "guides/setup-guide", slug: "/guides/setup-guide", title: "Setup", text: "Pro tip\nIndex the docs folder with --code drop.\n\nalsolike build docs -o site.alsolike\n\nflag meaning\n\n--drafts read drafts too" },
      { id: "docs/intro", slug: "/", title: "Getting started", text: "Getting started\n\nBefore you begin\nYou need Node.js 20 or later.\n\nnpm install alsolike" },
    ]);
    expect((await read("docusaurus", { code: "drop" })).map((a) => a.text)).toEqual([
      "Pro tip\nIndex the docs folder with --code drop.\n\nflag meaning\n\n--drafts read drafts too",
      "Getting started\n\nBefore you begin\nYou need Node.js 20 or later.",
    ]);
  });
});

describe("readArticles: what used to go wrong on real sites", () => {
  it("does not relate two unrelated galleries through their image and link URLs", async () => {
    const img = (alt: string, n: number) => `![${alt}](https://cdn.example.com/gallery/img-${n}.jpg)`;
    await put("galleries/alps.md", `---\ntitle: Alpine lakes\n---\nHiking above the lakes. ${img("lake", 1)} ${img("summit", 2)} [hikes](https://www.example.com/gallery/alps)\n`);
    await put("galleries/bakery.md", `---\ntitle: Sourdough crumb\n---\nA crumb shot of the loaf. ${img("loaf", 3)} ${img("oven", 4)} [recipes](https://www.example.com/gallery/bread)\n`);
    await put("galleries/alps-2.md", "---\ntitle: Lakes again\n---\nMore hiking above alpine lakes.\n");
    const articles = await readArticles(join(dir, "galleries"));
    for (const a of articles) expect(a.text).not.toMatch(/https|example|cdn|gallery|jpg/);
    const rec = new Recommender().add(articles);
    expect(rec.recommend("alps").map((r) => r.id)).toEqual(["alps-2"]);
  });

  it("never recommends a draft", async () => {
    await put("drafted/a.md", "---\ntitle: Troops leave Syria\n---\nTroops leave northern Syria.\n");
    await put("drafted/b.md", "---\ntitle: Syria troops\ndraft: true\n---\nTroops leave northern Syria today.\n");
    await put("drafted/c.md", "---\ntitle: Syria again\n---\nNorthern Syria sees troops leave.\n");
    const rec = new Recommender().add(await readArticles(join(dir, "drafted")));
    expect(rec.recommend("a").map((r) => r.id)).toEqual(["c"]);
  });

  it("reads .mdx files, TOML front matter and page bundles", async () => {
    await put("bundles/post/index.md", '+++\ntitle = "Bundle"\n+++\nBundle text.\n');
    await put("bundles/post/_index.md", "---\ntitle: clash\n---\n");
    await put("bundles/notes.mdx", "import X from './x'\n\n<X>MDX text</X>\n");
    const e = await rejection(readArticles(join(dir, "bundles")));
    expect(e.code).toBe("INVALID_ARTICLE"); // post/index.md and post/_index.md are both "post"
    expect(e.message).toContain("post/_index.md");
    expect(e.message).toContain("post/index.md");
    await rm(join(dir, "bundles/post/_index.md"));
    expect(await readArticles(join(dir, "bundles"))).toEqual([
      { id: "notes", text: "MDX text" },
      { id: "post", title: "Bundle", text: "Bundle text." },
    ]);
  });

  it("skips a binary file named image.md with one warning naming it, even with an encoding", async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    const image = await put("binary/image.md", png);
    await put("binary/text.md", "Plain text.\n");
    for (const encoding of [undefined, "latin1"]) {
      const warnings: string[] = [];
      const articles = await readArticles(join(dir, "binary"), { onWarning: (m) => warnings.push(m), ...(encoding ? { encoding } : {}) });
      expect(articles.map((a) => a.id)).toEqual(["text"]);
      expect(warnings).toEqual([`skipped ${image}: binary (a NUL byte at offset 8), not text`]);
    }
  });

  it("decodes a Latin-1 file with encoding latin1 instead of skipping it; UTF-8 files stay UTF-8", async () => {
    await put("latin/fr.md", Buffer.from("---\ntitle: Café crème\n---\nLe garçon apporte un café.\n", "latin1"));
    await put("latin/utf8.md", "---\ntitle: Déjà vu\n---\nUn café, déjà.\n");
    const warnings: string[] = [];
    expect((await readArticles(join(dir, "latin"), { onWarning: (m) => warnings.push(m) })).map((a) => a.id)).toEqual(["utf8"]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("fr.md: not valid UTF-8 (line 2)");
    const decoded = await readArticles(join(dir, "latin"), { encoding: "latin1", onWarning: (m) => warnings.push(m) });
    expect(decoded).toEqual([
      { id: "fr", title: "Café crème", text: "Le garçon apporte un café." },
      { id: "utf8", title: "Déjà vu", text: "Un café, déjà." },
    ]);
    expect(warnings).toHaveLength(1);
  });

  it("reads a UTF-16 file by its byte-order mark", async () => {
    const text = "---\ntitle: Ünïcode\n---\nWide text.\n";
    await put("wide/le.md", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]));
    expect(await readArticles(join(dir, "wide"))).toEqual([{ id: "le", title: "Ünïcode", text: "Wide text." }]);
  });

  it("rejects an unknown encoding, code or option with INVALID_OPTION naming it", async () => {
    for (const options of [{ encoding: "klingon" }, { code: "strip" }, { drafts: "yes" }, { draft: true }]) {
      const e = await rejection(readArticles(join(dir, "latin"), options as never));
      expect(e).toBeInstanceOf(RecommenderError);
      expect(e.code).toBe("INVALID_OPTION");
      expect(e.message).toContain(String(Object.values(options)[0]));
    }
  });

  it("skips .gitignored paths (nested .gitignore files, negations) and hidden folders", async () => {
    await put("ignored/.gitignore", "private/\n*.tmp.md\n/notes.md\n");
    await put("ignored/notes.md", "root notes, ignored\n");
    await put("ignored/sub/notes.md", "sub notes, kept: /notes.md is anchored\n");
    await put("ignored/private/secret.md", "ignored folder\n");
    await put("ignored/draft.tmp.md", "ignored by pattern\n");
    await put("ignored/sub/.gitignore", "*.md\n!keep.md\n");
    await put("ignored/sub/keep.md", "re-included\n");
    await put("ignored/sub/other.md", "ignored by the nested file\n");
    await put("ignored/.obsidian/workspace.md", "hidden folder\n");
    await put("ignored/.hidden.md", "hidden file\n");
    await put("ignored/post.md", "kept\n");
    expect((await readArticles(join(dir, "ignored"))).map((a) => a.id)).toEqual(["post", "sub/keep"]);
  });

  it("keeps __proto__ front matter keys as ordinary fields and ids", async () => {
    await put("proto/__proto__.md", "---\n__proto__: { title: polluted }\n---\nText.\n");
    await put("proto/toml.md", '+++\n[__proto__]\ntitle = "polluted"\n+++\nText.\n');
    expect(await readArticles(join(dir, "proto"))).toEqual([
      { id: "__proto__", text: "Text." },
      { id: "toml", text: "Text." },
    ]);
    expect(({} as { title?: string }).title).toBeUndefined();
  });

  it("names the file and line of bad TOML and JSON front matter", async () => {
    await put("bad-toml/a.md", '+++\ntitle = "ok"\ndate = = 2019\n+++\nx\n');
    const e1 = await rejection(readArticles(join(dir, "bad-toml")));
    expect(e1.code).toBe("INVALID_ARTICLE");
    expect(e1.message).toMatch(/in a\.md: bad front matter: .* \(line 3\)$/);
    await put("bad-json/b.md", '{\n  "title": "x",\n  "tags": [1,,]\n}\nbody\n');
    const e2 = await rejection(readArticles(join(dir, "bad-json")));
    expect(e2.code).toBe("INVALID_ARTICLE");
    expect(e2.message).toMatch(/in b\.md: bad front matter: JSON front matter: .*\(line 3\)$/);
  });
});
