/**
 * Which analysis made a snapshot's terms. Each language's analysis has a version (registry.ts:
 * languageVersion, 1 unless the language's module says otherwise), raised whenever a change gives
 * some text other terms. A snapshot's header names, under `analyzers`, the version of each
 * language its articles were analyzed in when that version is not 1, so that English snapshots,
 * and those of languages never changed, keep their bytes. `load` refuses a snapshot whose
 * languages this build analyzes at another version (`INCOMPATIBLE_SNAPSHOT_VERSION`): the
 * articles added after it would be analyzed into other terms than the saved ones, and their
 * lists would quietly lose what they share with the rest.
 */
import { fail } from "../errors.js";
import { everyLanguageFirstVersion, languageVersion, primaryLanguage } from "../analysis/registry.js";
import type { ResolvedOptions } from "../options.js";

/** An article's language tag by document, as the document store gives it. */
type LangOf = (d: number) => string | undefined;

/** The languages whose analysis gave an index's terms: its `language`, and each article's `lang` that a registered language analyzes. */
function languagesUsed(options: ResolvedOptions, langOf: LangOf, nDocs: number): Set<string> {
  const used = new Set<string>();
  // Analyzer "sklearn" analyzes every article alike, whatever its language.
  if (options.analyzer !== "default") return used;
  used.add(options.language);
  const seen = new Set<string>();
  for (let d = 0; d < nDocs; d++) {
    const tag = langOf(d);
    if (tag === undefined || seen.has(tag)) continue;
    seen.add(tag);
    const code = primaryLanguage(tag);
    if (languageVersion(code) !== undefined) used.add(code);
  }
  return used;
}

/** The header's `analyzers`: each language used whose version is not 1, by code in code-unit order; undefined when none. */
export function analyzerStamp(options: ResolvedOptions, langOf: LangOf, nDocs: number): Record<string, number> | undefined {
  if (everyLanguageFirstVersion()) return undefined;
  const out: Record<string, number> = {};
  for (const code of [...languagesUsed(options, langOf, nDocs)].sort()) {
    const version = languageVersion(code) as number;
    if (version !== 1) out[code] = version;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * Refuses a snapshot analyzed at other versions than this build's registered languages.
 * @param raw the header's `analyzers` (undefined when absent)
 * @throws {RecommenderError} `INVALID_SNAPSHOT` for a malformed value; `INCOMPATIBLE_SNAPSHOT_VERSION`
 *   naming the language, its saved version and this build's
 */
export function checkAnalyzerStamp(raw: unknown, options: ResolvedOptions, langOf: LangOf, nDocs: number): void {
  const stamp = readStamp(raw);
  if (stamp.size === 0 && everyLanguageFirstVersion()) return;
  const used = languagesUsed(options, langOf, nDocs);
  for (const code of stamp.keys()) used.add(code);
  for (const code of used) {
    const mine = languageVersion(code);
    const saved = stamp.get(code) ?? 1;
    if (mine !== undefined && mine !== saved) throw fail("INCOMPATIBLE_SNAPSHOT_VERSION", saved, mine, JSON.stringify(code));
  }
}

/** The stamp as a map: absent is empty; else an object of language codes to whole versions from 2 (1 is never written). */
function readStamp(raw: unknown): Map<string, number> {
  const out = new Map<string, number>();
  if (raw === undefined) return out;
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw fail("INVALID_SNAPSHOT", "header: analyzers is not an object");
  const entries = Object.entries(raw as Record<string, unknown>);
  if (entries.length === 0) throw fail("INVALID_SNAPSHOT", "header: analyzers is empty, which is never written");
  for (const [code, version] of entries) {
    if (!/^[a-z]{2,8}$/.test(code)) throw fail("INVALID_SNAPSHOT", `header: analyzers names ${JSON.stringify(code).slice(0, 40)}, not a language code`);
    if (typeof version !== "number" || !Number.isInteger(version) || version < 2 || version > 2 ** 31 - 1) {
      throw fail("INVALID_SNAPSHOT", `header: analyzers gives ${JSON.stringify(code)} version ${String(version).slice(0, 40)} (a whole number from 2; 1 is never written)`);
    }
    out.set(code, version);
  }
  return out;
}
