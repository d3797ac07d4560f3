import { check, invalid } from "./errors";

/**
 * A small, non-validating XML reader for manifests, plists and xar TOCs. It never resolves DTDs or
 * custom entities (so no entity-expansion bombs) and caps element count and depth.
 */
export interface XmlElement {
  name: string;
  /** `name` without its namespace prefix. */
  local: string;
  attrs: Record<string, string>;
  children: XmlNode[];
}
export type XmlNode = XmlElement | string;

export interface XmlLimits {
  maxElements: number;
  maxDepth: number;
}

const NAMED_ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

export function decodeEntities(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]+);/g, (match, body: string) => {
    if (body.startsWith("#")) {
      const code = body[1] === "x" ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
      return code >= 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : match;
    }
    return NAMED_ENTITIES[body] ?? match;
  });
}

/** Decodes bytes by BOM (UTF-8 default, UTF-16 LE/BE when marked). */
export function decodeXmlBytes(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes.subarray(2));
  return new TextDecoder("utf-8").decode(bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes);
}

const NAME = /^[^\s/>=<"']+/;
const ATTR = /\s*([^\s/>=<"']+)\s*=\s*("([^"]*)"|'([^']*)')/y;

export function parseXml(text: string, limits: XmlLimits): XmlElement {
  const root: XmlElement = { name: "#document", local: "#document", attrs: {}, children: [] };
  const stack: XmlElement[] = [root];
  let elements = 0;
  let i = 0;
  const top = () => stack[stack.length - 1] ?? invalid("malformed XML: unbalanced elements");

  while (i < text.length) {
    const lt = text.indexOf("<", i);
    const textEnd = lt === -1 ? text.length : lt;
    if (textEnd > i) {
      const chunk = text.slice(i, textEnd);
      if (stack.length > 1) top().children.push(decodeEntities(chunk));
      else check(chunk.trim() === "", "malformed XML: text outside the root element");
    }
    if (lt === -1) break;
    if (text.startsWith("<?", lt)) {
      i = skipPast(text, lt, "?>");
    } else if (text.startsWith("<!--", lt)) {
      i = skipPast(text, lt, "-->");
    } else if (text.startsWith("<![CDATA[", lt)) {
      const end = text.indexOf("]]>", lt);
      check(end !== -1, "malformed XML: unterminated CDATA");
      top().children.push(text.slice(lt + 9, end));
      i = end + 3;
    } else if (text.startsWith("<!", lt)) {
      // DOCTYPE: skipped, never interpreted. An internal subset that declares entities is refused: no
      // manifest or plist needs one, and it is the shape of expansion bombs and external-entity probes.
      const close = text.indexOf(">", lt);
      check(close !== -1, "malformed XML: unterminated declaration");
      // "[" is looked for within the declaration only: searching on to the end for every "<!" was
      // quadratic (a 4 MB plist of "<!a>" took 20 s; a 16 MB xar TOC outlasted the 2-minute timeout).
      const subsetAt = text.slice(lt, close).indexOf("[");
      if (subsetAt !== -1) {
        const bracket = lt + subsetAt;
        const subsetEnd = skipPast(text, bracket, "]");
        check(!text.slice(bracket, subsetEnd).includes("<!ENTITY"), "XML declares entities in its DOCTYPE (refused, never expanded)");
        i = skipPast(text, subsetEnd, ">");
      } else {
        i = close + 1;
      }
    } else if (text.startsWith("</", lt)) {
      const close = text.indexOf(">", lt);
      check(close !== -1, "malformed XML: unterminated end tag");
      const name = text.slice(lt + 2, close).trim();
      const open = stack.pop();
      check(open !== undefined && stack.length > 0 && open.name === name, `malformed XML: unexpected </${name}>`);
      i = close + 1;
    } else {
      const nameMatch = NAME.exec(text.slice(lt + 1, lt + 1 + 256));
      check(nameMatch !== null, "malformed XML: bad start tag");
      const name = nameMatch[0];
      const attrs: Record<string, string> = {};
      let j = lt + 1 + name.length;
      for (;;) {
        ATTR.lastIndex = j;
        const m = ATTR.exec(text);
        if (!m) break;
        const key = m[1] ?? "";
        attrs[key] = decodeEntities(m[3] ?? m[4] ?? "");
        j = ATTR.lastIndex;
      }
      while (j < text.length && /\s/.test(text[j] ?? "")) j++;
      const selfClosing = text.startsWith("/>", j);
      check(selfClosing || text[j] === ">", `malformed XML: bad start tag <${name}>`);
      elements += 1;
      check(elements <= limits.maxElements, `XML document has too many elements (limit ${limits.maxElements})`);
      const colon = name.indexOf(":");
      const element: XmlElement = { name, local: colon === -1 ? name : name.slice(colon + 1), attrs, children: [] };
      top().children.push(element);
      if (!selfClosing) {
        stack.push(element);
        check(stack.length - 1 <= limits.maxDepth, `XML document is nested too deeply (limit ${limits.maxDepth})`);
      }
      i = j + (selfClosing ? 2 : 1);
    }
  }
  check(stack.length === 1, "malformed XML: unclosed elements");
  const documentElement = root.children.find((c): c is XmlElement => typeof c !== "string");
  return documentElement ?? invalid("malformed XML: no root element");
}

function skipPast(text: string, from: number, token: string): number {
  const end = text.indexOf(token, from);
  check(end !== -1, `malformed XML: missing ${token}`);
  return end + token.length;
}

export function childElements(element: XmlElement, local?: string): XmlElement[] {
  return element.children.filter((c): c is XmlElement => typeof c !== "string" && (local === undefined || c.local === local));
}

export function firstChild(element: XmlElement, local: string): XmlElement | undefined {
  return childElements(element, local)[0];
}

/** Depth-first search for the first element with this local name. */
export function findElement(element: XmlElement, local: string): XmlElement | undefined {
  for (const child of childElements(element)) {
    if (child.local === local) return child;
    const found = findElement(child, local);
    if (found) return found;
  }
  return undefined;
}

export function textContent(element: XmlElement): string {
  return element.children.map((c) => (typeof c === "string" ? c : textContent(c))).join("");
}
