/**
 * What a site's bundle pays for alsolike: the built package (dist/, `npm run build` first)
 * imported by name and bundled as a site's bundler does (esbuild, minified, gzip -9), so that
 * package.json's "exports" conditions pick the entry. `npm run size` prints the README's table
 * (section "In the browser"); test/dist.test.ts holds the same figures to budgets.
 */
import { gzipSync } from "node:zlib";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Minified and gzipped bytes of a bundle, and the package files it took in. */
export interface BundleSize {
  minified: number;
  gzip: number;
  /** The files of dist/ in the bundle (as "dist/browser.js"), sorted. */
  files: string[];
}

/**
 * The bundle of a module that imports `specifiers` ("alsolike", "alsolike/snapshots") and keeps
 * every export of the first, for `platform` ("browser": the "browser" condition; "node": the main
 * entry as Node and bundlers for servers resolve it).
 */
export async function bundleSize(specifiers: readonly string[], platform: "browser" | "node" = "browser"): Promise<BundleSize> {
  const [first, ...rest] = specifiers;
  const contents = [`export * from ${JSON.stringify(first)};`, ...rest.map((s) => `import ${JSON.stringify(s)};`)].join("\n");
  const result = await build({
    // The package resolves itself by name from its own folder (package.json "exports").
    stdin: { contents, resolveDir: ROOT, loader: "js" },
    absWorkingDir: ROOT,
    bundle: true,
    minify: true,
    format: "esm",
    platform,
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const code = result.outputFiles[0]!.contents;
  const files = Object.keys(result.metafile.inputs)
    .filter((p) => p.startsWith("dist/"))
    .sort();
  return { minified: code.length, gzip: gzipSync(code, { level: 9 }).length, files };
}

/** The rows of the README's table: each entry alone, what it adds to the browser entry, and the Node main entry. */
export const ROWS: readonly { label: string; imports: readonly string[]; platform?: "node" }[] = [
  { label: "`alsolike` (browser entry)", imports: ["alsolike"] },
  { label: "+ `alsolike/snapshots`", imports: ["alsolike", "alsolike/snapshots"] },
  { label: "+ `alsolike/kept-lists`", imports: ["alsolike", "alsolike/kept-lists"] },
  { label: "+ `alsolike/second-passes`", imports: ["alsolike", "alsolike/second-passes"] },
  { label: "+ all three", imports: ["alsolike", "alsolike/snapshots", "alsolike/kept-lists", "alsolike/second-passes"] },
  { label: "+ `alsolike/lang/fr`", imports: ["alsolike", "alsolike/lang/fr"] },
  { label: "`alsolike` in Node (main entry)", imports: ["alsolike"], platform: "node" },
];

async function main(): Promise<void> {
  const base = await bundleSize(["alsolike"]);
  console.log("| imports | minified | gzip | gzip added |");
  console.log("| --- | ---: | ---: | ---: |");
  for (const row of ROWS) {
    const size = await bundleSize(row.imports, row.platform);
    const added = row.platform === undefined && row.imports.length > 1 ? `+${(size.gzip - base.gzip).toLocaleString("en")}` : "";
    console.log(`| ${row.label} | ${size.minified.toLocaleString("en")} | ${size.gzip.toLocaleString("en")} | ${added} |`);
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
