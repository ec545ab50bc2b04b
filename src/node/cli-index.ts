/** The commands that make or update an index: build (from files or a database) and sync. */
import { readFile } from "node:fs/promises";
import { writeFileAtomic } from "./atomic-write.js";
import { Recommender, relatedAll } from "./index.js";
import { progressBar } from "./cli-output.js";
import { SOURCE_HELP, SOURCE_OPTIONS } from "./postgres/cli-flags.js";
import { applySignalFlags, describeSignals, optionsPath, readSignalFlags, SIGNAL_HELP, SIGNAL_OPTIONS, storeIndexOptions } from "./cli-signals.js";

import {
  CliError,
  COMMON_HELP,
  FIELDS,
  FIELDS_HELP,
  fieldOptions,
  io,
  note,
  postgres,
  READING,
  READING_HELP,
  readSource,
  required,
  SOURCES,
  UsageError,
  writeStdout,
  type Command,
} from "./cli-common.js";

const { stdout, stderr } = process;

export const INDEX_COMMANDS: [string, Command][] = [
  ["build", {
    arity: 1,
    usage: "alsolike build (<source> | --from <url> --table <name>) -o <index> [--lists] [--drafts] [--code keep|drop] [--encoding E] [--title-weight N] [--tags-weight N] [--field-scoring merged|apart] [--word-pairs W] [ranking flags]",
    help: `Indexes articles and writes the index file (replaced atomically).

${SOURCES}

Ranking flags given here are the index's own: they are stored beside it, in <index>.options.json,
and "alsolike related" and "alsolike all" on this index use them (their own flags override them).
A build without ranking flags removes that file.

Options:
  -o, --output FILE  where to write the index (required; - for stdout). A regular file is replaced
                     atomically (through a symlink: the file it points to); a FIFO or a character
                     device is written in place; a directory is refused
  --lists            also compute every article's top 10 (on worker threads) and store them:
                     "alsolike related" and a server loading the index then look lists up
${READING_HELP}
${FIELDS_HELP}
${COMMON_HELP}

${SOURCE_HELP}

${SIGNAL_HELP}

Example: alsolike build content/posts -o site.alsolike --half-life 30d --no-newer
         alsolike build --from postgres://cms@db/site --table articles -o site.alsolike
`,
    options: { output: { type: "string", short: "o" }, lists: { type: "boolean" }, ...READING, ...FIELDS, ...SIGNAL_OPTIONS, ...SOURCE_OPTIONS },
    async run(values, [source]) {
      const output = required(values.output, "-o <index>");
      const flags = readSignalFlags(values);
      const stored = applySignalFlags({}, flags);
      const started = performance.now();
      if (source !== undefined && values.from !== undefined) throw new UsageError("Give <source> or --from, not both");
      if (values.from !== undefined && output === "-") throw new UsageError("--from keeps its sync state beside the index file: give -o a file, not -");
      const fromDb = values.from !== undefined ? await (await postgres()).buildFromPostgres(values, fieldOptions(values)) : undefined;
      const rec = fromDb?.rec ?? new Recommender(fieldOptions(values)).add(await readSource(required(source, "<source>"), values));
      const lists = values.lists === true;
      if (lists) await relatedAll(rec, { onProgress: stderr.isTTY === true && !values.quiet ? progressBar : undefined });
      // saveFile's write, with the bytes in hand: the options file records which index it belongs to.
      const snapshot = rec.save({ lists });
      if (output === "-") {
        if (Object.keys(stored).length > 0) throw new UsageError("ranking flags are stored beside the index file (<index>.options.json): give -o a file, not -");
        if (stdout.isTTY === true) throw new CliError("Not writing a binary index to a terminal: redirect stdout (-o - > site.alsolike) or give -o a file");
        await writeStdout(snapshot);
      } else {
        await io("write", output, writeFileAtomic(output, snapshot));
        // After the index: a crash between the two leaves an options file that no longer matches it,
        // which related and all notice and ignore.
        await io("write", optionsPath(output), storeIndexOptions(output, snapshot, stored));
      }
      const sidecar = optionsPath(output);
      if (fromDb) await (await postgres()).storeSyncState(output, snapshot, fromDb.state);
      const bytes = snapshot.byteLength;
      const terms = rec.stats().terms;
      const ms = Math.round(performance.now() - started);
      note(values, `alsolike: ${output}: ${rec.size} articles, ${terms} terms, ${bytes} bytes, ${ms} ms`);
      if (Object.keys(stored).length > 0) note(values, `alsolike: ${sidecar}: ${describeSignals(stored)} (used by related and all)`);
    } }],
  ["sync", {
    arity: 0,
    usage: "alsolike sync --from <url> --index <index> [--table <name>] [column flags]",
    help: `Brings an index built with "alsolike build --from" up to date with its PostgreSQL table: reads
only the rows whose updated_at changed since the last build or sync (the mark is kept beside the
index in <index>.source.json, with the table and column names), adds new articles, updates changed
ones, removes rows flagged deleted, and writes the index back (atomically). Without that file every
row is read again. The lists then need "alsolike all" again (every idf moved).

Options:
  --from URL         the database (required)
  --index FILE       the index to update (required)
${COMMON_HELP}

${SOURCE_HELP}

Example: alsolike sync --from postgres://cms@db/site --index site.alsolike
`,
    options: { index: { type: "string" }, ...SOURCE_OPTIONS },
    async run(values) {
      const index = required(values.index, "--index <index>");
      required(values.from, "--from <url>");
      const started = performance.now();
      const bytes = await io("read", index, readFile(index));
      const snapshot = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const rec = Recommender.load(snapshot, { copy: true });
      const r = await (await postgres()).syncIndex(values, index, snapshot, rec);
      note(values, `alsolike: ${index}: ${r.added} added, ${r.updated} updated, ${r.removed} removed, ${rec.size} articles, ${Math.round(performance.now() - started)} ms`);
    } }],
];
