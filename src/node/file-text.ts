/**
 * Corpus files' bytes to text. UTF-8 is the rule and is decoded strictly: a wrong byte is never
 * a silent U+FFFD (two ids that differ only there would become one). A file with a byte-order
 * mark is decoded as the mark says (UTF-8, UTF-16 LE or BE). A file holding a NUL byte is binary
 * (an image, a PDF saved as `.md`), whatever its name. A file that is not valid UTF-8 is
 * decoded with the caller's `encoding` when one is given, and reported otherwise.
 */
import { fail } from "../errors.js";

/** Why a file gives no text: binary, or not valid UTF-8 (with the first bad line). */
export type Undecodable = { binary: true; offset: number } | { binary: false; badLine: number };

// Fatal: a wrong byte is an error, never a silent U+FFFD. Drops a leading BOM (ignoreBOM false).
const UTF8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Checks an `encoding` option: a label TextDecoder knows ("latin1", "windows-1252", "utf-8",
 * "shift_jis", ...).
 * @returns a decoder for it that replaces what it cannot decode (the caller chose the encoding)
 * @throws {RecommenderError} `INVALID_OPTION` naming an unknown label
 */
export function decoderFor(encoding: unknown): TextDecoder {
  if (typeof encoding !== "string" || encoding.trim() === "") throw fail("INVALID_OPTION", "encoding", encoding, 'an encoding label such as "latin1", "windows-1252" or "utf-8"');
  try {
    return new TextDecoder(encoding.trim());
  } catch {
    throw fail("INVALID_OPTION", "encoding", encoding, 'an encoding label TextDecoder knows, such as "latin1", "windows-1252", "utf-8" or "shift_jis"');
  }
}

/**
 * The text of a file's bytes, or why there is none.
 * @param bytes the file's content
 * @param fallback the decoder for files that are not valid UTF-8 (none: they are undecodable)
 */
export function decodeText(bytes: Uint8Array, fallback?: TextDecoder): string | Undecodable {
  const b0 = bytes[0];
  const b1 = bytes[1];
  if (b0 === 0xff && b1 === 0xfe) return new TextDecoder("utf-16le").decode(bytes);
  if (b0 === 0xfe && b1 === 0xff) return new TextDecoder("utf-16be").decode(bytes);
  const nul = bytes.indexOf(0);
  if (nul < 0) {
    try {
      return UTF8.decode(bytes);
    } catch (e) {
      if (!(e instanceof TypeError)) throw e;
    }
  }
  // UTF-16 without a mark is full of NULs too: only a caller who named it gets it decoded.
  if (nul >= 0 && !(fallback !== undefined && fallback.encoding.startsWith("utf-16"))) return { binary: true, offset: nul };
  if (fallback !== undefined) return fallback.decode(bytes);
  return { binary: false, badLine: badUtf8Line(bytes) };
}

/** The (1-based) line holding the first invalid UTF-8 sequence. */
function badUtf8Line(bytes: Uint8Array): number {
  // Only on failure: decode line by line. A newline byte is never inside a UTF-8 sequence, so the
  // line whose bytes fail alone is the one to name.
  let line = 1;
  let start = 0;
  for (;;) {
    const nl = bytes.indexOf(0x0a, start);
    const end = nl < 0 ? bytes.length : nl;
    try {
      UTF8.decode(bytes.subarray(start, end));
    } catch {
      return line;
    }
    if (nl < 0) return line;
    start = nl + 1;
    line++;
  }
}

/** One line saying why a file was skipped. */
export function undecodableReason(u: Undecodable): string {
  return u.binary
    ? `binary (a NUL byte at offset ${u.offset}), not text`
    : `not valid UTF-8 (line ${u.badLine}); give its encoding (--encoding, readArticles' encoding option) to read it`;
}
