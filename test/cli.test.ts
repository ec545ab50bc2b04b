/**
 * The `alsolike` command, run as a user runs it: `node dist/cli.js ...` in a temporary folder.
 */
import { execFile, execFileSync, spawnSync } from "node:child_process";
import { lstat, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { BUILD_TIMEOUT, CLI, ROOT, ensureDist } from "./ensure-dist.js";

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

// Each test spawns Node a few times (about 0.3 s each, more on a loaded 2-core machine).
vi.setConfig({ testTimeout: 30_000 });

let dir: string;

/** Runs the CLI; resolves with the exit code instead of rejecting on a non-zero one. */
function cli(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd: dir, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

async function put(path: string, text: string | Uint8Array): Promise<void> {
  await mkdir(dirname(join(dir, path)), { recursive: true });
  await writeFile(join(dir, path), text);
}

const post = (front: string, body: string) => `---\n${front}\n---\n\n${body}\n`;

// Short original articles on four topics, so that the expected neighbours are plain.
const SYRIA_1 = "American troops begin to leave bases in northern Syria as the Pentagon reduces its presence.";
const SYRIA_2 = "Kurdish allies fear the withdrawal of American troops from Syria leaves them exposed.";
const IRAN = "Iran test-fires a ballistic missile and the launch draws new sanctions from Washington.";
const CHEETAH = "Iran keeps conservationists who tracked cheetahs with camera traps detained in Tehran.";
const CUP = "The cup final went to penalties and the young goalkeeper saved two kicks for his team.";

// The shared "world" tag gives most articles a few weak neighbours (terms in one article only are
// ignored by default: minDf 2).
const JSON_ARTICLES = [
  { id: "syria-a", title: "Troops leave Syria", text: SYRIA_1, tags: ["syria", "world"], date: "2019-10-08" },
  { id: "syria-b", title: "Kurdish allies", body: SYRIA_2, tags: "syria, world" },
  { id: "__proto__", title: "Missile test", text: IRAN, tags: ["world"] },
  { id: "constructor", title: "Cheetah researchers detained", text: CHEETAH, tags: ["world"] },
  { id: "cup", text: CUP },
];

beforeAll(async () => {
  await ensureDist();
  dir = await mkdtemp(join(tmpdir(), "alsolike-cli-test-"));
  await put("posts/syria-drawdown.md", post("title: Troops leave Syria\ndate: 2019-10-08\ntags: [syria, troops]", SYRIA_1));
  await put("posts/2019/syria-allies.md", post('title: "Kurdish allies: what next"\ntags: syria', SYRIA_2));
  await put("posts/2019/deep/missile.md", post("title: Missile test\nslug: iran-missile-test\ntags: [iran]", IRAN));
  await put("posts/cheetah.markdown", post('id: iran-cheetah-activists\nslug: not-used\ntitle: Detained\ntags: "iran, environment"', CHEETAH));
  await put("posts/sport/cup-final.md", post("title: Cup final\ndate: 2020-05-30 18:00:00", CUP));
  await put("posts/notes.txt", "not an article");
  await put("posts/.drafts/draft.md", post("title: Draft", "An unfinished draft about troops in Syria."));
  await put("articles.jsonl", `${JSON_ARTICLES.map((a) => JSON.stringify(a)).join("\n")}\n\n`);
  await put("articles.json", JSON.stringify(JSON_ARTICLES));
}, BUILD_TIMEOUT);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function allLists(index: string, ...extra: string[]): Promise<Record<string, { id: string; score: number }[]>> {
  const run = await cli("all", "--index", index, ...extra);
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as Record<string, { id: string; score: number }[]>;
}

describe("alsolike build", () => {
  it("indexes a Markdown folder recursively, ids from id, slug or the path", async () => {
    const run = await cli("build", "posts", "-o", "md.alsolike");
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^alsolike: md\.alsolike: 5 articles, \d+ terms, \d+ bytes, \d+ ms\n$/);
    const lists = await allLists("md.alsolike");
    expect(Object.keys(lists).sort()).toEqual(
      ["2019/syria-allies", "iran-cheetah-activists", "iran-missile-test", "sport/cup-final", "syria-drawdown"].sort(),
    );
    expect(lists["syria-drawdown"]?.[0]?.id).toBe("2019/syria-allies");
  });

  it("reads a JSONL file (blank lines skipped, body as text) and a JSON array alike", async () => {
    expect((await cli("build", "articles.jsonl", "-o", "jsonl.alsolike")).code).toBe(0);
    expect((await cli("build", "articles.json", "-o", "json.alsolike", "--title-weight", "2", "--tags-weight", "1")).code).toBe(0);
    const fromLines = await allLists("jsonl.alsolike");
    expect(Object.keys(fromLines)).toEqual(JSON_ARTICLES.map((a) => a.id));
    expect(fromLines["syria-a"]?.[0]?.id).toBe("syria-b");
    expect(Object.keys(await allLists("json.alsolike"))).toEqual(JSON_ARTICLES.map((a) => a.id));
  });

  it("writes nothing on stderr with --quiet", async () => {
    const run = await cli("build", "articles.json", "-o", "quiet.alsolike", "--quiet");
    expect(run).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("stores --word-pairs in the index: related and all use it, and --explain shows the pairs", async () => {
    expect((await cli("build", "articles.json", "-o", "pairs.alsolike", "--word-pairs", "1", "--quiet")).code).toBe(0);
    const { Recommender } = await import("../src/index.js");
    const { loadFile } = await import("../src/node/index.js");
    const index = await loadFile(join(dir, "pairs.alsolike"));
    expect(index.options.wordPairs).toBe(1);
    expect(index.explain("syria-a", "syria-b").terms.map((t) => t.term)).toContain("american troops");
    expect((await loadFile(join(dir, "json.alsolike"))).options.wordPairs).toBe(0);
    const articles = JSON_ARTICLES.map(({ id, title, text, body, tags }) => ({ id, title, text: text ?? body ?? "", tags: typeof tags === "string" ? tags.split(", ") : tags }));
    const expected = new Recommender({ wordPairs: 1 }).add(articles).relatedAll({ k: 10 });
    const lists = await allLists("pairs.alsolike");
    for (const [id, list] of expected) expect(lists[id]?.map((r: { id: string }) => r.id)).toEqual(list.map((r) => r.id));
  });

  it("rejects a bad --word-pairs: not a number (usage), or out of range (naming the value)", async () => {
    const word = await cli("build", "articles.json", "-o", "x.alsolike", "--word-pairs", "some");
    expect(word.code).toBe(2);
    expect(word.stderr).toContain('"some"');
    const range = await cli("build", "articles.json", "-o", "x.alsolike", "--word-pairs=2e6");
    expect(range.code).toBe(2);
    expect(range.stderr).toContain('"2e6"');
  });

  it("rejects a bad field weight as a usage error", async () => {
    const run = await cli("build", "posts", "-o", "x.alsolike", "--title-weight", "heavy");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('"heavy"');
  });
});

describe("alsolike related", () => {
  beforeAll(async () => {
    expect((await cli("build", "articles.jsonl", "-o", "site.alsolike")).code).toBe(0);
  });

  it("prints rank, score to 3 decimals and id, best first", async () => {
    const run = await cli("related", "syria-a", "--index", "site.alsolike");
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/rank\s+score\s+id/);
    expect(lines[1]).toMatch(/^\s+1\s+0\.\d{3}\s+syria-b$/);
    expect(lines.slice(1).every((l) => /^\s+\d+\s+\d\.\d{3}\s+\S+$/.test(l))).toBe(true);
  });

  it("prints [{ id, score }] with --json, at most k of them", async () => {
    const run = await cli("related", "__proto__", "--index", "site.alsolike", "--json", "-k", "2");
    expect(run.code).toBe(0);
    const list = JSON.parse(run.stdout) as { id: string; score: number }[];
    expect(list).toHaveLength(2);
    expect(list[0]?.id).toBe("constructor");
    for (const r of list) expect(Object.keys(r)).toEqual(["id", "score"]);
    expect(list[0]!.score).toBeGreaterThanOrEqual(list[1]!.score);
  });

  it("adds the shared terms behind each score with --explain", async () => {
    const json = await cli("related", "syria-a", "--index", "site.alsolike", "--json", "--explain", "-k", "1");
    expect(json.code).toBe(0);
    const [first] = JSON.parse(json.stdout) as { id: string; terms: { term: string; contribution: number }[] }[];
    expect(first?.id).toBe("syria-b");
    expect(first?.terms.map((t) => t.term)).toContain("syria");
    const table = await cli("related", "syria-a", "--index", "site.alsolike", "--explain", "-k", "1");
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/syria-b\s+\(.*syria.*\)/);
  });

  it("answers the same from an index built with --lists, which stores every list", async () => {
    expect((await cli("build", "articles.jsonl", "-o", "lists.alsolike", "--lists")).code).toBe(0);
    const plain = await readFile(join(dir, "site.alsolike"));
    const withLists = await readFile(join(dir, "lists.alsolike"));
    expect(withLists.length).toBeGreaterThan(plain.length);
    const { Recommender } = (await import(pathToFileURL(join(ROOT, "dist", "index.js")).href)) as typeof import("../src/index.js");
    const loaded = Recommender.load(new Uint8Array(withLists));
    expect(loaded.stats().keptLists).toBe(loaded.size);
    for (const id of ["syria-a", "__proto__"]) {
      const a = await cli("related", id, "--index", "site.alsolike", "--json", "-k", "3");
      const b = await cli("related", id, "--index", "lists.alsolike", "--json", "-k", "3");
      expect(b.code).toBe(0);
      expect(b.stdout).toBe(a.stdout);
    }
  });
});

describe("alsolike all", () => {
  it("writes every list to -o, keeping ids like __proto__ and constructor", async () => {
    expect((await cli("build", "articles.jsonl", "-o", "all.alsolike")).code).toBe(0);
    const run = await cli("all", "--index", "all.alsolike", "-o", "related.json", "-k", "3");
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("");
    const text = await readFile(join(dir, "related.json"), "utf8");
    const lists = JSON.parse(text) as Record<string, { id: string; score: number }[]>;
    expect(Object.keys(lists)).toEqual(JSON_ARTICLES.map((a) => a.id));
    expect(Object.hasOwn(lists, "__proto__")).toBe(true);
    expect(Array.isArray(lists["__proto__"])).toBe(true);
    expect(lists["__proto__"]?.[0]?.id).toBe("constructor");
    for (const list of Object.values(lists)) expect(list.length).toBeLessThanOrEqual(3);
  });

  it("draws no progress bar when stderr is not a terminal", async () => {
    const run = await cli("all", "--index", "all.alsolike", "-o", "related2.json");
    // A failure is one line on stderr too: the exit code tells them apart.
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain("\r");
    expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(run.stderr).toMatch(/^alsolike: related2\.json: 5 lists, \d+ ms\n$/);
    expect(Object.keys(JSON.parse(await readFile(join(dir, "related2.json"), "utf8")) as object)).toHaveLength(5);
  });

  it("removes temporary files a killed run left for the same output, and only those", async () => {
    const { pid: dead } = spawnSync(process.execPath, ["-e", ""]);
    const stale = `.related3.json.${dead}.0123456789abcdef.tmp`;
    const other = `.related3.json.${dead}.tmp`;
    await put(stale, "x".repeat(10_000));
    await put(other, "not ours");
    expect((await cli("all", "--index", "all.alsolike", "-o", "related3.json")).code).toBe(0);
    const names = await readdir(dir);
    expect(names).not.toContain(stale);
    expect(names).toContain(other);
    expect(names).toContain("related3.json");
    expect(names.filter((n) => n.startsWith(".related3.json.") && n !== other)).toEqual([]);
  });
});

describe("alsolike eval", () => {
  // Three topics, three articles each, plus one unlabelled distractor.
  const LABELLED = [
    { id: "s1", topic: "syria", text: "US troops in Syria pull back from the border with Turkey." },
    { id: "s2", topic: "syria", text: "Kurdish forces in Syria ask US troops to stay near the border." },
    { id: "s3", topic: "syria", text: "The Pentagon says fewer troops will remain in Syria next year." },
    { id: "m1", topic: "missiles", text: "Iran launches a ballistic missile over the desert." },
    { id: "m2", topic: "missiles", text: "A new Iranian ballistic missile launch brings sanctions." },
    { id: "m3", topic: "missiles", text: "Iran says its missile launch programme will continue." },
    { id: "f1", topic: "football", text: "The goalkeeper saved a penalty in the cup final." },
    { id: "f2", topic: "football", text: "A late penalty won the cup for the home team." },
    { id: "f3", topic: "football", text: "The cup final crowd cheered the goalkeeper after the penalty." },
    { id: "x", text: "A recipe for bread with a sourdough starter." },
  ];

  beforeAll(async () => {
    await put("labelled.jsonl", LABELLED.map((a) => JSON.stringify(a)).join("\n"));
  });

  it("prints P@k, nDCG@k, MRR and the number of queries", async () => {
    const run = await cli("eval", "labelled.jsonl", "--label", "topic", "-k", "2");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^queries\s+9\b/m);
    expect(run.stdout).toMatch(/^P@2\s+[01]\.\d{3}$/m);
    expect(run.stdout).toMatch(/^nDCG@2\s+[01]\.\d{3}$/m);
    expect(run.stdout).toMatch(/^MRR@2\s+[01]\.\d{3}$/m);
  });

  it("prints the numbers as JSON with --json", async () => {
    const run = await cli("eval", "labelled.jsonl", "--label", "topic", "-k", "2", "--json");
    const m = JSON.parse(run.stdout) as { k: number; queries: number; precision: number; ndcg: number; mrr: number };
    expect(m.k).toBe(2);
    expect(m.queries).toBe(9);
    // Topics this distinct put a same-topic article first nearly every time.
    expect(m.mrr).toBeGreaterThan(0.8);
    expect(m.precision).toBeGreaterThan(0.5);
    expect(m.ndcg).toBeGreaterThan(0.5);
  });

  it("fails when no article has the label field", async () => {
    const run = await cli("eval", "labelled.jsonl", "--label", "section");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('"section"');
  });

  it("requires --label", async () => {
    expect((await cli("eval", "labelled.jsonl")).code).toBe(2);
  });
});

describe("alsolike errors", () => {
  beforeAll(async () => {
    expect((await cli("build", "articles.jsonl", "-o", "err.alsolike")).code).toBe(0);
  });

  /** One line on stderr, naming `what`, with no stack. */
  function expectOneLine(run: Run, code: number, what: string): void {
    expect(run.code).toBe(code);
    expect(run.stdout).toBe("");
    expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(run.stderr).toContain(what);
    expect(run.stderr).not.toMatch(/^\s+at /m);
  }

  it("an unknown article id exits 1 with one line naming it", async () => {
    expectOneLine(await cli("related", "nope-404", "--index", "err.alsolike"), 1, '"nope-404"');
  });

  it("a missing source or index exits 1 naming the path", async () => {
    expectOneLine(await cli("build", "missing-folder", "-o", "x.alsolike"), 1, "missing-folder");
    expectOneLine(await cli("related", "cup", "--index", "missing.alsolike"), 1, "missing.alsolike");
  });

  it("a corrupt or truncated index exits 1 naming it", async () => {
    await put("garbage.alsolike", "this is not an index");
    expectOneLine(await cli("related", "cup", "--index", "garbage.alsolike"), 1, "garbage.alsolike");
    const bytes = await readFile(join(dir, "err.alsolike"));
    await writeFile(join(dir, "truncated.alsolike"), bytes.subarray(0, bytes.length >> 1));
    expectOneLine(await cli("all", "--index", "truncated.alsolike"), 1, "truncated.alsolike");
  });

  it("a malformed article exits 1 naming its file", async () => {
    await put("bad/ok.md", post("title: Fine", "Some text."));
    await put("bad/broken.md", post("title: [unclosed", "Text."));
    expectOneLine(await cli("build", "bad", "-o", "x.alsolike"), 1, "broken.md");
    await put("bad.jsonl", `${JSON.stringify({ id: "a", text: "x" })}\n{"id": "b", "text": 3}\n`);
    expectOneLine(await cli("build", "bad.jsonl", "-o", "x.alsolike"), 1, "bad.jsonl:2");
  });

  it.runIf(process.platform !== "win32")("a FIFO or a device as index, source or output exits 1 at once, naming it", async () => {
    execFileSync("mkfifo", [join(dir, "pipe.alsolike"), join(dir, "pipe.jsonl"), join(dir, "pipe.json")]);
    expectOneLine(await cli("related", "cup", "--index", "pipe.alsolike"), 1, "pipe.alsolike");
    expectOneLine(await cli("build", "pipe.jsonl", "-o", "x.alsolike"), 1, "pipe.jsonl");
    expectOneLine(await cli("all", "--index", "err.alsolike", "-o", "pipe.json"), 1, 'Cannot write "pipe.json"');
    expectOneLine(await cli("build", "articles.jsonl", "-o", "pipe.alsolike"), 1, 'Cannot write "pipe.alsolike"');
    expect((await stat(join(dir, "pipe.json"))).isFIFO()).toBe(true);
    if (process.platform === "linux") expectOneLine(await cli("all", "--index", "/dev/zero"), 1, "/dev/zero");
  });

  it("a Markdown file that is not valid UTF-8 is skipped with one warning line, even with --quiet", async () => {
    await put("latin1/ok.md", post("title: Fine", SYRIA_1));
    await put("latin1/also-ok.md", post("title: Also fine", SYRIA_2));
    await put("latin1/old.md", Buffer.from(post("id: caf\u00e9", "Ancien article."), "latin1"));
    for (const quiet of [[], ["--quiet"]]) {
      const run = await cli("build", "latin1", "-o", "latin1.alsolike", ...quiet);
      expect(run.code).toBe(0);
      const lines = run.stderr.trimEnd().split("\n");
      expect(lines[0]).toMatch(/^alsolike: warning: skipped .*old\.md: not valid UTF-8/);
      expect(lines).toHaveLength(quiet.length === 0 ? 2 : 1);
    }
    expect(Object.keys(await allLists("latin1.alsolike")).sort()).toEqual(["also-ok", "ok"]);
    await put("latin1.jsonl", Buffer.from(`${JSON.stringify({ id: "a", text: "x" })}\n${JSON.stringify({ id: "caf\u00e9", text: "y" })}\n`, "latin1"));
    expectOneLine(await cli("build", "latin1.jsonl", "-o", "x.alsolike"), 1, "latin1.jsonl:2");
  });

  it("shows the stack with --verbose", async () => {
    const run = await cli("related", "nope-404", "--index", "err.alsolike", "--verbose");
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^\s+at /m);
  });

  it("an unknown flag, a missing argument or an unknown command exits 2 with usage on stderr", async () => {
    for (const args of [
      ["related", "cup", "--index", "err.alsolike", "--colour"],
      ["related", "--index", "err.alsolike"],
      ["related", "cup", "--index"],
      ["build", "posts"],
      ["all", "extra", "--index", "err.alsolike"],
      ["related", "cup", "--index", "err.alsolike", "-k", "0"],
      ["frobnicate"],
    ]) {
      const run = await cli(...args);
      expect(run.code, args.join(" ")).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr).toMatch(/^alsolike: .+\nUsage: alsolike/);
    }
  });

  it("--help works for the tool and for every command, on stdout", async () => {
    const tool = await cli("--help");
    expect(tool.code).toBe(0);
    for (const name of ["build", "related", "all", "eval"]) expect(tool.stdout).toContain(name);
    expect((await cli("-h")).code).toBe(0);
    const names = ["build", "related", "all", "eval"];
    const runs = await Promise.all(names.flatMap((name) => [cli(name, "--help"), cli(name, "-h")]));
    runs.forEach((run, i) => {
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`Usage: alsolike ${names[i >> 1]}`);
      expect(run.stderr).toBe("");
    });
  });

  it("--version prints the package version", async () => {
    const pkg = JSON.parse(await readFile(join(ROOT, "package.json"), "utf8")) as { version: string };
    expect(await cli("--version")).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: "" });
  });
});

describe("alsolike on a site's content folder: --drafts, --code, --encoding", () => {
  const ids = async (index: string) => Object.keys(await allLists(index)).sort();

  beforeAll(async () => {
    await put("site/syria.md", post("title: Troops leave Syria", `${SYRIA_1}\n\n\`\`\`js\nconst troops = fetchTroops("https://api.example.com/syria");\n\`\`\``));
    await put("site/allies/index.md", post("title: Kurdish allies", SYRIA_2));
    await put("site/draft.mdx", post("title: Draft\ndraft: true", `import X from "./x"\n\n<X>${SYRIA_1}</X>`));
    await put("site/old.md", Buffer.from(post("title: Caf\u00e9 troops", `${SYRIA_2} Caf\u00e9.`), "latin1"));
  });

  it("skips drafts and non-UTF-8 files by default, one warning each; --drafts and --encoding bring them in", async () => {
    const plain = await cli("build", "site", "-o", "site.alsolike", "--quiet");
    expect(plain.code).toBe(0);
    expect(plain.stderr).toMatch(/^alsolike: warning: skipped .*old\.md: not valid UTF-8 \(line 2\)/);
    expect(plain.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(await ids("site.alsolike")).toEqual(["allies", "syria"]);
    const all = await cli("build", "site", "-o", "all.alsolike", "--quiet", "--drafts", "--encoding", "latin1");
    expect(all).toMatchObject({ code: 0, stderr: "" });
    expect(await ids("all.alsolike")).toEqual(["allies", "draft", "old", "syria"]);
  });

  it("--code drop leaves code blocks out of the index; a bad --code or --encoding is a usage error", async () => {
    const terms = async (...flags: string[]) => {
      const run = await cli("build", "site", "-o", "code.alsolike", ...flags);
      expect(run.code).toBe(0);
      return Number(/, (\d+) terms,/.exec(run.stderr)?.[1]);
    };
    // The code block adds two terms, "const" and "fetchtroops"; its URL adds none (no https, api, example, com).
    expect((await terms()) - (await terms("--code", "drop"))).toBe(2);
    const run = await cli("build", "site", "-o", "x.alsolike", "--code", "strip");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--code expects keep or drop, got "strip"');
    const enc = await cli("build", "site", "-o", "x.alsolike", "--encoding", "klingon");
    expect(enc.code).toBe(2);
    expect(enc.stderr).toContain('--encoding "klingon"');
  });
});

describe.runIf(process.platform !== "win32")("alsolike -o: stdout, symlinks, devices and directories", () => {
  beforeAll(async () => {
    expect((await cli("build", "articles.jsonl", "-o", "out.alsolike", "--quiet")).code).toBe(0);
  });

  it("-o - writes the JSON (all) or the index bytes (build) to stdout", async () => {
    const expected = await allLists("out.alsolike");
    const run = await cli("all", "--index", "out.alsolike", "-o", "-", "--quiet");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(expected);
    const bytes = spawnSync(process.execPath, [CLI, "build", "articles.jsonl", "-o", "-", "--quiet"], { cwd: dir });
    expect(bytes.status).toBe(0);
    expect(Buffer.compare(bytes.stdout, await readFile(join(dir, "out.alsolike")))).toBe(0);
    const flagged = await cli("build", "articles.jsonl", "-o", "-", "--half-life", "30d");
    expect(flagged.code).toBe(2);
    expect(flagged.stderr).toContain("give -o a file, not -");
  });

  it("-o through a symlink writes the file it points to; the link stays a link", async () => {
    await mkdir(join(dir, "data"), { recursive: true });
    await put("lists/real.json", "{}");
    await symlink("../lists/real.json", join(dir, "data", "related.json"));
    expect((await cli("all", "--index", "out.alsolike", "-o", "data/related.json", "--quiet")).code).toBe(0);
    expect((await lstat(join(dir, "data", "related.json"))).isSymbolicLink()).toBe(true);
    expect(JSON.parse(await readFile(join(dir, "lists", "real.json"), "utf8"))).toEqual(await allLists("out.alsolike"));
  });

  it.runIf(process.platform === "linux")("-o /dev/null writes in place: /dev/null is still a character device", async () => {
    expect((await cli("all", "--index", "out.alsolike", "-o", "/dev/null", "--quiet")).code).toBe(0);
    expect((await cli("build", "articles.jsonl", "-o", "/dev/null", "--quiet")).code).toBe(0);
    expect((await lstat("/dev/null")).isCharacterDevice()).toBe(true);
  });

  it("-o a directory exits 1 with one line naming it, and leaves it as it was", async () => {
    await mkdir(join(dir, "adir"), { recursive: true });
    const run = await cli("all", "--index", "out.alsolike", "-o", "adir");
    expect(run.code).toBe(1);
    expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(run.stderr).toContain('Cannot write "adir": expected a regular file to replace (or a new one), a FIFO or a character device, not a directory');
    expect((await stat(join(dir, "adir"))).isDirectory()).toBe(true);
    expect(await readdir(join(dir, "adir"))).toEqual([]);
  });
});
