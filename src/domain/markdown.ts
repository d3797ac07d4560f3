import MarkdownIt, { type Token } from "markdown-it";
import { MAX_NOTES_LENGTH } from "./release";

// Release notes come from anyone holding an upload token (often CI), and the install page injects
// the HTML as is. Safety rests on three settings: raw HTML is escaped (html: false), only absolute
// http(s) and mailto links survive, and images never load (tracking pixels, mixed content).

const LINK_REL = "noopener noreferrer nofollow ugc";

const md = new MarkdownIt("default", {
  html: false,
  linkify: true,
  typographer: false,
  // Notes are often a pasted changelog, one change per line without bullets; keep the lines.
  breaks: true,
});

// Without a scheme, linkify treats file names as domains ("README.md", "build.sh" are ccTLDs).
md.linkify.set({ fuzzyLink: false });

/**
 * Called by markdown-it on every normalized link, image, autolink and linkified URL (entities are
 * already decoded). Relative and protocol-relative targets are refused too: notes are shown on
 * several pages and an absolute URL is the only one that means the same everywhere.
 */
md.validateLink = (url: string): boolean => {
  const target = url.trim().toLowerCase();
  return /^https?:\/\/[^/\\\s]/.test(target) || /^mailto:\S/.test(target);
};

md.renderer.rules.link_open = (tokens, idx, options, _env, self) => {
  const token = tokens[idx];
  if (token) {
    token.attrSet("rel", LINK_REL);
    token.attrSet("target", "_blank");
  }
  return self.renderToken(tokens, idx, options);
};

// The info string's first word becomes class="language-…"; escaping keeps odd ones harmless, but
// only plain language names ("ts", "c++", "objective-c") are worth a class.
const renderFence = md.renderer.rules.fence;
md.renderer.rules.fence = (tokens, idx, options, env, self) => {
  const token = tokens[idx];
  if (token) {
    const lang = token.info.trim().split(/\s/, 1)[0] ?? "";
    token.info = /^[\w+#.-]{1,32}$/.test(lang) ? lang : "";
  }
  return renderFence ? renderFence(tokens, idx, options, env, self) : self.renderToken(tokens, idx, options);
};

// An image becomes a link to it (its alt text, or the URL, as the label); inside a link, just the alt text.
md.renderer.rules.image = (tokens, idx) => {
  const token = tokens[idx];
  if (!token) return "";
  const escapeHtml = md.utils.escapeHtml;
  const alt = plainText(token.children ?? []).trim();
  const src = token.attrGet("src") ?? "";
  if (insideLink(tokens, idx) || src === "") return escapeHtml(alt);
  const title = token.attrGet("title");
  const titleAttr = title ? ` title="${escapeHtml(title)}"` : "";
  return `<a href="${escapeHtml(src)}"${titleAttr} rel="${LINK_REL}" target="_blank">${escapeHtml(alt || src)}</a>`;
};

function insideLink(tokens: Token[], idx: number): boolean {
  let depth = 0;
  for (let i = 0; i < idx; i++) {
    const type = tokens[i]?.type;
    if (type === "link_open") depth++;
    else if (type === "link_close") depth--;
  }
  return depth > 0;
}

/** Text of inline tokens without markup: what a reader sees, minus code blocks. */
function plainText(tokens: readonly Token[]): string {
  let out = "";
  for (const token of tokens) {
    if (token.type === "text" || token.type === "code_inline") out += token.content;
    else if (token.type === "softbreak" || token.type === "hardbreak") out += " ";
    else if (token.type === "image") out += plainText(token.children ?? []);
  }
  return out;
}

/** Notes beyond the release schema's limit are cut rather than parsed: rendering cost grows with length. */
function capped(markdown: unknown): string {
  return typeof markdown === "string" ? markdown.slice(0, MAX_NOTES_LENGTH) : "";
}

/** Release notes as HTML safe for dangerouslySetInnerHTML. */
export function renderReleaseNotes(markdown: string): string {
  return md.render(capped(markdown));
}

/**
 * Release notes as one line of plain text for meta tags and previews, at most maxChars long
 * (including the trailing "…" when cut). Not HTML-escaped: React and the metadata API escape it.
 */
export function releaseNotesExcerpt(markdown: string, maxChars: number): string {
  const limit = Math.floor(maxChars);
  if (!(limit > 0)) return "";
  const blocks = md
    .parse(capped(markdown), {})
    .filter((token) => token.type === "inline")
    .map((token) => plainText(token.children ?? []));
  const text = blocks.join(" ").replace(/\s+/g, " ").trim();
  if (text.length <= limit) return text;

  let cut = text.slice(0, limit - 1);
  // Prefer ending on a word boundary unless that throws away much of the budget.
  const space = cut.lastIndexOf(" ");
  if (space >= cut.length * 0.6) cut = cut.slice(0, space);
  // Never leave half of a surrogate pair.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}
