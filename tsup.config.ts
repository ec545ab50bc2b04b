import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Plugin } from "esbuild";
import { defineConfig } from "tsup";

/**
 * The published package has no runtime dependencies: the few natural modules we deep-import, and
 * the front matter parsers (yaml, smol-toml) and .gitignore matcher (ignore) of alsolike/node, are
 * bundled into dist at build time.
 * With them as dependencies, `npm install alsolike` installed 63 packages and 69 MB, nearly all of
 * it natural's (database drivers, WordNet) and none of it run; now 1 package and ~3.2 MB.
 * All are devDependencies, which tsup bundles anyway; listing them here keeps them bundled even
 * if they were made dependencies again.
 */
const BUNDLED = [
  // Any deep import, so a new language's stemmer or stop words needs no change here.
  /^natural\/lib\//,
  "yaml",
  "smol-toml",
  "ignore",
];

/**
 * natural's root module loads ~1,269 modules, prints dotenv lines to stdout, reads the caller's
 * `./.env`, and needs fs/path/os/crypto; each folder index (`stemmers/index.js`, `util/index.js`,
 * ...) loads every module in its folder, and `util/index.js` reaches the storage backends
 * (mongoose, pg, redis). The build fails if any of them would end up in dist.
 */
const naturalGuard: Plugin = {
  name: "alsolike:natural-guard",
  setup(build) {
    build.onResolve({ filter: /^natural\/?$/ }, () => ({
      errors: [{ text: 'never import "natural": deep-import natural/lib/natural/<folder>/<module>.js instead' }],
    }));
    build.onLoad({ filter: /[\\/]node_modules[\\/]natural[\\/](.*[\\/])?index\.js$/ }, (args) => ({
      errors: [
        {
          text: `natural's ${args.path.replaceAll("\\", "/").replace(/^.*node_modules\/natural\//, "")} loads a whole folder of natural: import the one module needed`,
        },
      ],
    }));
  },
};

/**
 * natural's Indonesian stemmer rules (`stemmers/indonesian/prefix_rules.js`, `suffix_rules.js`) call
 * two inner helpers as plain functions that write to and return `this`. In sloppy-mode CommonJS
 * that is globalThis; every bundled module is strict (ESM), where it is undefined, and the stemmer
 * throws on its first word. Each helper gets one object of its file as `this` instead: what
 * globalThis gave it, without writing globals. A natural whose helpers moved fails the build.
 */
const SLOPPY_THIS_HELPERS = ["createResultObject", "runDisambiguator"];
const naturalSloppyThis: Plugin = {
  name: "alsolike:natural-sloppy-this",
  setup(build) {
    build.onLoad({ filter: /[\\/]natural[\\/]lib[\\/]natural[\\/]stemmers[\\/]indonesian[\\/](prefix|suffix)_rules\.js$/ }, (args) => {
      let source = readFileSync(args.path, "utf8");
      let patched = 0;
      for (const name of SLOPPY_THIS_HELPERS) {
        const declaration = `function ${name} (`;
        if (!source.includes(declaration)) continue;
        patched++;
        // On the declaration's own line, so the source map's lines stay put.
        source = source.replace(declaration, () => `function ${name} (...args) { return ${name}WithThis.apply(sloppyThis, args) } function ${name}WithThis (`);
      }
      if (patched === 0) return { errors: [{ text: `${args.path}: no createResultObject/runDisambiguator to patch; check the stemmer bundled` }] };
      return { contents: `${source}\nvar sloppyThis = {};\n`, loader: "js" };
    });
  },
};

/**
 * JSON that bundled CommonJS code requires (natural's Indonesian dictionary, 386 kB) goes in as
 * one `JSON.parse("...")` string rather than esbuild's object literal with an entry per line: ~35%
 * fewer bytes in each format and a one-line source map. (A `require` takes the whole object, so
 * nothing is lost; an ESM `import { de } from "x.json"` keeps esbuild's JSON loader, which drops
 * the keys not imported.) natural's German stemmer (`stemmer_de.js`) requires stopwords-iso, one
 * 207 kB JSON of 57 languages, for `.de` alone: a `stemmer_xx.js` gets its own language only
 * (~2 kB; the package is still credited in the notices).
 */
const requiredJson: Plugin = {
  name: "alsolike:required-json",
  setup(build) {
    const fromPackage = /[\\/]node_modules[\\/]/;
    build.onResolve({ filter: /^stopwords-iso$|\.json$/ }, async (args) => {
      if (args.kind !== "require-call" || !fromPackage.test(args.importer) || args.pluginData?.inner) return undefined;
      const lang = args.path === "stopwords-iso" ? /[\\/]stemmer_([a-z]{2})\.js$/.exec(args.importer)?.[1] : undefined;
      const real = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: { inner: true } });
      if (real.errors.length > 0) return { errors: real.errors };
      if (!real.path.endsWith(".json")) return undefined;
      // A suffix of its own, so the sliced or compacted module never stands in for the plain file.
      return lang ? { path: real.path, suffix: `?${lang}`, pluginData: { lang } } : { path: real.path, suffix: "?required" };
    });
    build.onLoad({ filter: /\.json$/ }, (args) => {
      const lang = (args.pluginData as { lang?: string } | undefined)?.lang;
      if (!lang && args.suffix !== "?required") return undefined;
      let value = JSON.parse(readFileSync(args.path, "utf8")) as unknown;
      if (lang) value = { [lang]: (value as Record<string, string[] | undefined>)[lang] ?? [] };
      return { contents: `module.exports = JSON.parse(${JSON.stringify(JSON.stringify(value))});`, loader: "js" };
    });
  },
};

/**
 * The browser entry (the "browser" condition of "."), and the optional parts of the Recommender
 * it leaves out, each an entry that installs its part (src/entries/<part>.ts).
 */
const BROWSER_ENTRIES = {
  browser: "src/browser.ts",
  snapshots: "src/entries/snapshots.ts",
  "kept-lists": "src/entries/kept-lists.ts",
  "second-passes": "src/entries/second-passes.ts",
};

/** The language entries (src/analysis/lang/<code>.ts); "en" registers nothing (English is built in). */
const LANGUAGES = ["en", "fr", "de", "es", "it", "pt", "nl", "no", "sv", "ru", "uk", "fa", "id", "ja", "zh"];

const NOTICES = "THIRD_PARTY_NOTICES.md";
const LICENSE_FILE = /^(licen[cs]e|copying)(\.(md|txt|bsd|mit))?$/i;
/** Package dir -> its files in dist, over both formats of a build (each format is one esbuild run). */
const bundledFiles = new Map<string, Set<string>>();

/**
 * Writes dist/THIRD_PARTY_NOTICES.md from what esbuild actually bundled: one section per package
 * with its name, version, license and license text, as MIT (and most licenses) require. It follows
 * the bundle, so a newly imported natural module or a new dependency of one is listed without a
 * hand-kept list. A bundled package with neither a license file nor an MIT declaration fails the
 * build.
 */
const thirdPartyNotices: Plugin = {
  name: "alsolike:third-party-notices",
  setup(build) {
    build.onEnd((result) => {
      if (result.errors.length > 0 || !result.metafile) return;
      for (const input of Object.keys(result.metafile.inputs)) {
        // The last node_modules/ segment names the package (scoped or not); nested copies are their own.
        const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(input.replaceAll("\\", "/"));
        if (!match) continue;
        const [, dir, file] = match as unknown as [string, string, string];
        if (!bundledFiles.has(dir)) bundledFiles.set(dir, new Set());
        bundledFiles.get(dir)!.add(file.replace(/\?.*$/, ""));
      }
      const sections: string[] = [];
      for (const dir of [...bundledFiles.keys()].sort((a, b) => (packageName(a) < packageName(b) ? -1 : 1))) {
        const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as Record<string, unknown>;
        const licenseFile = readdirSync(dir).find((f) => LICENSE_FILE.test(f));
        const licenseText = licenseFile ? readFileSync(join(dir, licenseFile), "utf8").trim() : mitText(pkg);
        if (licenseText === undefined) {
          return { errors: [{ text: `${packageName(dir)} is bundled into dist but ships no license file to reproduce` }] };
        }
        const repo = pkg.repository as string | { url?: string } | undefined;
        const url = (typeof pkg.homepage === "string" && pkg.homepage) || (typeof repo === "string" ? repo : repo?.url) || "";
        sections.push(
          [
            `## ${pkg.name} ${pkg.version} (${pkg.license})`,
            url ? `\n${url}\n` : "",
            `Bundled files: ${[...bundledFiles.get(dir)!].sort().join(", ")}`,
            "",
            "```",
            licenseText,
            "```",
          ].join("\n"),
        );
      }
      const outdir = build.initialOptions.outdir ?? "dist";
      mkdirSync(outdir, { recursive: true });
      writeFileSync(
        join(outdir, NOTICES),
        [
          "# Third-party notices",
          "",
          "alsolike's `dist/` files include code from the packages below, bundled at build time so that",
          "installing alsolike installs nothing else. Each is used under its license, reproduced here.",
          "",
          sections.join("\n\n"),
          "",
        ].join("\n"),
      );
      return undefined;
    });
  },
};

/**
 * For an MIT package that ships no license file (stopwords-iso, which natural's German stemmer
 * requires, has only `"license": "MIT"`): the standard MIT text, with the author its package.json
 * names as the copyright holder. Any other license without a file fails the build.
 */
function mitText(pkg: Record<string, unknown>): string | undefined {
  if (pkg.license !== "MIT") return undefined;
  const author = pkg.author as string | { name?: string } | undefined;
  const holder = (typeof author === "string" ? author.replace(/\s*[<(].*$/, "") : author?.name) || `the ${pkg.name} authors`;
  return [
    `(${pkg.name} ships no license file; its package.json declares MIT. The standard MIT text follows.)`,
    "",
    "The MIT License (MIT)",
    "",
    `Copyright (c) ${holder}`,
    "",
    "Permission is hereby granted, free of charge, to any person obtaining a copy of this software and",
    'associated documentation files (the "Software"), to deal in the Software without restriction,',
    "including without limitation the rights to use, copy, modify, merge, publish, distribute,",
    "sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is",
    "furnished to do so, subject to the following conditions:",
    "",
    "The above copyright notice and this permission notice shall be included in all copies or",
    "substantial portions of the Software.",
    "",
    'THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT',
    "NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND",
    "NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM,",
    "DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT",
    "OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.",
  ].join("\n");
}

function packageName(dir: string): string {
  return /node_modules\/((?:@[^/]+\/)?[^/]+)$/.exec(dir)?.[1] ?? dir;
}

export default defineConfig({
  entry: {
    index: "src/index.ts",
    // node/index.ts, with its languages and parts registered in the entry's own file (see entry.ts).
    node: "src/node/entry.ts",
    // alsolike/postgres: pg and pg-boss stay external (optional peer dependencies), loaded only here.
    postgres: "src/node/postgres/index.ts",
    cli: "src/node/cli.ts",
    // A name no project's own files are likely to have: a bundle of alsolike/node looks for it
    // next to itself, and must not start some other worker.js it finds there.
    "alsolike-worker": "src/node/worker.ts",
    // One entry per language ("alsolike/lang/fr"): a site's bundle pays only for the ones it imports.
    ...Object.fromEntries(LANGUAGES.map((code) => [`lang/${code}`, `src/analysis/lang/${code}.ts`])),
    // The browser entry and its parts ("alsolike/snapshots"): likewise.
    ...BROWSER_ENTRIES,
  },
  format: ["esm", "cjs"],
  // Declarations only for the library entries; the CLI is a program, not an API.
  // The browser entry has the main entry's types (package.json points its condition at them).
  dts: {
    entry: {
      index: "src/index.ts",
      node: "src/node/index.ts",
      postgres: "src/node/postgres/index.ts",
      ...Object.fromEntries(LANGUAGES.map((code) => [`lang/${code}`, `src/analysis/lang/${code}.ts`])),
      snapshots: BROWSER_ENTRIES.snapshots,
      "kept-lists": BROWSER_ENTRIES["kept-lists"],
      "second-passes": BROWSER_ENTRIES["second-passes"],
    },
  },
  target: "es2022",
  platform: "neutral",
  // No source maps: dist is bundled but not minified, so a stack trace reads as it is, and maps
  // were two fifths of the install (1.07 MB of 3.7 MB; the languages issue asks under 3 MB).
  sourcemap: false,
  clean: true,
  // CJS builds get an import.meta.url shim: node.ts locates alsolike-worker.js with it.
  shims: true,
  // Shared chunks, so `alsolike` and `alsolike/node` hand out the same Recommender/RecommenderError
  // classes (separate bundles would each carry a copy and break `instanceof`). CJS splitting is
  // tsup's own (experimental) pass; test/dist.test.ts checks both formats. Splitting also keeps a
  // bundled module in the files of the entries that import it: a stemmer imported only by another
  // entry never lands in a chunk that `index` loads.
  splitting: true,
  // tsup 8 strips the `node:` prefix by default, which breaks bundlers that look for it.
  removeNodeProtocol: false,
  noExternal: BUNDLED,
  // Built-ins must be external by hand under platform "neutral" (node.ts, cli.ts); only the `node:`
  // form is, so a bare `import "fs"` fails the build instead of slipping into core.
  external: [/^node:/],
  esbuildPlugins: [naturalGuard, naturalSloppyThis, requiredJson, thirdPartyNotices],
  esbuildOptions(options) {
    // Source maps map to file and line without embedding the sources: with every language's
    // stemmer and dictionary (Indonesian's is 386 kB) the install would pass 3 MB otherwise.
    options.sourcesContent = false;
  },
});
