import { StringPool } from "./android-string-pool";
import { check } from "./errors";

/** Android compiled ("binary") XML, as in AndroidManifest.xml and res/**.xml inside an APK. */
export interface AxmlAttribute {
  namespace?: string;
  name: string;
  /** From the resource map; survives attribute-name obfuscation. */
  resourceId?: number;
  rawValue?: string;
  type: number;
  data: number;
}

export interface AxmlElement {
  name: string;
  attributes: AxmlAttribute[];
  children: AxmlElement[];
}

export const RES_TYPE = {
  reference: 0x01,
  string: 0x03,
  intDec: 0x10,
  intHex: 0x11,
  boolean: 0x12,
} as const;

export function isBinaryXml(buf: Buffer): boolean {
  return buf.length >= 8 && buf.readUInt16LE(0) === 0x0003 && buf.readUInt16LE(2) === 0x0008;
}

export function parseBinaryXml(buf: Buffer, limits: { maxElements: number; maxDepth: number }): AxmlElement {
  check(isBinaryXml(buf), "not Android binary XML");
  const end = Math.min(buf.readUInt32LE(4), buf.length);
  let strings: StringPool | undefined;
  let resourceIds: number[] = [];
  const root: AxmlElement = { name: "#document", attributes: [], children: [] };
  const stack: AxmlElement[] = [root];
  let elements = 0;

  for (let at = 8; at + 8 <= end; ) {
    const type = buf.readUInt16LE(at);
    const headerSize = buf.readUInt16LE(at + 2);
    const size = buf.readUInt32LE(at + 4);
    check(size >= 8 && at + size <= end && headerSize <= size, "corrupt binary XML chunk");
    if (type === 0x0001) {
      strings = new StringPool(buf, at);
    } else if (type === 0x0180) {
      const count = (size - headerSize) / 4;
      resourceIds = Array.from({ length: count }, (_, k) => buf.readUInt32LE(at + headerSize + k * 4));
    } else if (type === 0x0102) {
      check(strings, "binary XML element before its string pool");
      const ext = at + headerSize;
      const nameIndex = buf.readUInt32LE(ext + 4);
      const attributeStart = buf.readUInt16LE(ext + 8);
      const attributeSize = buf.readUInt16LE(ext + 10);
      const attributeCount = buf.readUInt16LE(ext + 12);
      check(attributeSize >= 20 && ext + attributeStart + attributeCount * attributeSize <= at + size, "corrupt binary XML attributes");
      const attributes: AxmlAttribute[] = [];
      for (let k = 0; k < attributeCount; k++) {
        const a = ext + attributeStart + k * attributeSize;
        const nameRef = buf.readUInt32LE(a + 4);
        attributes.push({
          namespace: strings.get(buf.readUInt32LE(a)),
          name: strings.get(nameRef) ?? "",
          resourceId: resourceIds[nameRef],
          rawValue: strings.get(buf.readUInt32LE(a + 8)),
          type: buf.readUInt8(a + 15),
          data: buf.readUInt32LE(a + 16),
        });
      }
      const element: AxmlElement = { name: strings.get(nameIndex) ?? "", attributes, children: [] };
      check(++elements <= limits.maxElements, "binary XML has too many elements");
      (stack[stack.length - 1] ?? root).children.push(element);
      stack.push(element);
      check(stack.length <= limits.maxDepth, "binary XML is nested too deeply");
    } else if (type === 0x0103) {
      check(stack.length > 1, "corrupt binary XML: unbalanced end element");
      stack.pop();
    }
    at += size;
  }
  const documentElement = root.children[0];
  check(documentElement, "binary XML has no root element");
  return documentElement;
}

/** Finds an attribute by its android resource id, falling back to its name. */
export function attribute(element: AxmlElement, resourceId: number | undefined, name: string): AxmlAttribute | undefined {
  return (
    (resourceId !== undefined ? element.attributes.find((a) => a.resourceId === resourceId) : undefined) ??
    element.attributes.find((a) => a.name === name && (resourceId === undefined || a.resourceId === undefined))
  );
}

/** A typed attribute value: string, number, boolean, or `{ ref }` for a resource reference. */
export function attributeValue(attr: AxmlAttribute | undefined): string | number | boolean | { ref: number } | undefined {
  if (!attr) return undefined;
  switch (attr.type) {
    case RES_TYPE.string:
      return attr.rawValue;
    case RES_TYPE.intDec:
    case RES_TYPE.intHex:
      return attr.data | 0;
    case RES_TYPE.boolean:
      return attr.data !== 0;
    case RES_TYPE.reference:
      return { ref: attr.data >>> 0 };
    default:
      return attr.rawValue ?? attr.data;
  }
}

export function childrenNamed(element: AxmlElement, name: string): AxmlElement[] {
  return element.children.filter((c) => c.name === name);
}
