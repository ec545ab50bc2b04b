/**
 * `alsolike report`: one self-contained HTML page (inline CSS and JS, no network) to look at an
 * index's lists: search an article by id or title, see its list with scores, shared words and
 * reasons, the index's stats and options, and the eval figures when labels are given.
 *
 * What is embedded, so that a 100k-article index stays a page a browser opens: every article's
 * id, title, url, date and section; every article's list (k entries: document number and score
 * to 6 decimals, plus its reason); and the shared words (explain's top 5 per entry) of the first
 * `explainLimit` articles' lists only (default 2,000): explanations cost a string list per
 * entry, and `alsolike related <id> --explain` gives them for any other article.
 * The data sits in a `<script type="application/json">`, with `<`, `>`, `&`, U+2028 and U+2029
 * written as \u escapes, so no title can close the script or break the page.
 */
import type { ListEvaluation } from "../eval/metrics.js";
import type { Recommendation, Recommender } from "./index.js";

/** What the page shows of an index, as JSON. */
export interface ReportData {
  /** The index file's name, for the heading. */
  index: string;
  stats: { articles: number; terms: number; postings: number; bytes: number };
  options: Record<string, unknown>;
  /** Ranking options the lists were made with (stored with the index), {} when none. */
  signals: Record<string, unknown>;
  k: number;
  ids: string[];
  titles: string[];
  urls: string[];
  /** ISO dates (YYYY-MM-DD, UTC), "" when undated. */
  dates: string[];
  sections: string[];
  /** Per article: [doc, score, doc, score, ...]. */
  lists: number[][];
  /** Reasons of entries that have one: "article doc:entry position" -> reason. */
  reasons: Record<string, string>;
  /** Shared words per entry, for the articles 0 .. explained-1. */
  words: string[][][];
  explained: number;
  /** The eval figures when a label was given, else null. */
  eval: (Pick<ListEvaluation, "k" | "precision" | "ndcg" | "mrr" | "labelledQueries" | "coverage" | "intraListSimilarity"> & { label: string }) | null;
}

/** Options of `reportData`. */
export interface ReportOptions {
  index: string;
  k: number;
  signals: Record<string, unknown>;
  /** Articles whose lists carry shared words (the first ones in index order). Default 2,000. */
  explainLimit?: number;
  eval?: ReportData["eval"];
}

/** The page's data from an index and its lists (in index order). */
export function reportData(rec: Recommender, lists: ReadonlyMap<string, readonly Recommendation[]>, o: ReportOptions): ReportData {
  const ids = rec.ids();
  const docOf = new Map<string, number>();
  ids.forEach((id, d) => docOf.set(id, d));
  const titles: string[] = [];
  const urls: string[] = [];
  const dates: string[] = [];
  const sections: string[] = [];
  for (const id of ids) {
    const a = rec.article(id);
    titles.push(a.title ?? "");
    urls.push(a.url ?? "");
    dates.push(a.date === undefined ? "" : a.date.toISOString().slice(0, 10));
    sections.push(a.section ?? "");
  }
  const limit = Math.min(ids.length, o.explainLimit ?? 2000);
  const out: number[][] = [];
  const reasons: Record<string, string> = {};
  const words: string[][][] = [];
  ids.forEach((id, d) => {
    const list = lists.get(id) ?? [];
    const flat: number[] = [];
    list.forEach((r, i) => {
      flat.push(docOf.get(r.id) as number, Math.round(r.score * 1e6) / 1e6);
      if (r.reason !== undefined) reasons[`${d}:${i}`] = r.reason;
    });
    out.push(flat);
    if (d < limit) words.push(list.map((r) => rec.explain(id, r.id).terms.slice(0, 5).map((t) => t.term)));
  });
  const s = rec.stats();
  return {
    index: o.index,
    stats: { articles: s.articles, terms: s.terms, postings: s.postings, bytes: s.bytes },
    options: JSON.parse(JSON.stringify(rec.options)) as Record<string, unknown>,
    signals: o.signals,
    k: o.k,
    ids,
    titles,
    urls,
    dates,
    sections,
    lists: out,
    reasons,
    words,
    explained: limit,
    eval: o.eval ?? null,
  };
}

/** JSON safe inside a `<script>` element: no `</script>`, `<!--`, and no U+2028/2029 raw. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** The whole page. */
export function reportHtml(data: ReportData): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>alsolike report</title>
<style>${CSS}</style>
</head>
<body>
<header><h1>alsolike report: <span id="index-name"></span></h1><p id="summary"></p></header>
<section id="figures"><table id="stats"></table><table id="eval"></table></section>
<main>
  <nav>
    <input id="search" type="search" placeholder="Search articles by id or title" autocomplete="off" aria-label="Search articles">
    <p id="count"></p>
    <ul id="results"></ul>
  </nav>
  <article id="detail">
    <p class="hint">Search and pick an article to see its list.</p>
  </article>
</main>
<script type="application/json" id="data">${scriptJson(data)}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

const CSS = `
body { font: 15px/1.45 system-ui, sans-serif; margin: 0; color: #1b1b1b; background: #fafafa; }
header, #figures { padding: 0.5rem 1.25rem; }
h1 { font-size: 1.3rem; margin: 0.5rem 0; }
#figures { display: flex; gap: 2rem; flex-wrap: wrap; }
table { border-collapse: collapse; }
th, td { text-align: left; padding: 0.2rem 0.6rem; border-bottom: 1px solid #ddd; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
main { display: grid; grid-template-columns: minmax(16rem, 24rem) 1fr; gap: 1rem; padding: 0 1.25rem 2rem; }
nav input { width: 100%; box-sizing: border-box; padding: 0.45rem; font-size: 1rem; }
#results { list-style: none; padding: 0; margin: 0; max-height: 70vh; overflow: auto; background: #fff; border: 1px solid #ddd; }
#results li { padding: 0.3rem 0.5rem; cursor: pointer; border-bottom: 1px solid #eee; }
#results li:hover, #results li.current { background: #e8f0fe; }
#results small, .id { color: #666; }
#detail { background: #fff; border: 1px solid #ddd; padding: 0.5rem 1rem; min-height: 10rem; }
#detail h2 { font-size: 1.15rem; }
.bar { display: inline-block; height: 0.6rem; background: #4a7bd0; margin-right: 0.4rem; }
.reason { font-size: 0.8rem; background: #fde7c5; padding: 0 0.3rem; border-radius: 3px; }
a.goto { cursor: pointer; color: #1a56c4; text-decoration: underline; }
.hint { color: #666; }
`;

// Plain DOM code; every value goes in through textContent, never innerHTML.
const SCRIPT = `
"use strict";
const D = JSON.parse(document.getElementById("data").textContent);
const $ = (id) => document.getElementById(id);
const el = (tag, text, cls) => { const e = document.createElement(tag); if (text !== undefined) e.textContent = text; if (cls) e.className = cls; return e; };
const row = (table, cells, num) => { const tr = el("tr"); cells.forEach((c, i) => { const td = el(i === 0 ? "th" : "td", c); if (i > 0 && num) td.className = "num"; tr.append(td); }); table.append(tr); };
const n = D.ids.length;
const label = (d) => D.titles[d] || D.ids[d];
$("index-name").textContent = D.index;
$("summary").textContent = n + " articles, lists of " + D.k + (Object.keys(D.signals).length ? ", ranking options " + JSON.stringify(D.signals) : "") + ". Shared words are embedded for the first " + D.explained + " articles.";
row($("stats"), ["articles", String(D.stats.articles)], true);
row($("stats"), ["terms", String(D.stats.terms)], true);
row($("stats"), ["postings", String(D.stats.postings)], true);
row($("stats"), ["index bytes", String(D.stats.bytes)], true);
for (const [k, v] of Object.entries(D.options)) row($("stats"), [k, typeof v === "string" ? v : JSON.stringify(v)], true);
if (D.eval) {
  const f = (v) => v === null ? "n/a" : v.toFixed(3);
  row($("eval"), ["label", D.eval.label]);
  row($("eval"), ["queries", String(D.eval.labelledQueries)], true);
  row($("eval"), ["P@" + D.eval.k, f(D.eval.precision)], true);
  row($("eval"), ["nDCG@" + D.eval.k, f(D.eval.ndcg)], true);
  row($("eval"), ["MRR@" + D.eval.k, f(D.eval.mrr)], true);
  row($("eval"), ["ILS@" + D.eval.k, f(D.eval.intraListSimilarity)], true);
  row($("eval"), ["coverage", f(D.eval.coverage)], true);
} else {
  $("eval").hidden = true;
}
const lower = D.ids.map((id, d) => (id + "\\u0000" + D.titles[d]).toLowerCase());
function search(q) {
  const needle = q.trim().toLowerCase();
  const out = [];
  for (let d = 0; d < n && out.length < 100; d++) if (needle === "" || lower[d].includes(needle)) out.push(d);
  let total = out.length;
  if (out.length === 100) { total = 0; for (let d = 0; d < n; d++) if (needle === "" || lower[d].includes(needle)) total++; }
  $("count").textContent = total + " match" + (total === 1 ? "" : "es") + (total > out.length ? ", first " + out.length + " shown" : "");
  const ul = $("results");
  ul.replaceChildren(...out.map((d) => { const li = el("li"); li.dataset.doc = String(d); li.append(el("span", label(d)), el("br"), el("small", D.ids[d])); li.addEventListener("click", () => show(d)); return li; }));
}
function show(d) {
  const box = $("detail");
  const list = D.lists[d];
  const words = d < D.explained ? D.words[d] : null;
  const h = el("h2", label(d));
  const meta = el("p", "id " + D.ids[d] + (D.dates[d] ? " \\u00b7 " + D.dates[d] : "") + (D.sections[d] ? " \\u00b7 " + D.sections[d] : ""), "id");
  const parts = [h, meta];
  if (D.urls[d]) parts.push(el("p", D.urls[d], "id"));
  if (list.length === 0) parts.push(el("p", "No related articles: it shares no counted word with any other article.", "hint"));
  else {
    const t = el("table"); t.id = "list";
    const head = el("tr"); ["#", "score", "article", "shared words", ""].forEach((c) => head.append(el("th", c))); t.append(head);
    for (let i = 0; i < list.length; i += 2) {
      const other = list[i], score = list[i + 1], pos = i / 2;
      const tr = el("tr"); tr.dataset.id = D.ids[other];
      const scoreCell = el("td", "", "num score"); const bar = el("span", "", "bar"); bar.style.width = Math.round(60 * Math.min(1, score)) + "px"; scoreCell.append(bar, document.createTextNode(score.toFixed(3)));
      const art = el("td"); const a = el("a", label(other), "goto"); a.addEventListener("click", () => show(other)); art.append(a, el("br"), el("small", D.ids[other], "id"));
      const reason = D.reasons[d + ":" + pos];
      tr.append(el("td", String(pos + 1), "num"), scoreCell, art, el("td", words ? words[pos].join(", ") : "\\u2014"), el("td", reason || "", reason ? "reason" : ""));
      t.append(tr);
    }
    parts.push(t);
    if (!words) parts.push(el("p", "Shared words are not embedded for this article: alsolike related " + JSON.stringify(D.ids[d]) + " --index " + D.index + " --explain", "hint"));
  }
  box.replaceChildren(...parts);
  for (const li of $("results").children) li.classList.toggle("current", li.dataset.doc === String(d));
  history.replaceState(null, "", "#" + encodeURIComponent(D.ids[d]));
}
$("search").addEventListener("input", (e) => search(e.target.value));
search("");
let fromHash = "";
try { fromHash = decodeURIComponent(location.hash.slice(1)); } catch (e) { fromHash = ""; }
const start = D.ids.indexOf(fromHash);
if (start >= 0) show(start);
`;
