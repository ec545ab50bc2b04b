// roff source (man(7) and mdoc(7) manual pages) to plain text, section by section, for the
// man-page eval corpus (man-pages.ts). Not a typesetter: it keeps the words a reader sees and drops
// layout. It is about 30 times faster than rendering through groff (measured on 198 installed pages,
// every 16th of the manual, on 2 busy cores: groff -mandoc -Tutf8 64 ms a page, `man -l` 130 ms,
// this 2.2 ms with reading and gunzip), which is what lets `npm run eval` read a whole manual in
// seconds instead of minutes; and it keeps the sections apart, which rendered text only implies.
//
// What it does:
//   requests   lines starting with "." or "'"; font and layout requests (.B .I .BR .IR .TP .IP
//              .SY .OP .UR ...) give their arguments' text, the others are dropped; macro
//              definitions (.de ... ..), ignored blocks (.ig ... ..), conditionals (.if/.ie/.el,
//              with any \{ ... \} block) and tbl/eqn/pic layout lines are skipped
//   mdoc       .Sh/.Ss headings, .Nm/.Nd for the NAME line, .Xr name section as "name(section)",
//              other macro names removed from the line (.Fl v gives "-v")
//   escapes    fonts, sizes, motions and registers removed; special characters (\(em, \[u00E9],
//              \(aq, \*(lq ...) mapped to Unicode; strings defined with .ds are substituted
//   comments   .\" lines and \" to the end of a line

/** One section of a page: its heading as written (escapes resolved) and its text. */
export interface RoffSection {
  heading: string;
  text: string;
}

/** What roffToSections gives: the sections in order, and mdoc's .Nm/.Nd (absent in man(7) pages). */
export interface RoffPage {
  sections: RoffSection[];
  /** First .Nm argument of an mdoc page. */
  mdocName?: string;
  /** .Nd text of an mdoc page (the NAME line's description). */
  mdocDescription?: string;
}

// Special characters by their roff names (groff_char(7)); those missing from this table give "".
const SPECIAL: Record<string, string> = {
  em: "—", en: "–", hy: "-", "-": "-", mi: "-", pl: "+", eq: "=", aq: "'", dq: '"', lq: "“", rq: "”",
  oq: "‘", cq: "’", Bq: "„", bq: "‚", Fo: "«", Fc: "»", fo: "‹", fc: "›", bu: "•", ci: "○", sq: "□",
  co: "©", rg: "®", tm: "™", de: "°", ct: "¢", Po: "£", Eu: "€", eu: "€", Ye: "¥", ps: "¶", sc: "§",
  mu: "×", di: "÷", "+-": "±", "<=": "≤", ">=": "≥", "!=": "≠", "==": "≡", "~=": "≅", "->": "→",
  "<-": "←", "<>": "↔", "=>": "⇒", ua: "↑", da: "↓", ga: "`", ha: "^", ti: "~", rs: "\\", sl: "/",
  ba: "|", br: "│", bv: "|", or: "|", ul: "_", rn: "‾", ru: "_", at: "@", sh: "#", Do: "$", lB: "[",
  rB: "]", lC: "{", rC: "}", la: "⟨", ra: "⟩", "aa": "´", "a-": "¯", "a^": "^", "a~": "~", ss: "ß",
  ae: "æ", AE: "Æ", oe: "œ", OE: "Œ", "/o": "ø", "/O": "Ø", ao: "å", AO: "Å", "-D": "Ð", Sd: "ð",
  TP: "Þ", Tp: "þ", ".i": "ı", "12": "½", "14": "¼", "34": "¾", S1: "¹", S2: "²", S3: "³", "*a": "α",
  "*b": "β", "*g": "γ", "*d": "δ", "*e": "ε", "*l": "λ", "*m": "μ", "*p": "π", "*s": "σ", "*W": "Ω",
  if: "∞", sr: "√", pt: "∝", es: "∅", mo: "∈", pd: "∂", lh: "☜", rh: "☞", OK: "✓", dg: "†", dd: "‡",
  fm: "′", sd: "″", ".": ".", "%0": "‰",
};
// Composed accents: \('e is é (acute), \(`e grave, \(^e circumflex, \(:e diaeresis, \(~n tilde, \(,c cedilla.
const ACCENTS: Record<string, string> = { "'": "\u0301", "`": "\u0300", "^": "\u0302", ":": "\u0308", "~": "\u0303", ",": "\u0327", o: "\u030a", v: "\u030c" };
// Strings predefined by the man and mdoc macro packages.
const PREDEFINED_STRINGS: Record<string, string> = { lq: "“", rq: "”", R: "®", Tm: "™", S: "", aq: "'", Aq: "'", dq: '"', Lq: "“", Rq: "”", q: '"' };

function special(name: string): string {
  if (Object.hasOwn(SPECIAL, name)) return SPECIAL[name] as string;
  if (name.length === 2 && Object.hasOwn(ACCENTS, name[0] as string)) return `${name[1]}${ACCENTS[name[0] as string]}`.normalize("NFC");
  // \[u00E9] and \[u0065_0301] (groff's Unicode names), \[char233].
  const u = /^u([0-9A-Fa-f]{4,6}(?:_[0-9A-Fa-f]{4,6})*)$/.exec(name);
  if (u) return String.fromCodePoint(...(u[1] as string).split("_").map((h) => parseInt(h, 16))).normalize("NFC");
  const c = /^char(\d+)$/.exec(name);
  if (c) return String.fromCodePoint(Number(c[1]));
  return "";
}

/**
 * Reads the name after an escape that takes one (\f, \*, \(, \n ...): "(xx", "[long name]" or one
 * character. Returns the name and the index just after it.
 */
function escapeName(s: string, i: number): [string, number] {
  const c = s[i];
  if (c === "(") return [s.slice(i + 1, i + 3), i + 3];
  if (c === "[") {
    const end = s.indexOf("]", i);
    return end < 0 ? [s.slice(i + 1), s.length] : [s.slice(i + 1, end), end + 1];
  }
  return [c ?? "", i + 1];
}

/** Index after a delimited argument such as \h'1i' or \w"text" (the delimiter is s[i]). */
function skipDelimited(s: string, i: number): number {
  const end = s.indexOf(s[i] as string, i + 1);
  return end < 0 ? s.length : end + 1;
}

// Escapes whose argument is delimited and printed as nothing (motions, widths, drawing, device controls).
const DELIMITED = new Set(["h", "v", "w", "o", "l", "L", "b", "D", "X", "Z", "x", "R", "A", "B", "S", "H", "C", "N", "Y", "V"]);

/**
 * The visible text of one line of roff: escapes resolved, fonts and motions dropped.
 * @param strings strings defined with .ds, substituted for \*(xx
 * @example inlineText("\\fBls\\fR \\- list") // "ls - list"
 */
export function inlineText(s: string, strings: ReadonlyMap<string, string> = new Map()): string {
  if (!s.includes("\\")) return s;
  let out = "";
  let i = 0;
  const n = s.length;
  while (i < n) {
    const ch = s[i] as string;
    if (ch !== "\\") {
      out += ch;
      i++;
      continue;
    }
    const e = s[i + 1];
    i += 2;
    switch (e) {
      case undefined:
        break;
      case '"':
        return out; // comment to the end of the line
      case "#":
        return out;
      case "f":
      case "F":
      case "n":
      case "m":
      case "M":
      case "g":
      case "k":
      case "V":
      case "Y":
        // \fB, \f(CW, \f[..]; \n(xx registers (\n+x too); \m colours: nothing shown.
        if (e === "n" && (s[i] === "+" || s[i] === "-")) i++;
        i = escapeName(s, i)[1];
        break;
      case "s": {
        // \s+2, \s-1, \s0, \s(12, \s[12], \s'12'
        if (s[i] === "+" || s[i] === "-") i++;
        if (s[i] === "(") i += 3;
        else if (s[i] === "[" || s[i] === "'") i = skipDelimited(s, i);
        else while (i < n && /\d/.test(s[i] as string)) i++;
        break;
      }
      case "(":
      case "[": {
        const [name, next] = escapeName(s, i - 1);
        out += special(name);
        i = next;
        break;
      }
      case "*": {
        const [name, next] = escapeName(s, i);
        out += strings.get(name) ?? PREDEFINED_STRINGS[name] ?? "";
        i = next;
        break;
      }
      case "$":
        i = escapeName(s, i)[1]; // a macro argument: only inside definitions, which are skipped
        break;
      case "e":
      case "E":
      case "\\":
        out += "\\";
        break;
      case "-":
        out += "-";
        break;
      case " ":
      case "~":
      case "0":
        out += " ";
        break;
      case "t":
        out += "\t";
        break;
      case "'":
        out += "'";
        break;
      case "`":
        out += "`";
        break;
      case ".":
        out += ".";
        break;
      default:
        if (DELIMITED.has(e)) i = skipDelimited(s, i);
        // \& \) \| \^ \% \: \/ \, \c \p \u \d \r \z \{ \} \a: zero-width or layout, nothing shown.
        else if (!"&)|^%:/,cpudrz{}a!?".includes(e)) out += e;
    }
  }
  return out;
}

/** The arguments of a request line: space-separated, "double quoted" ones may hold spaces ("" is a quote). */
export function requestArgs(rest: string): string[] {
  const args: string[] = [];
  let i = 0;
  const n = rest.length;
  while (i < n) {
    while (i < n && (rest[i] === " " || rest[i] === "\t")) i++;
    if (i >= n) break;
    let arg = "";
    if (rest[i] === '"') {
      i++;
      while (i < n) {
        if (rest[i] === '"') {
          if (rest[i + 1] === '"') {
            arg += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        // An escape is copied whole, so that \" inside quotes stays an escape.
        if (rest[i] === "\\" && i + 1 < n) arg += rest[i++];
        arg += rest[i++];
      }
    } else {
      while (i < n && rest[i] !== " " && rest[i] !== "\t") {
        if (rest[i] === "\\" && i + 1 < n) arg += rest[i++];
        arg += rest[i++];
      }
    }
    if (arg.startsWith('\\"')) break; // a comment ends the arguments
    args.push(arg);
  }
  return args;
}

// Font macros of man(7): arguments alternate between two fonts and are printed without spaces.
const ALTERNATING = new Set(["BR", "RB", "BI", "IB", "IR", "RI"]);
// Macros whose arguments are printed as text, separated by spaces.
const TEXT_MACROS = new Set(["B", "I", "SM", "SB", "SY", "Ss", "Nd", "Dl", "D1", "It", "Em", "Sy", "Li", "Ql", "Dq", "Sq", "Pq", "Qq", "Aq", "Bq", "Brq", "Pa", "Ar", "Cm", "Ic", "Ev", "Dv", "Er", "Fn", "Fa", "Ft", "Fd", "Va", "Vt", "Tn", "An", "Lk", "Mt", "In", "Cd", "Ad", "No", "Ns", "Ms", "St", "Lb", "Rs", "%A", "%T", "%B", "%J", "%O"]);
// mdoc macro names that may appear inside another macro's arguments ("callable"): removed from the text.
const MDOC_CALLABLE = new Set(["Ad", "Aq", "Ar", "Bq", "Brq", "Cm", "Dq", "Dv", "Em", "Er", "Ev", "Fa", "Fl", "Fn", "Ft", "Ic", "Li", "Nm", "No", "Ns", "Oc", "Oo", "Op", "Pa", "Pc", "Pf", "Po", "Pq", "Ql", "Qq", "Sq", "Sx", "Sy", "Tn", "Va", "Vt", "Xr", "Ux", "Bx", "Ox", "Nx", "Fx", "Ek", "Eo", "Ec", "Ao", "Ac", "Bo", "Bc", "Do", "Dc", "So", "Sc", "Qo", "Qc", "Lk", "Mt", "Cd", "In", "Ms"]);
// Layout of tables and diagrams: their source between these pairs is not text (tbl's data rows are).
const BLOCKS: Record<string, string> = { EQ: "EN", PS: "PE", G1: "G2" };

/**
 * Text of an mdoc line's arguments: callable macro names removed, `Fl x` as "-x", `Xr name 1` as
 * "name(1)", and `Nm` alone as the page's name.
 */
function mdocText(args: string[], name: string | undefined): string {
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === "Fl") {
      const next = args[i + 1];
      if (next !== undefined && !MDOC_CALLABLE.has(next)) {
        words.push(`-${next}`);
        i++;
      } else words.push("-");
    } else if (a === "Xr" && args[i + 1] !== undefined && args[i + 2] !== undefined) {
      words.push(`${args[i + 1]}(${args[i + 2]})`);
      i += 2;
    } else if (a === "Nm" && (args[i + 1] === undefined || MDOC_CALLABLE.has(args[i + 1] as string))) {
      if (name) words.push(name);
    } else if (!MDOC_CALLABLE.has(a)) words.push(a);
  }
  return words.join(" ");
}

/** "SEE ALSO", "See Also", "\"SEE ALSO\"": the heading in one form, for comparisons. */
export function normalizeHeading(heading: string): string {
  return heading.replace(/["\s\u00a0]+/g, " ").trim().toUpperCase();
}

/**
 * A page's sections as plain text. Lines before the first heading (the .TH line, a preamble) are dropped.
 * @param source the page's roff source (gunzipped)
 * @example roffToSections(".TH X 1\n.SH NAME\nx \\- y\n").sections // [{ heading: "NAME", text: "x - y" }]
 */
export function roffToSections(source: string): RoffPage {
  const page: RoffPage = { sections: [] };
  const strings = new Map<string, string>();
  let current: { heading: string; lines: string[] } | null = null;
  // Waiting for the next text line to be a heading (".SH" with no argument).
  let headingNext: ".SH" | ".SS" | null = null;
  let skipUntil: string | null = null; // end of a .de/.ig/.EQ block
  let braceDepth = 0; // inside a skipped conditional's \{ ... \} block
  let inTable = false;
  let tableFormat = false; // tbl's options and format lines come first, up to a line ending in "."
  let tableTab = "\t"; // tbl's column separator: a tab unless the options say tab(x)
  const flush = () => {
    if (current) page.sections.push({ heading: current.heading, text: current.lines.join("\n").replace(/[ \t]+/g, " ").replace(/\n{2,}/g, "\n").trim() });
  };
  const emit = (text: string) => {
    if (headingNext === ".SH") {
      flush();
      current = { heading: text.trim(), lines: [] };
      headingNext = null;
      return;
    }
    headingNext = null;
    if (current && text.trim() !== "") current.lines.push(text);
  };
  // A backslash at the end of a line joins it to the next one.
  const lines = source.replace(/\r\n?/g, "\n").replace(/\\\n/g, "").split("\n");
  for (const raw of lines) {
    if (skipUntil !== null) {
      const t = raw.trim();
      if (t === skipUntil || t.startsWith(`${skipUntil} `)) skipUntil = null;
      continue;
    }
    if (braceDepth > 0) {
      braceDepth += (raw.match(/\\\{/g)?.length ?? 0) - (raw.match(/\\\}/g)?.length ?? 0);
      continue;
    }
    const isRequest = raw.startsWith(".") || raw.startsWith("'");
    if (!isRequest) {
      if (inTable) {
        if (tableFormat) {
          const tab = /\btab\s*\((.)\)/.exec(raw);
          if (tab) tableTab = tab[1] as string;
          if (/\.\s*$/.test(raw)) tableFormat = false;
          continue;
        }
        emit(inlineText(raw.replace(/T\{|T\}/g, "").split(tableTab).join("\t"), strings).replace(/\t/g, " "));
        continue;
      }
      emit(inlineText(raw, strings));
      continue;
    }
    const body = raw.slice(1).trimStart();
    if (body.startsWith('\\"') || body === "") continue; // comment or empty request
    // A request's name ends at a space or an escape (".el\{" is "el" then "\{").
    const m = /^([^\s\\]+)\s*(.*)$/.exec(body);
    if (!m) continue;
    const name = m[1] as string;
    const rest = m[2] as string;
    if (name === "de" || name === "de1" || name === "am" || name === "ig") {
      const end = requestArgs(rest)[name === "ig" ? 0 : 1];
      skipUntil = end ? `.${end}` : "..";
      continue;
    }
    if (Object.hasOwn(BLOCKS, name)) {
      skipUntil = `.${BLOCKS[name]}`;
      continue;
    }
    if (name === "if" || name === "ie" || name === "el" || name === "while") {
      braceDepth = Math.max(0, (rest.match(/\\\{/g)?.length ?? 0) - (rest.match(/\\\}/g)?.length ?? 0));
      continue;
    }
    if (name === "ds" || name === "ds1") {
      const sp = /^(\S+)\s?"?(.*)$/.exec(rest);
      if (sp) strings.set(sp[1] as string, inlineText(sp[2] as string, strings));
      continue;
    }
    if (name === "TS") {
      inTable = true;
      tableFormat = true;
      tableTab = "\t";
      continue;
    }
    if (name === "TE") {
      inTable = false;
      continue;
    }
    const args = requestArgs(rest).map((a) => inlineText(a, strings));
    switch (name) {
      case "SH":
      case "Sh":
        if (args.length === 0) headingNext = ".SH";
        else {
          headingNext = ".SH";
          emit(args.join(" "));
        }
        break;
      case "SS":
        if (args.length > 0) emit(args.join(" "));
        break;
      case "Nm":
        if (page.mdocName === undefined && args[0] !== undefined) page.mdocName = args[0];
        emit(mdocText(args.length > 0 ? args : ["Nm"], page.mdocName));
        break;
      case "Nd":
        page.mdocDescription = args.join(" ");
        emit(args.join(" "));
        break;
      case "Xr":
      case "Fl":
      case "Op":
      case "Oo":
        emit(mdocText([name, ...args], page.mdocName));
        break;
      case "IP":
        // .IP tag indent: the tag only.
        if (args[0] !== undefined) emit(args[0]);
        break;
      case "OP":
        emit(`[${args.join(" ")}]`);
        break;
      case "UR":
      case "URL":
        // .UR url: the link's text follows, up to .UE; .URL url text: the text, or the url when none.
        if (name === "URL") emit(args[1] ?? args[0] ?? "");
        break;
      default:
        if (ALTERNATING.has(name)) emit(args.join(""));
        else if (TEXT_MACROS.has(name)) emit(/^[A-Z%][a-z]/.test(name) ? mdocText(args, page.mdocName) : args.join(" "));
      // Anything else (.PP .TP .RS .br .sp .IX .Vb .TH, unknown macros) is layout or an index entry.
    }
  }
  flush();
  return page;
}
