// Astro build step: writes src/data/related.json, every post's "You May Also Like" list, before
// `astro build` runs (package.json: "prebuild": "node scripts/related.mjs"). Pages import the
// JSON; Astro's content collection (src/content.config.mjs) reads the same posts.
//
//   related.json: { "<post id>": [{ "id", "score", "title", "url", "date"? }, ...] }
import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { readArticles, Recommender, relatedAll } from "alsolike/node";

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

/**
 * Indexes the posts in `posts` and writes every post's list to `out`.
 * Ids are paths under `posts` without extension, as Astro's glob loader names entries whose
 * file names are already lowercase slugs (it slugifies other names: keep them kebab-case).
 */
export async function writeRelated({ posts = here("../../static-site/posts/"), out = here("../src/data/related.json"), k = 4 } = {}) {
  const rec = new Recommender().add(await readArticles(posts));
  const lists = await relatedAll(rec, { k });
  const json = {};
  for (const [id, list] of lists) {
    // defineProperty: an id such as "__proto__" stays an ordinary key.
    Object.defineProperty(json, id, {
      enumerable: true,
      value: list.map((r) => {
        const a = rec.article(r.id);
        return { id: r.id, score: r.score, title: a.title ?? r.id, url: a.url ?? `/posts/${r.id}/`, date: a.date?.toISOString() };
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
