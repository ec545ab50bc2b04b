/**
 * `alsolike/postgres`: a site's PostgreSQL as source, sink and coordinator. Read articles from a
 * table or a query (streamed through a cursor; kept in step by `updated_at` and a deleted flag),
 * write every article's list to a `related` table (each list replaced in one transaction), and
 * compute every list with any number of worker processes coordinating through the database.
 * Node only; needs the `pg` package (and `pg-boss` for the queue), optional peer dependencies
 * that `alsolike` and `alsolike/node` never load.
 */
import { installAllParts } from "../../parts/all.js";

// The indexes handed in are saved and searched here: every part of the Recommender, as in alsolike/node.
installAllParts();

export { checkUrl, redactUrl } from "./connection.js";
export { readArticlesFromPostgres, syncFromPostgres } from "./source.js";
export type { ArticleColumns, PostgresSource, SyncResult } from "./source.js";
export { writeRelated, relatedTableSql } from "./sink.js";
export type { WriteRelatedOptions } from "./sink.js";
export { enqueueRelated, queueStatus, runWorker } from "./queue.js";
export type { EnqueueOptions, EnqueueResult, RunStatus, RunWorkerOptions } from "./queue.js";
