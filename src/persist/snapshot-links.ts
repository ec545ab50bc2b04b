/**
 * The link block of a snapshot (format 6): each article's title, URL and slug, what a page needs
 * to link to it (`alsolike all` writes them into related.json; `storedFields` returns them).
 * Three string tables of one entry per article, "" when the article has none, in file order,
 * each section padded to 8 bytes:
 *
 *   titleEnds u32[nDocs] | titleChars utf8 | urlEnds u32[nDocs] | urlChars utf8
 *   | slugEnds u32[nDocs] | slugChars utf8
 *
 * Formats 4 and 5 have no such block and load with no titles, URLs or slugs. The tables are
 * checked as every string table is (offsets ascend, fall on UTF-8 character boundaries and end at
 * the table's end). Cost: 12 bytes per article plus the strings.
 */
import type { StoreArrays } from "../corpus/doc-store.js";
import { joinStrings, splitStrings } from "./string-tables.js";
import type { TakeSection } from "./snapshot-store.js";

/** The block's counts, written in the snapshot's header. */
export interface LinkCounts {
  titleChars: number;
  urlChars: number;
  slugChars: number;
}

/** The header fields of the block, each with its bound (u32 byte counts). */
export const LINK_LIMITS: Readonly<Record<keyof LinkCounts, number>> = Object.freeze({
  titleChars: 2 ** 32 - 1,
  urlChars: 2 ** 32 - 1,
  slugChars: 2 ** 32 - 1,
});

/** The block's fields of a store. */
export type SavedLinks = Pick<StoreArrays, "titles" | "urls" | "slugs">;

/** The block's sections for `nDocs` documents, in file order, with their counts. */
export function encodeLinks(a: SavedLinks, nDocs: number): { counts: LinkCounts; sections: ArrayBufferView[] } {
  const enc = new TextEncoder();
  const titles = joinStrings(a.titles, nDocs, enc);
  const urls = joinStrings(a.urls, nDocs, enc);
  const slugs = joinStrings(a.slugs, nDocs, enc);
  return {
    counts: { titleChars: titles.chars.length, urlChars: urls.chars.length, slugChars: slugs.chars.length },
    sections: [titles.ends, titles.chars, urls.ends, urls.chars, slugs.ends, slugs.chars],
  };
}

/** [elements, bytes each] of the block's sections, in file order. */
export function linkLayout(nDocs: number, c: LinkCounts): [number, number][] {
  return [[nDocs, 4], [c.titleChars, 1], [nDocs, 4], [c.urlChars, 1], [nDocs, 4], [c.slugChars, 1]];
}

const u32 = (b: ArrayBuffer, o: number, n: number) => new Uint32Array(b, o, n);
const u8 = (b: ArrayBuffer, o: number, n: number) => new Uint8Array(b, o, n);

/**
 * Takes the block's sections in file order and reads its strings.
 * @throws {RecommenderError} `INVALID_SNAPSHOT` naming the table when one is malformed
 */
export function takeLinks(take: TakeSection, nDocs: number, c: LinkCounts): SavedLinks {
  const table = (chars: number, name: string) => {
    const ends = take(u32, nDocs, 4);
    const bytes = take(u8, chars, 1);
    return () => splitStrings(ends, bytes, true, `links: ${name}Ends, ${name}Chars`);
  };
  // All sections are taken (summed) before any is decoded: a corrupt file is reported as corrupt.
  const titles = table(c.titleChars, "title");
  const urls = table(c.urlChars, "url");
  const slugs = table(c.slugChars, "slug");
  return { titles: titles(), urls: urls(), slugs: slugs() };
}
