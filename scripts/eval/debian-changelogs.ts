// A dated, sectioned news corpus from Debian packages: every entry of every installed package's
// /usr/share/doc/<package>/changelog.Debian.gz is one article, read at eval time (no text is kept
// in the repository).
//
//   id       "<source>/<version>" (from the entry's header line "source (version) dist; urgency=..")
//   text     the entry's change lines, without the header, the " -- Maintainer <mail>  date"
//            trailer and the "[ Contributor Name ]" lines: who wrote an entry is not what it is
//            about, and the same names recur through one package's history
//   date     the trailer's RFC 2822 date (an entry whose date does not parse is undated)
//   section  the Debian section of the source's installed binary packages (dpkg-query), the most
//            frequent one when they differ ("libs" over "libdevel"), without its archive area
//            ("contrib/net" is "net")
//   tags     the bug numbers the entry closes ("Closes: #123, #456" gives ["#123", "#456"])
//   label    the source package: a maintainer filed the entry in that package's history, so two
//            entries of one package are relevant to each other
//
// The corpus is what is installed: each Debian package brings its changelog, so `apt-get install`
// of more packages makes it larger. The eval prints the number of packages and entries it read.
// Needs Debian's dpkg-query (present on any Debian or Ubuntu system; nothing to install).
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { sample, type EvalArticle, type EvalCorpus } from "./corpus.js";

const DOC = "/usr/share/doc";

/** One parsed changelog entry. */
export interface ChangelogEntry {
  source: string;
  version: string;
  /** Epoch milliseconds, NaN when the trailer's date is missing or does not parse. */
  date: number;
  /** Change lines, trimmed, without contributor headings. */
  lines: string[];
  /** Bug numbers from "Closes:" statements, as "#123". */
  closes: string[];
}

// Debian Policy 4.4: "package (version) distribution(s); urgency=urgency".
const HEADER = /^(\w[\w.+-]*) \(([^()\s]+)\)[^;]*;/;
// " -- Name <email>  Date": the date follows the address after two spaces (some old entries use one).
const TRAILER = /^ -- .*>\s+(\S.*?)\s*$/;
const CONTRIBUTOR = /^\[\s.*\s\]$/;
// Policy's "Closes: #nnnn, #mmmm" (also "Closes: nnnn" and "closes: bug#nnnn", seen in older entries).
const CLOSES = /closes:\s*(?:bug)?#?\s*\d+(?:\s*,\s*(?:and\s+)?(?:bug)?#?\s*\d+)*/gi;

// Entries dated outside Debian's lifetime are typos ("2103" for "2013"): undated, not misplaced.
const EARLIEST = Date.UTC(1993, 0, 1);

function parseDate(text: string, now: number): number {
  const ms = new Date(text).getTime();
  return ms >= EARLIEST && ms <= now ? ms : NaN;
}

/**
 * The entries of one changelog, newest first as written. Lines outside an entry (an "Old
 * Changelog:" tail in another format, Emacs local variables) are skipped.
 */
export function parseChangelog(text: string, now = Date.now()): ChangelogEntry[] {
  const entries: ChangelogEntry[] = [];
  let current: ChangelogEntry | null = null;
  for (const line of text.split("\n")) {
    const header = HEADER.exec(line);
    if (header) {
      current = { source: header[1] as string, version: header[2] as string, date: NaN, lines: [], closes: [] };
      continue;
    }
    if (current === null) continue;
    const trailer = TRAILER.exec(line);
    if (trailer) {
      current.date = parseDate(trailer[1] as string, now);
      entries.push(current);
      current = null;
      continue;
    }
    const body = line.trim();
    if (body === "" || CONTRIBUTOR.test(body)) continue;
    current.lines.push(body);
    for (const statement of body.match(CLOSES) ?? []) {
      for (const n of statement.match(/\d+/g) ?? []) current.closes.push(`#${n}`);
    }
  }
  return entries;
}

/** Source package -> its installed binaries' most frequent section (ties: alphabetical). */
function sectionsBySource(): Map<string, string> {
  const out = execFileSync("dpkg-query", ["-W", "-f", "${source:Package}\t${Section}\n"], { encoding: "utf8", maxBuffer: 64 << 20 });
  const counts = new Map<string, Map<string, number>>();
  for (const line of out.split("\n")) {
    const [source, area] = line.split("\t");
    if (!source || !area) continue;
    const section = area.slice(area.lastIndexOf("/") + 1);
    const c = counts.get(source) ?? new Map<string, number>();
    c.set(section, (c.get(section) ?? 0) + 1);
    counts.set(source, c);
  }
  const sections = new Map<string, string>();
  for (const [source, c] of counts) {
    const best = [...c].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
    if (best) sections.set(source, best[0]);
  }
  return sections;
}

/**
 * Every installed source package's changelog, once: binary packages of one source share it (often
 * through a symlinked doc folder), so a source is kept with its longest changelog (ties: path).
 */
function readChangelogs(now: number): Map<string, ChangelogEntry[]> {
  const bySource = new Map<string, { path: string; entries: ChangelogEntry[] }>();
  for (const pkg of readdirSync(DOC).sort()) {
    const path = join(DOC, pkg, "changelog.Debian.gz");
    try {
      if (!statSync(path).isFile()) continue;
    } catch {
      continue; // no changelog (or a dangling link): nothing to read
    }
    const entries = parseChangelog(gunzipSync(readFileSync(path)).toString("utf8"), now);
    const source = entries[0]?.source;
    if (source === undefined) continue;
    const seen = bySource.get(source);
    if (!seen || entries.length > seen.entries.length) bySource.set(source, { path, entries });
  }
  return new Map([...bySource].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([s, { entries }]) => [s, entries]));
}

export interface DebianChangelogOptions {
  /**
   * How many entries query: a seeded sample of those with another entry in their package (the
   * others have no relevant article). Default: all of them.
   */
  queries?: number;
  /** Seed of the query sample. Default 1. */
  seed?: number;
  /** Entries dated after this are left out (epoch ms; default: now), so that a run can be pinned. */
  now?: number;
}

/**
 * The changelog corpus of this machine's installed Debian packages (see the top of this file).
 * @throws when dpkg-query is missing (not a Debian system) or no changelog is found
 */
export function loadDebianChangelogs(options: DebianChangelogOptions = {}): EvalCorpus {
  const { queries = Infinity, seed = 1, now = Date.now() } = options;
  const sections = sectionsBySource();
  const articles: EvalArticle[] = [];
  const labels = new Map<string, string>();
  const perSource = new Map<string, number>();
  for (const [source, entries] of readChangelogs(now)) {
    const used = new Set<string>();
    for (const e of entries) {
      if (e.lines.length === 0) continue;
      // A version written twice in one changelog (a re-upload) gets "#2", so ids stay unique.
      let id = `${source}/${e.version}`;
      for (let n = 2; used.has(id); n++) id = `${source}/${e.version}#${n}`;
      used.add(id);
      const article: EvalArticle = { id, text: e.lines.join("\n") };
      if (!Number.isNaN(e.date)) article.date = new Date(e.date).toISOString();
      const section = sections.get(source);
      if (section !== undefined) article.section = section;
      if (e.closes.length > 0) article.tags = [...new Set(e.closes)];
      articles.push(article);
      labels.set(id, source);
      perSource.set(source, (perSource.get(source) ?? 0) + 1);
    }
  }
  if (articles.length === 0) throw new Error(`No Debian changelog entries found under ${DOC}`);
  // Queries: entries that have at least one relevant article (another entry of their package).
  const candidates = articles.filter((a) => (perSource.get(labels.get(a.id) as string) as number) > 1).map((a) => a.id);
  const dated = articles.filter((a) => a.date !== undefined).length;
  return {
    name: "debian-changelogs",
    description:
      `Debian changelog entries of the installed packages (/usr/share/doc/*/changelog.Debian.gz): ` +
      `${articles.length} entries of ${perSource.size} source packages, ${dated} dated (trailer line), ` +
      `${new Set(articles.map((a) => a.section).filter(Boolean)).size} sections (dpkg-query), relevant = same source package`,
    articles,
    labels,
    queries: sample(candidates, queries, seed),
    sampling:
      queries >= candidates.length
        ? `all ${candidates.length} entries whose package has another entry`
        : `${queries} of the ${candidates.length} entries whose package has another entry, seeded sample (seed ${seed})`,
  };
}
