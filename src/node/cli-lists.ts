/**
 * The commands that answer from an index: related, all (to files or a database, or queued for
 * workers), report, eval, and the queue's worker and status.
 */
import { writeFileAtomic } from "./atomic-write.js";
import { Recommender, relatedAll } from "./index.js";
import { evaluateLists } from "../eval/metrics.js";
import { entry, evalRows, progressBar, relatedTable } from "./cli-output.js";
import { pairSimilarity } from "./pair-similarity.js";
import { SINK_HELP, SINK_OPTIONS, STATUS_OPTIONS, WORKER_OPTIONS } from "./postgres/cli-flags.js";
import { reportData, reportHtml } from "./report.js";
import { EntryLinker, URL_PLACEHOLDERS, writeLists } from "./related-output.js";
import { applySignalFlags, describeSignals, readSignalFlags, SIGNAL_HELP, SIGNAL_OPTIONS, toSignalOptions } from "./cli-signals.js";

import {
  CliError,
  FEEDBACK,
  FEEDBACK_HELP,
  secondPassFlags,
  COMMON_HELP,
  FIELDS,
  FIELDS_HELP,
  fieldOptions,
  io,
  listFormat,
  loadIndex,
  note,
  positiveInt,
  postgres,
  READING,
  READING_HELP,
  readSource,
  required,
  SOURCES,
  UsageError,
  urlPattern,
  warn,
  writeStdout,
  type Command,
} from "./cli-common.js";

const { stdout, stderr } = process;

export const LIST_COMMANDS: [string, Command][] = [
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
      stdout.write(relatedTable(list, values.explain ? (r) => terms(r.id).map((t) => (t.field === "title" || t.field === "tags" ? `${t.field}:${t.term}` : t.term)).join(", ") : undefined));
      if (list.length === 0) note(values, `alsolike: ${JSON.stringify(articleId)} shares no terms with any other article`);
    } }],
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
    } }],
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
    } }],
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
    } }],
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
    } }],
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
    } }],
];
