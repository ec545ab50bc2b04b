// Eleventy global data file: every post's "You May Also Like" list, made at build time by
// alsolike. Templates read `related[page.fileSlug]`: [{ id, score, title, url, date }, ...].
//
// It indexes posts/ in this process (a few hundred posts take well under a second). A large site
// can instead build the index once (`npx alsolike build posts -o .cache/site.alsolike --lists`)
// and load it here with `loadFile(".cache/site.alsolike")` from "alsolike/node": with kept lists
// every list is a lookup.
import { fileURLToPath } from "node:url";
import { readArticles, Recommender, relatedAll } from "alsolike/node";

const POSTS = fileURLToPath(new URL("../posts/", import.meta.url));
/** Length of each list. */
const K = 3;

export default async function () {
  // Ids are the paths under posts/ without extension: the same as Eleventy's page.fileSlug here.
  const rec = new Recommender().add(await readArticles(POSTS));
  const lists = await relatedAll(rec, { k: K });
  const entries = [...lists].map(([id, list]) => [
    id,
    list.map((r) => {
      const a = rec.article(r.id);
      // The post's own permalink from its front matter, else Eleventy's default URL for posts/<id>.md.
      return { id: r.id, score: r.score, title: a.title ?? r.id, url: a.url ?? `/posts/${r.id}/`, date: a.date?.toISOString() };
    }),
  ]);
  // Object.fromEntries defines own keys: an id such as "__proto__" stays an ordinary key.
  return Object.fromEntries(entries);
}
