import { DomainError } from "../errors";
import { compareBuilds } from "../version";
import { cdata, escapeXml } from "../xml";

// Sparkle appcasts (macOS; WinSparkle reads the same format): RSS 2.0 with Sparkle's namespace,
// one <item> per release. Sparkle compares sparkle:version (CFBundleVersion), not the title or
// the short version, and verifies sparkle:edSignature made with the developer's own key, which is
// why the signature comes from CI rather than from the server.

export const SPARKLE_NAMESPACE = "http://www.andymatuschak.org/xml-namespaces/sparkle";

export interface AppcastItem {
  title: string;
  /** sparkle:version: the build (CFBundleVersion) that Sparkle compares. */
  version: string;
  /** CFBundleShortVersionString, shown to users. */
  shortVersionString: string;
  pubDate: Date;
  /** LSMinimumSystemVersion, e.g. "12.0". */
  minimumSystemVersion?: string;
  /** Sparkle 2 channel; omit for the default channel every client follows. */
  channel?: string;
  /** Inlined as <description> (CDATA); Sparkle renders it in its update window. */
  releaseNotesHtml?: string;
  /** Users running a build below this get the update as critical. */
  criticalUpdateBelowVersion?: string;
  /** Seconds between Sparkle's phased-rollout groups (Sparkle splits clients into 7 groups). */
  phasedRolloutInterval?: number;
  enclosure: { url: string; length: number; type: string; edSignature?: string };
}

export interface AppcastInput {
  title: string;
  link: string;
  description?: string;
  language?: string;
  items: readonly AppcastItem[];
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** RFC 2822 date in UTC with a numeric zone ("Sat, 28 Nov 2026 15:00:00 +0000"), as RSS 2.0 wants. */
export function rfc2822Date(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new DomainError("INVALID", "pubDate is not a valid date");
  const pad = (n: number) => String(n).padStart(2, "0");
  const time = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
  return `${DAYS[date.getUTCDay()]}, ${pad(date.getUTCDate())} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()} ${time} +0000`;
}

function wholeNumber(name: string, value: number): string {
  if (!Number.isSafeInteger(value) || value < 0) throw new DomainError("INVALID", `${name} must be a whole number of at least 0, got ${value}`);
  return String(value);
}

function element(name: string, text: string): string {
  return `<${name}>${escapeXml(text)}</${name}>`;
}

function renderItem(item: AppcastItem): string {
  const lines = [element("title", item.title), element("pubDate", rfc2822Date(item.pubDate)), element("sparkle:version", item.version), element("sparkle:shortVersionString", item.shortVersionString)];
  if (item.minimumSystemVersion !== undefined) lines.push(element("sparkle:minimumSystemVersion", item.minimumSystemVersion));
  if (item.channel !== undefined) lines.push(element("sparkle:channel", item.channel));
  if (item.criticalUpdateBelowVersion !== undefined) {
    lines.push(`<sparkle:criticalUpdate sparkle:version="${escapeXml(item.criticalUpdateBelowVersion)}"/>`);
  }
  if (item.phasedRolloutInterval !== undefined) lines.push(element("sparkle:phasedRolloutInterval", wholeNumber("phasedRolloutInterval", item.phasedRolloutInterval)));
  if (item.releaseNotesHtml !== undefined) lines.push(`<description>${cdata(item.releaseNotesHtml)}</description>`);

  const { url, length, type, edSignature } = item.enclosure;
  // Version attributes on the enclosure too: Sparkle 1 and WinSparkle read them there.
  const attributes = [
    `url="${escapeXml(url)}"`,
    `length="${wholeNumber("enclosure length", length)}"`,
    `type="${escapeXml(type)}"`,
    `sparkle:version="${escapeXml(item.version)}"`,
    `sparkle:shortVersionString="${escapeXml(item.shortVersionString)}"`,
  ];
  if (edSignature !== undefined) attributes.push(`sparkle:edSignature="${escapeXml(edSignature)}"`);
  lines.push(`<enclosure ${attributes.join(" ")}/>`);
  return `    <item>\n${lines.map((l) => `      ${l}\n`).join("")}    </item>\n`;
}

/** Newest first, by publication date and then by build, as appcasts conventionally list them. */
function newestFirst(a: AppcastItem, b: AppcastItem): number {
  return b.pubDate.getTime() - a.pubDate.getTime() || compareBuilds(b.version, a.version);
}

export function buildAppcast(input: AppcastInput): string {
  const head = [element("title", input.title), element("link", input.link)];
  if (input.description !== undefined) head.push(element("description", input.description));
  if (input.language !== undefined) head.push(element("language", input.language));
  return (
    '<?xml version="1.0" encoding="utf-8"?>\n' +
    `<rss version="2.0" xmlns:sparkle="${SPARKLE_NAMESPACE}">\n` +
    "  <channel>\n" +
    head.map((l) => `    ${l}\n`).join("") +
    [...input.items].sort(newestFirst).map(renderItem).join("") +
    "  </channel>\n" +
    "</rss>\n"
  );
}
