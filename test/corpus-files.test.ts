import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
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
