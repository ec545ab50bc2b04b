#!/usr/bin/env node
/**
 * The `alsolike` command: build an index from files, print related articles, export every list as
 * JSON, evaluate against labels. Results go to stdout; the summary, progress and errors go to
 * stderr. Exit codes: 0 ok, 1 failure, 2 usage error or bad option value. An error is one line
 * naming the bad input; `--verbose` adds the stack. This file dispatches: the commands are in
 * ./cli-index.ts and ./cli-lists.ts, what they share in ./cli-common.ts, the ranking flags in
 * ./cli-signals.ts.
 */
import { parseArgs } from "node:util";
import { version } from "../../package.json";
import { RecommenderError } from "./index.js";
import { BadValueError } from "./cli-signals.js";
import { CliError, GLOBAL, UsageError, usageError, type Command, type Values } from "./cli-common.js";
import { INDEX_COMMANDS } from "./cli-index.js";
import { LIST_COMMANDS } from "./cli-lists.js";

const { stdout, stderr } = process;

const TOOL_HELP = `alsolike ${version}: "You May Also Like" lists by TF-IDF cosine similarity.

Usage: alsolike <command> [options]

Commands:
  build <source> -o <index>        index a Markdown folder, a .jsonl or a .json file
  related <id> --index <index>     the articles most like one article
  all --index <index> -o <file>    every article's list as JSON, for a static-site build
  eval <source> --label <field>    P@k, nDCG@k, MRR and what the lists are like
  report --index <index> -o <file> one HTML page to search articles and see their lists
  sync --from <url> --index <index>  apply a PostgreSQL table's changes to an index
  worker --db <url>                compute lists queued by "all --to <url> --queue"
  status --db <url>                progress of the queued lists: done, left, rate, ETA

Options:
  -h, --help     show help; "alsolike <command> --help" for a command
  --version      print the version
  --quiet        no summary or progress on stderr
  --verbose      print the stack trace of an error

Ranking flags (--half-life, --same-section, --diversity, ...) shape the lists of build (stored
with the index), related, all and eval: see "alsolike related --help".

Exit codes: 0 ok, 1 failure (unknown id, unreadable file, corrupt index), 2 usage error or bad value.
`;

const COMMANDS = new Map<string, Command>([...INDEX_COMMANDS, ...LIST_COMMANDS]);

async function main(argv: string[]): Promise<number> {
  const args = [...argv];
  const lead: string[] = [];
  while (args[0] === "--verbose" || args[0] === "--quiet") lead.push(args.shift() as string);
  const name = args.shift();
  if (name === "--version" || name === "-h" || name === "--help" || name === undefined) {
    (name === undefined ? stderr : stdout).write(name === "--version" ? `${version}\n` : TOOL_HELP);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS.get(name);
  if (command === undefined) return usageError(`Unknown command ${JSON.stringify(name)} (build, related, all, eval, report, sync, worker or status)`, "alsolike <command> [options]");
  let values: Values;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: [...lead, ...args], options: { ...command.options, ...GLOBAL }, allowPositionals: true, strict: true }));
  } catch (e) {
    if (String((e as { code?: unknown }).code).startsWith("ERR_PARSE_ARGS_")) return usageError((e as Error).message.replace(/\. To specify a positional.*$/s, "").split("\n")[0] as string, command.usage);
    throw e;
  }
  if (values.help) {
    stdout.write(`Usage: ${command.usage}\n\n${command.help}`);
    return 0;
  }
  try {
    if (positionals.length > command.arity) throw new UsageError(`Unexpected argument ${JSON.stringify(positionals[command.arity])}`);
    await command.run(values, positionals);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) return usageError(e.message, command.usage);
    // A bad value names the flag (or file) and what was expected: one line says it all.
    if (e instanceof BadValueError) {
      stderr.write(`alsolike: ${e.message}\n`);
      if (values.verbose) stderr.write(`${e.stack}\n`);
      return 2;
    }
    const message = (e instanceof Error ? e.message : String(e)).split("\n")[0];
    const known = e instanceof CliError || e instanceof RecommenderError;
    stderr.write(`alsolike: ${message}${known || values.verbose ? "" : " (--verbose shows the stack)"}\n`);
    if (values.verbose && e instanceof Error) stderr.write(`${e.stack}\n`);
    return 1;
  }
}

stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(0); // `alsolike all | head`: the reader has gone; not an error.
  throw e;
});
main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
