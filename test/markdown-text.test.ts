import { describe, expect, it } from "vitest";
import { readerText } from "../src/node/markdown-text.js";
import { splitFrontMatter } from "../src/node/front-matter.js";

describe("readerText", () => {
  it("keeps link text and alt text, drops every URL (inline, reference, nested, autolink, bare)", () => {
    const md = [
      "See [the report](https://example.com/a_(b) \"Title\") and [![a red fox](fox.png)](https://cdn.example.com/x).",
      "Also [the docs][docs], <https://example.org>, <me@example.com> and https://www.example.net/path?q=1 or www.example.com.",
      "",
      "[docs]: https://docs.example.com/intro \"Docs\"",
    ].join("\n");
    expect(readerText(md)).toBe("See the report and a red fox .\nAlso the docs, , and or .");
  });

  it("drops HTML tags, comments, scripts and styles, keeps text and <img> alt, decodes entities", () => {
    const md = '<div class="note"><p>Fish &amp; chips &mdash; &#233;t&#xE9;</p></div>\n<!-- hidden\nnote -->\n<script>track("x")</script><style>p{}</style>\n<img src="a.jpg" alt="A harbour">';
    expect(readerText(md)).toBe("Fish & chips — été\n\nA harbour");
  });

  it("keeps or drops fenced and indented code blocks, never a list's indented continuation", () => {
    const md = ["Intro.", "", "````js", "const url = \"https://example.com\";", "```", "still code", "````", "", "- item", "", "    continued item text", "", "Para.", "", "    indented_code()", "", "~~~", "tilde code", "~~~", "Done with `inline_code`."].join("\n");
    expect(readerText(md)).toBe('Intro.\n\nconst url = \" \";\n```\nstill code\n\nitem\n\ncontinued item text\n\nPara.\n\nindented_code()\n\ntilde code\n\nDone with inline_code.');
    expect(readerText(md, { code: "drop" })).toBe("Intro.\n\nitem\n\ncontinued item text\n\nPara.\n\nDone with inline_code.");
  });

  it("drops Markdown syntax: headings, quotes, emphasis, tables, rules, footnote marks", () => {
    const md = "## A *bold* __claim__ ##\n> quoted _text_ with snake_case\n\n| a | b |\n|---|:-:|\n| 1 | 2 |\n\n***\n\nNote[^1].\n\n[^1]: The footnote text.";
    expect(readerText(md)).toBe("A bold claim\nquoted text with snake_case\n\na b\n\n1 2\n\nNote .\n\nThe footnote text.");
  });

  it("MDX: drops import/export blocks, expressions and self-closing components; keeps children; no indented code", () => {
    const md = 'import A from "./a"\nexport const meta = {\n  title: "x",\n}\n\n<A prop={{ a: 1 }}>Child text</A>\n\n    indented prose in MDX\n\n{/* comment */}Value: {meta.title}';
    expect(readerText(md, { mdx: true })).toBe("Child text\n\nindented prose in MDX\n\nValue:");
    // The same text as Markdown keeps the import line (it is prose there) and the indented code.
    expect(readerText("import A from \"./a\"", { mdx: false })).toBe('import A from "./a"');
  });

  it("drops template tags of Hugo, Liquid and Nunjucks, keeping a shortcode's alt, caption and title", () => {
    const md = '{{< youtube id="abc" title="Launch day" >}} {{% note %}}Inner prose.{{% /note %}} {% if x %}shown{% endif %} {{ site.title }} {# c #} {% comment %}gone{% endcomment %}';
    expect(readerText(md)).toBe("Launch day Inner prose. shown");
  });

  it("ends on hostile input: unclosed fences, brackets and braces", () => {
    const hostile = `${"[".repeat(20000)}${"(".repeat(20000)}${"<a ".repeat(5000)}{{< ${"{".repeat(20000)}\n\`\`\`\nunclosed`;
    expect(typeof readerText(hostile, { mdx: true })).toBe("string");
    expect(readerText("```\nnever closed\ncode")).toBe("never closed\ncode");
  });
});

describe("splitFrontMatter", () => {
  it("reads YAML (closed by --- or ...), TOML and JSON, and leaves a lone thematic break as body", () => {
    expect(splitFrontMatter("---\ntitle: A\n...\nBody")).toEqual({ data: { title: "A" }, body: "Body", format: "yaml" });
    expect(splitFrontMatter('+++\ntitle = "B"\ndate = 2020-01-02T03:04:05Z\n+++\nBody')).toEqual({ data: { title: "B", date: new Date("2020-01-02T03:04:05Z") }, body: "Body", format: "toml" });
    expect(splitFrontMatter('{ "title": "C", "x": "}" }\nBody')).toEqual({ data: { title: "C", x: "}" }, body: "Body", format: "json" });
    expect(splitFrontMatter("---\nNo closing line, a thematic break.")).toEqual({ data: {}, body: "---\nNo closing line, a thematic break.", format: "none" });
    expect(splitFrontMatter("---\r\ntitle: CRLF\r\n---\r\nBody")).toEqual({ data: { title: "CRLF" }, body: "Body", format: "yaml" });
  });

  it("refuses front matter that is code, not a mapping, or a billion laughs", () => {
    expect(() => splitFrontMatter("---js\n{ title: 1 }\n---\n")).toThrow(/JavaScript front matter/);
    expect(() => splitFrontMatter("---\n- a list\n---\n")).toThrow(/mapping/);
    const laughs = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 10; i++) laughs.push(`${"b".repeat(i)}: &${"b".repeat(i)} [${Array(10).fill(i === 1 ? "*a" : `*${"b".repeat(i - 1)}`).join(", ")}]`);
    expect(() => splitFrontMatter(`---\n${laughs.join("\n")}\n---\n`)).toThrow();
  });
});
