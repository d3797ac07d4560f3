import { describe, expect, it } from "vitest";
import { releaseNotesExcerpt, renderReleaseNotes } from "@/domain/markdown";
import { MAX_NOTES_LENGTH } from "@/domain/release";

const REL = 'rel="noopener noreferrer nofollow ugc" target="_blank"';

const ALLOWED_TAGS = new Set([
  "p",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "ul",
  "ol",
  "li",
  "a",
  "code",
  "pre",
  "em",
  "strong",
  "blockquote",
  "hr",
  "br",
  "table",
  "thead",
  "tbody",
  "tr",
  "th",
  "td",
  "del",
  "s",
]);

function decodeEntities(value: string): string {
  return value
    .replace(/&#x([0-9a-f]+);?/gi, (_, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)))
    .replace(/&#(\d+);?/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

function attributeAllowed(tag: string, name: string, raw: string): boolean {
  const value = decodeEntities(raw);
  switch (name) {
    case "href":
      // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's job.
      return tag === "a" && /^(?:https?:\/\/|mailto:)/i.test(value) && !/[\u0000-\u001f]/.test(value);
    case "rel":
      return tag === "a" && value === "noopener noreferrer nofollow ugc";
    case "target":
      return tag === "a" && value === "_blank";
    case "title":
      return tag === "a";
    case "start":
      return tag === "ol" && /^\d+$/.test(value);
    case "class":
      return tag === "code" && /^language-[^\s"'<>]*$/.test(value);
    case "style":
      return (tag === "th" || tag === "td") && /^text-align:(?:left|right|center)$/.test(value);
    default:
      return false;
  }
}

/**
 * A tiny allow-list checker for the renderer's output: every tag and attribute must be on the list,
 * every attribute double-quoted, links absolute http(s)/mailto with the safe rel and target, and no
 * "<" left outside a recognised tag (text must arrive escaped). Returns the problems found.
 */
function unsafeParts(html: string): string[] {
  const problems: string[] = [];
  const tagPattern = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)([^<>]*)>/g;
  let rest = "";
  let last = 0;
  for (const match of html.matchAll(tagPattern)) {
    rest += html.slice(last, match.index);
    last = (match.index ?? 0) + match[0].length;
    const [, closing, rawTag = "", attrs = ""] = match;
    const tag = rawTag.toLowerCase();
    if (!ALLOWED_TAGS.has(tag)) problems.push(`tag <${tag}>`);
    if (closing) {
      if (attrs.trim() !== "") problems.push(`attributes on </${tag}>`);
      continue;
    }
    const attrPattern = /\s+([a-zA-Z-]+)="([^"]*)"/y;
    let offset = 0;
    const names: string[] = [];
    for (;;) {
      attrPattern.lastIndex = offset;
      const attr = attrPattern.exec(attrs);
      if (!attr) break;
      offset = attrPattern.lastIndex;
      const [, name = "", value = ""] = attr;
      names.push(name);
      if (!attributeAllowed(tag, name, value)) problems.push(`attribute ${name}="${value}" on <${tag}>`);
    }
    if (attrs.slice(offset).trim() !== "") problems.push(`unparsed attribute text ${JSON.stringify(attrs.slice(offset))} on <${tag}>`);
    if (tag === "a" && (!names.includes("href") || !names.includes("rel") || !names.includes("target"))) problems.push("link without href, rel or target");
  }
  rest += html.slice(last);
  if (rest.includes("<")) problems.push(`raw "<" in text: ${JSON.stringify(rest)}`);
  if (rest.includes(">")) problems.push(`raw ">" in text: ${JSON.stringify(rest)}`);
  return problems;
}

describe("the allow-list checker itself", () => {
  it.each([
    "<script>alert(1)</script>",
    '<a href="javascript:alert(1)" rel="noopener noreferrer nofollow ugc" target="_blank">x</a>',
    '<a href="&#106;avascript:alert(1)" rel="noopener noreferrer nofollow ugc" target="_blank">x</a>',
    '<a href="https://x" onclick="alert(1)" rel="noopener noreferrer nofollow ugc" target="_blank">x</a>',
    '<a href="https://x">no rel</a>',
    "<p onmouseover=alert(1)>x</p>",
    "<img src=x onerror=alert(1)>",
    "<p>a < b</p>",
    '<code class="x">y</code>',
  ])("rejects %s", (html) => {
    expect(unsafeParts(html)).not.toEqual([]);
  });

  it("accepts the renderer's ordinary output", () => {
    expect(unsafeParts(`<p><a href="https://e.com/?a=1&amp;b=2" ${REL}>x</a> &lt;b&gt;</p>\n<pre><code class="language-ts">x</code></pre>`)).toEqual([]);
  });
});

describe("renderReleaseNotes: ordinary markdown", () => {
  it("renders headings, lists, emphasis, code and links", () => {
    const html = renderReleaseNotes(
      [
        "# Hello 1.2",
        "",
        "## Fixed",
        "",
        "- crash on **launch**",
        "- _slow_ sync with `--force`",
        "",
        "3. third",
        "4. fourth",
        "",
        "> quoted",
        "",
        'See [the docs](https://example.com/docs "Docs") or mail <support@example.com>.',
        "",
        "```ts",
        "const x = 1 < 2;",
        "```",
        "",
        "---",
        "",
        "~~gone~~",
      ].join("\n"),
    );
    expect(html).toContain("<h1>Hello 1.2</h1>");
    expect(html).toContain("<h2>Fixed</h2>");
    expect(html).toContain("<ul>\n<li>crash on <strong>launch</strong></li>\n<li><em>slow</em> sync with <code>--force</code></li>\n</ul>");
    expect(html).toContain('<ol start="3">\n<li>third</li>\n<li>fourth</li>\n</ol>');
    expect(html).toContain("<blockquote>\n<p>quoted</p>\n</blockquote>");
    expect(html).toContain(`<a href="https://example.com/docs" title="Docs" ${REL}>the docs</a>`);
    expect(html).toContain(`<a href="mailto:support@example.com" ${REL}>support@example.com</a>`);
    expect(html).toContain('<pre><code class="language-ts">const x = 1 &lt; 2;\n</code></pre>');
    expect(html).toContain("<hr>");
    expect(html).toContain("<s>gone</s>");
    expect(unsafeParts(html)).toEqual([]);
  });

  it("gives code blocks a language class only for plain language names", () => {
    expect(renderReleaseNotes("```c++ title=x\ny\n```")).toBe('<pre><code class="language-c++">y\n</code></pre>\n');
    expect(renderReleaseNotes('```js" onmouseover="x\ny\n```')).toBe("<pre><code>y\n</code></pre>\n");
  });

  it("renders tables with alignment", () => {
    const html = renderReleaseNotes("| Device | Status |\n|:--|--:|\n| iPhone | ok |");
    expect(html).toContain('<th style="text-align:left">Device</th>');
    expect(html).toContain('<td style="text-align:right">ok</td>');
    expect(unsafeParts(html)).toEqual([]);
  });

  it("keeps single line breaks of pasted changelogs", () => {
    expect(renderReleaseNotes("Fix login\nFaster sync")).toBe("<p>Fix login<br>\nFaster sync</p>\n");
  });

  it("links bare http(s) URLs and emails, but not file names that look like domains", () => {
    const html = renderReleaseNotes("Details: https://example.com/a?b=1 or ops@example.com; updated README.md and build.sh");
    expect(html).toContain(`<a href="https://example.com/a?b=1" ${REL}>https://example.com/a?b=1</a>`);
    expect(html).toContain(`<a href="mailto:ops@example.com" ${REL}>ops@example.com</a>`);
    expect(html).toContain("README.md and build.sh");
    expect(html.match(/<a /g)).toHaveLength(2);
  });

  it("renders images as links to the image, never as <img>", () => {
    expect(renderReleaseNotes('![New *login* screen](https://example.com/shot.png "Shot")')).toBe(`<p><a href="https://example.com/shot.png" title="Shot" ${REL}>New login screen</a></p>\n`);
    expect(renderReleaseNotes("![](https://example.com/pixel.gif)")).toBe(`<p><a href="https://example.com/pixel.gif" ${REL}>https://example.com/pixel.gif</a></p>\n`);
  });

  it("renders an image inside a link as its alt text, with no nested link", () => {
    expect(renderReleaseNotes("[![badge](https://ci.example.com/badge.svg)](https://ci.example.com)")).toBe(`<p><a href="https://ci.example.com" ${REL}>badge</a></p>\n`);
  });

  it("leaves relative and protocol-relative links as text", () => {
    const html = renderReleaseNotes("[docs](/docs) [anchor](#x) [proto](//evil.example.com) [ftp](ftp://example.com/f)");
    expect(html).not.toContain("<a");
    expect(html).toContain("[proto](//evil.example.com)");
  });

  it("returns an empty string for empty or non-string input", () => {
    expect(renderReleaseNotes("")).toBe("");
    expect(renderReleaseNotes(undefined as unknown as string)).toBe("");
  });

  it("caps the input at the release schema's notes limit", () => {
    const html = renderReleaseNotes(`${"a".repeat(MAX_NOTES_LENGTH)}TAIL`);
    expect(html).not.toContain("TAIL");
    expect(html).toContain("a".repeat(1000));
  });

  it("renders pathological inputs quickly", () => {
    const inputs = [
      "[".repeat(MAX_NOTES_LENGTH),
      "*a ".repeat(MAX_NOTES_LENGTH / 3),
      "> ".repeat(MAX_NOTES_LENGTH / 2),
      "- ".repeat(MAX_NOTES_LENGTH / 2),
      "`".repeat(MAX_NOTES_LENGTH),
      "![".repeat(MAX_NOTES_LENGTH / 2),
      "a_".repeat(MAX_NOTES_LENGTH / 2),
      "<".repeat(MAX_NOTES_LENGTH),
      `${"https://a.b/".repeat(MAX_NOTES_LENGTH / 12)}`,
    ];
    for (const input of inputs) {
      const started = performance.now();
      const html = renderReleaseNotes(`${input}${"x".repeat(100_000)}`);
      expect(performance.now() - started).toBeLessThan(1000);
      expect(unsafeParts(html)).toEqual([]);
    }
  });
});

// Each vector goes through the renderer alone and embedded in ordinary notes.
const XSS_VECTORS: readonly string[] = [
  "<script>alert(1)</script>",
  "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
  "<scr<script>ipt>alert(1)</scr</script>ipt>",
  "<img src=x onerror=alert(1)>",
  '<img src="x" onerror="alert(1)"/>',
  "<svg onload=alert(1)>",
  "<svg><script>alert(1)</script></svg>",
  "<iframe src=javascript:alert(1)></iframe>",
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  "<style>body{background:url(javascript:alert(1))}</style>",
  '<div style="background:url(javascript:alert(1))">x</div>',
  '<a href="javascript:alert(1)">html link</a>',
  '<body onload="alert(1)">',
  '<details open ontoggle="alert(1)">',
  "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
  "<object data=javascript:alert(1)>",
  '<embed src="javascript:alert(1)">',
  "<form action=javascript:alert(1)><button>x</button></form>",
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  "<base href=javascript:alert(1)//>",
  "<!-- <script>alert(1)</script> -->",
  "<![CDATA[<script>alert(1)</script>]]>",
  "&lt;script&gt;alert(1)&lt;/script&gt;",
  "&#60;script&#62;alert(1)&#60;/script&#62;",
  "\\<script>alert(1)\\</script>",
  "[x](javascript:alert(1))",
  "[x](JAVASCRIPT:alert(1))",
  "[x](java\tscript:alert(1))",
  "[x](java\nscript:alert(1))",
  "[x]( javascript:alert(1))",
  "[x](<javascript:alert(1)>)",
  "[x](&#106;avascript:alert(1))",
  "[x](&#x6A;&#x61;&#x76;&#x61;script:alert(1))",
  "[x](javascript&colon;alert(1))",
  "[x](jav&#x09;ascript:alert(1))",
  "[x](\\u006Aavascript:alert(1))",
  "[x](%6Aavascript:alert(1))",
  "[x](javascript://%0Aalert(1))",
  "[x](vbscript:msgbox(1))",
  "[x](VBScript:msgbox(1))",
  "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
  "[x](data:text/html,<script>alert(1)</script>)",
  "[x](file:///etc/passwd)",
  "[x][ref]\n\n[ref]: javascript:alert(1)",
  '[x][ref]\n\n[ref]: JaVaScRiPt:alert(1) "t"',
  "[x][ref]\n\n[ref]: <data:text/html,<script>alert(1)</script>>",
  "[x][ref]\n\n[ref]: vbscript:msgbox(1)",
  "<javascript:alert(1)>",
  "<JAVASCRIPT:alert(1)>",
  "<vbscript:msgbox(1)>",
  "<data:text/html,alert(1)>",
  "javascript:alert(1)",
  "![x](javascript:alert(1))",
  "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
  "![x](data:image/png;base64,iVBORw0KGgo=)",
  '![x" onerror="alert(1)](https://example.com/x.png)',
  "![x][img]\n\n[img]: javascript:alert(1)",
  '[a](http://x "\\" onmouseover=alert(1)")',
  "[a](http://x 'x\" onmouseover=\"alert(1)')",
  '[a](http://x ("onmouseover=alert(1)))',
  '[a" onclick="alert(1)](https://example.com)',
  '[a](https://example.com/"onmouseover="alert(1))',
  '[a](https://example.com/" onmouseover="alert(1)")',
  "[a](https://example.com/<script>)",
  "[[x](javascript:alert(1))](https://example.com)",
  "[x]([y](javascript:alert(1)))",
  "[![x](javascript:alert(1))](javascript:alert(2))",
  '```"><script>alert(1)</script>\nx\n```',
  '```js" onmouseover="alert(1)\nx\n```',
  "`<script>alert(1)</script>`",
  "    <script>alert(1)</script>",
  "| a |\n|---|\n| <img src=x onerror=alert(1)> |",
  "| a |\n|:-:|\n| [x](javascript:alert(1)) |",
  "> <script>alert(1)</script>",
  "- [x](javascript:alert(1))\n- <iframe>",
  "**<img src=x onerror=alert(1)>**",
  "\u003cscript\u003ealert(1)\u003c/script\u003e",
  "＜script＞alert(1)＜/script＞",
  "[x](https://example.com\u0000javascript:alert(1))",
  "[x](\u0000javascript:alert(1))",
  "[x](https://example.com\u2028javascript:alert(1))",
  'www.example.com/"onmouseover="alert(1)',
  'https://example.com/"><script>alert(1)</script>',
  'mailto:x@example.com"onmouseover=alert(1)',
  "<a href=https://example.com onmouseover=alert(1)>x</a>",
  '<?xml version="1.0"?><script>alert(1)</script>',
  "<!DOCTYPE html><script>alert(1)</script>",
  "[x](//evil.example.com/x.js)",
  "[x](/\\evil.example.com)",
  "[x](https:evil.example.com)",
];

describe("renderReleaseNotes: XSS corpus", () => {
  it("has at least 40 vectors", () => {
    expect(XSS_VECTORS.length).toBeGreaterThanOrEqual(40);
  });

  it.each(XSS_VECTORS.map((v) => [v]))("neutralises %j", (vector) => {
    for (const input of [vector, `# Notes\n\nBefore ${vector} after\n\n- item\n\n${vector}`]) {
      const html = renderReleaseNotes(input);
      expect(unsafeParts(html)).toEqual([]);
      const lower = html.toLowerCase();
      for (const tag of ["<script", "<iframe", "<img", "<svg", "<style", "<object", "<embed", "<form", "<meta", "<base", "<math"]) {
        expect(lower).not.toContain(tag);
      }
      // Event handlers as attributes; the same words inside an escaped, quoted title are only text.
      expect(html.replace(/"[^"]*"/g, '""')).not.toMatch(/<[^>]*\son\w+\s*=/i);
      for (const href of html.matchAll(/href="([^"]*)"/g)) {
        expect(decodeEntities(href[1] ?? "").toLowerCase()).toMatch(/^(?:https?:\/\/[^/\\]|mailto:)/);
      }
    }
  });
});

describe("releaseNotesExcerpt", () => {
  const notes = "# Version 2.0\n\n**Big** release with [new sync](https://example.com) and `--fast` mode.\n\n```\ncode block\n```\n\n- one\n- two ![shot](https://example.com/s.png)";

  it("returns plain text without markup, links or code blocks", () => {
    expect(releaseNotesExcerpt(notes, 500)).toBe("Version 2.0 Big release with new sync and --fast mode. one two shot");
  });

  it("cuts at a word boundary and adds an ellipsis within the budget", () => {
    const excerpt = releaseNotesExcerpt(notes, 30);
    expect(excerpt).toBe("Version 2.0 Big release with…");
    expect(excerpt.length).toBeLessThanOrEqual(30);
  });

  it("cuts inside a long word when no boundary is near", () => {
    const excerpt = releaseNotesExcerpt("a".repeat(100), 10);
    expect(excerpt).toBe(`${"a".repeat(9)}…`);
  });

  it("never splits a surrogate pair", () => {
    const excerpt = releaseNotesExcerpt(`${"x".repeat(8)}😀😀😀`, 10);
    expect(excerpt).toBe(`${"x".repeat(8)}…`);
    expect(excerpt).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it("keeps escaped-looking text as plain text: the caller escapes", () => {
    expect(releaseNotesExcerpt('Fixed <script> & "quotes"', 100)).toBe('Fixed <script> & "quotes"');
  });

  it("handles empty input and silly limits", () => {
    expect(releaseNotesExcerpt("", 100)).toBe("");
    expect(releaseNotesExcerpt(notes, 0)).toBe("");
    expect(releaseNotesExcerpt(notes, -5)).toBe("");
    expect(releaseNotesExcerpt(notes, Number.NaN)).toBe("");
    expect(releaseNotesExcerpt(notes, 1)).toBe("…");
    expect(releaseNotesExcerpt("short", 5.9)).toBe("short");
  });
});
