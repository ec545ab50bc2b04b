import { defineConfig } from "tsup";

export default defineConfig({
  entry: { index: "src/index.ts", node: "src/node.ts", cli: "src/cli.ts" },
  format: ["esm", "cjs"],
  // Declarations only for the library entries; the CLI is a program, not an API.
  dts: { entry: { index: "src/index.ts", node: "src/node.ts" } },
  target: "es2022",
  platform: "neutral",
  sourcemap: true,
  clean: true,
  splitting: false,
  // tsup 8 strips the `node:` prefix by default, which breaks bundlers that look for it.
  removeNodeProtocol: false,
  // natural is a runtime dependency: keep its deep imports as imports, resolved at install time.
  external: ["natural"],
});
