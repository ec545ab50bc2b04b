// Next.js build step: writes data/related.json, every post's "You May Also Like" list, before
// `next build` runs (package.json: "prebuild": "node scripts/related.mjs"). getStaticProps
// (lib/posts.mjs) reads it: no index is built inside Next's build workers.
//
//   related.json: { "<post id>": [{ "id", "score", "title", "url", "date"? }, ...] }
import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { readArticles, Recommender, relatedAll } from "alsolike/node";

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
export const POSTS = here("../../static-site/posts/");
export const RELATED = here("../data/related.json");

/** Indexes the posts in `posts` and writes every post's list (k entries at most) to `out`. */
export async function writeRelated({ posts = POSTS, out = RELATED, k = 4 } = {}) {
  const rec = new Recommender().add(await readArticles(posts));
  const lists = await relatedAll(rec, { k });
  const json = {};
  for (const [id, list] of lists) {
    // defineProperty: an id such as "__proto__" stays an ordinary key.
    Object.defineProperty(json, id, {
      enumerable: true,
      value: list.map((r) => {
        const a = rec.article(r.id);
        return { id: r.id, score: r.score, title: a.title ?? r.id, url: a.url ?? `/posts/${r.id}`, date: a.date?.toISOString() };
      }),
    });
  }
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify(json, null, 2)}\n`);
  return lists.size;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const n = await writeRelated();
  console.log(`related.json: ${n} posts`);
}
