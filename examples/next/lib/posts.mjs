// The data functions of pages/posts/[id].jsx (Next.js pages router): Next calls getStaticPaths
// once and getStaticProps once per post at build time. They read the posts' front matter and the
// related.json that scripts/related.mjs wrote (run it first: "prebuild").
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import matter from "gray-matter";
import { POSTS, RELATED } from "../scripts/related.mjs";

async function readRelated() {
  try {
    return JSON.parse(await readFile(RELATED, "utf8"));
  } catch (e) {
    if (e.code === "ENOENT") throw new Error(`${RELATED} is missing: run "node scripts/related.mjs" before "next build"`);
    throw e;
  }
}

/** Every post's id: its file name without .md (the ids alsolike gave them). */
export async function getStaticPaths() {
  const ids = (await readdir(POSTS)).filter((f) => f.endsWith(".md")).map((f) => f.slice(0, -3));
  return { paths: ids.map((id) => ({ params: { id } })), fallback: false };
}

/** A post's title, date, body and "You May Also Like" list ({ id, score, title, url, date }). */
export async function getStaticProps({ params }) {
  const { data, content } = matter(await readFile(join(POSTS, `${params.id}.md`), "utf8"));
  const related = await readRelated();
  return {
    props: {
      post: { id: params.id, title: data.title, date: new Date(data.date).toISOString(), body: content },
      // Own keys only: a post id such as "constructor" must not read Object.prototype.
      related: Object.hasOwn(related, params.id) ? related[params.id] : [],
    },
  };
}
