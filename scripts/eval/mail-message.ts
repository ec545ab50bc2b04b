// One RFC 5322 mail message, as the mail-thread eval corpus (mail-threads.ts) reads it: the headers
// it needs, the readable body (MIME parts decoded, text/plain preferred over text/html) and that body
// cleaned of what another message of the same thread wrote or what every message of a list carries.

/** A parsed message: lower-cased header names to their unfolded values (first occurrence), and the raw body. */
export interface RawMessage {
  headers: Map<string, string>;
  body: Buffer;
}

/** Splits a message (bytes) at the first empty line and unfolds its headers. */
export function parseMessage(bytes: Buffer): RawMessage {
  // Headers are ASCII (RFC 5322); latin1 keeps every byte as one character so offsets stay byte offsets.
  const all = bytes.toString("latin1");
  const m = /\r?\n\r?\n/.exec(all);
  const headEnd = m ? m.index : all.length;
  const bodyStart = m ? m.index + m[0].length : all.length;
  const headers = new Map<string, string>();
  for (const line of all.slice(0, headEnd).replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const c = line.indexOf(":");
    if (c <= 0) continue;
    const name = line.slice(0, c).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(c + 1).trim());
  }
  return { headers, body: bytes.subarray(bodyStart) };
}

/** The message ids in a header value ("<a@b> <c@d>"), in order. */
export function messageIds(value: string | undefined): string[] {
  return value?.match(/<[^<>\s]+>/g) ?? [];
}

/** A Content-Type value's type and parameters: "text/plain; charset=us-ascii". */
function contentType(value: string | undefined): { type: string; params: Map<string, string> } {
  const [type = "text/plain", ...rest] = (value ?? "text/plain").split(";");
  const params = new Map<string, string>();
  for (const p of rest) {
    const eq = p.indexOf("=");
    if (eq > 0) params.set(p.slice(0, eq).trim().toLowerCase(), p.slice(eq + 1).trim().replace(/^"|"$/g, ""));
  }
  return { type: type.trim().toLowerCase(), params };
}

function decodeQuotedPrintable(s: string): Buffer {
  const bytes: number[] = [];
  const text = s.replace(/=\r?\n/g, ""); // soft line breaks
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === "=" && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(c.charCodeAt(0) & 0xff);
  }
  return Buffer.from(bytes);
}

/** Bytes to text in the part's charset: UTF-8 when it says so, else Latin-1 (us-ascii, iso-8859-*, windows-1252 are close enough for words). */
function decodeCharset(bytes: Buffer, charset: string | undefined): string {
  return /^utf-?8$/i.test(charset ?? "") ? new TextDecoder("utf-8").decode(bytes) : bytes.toString("latin1");
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

/** Visible text of an HTML part: scripts and styles dropped, tags to spaces or line breaks, entities decoded. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, " ")
    .replace(/<!--[\s\S]*?-->/g, " ")
    .replace(/<(br|p|div|tr|li|h\d)\b[^>]*>/gi, "\n")
    .replace(/<[^>]*>/g, " ")
    .replace(/&(#\d+|#x[0-9a-f]+|\w+);/gi, (all, e: string) => {
      if (e[0] === "#") return String.fromCodePoint(e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
      return ENTITIES[e.toLowerCase()] ?? all;
    });
}

/**
 * The readable text of a message or MIME part: multiparts walked (the text/plain parts, or the
 * text/html ones when there is no plain text), transfer encodings and charsets decoded; other parts
 * (attachments, images) skipped.
 */
export function bodyText(headers: Map<string, string>, body: Buffer): string {
  const { type, params } = contentType(headers.get("content-type"));
  if (type.startsWith("multipart/")) {
    const boundary = params.get("boundary");
    if (!boundary) return "";
    const parts = body.toString("latin1").split(`--${boundary}`).slice(1);
    const texts = { plain: [] as string[], html: [] as string[] };
    for (const part of parts) {
      if (part.startsWith("--")) break; // the closing delimiter
      const p = parseMessage(Buffer.from(part.replace(/^\r?\n/, ""), "latin1"));
      const t = contentType(p.headers.get("content-type")).type;
      const text = bodyText(p.headers, p.body);
      if (t === "text/html") texts.html.push(text);
      else if (t === "text/plain" || t.startsWith("multipart/")) texts.plain.push(text);
    }
    return (texts.plain.some((t) => t.trim() !== "") ? texts.plain : texts.html).join("\n");
  }
  if (!type.startsWith("text/")) return "";
  const encoding = (headers.get("content-transfer-encoding") ?? "").trim().toLowerCase();
  let bytes = body;
  if (encoding === "base64") bytes = Buffer.from(body.toString("latin1").replace(/[^A-Za-z0-9+/=]/g, ""), "base64");
  else if (encoding === "quoted-printable") bytes = decodeQuotedPrintable(body.toString("latin1"));
  const text = decodeCharset(bytes, params.get("charset"));
  return type === "text/html" ? htmlToText(text) : text;
}

// Where the rest of a body is someone else's words or the list's: an Outlook-style quoted original,
// a signature, a list footer (Mailman, Yahoo! Groups, SourceForge).
const CUT_FROM = [
  /^-{3,}\s*Original Message\s*-{3,}\s*$/i,
  /^-- ?$/,
  /^_{20,}\s*$/,
  /^-{10,}\s*Yahoo! Groups Sponsor/i,
  /^Your use of Yahoo! Groups is subject to/i,
  /^This sf\.net email is sponsored by/i,
];
// A quoted line ("> ...", exmh's "  | ..."), a quoted message's header lines, PGP armour lines.
const QUOTED = /^\s{0,4}[>|]/;
const QUOTED_HEADER = /^\s*(Date|From|To|Cc|Subject|Sent|Message-ID|In-Reply-To|References):\s/i;
const PGP_LINE = /^(-----(BEGIN|END) PGP [A-Z ]+-----|Hash: \S+)\s*$/;
// A list's footer link on its own line ("http://example.org/mailman/listinfo/fork").
const LISTINFO = /^\s*<?https?:\/\/\S+\/(mailman\/)?listinfo\/\S*\s*$/i;
// An attribution: "On Mon, 2 Sep 2002, Jane Doe wrote:" (which may wrap onto the next line).
const ATTRIBUTION = /(wrote|writes|said|says)\s*:\s*$/i;

/**
 * A message body without the words it quotes from other messages or carries for its list: quoted
 * lines and their attributions, Outlook's quoted original, signatures, PGP signatures, list footers.
 * Those would relate a reply to its parent (the thread judgement) by copy, not by what it says.
 * @example cleanBody("I agree.\n\nOn Monday, Jo wrote:\n> the quoted text\n-- \nsig") // "I agree."
 */
export function cleanBody(text: string): string {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const kept: string[] = [];
  let inPgpSignature = false;
  for (const line of lines) {
    if (CUT_FROM.some((re) => re.test(line))) break;
    if (/^-----BEGIN PGP SIGNATURE-----/.test(line)) inPgpSignature = true;
    if (inPgpSignature) {
      if (/^-----END PGP SIGNATURE-----/.test(line)) inPgpSignature = false;
      continue;
    }
    if (QUOTED.test(line) || QUOTED_HEADER.test(line) || PGP_LINE.test(line) || LISTINFO.test(line)) continue;
    if (ATTRIBUTION.test(line)) {
      // "On ..., Name" + "wrote:" on the next line: the first half goes too.
      if (/^\s*(wrote|writes|said|says)\s*:\s*$/i.test(line) && kept.length > 0 && kept[kept.length - 1]?.trim() !== "") kept.pop();
      continue;
    }
    kept.push(line.trimEnd());
  }
  return kept.join("\n").replace(/\n{3,}/g, "\n\n").trim();
}
