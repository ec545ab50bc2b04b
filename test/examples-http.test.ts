/**
 * examples/http-server: the server started on 127.0.0.1 (an ephemeral port) over a snapshot with
 * kept lists built by the CLI, and asked with real HTTP requests.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Recommender } from "../src/index.js";
import { BUILD_TIMEOUT, CLI, ROOT, ensureDist } from "./ensure-dist.js";

const ARTICLES = [
  { id: "2019/syria-drawdown", title: "Troops leave Syria", url: "/world/syria-drawdown/", date: "2019-10-08", text: "American troops leave bases in northern Syria as the Pentagon reduces its presence." },
  { id: "__proto__", title: "Kurdish allies <fear>", text: "Kurdish allies fear the withdrawal of American troops from Syria leaves them exposed." },
  { id: "café", title: "Pentagon and Iraq", text: "The Pentagon says troops leaving Syria will move to bases in Iraq." },
  { id: "cup", title: "Cup final", text: "The cup final went to penalties and the goalkeeper saved two kicks." },
  { id: "league", title: "League title", text: "The league title race ends as the goalkeeper keeps a clean sheet in the final." },
];

let dir: string;
let server: Server;
let base: string;
let bytes: Uint8Array;

beforeAll(async () => {
  await ensureDist();
  dir = await mkdtemp(join(tmpdir(), "alsolike-http-"));
  await writeFile(join(dir, "articles.jsonl"), ARTICLES.map((a) => JSON.stringify(a)).join("\n"));
  await promisify(execFile)(process.execPath, [CLI, "build", "articles.jsonl", "-o", "site.alsolike", "--lists", "--quiet"], { cwd: dir });
  bytes = new Uint8Array(await (await import("node:fs/promises")).readFile(join(dir, "site.alsolike")));
  const { createRelatedServer } = (await import(pathToFileURL(join(ROOT, "examples", "http-server", "server.mjs")).href)) as { createRelatedServer(index: string, o?: object): Promise<Server> };
  server = await createRelatedServer(join(dir, "site.alsolike"), { maxAge: 60 });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, BUILD_TIMEOUT);

afterAll(async () => {
  if (server) await new Promise((done) => server.close(done));
  if (dir) await rm(dir, { recursive: true, force: true });
});

const get = (path: string, headers: Record<string, string> = {}, method = "GET") => fetch(`${base}${path}`, { headers, method });

describe("the HTTP example", () => {
  it("serves an article's list with titles, urls and dates, equal to the library's, with ETag and Cache-Control", async () => {
    const res = await get("/related/2019/syria-drawdown?k=2");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("public, max-age=60");
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    const etag = `"${view.getUint32(bytes.length - 8, true).toString(16)}-${view.getUint32(bytes.length - 4, true).toString(16)}"`;
    expect(res.headers.get("etag")).toBe(etag);
    const body = (await res.json()) as { id: string; related: { id: string; score: number; title?: string }[] };
    const rec = Recommender.load(bytes);
    expect(body).toEqual({
      id: "2019/syria-drawdown",
      related: rec.recommend("2019/syria-drawdown", { k: 2 }).map((r) => ({ id: r.id, score: r.score, title: rec.article(r.id).title })),
    });
    expect(body.related.map((r) => r.id)).toEqual(["__proto__", "café"]);
    const back = (await (await get("/related/__proto__?k=1")).json()) as { related: { id: string; url: string; date: string }[] };
    expect(back.related).toEqual([{ id: "2019/syria-drawdown", score: expect.any(Number), title: "Troops leave Syria", url: "/world/syria-drawdown/", date: "2019-10-08T00:00:00.000Z" }]);
    expect((await (await get("/related/caf%C3%A9")).json()) as object).toMatchObject({ id: "café" });
  });

  it("answers 304 with no body to a matching If-None-Match (strong, weak, in a list, or *), 200 otherwise", async () => {
    const etag = (await get("/related/cup")).headers.get("etag") as string;
    for (const header of [etag, `W/${etag}`, `"other", ${etag}`, "*"]) {
      const res = await get("/related/cup", { "If-None-Match": header });
      expect(res.status, header).toBe(304);
      expect(res.headers.get("etag")).toBe(etag);
      expect(await res.text()).toBe("");
    }
    expect((await get("/related/cup", { "If-None-Match": '"stale"' })).status).toBe(200);
  });

  it("answers 404 JSON for an unknown id and other paths, 400 for a bad id or k, 405 for other methods", async () => {
    const cases: [string, number, object][] = [
      ["/related/nope", 404, { error: "unknown article", id: "nope" }],
      ["/related/constructor", 404, { error: "unknown article", id: "constructor" }],
      ["/elsewhere", 404, { error: "not found", path: "/elsewhere" }],
      ["/related/%E0%A4%A", 400, { error: "malformed percent-encoding in the article id" }],
      ["/related/", 400, { error: "invalid article id" }],
      ["/related/%ED%A0%80", 400, { error: "malformed percent-encoding in the article id" }],
      ["/related/cup?k=0", 400, { error: "k must be an integer from 1 to 10", k: "0" }],
      ["/related/cup?k=11", 400, { error: "k must be an integer from 1 to 10", k: "11" }],
      ["/related/cup?k=2.5", 400, { error: "k must be an integer from 1 to 10", k: "2.5" }],
      ["/related/cup?k=", 400, { error: "k must be an integer from 1 to 10", k: "" }],
    ];
    for (const [path, status, body] of cases) {
      const res = await get(path);
      expect(res.status, path).toBe(status);
      expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
      expect(await res.json(), path).toEqual(body);
    }
    const post = await get("/related/cup", {}, "POST");
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, HEAD");
    const head = await get("/related/cup", {}, "HEAD");
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
  });
});
