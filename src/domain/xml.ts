// Text for the XML documents Shipyard serves (itms-services manifests, Sparkle appcasts). Values
// come from uploaded binaries and release notes, so any string may hold markup or bytes that
// XML 1.0 forbids; one stray U+0000 in a display name would make the whole document unparseable.

// Everything outside XML 1.0's Char production: C0 controls other than tab, LF and CR, lone
// surrogates, and U+FFFE/U+FFFF.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's job.
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Drops characters no XML 1.0 document may contain (they cannot be escaped either). */
export function stripInvalidXmlChars(text: string): string {
  return text.replace(NOT_XML_CHAR, "");
}

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };

/** Safe in element content and in single- or double-quoted attributes. */
export function escapeXml(text: string): string {
  return stripInvalidXmlChars(text).replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/**
 * A CDATA section holding `text` verbatim. A "]]>" inside would end the section early, so it is
 * split across two sections ("]]" ends one, ">" starts the next); parsers join adjacent sections.
 */
export function cdata(text: string): string {
  return `<![CDATA[${stripInvalidXmlChars(text).replaceAll("]]>", "]]]]><![CDATA[>")}]]>`;
}
