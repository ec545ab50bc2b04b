/**
 * What the `alsolike` command prints: list entries, the `related` table, the `eval` table, and
 * the progress bar on stderr (the lists of `all`: ./related-output.ts). Formatting only: the commands (cli.ts) decide
 * what to print and where.
 */
import type { Recommendation } from "./index.js";
import type { ListEvaluation } from "../eval/metrics.js";

/** A list entry as the CLI prints it: `{ id, score }`, and `reason` when the library gave one. */
export function entry(r: Recommendation): Recommendation {
  return r.reason === undefined ? { id: r.id, score: r.score } : { id: r.id, score: r.score, reason: r.reason };
}

/** The `related` table: rank, score, id, `[pinned]`/`[fallback]`, and each entry's `why` when given. */
export function relatedTable(list: readonly Recommendation[], why?: (r: Recommendation) => string): string {
  const lines = ["rank  score  id"];
  list.forEach((r, i) => {
    const reason = r.reason === undefined ? "" : `  [${r.reason}]`;
    const terms = why === undefined ? "" : `  (${why(r)})`;
    lines.push(`${String(i + 1).padStart(4)}  ${r.score.toFixed(3)}  ${r.id}${reason}${terms}`);
  });
  return `${lines.join("\n")}\n`;
}

/** The eval table's lines after "queries": accuracy, then what the lists are like. */
export function evalRows(m: ListEvaluation): string[] {
  const k = m.k;
  const num = (v: number | null) => (v === null ? "n/a  " : v.toFixed(3));
  const rows: [string, string][] = [
    [`P@${k}`, num(m.precision)],
    [`nDCG@${k}`, num(m.ndcg)],
    [`MRR@${k}`, num(m.mrr)],
    [`ILS@${k}`, `${num(m.intraListSimilarity)}  (mean similarity of two items of a list, over ${m.listsWithPairs} lists)`],
    ["near-dup", `${num(m.nearDuplicateRate)}  (${m.nearDuplicates} of ${m.pairs} pairs above ${m.nearDuplicateThreshold})`],
    ["age gap", m.meanAgeGapDays === null ? "n/a    (no dated pairs)" : `${m.meanAgeGapDays.toFixed(1)} days  (mean over ${m.datedPairs} dated pairs)`],
    ["coverage", `${num(m.coverage)}  (${m.covered} articles in some list)`],
  ];
  return rows.map(([name, v]) => `${name.padEnd(10)}${v}\n`);
}

/** A 30-character bar on stderr, redrawn in place and cleared when done. */
export function progressBar(done: number, total: number): void {
  const width = 30;
  const filled = Math.round((width * done) / total);
  process.stderr.write(`\r[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total}`);
  if (done === total) process.stderr.write("\r\x1b[K");
}
