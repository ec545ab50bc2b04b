#!/usr/bin/env node
/**
 * The `alsolike` command: build an index from files, print related articles, export every list as
 * JSON, evaluate against labels. Results go to stdout; the summary, progress and errors go to
 * stderr. Exit codes: 0 ok, 1 failure, 2 usage error or bad option value. An error is one line
 * naming the bad input; `--verbose` adds the stack. The ranking flags: ./cli-signals.ts.
 */
import { LANGUAGE_CODES } from "../analysis/registry.js";
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { version } from "../../package.json";
import { writeFileAtomic } from "./atomic-write.js";
import { readArticles, type ArticleWithLabel, type ReadArticlesOptions } from "./corpus-files.js";
import { DEFAULTS, FEEDBACK_DEFAULTS, SHARED_NEIGHBOURS_DEFAULTS, loadFile, Recommender, RecommenderError, relatedAll, type FeedbackOptions, type SharedNeighboursOptions } from "./index.js";
import { evaluateLists } from "../eval/metrics.js";
import { entry, evalRows, progressBar, relatedTable } from "./cli-output.js";
import { pairSimilarity } from "./pair-similarity.js";
import { SINK_HELP, SINK_OPTIONS, SOURCE_HELP, SOURCE_OPTIONS, STATUS_OPTIONS, WORKER_OPTIONS } from "./postgres/cli-flags.js";
import { reportData, reportHtml } from "./report.js";
import { EntryLinker, LIST_FORMATS, parseUrlPattern, URL_PLACEHOLDERS, writeLists, type ListFormat } from "./related-output.js";
import {
  applySignalFlags,
  BadValueError,
  describeSignals,
  optionsPath,
  readIndexOptions,
  readSignalFlags,
  SIGNAL_HELP,
  SIGNAL_OPTIONS,
  storeIndexOptions,
  toSignalOptions,
  type FlagSetting,
  type StoredSignals,
} from "./cli-signals.js";

type Values = Record<string, string | boolean | undefined>;
type OptionSpec = Record<string, { type: "string" | "boolean"; short?: string }>;
interface Command {
  usage: string;
  /** How many positional arguments it takes. */
  arity: number;
  help: string;
  options: OptionSpec;
  run(values: Values, positionals: string[]): Promise<void>;
}

/** A failure the user can fix (exit 1); its message is the whole story, no stack needed. */
class CliError extends Error {}
/** A malformed command line (exit 2). */
class UsageError extends Error {}

const { stdout, stderr } = process;
const warn = (message: string) => stderr.write(`alsolike: warning: ${message}\n`);
const GLOBAL: OptionSpec = { help: { type: "boolean", short: "h" }, verbose: { type: "boolean" }, quiet: { type: "boolean" } };
const FIELDS: OptionSpec = { "title-weight": { type: "string" }, "tags-weight": { type: "string" }, language: { type: "string" }, feedback: { type: "string" }, "shared-neighbours": { type: "string" } };
const FEEDBACK: OptionSpec = { feedback: { type: "string" }, "shared-neighbours": { type: "string" } };
const FEEDBACK_HELP = `  --feedback F       pseudo-relevance feedback: "on" (${FEEDBACK_DEFAULTS.docs},${FEEDBACK_DEFAULTS.weight},${FEEDBACK_DEFAULTS.terms}), "off" (default), or
                     DOCS[,WEIGHT[,TERMS]]: each query moved toward its DOCS best neighbours
  --shared-neighbours S  neighbours of neighbours: "on" (${SHARED_NEIGHBOURS_DEFAULTS.depth},${SHARED_NEIGHBOURS_DEFAULTS.weight},${SHARED_NEIGHBOURS_DEFAULTS.pool}), "off" (default), or
                     DEPTH[,WEIGHT[,POOL]]: the best POOL reranked by cosine and shared neighbours`;
const FIELDS_HELP = `  --language CODE    the articles' language: its stop words, stemmer and word rules (default en;
                     ${LANGUAGE_CODES.join(", ")})
  --title-weight N   how much title words count against body words (default ${DEFAULTS.fields.title})
  --tags-weight N    how much tags count (default ${DEFAULTS.fields.tags})
${FEEDBACK_HELP} (stored in the index)`;
const READING: OptionSpec = { drafts: { type: "boolean" }, code: { type: "string" }, encoding: { type: "string" } };
const READING_HELP = `  --drafts           also read drafts (draft: true, published: false, Jekyll's _drafts/, ...)
  --code keep|drop   Markdown code blocks: indexed (keep, the default) or left out (drop)
  --encoding E       decode files that are not valid UTF-8 as E (latin1, windows-1252, shift_jis,
                     ...) instead of skipping them with a warning`;
const COMMON_HELP = `  -h, --help         show this help
  --quiet            no summary or progress on stderr
  --verbose          print the stack trace of an error`;
const SOURCES = `<source> is a folder of Markdown files (.md, .markdown, .mdx, recursive; hidden, .gitignored
and draft files skipped; YAML, TOML or JSON front matter: title, date, tags, section (else category,
or the first of categories), lang, related (editors' picks), url or permalink, and id or slug, else
the id is the path without extension, e.g. 2019/ca02, post/index.md is post), a .jsonl file (one
{id, text, title?, tags?, date?, section?, lang?, related?} per line; "body" is read as "text") or a
.json array of such objects.`;

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

const COMMANDS = new Map<string, Command>([
  ["build", {
    arity: 1,
    usage: "alsolike build (<source> | --from <url> --table <name>) -o <index> [--lists] [--drafts] [--code keep|drop] [--encoding E] [--title-weight N] [--tags-weight N] [ranking flags]",
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
    },
  }],
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
    },
  }],
  ["related", {
    arity: 1,
    usage: "alsolike related <id> --index <index> [-k N] [--json] [--explain] [ranking flags]",
    help: `Prints the articles most like article <id>, best first (rank, score, id; an editor's pick or a
fallback entry is marked [pinned] or [fallback]). Ranking flags stored with the index by
"alsolike build" apply; the ones given here override them.

Options:
  --index FILE       the index written by "alsolike build" (required)
  -k N               how many articles (default 10)
  --json             print [{ "id", "score", "reason"? }] instead of a table
  --explain          add the shared terms that weigh most in each score
${FEEDBACK_HELP}, in place of the index's setting
${COMMON_HELP}

${SIGNAL_HELP}

Example: alsolike related 2019/ca02 --index site.alsolike -k 5 --json --half-life 30d
`,
    options: { index: { type: "string" }, k: { type: "string", short: "k" }, json: { type: "boolean" }, explain: { type: "boolean" }, ...FEEDBACK, ...SIGNAL_OPTIONS },
    async run(values, [id]) {
      const articleId = required(id, "<id>");
      const k = positiveInt(values.k, "-k");
      const flags = readSignalFlags(values);
      const { rec, signals } = await loadIndex(required(values.index, "--index <index>"), flags, secondPassFlags(values));
      const list = rec.recommend(articleId, { k, ...toSignalOptions(signals) });
      const terms = (other: string) => rec.explain(articleId, other).terms.slice(0, 5);
      if (values.json) {
        const rows = list.map((r) => ({ ...entry(r), ...(values.explain ? { terms: terms(r.id) } : {}) }));
        stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        return;
      }
      stdout.write(relatedTable(list, values.explain ? (r) => terms(r.id).map((t) => t.term).join(", ") : undefined));
      if (list.length === 0) note(values, `alsolike: ${JSON.stringify(articleId)} shares no terms with any other article`);
    },
  }],
  ["all", {
    arity: 0,
    usage: "alsolike all --index <index> [-o <file> | --to <url> [--queue [--shards S]]] [-k N] [--format json|jsonl|html] [--url-pattern P] [ranking flags]",
    help: `Writes every article's list, in index order. Each entry is { "id", "score", "title"?, "url"?,
"date"?, "reason"? }: the article's title, its URL (its own url or permalink, else made by
--url-pattern) and its date (ISO 8601); "reason" is "pinned" or "fallback" on such entries.
Without -o, prints to stdout. Ranking flags stored with the index by "alsolike build" apply;
the ones given here override them.

Formats:
  json   one object { "<id>": [entries], ... } (default)
  jsonl  one line per article: { "id", "related": [entries] }
  html   one file per article, <folder>/<id>.html: a <ul class="alsolike-related"> of links with
         titles, escaped, empty for an empty list (needs -o <folder>)

Options:
  --index FILE       the index written by "alsolike build" (required)
  -o, --output FILE  where to write (- or none: stdout; a folder for --format html). A regular
                     file is replaced atomically (through a symlink: the file it points to); a
                     FIFO or a character device is written in place; a directory is refused
  -k N               list length (default 10)
  --format F         json, jsonl or html (default json)
  --url-pattern P    the URL of articles without their own, e.g. /posts/{yyyy}/{slug}/; placeholders
                     ${URL_PLACEHOLDERS.map((p) => `{${p}}`).join(", ")} ({slug}: the slug, else the
                     id's last segment; dates in UTC; values percent-encoded)
${FEEDBACK_HELP}, in place of the index's setting
${COMMON_HELP}

${SINK_HELP}

${SIGNAL_HELP}

Example: alsolike all --index site.alsolike -o related.json -k 5 --url-pattern "/posts/{slug}/"
         alsolike all --index site.alsolike --to postgres://cms@db/site --queue --shards 4
`,
    options: { index: { type: "string" }, output: { type: "string", short: "o" }, k: { type: "string", short: "k" }, format: { type: "string" }, "url-pattern": { type: "string" }, ...FEEDBACK, ...SIGNAL_OPTIONS, ...SINK_OPTIONS },
    async run(values) {
      const k = positiveInt(values.k, "-k");
      const format = listFormat(values.format);
      const pattern = urlPattern(values["url-pattern"]);
      if (format === "html" && typeof values.output !== "string") throw new UsageError("--format html writes one file per article: give -o <folder>");
      const flags = readSignalFlags(values);
      if (values.to !== undefined && values.output !== undefined) throw new UsageError("Give -o or --to, not both");
      const { rec, signals } = await loadIndex(required(values.index, "--index <index>"), flags, secondPassFlags(values));
      const started = performance.now();
      if (values.queue) return note(values, await (await postgres()).enqueueFromCli(values, rec, k, signals));
      const showBar = stderr.isTTY === true && !values.quiet;
      // alsolike/node's relatedAll: same lists as rec.relatedAll, on worker threads for large indexes.
      const lists = await relatedAll(rec, { k, ...toSignalOptions(signals), onProgress: showBar ? progressBar : undefined });
      if (values.to !== undefined) {
        const rows = await (await postgres()).writeListsTo(values, lists);
        return note(values, `alsolike: ${lists.size} lists, ${rows} rows written, ${Math.round(performance.now() - started)} ms`);
      }
      const linker = new EntryLinker(rec, pattern);
      const output = typeof values.output === "string" && values.output !== "-" ? values.output : undefined;
      if (format === "html" && output === undefined) throw new UsageError("--format html writes one file per article: give -o <folder>");
      const text = await io("write", output ?? "-", writeLists(format, lists, linker, output));
      if (linker.missing.length > 0) {
        warn(`--url-pattern ${JSON.stringify(pattern?.source)} made no URL for ${linker.missing.length} article(s) without a date or section it needs, e.g. ${JSON.stringify(linker.missing[0])}`);
      }
      if (text !== undefined || output === undefined) {
        await writeStdout(text ?? "");
        return;
      }
      const shaped = Object.keys(signals).length > 0 ? ` (${describeSignals(signals)})` : "";
      note(values, `alsolike: ${output}: ${lists.size} lists${format === "json" ? "" : ` (${format})`}, ${Math.round(performance.now() - started)} ms${shaped}`);
    },
  }],
  ["report", {
    arity: 0,
    usage: "alsolike report --index <index> -o <file.html> [-k N] [--label FIELD --source SRC] [--explain-limit N]",
    help: `Writes one self-contained HTML page (no network access, inline CSS and JS) to look at an index:
search an article by id or title, see its list with scores, shared words and reasons (editors'
picks, fallback entries), the index's stats and options, and with --label the eval figures
(P@k, nDCG@k, MRR, intra-list similarity, coverage; see "alsolike eval --help").
Every article's list is embedded; shared words only for the first --explain-limit articles (a
100k-article index would otherwise embed millions of words). Ranking options stored with the
index by "alsolike build" apply.

Options:
  --index FILE        the index written by "alsolike build" (required)
  -o, --output FILE   the HTML page to write (replaced atomically; required)
  -k N                list length (default 10)
  --label FIELD       compute the eval figures against this field of --source's articles
  --source SRC        the articles the index was built from (needed with --label)
  --explain-limit N   articles whose lists carry shared words (default 2000; 0: none)
${COMMON_HELP}

Example: alsolike report --index site.alsolike -o report.html --label category --source posts
`,
    options: { index: { type: "string" }, output: { type: "string", short: "o" }, k: { type: "string", short: "k" }, label: { type: "string" }, source: { type: "string" }, "explain-limit": { type: "string" } },
    async run(values) {
      const index = required(values.index, "--index <index>");
      const output = required(values.output, "-o <file.html>");
      const k = positiveInt(values.k, "-k");
      const explainLimit = values["explain-limit"] === undefined ? 2000 : values["explain-limit"] === "0" ? 0 : positiveInt(values["explain-limit"], "--explain-limit");
      const label = values.label;
      if ((label === undefined) !== (values.source === undefined)) throw new UsageError("--label and --source go together");
      const started = performance.now();
      const { rec, signals } = await loadIndex(index, []);
      const showBar = stderr.isTTY === true && !values.quiet;
      const lists = await relatedAll(rec, { k, ...toSignalOptions(signals), onProgress: showBar ? progressBar : undefined });
      let evaluation = null;
      if (typeof label === "string") {
        const source = required(values.source, "--source <source>");
        const docs = (await readSource(source, values, label)).filter((a) => rec.has(a.id)).map((a) => ({ id: a.id, label: a.label, date: a.date }));
        if (!docs.some((a) => a.label !== undefined)) throw new CliError(`No article of the index has a ${JSON.stringify(label)} field in "${source}"`);
        const m = evaluateLists(lists, docs, pairSimilarity(rec), { k });
        evaluation = { label, k, precision: m.precision, ndcg: m.ndcg, mrr: m.mrr, labelledQueries: m.labelledQueries, coverage: m.coverage, intraListSimilarity: m.intraListSimilarity };
      }
      const name = index.split(/[\\/]/).pop() as string;
      const html = reportHtml(reportData(rec, lists, { index: name, k, signals, explainLimit, eval: evaluation }));
      await io("write", output, writeFileAtomic(output, html));
      note(values, `alsolike: ${output}: ${lists.size} articles, ${Buffer.byteLength(html)} bytes, ${Math.round(performance.now() - started)} ms`);
    },
  }],
  ["worker", {
    arity: 0,
    usage: "alsolike worker --db <url> [--until-empty]",
    help: `Computes queued lists ("alsolike all --to <url> --queue"): claims a job (a block of articles
against one shard), scores it, writes its partial lists, and merges and writes a block's final lists
when its last shard is in. Run any number, on any machines that reach the database. A job whose
worker died is handed to another after the run's job timeout. SIGINT/SIGTERM stop it after the
current job.

Options:
  --db URL           the database (required)
  --until-empty      exit when no job is waiting or running (default: keep waiting for work)
  --poll-ms N        milliseconds between polls of an empty queue (default 1000)
${COMMON_HELP}

Example: alsolike worker --db postgres://cms@db/site --until-empty
`,
    options: WORKER_OPTIONS,
    async run(values) {
      required(values.db, "--db <url>");
      const jobs = await (await postgres()).workerFromCli(values, (line) => note(values, line));
      note(values, `alsolike: worker done, ${jobs} jobs`);
    },
  }],
  ["status", {
    arity: 0,
    usage: "alsolike status --db <url> [--json] [--cancel]",
    help: `Prints the progress of the latest list run: jobs done and left, jobs running, rate and ETA.

Options:
  --db URL           the database (required)
  --json             print it as JSON
  --cancel           cancel the unfinished run (its queued jobs and working data are deleted;
                     lists already written stay)
${COMMON_HELP}
`,
    options: STATUS_OPTIONS,
    async run(values) {
      required(values.db, "--db <url>");
      stdout.write(await (await postgres()).statusFromCli(values));
    },
  }],
  ["eval", {
    arity: 1,
    usage: "alsolike eval <source> --label <field> [-k N] [--json] [ranking flags]",
    help: `Builds an index from <source>, makes every article's list (with the ranking flags given) and
scores the lists against a label: an article is relevant to another when both have the same value
in field <field> (front matter or object field). Prints the mean precision at k, nDCG at k and
reciprocal rank (within the top k) over the labelled articles (unlabelled articles stay in the
index as distractors), and, over every list, what accuracy does not see: intra-list similarity
(mean cosine of two items of a list), the near-duplicate rate (pairs of items with cosine above
0.9), the mean age gap between an article and its list's items (dated pairs only), and catalogue
coverage (the share of articles in at least one list). Run it with and without a flag to see what
the flag does.

${SOURCES}

Options:
  --label FIELD      the field holding each article's label (required)
  -k N               cut-off (default 10)
  --json             print { "k", "queries", "precision", "ndcg", "mrr", "intraListSimilarity",
                     "nearDuplicateRate", "meanAgeGapDays", "coverage", ... } (null: nothing to average)
${READING_HELP}
${FIELDS_HELP}
${COMMON_HELP}

${SIGNAL_HELP}

Example: alsolike eval corpus.jsonl --label topic -k 10 --diversity 0.7
`,
    options: { label: { type: "string" }, k: { type: "string", short: "k" }, json: { type: "boolean" }, ...READING, ...FIELDS, ...SIGNAL_OPTIONS },
    async run(values, [source]) {
      const path = required(source, "<source>");
      const label = required(values.label, "--label <field>");
      const k = positiveInt(values.k, "-k");
      const signals = applySignalFlags({}, readSignalFlags(values));
      const articles = await readSource(path, values, label);
      const labelled = articles.filter((a) => a.label !== undefined).length;
      if (labelled === 0) throw new CliError(`No article in "${path}" has a ${JSON.stringify(label)} field`);
      const rec = new Recommender(fieldOptions(values)).add(articles);
      const showBar = stderr.isTTY === true && !values.quiet;
      const lists = await relatedAll(rec, { k, ...toSignalOptions(signals), onProgress: showBar ? progressBar : undefined });
      const docs = articles.map((a) => ({ id: a.id, label: a.label, date: a.date }));
      const m = evaluateLists(lists, docs, pairSimilarity(rec), { k });
      if (values.json) {
        // The keys eval printed before the list measures first, then evaluateLists' others.
        const { k: _k, labelledQueries, precision, ndcg, mrr, ...rest } = m;
        stdout.write(`${JSON.stringify({ k, queries: labelledQueries, precision, ndcg, mrr, ...rest })}\n`);
        return;
      }
      const unlabelled = articles.length - labelled;
      const skipped = unlabelled ? ` (${unlabelled} of ${articles.length} articles have no ${JSON.stringify(label)})` : "";
      stdout.write(`${"queries".padEnd(10)}${m.labelledQueries}${skipped}\n${evalRows(m).join("")}`);
    },
  }],
]);

/**
 * The PostgreSQL commands (./postgres/cli-commands.ts), loaded on first use: the other commands
 * never load the `pg` driver, an optional peer dependency.
 */
async function postgres(): Promise<typeof import("./postgres/cli-commands.js")> {
  try {
    return await import("./postgres/cli-commands.js");
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") {
      throw new CliError(`PostgreSQL support needs the optional packages pg and pg-boss: npm install pg pg-boss (${(e as Error).message.split("\n")[0]})`);
    }
    throw e;
  }
}

function required(value: string | boolean | undefined, what: string): string {
  if (typeof value !== "string") throw new UsageError(`Missing ${what}`);
  return value;
}

function positiveInt(value: string | boolean | undefined, flag: string): number {
  if (value === undefined) return 10;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} expects a positive integer, got "${String(value)}"`);
  return n;
}

function listFormat(value: string | boolean | undefined): ListFormat {
  if (value === undefined) return "json";
  if (!LIST_FORMATS.includes(value as ListFormat)) throw new BadValueError(`--format "${String(value)}": expected one of ${LIST_FORMATS.join(", ")}`);
  return value as ListFormat;
}

function urlPattern(value: string | boolean | undefined) {
  if (typeof value !== "string") return undefined;
  try {
    return parseUrlPattern(value);
  } catch (e) {
    throw new BadValueError(`--url-pattern ${(e as Error).message.replace(/^Invalid option "urlPattern": /, "")}`);
  }
}

function fieldOptions(values: Values) {
  const fields: { title?: number; tags?: number } = {};
  for (const field of ["title", "tags"] as const) {
    const raw = values[`${field}-weight`];
    if (raw === undefined) continue;
    const w = Number(raw);
    if (raw === "" || !Number.isFinite(w) || w < 0) throw new UsageError(`--${field}-weight expects a number >= 0, got "${String(raw)}"`);
    fields[field] = w;
  }
  const second = secondPassFlags(values);
  const language = values.language;
  if (language === undefined) return { fields, ...second };
  if (typeof language !== "string" || !LANGUAGE_CODES.includes(language as never)) {
    throw new UsageError(`--language "${String(language)}": expected one of ${LANGUAGE_CODES.join(", ")}`);
  }
  return { fields, language, ...second };
}

/** `--feedback` and `--shared-neighbours`, the options given (each checked as the Recommender checks it). */
function secondPassFlags(values: Values): { feedback?: FeedbackSetting; sharedNeighbours?: boolean | SharedNeighboursOptions } {
  const feedback = settingFlag(values, "feedback", ["docs", "weight", "terms"]);
  const sharedNeighbours = settingFlag(values, "shared-neighbours", ["depth", "weight", "pool"]);
  return { ...(feedback === undefined ? {} : { feedback }), ...(sharedNeighbours === undefined ? {} : { sharedNeighbours }) };
}

type FeedbackSetting = boolean | FeedbackOptions;

/**
 * `--feedback on | off | DOCS[,WEIGHT[,TERMS]]` or `--shared-neighbours on | off | DEPTH[,WEIGHT[,POOL]]`,
 * checked as the Recommender checks it (exit 2 naming the flag); undefined when not given.
 */
function settingFlag(values: Values, flag: "feedback" | "shared-neighbours", keys: readonly string[]): boolean | Record<string, number> | undefined {
  const raw = values[flag];
  if (raw === undefined) return undefined;
  const text = String(raw);
  const option = flag === "feedback" ? "feedback" : "sharedNeighbours";
  let setting: boolean | Record<string, number>;
  if (text === "on" || text === "off") setting = text === "on";
  else {
    const parts = text.split(",");
    const nums = parts.map((p) => (p.trim() === "" ? NaN : Number(p)));
    if (parts.length > keys.length || nums.some((x) => Number.isNaN(x))) {
      throw new BadValueError(`--${flag} "${text}": expected on, off or ${keys.map((k) => k.toUpperCase()).join("[,")}${"]".repeat(keys.length - 1)} (numbers)`);
    }
    setting = {};
    nums.forEach((x, i) => ((setting as Record<string, number>)[keys[i] as string] = x));
  }
  try {
    new Recommender({ [option]: setting });
  } catch (e) {
    if (e instanceof RecommenderError) throw new BadValueError(`--${flag} "${text}": ${e.message}`);
    throw e;
  }
  return setting;
}

/** Writes to stdout and resolves once the data is handed to the OS (a pipe's reader may be slow). */
function writeStdout(data: string | Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    stdout.write(data, (error) => (error ? reject(error) : resolve()));
  });
}

function note(values: Values, line: string): void {
  if (!values.quiet) stderr.write(`${line}\n`);
}

/** Rewrites file-system errors as `Cannot read "path": no such file or directory`. */
async function io<T>(verb: "read" | "write", path: string, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (e) {
    // The one RecommenderError a write raises: a target it will not replace (a directory, a
    // FIFO nobody reads, ...); its message ends with what the target is.
    if (verb === "write" && e instanceof RecommenderError && e.code === "INVALID_OPTION") {
      const what = /expected (.*), got /.exec(e.message)?.[1] ?? "not a file alsolike can write";
      throw new CliError(`Cannot write "${path}": expected ${what}`, { cause: e });
    }
    const err = e as NodeJS.ErrnoException;
    if (typeof err.code !== "string" || typeof err.syscall !== "string") throw e;
    const where = verb === "read" && typeof err.path === "string" ? err.path : path;
    const why = err.message.replace(/^[A-Z]+: /, "").replace(/, \w+ '.*'$/s, "");
    throw new CliError(`Cannot ${verb} "${where}": ${why}`, { cause: e });
  }
}

async function readSource(path: string, values: Values, label?: string): Promise<ArticleWithLabel[]> {
  const options: ReadArticlesOptions = { onWarning: warn, drafts: values.drafts === true };
  if (label !== undefined) options.label = label;
  if (values.code !== undefined) {
    if (values.code !== "keep" && values.code !== "drop") throw new UsageError(`--code expects keep or drop, got "${String(values.code)}"`);
    options.code = values.code;
  }
  if (values.encoding !== undefined) {
    if (typeof values.encoding !== "string" || !isEncoding(values.encoding)) throw new UsageError(`--encoding "${String(values.encoding)}": not an encoding TextDecoder knows (latin1, windows-1252, utf-8, shift_jis, ...)`);
    options.encoding = values.encoding;
  }
  // A skipped file (binary, not valid UTF-8) is worth a line even with --quiet: the index lacks it.
  const articles = await io("read", path, readArticles(path, options));
  if (articles.length === 0) throw new CliError(`No articles in "${path}" (looked for .md/.markdown/.mdx files that are not drafts, or .jsonl/.json records)`);
  return articles;
}

function isEncoding(label: string): boolean {
  try {
    new TextDecoder(label);
    return label.trim() !== "";
  } catch {
    return false;
  }
}

/** The index at `path`, and its stored ranking options with `flags` applied over them. */
async function loadIndex(path: string, flags: readonly FlagSetting[], second: ReturnType<typeof secondPassFlags> = {}): Promise<{ rec: Recommender; signals: StoredSignals }> {
  let rec: Recommender;
  try {
    rec = await io("read", path, loadFile(path, second));
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`Cannot load index "${path}": ${(e as Error).message}`, { cause: e });
  }
  const stored = await io("read", optionsPath(path), readIndexOptions(path, warn));
  return { rec, signals: applySignalFlags(stored ?? {}, flags) };
}

function usageError(message: string, usage: string): number {
  stderr.write(`alsolike: ${message}\nUsage: ${usage}\nRun "${usage.split(" <")[0]?.split(" [")[0]} --help" for details.\n`);
  return 2;
}

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
