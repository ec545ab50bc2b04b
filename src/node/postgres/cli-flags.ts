/**
 * The PostgreSQL flags of the `alsolike` command and their help, kept apart from the code that
 * runs them (./cli-commands.ts, loaded only when a flag is used) so that the CLI parses and
 * prints help without loading the `pg` driver.
 */

type OptionSpec = Record<string, { type: "string" | "boolean" }>;

/** Column flags: flag -> the `ArticleColumns` key it sets. */
export const COLUMN_FLAGS = {
  "id-column": "id",
  "title-column": "title",
  "text-column": "text",
  "date-column": "date",
  "tags-column": "tags",
  "section-column": "section",
  "lang-column": "lang",
  "updated-column": "updatedAt",
  "deleted-column": "deleted",
} as const;

/** Where articles come from: `build --from` and `sync`. */
export const SOURCE_OPTIONS: OptionSpec = {
  from: { type: "string" },
  table: { type: "string" },
  query: { type: "string" },
  ...Object.fromEntries(Object.keys(COLUMN_FLAGS).map((f) => [f, { type: "string" as const }])),
};

/** Where lists go and how they are computed: `all --to`. */
export const SINK_OPTIONS: OptionSpec = {
  to: { type: "string" },
  "related-table": { type: "string" },
  queue: { type: "boolean" },
  shards: { type: "string" },
  "block-size": { type: "string" },
  "job-timeout": { type: "string" },
};

/** `alsolike worker`. */
export const WORKER_OPTIONS: OptionSpec = { db: { type: "string" }, "until-empty": { type: "boolean" }, "poll-ms": { type: "string" } };

/** `alsolike status`. */
export const STATUS_OPTIONS: OptionSpec = { db: { type: "string" }, cancel: { type: "boolean" }, json: { type: "boolean" } };

export const SOURCE_HELP = `PostgreSQL source (instead of <source>):
  --from URL         read the articles from PostgreSQL (postgres://user:pass@host/db)
  --table NAME       the table (or schema.table) holding them
  --query SQL        or a SELECT giving the same columns
  --id-column C      column names: id, title, text, date, tags, section, lang (defaults: the same
  --title-column C   names); title, date, tags, section and lang are read when the table has
  --text-column C    them. tags: a text[] or JSON array, or a comma-separated string
  --date-column C
  --tags-column C
  --section-column C
  --lang-column C
  --updated-column C when a row last changed (default updated_at; "alsolike sync" reads the rows
                     changed since the last build or sync)
  --deleted-column C a boolean flagging deleted rows (default deleted): skipped, and removed by sync`;

export const SINK_HELP = `PostgreSQL output (instead of -o):
  --to URL           write the lists to a PostgreSQL table, each article's list replaced in one
                     transaction (lists of articles no longer in the index are deleted)
  --related-table T  the table (default related; created when missing): article_id, rank,
                     related_id, score, reason, computed_at
  --queue            do not compute here: put the work on the database's queue for
                     "alsolike worker --db URL" processes (any number, on any machine), and return
  --shards S         with --queue: cut the index into S shards; a worker holds one shard's
                     postings at a time (default 1)
  --block-size N     with --queue: articles per job (default: the index cut into 64 blocks; a job
                     is one block against one shard)
  --job-timeout S    with --queue: seconds after which a job still running is handed to another
                     worker (its worker died); default 900`;
