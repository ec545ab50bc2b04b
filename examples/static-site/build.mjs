// Builds the example site the way a static-site generator would use alsolike:
//  1. the `alsolike` command indexes posts/ and writes every post's list to related.json
//     (`alsolike build`, then `alsolike all`);
//  2. this script renders out/index.html from the posts' front matter and related.json.
//
// Inside this repository the `alsolike` command is not installed, so this runs the built CLI,
// ../../dist/cli.js, with node: run `npm run build` at the repository root first. In your own
// project the two commands are `npx alsolike build ...` and `npx alsolike all ...`.
import { execFileSync } from "node:child_process";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
// The front matter parser alsolike itself uses; your site generator already reads front matter.
import matter from "gray-matter";

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, "..", "..", "dist", "cli.js");
const out = join(here, "out");
/** Length of each "You May Also Like" list. */
const K = 4;

// 1. Index and related lists.
await mkdir(out, { recursive: true });
const alsolike = (...args) => execFileSync(process.execPath, [cli, ...args], { stdio: ["ignore", "inherit", "inherit"] });
alsolike("build", join(here, "posts"), "-o", join(out, "site.alsolike"), "--quiet");
alsolike("all", "--index", join(out, "site.alsolike"), "-o", join(here, "related.json"), "-k", String(K), "--quiet");
// A Map, not a plain object, so that any id (even "__proto__") is an ordinary key.
const related = new Map(Object.entries(JSON.parse(await readFile(join(here, "related.json"), "utf8"))));

// 2. The posts, as the site generator sees them. They have no `id` or `slug` in their front
// matter, so alsolike named each one after its file, without the extension.
const articles = [];
for (const file of (await readdir(join(here, "posts"))).filter((f) => f.endsWith(".md")).sort()) {
  const { data, content } = matter(await readFile(join(here, "posts", file), "utf8"));
  articles.push({ id: file.slice(0, -".md".length), title: data.title, date: data.date, tags: data.tags, text: content });
}

const byId = new Map(articles.map((a) => [a.id, a]));
const html = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const anchor = (id) => `post-${id.replace(/[^A-Za-z0-9_-]/g, "_")}`;
const day = (date) => (date instanceof Date ? date.toISOString().slice(0, 10) : String(date ?? ""));
const excerpt = (text) => {
  const words = text.trim().split(/\s+/);
  return words.slice(0, 32).join(" ") + (words.length > 32 ? " ..." : "");
};

// Newest first, as a blog's front page would list them.
const posts = [...articles].sort((a, b) => day(b.date).localeCompare(day(a.date)) || a.id.localeCompare(b.id));
const sections = posts.map((post) => {
  const items = (related.get(post.id) ?? []).map((r) => {
    const other = byId.get(r.id);
    return `          <li><a href="#${anchor(r.id)}">${html(other?.title ?? r.id)}</a> <span class="score">${r.score.toFixed(2)}</span></li>`;
  });
  return `    <article id="${anchor(post.id)}" data-id="${html(post.id)}">
      <h2>${html(post.title ?? post.id)}</h2>
      <p class="meta"><time datetime="${day(post.date)}">${day(post.date)}</time> · ${html((post.tags ?? []).join(", "))}</p>
      <p>${html(excerpt(post.text))}</p>
      <aside>
        <h3>You May Also Like</h3>
        <ol class="also-like">
${items.join("\n")}
        </ol>
      </aside>
    </article>`;
});

const page = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>The Desk: an alsolike example</title>
    <style>
      body { font: 16px/1.5 system-ui, sans-serif; max-width: 44rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
      article { border-top: 1px solid #ddd; padding: 1rem 0; }
      h2 { margin: 0 0 .25rem; font-size: 1.25rem; }
      .meta { margin: 0; color: #666; font-size: .875rem; }
      aside { background: #f6f6f2; padding: .5rem 1rem; border-radius: 4px; }
      h3 { margin: 0; font-size: .875rem; text-transform: uppercase; letter-spacing: .05em; color: #555; }
      .score { color: #888; font-size: .75rem; font-variant-numeric: tabular-nums; }
    </style>
  </head>
  <body>
    <h1>The Desk</h1>
${sections.join("\n")}
  </body>
</html>
`;
await writeFile(join(out, "index.html"), page);
console.log(`${articles.length} posts: wrote related.json and out/index.html`);
