/**
 * Markdown (and MDX) to the text a reader reads, for indexing: what the page shows in words.
 * Out: link and image URLs, bare URLs, raw HTML tags (and script, style and comments), template
 * tags (Hugo shortcodes `{{< >}}` / `{{% %}}`, Liquid and Nunjucks `{% %}`, `{{ }}`, `{# #}`),
 * MDX `import` / `export` blocks and `{expressions}`, Docusaurus `:::note` fences, and Markdown
 * syntax (heading marks, emphasis, table pipes, reference definitions). In: link text, image alt
 * text (also from `<img alt>` and a shortcode's `alt`, `caption` and `title`), the children of
 * HTML and JSX components, and code blocks when `code` is "keep".
 *
 * Not a renderer: a term extractor. It works line by line and with linear regular expressions,
 * never throws and never backtracks badly on hostile input, so malformed Markdown or JSX (common in
 * real sites) degrades to a few stray words instead of a lost article.
 */

/** What to do with fenced and indented code blocks. */
export type CodeBlocks = "keep" | "drop";

export interface ReaderTextOptions {
  /** "keep" (the default): code blocks are indexed, without their URLs; "drop": left out. */
  code?: CodeBlocks;
  /** MDX rules: import/export blocks and `{expressions}` out, no indented code blocks (MDX has none). */
  mdx?: boolean;
}

const FENCE = /^[ \t>]*(`{3,}|~{3,})/;
// Liquid's and Hugo's code blocks: their content is code, like a fence's.
const CODE_TAG_OPEN = /^\s*(?:\{%-?\s*(highlight|codeblock)\b[^%]*-?%\}|\{\{[<%]\s*(highlight|code)\b[^}]*[>%]\}\})\s*$/;
const CODE_TAG_CLOSE: Record<string, RegExp> = {
  highlight: /^\s*(?:\{%-?\s*endhighlight\s*-?%\}|\{\{[<%]\s*\/highlight\s*[>%]\}\})\s*$/,
  codeblock: /^\s*\{%-?\s*endcodeblock\s*-?%\}\s*$/,
  code: /^\s*\{\{[<%]\s*\/code\s*[>%]\}\}\s*$/,
};
const LIST_ITEM = /^ {0,3}(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)/;
const INDENTED = /^(?: {4}|\t)/;
const ESM = /^(?:import|export)\b/;

/**
 * The reader's text of a Markdown or MDX body (front matter already removed).
 * @param markdown the body
 * @param options `code`: "keep" (default) or "drop" the code blocks; `mdx`: apply MDX's rules
 * @returns plain text: paragraphs separated by blank lines, words separated by spaces
 * @example
 * readerText("See [the docs](https://example.com/docs) ![a red fox](fox.jpg)") // "See the docs a red fox"
 */
export function readerText(markdown: string, options: ReaderTextOptions = {}): string {
  const keepCode = (options.code ?? "keep") === "keep";
  const mdx = options.mdx === true;
  const lines = markdown.replace(/\r\n?/g, "\n").split("\n");
  const out: string[] = [];
  let prose: string[] = [];
  const flush = () => {
    if (prose.length > 0) out.push(cleanProse(prose.join("\n"), mdx));
    prose = [];
  };
  const code = (text: string) => {
    if (keepCode) out.push(cleanCode(text));
  };
  let previousBlank = true;
  let inList = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const fence = FENCE.exec(line);
    if (fence !== null) {
      // A fence runs to a closing fence of the same character, at least as long (or to the end).
      const mark = fence[1] as string;
      const close = new RegExp(`^[ \\t>]*${mark[0] === "`" ? "`" : "~"}{${mark.length},}\\s*$`);
      const body: string[] = [];
      let j = i + 1;
      while (j < lines.length && !close.test(lines[j] as string)) body.push(lines[j++] as string);
      flush();
      code(body.join("\n"));
      i = j;
      previousBlank = true;
      continue;
    }
    const tag = CODE_TAG_OPEN.exec(line);
    if (tag !== null) {
      const close = CODE_TAG_CLOSE[(tag[1] ?? tag[2]) as string] as RegExp;
      let j = i + 1;
      while (j < lines.length && !close.test(lines[j] as string)) j++;
      if (j < lines.length) {
        flush();
        code(lines.slice(i + 1, j).join("\n"));
        i = j;
        previousBlank = true;
        continue;
      }
    }
    const blank = line.trim() === "";
    if (!mdx && !blank && previousBlank && !inList && INDENTED.test(line)) {
      // An indented code block: indented lines (and blank lines between them) after a blank line,
      // outside a list (where indentation continues the item).
      let j = i;
      while (j < lines.length && (INDENTED.test(lines[j] as string) || (lines[j] as string).trim() === "")) j++;
      flush();
      code(lines.slice(i, j).map((l) => l.replace(INDENTED, "")).join("\n"));
      i = j - 1;
      previousBlank = true;
      continue;
    }
    if (mdx && previousBlank && ESM.test(line)) {
      // An MDX ESM block (`import X from "..."`, `export const meta = {...}`) runs to a blank line.
      while (i + 1 < lines.length && (lines[i + 1] as string).trim() !== "") i++;
      previousBlank = false;
      continue;
    }
    if (!blank) {
      if (LIST_ITEM.test(line)) inList = true;
      else if (previousBlank && !/^[ \t]/.test(line)) inList = false;
    }
    prose.push(line);
    previousBlank = blank;
  }
  flush();
  return out
    .join("\n\n")
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

const URL = /\b(?:https?|ftp|file):\/\/[^\s<>"'`)\]]*|\bwww\.[^\s<>"'`)\]]+|\bmailto:[^\s<>"'`)\]]+/gi;

/** A URL out, the sentence's punctuation after it kept ("see www.example.com." ends with "."). */
function dropUrls(text: string): string {
  return text.replace(URL, (url) => ` ${/[.,;:!?]+$/.exec(url)?.[0] ?? ""}`);
}

function cleanCode(text: string): string {
  return dropUrls(text);
}

// One level of nested parentheses in a URL (Wikipedia's `Foo_(bar)`), then an optional title.
const INLINE_TARGET = String.raw`\((?:[^()\n]|\([^()\n]*\))*\)`;
const IMAGE = new RegExp(String.raw`!\[([^\[\]]*)\](?:${INLINE_TARGET}|\[[^\[\]\n]*\])`, "g");
const LINK = new RegExp(String.raw`\[([^\[\]]*)\](?:${INLINE_TARGET}|\[[^\[\]\n]*\])`, "g");
const HTML_TAG = /<\/?[A-Za-z][\w:.-]*(?:\s(?:[^<>"'{}]|"[^"]*"|'[^']*'|\{[^{}]*\})*)?\/?>/g;
const ATTRIBUTE = /\b(alt|caption|title)\s*=\s*(?:"([^"]*)"|'([^']*)'|“([^”]*)”)/gi;

function cleanProse(text: string, mdx: boolean): string {
  let t = text;
  // Multi-line things first: comments, script and style, template comments and raw blocks.
  t = t.replace(/<!--[\s\S]*?(?:-->|$)/g, " ");
  t = t.replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, " ");
  t = t.replace(/\{%-?\s*comment\s*-?%\}[\s\S]*?\{%-?\s*endcomment\s*-?%\}/g, " ");
  t = t.replace(/\{#[\s\S]*?#\}/g, " ");
  // Liquid's raw blocks show their template code as it is: the words stay, the braces go.
  t = t.replace(/\{%-?\s*raw\s*-?%\}([\s\S]*?)\{%-?\s*endraw\s*-?%\}/g, (_m, inner: string) => inner.replace(/\{[{%]-?|-?[%}]\}/g, " "));
  // Hugo shortcodes, escaped `{{</* x */>}}` included: out, but what they show in words stays.
  t = t.replace(/\{\{[<%][\s\S]*?[>%]\}\}/g, (tag) => ` ${attributeText(tag, ["alt", "caption", "title"])} `);
  // Liquid / Nunjucks tags and outputs.
  t = t.replace(/\{%[\s\S]*?%\}/g, " ").replace(/\{\{[\s\S]*?\}\}/g, " ");
  if (mdx) t = dropExpressions(t);
  // Docusaurus admonitions: `:::note[Title]` / `:::tip Title` keep their title, `:::` goes.
  t = t.replace(/^[ \t>]*:::+[ \t]*[\w-]*(?:\[([^\]\n]*)\])?[ \t]*(.*)$/gm, (_m, bracket: string | undefined, rest: string) => ` ${bracket ?? ""} ${rest.replace(/\{[^}]*\}/g, "")}`);
  // Reference definitions go; footnote definitions keep their text, references to them go.
  t = t.replace(/^ {0,3}\[(?!\^)[^\]\n]+\]:[ \t]*\S+.*$/gm, " ");
  t = t.replace(/^ {0,3}\[\^[^\]\n]+\]:/gm, " ").replace(/\[\^[^\]\n]+\]/g, " ");
  // Images before links: `[![alt](img.png)](page)` becomes `[alt](page)`, then `alt`.
  t = t.replace(IMAGE, (_m, alt: string) => ` ${alt} `);
  t = t.replace(LINK, (_m, label: string) => label);
  // Autolinks `<https://...>`, `<me@example.com>`; then every tag, keeping an <img>'s alt.
  t = t.replace(/<(?:[a-z][a-z0-9+.-]{1,31}:[^\s<>]*|[^\s<>@]+@[^\s<>@]+)>/gi, " ");
  t = t.replace(HTML_TAG, (tag) => (/^<(?:img|image)\b/i.test(tag) ? ` ${attributeText(tag, ["alt"])} ` : " "));
  t = dropUrls(t);
  t = decodeEntities(t);
  return t
    .split("\n")
    .map(cleanLine)
    .join("\n");
}

/** Markdown's line syntax out: heading marks, quote marks, list bullets, table pipes, rules, emphasis. */
function cleanLine(line: string): string {
  let l = line;
  if (/^[ \t]*(?:[-*_=][ \t]*){3,}$/.test(l) || /^[ \t|:-]*-{3,}[ \t|:-]*$/.test(l)) return "";
  l = l.replace(/^[ \t]*(?:>[ \t]?)+/, "");
  l = l.replace(/^[ \t]*#{1,6}(?:[ \t]+|$)/, "").replace(/[ \t]+#+[ \t]*$/, "");
  l = l.replace(/^[ \t]*(?:[-+*]|\d{1,9}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?/, "");
  l = l.replace(/\|/g, " ");
  // Inline code keeps its text as written (`_config.yml`); emphasis marks go from the rest.
  l = l
    .split(/(`+[^`]*`+)/)
    .map((part, i) => (i % 2 === 1 ? part.replace(/^`+|`+$/g, "") : dropEmphasis(part)))
    .join("");
  return l.replace(/[ \t]{2,}/g, " ").trim();
}

/** `**`, `~~` and `*` out; `_` only as a pair around words (`_themes_`): `snake_case` and `_config` keep theirs. */
function dropEmphasis(text: string): string {
  return text
    .replace(/\*{1,3}|~~/g, "")
    .replace(/(?<![\p{L}\p{N}_])(_{1,3})(?=\S)([^_\n]+?)(?<=\S)\1(?![\p{L}\p{N}_])/gu, "$2")
    .replace(/\\(?=[!-/:-@[-`{-~])/g, "");
}

/** The values of the named attributes of one tag or shortcode, space-separated. */
function attributeText(tag: string, names: string[]): string {
  const wanted = new Set(names);
  const values: string[] = [];
  for (const m of tag.matchAll(ATTRIBUTE)) {
    if (wanted.has((m[1] as string).toLowerCase())) values.push((m[2] ?? m[3] ?? m[4] ?? "").trim());
  }
  return values.join(" ");
}

/** MDX `{expressions}` (and `{/* comments *\/}`) out, nested braces included; strings are not parsed. */
function dropExpressions(text: string): string {
  let out = "";
  let depth = 0;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7b) {
      if (depth === 0) out += text.slice(from, i);
      depth++;
    } else if (c === 0x7d && depth > 0) {
      depth--;
      if (depth === 0) {
        out += " ";
        from = i + 1;
      }
    }
  }
  // An expression never closed is not one: keep the text as it was.
  return depth > 0 ? out + text.slice(from) : out + text.slice(from);
}

const ENTITIES: Record<string, string> = {
  amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " ", ndash: "–", mdash: "—", hellip: "…",
  lsquo: "‘", rsquo: "’", ldquo: "“", rdquo: "”", laquo: "«", raquo: "»", copy: "©", reg: "®", trade: "™",
  eacute: "é", egrave: "è", agrave: "à", ccedil: "ç", uuml: "ü", ouml: "ö", auml: "ä", szlig: "ß",
};

/** HTML character references: the common named ones and every numeric one; other names go. */
function decodeEntities(text: string): string {
  return text.replace(/&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});/g, (_m, ref: string) => {
    if (ref[0] === "#") {
      const cp = ref[1] === "x" || ref[1] === "X" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff) ? String.fromCodePoint(cp) : " ";
    }
    return ENTITIES[ref] ?? ENTITIES[ref.toLowerCase()] ?? " ";
  });
}
