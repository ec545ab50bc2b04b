/**
 * The ranking flags of the `alsolike` command, run as a user runs it (`node dist/cli.js ...` in a
 * temporary folder), held to the library called directly with the same options on the same files:
 * each flag, the options `build` stores beside the index, their override by later flags, bad
 * values, the news fields of front matter, and the reasons in related.json.
 */
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { mulberry32 } from "../bench/synthetic.js";
import { loadBrown } from "../scripts/brown.js";
import { evaluateLists } from "../src/eval/metrics.js";
import { readArticles } from "../src/node/corpus-files.js";
import { registerAllLanguages } from "../src/analysis/lang/all.js";
import { Recommender, type Recommendation } from "../src/index.js";
import type { RecommendOptions } from "../src/validate.js";
import { BUILD_TIMEOUT, CLI, ensureDist } from "./ensure-dist.js";

// The CLI loads every language (alsolike/node does): articles with a lang are analyzed in it, so
// the library it is compared with loads them too.
registerAllLanguages();

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

// Each test spawns Node a few times (about 0.3 s each, more on a loaded 2-core machine).
vi.setConfig({ testTimeout: 60_000 });

let dir: string;

function cli(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd: dir, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

async function put(path: string, text: string): Promise<void> {
  await mkdir(dirname(join(dir, path)), { recursive: true });
  await writeFile(join(dir, path), text);
}

const exists = (path: string) => stat(join(dir, path)).then(() => true, () => false);

const DAY = 86_400_000;
const T0 = Date.UTC(2020, 0, 1);
const SECTIONS = ["world", "sport", "arts", "science"];
const TAGS = ["war", "election", "climate", "music", "football", "health"];
const LANGS = ["en", "en", "en", "en-GB", "fr", undefined];

/** 120 Brown texts with seeded news metadata: some undated, without section, language or tags; some picks. */
function siteArticles(n: number, seed: number): Record<string, unknown>[] {
  const rand = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const brown = loadBrown().slice(0, n);
  return brown.map((b, i) => {
    const a: Record<string, unknown> = { id: b.id, title: b.title, text: b.text, category: b.category };
    if (rand() < 0.9) a.date = new Date(T0 + Math.floor(rand() * 730) * DAY + (i % 3) * 3_600_000).toISOString();
    if (rand() < 0.9) a.section = pick(SECTIONS);
    const lang = pick(LANGS);
    if (lang !== undefined) a.lang = lang;
    const tags = TAGS.filter(() => rand() < 0.3);
    // Half as lists, half as comma-separated strings: both are read as lists.
    if (tags.length > 0) a.tags = i % 2 === 0 ? tags : tags.join(", ");
    if (rand() < 0.2) a.related = [pick(brown).id, "no-such-id", pick(brown).id];
    return a;
  });
}

// Three short pieces in words no Brown text has: their lists run short of matches, so fallback
// entries fill them (in Brown every pair of texts shares some counted term).
const FOOD = [
  { id: "food-1", title: "Zorblat", text: "Zorblat quixotrel glabbet.", section: "food", lang: "en", date: "2021-12-30", related: ["ca05"] },
  { id: "food-2", title: "Quixotrel", text: "Quixotrel glabbet fennimore.", section: "food", lang: "en", date: "2021-12-29" },
  { id: "food-3", title: "Glabbet", text: "Glabbet fennimore zorblat.", section: "food", date: "2021-12-28" },
];
const ARTICLES: Record<string, unknown>[] = [...siteArticles(120, 7), ...FOOD];
/** A dated Brown article with editors' picks. */
const WITH_PICKS = ARTICLES.find((a) => Array.isArray(a.related) && typeof a.date === "string" && /^c/.test(a.id as string)) as { id: string };

type Lists = Record<string, Recommendation[]>;
let library: Recommender;

/** Lists as `all` prints them: each entry with its article's title, url and date (from `rec`). */
function asPrinted(rec: Recommender, lists: Map<string, Recommendation[]>): Lists {
  const linked = (r: Recommendation) => {
    const a = rec.article(r.id);
    const link = { ...(a.title === undefined ? {} : { title: a.title }), ...(a.url === undefined ? {} : { url: a.url }), ...(a.date === undefined ? {} : { date: a.date.toISOString() }) };
    return { id: r.id, score: r.score, ...link, ...(r.reason === undefined ? {} : { reason: r.reason }) };
  };
  return Object.fromEntries([...lists].map(([id, list]) => [id, list.map(linked)]));
}

/** What the library gives for every article with `options`, as `all` prints it. */
function expectedAll(options: RecommendOptions, k = 5): Lists {
  return asPrinted(library, library.relatedAll({ k, ...options }));
}

async function all(index: string, ...flags: string[]): Promise<Lists> {
  const run = await cli("all", "--index", index, "-k", "5", ...flags);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as Lists;
}

beforeAll(async () => {
  await ensureDist();
  dir = await mkdtemp(join(tmpdir(), "alsolike-cli-signals-"));
  await put("site.jsonl", `${ARTICLES.map((a) => JSON.stringify(a)).join("\n")}\n`);
  library = new Recommender().add(await readArticles(join(dir, "site.jsonl")));
  const run = await cli("build", "site.jsonl", "-o", "site.alsolike");
  expect(run.code, run.stderr).toBe(0);
}, BUILD_TIMEOUT);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

// Each flag, and the options the library takes for it. Values chosen so each changes some list.
const CASES: [flags: string[], options: RecommendOptions][] = [
  [["--half-life", "30d"], { recency: { halfLife: "30d" } }],
  [["--half-life", "12h", "--relative-to", "2021-06-01"], { recency: { halfLife: "12h", relativeTo: new Date("2021-06-01T00:00:00Z") } }],
  [["--half-life", "2592000000"], { recency: { halfLife: 30 * DAY } }],
  [["--max-age", "90d"], { maxAge: "90d" }],
  [["--no-newer"], { newer: false }],
  [["--boost-section", "0.5"], { boost: { section: 0.5 } }],
  [["--boost-tags", "0.3"], { boost: { tags: 0.3 } }],
  [["--same-section"], { sameSection: true }],
  [["--duplicates", "0.2"], { duplicates: 0.2 }],
  [["--diversity", "0.7"], { diversity: 0.7 }],
  [["--diversity", "0.3", "--pool", "8"], { diversity: 0.3, pool: 8 }],
  [["--no-pins"], { pins: false }],
  [["--any-language"], { sameLanguage: false }],
  [["--fallback", "recent"], { fallback: "recent" }],
  [["--fallback", "cb01, ca02,no-such-id"], { fallback: ["cb01", "ca02", "no-such-id"] }],
  [["--same-section", "--fallback", "recent"], { sameSection: true, fallback: "recent" }],
];

describe("ranking flags", () => {
  let plain: Lists;

  beforeAll(async () => {
    plain = await all("site.alsolike");
    expect(plain).toEqual(expectedAll({}));
  });

  it.each(CASES.map(([flags, options]) => [flags.join(" "), flags, options] as const))("%s: all gives the library's lists", async (_name, flags, options) => {
    const lists = await all("site.alsolike", ...flags);
    expect(lists).toEqual(expectedAll(options));
    expect(lists).not.toEqual(plain);
  });

  it("related gives the library's list, reasons included", async () => {
    for (const [flags, options] of [[[], {}], ...CASES.slice(0, 8), CASES[13]] as [string[], RecommendOptions][]) {
      for (const id of [WITH_PICKS.id, "ca01", "cc05", "food-1"]) {
        const run = await cli("related", id, "--index", "site.alsolike", "--json", "-k", "6", ...flags);
        expect(run.code, run.stderr).toBe(0);
        expect(JSON.parse(run.stdout), `${id} ${flags.join(" ")}`).toEqual(library.recommend(id, { k: 6, ...options }));
      }
    }
  });

  it('--relative-to now measures ages from the time of the run', async () => {
    const before = Date.now();
    const lists = await all("site.alsolike", "--half-life", "30d", "--relative-to", "now", "--max-age", "1y");
    const after = Date.now();
    // Ages from now: everything dated 2020-2021 is more than a year old, and maxAge drops it.
    const early = expectedAll({ recency: { halfLife: "30d", relativeTo: new Date(before) }, maxAge: "1y" });
    const late = expectedAll({ recency: { halfLife: "30d", relativeTo: new Date(after) }, maxAge: "1y" });
    expect(early).toEqual(late);
    expect(lists).toEqual(early);
  });

  it("a table marks editors' picks and fallback entries", async () => {
    const run = await cli("related", "food-1", "--index", "site.alsolike", "--fallback", "recent", "-k", "5");
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines[1]).toMatch(/^\s+1\s+\d\.\d{3}\s+ca05\s+\[pinned\]$/);
    expect(lines[2]).toMatch(/^\s+2\s+\d\.\d{3}\s+food-[23]$/);
    expect(lines[5]).toMatch(/^\s+5\s+0\.000\s+\S+\s+\[fallback\]$/);
  });
});

describe("index-wide options", () => {
  it("build stores its flags beside the index; related and all use them", async () => {
    const run = await cli("build", "site.jsonl", "-o", "stored.alsolike", "--half-life", "30d", "--same-section", "--no-pins");
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/^alsolike: stored\.alsolike\.options\.json: --half-life 30d --same-section --no-pins \(used by related and all\)$/m);
    const sidecar = JSON.parse(await readFile(join(dir, "stored.alsolike.options.json"), "utf8")) as { options: unknown };
    expect(sidecar.options).toEqual({ recency: { halfLife: "30d" }, sameSection: true, pins: false });
    const options: RecommendOptions = { recency: { halfLife: "30d" }, sameSection: true, pins: false };
    expect(await all("stored.alsolike")).toEqual(expectedAll(options));
    const related = await cli("related", "ca01", "--index", "stored.alsolike", "--json", "-k", "4");
    expect(JSON.parse(related.stdout)).toEqual(library.recommend("ca01", { k: 4, ...options }));
    // The snapshot itself is untouched: the same bytes as a build without flags.
    expect(Buffer.compare(await readFile(join(dir, "stored.alsolike")), await readFile(join(dir, "site.alsolike")))).toBe(0);
  });

  it("flags given to related and all override the stored ones, one by one", async () => {
    expect((await cli("build", "site.jsonl", "-o", "over.alsolike", "--half-life", "30d", "--relative-to", "2021-01-01", "--same-section", "--boost-tags", "0.3")).code).toBe(0);
    const stored = { recency: { halfLife: "30d", relativeTo: new Date("2021-01-01T00:00:00Z") }, sameSection: true, boost: { tags: 0.3 } } satisfies RecommendOptions;
    expect(await all("over.alsolike", "--half-life", "2d")).toEqual(expectedAll({ ...stored, recency: { ...stored.recency, halfLife: "2d" } }));
    expect(await all("over.alsolike", "--any-section")).toEqual(expectedAll({ ...stored, sameSection: false }));
    expect(await all("over.alsolike", "--boost-section", "1")).toEqual(expectedAll({ ...stored, boost: { tags: 0.3, section: 1 } }));
    expect(await all("over.alsolike", "--half-life", "off", "--boost-tags", "off")).toEqual(expectedAll({ sameSection: true }));
    expect(await all("over.alsolike", "--relative-to", "off")).toEqual(expectedAll({ ...stored, recency: { halfLife: "30d" } }));
    const related = await cli("related", "cb05", "--index", "over.alsolike", "--json", "--any-section", "--diversity", "0.5");
    expect(JSON.parse(related.stdout)).toEqual(library.recommend("cb05", { ...stored, sameSection: false, diversity: 0.5 }));
  });

  it("a rebuild without flags removes the stored options", async () => {
    expect((await cli("build", "site.jsonl", "-o", "clear.alsolike", "--no-newer")).code).toBe(0);
    expect(await exists("clear.alsolike.options.json")).toBe(true);
    expect(await all("clear.alsolike")).toEqual(expectedAll({ newer: false }));
    expect((await cli("build", "site.jsonl", "-o", "clear.alsolike")).code).toBe(0);
    expect(await exists("clear.alsolike.options.json")).toBe(false);
    expect(await all("clear.alsolike")).toEqual(expectedAll({}));
  });

  it("options stored for another build of the index are ignored, with a warning", async () => {
    expect((await cli("build", "site.jsonl", "-o", "stale.alsolike", "--same-section")).code).toBe(0);
    const sidecar = await readFile(join(dir, "stale.alsolike.options.json"));
    // Rebuilt some other way (another tool, an older alsolike): the options file stays behind.
    expect((await cli("build", "site.jsonl", "-o", "stale.alsolike", "--title-weight", "1")).code).toBe(0);
    await writeFile(join(dir, "stale.alsolike.options.json"), sidecar);
    const run = await cli("all", "--index", "stale.alsolike", "-k", "5");
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^alsolike: warning: ignored stale\.alsolike\.options\.json: it was written with another build of stale\.alsolike/);
    const other = new Recommender({ fields: { title: 1 } }).add(await readArticles(join(dir, "site.jsonl")));
    expect(JSON.parse(run.stdout)).toEqual(asPrinted(other, other.relatedAll({ k: 5 })));
  });

  it("a corrupt or invalid options file exits 2 with one line naming it", async () => {
    expect((await cli("build", "site.jsonl", "-o", "bad.alsolike", "--max-age", "90d")).code).toBe(0);
    const good = JSON.parse(await readFile(join(dir, "bad.alsolike.options.json"), "utf8")) as Record<string, unknown>;
    const variants: [string, string][] = [
      ["{ not json", "not valid JSON"],
      [JSON.stringify({ ...good, version: 99 }), "version 99"],
      [JSON.stringify({ ...good, options: { maxAge: "soon" } }), '"maxAge"'],
      [JSON.stringify({ ...good, options: { colour: "blue" } }), '"colour"'],
      [JSON.stringify([1, 2]), "not an alsolike options file"],
    ];
    for (const [text, what] of variants) {
      await put("bad.alsolike.options.json", text);
      for (const args of [["all", "--index", "bad.alsolike"], ["related", "ca01", "--index", "bad.alsolike"]]) {
        const run = await cli(...args);
        expect(run.code, text).toBe(2);
        expect(run.stdout).toBe("");
        expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
        expect(run.stderr).toContain("bad.alsolike.options.json");
        expect(run.stderr).toContain(what);
      }
    }
  });
});

describe("bad values", () => {
  const BAD: [flag: string, value: string, expected: string][] = [
    ["--half-life", "soon", "expected a positive duration"],
    ["--half-life", "0d", "expected a positive duration"],
    ["--relative-to", "yesterday", 'expected "article", "now" or an ISO date'],
    ["--max-age", "forever", "expected a non-negative duration"],
    ["--boost-section", "lots", "expected a number from 0"],
    ["--boost-tags", "1e9", "expected a number from 0"],
    ["--duplicates", "0", "expected a cosine in (0, 1]"],
    ["--duplicates", "1.5", "expected a cosine in (0, 1]"],
    ["--diversity", "2", "expected a number in [0, 1]"],
    ["--pool", "1.5", "expected an integer from 1"],
    ["--fallback", "a,,b", "expected article ids"],
  ];

  /** One line on stderr naming `what`, nothing on stdout, exit 2, no stack. */
  function expectOneLine(run: Run, what: string): void {
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(run.stderr).toContain(what);
    expect(run.stderr).not.toMatch(/^\s+at /m);
  }

  it.each(BAD)("%s %s exits 2 with one line naming the flag and the value", async (flag, value, expected) => {
    const command = [["related", "ca01", "--index", "site.alsolike"], ["all", "--index", "site.alsolike"], ["build", "site.jsonl", "-o", "never.alsolike"], ["eval", "site.jsonl", "--label", "category"]][BAD.findIndex((b) => b[0] === flag && b[1] === value) % 4] as string[];
    const run = await cli(...command, flag, value);
    expectOneLine(run, `alsolike: ${flag} ${JSON.stringify(value)}: ${expected}`);
  });

  it("a build with a bad value writes nothing", async () => {
    expectOneLine(await cli("build", "site.jsonl", "-o", "never2.alsolike", "--same-section", "--diversity", "1.5"), '--diversity "1.5"');
    expectOneLine(await cli("build", "site.jsonl", "-o", "never2.alsolike", "--diversity=-0.5"), '--diversity "-0.5"');
    expect(await exists("never2.alsolike")).toBe(false);
    expect(await exists("never2.alsolike.options.json")).toBe(false);
  });

  it("contradicting flags, and --relative-to without a half-life, exit 2 naming them", async () => {
    expectOneLine(await cli("all", "--index", "site.alsolike", "--newer", "--no-newer"), "--newer and --no-newer");
    expectOneLine(await cli("related", "ca01", "--index", "site.alsolike", "--same-section", "--any-section"), "--same-section and --any-section");
    expectOneLine(await cli("related", "ca01", "--index", "site.alsolike", "--relative-to", "now"), "--relative-to needs --half-life");
  });

  it("--help lists the ranking flags for every command that takes them", async () => {
    for (const name of ["build", "related", "all", "eval"]) {
      const run = await cli(name, "--help");
      for (const flag of ["--half-life", "--relative-to", "--max-age", "--no-newer", "--boost-section", "--boost-tags", "--same-section", "--duplicates", "--diversity", "--pool", "--no-pins", "--any-language", "--fallback"]) {
        expect(run.stdout, `${name} ${flag}`).toContain(flag);
      }
    }
  });
});

describe("front matter", () => {
  const post = (front: string, body: string) => `---\n${front}\n---\n\n${body}\n`;
  const SYRIA = "American troops leave bases in northern Syria as the Pentagon reduces its presence near the border.";

  beforeAll(async () => {
    await put("news/a.md", post("title: Troops leave\ncategory: World\ntags: syria, troops\nlang: en\ndate: 2019-10-08\nrelated: [d]", SYRIA));
    await put("news/b.md", post("title: Allies fear\ncategories: [World, Middle East]\ntags: [syria]\nlang: en-GB\ndate: 2019-10-09", `Kurdish allies fear the troops leaving Syria. ${SYRIA}`));
    await put("news/c.md", post('title: Border town\nsection: Local\ncategory: World\ntags: "syria"\ndate: "2019-10-20"', `A border town watches troops leave Syria. ${SYRIA}`));
    await put("news/d.md", post("title: Cup final\ncategory: [Sport]\ndate: 2019-10-10 18:30:00", "The cup final went to penalties; troops of fans crossed the border."));
    await put("news/e.md", post("title: Syrie\ncategory: World\nlang: fr", `Les troupes quittent la Syrie. ${SYRIA}`));
  });

  it("reads category as section, tags as a string, lang, related and dates as the library does", async () => {
    const articles = await readArticles(join(dir, "news"));
    const byId = new Map(articles.map((a) => [a.id, a]));
    expect(byId.get("a")).toMatchObject({ section: "World", tags: ["syria", "troops"], lang: "en", related: ["d"] });
    expect(byId.get("b")).toMatchObject({ section: "World", lang: "en-GB" });
    expect(byId.get("c")).toMatchObject({ section: "Local", tags: ["syria"], date: "2019-10-20" });
    expect(byId.get("d")?.section).toBe("Sport");
    expect((byId.get("d")?.date as Date).toISOString()).toBe("2019-10-10T18:30:00.000Z");
    expect((await cli("build", "news", "-o", "news.alsolike")).code).toBe(0);
    const cliLists: Record<string, Lists> = {};
    for (const [flags, options] of [
      [[], {}],
      [["--same-section"], { sameSection: true }],
      [["--any-language"], { sameLanguage: false }],
      [["--boost-tags", "1"], { boost: { tags: 1 } }],
      [["--no-newer", "--no-pins"], { newer: false, pins: false }],
    ] as [string[], RecommendOptions][]) {
      const run = await cli("all", "--index", "news.alsolike", ...flags);
      expect(run.code).toBe(0);
      // Default minDf 2: the CLI's lists, recomputed in the library from the same files.
      const fresh = new Recommender().add(articles);
      const expected = asPrinted(fresh, fresh.relatedAll(options));
      expect((cliLists[flags.join(" ")] = JSON.parse(run.stdout) as Lists), flags.join(" ")).toEqual(expected);
    }
    const ids = (lists: Lists | undefined, id: string) => lists?.[id]?.map((r) => (r.reason ? `${r.id} ${r.reason}` : r.id));
    // The pick comes first; "e" (fr) is not in the list of "a" (en) unless any language will do.
    expect(ids(cliLists[""], "a")).toEqual(["d pinned", "b", "c"]);
    expect(ids(cliLists["--any-language"], "a")).toContain("e");
    // Sections: "a" (category World) and "b" (first of categories, World) meet; "c" is Local,
    // its section field beating its category; "d" is Sport.
    expect(ids(cliLists["--same-section"], "a")).toEqual(["d pinned", "b"]);
    expect(ids(cliLists["--same-section"], "b")).toEqual(["a"]);
    expect(ids(cliLists["--same-section"], "c")).toEqual([]);
    // Dates: "c" (a quoted string, 10-20) is newer than "d" (a YAML date-time, 10-10), "a" older.
    expect(ids(cliLists["--no-newer --no-pins"], "d")).not.toContain("c");
    expect(ids(cliLists["--no-newer --no-pins"], "d")).toContain("a");
  });

  it("a bad front matter value exits 1 naming the file and field", async () => {
    await put("badnews/ok.md", post("title: Fine", SYRIA));
    await put("badnews/when.md", post("date: yesterday", SYRIA));
    let run = await cli("build", "badnews", "-o", "x.alsolike");
    expect(run.code).toBe(1);
    expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(run.stderr).toMatch(/when\.md.*"date"/);
    await rm(join(dir, "badnews/when.md"));
    await put("badnews/lang.md", post("lang: not a language", SYRIA));
    run = await cli("build", "badnews", "-o", "x.alsolike");
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/lang\.md.*"lang"/);
  });
});

describe("related.json", () => {
  it("carries reason on picks and fallback entries, and only id, score and the article's link fields on matches", async () => {
    const run = await cli("all", "--index", "site.alsolike", "-o", "related.json", "-k", "5", "--fallback", "recent");
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/^alsolike: related\.json: 123 lists, \d+ ms \(--fallback recent\)\n$/);
    const lists = JSON.parse(await readFile(join(dir, "related.json"), "utf8")) as Lists;
    expect(lists).toEqual(expectedAll({ fallback: "recent" }));
    const entries = Object.values(lists).flat();
    const reasons = new Set(entries.map((e) => e.reason));
    expect(reasons).toEqual(new Set([undefined, "pinned", "fallback"]));
    for (const e of entries) {
      const link = ["title", "url", "date"].filter((key) => key in e);
      expect(Object.keys(e)).toEqual(e.reason === undefined ? ["id", "score", ...link] : ["id", "score", ...link, "reason"]);
    }
  });
});

describe("eval with ranking flags", () => {
  async function evalJson(...flags: string[]): Promise<Record<string, number | null>> {
    const run = await cli("eval", "site.jsonl", "--label", "category", "-k", "5", "--json", ...flags);
    expect(run.code, run.stderr).toBe(0);
    return JSON.parse(run.stdout) as Record<string, number | null>;
  }

  /** evaluateLists over the library's lists, pairs scored by explain (the README's definition). */
  function expectedEval(options: RecommendOptions) {
    const docs = ARTICLES.map((a) => ({ id: a.id as string, label: a.category as string, date: a.date as string | undefined }));
    return evaluateLists(library.relatedAll({ k: 5, ...options }), docs, (a, b) => library.explain(a, b).score, { k: 5 });
  }

  it("reports the list measures, equal to evaluateLists over the library's lists", async () => {
    for (const [flags, options] of [[[], {}], [["--diversity", "0.3"], { diversity: 0.3 }], [["--half-life", "7d", "--same-section"], { recency: { halfLife: "7d" }, sameSection: true }]] as [string[], RecommendOptions][]) {
      const got = await evalJson(...flags);
      const want = expectedEval(options);
      expect(got.queries).toBe(want.labelledQueries);
      for (const key of ["precision", "ndcg", "mrr", "intraListSimilarity", "nearDuplicateRate", "meanAgeGapDays", "coverage"] as const) {
        expect(got[key], `${flags.join(" ")} ${key}`).toBeCloseTo(want[key] as number, 12);
      }
      for (const key of ["lists", "pairs", "nearDuplicates", "datedPairs", "covered"] as const) expect(got[key]).toBe(want[key]);
    }
  });

  it("shows what a flag does: diversity lowers intra-list similarity, a half-life the age gap", async () => {
    const plain = await evalJson();
    expect((await evalJson("--diversity", "0.3")).intraListSimilarity as number).toBeLessThan(plain.intraListSimilarity as number);
    expect((await evalJson("--half-life", "7d")).meanAgeGapDays as number).toBeLessThan(plain.meanAgeGapDays as number);
    const table = await cli("eval", "site.jsonl", "--label", "category", "-k", "5", "--diversity", "0.3");
    expect(table.code).toBe(0);
    for (const row of [/^P@5\s+[01]\.\d{3}$/m, /^ILS@5\s+\d\.\d{3}\s+\(/m, /^near-dup\s+\d\.\d{3}\s+\(\d+ of \d+ pairs above 0\.9\)$/m, /^age gap\s+\d+\.\d days\s+\(/m, /^coverage\s+[01]\.\d{3}\s+\(\d+ articles/m]) {
      expect(table.stdout).toMatch(row);
    }
  });
});
