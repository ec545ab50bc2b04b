import { defineConfig } from "tsup";

export default defineConfig({
  entry: { index: "src/index.ts", node: "src/node/index.ts", cli: "src/node/cli.ts", worker: "src/node/worker.ts" },
  format: ["esm", "cjs"],
  // Declarations only for the library entries; the CLI is a program, not an API.
  dts: { entry: { index: "src/index.ts", node: "src/node/index.ts" } },
  target: "es2022",
  platform: "neutral",
  sourcemap: true,
  clean: true,
  // CJS builds get an import.meta.url shim: node.ts locates worker.js with it.
  shims: true,
  // Shared chunks, so `alsolike` and `alsolike/node` hand out the same Recommender/RecommenderError
  // classes (separate bundles would each carry a copy and break `instanceof`). CJS splitting is
  // tsup's own (experimental) pass; test/dist.test.ts checks both formats.
  splitting: true,
  // tsup 8 strips the `node:` prefix by default, which breaks bundlers that look for it.
  removeNodeProtocol: false,
  // natural is a runtime dependency: keep its deep imports as imports, resolved at install time.
  // Built-ins must be external by hand under platform "neutral" (node.ts, cli.ts); only the `node:`
  // form is, so a bare `import "fs"` fails the build instead of slipping into core.
  external: ["natural", /^node:/],
});
