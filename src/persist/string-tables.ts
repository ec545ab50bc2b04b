/**
 * String tables of a snapshot (terms, ids, readable words, the document store's values and
 * picked ids): the strings' UTF-8 bytes one after another (`chars`) and the byte offset where
 * each ends (`ends`, u32).
 */
import { fail } from "../errors.js";

/** The table of `list[0 .. n)` (an undefined entry is written as ""). */
export function joinStrings(list: readonly (string | undefined)[], n: number, enc: TextEncoder): { ends: Uint32Array; chars: Uint8Array } {
  const parts: Uint8Array[] = [];
  const ends = new Uint32Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const b = enc.encode(list[i] ?? "");
    parts.push(b);
    total += b.length;
    ends[i] = total;
  }
  const chars = new Uint8Array(total);
  let at = 0;
  for (const b of parts) {
    chars.set(b, at);
    at += b.length;
  }
  return { ends, chars };
}

/**
 * The strings of a table: `chars` (UTF-8) cut at byte offsets `ends`. The table is decoded once;
 * byte offsets become string offsets by counting UTF-16 units per byte (ASCII tables, the common
 * case, need no count). Offsets must ascend, fall on character boundaries, end at the table's
 * end, and (unless `allowEmpty`) leave no string empty; `table` names the sections in the error.
 * @throws {RecommenderError} `INVALID_SNAPSHOT` otherwise
 */
export function splitStrings(ends: Uint32Array, chars: Uint8Array, allowEmpty: boolean, table: string): string[] {
  const bad = () => fail("INVALID_SNAPSHOT", `${table}: bad string table`);
  let all: string;
  try {
    all = new TextDecoder("utf-8", { fatal: true }).decode(chars);
  } catch {
    throw bad();
  }
  // In UTF-8 every non-ASCII character takes more bytes than UTF-16 units.
  const ascii = all.length === chars.length;
  const out: string[] = new Array<string>(ends.length);
  let start = 0;
  let units = 0;
  let unitStart = 0;
  let counted = 0;
  for (let i = 0; i < ends.length; i++) {
    const end = ends[i] as number;
    if (end < start || end > chars.length || (end === start && !allowEmpty)) throw bad();
    if (ascii) {
      out[i] = all.slice(start, end);
    } else {
      // Lead bytes of 1-3 byte sequences make one unit, of 4-byte ones two; continuations none.
      for (; counted < end; counted++) {
        const c = chars[counted] as number;
        units += c < 0x80 || c >= 0xc0 ? (c >= 0xf0 ? 2 : 1) : 0;
      }
      if (end < chars.length && ((chars[end] as number) & 0xc0) === 0x80) throw bad();
      out[i] = all.slice(unitStart, units);
      unitStart = units;
    }
    start = end;
  }
  if (start !== chars.length) throw bad();
  return out;
}
