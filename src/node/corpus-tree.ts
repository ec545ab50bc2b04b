/**
 * Which files of a site's content folder are articles: Markdown and MDX files, below the folder,
 * except what the site itself keeps out of its pages: hidden files and folders (`.git`,
 * `.obsidian`, `.DS_Store`), `node_modules`, Jekyll's `_drafts` (unless drafts are asked for) and
 * whatever the folder's own `.gitignore` files exclude (git's pattern syntax, matched by the
 * `ignore` package, which eslint uses for the same job; a `.gitignore` applies to its folder and
 * below, a deeper one's `!pattern` re-includes a file, and an excluded folder is not entered).
 */
import { readdir, readFile } from "node:fs/promises";
import { extname, join } from "node:path";
import ignore, { type Ignore } from "ignore";

/** The extensions read as Markdown; `.mdx` with MDX's rules. */
export const MARKDOWN_EXTENSIONS = new Set([".md", ".markdown", ".mdx"]);

interface Rules {
  /** The folder of the .gitignore, relative to the root, "" or ending in "/". */
  base: string;
  rules: Ignore;
}

/**
 * The Markdown files below `root`, as paths relative to it with `/` separators, sorted.
 * @param root the content folder
 * @param drafts also list Jekyll's `_drafts` folders
 */
export async function listArticleFiles(root: string, drafts: boolean): Promise<string[]> {
  const out: string[] = [];
  await walk(root, "", [], drafts, out);
  return out.sort();
}

async function walk(root: string, rel: string, outer: readonly Rules[], drafts: boolean, out: string[]): Promise<void> {
  const dir = rel === "" ? root : join(root, rel);
  const entries = await readdir(dir, { withFileTypes: true });
  const here = await gitignoreOf(dir, rel);
  const rules = here === null ? outer : [...outer, here];
  for (const entry of entries) {
    const name = entry.name;
    if (name.startsWith(".") || name === "node_modules") continue;
    const path = rel + name;
    if (entry.isDirectory()) {
      if (name === "_drafts" && !drafts) continue;
      if (!ignored(rules, `${path}/`)) await walk(root, `${path}/`, rules, drafts, out);
    } else if ((entry.isFile() || entry.isSymbolicLink()) && MARKDOWN_EXTENSIONS.has(extname(name).toLowerCase())) {
      if (!ignored(rules, path)) out.push(path);
    }
  }
}

async function gitignoreOf(dir: string, base: string): Promise<Rules | null> {
  let text: string;
  try {
    text = await readFile(join(dir, ".gitignore"), "utf8");
  } catch {
    return null; // none (the usual case), or unreadable: git would not use it either
  }
  return { base, rules: ignore().add(text) };
}

/** Git's answer: the deepest .gitignore with a pattern for the path decides. */
function ignored(rules: readonly Rules[], path: string): boolean {
  let out = false;
  for (const { base, rules: r } of rules) {
    const result = r.test(path.slice(base.length));
    if (result.ignored) out = true;
    else if (result.unignored) out = false;
  }
  return out;
}
