/**
 * The scaling chart as a self-contained SVG, written by hand (no plotting dependency): three
 * log-log panels against corpus size (build time, recommend p50, all-lists time), one line per
 * implementation. Hollow markers are extrapolated figures.
 *
 * Standalone: `tsx bench/chart.ts [bench/results/scale.json] [bench/results/scale.svg]`.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { CorpusResult, ScaleResults } from "./report.js";

interface Point {
  x: number;
  y: number;
  extrapolated: boolean;
}

interface Series {
  name: string;
  color: string;
  dash?: string;
  points: Point[];
}

interface Panel {
  title: string;
  unit: string;
  series: Series[];
}

const W = 340;
const H = 260;
const M = { left: 58, right: 14, top: 34, bottom: 42 };
const FONT = `font-family="system-ui, -apple-system, Segoe UI, sans-serif"`;

function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function tickLabel(exp: number, sizes = false): string {
  const v = 10 ** exp;
  if (sizes) return v >= 1e6 ? `${v / 1e6}M` : v >= 1e3 ? `${v / 1e3}k` : String(v);
  return exp >= 0 ? v.toLocaleString("en-US") : v.toFixed(-exp);
}

function decades(values: number[]): [number, number] {
  const logs = values.filter((v) => v > 0 && Number.isFinite(v)).map(Math.log10);
  if (logs.length === 0) return [0, 1];
  let lo = Math.floor(Math.min(...logs));
  let hi = Math.ceil(Math.max(...logs));
  if (hi === lo) {
    lo -= 1;
    hi += 1;
  }
  return [lo, hi];
}

function panelSvg(p: Panel, xs: [number, number], ox: number, oy: number): string {
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const ys = decades(p.series.flatMap((s) => s.points.map((pt) => pt.y)));
  const sx = (x: number) => ox + M.left + ((Math.log10(x) - xs[0]) / (xs[1] - xs[0])) * pw;
  const sy = (y: number) => oy + M.top + ph - ((Math.log10(y) - ys[0]) / (ys[1] - ys[0])) * ph;
  const out: string[] = [];
  out.push(`<text x="${ox + M.left}" y="${oy + 18}" ${FONT} font-size="13" font-weight="600">${esc(p.title)}</text>`);
  out.push(`<rect x="${ox + M.left}" y="${oy + M.top}" width="${pw}" height="${ph}" fill="none" stroke="#999"/>`);
  for (let e = xs[0]; e <= xs[1]; e++) {
    const x = sx(10 ** e).toFixed(1);
    out.push(`<line x1="${x}" y1="${oy + M.top}" x2="${x}" y2="${oy + M.top + ph}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${x}" y="${oy + M.top + ph + 15}" ${FONT} font-size="10" text-anchor="middle" fill="#444">${tickLabel(e, true)}</text>`);
  }
  for (let e = ys[0]; e <= ys[1]; e++) {
    const y = sy(10 ** e).toFixed(1);
    out.push(`<line x1="${ox + M.left}" y1="${y}" x2="${ox + M.left + pw}" y2="${y}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${ox + M.left - 5}" y="${y}" dy="3" ${FONT} font-size="10" text-anchor="end" fill="#444">${tickLabel(e)}</text>`);
  }
  out.push(`<text x="${ox + M.left + pw / 2}" y="${oy + H - 8}" ${FONT} font-size="11" text-anchor="middle" fill="#444">articles</text>`);
  out.push(`<text transform="translate(${ox + 14} ${oy + M.top + ph / 2}) rotate(-90)" ${FONT} font-size="11" text-anchor="middle" fill="#444">${esc(p.unit)}</text>`);
  for (const s of p.series) {
    const pts = s.points.filter((pt) => pt.y > 0 && Number.isFinite(pt.y));
    if (pts.length === 0) continue;
    const d = pts.map((pt, i) => `${i === 0 ? "M" : "L"}${sx(pt.x).toFixed(1)},${sy(pt.y).toFixed(1)}`).join(" ");
    out.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2"${s.dash ? ` stroke-dasharray="${s.dash}"` : ""}/>`);
    for (const pt of pts) {
      const fill = pt.extrapolated ? "#fff" : s.color;
      out.push(`<circle cx="${sx(pt.x).toFixed(1)}" cy="${sy(pt.y).toFixed(1)}" r="3.5" fill="${fill}" stroke="${s.color}" stroke-width="1.5"/>`);
    }
  }
  return out.join("\n");
}

const COLORS = { alsolike: "#1f77b4", pruned: "#1f77b4", kept: "#2ca02c", sklearnMode: "#17becf", quality: "#ff7f0e", plain: "#d62728", naive: "#7f7f7f" };

function panels(corpora: CorpusResult[]): Panel[] {
  const pt = (c: CorpusResult, y: number | undefined, extrapolated = false): Point[] =>
    y === undefined || !Number.isFinite(y) ? [] : [{ x: c.n, y, extrapolated }];
  const series = (name: string, color: string, f: (c: CorpusResult) => Point[], dash?: string): Series => ({
    name, color, dash, points: corpora.flatMap(f),
  });
  const naiveFitX = (c: CorpusResult) => !!c.naive && (c.naive.extrapolated.add || c.naive.extrapolated.idf || c.naive.extrapolated.vectorize);
  return [
    {
      title: "Build / fit",
      unit: "seconds",
      series: [
        series("alsolike (defaults)", COLORS.alsolike, (c) => pt(c, c.alsolike.buildMs / 1000)),
        series("alsolike (sklearn analyzer)", COLORS.sklearnMode, (c) => pt(c, c.sklearnMode ? c.sklearnMode.buildMs / 1000 : undefined), "2 3"),
        series("scikit-learn quality", COLORS.quality, (c) => pt(c, c.sklearn.quality?.fit_s)),
        series("scikit-learn plain", COLORS.plain, (c) => pt(c, c.sklearn.plain?.fit_s), "6 3"),
        series("naive (natural + ml-distance)", COLORS.naive, (c) => pt(c, c.naive ? c.naive.fitMs / 1000 : undefined, naiveFitX(c))),
      ],
    },
    {
      title: "recommend(), median",
      unit: "milliseconds",
      series: [
        series("alsolike (defaults)", COLORS.alsolike, (c) => pt(c, c.alsolike.recommendP50Us / 1000)),
        series("alsolike pruned kernel (exact)", COLORS.pruned, (c) => pt(c, c.alsolike.pruned ? c.alsolike.pruned.p50Us / 1000 : undefined), "1 3"),
        series("alsolike from kept lists (after relatedAll)", COLORS.kept, (c) => pt(c, c.alsolike.kept ? c.alsolike.kept.p50Us / 1000 : undefined)),
        series("alsolike (sklearn analyzer)", COLORS.sklearnMode, (c) => pt(c, c.sklearnMode ? c.sklearnMode.recommendP50Us / 1000 : undefined), "2 3"),
        series("scikit-learn quality", COLORS.quality, (c) => pt(c, c.sklearn.quality?.query_p50_ms)),
        series("scikit-learn plain", COLORS.plain, (c) => pt(c, c.sklearn.plain?.query_p50_ms), "6 3"),
        series("naive (natural + ml-distance)", COLORS.naive, (c) => pt(c, c.naive?.queryMs, c.naive?.extrapolated.query)),
      ],
    },
    {
      title: "Every article's list",
      unit: "seconds",
      series: [
        series("alsolike (defaults)", COLORS.alsolike, (c) => pt(c, c.alsolike.relatedAll ? c.alsolike.relatedAll.ms / 1000 : undefined, c.alsolike.relatedAll?.extrapolated)),
        series("alsolike (sklearn analyzer)", COLORS.sklearnMode, (c) => pt(c, c.sklearnMode?.relatedAll ? c.sklearnMode.relatedAll.ms / 1000 : undefined, c.sklearnMode?.relatedAll?.extrapolated), "2 3"),
        series("scikit-learn quality", COLORS.quality, (c) => pt(c, c.sklearn.quality?.all_lists_s, c.sklearn.quality?.all_lists_extrapolated)),
        series("scikit-learn plain", COLORS.plain, (c) => pt(c, c.sklearn.plain?.all_lists_s, c.sklearn.plain?.all_lists_extrapolated), "6 3"),
        series("naive (natural + ml-distance)", COLORS.naive, (c) => pt(c, c.naive ? c.naive.allListsMs / 1000 : undefined, c.naive?.extrapolated.allLists)),
      ],
    },
  ];
}

/** The chart for the synthetic corpora of a run (Brown is a different corpus, so it is left out). */
export function renderChart(results: ScaleResults): string {
  const corpora = results.corpora.filter((c) => c.synthetic);
  const ps = panels(corpora);
  const xs = decades(corpora.map((c) => c.n));
  const legend = ps[1]?.series.concat(ps[0]?.series ?? []).filter((s, i, all) => all.findIndex((t) => t.name === s.name) === i && s.points.length > 0) ?? [];
  const legendRows = Math.ceil(legend.length / 3);
  const width = W * ps.length;
  const height = H + 44 + legendRows * 18 + 20;
  const m = results.machine;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`);
  out.push(`<rect width="100%" height="100%" fill="#fff"/>`);
  out.push(`<text x="12" y="20" ${FONT} font-size="15" font-weight="700">alsolike: time vs corpus size (synthetic corpora, log-log)</text>`);
  ps.forEach((p, i) => out.push(panelSvg(p, xs, i * W, 24)));
  const ly = H + 24 + 22;
  legend.forEach((s, i) => {
    const x = 16 + (i % 3) * (width / 3);
    const y = ly + Math.floor(i / 3) * 18;
    out.push(`<line x1="${x}" y1="${y}" x2="${x + 26}" y2="${y}" stroke="${s.color}" stroke-width="2"${s.dash ? ` stroke-dasharray="${s.dash}"` : ""}/>`);
    out.push(`<circle cx="${x + 13}" cy="${y}" r="3.5" fill="${s.color}"/>`);
    out.push(`<text x="${x + 32}" y="${y}" dy="4" ${FONT} font-size="11">${esc(s.name)}</text>`);
  });
  const fy = ly + legendRows * 18 + 8;
  out.push(`<text x="12" y="${fy}" ${FONT} font-size="10" fill="#666">${esc(`Hollow markers: extrapolated from a time-capped run. ${m.cpu}, ${m.cores} cores, Node ${m.node}, ${m.date}.`)}</text>`);
  out.push(`</svg>`);
  return out.join("\n") + "\n";
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const input = process.argv[2] ?? "bench/results/scale.json";
  const output = process.argv[3] ?? "bench/results/scale.svg";
  writeFileSync(output, renderChart(JSON.parse(readFileSync(input, "utf8")) as ScaleResults));
}
