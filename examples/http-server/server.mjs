// A small HTTP service for "You May Also Like" lists, with node:http only:
//
//   GET /related/<id>[?k=N]  ->  200 { "id", "related": [{ "id", "score", "title"?, "url"?, "date"? }] }
//
// It loads a snapshot saved with kept lists (`alsolike build posts -o site.alsolike --lists`),
// so every answer is a lookup. Responses carry an ETag made from the snapshot's own checksum and
// length (the same index gives the same ETag in every process and after every restart), a
// Cache-Control header, and 304 Not Modified when the client's If-None-Match matches. An unknown
// id is 404, a malformed one (bad percent-encoding, empty, a lone surrogate) or a bad k is 400,
// other paths 404 and other methods 405, all with a JSON body { "error": ... }.
//
//   node examples/http-server/server.mjs site.alsolike [port]
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { Recommender, RecommenderError } from "alsolike/node";

/**
 * A server answering from the snapshot at `index` (not yet listening: call `listen`).
 * @param options.maxAge Cache-Control max-age in seconds (default 300)
 * @param options.maxK the largest `k` a client may ask for (default 10; kept lists hold 10)
 */
export async function createRelatedServer(index, { maxAge = 300, maxK = 10 } = {}) {
  const bytes = await readFile(index);
  const rec = Recommender.load(bytes);
  // The snapshot ends with its length and checksum (u32 each): together a strong validator.
  const trailer = Buffer.from(bytes.buffer, bytes.byteOffset + bytes.length - 8, 8);
  const etag = `"${trailer.readUInt32LE(0).toString(16)}-${trailer.readUInt32LE(4).toString(16)}"`;
  const cacheControl = `public, max-age=${maxAge}`;

  return createServer((req, res) => {
    const send = (status, body, headers = {}) => {
      const text = body === undefined ? "" : `${JSON.stringify(body)}\n`;
      res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(text), ...headers });
      res.end(req.method === "HEAD" ? undefined : text);
    };
    let url;
    try {
      url = new URL(req.url ?? "/", "http://localhost");
    } catch {
      return send(400, { error: "bad request URL" });
    }
    if (!url.pathname.startsWith("/related/")) return send(404, { error: "not found", path: url.pathname });
    if (req.method !== "GET" && req.method !== "HEAD") return send(405, { error: "method not allowed" }, { Allow: "GET, HEAD" });

    // The id is the rest of the path, percent-decoded: ids may hold slashes ("2019/ca02").
    let id;
    try {
      id = decodeURIComponent(url.pathname.slice("/related/".length));
    } catch {
      return send(400, { error: "malformed percent-encoding in the article id" });
    }
    const kParam = url.searchParams.get("k");
    const k = kParam === null ? maxK : Number(kParam);
    if (!Number.isInteger(k) || k < 1 || k > maxK || (kParam !== null && !/^\d+$/.test(kParam))) {
      return send(400, { error: `k must be an integer from 1 to ${maxK}`, k: kParam });
    }
    let list;
    try {
      list = rec.recommend(id, { k });
    } catch (e) {
      if (e instanceof RecommenderError && e.code === "UNKNOWN_ARTICLE") return send(404, { error: "unknown article", id }, { "Cache-Control": cacheControl, ETag: etag });
      if (e instanceof RecommenderError && e.code === "INVALID_ID") return send(400, { error: "invalid article id" });
      throw e;
    }
    const headers = { ETag: etag, "Cache-Control": cacheControl, Vary: "Accept-Encoding" };
    if (matches(req.headers["if-none-match"], etag)) {
      res.writeHead(304, headers);
      return res.end();
    }
    const related = list.map((r) => {
      const a = rec.article(r.id);
      const entry = { id: r.id, score: r.score };
      if (a.title !== undefined) entry.title = a.title;
      if (a.url !== undefined) entry.url = a.url;
      if (a.date !== undefined) entry.date = a.date.toISOString();
      if (r.reason !== undefined) entry.reason = r.reason;
      return entry;
    });
    send(200, { id, related }, headers);
  });
}

/** Whether an If-None-Match header (a list of ETags, weak ones too, or "*") names `etag`. */
function matches(header, etag) {
  if (typeof header !== "string") return false;
  return header.split(",").some((tag) => {
    const t = tag.trim();
    return t === "*" || t === etag || t === `W/${etag}`;
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [index, port = "8080"] = process.argv.slice(2);
  if (index === undefined) {
    console.error("usage: node server.mjs <index.alsolike> [port]");
    process.exit(2);
  }
  const server = await createRelatedServer(index);
  server.listen(Number(port), "127.0.0.1", () => console.log(`http://127.0.0.1:${server.address().port}/related/<id>`));
}
