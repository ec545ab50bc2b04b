import { describe, it, expect } from "vitest";
import { parseChangelog } from "../scripts/eval/debian-changelogs.js";
import { sample } from "../scripts/eval/corpus.js";

// A changelog written for this test in the format of Debian Policy 4.4 (not taken from a package).
const CHANGELOG = [
  "frobnicate (2.1-1) unstable; urgency=medium",
  "",
  "  [ Jane Helper ]",
  "  * New upstream release. Closes: #1001, #1002",
  "    - fixes the widget crash.",
  "",
  " -- Sam Maintainer <sam@example.org>  Mon, 02 Jan 2023 13:06:21 +0100",
  "",
  "frobnicate (2.0-2) experimental; urgency=low",
  "",
  "  * Fix FTBFS with gcc-13 (closes: bug#999).",
  "",
  " -- Sam Maintainer <sam@example.org>  Someday, never",
  "",
  "frobnicate (1.0-1) unstable; urgency=low",
  "",
  "  * Initial release.",
  "",
  " -- Sam Maintainer <sam@example.org>  Sat, 01 Jan 2101 00:00:00 +0000",
  "",
  "Old Changelog:",
  "Thu Jan  1 1998  Someone",
  "  * not an entry",
  "",
  "Local variables:",
  "mode: debian-changelog",
  "End:",
].join("\n");

describe("parseChangelog", () => {
  const now = Date.UTC(2024, 0, 1);
  const entries = parseChangelog(CHANGELOG, now);

  it("reads each entry's source, version, date and change lines", () => {
    expect(entries.map((e) => e.version)).toEqual(["2.1-1", "2.0-2", "1.0-1"]);
    expect(entries[0]).toEqual({
      source: "frobnicate",
      version: "2.1-1",
      date: Date.UTC(2023, 0, 2, 12, 6, 21),
      // The contributor heading is authorship, not content: left out.
      lines: ["* New upstream release. Closes: #1001, #1002", "- fixes the widget crash."],
      closes: ["#1001", "#1002"],
    });
  });

  it("reads older Closes spellings", () => {
    expect(entries[1]?.closes).toEqual(["#999"]);
  });

  it("leaves an unparseable or future date undated", () => {
    expect(entries[1]?.date).toBeNaN();
    expect(entries[2]?.date).toBeNaN();
  });

  it("skips lines outside entries", () => {
    expect(entries.flatMap((e) => e.lines)).not.toContain("* not an entry");
  });
});

describe("sample", () => {
  it("draws n distinct items, the same for the same seed, in their original order", () => {
    const items = Array.from({ length: 100 }, (_, i) => i);
    const a = sample(items, 10, 1);
    expect(a).toEqual(sample(items, 10, 1));
    expect(new Set(a).size).toBe(10);
    expect(a).toEqual([...a].sort((x, y) => x - y));
    expect(sample(items, 10, 2)).not.toEqual(a);
  });

  it("returns everything when n is not smaller than the list", () => {
    expect(sample([3, 1, 2], 5, 1)).toEqual([3, 1, 2]);
  });
});
