/**
 * The file dist/node.js is built from: alsolike/node (index.ts), with its loading work (every
 * language, every part of the Recommender) repeated here. index.ts is shared with the CLI, so the
 * build puts it in a chunk that a bundler may drop when an app uses only names the chunk does not
 * give (webpack skips a module without side effects whose exports are unused); this file is
 * alsolike/node's own, and package.json lists dist/node.js in "sideEffects", so the calls stay.
 * Registering and installing twice does nothing.
 *
 * @module alsolike/node
 */
import { registerAllLanguages } from "../analysis/lang/all.js";
import { installAllParts } from "../parts/all.js";

registerAllLanguages();
installAllParts();

export * from "./index.js";
