/**
 * Token patterns over text of any length. V8's regex stack is bounded (64 MB) and, in a string that
 * is not all Latin-1, `+` or `{2,}` over a character class uses it for each character of a run: on
 * Node 20, one run of 4.2 million characters ("ж".repeat(4_200_000)) made `match` throw RangeError
 * ("Maximum call stack size exceeded"), in both analyzers. Longer texts are matched in bounded
 * pieces, joined here.
 */

/**
 * Texts longer than this (UTF-16 units) are split by tokenRuns. A shorter text has no run within
 * a factor of 4 of the length that overflowed.
 */
export const MATCH_MAX_TEXT = 1 << 20;

/**
 * The maximal runs of `piece`'s characters in `text`, those `keep` accepts, in order: what
 * `text.match` with the unbounded pattern gives, in time linear in the text's length and with a
 * bounded regex stack. A run longer than one match comes in pieces that touch; they are joined.
 * @param piece the token characters, at most 4096 a match (`/[...]{1,4096}/gu`)
 */
export function tokenRuns(text: string, piece: RegExp, keep: (run: string) => boolean): string[] {
  const out: string[] = [];
  let run = "";
  let end = -1;
  piece.lastIndex = 0;
  for (let m = piece.exec(text); m !== null; m = piece.exec(text)) {
    if (m.index === end) run += m[0];
    else {
      if (run !== "" && keep(run)) out.push(run);
      run = m[0];
    }
    end = m.index + m[0].length;
  }
  if (run !== "" && keep(run)) out.push(run);
  return out;
}
