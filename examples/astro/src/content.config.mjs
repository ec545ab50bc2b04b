// Astro 5 content collection of the posts (the static-site example's Markdown posts).
import { defineCollection, z } from "astro:content";
import { glob } from "astro/loaders";

const posts = defineCollection({
  loader: glob({ pattern: "**/*.md", base: "../static-site/posts" }),
  schema: z.object({ title: z.string(), date: z.coerce.date(), tags: z.array(z.string()).optional() }),
});

export const collections = { posts };
